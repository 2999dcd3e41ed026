"""Numbers, dates and times in a text, read as values so that formats and languages compare.

`5`, `5,0`, `five`, `fünf`, `5 %` and `5 Prozent` are one value; `1.2 billion` and
`1,2 Milliarden` are another; `3 December`, `December 3`, `3. Dezember`, `03.12.2025`
and `2025-12-03` are one date. `mentions` lists what a text states; `unsupported`
lists the mentions of a statement that no mention of the evidence matches.

Reading rules:
- Separators follow the text's language: German `1.200` is 1200 and `1,2` is 1.2,
  English `1,200` is 1200 and `1.2` is 1.2; in another or unknown language both count.
- A scale word after a number multiplies it: hundred/hundert, thousand/tausend,
  dozen/Dutzend, million/Million(en)/Mio, billion/bn/Milliarde(n)/Mrd (10^9), but
  German `Billion(en)` and English trillion are 10^12. Alone and singular, a scale word
  is its value ("a dozen", "eine Million"); "weitere Milliarden" states no number.
- Number words 0–99 in English and German (twenty-eight, achtundzwanzig, zwölf), also
  as the first part of a compound (`Fünf-Prozent-Ziel`, `five-hour`). `one`, `eins`
  and `ein(e)` alone are not read: they are articles and pronouns far more often than counts.
- Ordinals (`3rd`, `3.`) are their number. A date needs a day and a month; the year
  is optional and must agree only when both sides give one. Times: 18:15, 18.15 Uhr,
  18 Uhr, 6 p.m. A year inside an evidence date also counts as the number.
- Type designations (`F-35`, `COVID-19`) and digits after letters (`G7`, `A400M`) are
  parts of names, not numbers: the name check sees them (see `ID_LIKE`).
- Relative dates are read against the article's date when it is known (`published`):
  heute/today, gestern/yesterday, morgen/tomorrow (also heutig-, gestrig-, morgig-),
  vorgestern, übermorgen, and weekdays (am Mittwoch, Dienstagabend, on Tuesday) as the
  nearest such day before or after it; "this year"/"dieses Jahr" and "last"/"next year"
  are the year as a number. A weekday also matches any date on that weekday.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

MONTHS = {
    "january": 1, "jan": 1, "januar": 1, "jänner": 1, "february": 2, "feb": 2, "februar": 2,
    "march": 3, "mar": 3, "märz": 3, "april": 4, "apr": 4, "may": 5, "mai": 5, "june": 6,
    "jun": 6, "juni": 6, "july": 7, "jul": 7, "juli": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12, "dezember": 12, "dez": 12,
}  # fmt: skip
# Capitalised only: "may" and "march" are also verbs.
MONTH = "|".join(sorted((name.capitalize() for name in MONTHS), key=len, reverse=True))
SMALL_NUMBERS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "null": 0, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40,
    "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
UNITS_IN_COMPOUNDS = {"one": 1, "ein": 1, **{w: v for w, v in SMALL_NUMBERS.items() if 2 <= v <= 9}}
SCALES = {
    "hundred": 100, "hundert": 100, "thousand": 1000, "tausend": 1000, "dozen": 12, "dutzend": 12,
    "million": 10**6, "millionen": 10**6, "mio": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9,
    "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9, "trillion": 10**12, "billionen": 10**12,
}  # fmt: skip
GERMAN_SCALES = {"billion": 10**12}  # German Billion is the English trillion
# A scale word alone is its value ("a dozen", "eine Million"), but not in the plural:
# "weitere Milliarden" is vague, and so are abbreviations without a number.
SCALES_ALONE = {"hundred", "hundert", "thousand", "tausend", "dozen", "dutzend", "million", "milliarde", "billion",
                "trillion"}  # fmt: skip
THOUSANDS_SEPARATOR = {"de": ".", "en": ","}
HALF = {"half", "halb", "halbe", "halben", "halber"}  # "eine halbe Milliarde", "half a billion"
# Scale words read only after a number: "zwei Jahrzehnte" are 20 (years).
SCALES_AFTER_A_NUMBER = {"jahrzehnt": 10, "jahrzehnte": 10, "jahrzehnten": 10, "decade": 10, "decades": 10}
# A unit after a number also gives the value in the unit named here, so that 180 Zentimeter =
# 1,8 Meter and 24 Monate = zwei Jahre: unit → (multiply, divide) into metres, years, days,
# minutes or grams.
UNITS = {
    **dict.fromkeys(["zentimeter", "zentimetern", "cm", "centimetres", "centimeters"], (1, 100)),
    **dict.fromkeys(["millimeter", "millimetern", "mm", "millimetres", "millimeters"], (1, 1000)),
    **dict.fromkeys(["kilometer", "kilometern", "km", "kilometres", "kilometers"], (1000, 1)),
    **dict.fromkeys(["monat", "monate", "monaten", "monats", "month", "months"], (1, 12)),
    **dict.fromkeys(["woche", "wochen", "week", "weeks"], (7, 1)),
    **dict.fromkeys(["stunde", "stunden", "hour", "hours"], (60, 1)),
    **dict.fromkeys(["kilogramm", "kg", "kilograms", "kilogrammes"], (1000, 1)),
    **dict.fromkeys(["tonne", "tonnen", "tonnes", "tons", "t"], (10**6, 1)),
}  # fmt: skip
# What a number counts, by the word after it (its beginning, case and umlauts folded):
# "drei Jahre" and "three years" both count years.
UNIT_KINDS = {
    "year": ("jahr", "year"), "month": ("monat", "month"), "week": ("woche", "week"), "day": ("tag", "day"),
    "hour": ("stunde", "hour"), "percent": ("prozent", "percent", "per cent"), "euro": ("euro",),
    "dollar": ("dollar",), "people": ("mensch", "people", "person"), "kilometre": ("kilomet", "km"),
}  # fmt: skip
# Words before a number that bound it: "mehr als fünf" is not "weniger als fünf", and
# "Ende 2026" is not "Mitte 2026". A statement's bound must be the passage's.
BOUNDS = {
    ">": ["mehr als", "more than", "über", "over", "above", "mindestens", "at least", "gut"],
    "<": ["weniger als", "less than", "fewer than", "unter", "under", "below", "bis zu", "up to", "höchstens",
          "at most", "fast", "nearly", "almost", "knapp"],
    "start": ["anfang", "beginning of", "start of", "early"],
    "mid": ["mitte", "middle of", "mid"],
    "end": ["ende", "end of", "late"],
    "spring": ["frühjahr", "frühling", "spring"], "summer": ["sommer", "summer"],
    "autumn": ["herbst", "autumn", "fall"], "winter": ["winter"],
}  # fmt: skip
BOUND_BEFORE = re.compile(
    r"(?<![\w-])(?P<bound>" + "|".join(sorted((re.escape(w) for ws in BOUNDS.values() for w in ws), key=len,
                                              reverse=True)) + r")(?:\s+(?:the|des|der|dem))?[\s-]+$",
    re.IGNORECASE,
)  # fmt: skip
BOUND_OF = {word: bound for bound, words in BOUNDS.items() for word in words}

WEEKDAYS = {
    "monday": 0, "montag": 0, "tuesday": 1, "dienstag": 1, "wednesday": 2, "mittwoch": 2, "thursday": 3,
    "donnerstag": 3, "friday": 4, "freitag": 4, "saturday": 5, "samstag": 5, "sonnabend": 5, "sunday": 6,
    "sonntag": 6,
}  # fmt: skip
# Days from the article's date; a German word also in its inflected forms (heutigen, morgige).
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "heute": 0, "heutig": 0, "yesterday": -1, "gestern": -1, "gestrig": -1,
    "tomorrow": 1, "morgen": 1, "morgig": 1, "vorgestern": -2, "übermorgen": 2,
}  # fmt: skip
RELATIVE_YEARS = {
    "this year": 0, "this year's": 0, "dieses jahr": 0, "diesem jahr": 0, "dieses jahres": 0, "diesjährig": 0,
    "next year": 1, "nächstes jahr": 1, "nächsten jahr": 1, "kommenden jahr": 1, "kommendes jahr": 1,
    "last year": -1, "last year's": -1, "vergangenes jahr": -1, "vergangenen jahr": -1, "letztes jahr": -1,
    "letzten jahr": -1, "vorjahr": -1, "of the year": 0, "des jahres": 0,
}  # fmt: skip
WEEKDAY = re.compile(
    r"\b(?P<weekday>" + "|".join(name.capitalize() for name in WEEKDAYS) + r")"
    r"(?:abend|morgen|mittag|nachmittag|vormittag|nacht)?s?\b"
)
# "morgen" only in lower case: "am Morgen" is the morning.
RELATIVE_DAY = re.compile(
    r"\b(?P<day>(?i:today|tonight|yesterday|tomorrow|heute|gestern|vorgestern|übermorgen)|morgen"
    r"|(?i:heutig|gestrig|morgig)(?:e[mnrs]?)?)\b"
)
RELATIVE_YEAR = re.compile(
    r"\b(?P<year>" + "|".join(re.escape(phrase) for phrase in sorted(RELATIVE_YEARS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
ID_LIKE = re.compile(r"\b(?:[A-Z][a-z]?|[A-Z]{2,})-\d+\b|\b[^\W\d_]+\d\w*")  # F-35, Su-34, MH-17; G7, A400M
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?:(?P<year>\d{4}|\d{2})\b)?")
DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<month>{MONTH})\b\.?(?:,?\s+(?P<year>\d{{4}})\b)?"
)
MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"
)
CLOCK = re.compile(r"\b(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d)|\.(?P<dotted>[0-5]\d)\s*Uhr|\s*Uhr)\b")
AM_PM = re.compile(r"\b(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?m\b\.?", re.I)
TOKEN = re.compile(  # a number in digits, or a word (which may spell one)
    r"(?<![\w.,])(?P<digits>\d{1,3}(?: \d{3})+(?![\d.,]\d)|\d+(?:[.,\u00a0\u202f]\d+)*)(?:st|nd|rd|th)?(?!\d)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
)


@dataclass(frozen=True)
class Mention:
    """A number, date or time as written (`text`) and as read (`values`).

    Numbers: Decimals (two when the format is ambiguous); dates: (day, month, year or
    None); times: (hour, minute).
    """

    kind: str  # "number" | "date" | "time"
    values: frozenset
    text: str
    span: tuple[int, int] = field(default=(0, 0), compare=False)
    bound: str | None = field(default=None, compare=False)  # a key of BOUNDS: "mehr als fünf" is ">"
    unit: str | None = field(default=None, compare=False)  # a key of UNIT_KINDS: "zwei Jahre" counts years

    @property
    def shown(self) -> str:
        """As written, with the value where it is spelled out: "elf (11)"."""
        if self.kind != "number" or any(char.isdigit() for char in self.text):
            return self.text
        return f"{self.text} ({', '.join(f'{value:f}' for value in sorted(self.values))})"


def mentions(text: str, language: str | None, published: Iterable[date] = ()) -> list[Mention]:
    """Every number, date and time that `text` states, in order; relative dates (heute,
    am Mittwoch) read against each of the `published` dates."""
    found: list[Mention] = []
    masked = ID_LIKE.sub(_blank, text)
    for pattern, kind, read in _calendar_readers(language, tuple(published)):
        masked = pattern.sub(lambda match, kind=kind, read=read: _take(match, kind, read(match), found), masked)
    found.extend(_numbers(masked, language))
    return sorted(found, key=lambda mention: mention.span)


def unsupported(statement: Iterable[Mention], evidence: Iterable[Mention]) -> list[Mention]:
    """The statement's mentions that no evidence mention matches, each once."""
    known = _known_values(list(evidence))
    missing: dict[tuple, Mention] = {}
    for mention in statement:
        if not _is_stated(mention, known):
            missing.setdefault((mention.kind, mention.values), mention)
    return list(missing.values())


