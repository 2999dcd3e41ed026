"""How many outlets carry each statement: the outlets of the articles it cites, and of
every other article in its section with a passage that states the same fact (a name or
number in common, none in conflict, and close meaning: `summarise/facts.py`, the rule
that also keeps one of two passages saying the same thing across languages).

A statement that one known outlet alone carries is a single-source statement
(`Statement.single_source`); the overview prefers statements more outlets carry.
"""

from __future__ import annotations

import numpy as np

from briefing.models import Article, Passage, Section, Statement
from briefing.summarise.facts import Facts, embeddings, facts_of, same_fact_bar, share_facts


def corroborate_section(section: Section, passages: dict[str, list[Passage]]) -> None:
    """Sets `outlets` and `corroborated_by` of each of the section's statements."""
    articles = {article.id: article for article in section.cluster.articles}
    pool = [p for article in section.cluster.articles for p in passages.get(article.id, [])]
    statements = section.statements
    texts = [statement.text for statement in statements] + [p.text for p in pool]
    rows = embeddings(texts) if statements and pool else None
    for number, statement in enumerate(statements):
        similar = None if rows is None else rows[len(statements) :] @ rows[number]
        carriers = _carriers(statement, pool, similar, articles)
        _set_outlets(statement, carriers, articles)


def _carriers(
    statement: Statement, pool: list[Passage], similar: np.ndarray | None, articles: dict[str, Article]
) -> set[str]:
    """The ids of the articles that carry the statement: those it cites, and those with a
    passage stating the same fact (never one whose embedding could not be made)."""
    cited = {citation.article_id for citation in statement.citations}
    if similar is None:
        return cited
    language = _language_of(statement, articles)
    facts = facts_of(statement.text, language)
    found = set(cited)
    for index, passage in enumerate(pool):
        if passage.article_id in found:
            continue
        other = facts_of(passage.text, articles[passage.article_id].language)
        if _same_fact(facts, other, float(similar[index])):
            found.add(passage.article_id)
    return found


def _same_fact(facts: Facts, other: Facts, cosine: float) -> bool:
    return share_facts(facts, other) and cosine >= same_fact_bar(facts, other)


def _language_of(statement: Statement, articles: dict[str, Article]) -> str | None:
    """The language of the first cited article: a verbatim statement's own; a written
    one's names are read the same way in either language."""
    first = next((articles.get(c.article_id) for c in statement.citations if c.article_id in articles), None)
    return first.language if first else None


def _set_outlets(statement: Statement, carriers: set[str], articles: dict[str, Article]) -> None:
    cited = {citation.article_id for citation in statement.citations}
    own = {articles[i].source for i in cited if i in articles and articles[i].source}
    every = set().union(*(articles[i].outlets for i in carriers if i in articles))
    statement.outlets = sorted(every)
    statement.corroborated_by = sorted(every - own)
