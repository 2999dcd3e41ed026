"""Roles and titles are anchors like names: "Defence Minister Wadephul" needs a passage that
calls someone a defence minister, not one that says "Außenminister Wadephul".

The roles and their English and German forms are in `data/roles.txt`. English forms are
phrases, matched regardless of case, with a plural s; German forms (a capitalised word
without spaces) also end a compound (Bundesaußenminister, US-Verteidigungsminister) and
take the feminine and case endings (Außenministerin, des Außenministers). Where forms
overlap, the longest wins: a "Deputy Secretary of State" is a secretary of state, a
"Vizepräsident" a vice president, not a president. A role beside a name ("Kaja Kallas,
einst Staatspräsidentin") must stand with that name in one cited sentence: another person's
role elsewhere in the passages is not hers (a sentence that names her without a role
may take its role from the sentence before).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from briefing.text.names import data_lines, fold
from briefing.verify.cited import Cited
from briefing.verify.names import has_name, is_listed, name_haystack, names_in

GERMAN_ENDINGS = ("", "in", "innen", "s", "n", "en", "e", "es", "ns")
WORD = re.compile(r"[^\W\d_][\w-]*")
# A name this many words or fewer from a role is the one who holds it ("Kallas, einst Präsidentin").
MAX_ROLE_GAP = 2
# A name after a role and one of these words is what the role is of, not who holds it.
OF_WORDS = {"der", "des", "von", "vom", "of", "the", "at", "bei", "beim", "für", "for", "im", "in"}


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


def role_reasons(statement: str, passages: Sequence[Cited], language: str | None = None) -> list[str]:
    """A reason for each role of `statement` that no cited passage (nor the sentence before it)
    gives, or that no such sentence gives the person the statement gives it to."""
    given = set().union(*(roles_in(f"{passage.before}\n{passage.text}", within=True) for passage in passages))
    reasons = []
    for role, written in roles_in(statement).items():
        if role not in given:
            reasons.append(f"the cited passages call nobody '{written}'")
        elif (holder := _holder(statement, written, language)) and not any(
            role in _roles_of(holder, passage, language) for passage in passages
        ):
            reasons.append(f"the cited passages do not call {holder} '{written}'")
    return reasons


def _roles_of(holder: str, passage: Cited, language: str | None) -> dict[str, str]:
    """The roles `passage` may give `holder`: those of a sentence that names them (the passage
    or the one before it); if the passage names them and gives no role, the sentence before
    it may ("Der belgische Außenminister warnte: … so Maxime Prévot")."""
    roles: dict[str, str] = {}
    for text, before in ((passage.text, passage.before), (passage.before, "")):
        if text and has_name(name_haystack([text]), holder, language):
            roles |= roles_in(text, within=True) or roles_in(before, within=True)
    return roles


def _holder(statement: str, written: str, language: str | None) -> str | None:
    """The person `statement` gives the role `written`: the nearest name beside it, at most
    MAX_ROLE_GAP words away ("Defence Minister Johann Wadephul", "Kaja Kallas, einst
    Staatspräsidentin"), and of a first name and surname the surname; not a name the role
    is "of" ("Sprecherin der Verbraucherberatung Nord")."""
    start = statement.find(written)
    end = start + len(written)
    names = names_in(statement, language)
    beside = []
    for name in names:
        at = statement.find(name)
        if at < 0 or is_listed(name):
            continue
        gap = statement[end:at] if at >= end else statement[at + len(name) : start]
        words = [word.lower() for word in WORD.findall(gap)]
        of = at >= end and bool(set(words) & OF_WORDS)
        if len(words) <= MAX_ROLE_GAP and not of and re.fullmatch(r"[\w\s,.'-]*", gap):
            beside.append((len(gap), at, name))
    if not beside:
        return None
    _, at, name = min(beside)
    following = re.match(r"\s+([\w'-]+)", statement[at + len(name) :])  # Mark → Rutte
    surname = following.group(1) if following else ""
    return surname if at >= end and surname in names else name


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
