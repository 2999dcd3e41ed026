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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    r"(?<![\w.,])(?P<digits>\d+(?:[.,\u00a0\u202f]\d+)*)(?:st|nd|rd|th)?(?!\d)|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)"
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

    @property
    def shown(self) -> str:
        """As written, with the value where it is spelled out: "elf (11)"."""
        if self.kind != "number" or any(char.isdigit() for char in self.text):
            return self.text
        return f"{self.text} ({', '.join(f'{value:f}' for value in sorted(self.values))})"


def mentions(text: str, language: str | None) -> list[Mention]:
    """Every number, date and time that `text` states, in order."""
    found: list[Mention] = []
    masked = ID_LIKE.sub(_blank, text)
    for pattern, kind, read in _calendar_readers(language):
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


def _known_values(evidence: list[Mention]) -> dict[str, set]:
    known: dict[str, set] = {"number": set(), "date": set(), "time": set()}
    for mention in evidence:
        known[mention.kind] |= mention.values
    known["number"] |= {Decimal(year) for (_, _, year) in known["date"] if year}
    return known


def _is_stated(mention: Mention, known: dict[str, set]) -> bool:
    if mention.kind == "date":
        return any(_same_date(date, other) for date in mention.values for other in known["date"])
    return bool(mention.values & known[mention.kind])


def _same_date(a: tuple, b: tuple) -> bool:
    return a[:2] == b[:2] and (a[2] is None or b[2] is None or a[2] == b[2])


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _take(match: re.Match, kind: str, value: tuple | None, found: list[Mention]) -> str:
    if value is None:  # not a valid date or time after all: leave it to the number reader
        return match.group()
    found.append(Mention(kind, frozenset([value]), match.group().strip().rstrip(".,"), match.span()))
    return _blank(match)


def _calendar_readers(language: str | None):
    readers = [
        (ISO_DATE, "date", _date), (NUMERIC_DATE, "date", lambda m: _numeric_date(m, language)),
        (DAY_MONTH, "date", _date), (MONTH_DAY, "date", _date), (CLOCK, "time", _clock),
    ]  # fmt: skip
    if language != "de":  # German "6 am Dienstag" is a day, not a time
        readers.insert(4, (AM_PM, "time", _am_pm))
    return readers


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
        if not values:
            continue
        while index < len(tokens) and (scale := _scale_after(text, end, tokens[index], language)):
            values = {value * scale for value in values}
            end = tokens[index].end()
            index += 1
        found.append(Mention("number", frozenset(values), text[token.start() : end], (token.start(), end)))
    return found


def _token_number(token: re.Match, language: str | None) -> tuple[set[Decimal], int]:
    """The values a token spells, and where its number ends (`Fünf` of `Fünf-Prozent-Ziel`)."""
    if token["digits"]:
        return _digit_values(token["digits"], language), token.end()
    value, spelled = _word_value(token["word"], language)
    return ({Decimal(value)} if value is not None else set()), token.start() + len(spelled)


def _scale_after(text: str, end: int, token: re.Match, language: str | None) -> int | None:
    """The scale word that `token` is, if it directly follows a number ending at `end`."""
    if not token["word"] or text[end : token.start()].strip(" -\u00a0") or token.start() - end > 2:
        return None
    return _scale(token["word"], language)


def _scale(word: str, language: str | None) -> int | None:
    word = word.lower()
    return (GERMAN_SCALES.get(word) if language == "de" else None) or SCALES.get(word)


def _digit_values(raw: str, language: str | None) -> set[Decimal]:
    """`raw` read with the language's separators; both readings when it is unknown."""
    raw = raw.replace("\u00a0", "").replace("\u202f", "")
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
