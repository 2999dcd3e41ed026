"""Voices: the direct quotes of a section that matter, each with who said it.

`quotes_with_speakers` finds every direct quote of a German or English article whose speaker
is found; `section_voices` chooses up to three of a section's.

A direct quote is the text between quotation marks („…“, "…", «…», ‚…‘, »…«: verify/quotes.py's
QUOTATION), found paragraph by paragraph, so that an English quote that runs on into the next
paragraph, left open at the end of the first, pairs with nothing. Fewer than QUOTE_MIN_WORDS
words („Trump-Flüsterer“, "so-called 'frozen assets'") or a name in Title Case ("Prioritised
Ukraine Requirements List") is no voice. A quote's speaker is found, in this order:

1. In the quote's sentence, beside a reporting verb or marker (data/speech_verbs.txt), the
   nearest to the quote first: after it ("„…“, sagte Rutte", "„…“, so Wadephul", "said
   Rubio", "laut Rutte", "according to Rubio") or before it ("Rutte sagte", "Rubio, the
   secretary of state, said", "Rutte zufolge"). German puts the subject after a fronted verb
   of saying, so there the words after it are tried first; English the words before
   ("Anzalone said Harris „…“" is Anzalone's), and the words after only right after the quote
   ("Al Saud told El Saife" is Al Saud's). Past a nearer reporting word that names no one the
   words are someone else's ("Scholz said Merz had told him: „…“"), and a quote in a relative
   clause is not the words of the one before it ("sprach Höcke über die Firmen, die …").
2. In a sentence that leads to the quote with a colon: the words that open it ("Rutte: „…“",
   "Rutte erinnert an den Satz: „…“") when no other person is named before the colon; else
   the one person named before the colon, as a subject ("Gleich zu Beginn gibt Präsidentin
   Annekathrin Preidel den Ton vor: „…“"), not after a preposition ("die Aussage von Scholz:").
3. A pronoun found so ("sagte er", "she said"): the one person its own sentence names as a
   subject before it, else, if it names nobody, the one person the sentence before names. A
   role with only an article before it ("sagte die Ministerin", "the US President said"): the
   one person the sentence before names, if the article gives them that role. "The one
   person" is in doubt, and no speaker, where a pronoun comes before the name ("Er kritisiert,
   dass Scharaa …"), a preposition right before it ("gespielt von …"), or where the sentence
   also names someone by a role alone ("Die Ministerin entließ Max Müller") or someone the
   article does not know who may be a person (`_strangers`).
4. A sentence that is nothing but a quote: the speaker named in the sentence before for its
   quote, or the one person that sentence names, within the paragraph ("„…“, sagte Krüger. „…“").

A person is someone the article names with a first name (a run of capitalised words that the
project's name finder, verify/names.py, takes for a name, or that an apposition, a role or a
reporting verb stands beside) or with a role ("NATO-Chef Rutte"); a name found beside a
reporting verb may be a new one of two or three words. Never a place or body of
data/exonyms.txt, a run with a word of a body (data/speakers.txt: "Downing Street", "Nordic
Policy Forum"), an acronym, a German noun (-ung, -tion), or a noun after an article ("der
Tessiner Ständerat"). So "Lehrer: „…“" is nobody's. Someone left unnamed ("sagte ein Sprecher",
"said a diplomat", "one official said") makes no voice, nor does a role with words before it
("der französische UN-Gesandte"): a wrong speaker is worse than none. A speaker is given in the
fullest form the article has ("Mark Rutte" for "so Rutte"), with the role beside the name there
or, failing that, beside it elsewhere.

A quote that the sentence splitter cut in two is taken in its part beside the speaker's name
(or, for a sentence of nothing but a quote, in its first part); where the splitter left two
sentences in one passage, only a name in the quote's own sentence speaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Literal

from briefing.models import Article, Citation, Passage, Section, Voice
from briefing.settings import data_folder
from briefing.summarise.kinds import kind_of
from briefing.text.names import data_lines, exonym_index, fold
from briefing.text.terms import stop_words
from briefing.verify.names import GERMAN_NOUN_ENDINGS, NOUN_CAPITALISING_LANGUAGES, is_listed, names_in
from briefing.verify.quotes import QUOTATION
from briefing.verify.roles import roles_in

# A quote of one to three words is a term, a nickname or a title ("so-called 'frozen assets'",
# „Trump-Flüsterer“), not a voice: the bound the issue sets.
QUOTE_MIN_WORDS = 4
# A substantive quote is a clause: roughly 5 to 60 words, as the issue asks. Fewer is a
# fragment („sehr stark engagiert“), more a speech that a brief cannot print.
SUBSTANTIVE_WORDS = range(5, 61)
# A name has at most this many words, particles not counted ("Christina Markus Lassen",
# "Ursula von der Leyen"): a longer capitalised run names something else.
MAX_NAME_WORDS = 3
# A longer word before a surname is a German compound ("Deutschbanker Stefan Schneider",
# "Unterhändler Steve Witkoff"), not a first name: Annekathrin and Christopher, long first
# names, have 11 letters.
MAX_FIRST_NAME_LETTERS = 11
# A German noun ending (verify/names.py: -ung, -tion, -heit) makes a noun of a word with at
# least this many letters before it: "Regierung", "Zeitung", but not the surname "Jung".
NOUN_STEM_LETTERS = 3
# Roles, titles and the words before a role: "der russische UN-Botschafter Wassili Nebensja",
# "Reuters Editor-in-Chief Alessandra Galloni"; the labelled articles have up to three ("NATO
# Secretary General Mark Rutte"), one more leaves room.
MAX_PREFIX_WORDS = 4
# An apposition after a name, up to its comma: "Jagannath Niroula, a CAAN spokesperson, said",
# "said Jessica Dorsey, an expert in international humanitarian law at Utrecht University"; the
# longest in the labelled and the other fundus articles that name a speaker have nine and ten.
MAX_APPOSITION_WORDS = 10
# Words before a role that still belong to it: "der russische UN-Botschafter", "die
# stellvertretende Generaldirektorin", "Harris senior adviser", "US President"; two, the most
# the labelled articles put there.
MAX_ROLE_MODIFIERS = 2
# The languages whose reporting words data/speech_verbs.txt lists; in others (or an unknown one)
# an article has no voices: a colon or a name alone is too little ("L'elogio di Trump: «…»").
VOICE_LANGUAGES = {"de", "en"}
# Languages whose reports put the subject after a fronted reporting verb ("„…“, sagte Rutte";
# "Dazu sagte Rutte"): German (verify/names.py's languages that capitalise every noun); in the
# others the words before a reporting verb speak first.
SUBJECT_AFTER_VERB = NOUN_CAPITALISING_LANGUAGES
# Marks after which a word opens a sentence, so that its capital says nothing ("When Daizha
# Rioland was …", "Auch Merz sagte").
SENTENCE_MARKS = {".", "!", "?", ":", ";", "–", "—", "(", "•"}

QUOTE = "\ue000"  # a quote in a sentence's frame: the sentence with its quotes left out
TOKEN = re.compile(rf"{QUOTE}|[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d.,]*|[^\w\s]")
APOSTROPHES = ("'", "’")


@dataclass(frozen=True)
class _Quote:
    """A quotation in the article: its text's span (without the marks) and the marks' span."""

    start: int
    end: int
    opening: int
    closing: int


@dataclass(frozen=True)
class _Sentence:
    """A passage, its frame (its words and marks, each quotation in it as one QUOTE token), the
    frame as text, the quotations in it, in order, and the names the project's name finder
    finds in it."""

    passage: Passage
    tokens: list[str]
    text: str
    quotes: list[_Quote]
    language: str | None

    @cached_property
    def names(self) -> frozenset[str]:
        """The names verify/names.py finds in the frame, folded (asked only when needed: it is slow)."""
        return frozenset(fold(name) for name in names_in(self.text.replace(QUOTE, " "), self.language))

    def quote_at(self, quote: _Quote) -> int:
        """The position of `quote`'s QUOTE token in the frame."""
        positions = [position for position, token in enumerate(self.tokens) if token == QUOTE]
        return positions[self.quotes.index(quote)]