def unbounded(statement: Iterable[Mention], evidence: Iterable[Mention]) -> list[Mention]:
    """The statement's bounded numbers ("more than five") whose value the evidence gives only
    with another bound or none ("mehr als fünf" for "less than five")."""
    evidence = list(evidence)
    wrong = []
    for mention in statement:
        same = [other for other in evidence if other.kind == mention.kind and other.values & mention.values]
        if mention.bound and same and all(other.bound != mention.bound for other in same):
            wrong.append(mention)
    return wrong


def _known_values(evidence: list[Mention]) -> dict[str, set]:
    known: dict[str, set] = {"number": set(), "date": set(), "time": set()}
    for mention in evidence:
        known[mention.kind] |= mention.values
    known["number"] |= {Decimal(value[2]) for value in known["date"] if len(value) == 3 and value[2]}
    known["date"] |= {("weekday", weekday) for value in known["date"] if (weekday := _weekday(value)) is not None}
    return known


def _is_stated(mention: Mention, known: dict[str, set]) -> bool:
    if mention.kind == "date":
        return any(_same_date(date, other) for date in mention.values for other in known["date"])
    return bool(mention.values & known[mention.kind])


def _same_date(a: tuple, b: tuple) -> bool:
    if "weekday" in (a[0], b[0]):
        return a == b
    return a[:2] == b[:2] and (a[2] is None or b[2] is None or a[2] == b[2])


