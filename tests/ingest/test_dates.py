from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefing.ingest.dates import parse_published, published_or_problem

BERLIN = ZoneInfo("Europe/Berlin")


def at(text: str) -> datetime:
    """An ISO timestamp with its zone, for the expected side of a test."""
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-12-02T18:15:00+01:00", "2025-12-02T18:15:00+01:00"),
        ("2025-12-02T17:15:00Z", "2025-12-02T18:15:00+01:00"),
        ("2025-12-02 17:15:00.389000+00:00", "2025-12-02T18:15:00.389+01:00"),
        ("2025-12-02", "2025-12-02T00:00:00+01:00"),  # a bare date: midnight in tz
        ("2025-12-02T18:15", "2025-12-02T18:15:00+01:00"),  # no zone: read in tz
        ("2025-07-01T12:00", "2025-07-01T12:00:00+02:00"),  # summer time in tz
        ("02.12.2025 18:15", "2025-12-02T18:15:00+01:00"),
        ("03.12.2025, 05:09 Uhr", "2025-12-03T05:09:00+01:00"),
        ("2. Dezember 2025", "2025-12-02T00:00:00+01:00"),
        ("2. Dez. 2025", "2025-12-02T00:00:00+01:00"),
        ("12. März 2025", "2025-03-12T00:00:00+01:00"),
        ("12. Maerz 2025", "2025-03-12T00:00:00+01:00"),
        ("Mittwoch, 3. Dezember 2025, 20:09 Uhr", "2025-12-03T20:09:00+01:00"),
        ("am 2. Dezember 2025 um 18:15 Uhr", "2025-12-02T18:15:00+01:00"),
        ("Tue, 02 Dec 2025 18:15:00 +0100", "2025-12-02T18:15:00+01:00"),
        ("Tue, 02 Dec 2025 17:15:00 GMT", "2025-12-02T18:15:00+01:00"),
        ("December 2, 2025 6:15 pm", "2025-12-02T18:15:00+01:00"),
        ("2025-12-02 18:15 MEZ", "2025-12-02T18:15:00+01:00"),  # year first stays Y-M-D
    ],
)
def test_reads_iso_german_and_feed_dates(value, expected):
    parsed = parse_published(value, BERLIN)
    assert parsed.tzinfo is not None
    assert parsed == at(expected)


def test_a_given_offset_is_kept():
    assert parse_published("2025-12-02T12:00:00-05:00", BERLIN).utcoffset() == timedelta(hours=-5)


def test_rfc2822_minus_zero_is_utc():
    parsed = parse_published("Wed, 03 Dec 2025 05:09:00 -0000", BERLIN)
    assert parsed == datetime(2025, 12, 3, 5, 9, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "gestern",
        "Dezember 2025",  # no day: not guessed
        "18:15",  # no date at all
        "2025-13-45",
        "99999-01-01",
        "0001-01-01",
        "31.12.9999",
        "Tue, 02 Dec 99999 18:15:00 +0100",
        "2. Dezember 10000000000000000000000",
    ],
)
def test_unreadable_or_absurd_dates_raise_value_error(value):
    with pytest.raises(ValueError):
        parse_published(value, BERLIN)


def test_the_error_quotes_the_value():
    with pytest.raises(ValueError, match="gestern"):
        parse_published("gestern", BERLIN)


def test_published_or_problem_keeps_undated_with_a_problem():
    problems = []
    assert published_or_problem("bald", BERLIN, "x.jsonl:3", problems) is None
    assert [p.where for p in problems] == ["x.jsonl:3"]
    assert "undated" in problems[0].reason


def test_published_or_problem_rejects_non_strings_and_ignores_absent():
    problems = []
    assert published_or_problem(20251202, BERLIN, "x", problems) is None
    assert published_or_problem(None, BERLIN, "y", problems) is None
    assert [p.where for p in problems] == ["x"]
