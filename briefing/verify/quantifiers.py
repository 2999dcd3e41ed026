"""A statement must not be more general or surer than its passages.

"All NATO states feel threatened" is not supported by "viele NATO-Staaten"; "unanimously
insisted" not by "mehrere Delegationen betonten"; "gilt als sicher" not by "gilt als
denkbar". So a word for all or none, or for certainty, in a statement needs a word of the
same kind in a cited passage or the sentence before it, in either language. Nor may a
statement say as fact what the passage closest to it only offers as possible: "Companies
will face fines" for "could face", "wird erreichen" for "könnte auflaufen".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from briefing.text.names import fold
from briefing.verify.cited import Cited
from briefing.verify.polarity import clauses

# Each kind: the words (case and umlauts folded, matched whole) that say it.
KINDS = {
    "all": "all every each entire unanimous unanimously whole alle allen aller alles sämtliche sämtlichen jede jeder "
           "jedes jedem jeden einstimmig einstimmigen gesamte gesamten geschlossen ausnahmslos",
    "certain": "certain certainly definitely definitive definitively sure surely irreversible irreversibly sicher "
               "gewiss endgültig endgültige endgültigen endgültiger endgültiges unumkehrbar binding verbindlich "
               "verbindliche verbindlichen ausgeschlossen",
}  # fmt: skip
# Phrases that say a kind ("ein für alle Mal" is certain, not general), and words that a
# passage may say it with but that claim too little in a statement to be checked ("immer").
# ("any" only gives "every" of the same thing: "any agreement" is no "every minister".)
PHRASES = {
    "ein für alle mal": "certain",
    "once and for all": "certain",
    "ohne ausnahme": "all",
    "fest steht": "certain",
    "steht fest": "certain",
    "rechnet fest": "certain",
    "rechnen fest": "certain",
    "ruled out": "certain",
    "rules out": "certain",
    "without exception": "all",
}
IN_PASSAGES_ALSO = {
    "certain": "ausschließen schließt schloss schließen",
    "all": "jegliche jeglicher jegliches immer stets jeweils always montags dienstags mittwochs donnerstags "
           "freitags samstags sonntags",
}  # fmt: skip
# "all in all", "vor allem" and "at all" claim nothing general, "not all" the opposite. ("fest" is left out: it is
# mostly a verb's particle, "halten an … fest".)
NOT_A_QUANTIFIER = re.compile(
    r"\b(?:at all|all in all|vor allem|allen voran|above all|first of all|all but|not all|not every|nicht alle\w*|"
    r"nicht jede\w*|nicht samtliche\w*)\b"
)  # "nicht alle Bündnispartner": not all, which supports no "sämtliche"
WORD = re.compile(r"\w+")
# Words that offer a thing as possible, not as fact; a statement keeps the passage's doubt
# with any of them, or with the words of HEDGES_IN_STATEMENTS.
HEDGES = ("could might may possibly perhaps maybe likely probably potentially könnte könnten dürfte dürften "
          "möglicherweise vielleicht wahrscheinlich voraussichtlich eventuell womöglich potenziell")  # fmt: skip
HEDGES_IN_STATEMENTS = ("would würde würden expected expects expect erwartet erwarten rechnet rechnen soll sollen "
                        "sollte sollten plan plans planned geplant aims intends threatens droht drohen if wenn falls "
                        "risk risks gefahr chance unless unclear unsure offen wohl offenbar anscheinend apparently "
                        "seemingly möglich mögliche possible geklärt ungeklärt unklar denkbar conceivable")  # fmt: skip
Similarity = Callable[[str, str], float]


def quantifier_reasons(statement: str, passages: Sequence[Cited]) -> list[str]:
    """A reason for each kind of generality or certainty the statement claims and no passage has."""
    given = set().union(*(_kinds(f"{passage.before} {passage.text}", in_passage=True) for passage in passages))
    claimed = _kinds(statement)
    if "all" in claimed and "all" not in given and _any_of_the_same(statement, claimed["all"], passages):
        given.add("all")  # "every agreement" for "any agreement"
    return [f"the statement says '{word}', but the cited passages are not as {kind_word(kind)}"
            for kind, word in claimed.items() if kind not in given]  # fmt: skip


def _any_of_the_same(statement: str, word: str, passages: Sequence[Cited]) -> bool:
    """Whether a passage says "any" of the thing the statement says `word` ("every") of."""
    after = re.search(rf"\b{re.escape(word)}\s+(\w+)", fold(statement))
    if after is None:
        return False
    thing = after.group(1)[:5]
    return any(re.search(rf"\bany\s+{re.escape(thing)}", fold(passage.text)) for passage in passages)


def hedge_reasons(statement: str, passages: Sequence[Cited], similarity: Similarity) -> list[str]:
    """A reason for each clause of a statement without any hedge whose closest passage clause
    offers as possible what the clause states as fact."""
    if _first(statement, _doubt_kept()) is not None:
        return []  # "hält es für möglich, dass …": the doubt is kept for the whole statement
    theirs = [clause for passage in passages for clause in clauses(passage.text)]
    reasons = []
    for own in clauses(statement):
        closest = max(theirs, key=lambda clause: similarity(own, clause), default="")
        if (hedge := _first(closest, _hedges())) is not None:
            reasons.append(f"'{own}' says as fact what the cited passage says may be ('{hedge}'): '{closest}'")
    return reasons


def _first(text: str, words: frozenset[str]) -> str | None:
    return next((word for word in WORD.findall(fold(text)) if word in words), None)


@lru_cache(maxsize=1)
def _hedges() -> frozenset[str]:
    return frozenset(fold(word) for word in HEDGES.split())


@lru_cache(maxsize=1)
def _doubt_kept() -> frozenset[str]:
    """The words with which a statement keeps a passage's doubt."""
    return _hedges() | frozenset(fold(word) for word in HEDGES_IN_STATEMENTS.split())


def kind_word(kind: str) -> str:
    return {"all": "general", "certain": "certain"}[kind]


def _kinds(text: str, in_passage: bool = False) -> dict[str, str]:
    """Each kind that `text` says → the first word or phrase that says it."""
    text = NOT_A_QUANTIFIER.sub(" ", fold(text))
    found: dict[str, str] = {}
    for phrase, kind in PHRASES.items():
        if fold(phrase) in text:
            found.setdefault(kind, phrase)
            text = text.replace(fold(phrase), " ")
    words = WORD.findall(text)
    for kind, listed in _folded_kinds(in_passage).items():
        word = next((word for word in words if word in listed), None)
        if word is not None:
            found.setdefault(kind, word)
    return found


def _folded_kinds(in_passage: bool) -> dict[str, frozenset[str]]:
    kinds = {
        kind: words + " " + (IN_PASSAGES_ALSO.get(kind, "") if in_passage else "") for kind, words in KINDS.items()
    }
    return {kind: frozenset(fold(word) for word in words.split()) for kind, words in kinds.items()}
