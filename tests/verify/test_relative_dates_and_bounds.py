"""Numbers and dates as the passage means them: relative dates against the article's date,
scales and units written differently, and the bound a number carries ("more than five")."""

from datetime import date

import pytest

from briefing.verify import Cited, check_statement
from briefing.verify.numbers import mentions

TUESDAY = date(2025, 12, 2)
WEDNESDAY = date(2025, 12, 3)


def supported(statement: str, passage: str, published: date | None, language: str = "en") -> bool:
    return check_statement(statement, [Cited(passage, "de", published)], language).supported


RELATIVE = [
    ("Storm Lotte hit the North Sea coast on 2 December.", "Das Sturmtief Lotte hat heute die Nordseeküste erreicht.",
     TUESDAY, True),
    ("Storm Lotte hit the North Sea coast on 3 December.", "Das Sturmtief Lotte hat heute die Nordseeküste erreicht.",
     TUESDAY, False),
    ("Storm Lotte hit the North Sea coast on 2 December.", "Das Sturmtief Lotte hat gestern die Nordseeküste erreicht.",
     WEDNESDAY, True),
    ("NATO ministers meet on 3 December.", "Die NATO-Minister treffen sich morgen in Brüssel.", TUESDAY, True),
    ("NATO ministers meet on 3 December.", "Beim morgigen Treffen der NATO-Minister in Brüssel.", TUESDAY, True),
    ("NATO ministers meet on 3 December.", "Die NATO-Minister treffen sich am Mittwoch in Brüssel.", TUESDAY, True),
    ("NATO ministers meet on 4 December.", "Die NATO-Minister treffen sich am Mittwoch in Brüssel.", TUESDAY, False),
    ("Witkoff met Putin on the evening of 2 December.", "Witkoff traf Putin am Dienstagabend im Kreml.",
     WEDNESDAY, True),
    ("Witkoff met Putin on Tuesday evening.", "Witkoff traf Putin am 2. Dezember im Kreml.", WEDNESDAY, True),
    ("Witkoff met Putin on Monday evening.", "Witkoff traf Putin am 2. Dezember im Kreml.", WEDNESDAY, False),
    ("Russia's share of gas imports is about 13 percent in 2025.",
     "Russlands Anteil an den Gasimporten liegt in diesem Jahr bei 13 Prozent.", WEDNESDAY, True),
    ("Russia's share of gas imports is about 13 percent in 2024.",
     "Russlands Anteil an den Gasimporten liegt in diesem Jahr bei 13 Prozent.", WEDNESDAY, False),
]


@pytest.mark.parametrize("statement, passage, published, expected", RELATIVE)
def test_relative_dates_are_read_against_the_article_s_date(statement, passage, published, expected):
    assert supported(statement, passage, published) is expected


def test_without_the_article_s_date_heute_is_no_date_but_a_weekday_still_matches_its_name():
    assert not supported("Storm Lotte hit the coast on 2 December.", "Das Sturmtief Lotte erreichte heute die Küste.", None)
    assert supported("Storm Lotte hit the coast on Tuesday.", "Das Sturmtief Lotte erreichte am Dienstag die Küste.", None)


def test_am_morgen_is_the_morning_not_tomorrow():
    assert [m.text for m in mentions("Er reiste am Morgen ab.", "de", [TUESDAY])] == []


FORMATS = [
    ("Germany, Poland and Norway are providing another half a billion euros.",
     "Polen, Norwegen und Deutschland geben noch einmal 500 Millionen Euro.", True),
    ("Deutschland, Polen und Norwegen geben eine weitere halbe Milliarde Euro.",
     "Polen, Norwegen und Deutschland geben noch einmal 500 Millionen Euro.", True),
    ("Germany, Poland and Norway are providing another half a billion euros.",
     "Polen, Norwegen und Deutschland geben noch einmal 400 Millionen Euro.", False),
    ("For the first time in more than two decades, a US secretary of state skips the meeting.",
     "Zum ersten Mal seit mehr als 20 Jahren verpasst ein US-Außenminister das Treffen.", True),
    ("The water at St. Pauli reached 180 centimetres above mean high water.",
     "Der Pegel St. Pauli erreichte 1,8 Meter über dem mittleren Hochwasser.", True),
    ("The water at St. Pauli reached 80 centimetres above mean high water.",
     "Der Pegel St. Pauli erreichte 1,8 Meter über dem mittleren Hochwasser.", False),
    ("Ukraine needs over 100 billion euros in the coming 24 months.",
     "Die Ukraine braucht für die kommenden zwei Jahre über 100 Milliarden Euro.", True),
    ("The forum took place on the 26th floor, above the roofs of Brussels.",
     "Im 26. Stock über den Dächern von Brüssel fand das Forum statt.", True),
    ("The ECB's Governing Council holds its final policy meeting of 2025 on 18 December.",
     "The ECB’s Governing Council holds its last policy meeting of the year on December 18.", True),
    ("Der Küstenschutz beziffert den Sandverlust auf Sylt auf etwa 50 000 m³.",
     "Auf Sylt schätzt der Küstenschutz den Sandverlust auf rund 50.000 Kubikmeter.", True),
    ("Der Küstenschutz beziffert den Sandverlust auf Sylt auf etwa 60 000 m³.",
     "Auf Sylt schätzt der Küstenschutz den Sandverlust auf rund 50.000 Kubikmeter.", False),
]


@pytest.mark.parametrize("statement, passage, expected", FORMATS)
def test_scales_fractions_ordinals_and_units_written_differently(statement, passage, expected):
    assert supported(statement, passage, WEDNESDAY) is expected


BOUNDS = [
    ("US and Russian negotiators talked for less than five hours.",
     "Amerikaner und Russen hatten mehr als fünf Stunden verhandelt.", False),
    ("US and Russian negotiators talked for more than five hours.",
     "Amerikaner und Russen hatten mehr als fünf Stunden verhandelt.", True),
    ("US and Russian negotiators talked for five hours.",
     "Amerikaner und Russen hatten mehr als fünf Stunden verhandelt.", True),  # less precise, not false
    ("US and Russian negotiators talked for more than five hours.",
     "Amerikaner und Russen hatten fünf Stunden verhandelt.", False),
    ("Ukraine needs more than 100 billion euros over the next two years.",
     "Die Ukraine braucht für die kommenden zwei Jahre über 100 Milliarden Euro.", True),
    ("The pension commission is to present proposals by the end of 2026.",
     "Eine Rentenkommission soll bis Mitte 2026 Vorschläge vorlegen.", False),
    ("The pension commission is to present proposals by mid-2026.",
     "Eine Rentenkommission soll bis Mitte 2026 Vorschläge vorlegen.", True),
]


@pytest.mark.parametrize("statement, passage, expected", BOUNDS)
def test_a_number_keeps_its_bound(statement, passage, expected):
    assert supported(statement, passage, WEDNESDAY) is expected


def test_a_wrong_bound_is_named_in_the_reason():
    verdict = check_statement(
        "Negotiators talked for less than five hours.",
        [Cited("Amerikaner und Russen hatten mehr als fünf Stunden verhandelt.", "de")],
        "en",
    )
    assert "the cited passages do not say 'less than five'" in verdict.reasons
