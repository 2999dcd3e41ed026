"""Publication dates as the sources write them: ISO 8601, RFC 2822 (feeds) and German forms.

`parse_published` always returns an aware datetime (a time without a zone is read in the
configured timezone) or raises `ValueError` with a message that quotes the value.

A numeric UTC offset beyond ±14:00 (`+9900`, `-1800`, minutes past 59) exists nowhere on
Earth: it is a typo or garbage, and applying it would move the article by days. Such a
date is read as UTC, where its wall-clock time is at most 14 hours off, and
`read_published` returns a note saying so (the callers turn it into a Problem).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from briefing.models import Problem

# The widest UTC offsets in use are -12:00 (Baker Island) and +14:00 (Kiribati); beyond is garbage.
MAX_UTC_OFFSET = timedelta(hours=14)
MINUTES_PER_HOUR = 60
# A numeric offset at the end of a date: "+0100", "-05:00", "+9900".
_TRAILING_OFFSET = re.compile(r"\s*(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$")

# Years outside this range are typos or placeholders (0001-01-01, 9999-12-31), not news.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

# Two defaults that differ in year, month and day: a value parsed to different dates under
# them left a part of the date open ("Dezember 2025", "18:15"), which we refuse to guess.
_PROBE_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))

# RFC 2822 as feeds write it: "Tue, 02 Dec 2025 18:15:00 +0100". The e-mail parser is
# lenient and misreads other forms ("December 2, 2025 6:15 pm"), so it only sees these.
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")

# A year in front ("2025-12-02 18:15 MEZ") is year-month-day; dayfirst would swap them.
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")

_ZONE_NAMES = {  # zone abbreviations seen in German and English news pages
    "MEZ": 3600,
    "CET": 3600,
    "MESZ": 7200,
    "CEST": 7200,
    "WEZ": 0,
    "WET": 0,
    "BST": 3600,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
}


class GermanParserInfo(dateutil_parser.parserinfo):
    """dateutil vocabulary for German dates; English names stay, so feeds parse too.

    "am" means "on" in German ("am 2. Dezember"), so it is skipped, not read as a.m.
    """

    JUMP: ClassVar[list[str]] = [*dateutil_parser.parserinfo.JUMP, "am", "um", "uhr", "den", "stand", "vom"]
    MONTHS: ClassVar[list[tuple[str, ...]]] = [
        ("Jan", "January", "Januar", "Jänner", "Jaenner"),
        ("Feb", "February", "Februar", "Feber"),
        ("Mar", "March", "März", "Maerz", "Marz", "Mär", "Mrz"),
        ("Apr", "April"),
        ("May", "Mai"),
        ("Jun", "June", "Juni"),
        ("Jul", "July", "Juli"),
        ("Aug", "August"),
        ("Sep", "Sept", "September"),
        ("Oct", "October", "Okt", "Oktober"),
        ("Nov", "November"),
        ("Dec", "December", "Dez", "Dezember"),
    ]
    WEEKDAYS: ClassVar[list[tuple[str, ...]]] = [
        ("Mon", "Monday", "Mo", "Montag"),
        ("Tue", "Tuesday", "Di", "Dienstag"),
        ("Wed", "Wednesday", "Mi", "Mittwoch"),
        ("Thu", "Thursday", "Do", "Donnerstag"),
        ("Fri", "Friday", "Fr", "Freitag"),
        ("Sat", "Saturday", "Sa", "Samstag", "Sonnabend"),
        ("Sun", "Sunday", "So", "Sonntag"),
    ]
    AMPM: ClassVar[list[tuple[str, ...]]] = [("a.m.",), ("pm", "p.m.")]


_GERMAN = GermanParserInfo(dayfirst=True)
_GERMAN_YEAR_FIRST = GermanParserInfo(yearfirst=True)


def parse_published(value: str, tz: ZoneInfo) -> datetime:
    """Read a publication date; a value without a zone is local time in `tz`.

    Accepts ISO 8601 (a bare date is midnight in `tz`), RFC 2822 as in feeds, and German
    forms such as `02.12.2025 18:15`, `2. Dezember 2025`, `03.12.2025, 05:09 Uhr`.
    """
    return read_published(value, tz)[0]


def read_published(value: str, tz: ZoneInfo) -> tuple[datetime, str | None]:
    """`parse_published`, and a note when the date's UTC offset was impossible and the
    time was read as UTC instead (None when all was well)."""
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("empty date")
    offset = _TRAILING_OFFSET.search(text)
    if offset and _impossible(offset):
        parsed = _parse_any(text[: offset.start()].rstrip(), UTC, text)
        return parsed, f"{text!r} has the impossible UTC offset {offset.group().strip()} (beyond ±14:00); read as UTC"
    parsed = _parse_any(text, tz, text)
    utc_offset = parsed.utcoffset()
    if utc_offset is not None and abs(utc_offset) > MAX_UTC_OFFSET:
        return parsed.replace(tzinfo=UTC), f"{text!r} has an impossible UTC offset (beyond ±14:00); read as UTC"
    return parsed, None


def _parse_any(text: str, tz: ZoneInfo | timezone, original: str) -> datetime:
    for parse in (_parse_iso, _parse_rfc2822, _parse_free_form):
        try:
            parsed = parse(text)
        except (ValueError, OverflowError, TypeError, IndexError):
            continue
        return _checked(_aware(parsed, tz), original)
    raise ValueError(f"cannot read {original!r} as a date")


def _impossible(offset: re.Match[str]) -> bool:
    hours, minutes = int(offset.group(2)), int(offset.group(3))
    return minutes >= MINUTES_PER_HOUR or timedelta(hours=hours, minutes=minutes) > MAX_UTC_OFFSET


def published_or_problem(value: object, tz: ZoneInfo, where: str, problems: list[Problem]) -> datetime | None:
    """The parsed date, or None with a Problem saying the article is kept undated (and a
    Problem too when its offset was impossible and it was read as UTC)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        reason = f"published is a {type(value).__name__}, not a date string"
    else:
        try:
            published, note = read_published(value, tz)
        except ValueError as error:
            reason = str(error)
        else:
            if note:
                problems.append(Problem(where, note))
            return published
    problems.append(Problem(where, f"{reason}; the article is kept undated"))
    return None


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _parse_rfc2822(text: str) -> datetime:
    if not _RFC2822.match(text):
        raise ValueError("not RFC 2822")
    parsed = parsedate_to_datetime(text)
    if parsed.tzinfo is None:  # "-0000": UTC, local zone unknown (RFC 5322, 3.3)
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse_free_form(text: str) -> datetime:
    info = _GERMAN_YEAR_FIRST if _YEAR_FIRST.match(text) else _GERMAN
    readings = [
        dateutil_parser.parse(text, parserinfo=info, default=default, tzinfos=_ZONE_NAMES)
        for default in _PROBE_DEFAULTS
    ]
    if readings[0].date() != readings[1].date():
        raise ValueError(f"{text!r} is not a complete date")
    return readings[0]


def _aware(parsed: datetime, tz: ZoneInfo | timezone) -> datetime:
    """Attach `tz` to local times; turn dateutil's offset objects into plain timezones."""
    offset = parsed.utcoffset()
    if offset is None:
        return parsed.replace(tzinfo=tz)
    if isinstance(parsed.tzinfo, (timezone, ZoneInfo)):
        return parsed
    return parsed.replace(tzinfo=timezone(timedelta(seconds=offset.total_seconds())))


def _checked(parsed: datetime, text: str) -> datetime:
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValueError(f"{text!r} lies in the year {parsed.year}, outside {EARLIEST_YEAR}..{LATEST_YEAR}")
    return parsed
