"""Which passages of a cluster go into its prompt: chosen from the whole of every article,
central, diverse, every outlet heard, within a token budget sized to the model.

1. read: every article's statements, taken in turns (the first of each article, then
   the second of each, …) up to MAX_READ sentences, so that a very long article or a huge
   cluster costs no more than this, and no article is left unread;
2. pool: when more were read than MAX_POOL, keep the most central ones (cosine with the
   cluster's centroid, a mild bonus for the lead) and every outlet's first statement;
3. rank: maximal marginal relevance (`select_passages`): central, not repeated, spread
   over the articles, with the same mild preference for the lead and no hard cut;
4. fill: one passage of every outlet first, then the ranking, as long as the budget lasts;
5. order: by article (most central first), then by sentence, so that the model reads each
   report as a coherent story and sees what a sentence refers back to.
"""

from __future__ import annotations

import numpy as np

from briefing.models import Cluster, Passage
from briefing.summarise.selection import LEAD_BONUS, is_statement, select_passages
from briefing.text.terms import terms, tfidf_matrix

# Tokens are estimated, not counted, and on the safe side: a prompt that overflows the
# model's window fails, one that falls a little short only shows a few passages fewer.
# Measured with SmolLM2's tokenizer, the smallest vocabulary we target, on the examples
# and the seeds: German news has 2.6 characters per token, English 4.7 (and
# benchmarks/context_coverage.py counts whole prompts). Larger vocabularies (GPT-4o,
# Llama 3) need fewer tokens for the same text.
CHARS_PER_TOKEN = {"en": 4.0}
DEFAULT_CHARS_PER_TOKEN = 2.5  # German and every other language
PASSAGE_OVERHEAD_TOKENS = 45  # the <passage id=… outlet=… date=… language=…> wrapper: 42 with SmolLM2
# Sentences read per cluster, and candidates ranked by maximal marginal relevance (which
# costs pool × ranked, and pool² of memory). 3,000 sentences are a 200-article cluster of
# 15-sentence reports, stemmed in about 0.1 s; 400 candidates are six times what the
# default budget holds (about 90 tokens each), and their similarities take 1.3 MB.
MAX_READ = 3000
MAX_POOL = 400


def estimated_tokens(passage: Passage, language: str | None = None) -> int:
    """The tokens `passage` takes in a prompt, wrapper included (estimated, on the safe side)."""
    characters_per_token = CHARS_PER_TOKEN.get(language or "", DEFAULT_CHARS_PER_TOKEN)
    return int(len(passage.text) / characters_per_token) + PASSAGE_OVERHEAD_TOKENS


def prompt_passages(cluster: Cluster, passages: dict[str, list[Passage]], budget_tokens: int) -> list[Passage]:
    """The passages to show the model within `budget_tokens`, by article, then by sentence."""
    languages = {article.id: article.language for article in cluster.articles}
    read = read_in_turns(cluster, passages, MAX_READ)
    pool = central_pool(cluster, read, languages, MAX_POOL)
    ranked = select_passages(pool, languages, min(len(pool), budget_tokens // PASSAGE_OVERHEAD_TOKENS))
    chosen = _within_budget(_outlets_first(cluster, ranked, pool), languages, budget_tokens)
    return _in_reading_order(cluster, chosen)


def read_in_turns(cluster: Cluster, passages: dict[str, list[Passage]], limit: int) -> list[Passage]:
    """Each article's statements (else its first passage), the first of every article,
    then the second of every article, and so on, at most `limit` in all."""
    queues = [_statements(passages.get(article.id, [])) for article in cluster.articles]
    read: list[Passage] = []
    for turn in range(max(map(len, queues), default=0)):
        read.extend(queue[turn] for queue in queues if turn < len(queue))
        if len(read) >= limit:
            break
    return read[:limit]


def central_pool(cluster: Cluster, read: list[Passage], languages: dict[str, str | None], size: int) -> list[Passage]:
    """At most `size` of `read`: every outlet's first own statement, then the most central ones
    (with the lead bonus of `select_passages`), in the order they were read."""
    if len(read) <= size:
        return read
    vectors, _ = tfidf_matrix([terms(p.text, languages.get(p.article_id)) for p in read])
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    scores = np.asarray(vectors @ centroid).ravel() / (np.linalg.norm(centroid) or 1.0)
    scores += LEAD_BONUS * _lead_weights(read)
    scores[_outlet_leads(cluster, read)] = np.inf
    kept = np.sort(np.argsort(-scores, kind="stable")[:size])
    return [read[index] for index in kept]


def _statements(own: list[Passage]) -> list[Passage]:
    return [p for p in own if is_statement(p)] or own[:1]


def _lead_weights(read: list[Passage]) -> np.ndarray:
    """1 / a passage's position among its article's passages read (1, 2, 3, …)."""
    seen: dict[str, int] = {}
    weights = []
    for passage in read:
        seen[passage.article_id] = seen.get(passage.article_id, 0) + 1
        weights.append(1.0 / seen[passage.article_id])
    return np.array(weights)


def _outlet_leads(cluster: Cluster, read: list[Passage]) -> list[int]:
    """The index in `read` of every outlet's first passage that no outlet had before (an
    agency sentence that several carry word for word is shown once)."""
    outlet_of = _outlets(cluster)
    first: dict[str, int] = {}
    texts: set[str] = set()
    for index, passage in enumerate(read):
        outlet = outlet_of[passage.article_id]
        if outlet not in first and passage.text not in texts:
            first[outlet] = index
        texts.add(passage.text)
    return list(first.values())


def _outlets(cluster: Cluster) -> dict[str, str]:
    return {a.id: (a.source or f"unknown:{a.id}") for a in cluster.articles}


def _outlets_first(cluster: Cluster, ranked: list[Passage], pool: list[Passage]) -> list[Passage]:
    """One passage of every outlet (its best ranked, else its lead), then the ranking; a
    sentence that several outlets carry word for word is shown once."""
    outlet_of = _outlets(cluster)
    firsts: dict[str, Passage] = {}
    texts: set[str] = set()
    for passage in ranked + pool:
        outlet = outlet_of[passage.article_id]
        if outlet not in firsts and passage.text not in texts:
            firsts[outlet] = passage
            texts.add(passage.text)
    rest = []
    for passage in ranked:
        if passage.text not in texts:
            rest.append(passage)
            texts.add(passage.text)
    return list(firsts.values()) + rest


def _within_budget(candidates: list[Passage], languages: dict[str, str | None], budget: int) -> list[Passage]:
    """`candidates` in turn, each that still fits the budget."""
    chosen, used = [], 0
    for passage in candidates:
        cost = estimated_tokens(passage, languages.get(passage.article_id))
        if used + cost <= budget:
            chosen.append(passage)
            used += cost
    return chosen


def _in_reading_order(cluster: Cluster, chosen: list[Passage]) -> list[Passage]:
    position = {article.id: number for number, article in enumerate(cluster.articles)}
    return sorted(chosen, key=lambda p: (position[p.article_id], p.index))
