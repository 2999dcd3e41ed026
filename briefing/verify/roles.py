"""Roles and titles are anchors like names: "Defence Minister Wadephul" needs a passage that
calls someone a defence minister, not one that says "Außenminister Wadephul".

The roles and their English and German forms are in `data/roles.txt`. English forms are
phrases, matched regardless of case, with a plural s; German forms (a capitalised word
without spaces) also end a compound (Bundesaußenminister, US-Verteidigungsminister) and
take the feminine and case endings (Außenministerin, des Außenministers). Where forms
overlap, the longest wins: a "Deputy Secretary of State" is a secretary of state, a
"Vizepräsident" a vice president, not a president.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from briefing.text.names import data_lines, fold
from briefing.verify.cited import Cited

GERMAN_ENDINGS = ("", "in", "innen", "s", "n", "en", "e", "es", "ns")
WORD = re.compile(r"[^\W\d_][\w-]*")


def roles_in(text: str, within: bool = False) -> dict[str, str]:
    """Each role that `text` gives someone (its first form in data/roles.txt) → as written;
    `within`: also a German form inside a compound (Außenministertreffen), as passages may."""
    found: dict[str, str] = {}
    for pattern, role in _phrases():
        for match in pattern.finditer(text):
            found.setdefault(role, match.group())
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    for word in WORD.findall(text):
        compound = _compound_role(word, within)
        if compound is not None:
            found.setdefault(compound, word)
    return found


def role_reasons(statement: str, passages: Sequence[Cited]) -> list[str]:
    """A reason for each role of `statement` that no cited passage (nor the sentence before it) gives."""
    given = set().union(*(roles_in(f"{passage.before}\n{passage.text}", within=True) for passage in passages))
    return [f"the cited passages call nobody '{written}'" for role, written in roles_in(statement).items()
            if role not in given]  # fmt: skip


def _compound_role(word: str, within: bool) -> str | None:
    """The role whose German form ends (or is `within`) `word`, the longest such form, if
    `word` is capitalised."""
    if not word[0].isupper():
        return None
    ending, inside = _compound_patterns()
    match = (inside if within else ending).search(fold(word))
    return _compound_roles()[match.group(1)] if match else None


@lru_cache(maxsize=1)
def _compound_patterns() -> tuple[re.Pattern, re.Pattern]:
    """German forms at the end of a word (with an ending), and anywhere in it; the longest
    form first, so that the leftmost and longest wins (Vizepräsident, not Präsident)."""
    forms = "|".join(re.escape(form) for form in sorted(_compound_roles(), key=len, reverse=True))
    endings = "|".join(ending for ending in GERMAN_ENDINGS if ending)
    return re.compile(rf"({forms})(?:{endings})?$"), re.compile(rf"({forms})")


@lru_cache(maxsize=1)
def _compound_roles() -> dict[str, str]:
    return dict(_compounds())


@lru_cache(maxsize=1)
def _roles() -> list[list[str]]:
    return [[form.strip() for form in line.split("|")] for line in data_lines("roles.txt")]


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[re.Pattern, str]]:
    """A pattern for every English form, longest first, and its role."""
    forms = [(form, line[0]) for line in _roles() for form in line if _is_phrase(form)]
    forms.sort(key=lambda item: len(item[0]), reverse=True)
    return [(re.compile(rf"(?<![\w-]){_spaced(form)}s?(?![\w-])", re.IGNORECASE), role) for form, role in forms]


@lru_cache(maxsize=1)
def _compounds() -> list[tuple[str, str]]:
    return [(fold(form), line[0]) for line in _roles() for form in line if not _is_phrase(form)]


def _is_phrase(form: str) -> bool:
    """English forms: lower case or several words; German ones are one capitalised word."""
    return " " in form or form == form.lower()


def _spaced(form: str) -> str:
    return r"[\s-]+".join(re.escape(part) for part in re.split(r"[\s-]+", form))
