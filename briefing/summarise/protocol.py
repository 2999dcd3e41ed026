"""What every summariser does: the extractive one and the LLM one alike."""

from __future__ import annotations

from typing import Protocol

from briefing.endpoint.record import RunRecord
from briefing.models import Cluster, Difference, Passage, Section, Statement


class Summariser(Protocol):
    name: str  # "extractive" or "llm"
    concurrency: int  # clusters summarised at once
    checks: tuple[str, ...]  # how its statements are checked, as the brief says it (`summarise.checks`)

    @property
    def record(self) -> RunRecord | None:  # read-only, so the LLM one's may be always a RunRecord
        """What the calls did; None when nothing was called."""
        ...

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        """A section for `cluster`; `passages` maps article id → its passages."""
        ...

    def overview(self, sections: list[Section]) -> list[Statement] | None:
        """The brief's opening sentences, or None: lead with each top section's first statement."""
        ...

    def watch_next(self, clusters: list[Cluster], passages: dict[str, list[Passage]]) -> list[Statement]:
        """Upcoming votes, meetings and deadlines the passages name; [] for none."""
        ...

    def differences(self, section: Section, passages: dict[str, list[Passage]]) -> list[Difference]:
        """Points on which the section's outlets disagree, written and verified; [] for none."""
        ...

    def translate_voices(self, section: Section, passages: dict[str, list[Passage]]) -> None:
        """Gives the section's voices in another language a checked translation, where it can."""
        ...

    def stop(self) -> None:
        """Give up whatever is under way, at once: the run is ending (SIGTERM, Ctrl-C)."""
        ...
