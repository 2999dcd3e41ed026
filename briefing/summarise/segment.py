"""Articles → passages, one per sentence, with stable ids and character offsets.

Every line of the text is segmented on its own with pysbd, which gets German
abbreviations (`z. B.`), ordinals (`zum 1. Mal`) and quotes (`„…“`) right. Each sentence
is then located in the article text, so `article.text[p.start:p.end] == p.text` holds by
construction. An agency dateline that opens the first sentence (`BRUSSELS (AP) – `) is
left out of its passage (`ingest/datelines.py`). A passage id is the article id and the
sentence's index: it stays the same as long as the article text does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pysbd

from briefing.ingest.datelines import dateline_length
from briefing.models import Article, Passage

# A line with no sentence end followed by more text is one sentence: pysbd is not asked.
INNER_BOUNDARY = re.compile(r"[.!?…:;][\"'“”»«‘’)\]]*\s+\S")
# pysbd costs ~7 µs per character; past this many articles two processes halve the wait.
PARALLEL_FROM_ARTICLES = 300
PYSBD_LANGUAGES = {"am", "ar", "bg", "da", "de", "el", "en", "es", "fa", "fr", "hi", "hy", "it",
                   "ja", "kk", "mr", "my", "nl", "pl", "ru", "sk", "ur", "zh"}  # fmt: skip


def passage_id(article_id: str, index: int) -> str:
    return f"{article_id}#p{index}"


def segment_articles(articles: list[Article]) -> dict[str, list[Passage]]:
    """The passages of every article, keyed by article id."""
    workers = min(2, os.cpu_count() or 1)
    if len(articles) < PARALLEL_FROM_ARTICLES or workers < 2:
        return {article.id: segment_article(article) for article in articles}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunks = pool.map(segment_article, articles, chunksize=64)
        return {article.id: passages for article, passages in zip(articles, chunks)}


def segment_article(article: Article) -> list[Passage]:
    spans = _without_dateline(article.text, list(sentence_spans(article.text, article.language)))
    return [
        Passage(passage_id(article.id, index), article.id, index, start, end, article.text[start:end])
        for index, (start, end) in enumerate(spans)
    ]


def _without_dateline(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first sentence starts after an agency dateline (`BRUSSELS (AP) – `): the rest of
    it is still the source's words, and `text[start:end]` still the passage."""
    if not spans:
        return spans
    start, end = spans[0]
    skip = dateline_length(text[start:end])
    if skip and start + skip < end:
        spans[0] = (start + skip, end)
    return spans


def sentence_spans(text: str, language: str | None) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence of `text`, without surrounding white space."""
    offset = 0
    for line in text.split("\n"):
        for start, end in _line_spans(line, language):
            yield offset + start, offset + end
        offset += len(line) + 1


def _line_spans(line: str, language: str | None) -> Iterator[tuple[int, int]]:
    if not line.strip():
        return
    if not INNER_BOUNDARY.search(line.strip()):
        yield _trimmed(line, 0, len(line))
        return
    cursor = 0
    for sentence in _segmenter(language).processor(line).process():
        sentence = sentence.strip()
        start = line.find(sentence, cursor) if sentence else -1
        if start < 0:  # pysbd changed the text: keep the rest of the line whole
            break
        cursor = start + len(sentence)
        yield start, cursor
    if line[cursor:].strip():
        yield _trimmed(line, cursor, len(line))


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    piece = line[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + len(piece.rstrip())


@cache
def _segmenter(language: str | None) -> pysbd.Segmenter:
    code = language if language in PYSBD_LANGUAGES else "en"
    return pysbd.Segmenter(language=code, clean=False)
