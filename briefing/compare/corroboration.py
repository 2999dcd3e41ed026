"""How many outlets carry each statement: the outlets of the articles it cites, and of
every other article in its section with a passage that states the same fact (a name or
number in common, none in conflict, and close meaning: `summarise/facts.py`, the rule
that also keeps one of two passages saying the same thing across languages).

A statement that one known outlet alone carries is a single-source statement
(`Statement.single_source`); the overview prefers statements more outlets carry.
"""

from __future__ import annotations

from briefing.models import Article, Passage, Section, Statement
from briefing.summarise.facts import embeddings, facts_of, same_fact_bar, share_facts


def corroborate_section(section: Section, passages: dict[str, list[Passage]]) -> None:
    """Sets `outlets` and `corroborated_by` of each of the section's statements. Only the
    passages that share a name or number with some statement are embedded, once."""
    articles = {article.id: article for article in section.cluster.articles}
    pool = [p for article in section.cluster.articles for p in passages.get(article.id, [])]
    pool_facts = [facts_of(p.text, articles[p.article_id].language) for p in pool]
    statements = section.statements
    facts = [facts_of(statement.text, _language_of(statement, articles)) for statement in statements]
    sharing = [[i for i, other in enumerate(pool_facts) if share_facts(own, other)] for own in facts]
    needed = sorted(set().union(*sharing))
    rows = embeddings([st.text for st in statements] + [pool[i].text for i in needed]) if needed else None
    row_of = {i: len(statements) + n for n, i in enumerate(needed)}
    for number, statement in enumerate(statements):
        found = {citation.article_id for citation in statement.citations}
        if rows is not None:
            found |= {
                pool[i].article_id
                for i in sharing[number]
                if float(rows[row_of[i]] @ rows[number]) >= same_fact_bar(facts[number], pool_facts[i])
            }
        _set_outlets(statement, found, articles)


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
