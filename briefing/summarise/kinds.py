"""What kind of piece an article is: news, opinion or satire, from its title, URL,
section and outlet. Statements prefer news; further reports mark the other two."""

from __future__ import annotations

import re

from briefing.models import Article

# Words that outlets put in an opinion piece's title, section or URL (German and English).
OPINION_WORDS = re.compile(
    r"(?<![^\W_])(kommentar|meinung|analyse|leitartikel|gastbeitrag|kolumne|op-?ed|opinion|commentary|analysis|"
    r"editorial|column)(?![^\W_])",
    re.IGNORECASE,
)
# Outlets that publish satire only; their names as they appear as a source or host.
SATIRE_OUTLETS = re.compile(
    r"postillon|der-postillon|\bdpo\b|the onion|theonion|babylon ?bee|babylonbee|titanic-magazin|eulenspiegel|"
    r"waterford whispers|newsthump|\bsatire\b",
    re.IGNORECASE,
)
METADATA_KEYS = ("section", "category", "kind", "genre", "type")


def is_opinion(article: Article) -> bool:
    """Whether the title, URL or a section field names it comment, opinion or analysis."""
    return bool(OPINION_WORDS.search(_labels(article)))


def is_satire(article: Article) -> bool:
    """Whether it comes from a satire outlet (by source name or URL)."""
    return bool(SATIRE_OUTLETS.search(" ".join(filter(None, [article.source, article.url]))))


def kind_of(article: Article) -> str:
    """ "satire", "opinion" or "news"."""
    return "satire" if is_satire(article) else "opinion" if is_opinion(article) else "news"


def _labels(article: Article) -> str:
    fields = [str(article.metadata.get(key, "")) for key in METADATA_KEYS]
    return " ".join(filter(None, [article.title, article.url, *fields]))
