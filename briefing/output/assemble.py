"""Sections → a brief: title, overview, stories with their developments, further reports,
numbered sources.

Every cited passage gets one number, in order of first appearance; a statement's `[n]`
leads to source entry n (outlet, title, date, link and the quoted passage).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import cast

from briefing.cluster.duplicates import merged_ids
from briefing.endpoint import RunRecord
from briefing.models import Article, Brief, RunReport, Section, SourceEntry, Statement, Story
from briefing.output.timeline import timeline_of
from briefing.settings import Settings

# The overview leads with the key statement of this many top-ranked stories (of each
# story's most important development).
OVERVIEW_STORIES = 5
# A story is named by this many of the keywords its developments share.
STORY_KEYWORDS = 3


def assemble_brief(
    sections: list[Section],
    further: list[tuple[Article, Statement]],
    report: RunReport,
    settings: Settings,
    overview: list[Statement] | None = None,
    watch: list[Statement] | None = None,
    record: RunRecord | None = None,
    checks: Sequence[str] = (),
    unclustered: Sequence[Article] = (),
    duplicates: Mapping[str, list[str]] | None = None,
) -> Brief:
    """The brief; without a written `overview`, it leads with each top story's key statement.
    `unclustered` are the single reports within the caps (`further` those with a lead
    statement); `duplicates` maps each selected article to the ids merged into it (by
    default, the shown articles' own)."""
    articles = {a.id: a for s in sections for a in s.cluster.articles} | {a.id: a for a, _ in further}
    stories = stories_of(sections, further)
    for story in stories:
        story_articles = [a for s in story.developments for a in s.cluster.articles]
        story_articles += [article for article, _ in further if article.story == story.id]
        story.timeline = timeline_of(story_articles, settings.date_from, settings.date_to, settings.tz)
    further = [(article, statement) for article, statement in further if not _in_story(article, stories)]
    if overview is None:
        leads = [story.lead for story in stories[:OVERVIEW_STORIES]]
        overview = [
            Statement(s.statements[0].text, s.statements[0].citations, topic=s.headline) for s in leads if s.statements
        ]
    further_statements = [statement for _, statement in further]
    watch = watch or []
    in_order = [st for story in stories for st in [*_cited_in(story.developments), *story.reports]]
    statements = overview + in_order + watch + further_statements
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
        stories=stories,
        unclustered=[article.id for article in unclustered],
        duplicates=dict(duplicates) if duplicates is not None else merged_ids([*articles.values(), *unclustered]),
    )


def stories_of(sections: list[Section], further: Sequence[tuple[Article, Statement]] = ()) -> list[Story]:
    """The sections grouped by the story of their event, stories in the order of their most
    important development, each story's developments earliest first (the undated last),
    and the single reports of `further` that belong to a story, in their order."""
    grouped: dict[str, list[Section]] = {}
    for number, section in enumerate(sections):
        grouped.setdefault(section.cluster.story or f"section-{number}", []).append(section)
    reports: dict[str, list[Statement]] = {}
    for article, statement in further:
        if article.story in grouped:
            reports.setdefault(article.story, []).append(statement)
    return [
        Story(story_id, story_keywords(members), sorted(members, key=_first_report), reports.get(story_id, []))
        for story_id, members in grouped.items()
    ]


def _in_story(article: Article, stories: list[Story]) -> bool:
    return any(article.story == story.id for story in stories)


def _cited_in(sections: list[Section]) -> list[Statement]:
    """What cites passages in the sections, in the order shown: each section's statements
    (those already reported last, as `output/history.py` orders them), its voices, the sides
    of where its reports differ."""
    cited: list[Statement] = []
    for section in sections:
        cited += section.statements
        cited += [Statement(voice.quote, voice.citations) for voice in section.voices]
        cited += [side for difference in section.differences for side in difference.sides]
    return cited


def story_keywords(developments: list[Section]) -> list[str]:
    """The keywords most of the developments share (any case), in the order the most
    important one lists them; a story of one development has none (its headline names it)."""
    if len(developments) < 2:
        return []
    shared = Counter(word.casefold() for s in developments for word in dict.fromkeys(s.cluster.keywords))
    written = [word for s in developments for word in s.cluster.keywords]
    ranked = sorted(dict.fromkeys(written, None), key=lambda word: -shared[word.casefold()])
    chosen: dict[str, str] = {}
    for word in ranked:
        chosen.setdefault(word.casefold(), word)
    return list(chosen.values())[:STORY_KEYWORDS]


def first_report(section: Section) -> datetime | None:
    """When the development was first reported: its earliest article."""
    return min((article.published for article in section.cluster.articles if article.published), default=None)


def _first_report(section: Section) -> tuple[bool, float]:
    first = first_report(section)
    return (first is None, first.timestamp() if first else 0.0)


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