def _weekday(value: tuple) -> int | None:
    """The weekday of a (day, month, year) date with a year; None for the rest."""
    if value[0] == "weekday" or value[2] is None:
        return None
    try:
        return date(value[2], value[1], value[0]).weekday()
    except ValueError:
        return None


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _take(match: re.Match, kind: str, values: frozenset | None, found: list[Mention]) -> str:
    if not values:  # not a valid date or time after all: leave it to the number reader
        return match.group()
    found.append(Mention(kind, values, match.group().strip().rstrip(".,"), match.span()))
    return _blank(match)


def _calendar_readers(language: str | None, published: tuple[date, ...]):
    readers = [
        (ISO_DATE, "date", _one(_date)), (NUMERIC_DATE, "date", _one(lambda m: _numeric_date(m, language))),
        (DAY_MONTH, "date", _one(_date)), (MONTH_DAY, "date", _one(_date)), (CLOCK, "time", _one(_clock)),
        (WEEKDAY, "date", lambda m: _weekday_dates(m, published)),
    ]  # fmt: skip
    if language != "de":  # German "6 am Dienstag" is a day, not a time
        readers.insert(4, (AM_PM, "time", _one(_am_pm)))
    if published:
        readers.append((RELATIVE_DAY, "date", lambda m: _relative_dates(m, published)))
        readers.append((RELATIVE_YEAR, "number", lambda m: _relative_years(m, published)))
    return readers


