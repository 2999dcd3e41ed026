"""A quotation in a statement must be the passage's own words, in a passage that quotes."""

import pytest

from briefing.verify import Cited, check_statement
from briefing.verify.quotes import quotations

PASSAGE_DE = Cited(
    "„Die letzte Meile zur Zwei-Prozent-Marke ist die schwierigste, weil die Dienstleistungspreise nur langsam "
    "nachgeben“, sagte Chefvolkswirt Markus Eder.",
    "de",
)
PASSAGE_EN = Cited("Chancellor Friedrich Merz is heading into one of the toughest votes of his government so far.", "en")


@pytest.mark.parametrize(
    "statement, expected",
    [
        ("„Die letzte Meile zur Zwei-Prozent-Marke ist die schwierigste“, sagte Markus Eder.", True),
        ("Markus Eder sagte: „Die letzte Meile … ist die schwierigste“.", True),  # an ellipsis splits the quote
        ("„Die letzte Meile zur Zwei-Prozent-Marke ist geschafft“, sagte Markus Eder.", False),
        ("„Die Dienstleistungspreise sinken schnell“, sagte Markus Eder.", False),
    ],
)
def test_a_quotation_must_stand_word_for_word_in_the_passage(statement, expected):
    assert check_statement(statement, [PASSAGE_DE], "de").supported is expected


def test_words_the_passage_does_not_quote_are_no_quotation():
    statement = "Merz said: “This is one of the toughest votes of my government.”"
    verdict = check_statement(statement, [PASSAGE_EN], "en")
    assert not verdict.supported
    assert any("is not word for word in a quotation" in reason for reason in verdict.reasons)


def test_a_translated_quotation_passes_only_when_marked_as_one():
    passage = Cited("„Wir sind mit einem blauen Auge davongekommen“, sagte Kreissprecherin Anke Petersen.", "de")
    unmarked = "“We got off with a black eye,” said district spokeswoman Anke Petersen."
    marked = "“We got off with a black eye” (translated), said district spokeswoman Anke Petersen."
    assert any("word for word" in reason for reason in check_statement(unmarked, [passage], "en").reasons)
    assert not any("word for word" in reason for reason in check_statement(marked, [passage], "en").reasons)


def test_a_short_quote_needs_only_to_occur():
    passage = Cited("Die ‚frozen assets‘ sind die schlechteste Lösung, sagte Maxime Prévot.", "de")
    assert check_statement("Prévot nannte die 'frozen assets' die schlechteste Lösung.", [passage], "de").supported


@pytest.mark.parametrize(
    "text, expected",
    [
        ("„Das ist so“, sagte er.", ["Das ist so"]),
        ("He said “we will” and left.", ["we will"]),
        ('He said "we will" and left.', ["we will"]),
        ("Rutte's view and Merz' view", []),  # apostrophes open no quotation
        ("Er nannte es «gefährlich».", ["gefährlich"]),
    ],
)
def test_what_counts_as_a_quotation(text, expected):
    assert quotations(text) == expected
