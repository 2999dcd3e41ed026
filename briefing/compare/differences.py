"""Where a section's outlets report a figure differently: offline, by reading the figures.

Two passages of different outlets differ on a figure when both count or measure the same
thing and their values cannot both be true: "mehr als fünf Stunden" and "about four hours"
(the meeting's length), "mindestens zwölf Tote" and "nine people were killed". Each side is
its passage, quoted, cited to its own outlet.

Never invent a disagreement: a pair is left alone unless every test below says it is one.

- What a figure counts (`data/quantity_nouns.txt`, English and German): the word after the
  number, or for people what happened to them ("12 people were injured", "killing 10",
  "25 Menschen starben", "46 demonstrators were arrested"). A unit (Prozent, euros, hours),
  people and things that many events befall (villages, flights) say little alone: two such
  figures must also share words nearby, or a topic of the list (talks / Gespräche), other
  than the words the whole story uses ("Qeshm", "police"). A type between number and noun
  ("seven AK-47 rifles") and what an English unit qualifies ("a 4.5 percent margin") must
  be the same.
- Its values as an interval (`briefing.verify.numbers.mentions` reads the number and a bound
  before it): "more than five" is (5, ∞), "at least five" [5, ∞), "about four" 4 ± 10 %,
  "almost three" [2.7, 3), "35 to 40" [35, 40]. Two figures conflict when no reading of one
  meets a reading of the other. Ends that touch meet: "mehr als 70" and "70" (a report that
  drops "more than"), "nearly 300" and "more than 300" round the same number.
- The same scope: a total is not a part ("insgesamt", "davon", "weitere", "other"), a forecast
  not a count ("erwartet", "could"), a rate not a sum ("per day"). The same time: the passages
  name the same years, months, periods and weekdays (the 2024 budget is not the 2025 one, the
  day's count not the week's).
- No doubt within a passage: a passage with two figures of one quantity ("2,2 Prozent, im
  Oktober 2,1 Prozent") says which is which in words we do not read; neither is compared.
- No doubt within the articles: when the other article states anything of the quantity that
  agrees with one side (its total, the other day's count, "at least 50" beside "50"), the two
  figures are taken to be different quantities.

Left out: ages ("38-year-old", "der 48-Jährige"), years, dates and times, ordinals ("67th"),
frequencies ("four times"), signed numbers ("minus 20"), designations ("AK 47"), units we do
not know written onto a number ("7.62mm"), figures in parentheses (conversions: "110 billion
euros ($143 billion)"), changes ("from 45 to 13 percent"), thousands split by a comma and a
space ("200, 000", as tokenised corpora write them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from briefing.models import Article, Citation, Difference, Passage, Section, Statement
from briefing.summarise.segment import sentence_spans
from briefing.text.names import data_lines
from briefing.text.terms import terms
from briefing.verify.numbers import MONTHS, SCALES_ALONE, WEEKDAYS, Mention, mentions


def _plain(text: str) -> str:
    """Lower case without accents or umlauts, ß as ss: how the word list is matched."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "SS"))
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


# "About four" is four give or take this share, as the issue reads it ([3.6, 4.4]); "almost
# three" is three less up to this share. On the labelled pairs (benchmarks/difference_quality.py)
# 0.05, 0.1 and 0.15 find the same; 0.2 loses two (40 against "almost 50" injured, "at least 14"
# against "about a dozen" ships).
APPROXIMATION = 0.1
# Two reports published further apart than this are not set against each other: a toll or a
# price in the later one may be the later count, an update rather than a disagreement (the
# labelled sets are undated, so this was not measured; half a day keeps one news cycle).
UPDATE_HOURS = 12
# What a figure counts is named within this many words after the number ("seven AK-47
# assault rifles"), or, for a count, right before it with only fillers between ("killing
# 10", "magnitude of 5.9"). Past a word for people, what happened to them may come this many
# words later ("12 people were injured", "three people have died"); "five people had received
# treatment after being injured" is too far to be sure of.
HEAD_WORDS = 3
PEOPLE_WORDS = 4
# A generic figure's neighbourhood: this many words on each side (past its unit), up to the
# next number. Eight reaches "Ten minutes after being taken off the job, Hiller drove her car"
# from both ends of the clause; the labelled pairs need no more.
CONTEXT_WORDS = 8
# Words or topics two figures of a generic quantity must share nearby, by its kind, story
# words not counted. On benchmarks/difference_quality.py (labelled pairs and section runs),
# one was enough for things and groups ("hold" for ships held); for units and people one
# found four more true disagreements and three false ones (a player's contract beside
# another's offer, $37.5 against $200 million); two keep only true ones (hours: "suspect" and
# talks; stocks: "Greek", "alarm" and stocks).
SHARED_WORDS = {"object": 1, "group": 1, "unit": 2, "people": 2}
# A word in this share of an article's sentences (two at least) is the story's ("Qeshm",
# "island", "police"): shared by figures of any quantity, it tells none apart. Without it the
# section runs of benchmarks/difference_quality.py take a film's takings for its director's
# fee and two teams' offers for one; 0.3 changes one case, 0.1 loses two true ones.
STORY_SHARE = 0.2
# Scopes that must sit next to a number ("50 weitere", "another 2,000", "sechs davon"):
# within this many words of it.
NEAR_WORDS = 3
# A number this close below or above which four digits name a year, not a count.
YEARS = (1900, 2100)

TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)|(?P<digits>\d+)|(?P<mark>[^\w\s])")
# Marks that end what a number can count; hyphens, slashes and apostrophes do not ("24 - hour", "km/h").
STOPS = frozenset('.,;:!?()[]{}"„“”«»…–—')
CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas", "than", "as", "und", "oder", "aber", "sowie",
                          "wahrend", "als", "bzw"})  # fmt: skip
# Words that may stand between a count and its number: "killing about 10", "magnitude of 5.9".
FILLERS = frozenset({"a", "an", "the", "of", "some", "about", "around", "roughly", "approximately", "other",
                     "another", "von", "der", "die", "das", "den", "rund", "etwa", "ungefahr", "weitere"})  # fmt: skip
CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound"}
# Bounds and approximations, read before a number: how they make an interval of its value v.
# ">" is (v, ∞), ">=" [v, ∞), "<" [0, v), "<=" [0, v], "~" v ± APPROXIMATION, "~<" [v - A·v, v);
# as ends that touch meet (`Interval.meets`), open and closed ends are kept alike.
BOUND_WORDS = {
    ">": ("more than", "mehr als", "over", "über", "above", "gut", "just over", "knapp über"),
    ">=": ("at least", "mindestens", "wenigstens", "upwards of", "no fewer than", "no less than"),
    "<": ("less than", "fewer than", "weniger als", "unter", "under", "below"),
    "<=": ("up to", "bis zu", "höchstens", "at most", "as many as", "maximal"),
    "~<": ("nearly", "almost", "fast", "knapp", "beinahe", "nahezu", "annähernd", "close to", "just under"),
    "~": ("about", "around", "roughly", "approximately", "approx", "some", "an estimated", "estimated", "circa",
          "ca", "rund", "etwa", "ungefähr", "zirka", "gegen", "more or less"),
}  # fmt: skip
BOUND_OF = {_plain(phrase): rule for rule, phrases in BOUND_WORDS.items() for phrase in phrases}
APPROXIMATE_WORDS = frozenset(phrase for phrase, rule in BOUND_OF.items() if rule == "~" and " " not in phrase)
BOUND_AT_START = re.compile(r"^(?:" + "|".join(re.escape(p) for p in sorted(BOUND_OF, key=len, reverse=True)) + r")\b")
BOUND_AT_END = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(BOUND_OF, key=len, reverse=True))
                          + r")\.?(?:\s+(?:a|an|the))?\s*$")  # fmt: skip
# Between the two numbers of a range: "35 to 40", "1,5 bis 2", "5-7"; "between 3 and 4".
RANGE_WORDS = frozenset({"to", "bis", "-", "–"})
BETWEEN = frozenset({"between", "zwischen"})
# A change: "from" or "von" before a number, "to", "auf" or "bis" before the next, at most this many words on.
CHANGE_FROM = frozenset({"from", "von"})
CHANGE_TO = frozenset({"to", "auf", "bis"})
CHANGE_WORDS = 6
# An age: "38-year-old", "aged 91", "at the age of 91", "der 48-Jährige", "61 Jahre alt".
AGE_AFTER = re.compile(r"^\s*(?:-\s*)?(?:years?\s*-?\s*old|jährig|jährige[nmrs]?|jahre\s+alt)\b", re.IGNORECASE)
AGE_BEFORE = re.compile(r"(?:\baged|\bage(?:\s+of)?|\balter\s+von|\bim\s+alter\s+von)\s*$", re.IGNORECASE)
# A designation, not a count: "AK 47", "AK - 47", "F - 35" (COVID-19, F-35 and G7 the number reader masks);
# one capital alone only with a dash: "A 5.9 magnitude quake" opens with the article.
DESIGNATION_BEFORE = re.compile(r"\b(?:[A-Z]{2}\s?[-–]?|[A-Z]\s?[-–])\s?$")
# How often, not how many: "arrested four times", "zum dritten Mal" (the reader skips ordinals).
FREQUENCY_AFTER = re.compile(r"^\s*(?:times|mal|male)\b", re.IGNORECASE)
# A temperature or a score: "minus 20", "plus 3".
SIGN_BEFORE = re.compile(r"\b(?:minus|plus)\s*$", re.IGNORECASE)
SPLIT_THOUSANDS_BEFORE = re.compile(r"\d, $")
SPLIT_THOUSANDS_AFTER = re.compile(r"^, \d{3}\b")
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")
GERMAN_HALVES = re.compile(r"\b(?P<whole>ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)einhalb\b|"
                           r"\b(?P<one>anderthalb)\b", re.IGNORECASE)  # fmt: skip
HALF_NUMBERS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
                "zehn": 10, "elf": 11, "zwölf": 12}  # fmt: skip