@dataclass(frozen=True)
class _Found:
    """Who a sentence says speaks: a name (its words), a pronoun, a bare role, or someone unnamed."""

    kind: Literal["name", "pronoun", "role", "unnamed"]
    words: tuple[str, ...] = ()
    role: str | None = None  # as written beside the name: "NATO-Generalsekretär"
    after_quote: bool = False  # named after the quote ("„…“, sagte Rutte"), not before it
    modified: bool = False  # a role with words before it ("der französische UN-Gesandte")
    position: int = 0  # of the reporting word in the frame


@dataclass
class _Person:
    """A person the article names: the fullest form of the name, a role beside it, and whether
    the article leaves no doubt that it is a person's name (see `_people`)."""

    words: tuple[str, ...]
    role: str | None = None
    sure: bool = False


@dataclass
class _People:
    """The persons an article (in `language`) names, by folded surname."""

    language: str | None
    by_surname: dict[str, list[_Person]] = field(default_factory=dict)

    def add(self, words: tuple[str, ...], role: str | None, sure: bool) -> None:
        """Records `words` (and its role), keeping the fullest form of each person."""
        known = self.by_surname.setdefault(fold(words[-1]), [])
        for person in known:
            if _ends_with(person.words, words) or _ends_with(words, person.words):
                person.words = max(person.words, words, key=len)
                person.role = person.role or role
                person.sure = person.sure or sure
                return
        known.append(_Person(words, role, sure))

    def knows(self, word: str) -> bool:
        """Whether someone the article names may have `word` as surname."""
        return fold(word) in self.by_surname

    def is_sure(self, word: str) -> bool:
        """Whether someone the article surely names as a person has `word` as surname."""
        return any(person.sure for person in self.by_surname.get(fold(word), []))

    def fullest(self, words: tuple[str, ...]) -> _Person:
        """The person `words` names, in the fullest form the article has, when only one fits; the
        one person of that surname when none does ("Wovor Vintz vor allem warnt" opening a
        sentence is Simone Vintz)."""
        known = self.by_surname.get(fold(words[-1]), [])
        fits = [person for person in known if _ends_with(person.words, words)] or known
        return fits[0] if len(fits) == 1 else _Person(words)


@dataclass(frozen=True)
class _Mention:
    """A known person named in a sentence: the person, where the name (with the roles before it)
    starts and ends, and whether it is a genitive or possessive ("Trumps Aussagen", "Harris’ team")."""

    person: _Person
    start: int
    end: int
    owner: bool


@dataclass(frozen=True)
class _Speaker:
    """A voice's speaker: the name as the article gives it, the role, and the passage naming them."""

    name: str
    role: str | None
    named_in: Passage


@dataclass
class _Context:
    """What finding an article's speakers reads: the article, its sentences by index, the
    persons it names, and the speaker each sentence names for its quote."""

    article: Article
    sentences: dict[int, _Sentence]
    people: _People
    named_here: dict[int, _Speaker] = field(default_factory=dict)

    def before(self, sentence: _Sentence) -> _Sentence | None:
        """The sentence before `sentence`, if it is among the passages."""
        return self.sentences.get(sentence.passage.index - 1)


def quotes_with_speakers(article: Article, passages: list[Passage]) -> list[Voice]:
    """Every direct quote of QUOTE_MIN_WORDS words or more in `passages` (an article's
    sentences) whose speaker is found, in order; see the module docstring for how. None for an
    article in another language than those of VOICE_LANGUAGES."""
    if article.language not in VOICE_LANGUAGES:
        return []
    ordered = sorted(passages, key=lambda passage: passage.index)
    quotes = [quote for quote in _quotations(article.text) if _within(quote, ordered)]
    sentences = {passage.index: _sentence(passage, quotes, article.language) for passage in ordered}
    context = _Context(article, sentences, _people(article, list(sentences.values())))
    voices = [_voice(quote, context) for quote in quotes]
    return [voice for voice in voices if voice is not None]


def section_voices(section: Section, passages: dict[str, list[Passage]], most: int = 3) -> list[Voice]:
    """Up to `most` of the section's voices that matter: distinct speakers first, then distinct
    outlets; among those, substantive quotes (`_is_substantive`) before the rest, then the news
    reports before comment, the ones the section's statements cite first before the others,
    and each report's quotes in order. The same quote from a second outlet is no second voice."""
    ranked = sorted(section.cluster.articles, key=_article_rank(section))
    candidates = [
        (voice, article.source or "")
        for article in ranked
        for voice in quotes_with_speakers(article, passages.get(article.id, []))
    ]
    candidates.sort(key=lambda candidate: not _is_substantive(candidate[0].quote))
    chosen: list[tuple[Voice, str]] = []
    for fresh_speaker, fresh_outlet in ((True, True), (True, False), (False, True), (False, False)):
        for voice, outlet in candidates:
            speakers = {_surname(other.speaker) for other, _ in chosen}
            outlets = {other for _, other in chosen}
            if len(chosen) >= most or any(voice is other or _same_quote(voice, other) for other, _ in chosen):
                continue
            if (fresh_speaker and _surname(voice.speaker) in speakers) or (fresh_outlet and outlet in outlets):
                continue
            chosen.append((voice, outlet))
    return [voice for voice, _ in chosen]


def _article_rank(section: Section) -> Callable[[Article], tuple[bool, int, int]]:
    """How `section_voices` orders the section's reports: news before comment and satire, then
    by the first statement that cites each (a section opens with its most central report),
    then as the cluster lists them."""
    first_cited: dict[str, int] = {}
    for position, statement in enumerate(section.statements):
        for citation in statement.citations:
            first_cited.setdefault(citation.article_id, position)
    order = {article.id: position for position, article in enumerate(section.cluster.articles)}

    def rank(article: Article) -> tuple[bool, int, int]:
        return kind_of(article) != "news", first_cited.get(article.id, len(section.statements)), order[article.id]

    return rank


