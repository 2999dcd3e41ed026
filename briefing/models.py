"""The data that flows between the stages: Article → Passage → Cluster → Section → Brief.

Plain dataclasses: every stage takes some of these and returns others. Pydantic lives at
the edges (settings, LLM schemas), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal


@dataclass
class SourceRef:
    """Another outlet that carried the same story (a merged duplicate)."""

    article_id: str
    source: str | None = None
    url: str | None = None
    published: datetime | None = None


KICKER_KEY = "kicker"  # Article.metadata key of a title's kicker (Dachzeile), split from it


@dataclass
class Article:
    """One news article. `text` is the body that every citation's offsets point into."""

    id: str
    text: str
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str = ""  # where it was read: "feed.xml", "articles.jsonl:12"
    metadata: dict[str, Any] = field(default_factory=dict)  # unknown input keys, kept
    duplicates: list[SourceRef] = field(default_factory=list)
    story: str = ""  # a single report's story (Cluster.story), when that story has clusters

    @property
    def headline(self) -> str:
        """The title with its kicker before it ("NATO-Treffen in Brüssel: Aufatmen nach …"),
        as grouping and search read it: the kicker names what the article is about. ""
        without a title."""
        kicker = self.metadata.get(KICKER_KEY)
        if not self.title or not isinstance(kicker, str) or not kicker:
            return self.title or ""
        return f"{kicker}: {self.title}"

    @property
    def outlets(self) -> set[str]:
        """Every known outlet that carried this text, its merged duplicates' included."""
        names = {self.source} | {ref.source for ref in self.duplicates}
        return {name for name in names if name}


@dataclass(frozen=True)
class Passage:
    """A sentence of an article: `article.text[start:end] == text`, always."""

    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Cluster:
    """Articles on one event, with a readable label, an importance score and its story."""

    id: str
    articles: list[Article]
    label: str = ""
    keywords: list[str] = field(default_factory=list)
    score: float = 0.0
    story: str = ""  # the id of the story (an ongoing matter) this event belongs to: "s1", …

    @property
    def outlets(self) -> set[str]:
        return set().union(*(article.outlets for article in self.articles))


@dataclass(frozen=True)
class Citation:
    """A statement's evidence: one passage, quoted from our own store."""

    article_id: str
    passage_id: str
    quote: str
    start: int
    end: int

    @classmethod
    def of(cls, passage: Passage) -> Citation:
        return cls(passage.article_id, passage.id, passage.text, passage.start, passage.end)


@dataclass
class Statement:
    text: str
    citations: list[Citation]
    topic: str | None = None  # shown before the statement where it stands apart (overview)
    corroborated_by: list[str] = field(default_factory=list)  # other outlets that state the same fact
    kind: str = "news"  # of the piece it quotes: "news", "opinion" or "satire" (further reports)
    outlets: list[str] = field(default_factory=list)  # every known outlet that carries it: cited and corroborating
    reported_before: Earlier | None = None  # the earlier brief's section that already said it

    @property
    def single_source(self) -> bool:
        """Whether one known outlet alone carries it."""
        return len(self.outlets) == 1


@dataclass
class Voice:
    """A direct quote and who said it. `quote` stands verbatim (without its quotation
    marks) in the first citation's passage; the speaker is named there or in the passage
    next to it, the second citation when there is one."""

    quote: str
    speaker: str  # as the article names them: "Mark Rutte", "Rutte"
    citations: list[Citation]
    role: str | None = None  # as the article gives it: "NATO-Generalsekretär"
    language: str | None = None  # of the quote
    translation: str | None = None  # into the brief's language (LLM path), checked like a statement


@dataclass
class Difference:
    """A point on which a section's outlets report differently. Each side is a statement
    citing passages of one outlet, a different outlet per side (offline: the passages
    themselves, quoted)."""

    topic: str  # what they differ on: "Dauer des Treffens", "hours"
    sides: list[Statement]
    kind: Literal["figure", "denial", "attribution"] = "figure"


@dataclass(frozen=True)
class Earlier:
    """A section of an earlier brief: what a section continues, or where a statement was
    already reported."""

    brief_date: date  # the earlier brief's last day
    section_id: str  # its id in that brief (`sections[].id` of its JSON)
    headline: str
    href: str | None = None  # that brief's file and the section's anchor, relative to this brief