def _one(read):
    """A reader of one value (or None) as a reader of a set of values."""
    return lambda match: None if (value := read(match)) is None else frozenset([value])


def _as_value(day: date) -> tuple:
    return day.day, day.month, day.year


def _weekday_dates(match: re.Match, published: tuple[date, ...]) -> frozenset:
    """The weekday, and the nearest such day on or before and on or after each date."""
    weekday = WEEKDAYS[match["weekday"].lower()]
    values: set[tuple] = {("weekday", weekday)}
    for day in published:
        values.add(_as_value(day - timedelta(days=(day.weekday() - weekday) % 7)))
        values.add(_as_value(day + timedelta(days=(weekday - day.weekday()) % 7)))
    return frozenset(values)


def _relative_dates(match: re.Match, published: tuple[date, ...]) -> frozenset:
    word = match["day"].lower()
    offset = RELATIVE_DAYS.get(word, RELATIVE_DAYS.get(re.sub(r"e[mnrs]?$", "", word)))
    return frozenset() if offset is None else frozenset(_as_value(day + timedelta(days=offset)) for day in published)


def _relative_years(match: re.Match, published: tuple[date, ...]) -> frozenset:
    offset = RELATIVE_YEARS[match["year"].lower()]
    return frozenset(Decimal(day.year + offset) for day in published)


def _date(match: re.Match) -> tuple | None:
    month = match["month"]
    month = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    year = int(match["year"]) if match["year"] else None
    if year is not None and year < 100:
        year += 2000
    day = int(match["day"])
    return (day, month, year) if month and 1 <= month <= 12 and 1 <= day <= 31 else None


def _numeric_date(match: re.Match, language: str | None) -> tuple | None:
    # "3.12." without a year is a German way of writing; in English "rose 3.12." is a decimal.
    return _date(match) if match["year"] or language == "de" else None


def _clock(match: re.Match) -> tuple:
    return int(match["hour"]), int(match["minute"] or match["dotted"] or 0)


def _am_pm(match: re.Match) -> tuple:
    hour = int(match["hour"]) % 12 + (12 if match["half"].lower() == "p" else 0)
    return hour, int(match["minute"] or 0)


def _numbers(text: str, language: str | None) -> list[Mention]:
    tokens = list(TOKEN.finditer(text))
    found, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        values, end = _token_number(token, language)
        if not values and token["word"] and token["word"].lower() in HALF:
            values, index, end = _half_of_a_scale(text, tokens, index, language)
        if not values:
            continue
        while index < len(tokens) and (scale := _scale_after(text, end, tokens[index], language, after_number=True)):
            values = {value * scale for value in values}
            end = tokens[index].end()
            index += 1
        unit = tokens[index] if index < len(tokens) and tokens[index].start() - end <= 2 else None
        values |= _in_base_unit(values, unit) if unit is not None else set()
        start, bound = _bound_before(text, token.start())
        found.append(Mention("number", frozenset(values), text[start:end], (start, end), bound, _unit_kind(unit)))
    return found


def _half_of_a_scale(text: str, tokens: list[re.Match], index: int, language: str | None) -> tuple[set, int, int]:
    """0.5 when a scale word follows "halbe" or "half a" (the token before `index`); the
    index and end to read the scale from."""
    half, following = tokens[index - 1], tokens[index] if index < len(tokens) else None
    if following is None:
        return set(), index, half.end()
    if following["word"] in ("a", "an") and index + 1 < len(tokens):
        half, following, index = following, tokens[index + 1], index + 1
    if _scale_after(text, half.end(), following, language):
        return {Decimal("0.5")}, index, half.end()
    return set(), index, half.end()