def _is_substantive(quote: str) -> bool:
    """Whether a quote says something: SUBSTANTIVE_WORDS words with a lower-case word that is no
    stop word (a verb or an adjective in German), not a list of names or nouns („Flugzeuge,
    Panzer, Schiffe, Drohnen“)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quote)
    clause = any(word.islower() and not _is_stop_word(word) for word in words)
    return _word_count(quote) in SUBSTANTIVE_WORDS and clause


def _same_quote(one: Voice, other: Voice) -> bool:
    """Whether two voices quote the same words (one outlet's quote within another's)."""
    first, second = " ".join(_words_of(one.quote)), " ".join(_words_of(other.quote))
    return first in second or second in first


def _surname(speaker: str) -> str:
    return fold(speaker.split()[-1]) if speaker.split() else ""


def _word_count(text: str) -> int:
    return len(_words_of(text))


def _words_of(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


# --- quotes and the sentences around them -------------------------------------------------


def _quotations(text: str) -> Iterator[_Quote]:
    """Every quotation of `text`, paragraph by paragraph, without its marks and the white space
    and comma inside them (“…, ” said Rubio)."""
    offset = 0
    for line in text.split("\n"):
        for match in QUOTATION.finditer(line):
            group = match.lastgroup or ""
            start, end = match.start(group), match.end(group)
            inner = line[start:end]
            start += len(inner) - len(inner.lstrip())
            end -= len(inner) - len(inner.rstrip(" ,\t"))
            if end > start:
                yield _Quote(offset + start, offset + end, offset + match.start(), offset + match.end())
        offset += len(line) + 1


def _within(quote: _Quote, passages: list[Passage]) -> bool:
    """Whether the quote's text lies within the given passages (none of it left out)."""
    inside = [passage for passage in passages if passage.start < quote.end and passage.end > quote.start]
    return bool(inside) and inside[0].start <= quote.start and quote.end <= inside[-1].end


def _sentence(passage: Passage, quotes: list[_Quote], language: str | None) -> _Sentence:
    """The passage with each quotation in it (or the part of it there) as one QUOTE token: what
    the sentence says around what is said."""
    pieces, cursor, inside = [], passage.start, []
    for quote in quotes:
        start, end = max(quote.opening, passage.start), min(quote.closing, passage.end)
        if start >= end:
            continue
        pieces += [passage.text[cursor - passage.start : start - passage.start], f" {QUOTE} "]
        cursor = end
        inside.append(quote)
    pieces.append(passage.text[cursor - passage.start :])
    text = "".join(pieces)
    return _Sentence(passage, TOKEN.findall(text), text, inside, language)


def _voice(quote: _Quote, context: _Context) -> Voice | None:
    """The quote as a voice, if it is long enough and its speaker is found."""
    article = context.article
    text = article.text[quote.start : quote.end]
    if _word_count(text) < QUOTE_MIN_WORDS or _is_title(text):
        return None
    attributed = _attributed(quote, context)
    if attributed is None:
        return None
    cited, speaker, piece = attributed
    if speaker.named_in == cited:
        context.named_here[cited.index] = speaker
    citations = [Citation.of(cited)] + ([Citation.of(speaker.named_in)] if speaker.named_in != cited else [])
    return Voice(quote=piece, speaker=speaker.name, citations=citations, role=speaker.role, language=article.language)


def _attributed(quote: _Quote, context: _Context) -> tuple[Passage, _Speaker, str] | None:
    """The passage a voice of `quote` cites, its speaker, and the quote's words there: all of
    them, or, for a quote the splitter cut, the part beside a name (or the first part of a
    sentence of nothing but the quote), if long enough still."""
    inside = [sentence for sentence in context.sentences.values() if quote in sentence.quotes]
    first, last = inside[0], inside[-1]
    tokens, at, whole = _own_sentence(*_joined_frame(quote, first, last))
    found = _speaker_in(tokens, at, first.names | last.names, context.people)
    if not whole and (found is None or found.kind != "name"):
        return None  # the splitter missed a sentence end: the sentence before is not the passage before
    cited = last if found is not None and found.after_quote else first
    if found is not None:
        speaker = _resolved(found, cited, tokens, context)
    elif all(token == QUOTE or not token[0].isalnum() for token in tokens):
        speaker = _continued(first, context)
    else:
        speaker = None
    passage = cited.passage
    piece = context.article.text[max(quote.start, passage.start) : min(quote.end, passage.end)].strip(" ,\t")
    if len(inside) > 1 and ((found is not None and found.kind != "name") or _word_count(piece) < QUOTE_MIN_WORDS):
        return None
    return (passage, speaker, piece) if speaker is not None else None


def _joined_frame(quote: _Quote, first: _Sentence, last: _Sentence) -> tuple[list[str], int]:
    """The frame of the quote's sentence and the quote's position in it; for a quote the
    splitter cut, the first sentence up to it and the last one from it."""
    if first is last:
        return first.tokens, first.quote_at(quote)
    before = first.tokens[: first.quote_at(quote) + 1]
    return before + last.tokens[last.quote_at(quote) + 1 :], len(before) - 1


def _own_sentence(tokens: list[str], at: int) -> tuple[list[str], int, bool]:
    """The sentence of the frame that holds the quote at `tokens[at]`, where the splitter left
    several in one passage, the quote's position in it, and whether it opens the frame."""
    ends = [position for position in range(len(tokens) - 1) if _ends_sentence(tokens, position)]
    start = max((end + 1 for end in ends if end < at), default=0)
    stop = min((end + 1 for end in ends if end > at), default=len(tokens))
    return tokens[start:stop], at - start, start == 0


def _ends_sentence(tokens: list[str], position: int) -> bool:
    """Whether the mark at `tokens[position]` ends a sentence: . ! or ? before a capital or a
    quote, not after a title, an initial or a number ("Dr. Eder", "U.S.", "am 3. Mai")."""
    following, before = tokens[position + 1], tokens[position - 1] if position > 0 else ""
    if tokens[position] not in {".", "!", "?"} or not (following[0].isupper() or following == QUOTE):
        return False
    return not (_is_title_word(before) or len(before) == 1 or before[:1].isdigit())


def _is_title(text: str) -> bool:
    """Whether every word of a quote is capitalised, but not all its letters: the name of
    something ("Prioritised Ukraine Requirements List"), not words said."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return bool(words) and all(word[0].isupper() for word in words) and not text.isupper()


# --- the speaker in the quote's sentence --------------------------------------------------


def _speaker_in(tokens: list[str], at: int, names: frozenset[str], people: _People) -> _Found | None:
    """Who the sentence says speaks the quote at `tokens[at]`: beside a reporting word, the
    nearest to the quote first; past one that names no one only when it shares the subject of
    the next ("Misri said and added that …"), else the words are someone else's ("Scholz said
    Merz had told him: „…“"). Failing that, in a sentence that leads to it with a colon."""
    after_first = people.language in SUBJECT_AFTER_VERB
    blocked: set[bool] = set()  # the sides of the quote (after it or not) past a reporting word naming no one
    for position, forms in sorted(_attributions(tokens, at, after_first), key=lambda item: abs(item[0] - at)):
        if (position > at) in blocked:
            continue
        for found in forms:
            if found is not None and (found.kind != "name" or _person(found.words, people)):
                return _placed(found, position, at)
        if position == 0 or fold(tokens[position - 1]) not in _speaker_words("conjunctions"):
            blocked.add(position > at)
    if at > 0 and tokens[at - 1] == ":":
        return _before_colon(tokens, at - 1, people, names)
    return None


