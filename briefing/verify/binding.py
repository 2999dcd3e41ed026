"""What belongs together stays together: a statement's numbers and speakers must stand in
the passage that carries the rest of its claim, not anywhere among the cited ones.

"Ukraine needs more than 100 billion euros over the next three years" citing one passage
with "über 100 Milliarden … zwei Jahre" and another with "seit drei Jahren" has every
number somewhere, and is still false. So each clause of a statement is bound to the cited
passage closest to it in meaning; a number of the clause that only another passage gives
is wrong when the bound passage gives another number of the same kind (years, percent,
euros: `numbers.UNIT_KINDS`). A fact from a second passage with nothing of its kind in
the first ("on the 26th floor") is a fair combination. And a statement that
says who said something ("X said", "laut X", "X warnte, …") needs X in the passage that
carries best what it reports, or in the sentence before it (where "Er sagte" finds its
speaker), or back along cited passages that follow one another; only when none names a
person ("sagte der Niederländer") may X stand in another cited passage, and never when the
words are someone's left unnamed ("said a spokesperson for …"). The speakers are the names
before the reporting word or just after it, not those in what is said.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing.text.names import fold
from briefing.verify.cited import Cited
from briefing.verify.names import has_name, is_listed, name_haystack, names_in
from briefing.verify.numbers import Mention, mentions, unsupported
from briefing.verify.polarity import clauses

REPORTING_WORDS = (
    "said says told added warned stressed argued insisted urged announced noted confirmed denied according sagte sagt "
    "betonte versicherte warnte kritisierte lobte forderte erklärte erklärt laut zufolge so warb bezeichnete "
    "bezeichnet nannte meinte äußerte described called claimed stated"
)
REPORTING = re.compile(r"\b(?:" + "|".join(fold(word) for word in REPORTING_WORDS.split()) + r")\b")
REPORTING_AS_WRITTEN = re.compile(r"\b(?:" + "|".join(REPORTING_WORDS.split()) + r")\b", re.IGNORECASE)
# "according to NATO Secretary General Mark Rutte": the speaker within this many words after the verb.
SPEAKER_WORDS_AFTER = 6
BEFORE_A_SPEAKER = {"to", "of", "the", "von", "der", "die", "das", "dem", "den", "des"}
# Words reported from someone not named: "said a spokesperson for …", "ein Diplomat sagte".
INDEFINITE_SPEAKER = re.compile(
    r"\b(?:said|says|told|added|according to|sagte|sagt|erklärte|so)\s+(?:a|an|one|ein|eine|einer)\b"
    r"|\b(?:a|an|one|ein|eine|einer)\s+(?:[\w-]+\s+){0,3}(?:spokesperson|spokesman|spokeswoman|official|diplomat|"
    r"Sprecher|Sprecherin|Diplomat|Diplomatin|Vertreter|Vertreterin)\b"
)
Similarity = Callable[[str, str], float]


def binding_reasons(
    statement: str, language: str | None, passages: Sequence[Cited], similarity: Similarity
) -> list[str]:
    """Reasons for numbers and speakers of `statement` that stand apart from what they belong to."""
    if len(passages) < 2:
        return []
    return _number_reasons(statement, language, passages, similarity) + _speaker_reasons(
        statement, language, passages, similarity
    )


def _number_reasons(
    statement: str, language: str | None, passages: Sequence[Cited], similarity: Similarity
) -> list[str]:
    reasons = []
    for clause in clauses(statement):
        stated = [m for m in mentions(clause, language, _dates(passages)) if m.kind == "number" and m.unit]
        bound = max(passages, key=lambda passage: similarity(clause, passage.text))
        theirs = [m for m in _mentions(bound) if m.kind == "number"]
        for mention in unsupported(stated, theirs):
            other = next((m for m in theirs if m.unit == mention.unit), None)
            if other is not None:
                reasons.append(f"the number {mention.shown} is not what the passage that carries '{clause}' "
                               f"says ({other.text}): it comes from another passage")  # fmt: skip
    return reasons


def _speaker_reasons(
    statement: str, language: str | None, passages: Sequence[Cited], similarity: Similarity
) -> list[str]:
    parts = clauses(statement)
    reporting = [clause for clause in parts if REPORTING.search(fold(clause))]
    if not reporting:
        return []
    speakers = list(dict.fromkeys(name for clause in reporting for name in _speakers(clause, language)))
    reported = " ".join(clause for clause in parts if clause not in reporting) or _without(
        " ".join(_what_is_said(clause) for clause in reporting), speakers
    )
    carrier = max(passages, key=lambda passage: similarity(reported, passage.text))
    haystack = name_haystack(_speaker_context(carrier, passages))
    return [f"'{name}' is not named in the passage that carries what the statement reports"
            for name in _surnames(speakers, statement) if not has_name(haystack, name, language)]  # fmt: skip


def _speaker_context(carrier: Cited, passages: Sequence[Cited]) -> list[str]:
    """Where the speaker of what `carrier` reports must be named: the carrier and the
    sentence before it; back along cited passages that follow one another while none of
    them names a person (a quote, "erklärte er", then "Rutte äußerte sich"); else all."""
    texts, current = [carrier.text, carrier.before], carrier
    while not _persons(" ".join(texts), carrier.language):
        if INDEFINITE_SPEAKER.search(" ".join(texts)):
            return texts  # "said a spokesperson for …": nobody named said it
        earlier = next((passage for passage in passages if passage.text == current.before and passage.before), None)
        if earlier is None or earlier.before in texts:
            return [text for passage in passages for text in (passage.before, passage.text)]  # "sagte der Niederländer"
        texts.append(earlier.before)
        current = earlier
    return texts


def _speakers(clause: str, language: str | None) -> list[str]:
    """The names of those who speak in a reporting clause: before its reporting word, or just
    after it ("sagte Nato-Chef Mark Rutte", "laut Kallas"); not the names in what they say
    ("Rutte said he saw no message in Rubio's decision": Rutte)."""
    word = REPORTING_AS_WRITTEN.search(clause)
    names = names_in(clause, language)
    if word is None:
        return names
    end = word.end()
    for count, after in enumerate(re.finditer(r"[\w'’-]+", clause[word.end() :])):
        if count >= SPEAKER_WORDS_AFTER or not (after.group()[0].isupper() or after.group() in BEFORE_A_SPEAKER):
            break  # "said he saw …": what is said begins
        end = word.end() + after.end()
    speakers = [
        name for name in names if 0 <= clause.find(name) < word.start() or word.end() <= clause.find(name) < end
    ]
    persons = [name for name in speakers if not is_listed(name)]
    return persons or speakers  # "NATO Secretary General Mark Rutte": Mark Rutte speaks


def _what_is_said(clause: str) -> str:
    """The part of a reporting clause after its reporting word: "Rutte said he sees no will" →
    "he sees no will" (the whole clause when it has none)."""
    word = REPORTING_AS_WRITTEN.search(clause)
    return clause[word.end() :] if word else clause


def _surnames(speakers: list[str], statement: str) -> list[str]:
    """The speakers without a first name that the next speaker's name follows ("Mark Rutte":
    Rutte), since a passage may name a person by surname alone."""
    followed = {
        name
        for name in speakers
        for other in speakers
        if re.search(rf"\b{re.escape(name)}\s+{re.escape(other)}\b", statement)
    }
    return [name for name in speakers if name not in followed]


def _persons(text: str, language: str | None) -> list[str]:
    """The names in `text` that are not places, countries or institutions (data/exonyms.txt)."""
    return [name for name in names_in(text, language) if not is_listed(name)]


def _without(text: str, names: list[str]) -> str:
    """`text` without the names: what is said, not who said it."""
    for name in names:
        text = text.replace(name, " ")
    return text


def _dates(passages: Sequence[Cited]):
    return {passage.published for passage in passages if passage.published}


def _mentions(passage: Cited) -> list[Mention]:
    return mentions(passage.text, passage.language, [passage.published] if passage.published else [])