@dataclass
class Timeline:
    """Articles per outlet over the brief's range, counted in equal bins."""

    starts: list[datetime]  # where each bin begins; the last one ends at `end`
    end: datetime
    counts: dict[str, list[int]]  # outlet ("" when not known) → articles per bin

    @property
    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.counts.values())] if self.counts else [0] * len(self.starts)


@dataclass
class Coverage:
    articles: int
    outlets: list[str]
    unknown_outlet: int = 0  # articles whose outlet is not known

    @classmethod
    def of(cls, cluster: Cluster) -> Coverage:
        unknown = sum(1 for article in cluster.articles if not article.outlets)
        return cls(len(cluster.articles), sorted(cluster.outlets), unknown)

    @property
    def single_source(self) -> bool:
        return len(self.outlets) == 1 and self.unknown_outlet == 0


@dataclass
class Section:
    """A cluster, summarised: a headline and the key statements, each cited."""

    cluster: Cluster
    headline: str
    statements: list[Statement]
    method: Literal["extractive", "llm"]
    coverage: Coverage
    language: str | None = None  # of most statements
    fallback_reason: str | None = None  # why an LLM section fell back to the extractive one
    quoted_languages: list[str] = field(default_factory=list)  # of the quotes, most frequent first
    voices: list[Voice] = field(default_factory=list)  # key quotes with their speakers, up to three
    differences: list[Difference] = field(default_factory=list)  # where its outlets report differently
    earlier: list[Earlier] = field(default_factory=list)  # what it continues of earlier briefs, earliest first


@dataclass
class Story:
    """An ongoing matter, the brief's section: its developments (one `Section` per event),
    earliest first, and its single reports. A story of one event is that event's section."""

    id: str  # "s1", … (Cluster.story)
    keywords: list[str]  # what its developments share, most shared first
    developments: list[Section]
    reports: list[Statement] = field(default_factory=list)  # its single reports' leads, most newsworthy first
    timeline: Timeline | None = None  # its articles per outlet over the brief's range

    @property
    def lead(self) -> Section:
        """Its most important development."""
        return max(self.developments, key=lambda section: section.cluster.score)

    @property
    def heading(self) -> str:
        """What its developments share ("Ukraine · NATO · Brussels"), else the headline of
        its most important development."""
        return " · ".join(self.keywords) or self.lead.headline

    @property
    def coverage(self) -> Coverage:
        articles = [article for section in self.developments for article in section.cluster.articles]
        return Coverage.of(Cluster(id=self.id, articles=articles))


@dataclass
class Problem:
    """Something that was skipped or could not be read, and where."""

    where: str  # "path", "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class RunReport:
    """What happened to the input on its way into the brief."""

    problems: list[Problem] = field(default_factory=list)
    articles_read: int = 0
    duplicates_merged: int = 0
    undated_left_out: list[str] = field(default_factory=list)
    out_of_range: int = 0
    off_topic: int = 0  # in range, but not about --topic
    articles_selected: int = 0
    topics_not_shown: list[str] = field(default_factory=list)  # a label per story past --max-topics
    articles_not_shown: list[str] = field(default_factory=list)  # the articles of those topics
    further_not_shown: list[str] = field(default_factory=list)  # single reports past --max-further

    notes: list[str] = field(default_factory=list)

    @property
    def not_shown(self) -> int:
        return len(self.articles_not_shown) + len(self.further_not_shown)


@dataclass
class SourceEntry:
    """A numbered entry in the brief's source list: one cited passage of one article."""

    number: int
    article: Article
    citation: Citation


@dataclass
class Brief:
    title: str
    date_from: date | None
    date_to: date | None
    generated_at: datetime
    overview: list[Statement]
    sections: list[Section]  # one per event, most important first
    further_reports: list[Statement]  # the lead statement of each article that fits no topic or story
    sources: list[SourceEntry]
    report: RunReport
    timezone: str = "Europe/Berlin"
    record: Any = None  # the LLM path's RunRecord; None for an extractive brief
    watch: list[Statement] = field(default_factory=list)  # what to watch next (LLM path only)
    checks: list[str] = field(default_factory=list)  # how the statements were checked, in plain words
    stories: list[Story] = field(default_factory=list)  # the sections by story, most important first
    unclustered: list[str] = field(default_factory=list)  # the single reports within the caps (ids)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # a selected article's id → ids merged into it
    compared_with: list[date] = field(default_factory=list)  # the earlier briefs' days it was linked to, if any

    def source_numbers(self) -> dict[str, int]:
        """Passage id → the number of its source entry: what a `[n]` marker shows."""
        return {entry.citation.passage_id: entry.number for entry in self.sources}