def _before_colon(tokens: list[str], colon: int, people: _People, names: frozenset[str]) -> _Found | None:
    """The speaker of a sentence that leads to its quote with a colon: the words that open it,
    when no other person is named before the colon; else the one person named there as a
    subject, when no pronoun comes before."""
    opening = _phrase_after(tokens, 0)
    if opening is not None and (opening.kind != "name" or _person(opening.words, people)):
        end = _phrase_end(tokens, 0)
        named = _mentions(tokens[end:colon], people) or _strangers(tokens[end:colon], people, names)
        return None if named else opening
    named = [mention for mention in _mentions(tokens[:colon], people) if not mention.owner]
    if _only_person(tokens[:colon], people, names) is None or not _as_subject(tokens, named[0].start):
        return None
    mention = named[0]
    prefix, _, _ = _prefix_before(tokens, _name_start(tokens, mention))
    return _Found("name", mention.person.words, _role_of(prefix, _apposition_after(tokens, mention.end)))


def _attributions(tokens: list[str], at: int, after_first: bool) -> Iterator[tuple[int, list[_Found | None]]]:
    """Each reporting word of the frame (its position) and the speakers it may have, the likelier
    first: for a German verb of saying, the phrase after it, then the one before it where
    `after_first`; else the one before it, and the one after it only for a verb right after the
    quote ("“…,” said Blair"; in "Al Saud told El Saife" El Saife listens, in "Merkel
    kritisierte Scholz" Scholz is criticised)."""
    for position, token in enumerate(tokens):
        word = fold(token)
        right_after = position > at and tokens[at + 1 : position] in ([], [","])
        if word in _speech("after quote") and position > at and right_after:  # "„…“, so Wadephul"
            yield position, [_phrase_after(tokens, position + 1)]
        elif word in _verbs() and _relative_between(tokens, position, at):
            continue
        elif word in _speech("verbs de") and after_first:
            yield position, [_phrase_after(tokens, position + 1), _phrase_before(tokens, position)]
        elif word in _verbs():  # the subject follows only a verb right after the quote: "“…,” said Blair"
            yield (
                position,
                [_phrase_before(tokens, position), _phrase_after(tokens, position + 1) if right_after else None],
            )
        elif word in _speech("markers before"):  # "Rutte zufolge"
            yield position, [_phrase_before(tokens, position)]
        for marker in _markers():  # "laut Rutte", "according to Rubio"
            if tuple(fold(other) for other in tokens[position : position + len(marker)]) == marker:
                yield position, [_phrase_after(tokens, position + len(marker))]


def _relative_between(tokens: list[str], position: int, at: int) -> bool:
    """Whether a relative clause opens between the reporting word at `position` and the quote
    at `at` (a comma and a relative pronoun): the quote is then said of someone else."""
    low, high = sorted((position, at))
    return any(
        tokens[index] == "," and fold(tokens[index + 1]) in _speaker_words("relative") for index in range(low, high - 1)
    )


def _placed(found: _Found, position: int, at: int) -> _Found:
    """`found` with where its reporting word stands, and whether that is after the quote at `at`."""
    return _Found(found.kind, found.words, found.role, position > at, found.modified, position)


def _phrase_after(tokens: list[str], start: int) -> _Found | None:
    """The speaker phrase that begins at `tokens[start]`: a pronoun, someone unnamed, or an
    article, roles and titles, a name, and an apposition after a comma (each but the name may
    be missing)."""
    if start >= len(tokens):
        return None
    first = fold(tokens[start])
    if first in _speech("pronouns"):
        return _Found("pronoun")
    if first in _speaker_words("unnamed") and _describes(tokens, start + 1):
        return _Found("unnamed")
    described = first in _speaker_words("determiners")
    position, prefix, modified = _prefix_after(tokens, start + described)
    name, end = _name_run(tokens, position)
    if name and (later := _name_after_lower_words(tokens, end)):
        prefix, name, end = tokens[position:later], *_name_run(tokens, later)
    role = _role_of(prefix, _apposition_after(tokens, end))
    if name and described and not prefix:
        return None  # "der Tessiner Ständerat", "the Florida fan": a noun, not a name
    if name:
        return _Found("name", _trimmed(name, _at_sentence_start(tokens, position)), role)
    if described and role:
        return _Found("role", role=role, modified=modified)
    return None


def _name_after_lower_words(tokens: list[str], end: int) -> int:
    """Where a second name starts after the name ending at `end` and up to MAX_ROLE_MODIFIERS
    lower-case words that are no preposition or conjunction ("Google Search lead Liz Reid":
    the first name is a body's, the second the speaker's), or 0."""
    position, stop = end, _speaker_words("prepositions") | _speaker_words("conjunctions")
    while position < len(tokens) and position - end < MAX_ROLE_MODIFIERS and tokens[position].isalpha():
        if not tokens[position].islower() or fold(tokens[position]) in stop | _function_words():
            break
        position += 1
    return position if position > end and position < len(tokens) and _is_name_word(tokens[position]) else 0


def _describes(tokens: list[str], position: int) -> bool:
    """Whether `tokens[position]` describes someone after an indefinite article: a role or a
    lower-case word that is no article or preposition ("ein Sprecher", "a senior official"; not
    German "an den Satz")."""
    if position >= len(tokens):
        return False
    word = tokens[position]
    function = _speaker_words("determiners") | _speaker_words("prepositions")
    return _is_role_word(word) or (word.isalpha() and word.islower() and fold(word) not in function)


def _phrase_end(tokens: list[str], start: int) -> int:
    """Where the speaker phrase that begins at `tokens[start]` ends."""
    described = start < len(tokens) and fold(tokens[start]) in _speaker_words("determiners")
    position, _, _ = _prefix_after(tokens, start + described)
    return _name_run(tokens, position)[1]


def _prefix_after(tokens: list[str], start: int) -> tuple[int, list[str], bool]:
    """The roles and titles from `tokens[start]` on, with the words before a role that belong to
    it (US, NATO, russische): where they end, the words, and whether any word modifies a role."""
    position, modified = start, False
    prefix: list[str] = []
    while position < len(tokens) and len(prefix) < MAX_PREFIX_WORDS:
        word = tokens[position]
        if _is_title_word(word):
            position += 2 if tokens[position + 1 : position + 2] == ["."] else 1
        elif _is_role_word(word):
            prefix.append(word)
            position += 1
        elif role := _role_after_modifiers(tokens, position):
            modified = modified or any(token.islower() for token in tokens[position:role])
            prefix += tokens[position:role]
            position = role
        else:
            break
    return position, prefix, modified