def _in_base_unit(values: set[Decimal], unit: re.Match) -> set[Decimal]:
    """The values in the base unit when `unit` names one (1,8 Meter for 180 Zentimeter)."""
    factor = UNITS.get((unit["word"] or "").lower())
    if factor is None:
        return set()
    multiply, divide = factor
    return {value * multiply / divide for value in values}


def _unit_kind(token: re.Match | None) -> str | None:
    word = ((token["word"] or "") if token is not None else "").lower()
    return next((kind for kind, starts in UNIT_KINDS.items() if word and word.startswith(starts)), None)


def _bound_before(text: str, start: int) -> tuple[int, str | None]:
    """Where a bound before the number at `start` begins ("mehr als", "Ende"), and which it is."""
    match = BOUND_BEFORE.search(text, max(0, start - 20), start)
    if match is None:
        return start, None
    return match.start(), BOUND_OF[match["bound"].lower()]


def _token_number(token: re.Match, language: str | None) -> tuple[set[Decimal], int]:
    """The values a token spells, and where its number ends (`Fünf` of `Fünf-Prozent-Ziel`)."""
    if token["digits"]:
        return _digit_values(token["digits"], language), token.end()
    value, spelled = _word_value(token["word"], language)
    return ({Decimal(value)} if value is not None else set()), token.start() + len(spelled)


def _scale_after(text: str, end: int, token: re.Match, language: str | None, after_number: bool = False) -> int | None:
    """The scale word that `token` is, if it directly follows a number ending at `end`
    ("zwei Jahrzehnte" only `after_number`, not "halbe Jahrzehnte")."""
    if not token["word"] or text[end : token.start()].strip(" -\u00a0") or token.start() - end > 2:
        return None
    word = token["word"].lower()
    return _scale(word, language) or (SCALES_AFTER_A_NUMBER.get(word) if after_number else None)


def _scale(word: str, language: str | None) -> int | None:
    word = word.lower()
    return (GERMAN_SCALES.get(word) if language == "de" else None) or SCALES.get(word)


def _digit_values(raw: str, language: str | None) -> set[Decimal]:
    """`raw` read with the language's separators; both readings when it is unknown."""
    raw = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")  # 50 000
    if "," in raw and "." in raw:  # the last separator is the decimal one: 1.234,5 / 1,234.5
        decimal_mark = max((",", "."), key=raw.rfind)
        thousands = "." if decimal_mark == "," else ","
        return {Decimal(raw.replace(thousands, "").replace(decimal_mark, "."))}
    separator = "," if "," in raw else "." if "." in raw else None
    if separator is None:
        return {Decimal(raw)}
    groups = raw.split(separator)
    expected = THOUSANDS_SEPARATOR.get(language or "")
    grouped = len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    readings = set()
    if grouped and expected in (separator, None):
        readings.add(Decimal("".join(groups)))
    if len(groups) == 2 and not (grouped and expected == separator):
        readings.add(Decimal(".".join(groups)))
    return readings or {Decimal("".join(groups))}


def _word_value(word: str, language: str | None) -> tuple[int | None, str]:
    """The number that a word, or the first part of a hyphenated compound, spells."""
    parts = word.split("-")
    lower = [part.lower() for part in parts]
    if len(parts) > 1 and lower[0] in TENS and lower[1] in UNITS_IN_COMPOUNDS:  # twenty-eight
        return TENS[lower[0]] + UNITS_IN_COMPOUNDS[lower[1]], "-".join(parts[:2])
    value = _number_word(lower[0])
    if value is None and len(parts) == 1 and lower[0] in SCALES_ALONE:
        value = _scale(word, language)
    return value, parts[0]


def _number_word(word: str) -> int | None:
    """A number word: five, zwölf, achtundzwanzig, zweihundert, dreitausendfünfhundert."""
    if word in SMALL_NUMBERS or word in TENS:
        return SMALL_NUMBERS.get(word, TENS.get(word))
    for scale_word, scale in (("tausend", 1000), ("hundert", 100)):
        head, found, tail = word.partition(scale_word)
        if found:
            left = 1 if head in ("", "ein") else _number_word(head)
            right = 0 if tail == "" else _number_word(tail.removeprefix("und"))
            return None if left is None or right is None else left * scale + right
    unit, found, tens = word.partition("und")
    if found and unit in UNITS_IN_COMPOUNDS and tens in TENS:
        return UNITS_IN_COMPOUNDS[unit] + TENS[tens]
    return None
