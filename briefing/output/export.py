"""The brief as data: the JSON format that other tools rely on (see the README).

Every citation carries `article_id, passage_id, quote, start, end`, and the articles'
texts travel along, so anyone can check `quote == articles[id].text[start:end]`.

Every selected article's id is listed once: in a section's `cluster.articles`, in
`unclustered` (the single reports within the caps) or in `not_shown` (past the caps),
an article merged as a duplicate right after the one it was merged into; `duplicates`
maps each of those to the ids merged into it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from briefing.cluster.duplicates import with_duplicates
from briefing.models import Article, Brief, Citation, Difference, Earlier, Section, Statement, Story, Timeline, Voice
from briefing.output.assemble import first_report

FORMAT_VERSION = 1


def brief_as_data(brief: Brief) -> dict:
    numbers = brief.source_numbers()
    merged = brief.duplicates
    articles = {entry.article.id: entry.article for entry in brief.sources}
    for section in brief.sections:
        articles.update((a.id, a) for a in section.cluster.articles)
    return {
        "format_version": FORMAT_VERSION,
        "title": brief.title,
        "date_from": _iso(brief.date_from),
        "date_to": _iso(brief.date_to),
        "timezone": brief.timezone,
        "generated_at": _iso(brief.generated_at),
        "overview": [_statement(s, numbers) for s in brief.overview],
        "stories": [_story(story, numbers) for story in brief.stories],
        "sections": [_section(s, numbers, merged) for s in brief.sections],
        "watch": [_statement(s, numbers) for s in brief.watch],
        "further_reports": [_statement(s, numbers) for s in brief.further_reports],
        "unclustered": with_duplicates(brief.unclustered, merged),
        "not_shown": with_duplicates(brief.report.articles_not_shown + brief.report.further_not_shown, merged),
        "duplicates": merged,
        "sources": [
            {"number": e.number, **_citation(e.citation), **_article_metadata(e.article)} for e in brief.sources
        ],
        "articles": {article_id: _article(article) for article_id, article in articles.items()},
        "report": asdict(brief.report),
        "checks": brief.checks,
        "compared_with": [_iso(day) for day in brief.compared_with],  # the earlier briefs' days sections link to
    }


def _story(story: Story, numbers: dict[str, int]) -> dict:
    """A story: its developments as section ids, earliest first, and its single reports."""
    return {
        "id": story.id,
        "keywords": story.keywords,
        "developments": [section.cluster.id for section in story.developments],
        "reports": [_statement(s, numbers) for s in story.reports],
        "timeline": _timeline(story.timeline),
    }


def _section(section: Section, numbers: dict[str, int], merged: dict[str, list[str]]) -> dict:
    cluster = section.cluster
    keepers = [a.id for a in cluster.articles]
    return {
        "id": cluster.id,
        "story": cluster.story or None,
        "first_reported": _iso(first_report(section)),
        "headline": section.headline,
        "method": section.method,
        "fallback_reason": section.fallback_reason,
        "language": section.language,
        "coverage": {**asdict(section.coverage), "single_source": section.coverage.single_source},
        "cluster": {
            "label": cluster.label,
            "keywords": cluster.keywords,
            "score": round(cluster.score, 4),
            "articles": with_duplicates(keepers, merged),
            "duplicates": {article_id: merged[article_id] for article_id in keepers if article_id in merged},
        },
        "statements": [_statement(s, numbers) for s in section.statements],
        "voices": [_voice(voice, numbers) for voice in section.voices],
        "differences": [_difference(difference, numbers) for difference in section.differences],
        "earlier": [_earlier(earlier) for earlier in section.earlier],
    }


def _statement(statement: Statement, numbers: dict[str, int]) -> dict:
    return {
        "text": statement.text,
        "topic": statement.topic,
        "kind": statement.kind,  # of the piece it quotes: news, opinion or satire
        "corroborated_by": statement.corroborated_by,  # other outlets that state the same fact
        "outlets": statement.outlets,  # every known outlet that carries it
        "single_source": statement.single_source,
        "reported_before": _earlier(statement.reported_before) if statement.reported_before else None,
        "citations": _citations(statement.citations, numbers),
    }


def _citations(citations: list[Citation], numbers: dict[str, int]) -> list[dict]:
    return [{"number": numbers[c.passage_id], **_citation(c)} for c in citations]


def _voice(voice: Voice, numbers: dict[str, int]) -> dict:
    return {
        "quote": voice.quote,
        "speaker": voice.speaker,
        "role": voice.role,
        "language": voice.language,
        "translation": voice.translation,
        "citations": _citations(voice.citations, numbers),
    }


def _difference(difference: Difference, numbers: dict[str, int]) -> dict:
    return {
        "topic": difference.topic,
        "kind": difference.kind,
        "sides": [_statement(side, numbers) for side in difference.sides],
    }


def _earlier(earlier: Earlier) -> dict:
    return {
        "brief_date": _iso(earlier.brief_date),
        "section_id": earlier.section_id,
        "headline": earlier.headline,
        "href": earlier.href,
    }


def _timeline(timeline: Timeline | None) -> dict | None:
    if timeline is None:
        return None
    return {"starts": [_iso(start) for start in timeline.starts], "end": _iso(timeline.end), "counts": timeline.counts}


def _citation(citation: Citation) -> dict:
    return {
        "article_id": citation.article_id,
        "passage_id": citation.passage_id,
        "quote": citation.quote,
        "start": citation.start,
        "end": citation.end,
    }


def _article_metadata(article: Article) -> dict:
    return {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": _iso(article.published),
        "language": article.language,
    }


def _article(article: Article) -> dict:
    return {
        **_article_metadata(article),
        "origin": article.origin,
        "also_in": [
            {"article_id": ref.article_id, "source": ref.source, "url": ref.url, "published": _iso(ref.published)}
            for ref in article.duplicates
        ],
        "metadata": article.metadata,
        "text": article.text,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None