def _role_after_modifiers(tokens: list[str], start: int) -> int:
    """Where a role begins after up to MAX_ROLE_MODIFIERS words from `start` that may stand
    before one (lower-case ones: "russische"; places, bodies and acronyms: "US", "Hessens"), or 0."""
    for position in range(start, min(start + MAX_ROLE_MODIFIERS, len(tokens))):
        word = tokens[position]
        if not ((word.isalpha() and word.islower()) or _is_modifier(word)):
            break
        if position + 1 < len(tokens) and _is_role_word(tokens[position + 1]):
            return position + 1
    return 0


def _phrase_before(tokens: list[str], end: int) -> _Found | None:
    """The speaker phrase that ends before `tokens[end]` (a reporting word): a pronoun, or a name
    with roles before it and maybe an apposition between commas after it ("Rubio, the
    secretary of state, said"), or in it ("The Nato chief at the time, Jens Stoltenberg,
    said"), or a role, or someone unnamed."""
    position = end - 1
    if position < 0:
        return None
    if fold(tokens[position]) in _speech("pronouns"):
        return _Found("pronoun")
    apposition: list[str] = []
    if tokens[position] == ",":
        opening = _apposition_start(tokens, position)
        if opening is None:
            return None
        apposition, position = tokens[opening + 1 : position], opening - 1
        named, named_end = _name_run(apposition, 0)
        if named and named_end == len(apposition):
            return _named_in_apposition(tokens, opening, named)
    name, start = _name_run_before(tokens, position)
    prefix, start, modified = _prefix_before(tokens, start)
    role = _role_of(prefix, apposition)
    opener = fold(tokens[start - 1]) if start > 0 else ""
    if name and (opener in _speaker_words("prepositions") or (opener in _speaker_words("determiners") and not prefix)):
        return None  # "Auf Bennetts Interview antwortete", "the Florida fan said"
    if name:
        return _Found("name", _trimmed(name, _at_sentence_start(tokens, start)), role)
    if opener in _speaker_words("unnamed") and prefix:
        return _Found("unnamed")
    if opener in _speaker_words("determiners") and role:
        return _Found("role", role=role, modified=modified)
    return None


def _named_in_apposition(tokens: list[str], opening: int, named: tuple[str, ...]) -> _Found | None:
    """The speaker when the apposition before a reporting verb is a name ("The Nato chief at the
    time, Jens Stoltenberg, said"; "Der Schulleiter der Volksschule Tristach, Norbert Salcher,
    bestätigte"): that name, unless a name before it may be the subject as well."""
    before, start = _name_run_before(tokens, opening - 1)
    if before and _as_subject(tokens, _prefix_before(tokens, start)[1]):
        return None
    return _Found("name", named, _role_of(tokens[max(0, opening - MAX_APPOSITION_WORDS) : opening], []))


def _apposition_start(tokens: list[str], comma: int) -> int | None:
    """The comma that opens an apposition closed by the one at `comma`, if it is no more than
    MAX_APPOSITION_WORDS words before."""
    words = 0
    for position in range(comma - 1, -1, -1):
        if tokens[position] in (QUOTE, ";", ":") or words > MAX_APPOSITION_WORDS:
            return None
        if tokens[position] == ",":
            return position
        words += tokens[position][0].isalnum()
    return None


def _prefix_before(tokens: list[str], end: int) -> tuple[list[str], int, bool]:
    """The roles and titles that end at `tokens[end - 1]`, with the words before a role that
    belong to it: the words, where they start, and whether any word modifies a role."""
    start, modified = end, False
    prefix: list[str] = []
    while start > 0 and len(prefix) < MAX_PREFIX_WORDS:
        word = tokens[start - 1]
        if word == "." and start > 1 and _is_title_word(tokens[start - 2]):
            start -= 2
        elif _is_title_word(word):
            start -= 1
        elif _is_role_word(word):
            prefix.insert(0, word)
            start -= 1
        elif prefix and _role_after_modifiers(tokens, start - 1) == start:
            modified = modified or word.islower()
            prefix.insert(0, word)
            start -= 1
        else:
            break
    return prefix, start, modified


def _apposition_after(tokens: list[str], end: int) -> list[str]:
    """The words between the comma at `tokens[end]` and the next comma, quote or sentence mark."""
    if end >= len(tokens) or tokens[end] != ",":
        return []
    words = []
    for token in tokens[end + 1 : end + 1 + MAX_APPOSITION_WORDS]:
        if token in {",", QUOTE, ";", ":", "(", ")"} or token in SENTENCE_MARKS:
            break
        words.append(token)
    return words


def _role_of(prefix: list[str], apposition: list[str]) -> str | None:
    """The role as written beside a name: the last one before it, else the first in its
    apposition; a role of data/roles.txt, else a German role of data/name_cues.txt
    ("ÖVP-Integrationsministerin")."""
    for words, last in ((prefix, True), (apposition, False)):
        text = " ".join(words)
        found = list(_roles(text).values())
        if found:
            return max(found, key=text.rfind) if last else min(found, key=text.find)
        cues = [word for word in words if _is_german_role(word)]
        if cues:
            return cues[-1] if last else cues[0]
    return None


# --- names --------------------------------------------------------------------------------


def _name_run(tokens: list[str], start: int) -> tuple[tuple[str, ...], int]:
    """The name that begins at `tokens[start]` (capitalised words, particles between them) and
    where it ends; none when it is a possessive ("Harris’ team", "Al Jazeera's manager")."""
    position = start
    if position < len(tokens) and _at_sentence_start(tokens, position) and _is_stop_word(tokens[position]):
        return (), start  # "Von Temu heißt es", "When Daizha Rioland was"
    while position < len(tokens) and (_is_name_word(tokens[position]) or _particle_inside(tokens, position, start)):
        position += 1
    if position > start and _is_possessive(tokens, position - 1):
        return (), start
    return tuple(tokens[start:position]), position


def _name_run_before(tokens: list[str], end: int) -> tuple[tuple[str, ...], int]:
    """The name that ends at `tokens[end]`, and where it starts."""
    if end < 0 or _is_possessive(tokens, end):
        return (), end + 1
    start = end + 1
    while start > 0 and (_is_name_word(tokens[start - 1]) or _particle_inside(tokens, start - 1, 0)):
        start -= 1
    while start <= end and not _is_name_word(tokens[start]):  # "von der Leyen" opening a sentence
        start += 1
    return tuple(tokens[start : end + 1]), start


def _particle_inside(tokens: list[str], position: int, start: int) -> bool:
    """Whether `tokens[position]` is a lower-case particle between the name words of a run that
    begins at `start` ("Ursula von der Leyen"): a name word before it, and particles and a
    name word after it; a particle that is also an article only after another ("von der")."""
    particles = _speaker_words("particles")
    word = tokens[position]
    if fold(word) not in particles or not word.islower() or position <= start:
        return False
    previous = tokens[position - 1]
    if fold(word) in _speaker_words("determiners") and not (previous.islower() and fold(previous) in particles):
        return False
    if not _is_name_word(previous) and fold(previous) not in particles:
        return False
    following = position + 1
    while following < len(tokens) and tokens[following].islower() and fold(tokens[following]) in particles:
        following += 1
    return following < len(tokens) and _is_name_word(tokens[following])


