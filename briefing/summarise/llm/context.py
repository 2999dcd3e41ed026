"""Which passages of a cluster go into its prompt: central, diverse, every outlet heard,
within a token budget, so a 200-article cluster never overflows the context window."""

from __future__ import annotations

from briefing.models import Cluster, Passage
from briefing.summarise.selection import is_statement, select_passages

# Tokens are estimated, not counted: about four characters each in German and English.
CHARS_PER_TOKEN = 4
PASSAGE_OVERHEAD_TOKENS = 30  # the <passage id=… outlet=… date=…> wrapper
# The first statements of an article carry its news; later ones rarely add to a summary.
LEAD_PASSAGES_PER_ARTICLE = 8
# Ranking by maximal marginal relevance costs pool × chosen: keep both bounded.
MAX_POOL = 240
MAX_RANKED = 60


def estimated_tokens(passage: Passage) -> int:
    return len(passage.text) // CHARS_PER_TOKEN + PASSAGE_OVERHEAD_TOKENS


def prompt_passages(cluster: Cluster, passages: dict[str, list[Passage]], budget_tokens: int) -> list[Passage]:
    """The passages to show the model, most useful first, within `budget_tokens`."""
    pool = _lead_pool(cluster, passages)
    languages = {article.id: article.language for article in cluster.articles}
    ranked = select_passages(pool, languages, min(MAX_RANKED, len(pool)))
    chosen, used = [], 0
    for passage in _outlets_first(cluster, ranked, pool):
        cost = estimated_tokens(passage)
        if used + cost <= budget_tokens:
            chosen.append(passage)
            used += cost
    return chosen


def _lead_pool(cluster: Cluster, passages: dict[str, list[Passage]]) -> list[Passage]:
    """Each article's lead statements, most central articles first, at most MAX_POOL."""
    pool: list[Passage] = []
    for article in cluster.articles:
        own = passages.get(article.id, [])
        pool.extend([p for p in own if is_statement(p)][:LEAD_PASSAGES_PER_ARTICLE] or own[:1])
        if len(pool) >= MAX_POOL:
            break
    return pool[:MAX_POOL]


def _outlets_first(cluster: Cluster, ranked: list[Passage], pool: list[Passage]) -> list[Passage]:
    """One passage of every outlet (its best ranked, else its lead), then the ranking; a
    sentence that several outlets carry word for word is shown once."""
    outlet_of = {a.id: (a.source or f"unknown:{a.id}") for a in cluster.articles}
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
