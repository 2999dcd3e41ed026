"""What a statement cites: a passage, and what the checks need to know around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Cited:
    """A passage that a statement cites, with what the checks need around it."""

    text: str
    language: str | None = None  # detected when not given
    published: date | None = None  # the article's date: "heute" and "am Mittwoch" are read against it
    before: str = ""  # the sentence before it in its article: who said what may stand there