AND_A_HALF = re.compile(r"^\s+and\s+a\s+half\b", re.IGNORECASE)
# Time anchors of a passage: two passages must name the same years, months and periods.
# Months by their full names ("May" and "March" are also a name and a verb); abbreviations only in dates.
MONTH_NUMBERS = {
    _plain(name): month for name, month in MONTHS.items() if len(name) > 3 and name not in ("may", "march")
}
WEEKDAY_WORD = re.compile(
    r"^(?P<day>" + "|".join(WEEKDAYS) + r")(?:abend|morgen|mittag|nachmittag|vormittag|nacht|s|'s|’s)?$"
)
PERIODS = re.compile(
    r"\b(?:last|next|previous|this) (?:year|month|week)|\b(?:a|one|two|three) (?:years?|months?|weeks?) ago|"
    r"\byears ago|\ba year earlier|\b(?:vergangenen|vergangenes|letzten|letztes|vorigen|voriges|nachsten|nachstes|"
    r"kommenden|kommendes|diesen|dieses|dieser|diese) (?:jahr|jahres|monat|monats|woche)\b|\bvorjahr\w*|\bvorwoche\w*|"
    r"\bvor (?:einem|zwei|drei) (?:jahr|jahren|monaten|wochen)\b|"
    r"\b(?:coming|next|past|last|previous)(?: few)? (?:days|weeks|months|years)\b|"
    r"\b(?:kommenden|nachsten|vergangenen|letzten) (?:tagen|wochen|monaten|jahren)\b"
)
# A year after an article names a thing ("the 2016 election", "der 2015 geschlossene Vertrag"):
# one passage may name it, the other not, and both still speak of now.
NAMING_YEAR = re.compile(r"\b(?:the|a|an|der|die|das|des|dem|den)\s+$", re.IGNORECASE)
RELATIVE_DAYS = frozenset({"today", "tonight", "yesterday", "tomorrow", "heute", "gestern", "morgen", "vorgestern",
                           "ubermorgen"})  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    """A line of `data/quantity_nouns.txt`: what a figure counts or measures."""

    key: str
    shown: dict[str, str] = field(compare=False, hash=False)
    kind: str  # "count", "group", "object", "unit", "people" or "topic"

    @property
    def shared_words(self) -> int:
        """How many words or topics two figures of it must share nearby to be one quantity."""
        return SHARED_WORDS.get(self.kind, 0)


@dataclass(frozen=True)
class Interval:
    """Where a value may lie, ends included."""

    low: float
    high: float

    def meets(self, other: Interval) -> bool:
        """Whether the two can both be true, give or take the rounding of news: ends that
        touch meet. "70" agrees with "mehr als 70" (a report that drops "more than"), "nearly
        300" with "more than 300" and "almost four dozen" with "at least four dozen": both
        round the same number."""
        return self.low <= other.high and other.low <= self.high

    def gap(self, other: Interval) -> float:
        """How far apart the two lie, as a share of the larger value: how clear a conflict is."""
        distance = max(other.low - self.high, self.low - other.high, 0.0)
        scale = max(abs(value) for value in (self.low, self.high, other.low, other.high) if value != float("inf"))
        return distance / scale if scale else 0.0


@dataclass(frozen=True)
class Figure:
    """A number in a passage with what it counts, its readings and its scopes."""

    quantity: Quantity
    readings: tuple[Interval, ...]
    scopes: frozenset[str]
    context: frozenset[str]
    named: str = ""  # a type before a count ("seven AK-47 rifles") or what an English unit names ("a 24-hour strike")

    def conflicts(self, other: Figure) -> bool:
        """Whether no reading of one can be true with a reading of the other."""
        return not any(mine.meets(theirs) for mine in self.readings for theirs in other.readings)

    def clarity(self, other: Figure) -> float:
        return min(mine.gap(theirs) for mine in self.readings for theirs in other.readings)


@dataclass(frozen=True)
class Anchors:
    """The times a passage names: figures of different years, months or days are not one."""

    years: frozenset[int] = frozenset()
    named_years: frozenset[int] = frozenset()  # years that name a thing: "the 2016 election", "the 2025 budget"
    months: frozenset[int] = frozenset()
    periods: frozenset[str] = frozenset()
    weekdays: frozenset[int] = frozenset()
    days: frozenset[str] = frozenset()

    def agree(self, other: Anchors) -> bool:
        """The same years, months, periods and weekdays ("the day's count is not the week's");
        where both name a thing's year or a day ("today", "gestern": mostly the day one
        reports on), one in common."""
        mine = (self.years, self.months, self.periods, self.weekdays)
        if mine != (other.years, other.months, other.periods, other.weekdays):
            return False
        return all(
            not (ours and theirs) or bool(ours & theirs)
            for ours, theirs in ((self.named_years, other.named_years), (self.days, other.days))
        )


