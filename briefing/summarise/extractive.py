"""The extractive summary: it always works offline. Its statements are passages quoted
verbatim, so each is correct by construction: the only question is which passages say
the most about the story (`selection.py`)."""

from __future__ import annotations

from collections import Counter

from briefing.models import Article, Citation, Cluster, Coverage, Passage, Section, Statement
from briefing.summarise.checks import QUOTED_ONLY
from briefing.summarise.selection import MIN_STATEMENTS, is_statement, select_passages, statement_count


class ExtractiveSummariser:
    """Central, non-redundant passages from all of a cluster's articles, quoted verbatim.
    It writes no overview (the brief leads with each section's first statement) and has
    nothing to watch."""

    name = "extractive"
    concurrency = 1
    record = None

    def stop(self) -> None:
        """Nothing to give up: it calls no one."""

    checks: tuple[str, ...] = (QUOTED_ONLY,)

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        languages = {article.id: article.language for article in cluster.articles}
        candidates = _candidates(cluster, passages)
        chosen = select_passages(candidates, languages, statement_count(cluster))
        statements = [Statement(p.text, [Citation.of(p)]) for p in chosen]
        quoted = [
            language for language, _ in Counter(languages[p.article_id] for p in chosen).most_common() if language
        ]
        return Section(
            cluster=cluster,
            headline=cluster.label,
            statements=statements,
            method="extractive",
            coverage=Coverage.of(cluster),
            language=quoted[0] if quoted else None,
            quoted_languages=quoted,
        )

    def overview(self, sections: list[Section]) -> list[Statement] | None:
        return None

    def watch_next(self, clusters: list[Cluster], passages: dict[str, list[Passage]]) -> list[Statement]:
        return []


def lead_statement(article: Article, passages: list[Passage]) -> Statement:
    """The article's first passage that reads as a statement (else its first passage)."""
    lead = next((p for p in passages if is_statement(p)), passages[0])
    return Statement(lead.text, [Citation.of(lead)])


def _candidates(cluster: Cluster, passages: dict[str, list[Passage]]) -> list[Passage]:
    pool = [p for article in cluster.articles for p in passages.get(article.id, [])]
    statements = [p for p in pool if is_statement(p)]
    return statements if len(statements) >= MIN_STATEMENTS else pool