def _runs(tokens: list[str]) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """Every name run of `tokens`: its words, where it starts and where it ends."""
    position = 0
    while position < len(tokens):
        run, end = _name_run(tokens, position) if _is_name_word(tokens[position]) else ((), position)
        if run:
            yield run, position, end
        position = max(end, position + 1)


def _candidates(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The names `words` may be, the likelier first: cut before a particle that is also a
    preposition ("Harald Prüß von der Charité"), then whole ("Ursula von der Leyen", "Virgil
    van Dijk"); each with at most MAX_NAME_WORDS name words and of a person."""
    prepositions = _speaker_words("prepositions")
    cuts = [words[:at] for at, word in enumerate(words) if at > 0 and fold(word) in prepositions and word.islower()]
    for candidate in [*cuts, words]:
        names = [word for word in candidate if _is_name_word(word)]
        if names and len(names) <= MAX_NAME_WORDS and _may_be_person(candidate):
            yield candidate


def _person(words: tuple[str, ...], people: _People) -> tuple[str, ...] | None:
    """The person's name in `words`, a run found beside a reporting word: of two or three name
    words, or a known surname; with particles, only a known surname ("von der Leyen")."""
    for candidate in _candidates(words):
        names = [word for word in candidate if _is_name_word(word)]
        if any(word.endswith("s") and people.knows(word[:-1]) for word in names[:-1]):
            continue  # "Bennetts Interview": someone's, not someone
        if people.is_sure(candidate[-1]) or (len(names) >= 2 and len(names) == len(candidate)):
            return candidate
    return None


def _trimmed(words: tuple[str, ...], at_start: bool) -> tuple[str, ...]:
    """`words` without the leading words that are no first name: a word with an acronym
    (SWR-Landeskorrespondent), a long German compound (Deutschbanker), a noun (-ung, -tion),
    and, opening a sentence, a stop word ("When Daizha Rioland", "Auch Merz")."""
    start = 0
    while start < len(words) - 1 and not _may_be_first_name(words[start], at_start and start == 0):
        start += 1
    return words[start:]


def _is_stop_word(word: str) -> bool:
    return word.lower() in _stop_words()


def _may_be_first_name(word: str, at_start: bool) -> bool:
    stop = at_start and _is_stop_word(word)
    return (
        len(word) <= MAX_FIRST_NAME_LETTERS
        and not _has_acronym(word)
        and not _is_noun(word)
        and not _is_place(word)
        and not stop
    )


def _may_be_person(words: tuple[str, ...]) -> bool:
    """Whether a run of name words may name a person: not a listed place or body of several
    words (White House, Saudi Arabia), no word of a body, no acronym; as surname no German noun
    and no place, not even as a genitive ("Venezuela Öl liefern", "vor der Küste Venezuelas")."""
    if len(words) > 1 and is_listed(" ".join(words)):
        return False
    if any(_has_acronym(word) or _is_body_word(word) for word in words):
        return False
    return not _is_noun(words[-1]) and not any(_is_place(word) for word in words)


@lru_cache(maxsize=16384)
def _is_place(word: str) -> bool:
    """Whether `word`, or it without a genitive s, is a place, body or day of data/exonyms.txt
    (Venezuela, Venezuelas, Kreml), not one of its people (Wladimir, Selenskyj)."""
    folded = fold(word)
    base = folded if folded in exonym_index() else folded[:-1] if folded.endswith("s") else ""
    return base in exonym_index() and base not in _listed_people()


def _is_noun(word: str) -> bool:
    """Whether `word` has a German noun ending after NOUN_STEM_LETTERS letters or more (Regierung)."""
    lower = word.lower()
    return any(
        lower.endswith(ending) and len(lower) - len(ending) >= NOUN_STEM_LETTERS for ending in GERMAN_NOUN_ENDINGS
    )


@lru_cache(maxsize=16384)
def _is_body_word(word: str) -> bool:
    """A word of a body's name (data/speakers.txt), or a German compound ending in one (Bankhaus)."""
    folded = fold(word)
    return any(folded == body or (len(body) >= 4 and folded.endswith(body)) for body in _speaker_words("organisations"))


@lru_cache(maxsize=16384)
def _is_name_word(token: str) -> bool:
    """A word that may be part of a person's name: capitalised (or "ad-Din", "al-Scharaa"), with
    lower-case letters, no acronym, role, title, pronoun, article or reporting word."""
    if not token or not (token[0].isupper() or re.match(r"[a-z]{1,3}-[A-ZÄÖÜ]", token)):
        return False
    if token == QUOTE or not any(char.islower() for char in token) or _has_acronym(token) or _owns(token):
        return False
    return fold(token) not in _function_words() and not _is_role_word(token) and not _is_title_word(token)


def _is_possessive(tokens: list[str], position: int) -> bool:
    """Whether `tokens[position]` is followed by an apostrophe ("Harris’ team") or ends in 's."""
    if position < 0 or position >= len(tokens):
        return False
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    return _owns(tokens[position]) or following in APOSTROPHES


def _owns(word: str) -> bool:
    """Whether `word` is an English possessive ("Jazeera's", "General’s"), no name nor role."""
    return word.endswith(("'s", "’s"))


def _has_acronym(word: str) -> bool:
    """Whether `word` or a part of it is an acronym (NATO, US-Präsident, SWR-Korrespondent)."""
    return any(len(part) >= 2 and part.isupper() for part in word.split("-"))


def _is_modifier(word: str) -> bool:
    """A capitalised word that may stand before a role: a place or body (US, Hessens, NATO)."""
    return bool(word[:1].isupper()) and (_has_acronym(word) or is_listed(word))


def _is_title_word(word: str) -> bool:
    return fold(word) in _speaker_words("titles")


@lru_cache(maxsize=8192)
def _is_role_word(word: str) -> bool:
    """A role or title before a name: data/roles.txt, or a word of data/name_cues.txt's roles
    (English ones whole: Minister, Chief; German ones also ending a compound: Kreissprecherin),
    or a hyphenated word with one (Editor-in-Chief, NATO-Chef)."""
    if not word[:1].isalpha() or (word[:1].islower() and len(word) <= 2) or _owns(word):
        return False
    if _roles(word) or _is_german_role(word):
        return True
    return any(fold(part) in _cue_roles("en") for part in word.split("-") if part)


@lru_cache(maxsize=16384)
def _is_german_role(word: str) -> bool:
    """A capitalised word that is or ends in a German role of data/name_cues.txt
    ("Integrationsministerin", "Landeskorrespondent" is none)."""
    cues = _cue_roles("de")
    parts = [fold(part) for part in word.split("-") if part]
    return word[:1].isupper() and any(
        part in cues or any(len(cue) >= 4 and part.endswith(cue) for cue in cues) for part in parts
    )


def _at_sentence_start(tokens: list[str], position: int) -> bool:
    return position == 0 or tokens[position - 1] in SENTENCE_MARKS or tokens[position - 1] == QUOTE


def _ends_with(words: tuple[str, ...], tail: tuple[str, ...]) -> bool:
    """Whether `words` end with `tail`, folded."""
    return len(tail) <= len(words) and [fold(w) for w in words[len(words) - len(tail) :]] == [fold(w) for w in tail]


# --- the persons of an article, and whom a pronoun or a role means --------------------------


def _people(article: Article, sentences: list[_Sentence]) -> _People:
    """The persons the article names (see `_register`)."""
    people = _People(article.language)
    naming: dict[str, set[int]] = {}
    for sentence in sentences:
        for token in sentence.tokens:
            naming.setdefault(fold(token), set()).add(sentence.passage.index)
    repeated = frozenset(word for word, indices in naming.items() if len(indices) > 1)
    for sentence in sentences:
        for run, start, end in _runs(sentence.tokens):
            _register(people, sentence, (run, start, end), repeated)
    return people


def _register(
    people: _People,
    sentence: _Sentence,
    at: tuple[tuple[str, ...], int, int],
    repeated: frozenset[str],
) -> None:
    """Records the person a run of name words (`at`: its words, start and end) names, if any: a
    name of two or three words that the project's name finder takes for one (verify/names.py;
    not "Nataliia Romanenko steht" opening a German sentence), or that is vouched for (see
    `_vouched`); a single word with a role before it ("NATO-Chef Rutte"). A sentence's first word
    is left out when the name finder does not take it, in a run of three words, or in German
    unless vouched for. Sure of a name vouched for or named again in another sentence; of one
    that the name finder alone takes, only in English and not after a preposition ("at Ocean
    Florida"): German capitalises nouns ("junge Käuferinnen und Käufer Rabatte eingeräumt")."""
    run, start, end = at
    tokens = sentence.tokens
    prefix, phrase_start, _ = _prefix_before(tokens, start)
    apposition = _apposition_after(tokens, end)
    role = _role_of(prefix, apposition)
    vouched = _vouched(tokens, phrase_start, start, end, apposition) or _role_of(prefix, []) is not None
    german = people.language in NOUN_CAPITALISING_LANGUAGES
    opening = _at_sentence_start(tokens, start)
    if opening and (len(run) >= MAX_NAME_WORDS or (german and not vouched)) and fold(run[0]) not in sentence.names:
        run = run[1:]  # "Wovor Vintz warnt", "Pollster Tom Baxter said": a capital opening a sentence says nothing
    for words in _candidates(_trimmed(run, opening)) if run else ():
        names = [word for word in words if _is_name_word(word)]
        if len(names) >= 2 and (vouched or _finds_any(sentence.names, names)):
            plain = not german and not _after_preposition(tokens, phrase_start)  # not "at Ocean Florida"
            people.add(words, role, vouched or plain or fold(words[-1]) in repeated)
            return
        if len(words) == 1 and prefix and _is_role_word(prefix[-1]):
            people.add(words, role, True)
            return


def _finds_any(found: frozenset[str], names: list[str]) -> bool:
    """Whether the name finder found any of `names`, or a part of one (Meinl of Meinl-Reisinger)."""
    return any(fold(part) in found for word in names for part in (word, *word.split("-")))


def _vouched(tokens: list[str], phrase_start: int, start: int, end: int, apposition: list[str]) -> bool:
    """Whether the words around a name say it is a person's: an apposition that describes it
    ("Karin Krapp, eine weitere Betroffene"), a reporting verb right after it or a word or two
    before it ("sagt SWR-Landeskorrespondent Matthias Zahn"), or a role and a comma before it
    ("die Sprecherin des Weißen Hauses, Karoline Leavitt")."""
    before = [fold(token) for token in tokens[max(0, phrase_start - 2) : phrase_start] if token[0].isalpha()]
    beside_verb = bool(set(before) & _verbs()) or (end < len(tokens) and fold(tokens[end]) in _verbs())
    described = bool(apposition) and (
        fold(apposition[0]) in _speaker_words("unnamed") or _role_of([], apposition) is not None
    )
    introduced = start > 0 and tokens[start - 1] == "," and _role_of(tokens[max(0, start - 6) : start], []) is not None
    return beside_verb or described or introduced


def _mentions(tokens: list[str], people: _People) -> list[_Mention]:
    """The known persons a frame names, each where its name (with the roles before it) stands."""
    mentions = []
    for run, start, end in _runs(tokens):
        if start > 0 and fold(tokens[start - 1]) in _speaker_words("determiners"):
            continue  # "The Florida fan": a noun, not a name
        owner = _is_possessive(tokens, end - 1)
        words = next((c for c in _candidates(run) if people.knows(c[-1])), None)
        if words is None and run[-1].endswith("s") and people.knows(run[-1][:-1]):  # "Trumps Aussagen"
            words, owner = (*run[:-1], run[-1][:-1]), True
        if words is not None:
            _, phrase_start, _ = _prefix_before(tokens, start)
            mentions.append(_Mention(people.fullest(words), phrase_start, end, owner))
    return mentions


def _strangers(tokens: list[str], people: _People, names: frozenset[str]) -> bool:
    """Whether a frame names someone the article does not know who may be a person: someone by a
    role alone ("Die Ministerin entließ Max Müller"); a name of two or three words, that the
    name finder takes for one (`names`) or whose first words may be first names ("über Jonas
    Weber", not "Öltanker-Beschlagnahme Drogen"); in English also a capitalised word that is no
    stop word, place or body ("Rubio met …"), but not in German, which capitalises every noun."""
    german = people.language in NOUN_CAPITALISING_LANGUAGES
    if any(_is_bare_role(tokens, position) for position in range(len(tokens))):
        return True
    for run, _, _ in _runs(tokens):
        if any(people.knows(candidate[-1]) for candidate in _candidates(run)) or not _may_be_person(run):
            continue
        words = [word for word in run if _is_name_word(word)]
        first_names = all(_may_be_first_name(word, False) for word in words[:-1])
        if len(words) >= 2 and (first_names or any(fold(word) in names for word in words)):
            return True
        if not german and len(words) == 1 and not _is_stop_word(words[0]):
            return True
    return False


def _is_bare_role(tokens: list[str], position: int) -> bool:
    """Whether `tokens[position]` is a role that stands for someone unnamed: after an article (and
    words before a role), with no name after it ("die Ministerin", "the Ukrainian president"),
    nor an apposition to a name before it ("Rubio, the secretary of state")."""
    if not _is_role_word(tokens[position]) or _is_title_word(tokens[position]):
        return False
    following = position + 1
    while following < len(tokens) and (_is_role_word(tokens[following]) or _is_title_word(tokens[following])):
        following += 1 + (tokens[following + 1 : following + 2] == ["."])
    after = tokens[following : following + 2]
    if after and (_is_name_word(after[0]) or (after[0] == "," and len(after) > 1 and _is_name_word(after[1]))):
        return False
    start = position
    while start > 0 and position - start < MAX_ROLE_MODIFIERS and _role_after_modifiers(tokens, start - 1) == start:
        start -= 1
    opener = fold(tokens[start - 1]) if start > 0 else ""
    if opener not in _speaker_words("determiners") | _speaker_words("unnamed"):
        return False
    return not (start > 2 and tokens[start - 2] == "," and _is_name_word(tokens[start - 3]))


def _name_start(tokens: list[str], mention: _Mention) -> int:
    """Where the name of `mention` starts, after the roles and titles before it."""
    position = mention.start
    while position < mention.end and not _is_name_word(tokens[position]):
        position += 1
    return position


def _as_subject(tokens: list[str], start: int) -> bool:
    """Whether a name (with its roles) starting at `tokens[start]` may be the subject: it opens
    the sentence, or follows a word that is no preposition, article or conjunction."""
    if _at_sentence_start(tokens, start):
        return True
    before = fold(tokens[start - 1])
    return before not in _speaker_words("prepositions") | _speaker_words("determiners") and before != ","


def _after_preposition(tokens: list[str], start: int) -> bool:
    """Whether a name (with its roles) starting at `tokens[start]` stands after a preposition, an
    article between them or not ("in Kirjat Gat", "mit der Kanzlerin Angela Merkel")."""
    if start > 0 and fold(tokens[start - 1]) in _speaker_words("determiners"):
        start -= 1
    return start > 0 and fold(tokens[start - 1]) in _speaker_words("prepositions")


def _pronoun_before(tokens: list[str], position: int) -> bool:
    return any(fold(token) in _speech("pronouns") for token in tokens[:position])


def _resolved(found: _Found, sentence: _Sentence, tokens: list[str], context: _Context) -> _Speaker | None:
    """The speaker `found` stands for: a name, as the article gives it fullest; a pronoun, the one
    person its own sentence names as a subject before it, or the sentence before if its own
    names none; a bare role, the one person the sentence before names, if the article gives
    them that role."""
    people = context.people
    if found.kind == "name":
        words = _person(found.words, people)
        person = people.fullest(words) if words else None
        return _Speaker(" ".join(person.words), found.role or person.role, sentence.passage) if person else None
    if found.kind == "unnamed" or found.modified:
        return None
    mentions = _mentions(tokens, people)
    if found.kind == "pronoun" and (mentions or _strangers(tokens, people, sentence.names)):
        own = _only_person(tokens, people, sentence.names)
        subject = own is not None and mentions[0].end <= found.position and _as_subject(tokens, mentions[0].start)
        return _Speaker(" ".join(own.words), own.role, sentence.passage) if own and subject else None
    before = context.before(sentence)
    person = _only_person(before.tokens, people, before.names) if before is not None else None
    if before is None or person is None:
        return None
    if found.kind == "role" and not set(_roles(found.role or "")) & set(_roles(person.role or "")):
        return None
    return _Speaker(" ".join(person.words), person.role, before.passage)


def _continued(sentence: _Sentence, context: _Context) -> _Speaker | None:
    """The speaker of a sentence that is nothing but a quote: the one the sentence before, in the
    same paragraph, names as the speaker of its quote, else the one person it names."""
    before = context.before(sentence)
    if before is None or "\n" in context.article.text[before.passage.end : sentence.passage.start]:
        return None
    if before.passage.index in context.named_here:
        return context.named_here[before.passage.index]
    if before.quotes:
        return None
    person = _only_person(before.tokens, context.people, before.names)
    return _Speaker(" ".join(person.words), person.role, before.passage) if person else None


def _only_person(tokens: list[str], people: _People, names: frozenset[str]) -> _Person | None:
    """The one person a sentence names, when it names no one else who may be a person, no
    pronoun comes before the name, no preposition right before it ("gespielt von …", "in
    Kirjat Gat"), and it is no genitive or possessive ("Trumps Aussagen", "Harris’ team")."""
    mentions = _mentions(tokens, people)
    if len({fold(mention.person.words[-1]) for mention in mentions}) != 1 or any(m.owner for m in mentions):
        return None
    if _strangers(tokens, people, names) or _after_preposition(tokens, mentions[0].start):
        return None
    person = max((mention.person for mention in mentions), key=lambda person: len(person.words))
    return None if _pronoun_before(tokens, mentions[0].start) or not person.sure else person


# --- word lists ---------------------------------------------------------------------------


@cache
def _listed_people() -> frozenset[str]:
    """The folded names of data/exonyms.txt's section of people (from its comment "# People …"
    to the next comment): names of persons spelled differently in English and German (Wladimir,
    Selenskyj). Every other name listed there is a place, a body or a day."""
    text = (data_folder("data") / "exonyms.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    inside = False
    for line in text.splitlines():
        if line.startswith("#"):
            inside = line.startswith("# People")
        elif inside:
            names.update(fold(name.strip()) for name in line.split("|") if name.strip())
    return frozenset(names)


@cache
def _sections(name: str) -> dict[str, frozenset[str]]:
    """The sections of a word list in data/ ("[verbs de]" → its words, folded)."""
    sections: dict[str, set[str]] = {}
    words: set[str] = set()
    for line in data_lines(name):
        if line.startswith("["):
            words = sections.setdefault(line.strip("[]"), set())
        else:
            words.add(fold(line))
    return {section: frozenset(words) for section, words in sections.items()}


def _speech(section: str) -> frozenset[str]:
    """A section of data/speech_verbs.txt."""
    return _sections("speech_verbs.txt").get(section, frozenset())


def _speaker_words(section: str) -> frozenset[str]:
    """A section of data/speakers.txt."""
    return _sections("speakers.txt").get(section, frozenset())


@cache
def _verbs() -> frozenset[str]:
    """Every reporting verb of data/speech_verbs.txt."""
    return _speech("verbs de") | _speech("verbs de object") | _speech("verbs en")


@cache
def _function_words() -> frozenset[str]:
    """Words that are never part of a name: pronouns, articles, reporting words and markers."""
    words = _speech("pronouns") | _verbs() | _speech("after quote")
    words |= _speech("markers before") | {word for marker in _markers() for word in marker}
    return words | _speaker_words("determiners") | _speaker_words("unnamed")


@lru_cache(maxsize=16384)
def _roles(text: str) -> dict[str, str]:
    """verify/roles.py's roles of `text` (role → as written), remembered: the same words come
    up again and again."""
    return roles_in(text) if text.strip() else {}


@cache
def _stop_words() -> frozenset[str]:
    """German and English stop words: capitalised only because they open a sentence."""
    return stop_words("de") | stop_words("en")


@cache
def _markers() -> tuple[tuple[str, ...], ...]:
    """The markers of data/speech_verbs.txt as word sequences ("according to")."""
    return tuple(tuple(marker.split()) for marker in _speech("markers"))


@cache
def _cue_roles(language: str) -> frozenset[str]:
    """The roles of data/name_cues.txt in `language` ("en", "de"), folded."""
    return _sections("name_cues.txt").get(f"roles {language}", frozenset())
