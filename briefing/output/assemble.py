"""Sections → a brief: title, overview, sections, further reports, numbered sources.

Every cited passage gets one number, in order of first appearance; a statement's `[n]`
leads to source entry n (outlet, title, date, link and the quoted passage).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

from briefing.endpoint import RunRecord
from briefing.models import Article, Brief, RunReport, Section, SourceEntry, Statement
from briefing.settings import Settings

# The overview leads with the key statement of this many top-ranked sections.
OVERVIEW_SECTIONS = 5


def assemble_brief(
    sections: list[Section],
    further: list[tuple[Article, Statement]],
    report: RunReport,
    settings: Settings,
    overview: list[Statement] | None = None,
    watch: list[Statement] | None = None,
    record: RunRecord | None = None,
    checks: Sequence[str] = (),
) -> Brief:
    """The brief; without a written `overview`, it leads with each top section's key statement."""
    articles = {a.id: a for s in sections for a in s.cluster.articles} | {a.id: a for a, _ in further}
    if overview is None:
        overview = [
            Statement(s.statements[0].text, s.statements[0].citations, topic=s.headline)
            for s in sections[:OVERVIEW_SECTIONS]
            if s.statements
        ]
    further_statements = [statement for _, statement in further]
    watch = watch or []
    statements = overview + [st for s in sections for st in s.statements] + watch + further_statements
    return Brief(
        title=settings.title or brief_title(settings.date_from, settings.date_to, settings.topic),
        date_from=settings.date_from,
        date_to=settings.date_to,
        generated_at=settings.as_of or datetime.now(settings.tz).replace(microsecond=0),
        overview=overview,
        sections=sections,
        further_reports=further_statements,
        watch=watch,
        sources=number_sources(statements, articles),
        report=report,
        timezone=settings.timezone,
        record=record,
        checks=list(checks),
    )


def number_sources(statements: list[Statement], articles: dict[str, Article]) -> list[SourceEntry]:
    """One numbered entry per cited passage, numbered in order of first citation."""
    entries: dict[str, SourceEntry] = {}
    for statement in statements:
        for citation in statement.citations:
            if citation.passage_id not in entries:
                number = len(entries) + 1
                entries[citation.passage_id] = SourceEntry(number, articles[citation.article_id], citation)
    return list(entries.values())


def brief_title(date_from: date | None, date_to: date | None, topic: str | None = None) -> str:
    """`News brief, 3 December 2025`; `NATO Ukraine, 1–3 December 2025` for a topic."""
    name = topic or "News brief"
    if not (date_from or date_to):
        return name
    return f"{name}, {format_range(date_from, date_to)}"


def format_range(date_from: date | None, date_to: date | None) -> str:
    """`2 December 2025`, `2–3 December 2025`, `30 November – 3 December 2025`, `from …`."""
    if date_from and date_to:
        if date_from == date_to:
            return format_day(date_to)
        if (date_from.year, date_from.month) == (date_to.year, date_to.month):
            return f"{date_from.day}–{format_day(date_to)}"
        if date_from.year == date_to.year:
            return f"{date_from.day} {date_from:%B} – {format_day(date_to)}"
        return f"{format_day(date_from)} – {format_day(date_to)}"
    # callers give at least one day: brief_title checks, and the CLI sets --from or --to of a dated run
    return f"from {format_day(date_from)}" if date_from else f"until {format_day(cast(date, date_to))}"


def format_day(day: date) -> str:
    """`2 December 2025`."""
    return f"{day.day} {day:%B %Y}"