@dataclass(frozen=True)
class Reading:
    """What a passage states: its clear figures (those of a quantity it states once) and its times."""

    figures: tuple[Figure, ...]
    anchors: Anchors


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "number" (a figure's number), "skipped" (a number we do not read), "mark"
    text: str  # plain: lower case, no umlauts
    start: int
    end: int
    number: int = -1  # the index of its mention, for numbers
    written: str = ""  # a word as written, lower case: what stems and stop words are made of


@dataclass(frozen=True)
class Found:
    """A conflict between two passages, and how to show it."""

    clarity: float
    quantity: str
    difference: Difference


def differences_between(
    first: Passage, first_article: Article, second: Passage, second_article: Article
) -> Difference | None:
    """The clearest figure on which two passages of different outlets disagree, each side its
    passage cited to its outlet; None when they do not disagree on a figure."""
    found = _conflict(first, first_article, second, second_article, first_article.language)
    return found.difference if found else None


def section_differences(section: Section, passages: dict[str, list[Passage]], most: int = 3) -> list[Difference]:
    """Up to `most` figures on which the section's outlets disagree, one per quantity (its
    clearest pair), clearest first (ties in the section's order). Only articles of different
    known outlets are compared; each side is shown in the section's language."""
    articles = [article for article in section.cluster.articles if article.source]
    best: dict[str, Found] = {}
    for first, second in _outlet_pairs(articles):
        for found in _article_conflicts(first, second, passages, section.language):
            if found.quantity not in best or found.clarity > best[found.quantity].clarity:
                best[found.quantity] = found
    ranked = sorted(best.values(), key=lambda found: -found.clarity)
    return [found.difference for found in ranked[:most]]


def _outlet_pairs(articles: list[Article]) -> Iterator[tuple[Article, Article]]:
    """Each two articles of different outlets, in the section's order; an article that carries
    the other's outlet (a merged duplicate) is not compared with it, nor one published more
    than `UPDATE_HOURS` after the other (its figures may be the later count)."""
    for index, first in enumerate(articles):
        for second in articles[index + 1 :]:
            if first.source != second.source and not first.outlets & second.outlets and _same_time(first, second):
                yield first, second


def _same_time(first: Article, second: Article) -> bool:
    if first.published is None or second.published is None:
        return True
    return abs(first.published - second.published) <= timedelta(hours=UPDATE_HOURS)


def _article_conflicts(
    first: Article, second: Article, passages: dict[str, list[Passage]], language: str | None
) -> Iterator[Found]:
    """Every conflict between a passage of one article and a passage of the other."""
    shared = _quantities_in(first) & _quantities_in(second)
    if not shared:
        return
    ours = [p for p in passages.get(first.id, []) if _quantities_of(p.text, first.language) & shared]
    theirs = [p for p in passages.get(second.id, []) if _quantities_of(p.text, second.language) & shared]
    for mine in ours:
        for other in theirs:
            found = _conflict(mine, first, other, second, language)
            if found:
                yield found


def _conflict(
    first: Passage, first_article: Article, second: Passage, second_article: Article, language: str | None
) -> Found | None:
    """The clearest conflict between two passages' figures, shown in `language`."""
    if first.article_id == second.article_id:
        return None
    ours, theirs = _reading(first.text, first_article.language), _reading(second.text, second_article.language)
    if not ours.figures or not theirs.figures or not ours.anchors.agree(theirs.anchors):
        return None
    story = _story_words(first_article.text, first_article.language) | _story_words(
        second_article.text, second_article.language
    )
    pairs = [
        (mine, other)
        for mine in ours.figures
        for other in theirs.figures
        if _same_quantity(mine, other, story) and mine.conflicts(other)
        and not _stated(mine, second_article) and not _stated(other, first_article)
    ]  # fmt: skip
    if not pairs:
        return None
    mine, other = max(pairs, key=lambda pair: pair[0].clarity(pair[1]))
    clarity = mine.clarity(other)
    difference = Difference(
        topic=_shown(mine.quantity, language),
        sides=[_side(first, first_article), _side(second, second_article)],
        kind="figure",
    )
    return Found(clarity, mine.quantity.key, difference)


def _same_quantity(mine: Figure, other: Figure, story: frozenset[str] = frozenset()) -> bool:
    """Whether two figures count the same thing in the same scope: the same quantity, and for
    an object, a unit or people also words or topics in common nearby, other than the words
    the whole story uses (`story`: "Qeshm", "police")."""
    if mine.quantity != other.quantity or mine.scopes != other.scopes or mine.named != other.named:
        return False
    return len((mine.context & other.context) - story) >= mine.quantity.shared_words


@lru_cache(maxsize=2_000)
def _story_words(text: str, language: str | None) -> frozenset[str]:
    """The stems an article uses throughout: in STORY_SHARE of its sentences, two at least."""
    sentences = [set(terms(text[start:end], language)) for start, end in sentence_spans(text, language)]
    counts: dict[str, int] = {}
    for stems in sentences:
        for stem in stems:
            counts[stem] = counts.get(stem, 0) + 1
    least = max(2.0, STORY_SHARE * len(sentences))
    return frozenset(stem for stem, count in counts.items() if count >= least)


def _stated(figure: Figure, article: Article) -> bool:
    """Whether the article states anything of the figure's quantity that agrees with it."""
    return any(
        figure.quantity == other.quantity and not figure.conflicts(other)
        for other in _all_figures(article.text, article.language)
    )


def _side(passage: Passage, article: Article) -> Statement:
    return Statement(
        text=passage.text, citations=[Citation.of(passage)], outlets=[article.source] if article.source else []
    )


def _shown(quantity: Quantity, language: str | None) -> str:
    return quantity.shown.get(language or "en", quantity.shown["en"])


def _quantities_in(article: Article) -> frozenset[str]:
    """The keys of the quantities an article states figures of."""
    return frozenset(figure.quantity.key for figure in _all_figures(article.text, article.language))


def _quantities_of(text: str, language: str | None) -> frozenset[str]:
    """The keys of the quantities a passage states clear figures of."""
    return frozenset(figure.quantity.key for figure in _reading(text, language).figures)


@lru_cache(maxsize=2_000)
def _all_figures(text: str, language: str | None) -> tuple[Figure, ...]:
    """Every figure of an article, sentence by sentence, those of doubtful passages included."""
    found: list[Figure] = []
    for start, end in sentence_spans(text, language):
        found.extend(_figures(text[start:end], language))
    return tuple(found)


@lru_cache(maxsize=20_000)
def _reading(text: str, language: str | None) -> Reading:
    """A passage's clear figures and its time anchors."""
    return Reading(_clear(_figures(text, language)), _anchors(text, language))


def _clear(figures: Iterable[Figure]) -> tuple[Figure, ...]:
    """The figures of quantities the passage states once (or always with one value)."""
    figures = list(figures)
    values: dict[str, set] = {}
    for figure in figures:
        values.setdefault(figure.quantity.key, set()).add(figure.readings)
    return tuple(figure for figure in figures if len(values[figure.quantity.key]) == 1)


@lru_cache(maxsize=20_000)
def _figures(text: str, language: str | None) -> tuple[Figure, ...]:
    """Every number of a passage that counts or measures something we know, ranges as one."""
    numbers = _numbers(text, language)
    tokens = _tokens(text, numbers)
    passage_scopes = _scopes_in(tokens, range(len(tokens)), language, "passage")
    found = []
    for group in _groups(text, numbers, tokens):
        figure = _figure(text, language, numbers, tokens, group, passage_scopes)
        if figure is not None:
            found.append(figure)
    return tuple(found)


def _figure(
    text: str,
    language: str | None,
    numbers: list[Mention],
    tokens: list[Token],
    group: tuple[int, ...],
    passage_scopes: frozenset[str],
) -> Figure | None:
    """The figure of one number, or of the two numbers of a range; None when we cannot tell what it counts."""
    first, last = _token_of(tokens, group[0]), _token_of(tokens, group[-1])
    head = _sign(text, numbers[group[0]]) or _head_after(tokens, last, language)
    if head is None or head[0].kind in ("people", "group"):  # "killing 10 people", "Dabei starben 25 Menschen"
        head = _head_before(tokens, first, language) or head
    if head is None:
        return None
    quantity, head_tokens = head
    readings = _readings(text, language, [numbers[index] for index in group], quantity)
    if not readings:
        return None
    near = _near(tokens, first, last, NEAR_WORDS)
    scopes = passage_scopes | _scopes_in(tokens, near, language, "near")
    context = _context(tokens, first, last, head_tokens, language) if quantity.shared_words else frozenset()
    named = _named(tokens, head_tokens, language) if quantity.kind == "unit" else _type_of(tokens, last, head_tokens)
    return Figure(quantity, readings, scopes, context, named)


# Reading the numbers


def _numbers(text: str, language: str | None) -> list[Mention]:
    """The numbers of a passage that may be figures, in order: no years, ages, ordinals,
    designations, numbers in parentheses or halves of a split thousand; German halves
    ("fünfeinhalb") and English ones ("five and a half") read."""
    read = [m for m in mentions(text, language) if m.kind == "number" and _may_count(text, m)]
    read = [_with_half(text, m) for m in read]
    read += [m for m in _german_halves(text) if not any(_overlaps(m.span, other.span) for other in read)]
    return sorted(read, key=lambda m: m.span)


def _may_count(text: str, mention: Mention) -> bool:
    start, end = mention.span
    before, after = text[:start], text[end:]
    if _is_year(mention) or ORDINAL.search(mention.text) or _inside_parentheses(text, start, end):
        return False
    if AGE_AFTER.match(after) or AGE_BEFORE.search(before) or DESIGNATION_BEFORE.search(before):
        return False
    if FREQUENCY_AFTER.match(after) or SIGN_BEFORE.search(before):
        return False
    if re.fullmatch(r"\d{3}", mention.text) and SPLIT_THOUSANDS_BEFORE.search(before):
        return False
    if SPLIT_THOUSANDS_AFTER.match(after):
        return False
    return not _lone_scale(before, mention)


def _is_year(mention: Mention) -> bool:
    return bool(re.fullmatch(r"\d{4}", mention.text)) and all(YEARS[0] <= value <= YEARS[1] for value in mention.values)


def _lone_scale(before: str, mention: Mention) -> bool:
    """A scale word read alone ("billion" of "110 - billion") unless "a", "one" or a bound opens it."""
    if _plain(mention.text) not in SCALES_ALONE:
        return False
    return not re.search(r"\b(?:a|an|one|ein|eine|einer|einem|einen)\s*$", before, re.IGNORECASE)


def _inside_parentheses(text: str, start: int, end: int) -> bool:
    opened = text.rfind("(", 0, start)
    return opened >= 0 and text.rfind(")", opened, start) < 0 and text.find(")", end) >= 0


def _with_half(text: str, mention: Mention) -> Mention:
    """`mention` with "and a half" after it added: five and a half is 5.5."""
    match = AND_A_HALF.match(text[mention.span[1] :])
    if not match:
        return mention
    end = mention.span[1] + match.end()
    values = frozenset(value + Decimal("0.5") for value in _raw_values(mention.text, None))
    return Mention("number", values, text[mention.span[0] : end], (mention.span[0], end), mention.bound, None)


def _german_halves(text: str) -> list[Mention]:
    """ "fünfeinhalb" (5.5), "anderthalb" (1.5): German halves the number reader does not read."""
    found = []
    for match in GERMAN_HALVES.finditer(text):
        whole = 1 if match["one"] else HALF_NUMBERS[match["whole"].lower()]
        found.append(Mention("number", frozenset([Decimal(whole) + Decimal("0.5")]), match.group(), match.span()))
    return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@lru_cache(maxsize=20_000)
def _raw_values(written: str, language: str | None) -> frozenset[Decimal]:
    """The values of a number as written, without the conversions into a base unit that the
    number reader adds ("fünf Stunden" is also 300 minutes)."""
    values = frozenset(value for m in mentions(written, language) if m.kind == "number" for value in m.values)
    return values or frozenset(_german_half_values(written))


def _german_half_values(written: str) -> Iterator[Decimal]:
    for mention in _german_halves(written):
        yield from mention.values


def _readings(text: str, language: str | None, group: list[Mention], quantity: Quantity) -> tuple[Interval, ...]:
    """The intervals a number (or a range of two) may mean; none for a magnitude without a
    decimal ("two quakes" counts quakes)."""
    rule = _bound_rule(text, group[0])
    if rule is None:
        return ()
    lows = _raw_values(group[0].text, language) or group[0].values
    highs = _raw_values(group[-1].text, language) or group[-1].values
    if quantity.key == "magnitude" and not re.search(r"\d[.,]\d", group[0].text):
        return ()
    pairs = [(low, high) for low in lows for high in highs if low <= high] if len(group) > 1 else [(v, v) for v in lows]
    readings = {_interval(float(low), float(high), rule) for low, high in pairs}
    return tuple(sorted(readings, key=lambda interval: (interval.low, interval.high)))


def _bound_rule(text: str, mention: Mention) -> str | None:
    """How the words before a number bound it: a key of BOUND_WORDS, "=" for none, None for
    one we do not compare (the time words of `numbers.BOUNDS`: "Mitte", "Ende")."""
    written = _plain(mention.text)
    match = BOUND_AT_START.match(written)
    if match:
        return BOUND_OF[match.group()]
    if mention.bound in (">", "<"):  # a bound of the number reader we do not know: keep its direction
        return mention.bound
    if mention.bound is not None:
        return None
    before = BOUND_AT_END.search(_plain(text[max(0, mention.span[0] - 30) : mention.span[0]]).rstrip(" $€£"))
    if before:
        phrase = re.sub(r"\.?(?:\s+(?:a|an|the))?$", "", before.group().strip())
        return BOUND_OF.get(phrase, "=")
    return "="


def _interval(low: float, high: float, rule: str) -> Interval:
    if rule in (">", ">="):
        return Interval(high, float("inf"))
    if rule in ("<", "<="):
        return Interval(0.0, low if rule == "<" else high)
    if rule == "~<":
        return Interval(high * (1 - APPROXIMATION), high)
    if rule == "~":
        return Interval(low * (1 - APPROXIMATION), high * (1 + APPROXIMATION))
    return Interval(low, high)


# Words around a number


def _tokens(text: str, numbers: list[Mention]) -> list[Token]:
    """Words, marks and numbers of a passage; each read number is one token, its bound
    and scale words included; digits we do not read (years, designations) are "skipped"
    and passed over."""
    tokens: list[Token] = []
    spans = [m.span for m in numbers]
    for match in TOKEN.finditer(text):
        start, end = match.span()
        index = next((k for k, span in enumerate(spans) if span[0] <= start < span[1]), -1)
        if index >= 0:
            if tokens and tokens[-1].number == index:
                continue
            tokens.append(Token("number", _plain(numbers[index].text), *numbers[index].span, number=index))
        elif match["word"]:
            tokens.append(Token("word", _plain(match["word"]), start, end, written=match["word"].lower()))
        elif match["digits"]:
            tokens.append(Token("skipped", match["digits"], start, end))
        else:
            tokens.append(Token("mark", match.group(), start, end))
    return tokens


def _groups(text: str, numbers: list[Mention], tokens: list[Token]) -> list[tuple[int, ...]]:
    """The numbers as figures: one alone, or two as a range ("35 to 40", "between 3 and 4").
    A change ("from 45 to 13 percent", "von 32.407 auf 35.995") states two values of two
    times: both are left out."""
    groups: list[tuple[int, ...]] = []
    index = 0
    while index < len(numbers):
        before = _word_before(tokens, _token_of(tokens, index))
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        if following is not None and before in CHANGE_FROM and _changes_to(text, numbers[index], following):
            index += 2
        elif following is not None and _is_range(text, numbers[index], following, before):
            groups.append((index, index + 1))
            index += 2
        else:
            groups.append((index,))
            index += 1
    return groups


def _changes_to(text: str, first: Mention, second: Mention) -> bool:
    """Whether "to" or "auf" leads from one number to the next, a few words on."""
    words = re.findall(r"[^\W\d_]+", _plain(text[first.span[1] : second.span[0]]))
    return len(words) <= CHANGE_WORDS and bool(CHANGE_TO & set(words))


def _is_range(text: str, first: Mention, second: Mention, before: str | None) -> bool:
    """Whether only "to", "bis" or a dash stands between two numbers (a unit word repeated
    may stand before it: "40 percent to 70 percent"), or "and" after "between"."""
    words = re.findall(r"[^\W\d_]+|[-–]", _plain(text[first.span[1] : second.span[0]]))
    if not words or len(words) > 2:
        return False
    if words[-1] in ("and", "und"):
        return before in BETWEEN and len(words) == 1
    return words[-1] in RANGE_WORDS


def _token_of(tokens: list[Token], number: int) -> int:
    return next(k for k, token in enumerate(tokens) if token.number == number)


def _word_before(tokens: list[Token], position: int) -> str | None:
    """The word before a token, approximations passed over ("von rund 45"), if a word stands there."""
    index = position - 1
    while index >= 0 and tokens[index].kind == "word" and tokens[index].text in APPROXIMATE_WORDS:
        index -= 1
    return tokens[index].text if index >= 0 and tokens[index].kind == "word" else None


def _head_after(tokens: list[Token], position: int, language: str | None) -> tuple[Quantity, range] | None:
    """What a number counts, named after it: a count, an object or a unit, or people (or a
    group of them: "46 demonstrators") and then what happened to them ("were arrested")."""
    glued = _glued_unit(tokens, position, language)
    if glued is not None:
        return glued or None
    people: tuple[Quantity, range] | None = None
    words, reach, index = 0, HEAD_WORDS, position + 1
    while index < len(tokens) and words < reach:
        token = tokens[index]
        if _ends_scan(token):
            break
        if token.text == "%":
            return _quantities()["percent"], range(index, index + 1)
        if token.kind != "word":
            index += 1
            continue
        match = _quantity_at(tokens, index, language)
        if match is not None and match[0].kind != "topic":
            quantity, length = match
            if quantity.kind in ("people", "group") and (people is None or people[0].kind == "people"):
                people, reach = (quantity, range(index, index + length)), words + length + PEOPLE_WORDS
            elif people is None or quantity.kind == "count":
                return quantity, range(index, index + length)
            else:
                break
            index, words = index + length, words + length
            continue
        words, index = words + 1, index + 1
    return people


def _glued_unit(tokens: list[Token], position: int, language: str | None) -> tuple[Quantity, range] | tuple[()] | None:
    """The unit written onto a number ("48km", "7.62mm"), which alone says what it measures:
    the quantity, () when we do not know that unit, None when nothing is glued on."""
    index = position + 1
    if index >= len(tokens) or tokens[index].kind != "word" or tokens[index].start != tokens[position].end:
        return None
    match = _quantity_at(tokens, index, language)
    if match is None or match[0].kind == "topic":
        return ()
    return match[0], range(index, index + match[1])


def _head_before(tokens: list[Token], position: int, language: str | None) -> tuple[Quantity, range] | None:
    """A count named right before a number, only fillers between: "killing 10", "Dabei starben 25"."""
    index = position - 1
    while index >= 0 and (
        (tokens[index].kind == "word" and tokens[index].text in FILLERS) or tokens[index].text == "-"
    ):
        index -= 1
    if index < 0 or tokens[index].kind != "word":
        return None
    for start in range(max(0, index - 2), index + 1):
        match = _quantity_at(tokens, start, language)
        if match is not None and match[0].kind == "count" and start + match[1] - 1 == index:
            return match[0], range(start, index + 1)
    return None


def _sign(text: str, mention: Mention) -> tuple[Quantity, range] | None:
    """A currency sign before a number: "$ 1 million", "€5"."""
    sign = text[: mention.span[0]].rstrip()[-1:]
    key = CURRENCY_SIGNS.get(sign)
    return (_quantities()[key], range(0)) if key else None


def _ends_scan(token: Token) -> bool:
    """Whether a number's head cannot lie past this token: a stop, a conjunction, another number."""
    if token.kind == "mark":
        return token.text in STOPS
    if token.kind == "word":
        return token.text in CONJUNCTIONS
    return token.kind == "number"


def _near(tokens: list[Token], first: int, last: int, width: int) -> list[int]:
    """The word positions within `width` words of a figure, not past another number."""
    found: list[int] = []
    for step, start in ((-1, first - 1), (1, last + 1)):
        index, words = start, 0
        while 0 <= index < len(tokens) and words < width and tokens[index].kind != "number":
            if tokens[index].kind == "word":
                found.append(index)
                words += 1
            index += step
    return sorted(found)


def _context(tokens: list[Token], first: int, last: int, head: range, language: str | None) -> frozenset[str]:
    """The stems and topics near a unit figure, its own unit and people words left out."""
    past_head = max(last, head.stop - 1) if head else last  # "hours" takes no place of the eight
    positions = [index for index in _near(tokens, first, past_head, CONTEXT_WORDS) if index not in head]
    words, topics = [], set()
    for index in positions:
        match = _quantity_at(tokens, index, language)
        if match is None:
            words.append(tokens[index].written)
        elif match[0].kind == "topic":
            topics.add("topic:" + match[0].key)
    stems = set(terms(" ".join(words), language)) if words else set()
    return frozenset(stems | topics)


def _type_of(tokens: list[Token], last: int, head: range) -> str:
    """The designation between a number and what it counts: "ak47" of "seven AK-47 assault
    rifles" (all rifles are not the AK-47s); "" when none stands there."""
    between = [token for token in tokens[last + 1 : head.start] if token.kind in ("word", "skipped")]
    for index, token in enumerate(between):
        if token.kind == "skipped":
            return (between[index - 1].text if index and between[index - 1].kind == "word" else "") + token.text
    return ""


def _named(tokens: list[Token], head: range, language: str | None) -> str:
    """The stem of the noun an English unit qualifies, right after it: "margin" of "a 4.5
    percent margin of error", "strike" of "a 24-hour strike"; "" when a stop word follows
    ("percent of Greeks", "hours at the Kremlin"). German writes these as compounds."""
    if language != "en" or not head:
        return ""
    index = head.stop
    while index < len(tokens) and tokens[index].text == "-":
        index += 1
    if index >= len(tokens) or tokens[index].kind != "word" or _quantity_at(tokens, index, language):
        return ""
    stems = terms(tokens[index].written, language)
    return stems[0] if stems else ""


def _scopes_in(tokens: list[Token], positions: Iterable[int], language: str | None, reach: str) -> frozenset[str]:
    """The scopes of this reach whose forms stand at these positions."""
    found = set()
    for index in positions:
        if tokens[index].kind != "word":
            continue
        for scope, forms in _scopes()[reach].items():
            if _form_at(tokens, index, forms, language):
                found.add(scope)
    return frozenset(found)


# Times of a passage


def _anchors(text: str, language: str | None) -> Anchors:
    years: set[int] = set()
    named: set[int] = set()
    months: set[int] = set()
    for mention in mentions(text, language):
        if mention.kind == "date":
            for value in mention.values:
                if value[0] != "weekday":
                    months.add(value[1])
                    years.update([value[2]] if value[2] else [])
        elif mention.kind == "number" and _is_year(mention):
            naming = NAMING_YEAR.search(text[: mention.span[0]])
            (named if naming else years).add(int(mention.text))
    words = [match.group() for match in re.finditer(r"[^\W\d_]+", text)]
    months |= {MONTH_NUMBERS[_plain(word)] for word in words if word[:1].isupper() and _plain(word) in MONTH_NUMBERS}
    weekdays = {day for word in words if word[:1].isupper() and (day := _weekday(word)) is not None}
    days = {_plain(word) for word in words if _plain(word) in RELATIVE_DAYS and word != "Morgen"}
    periods = {match.group() for match in PERIODS.finditer(_plain(text))}
    return Anchors(
        frozenset(years), frozenset(named), frozenset(months), frozenset(periods), frozenset(weekdays), frozenset(days)
    )


def _weekday(word: str) -> int | None:
    """The weekday a word names: Monday, Monday's, Dienstagabend."""
    match = WEEKDAY_WORD.match(_plain(word))
    return WEEKDAYS[match["day"]] if match else None


# The word list


def _quantity_at(tokens: list[Token], index: int, language: str | None) -> tuple[Quantity, int] | None:
    """The quantity whose form starts at this word (the longest phrase first), and its length in words."""
    for quantity, forms in _forms():
        length = _form_at(tokens, index, forms, language)
        if length:
            return quantity, length
    return None


def _form_at(tokens: list[Token], index: int, forms: dict[str, tuple[str, ...]], language: str | None) -> int:
    """How many words one of the forms covers from this word on (0: none)."""
    for form in _forms_of(forms, language):
        parts = form.split("_")
        words = _words_from(tokens, index, len(parts))
        if len(words) == len(parts) and all(_matches(word, part) for word, part in zip(words, parts)):
            return len(parts)
    return 0


def _forms_of(forms: dict[str, tuple[str, ...]], language: str | None) -> tuple[str, ...]:
    if language in forms:
        return forms[language]
    return forms["en"] + forms["de"]


def _words_from(tokens: list[Token], index: int, count: int) -> list[str]:
    """`count` words from this one on, passing over slashes and hyphens ("km/h")."""
    words: list[str] = []
    while index < len(tokens) and len(words) < count:
        token = tokens[index]
        if token.kind == "word":
            words.append(token.text)
        elif not (token.kind == "mark" and token.text in "/-"):
            break
        index += 1
    return words


def _matches(word: str, form: str) -> bool:
    whole = form.endswith(".")
    body = form.strip(".").lstrip("-")
    if form.startswith("-"):
        return len(word) > len(body) and word.endswith(body)
    return word == body if whole else word.startswith(body)


@lru_cache(maxsize=1)
def _quantities() -> dict[str, Quantity]:
    return {quantity.key: quantity for quantity, _ in _forms()}


@lru_cache(maxsize=1)
def _forms() -> tuple[tuple[Quantity, dict[str, tuple[str, ...]]], ...]:
    """The quantities of `data/quantity_nouns.txt` with their forms per language, those with
    phrases first so that "km/h" wins over "km"."""
    found = []
    for line in _section("quantities"):
        key, english, german, kind, en_forms, de_forms = (part.strip() for part in line.split("|"))
        quantity = Quantity(key, {"en": english, "de": german}, kind)
        found.append((quantity, {"en": _folded(en_forms), "de": _folded(de_forms)}))
    return tuple(sorted(found, key=lambda item: -max((f.count("_") for fs in item[1].values() for f in fs), default=0)))


@lru_cache(maxsize=1)
def _scopes() -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    """Scope → its forms per language, by reach ("near", "passage")."""
    found: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {"near": {}, "passage": {}}
    for line in _section("scopes"):
        scope, reach, en_forms, de_forms = (part.strip() for part in line.split("|"))
        found[reach][scope] = {"en": _folded(en_forms), "de": _folded(de_forms)}
    return found


def _folded(forms: str) -> tuple[str, ...]:
    """Forms folded, the longest phrases first."""
    return tuple(sorted((_plain(form) for form in forms.split()), key=lambda form: -form.count("_")))


def _section(name: str) -> list[str]:
    """The lines of one [section] of the word list."""
    lines, current = [], None
    for line in data_lines("quantity_nouns.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif current == name:
            lines.append(line)
    return lines
