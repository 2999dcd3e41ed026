"""Stage 8: what a section's reports say together, beyond its statements: the voices
(key quotes with their speakers, `voices.py`), where the outlets report differently
(`differences.py`), and how many outlets carry each statement (`corroboration.py`).

Everything here quotes passages, so it holds offline; with an endpoint, quotes gain a
checked translation and disagreements a written form, each side verified like a statement.
May import: models, settings, errors, `text`, `endpoint`, `verify`, `summarise`.
"""

from __future__ import annotations

from briefing.compare.corroboration import corroborate_section
from briefing.compare.differences import section_differences
from briefing.compare.voices import section_voices
from briefing.models import Difference, Passage, Section
from briefing.summarise import Summariser, map_concurrently

__all__ = ["compare_sections"]

# Points of difference shown per section: the model's first, then the figures found offline.
MOST_DIFFERENCES = 3


def compare_sections(
    sections: list[Section], passages: dict[str, list[Passage]], summariser: Summariser | None = None
) -> None:
    """Gives each section its voices and where its reports differ, and each statement its
    outlets; `summariser` (the LLM one) adds written differences and translated quotes,
    on as many sections at once as it summarises."""
    for section in sections:
        corroborate_section(section, passages)
        section.voices = section_voices(section, passages)
        section.differences = section_differences(section, passages)
    if summariser is not None:
        map_concurrently(summariser, lambda section: _written_parts(section, passages, summariser), sections)
    for section in sections:
        section.differences = distinct_differences(section.differences)[:MOST_DIFFERENCES]


def _written_parts(section: Section, passages: dict[str, list[Passage]], summariser: Summariser) -> None:
    """The voices' translations, and the written differences before the figures found."""
    summariser.translate_voices(section, passages)
    section.differences = [*summariser.differences(section, passages), *section.differences]


def distinct_differences(differences: list[Difference]) -> list[Difference]:
    """The first of differences that set the same passages against each other: each side
    of the later one cites a passage that a side of the earlier one cites."""
    kept: list[Difference] = []
    for difference in differences:
        if not any(_same_point(difference, earlier) for earlier in kept):
            kept.append(difference)
    return kept


def _same_point(one: Difference, other: Difference) -> bool:
    cited = [{c.passage_id for c in side.citations} for side in other.sides]
    return all(any({c.passage_id for c in side.citations} & passages for passages in cited) for side in one.sides)
