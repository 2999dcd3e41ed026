"""The errors of meaning that issue 12 found printed as verified, and the faithful
statements it found dropped, each against the seed passages it cited.

The seeds (../shared/seeds) are read at run time and cited by article id and passage
number (as `benchmarks/verify_quality.py --passages ID` lists them): their copyrighted
text is not copied here.
"""

from datetime import date

import pytest
from builders import SEEDS

from briefing.ingest import read_articles
from briefing.settings import Settings
from briefing.summarise.segment import segment_articles
from briefing.verify import Cited, check_statement

S0, S1, S2, S3 = "000_f5a63ebbe27c5876", "001_217fac27926633cb", "002_6f7f2669796b724d", "003_645aa459b3da4b9e"

PRINTED_BUT_FALSE = [
    ("Rubio attended the NATO foreign ministers' meeting in Brussels.", "en", [(S0, 14)]),
    ("Außenminister Johann Wadephul sieht einen ernsthaften Willen auf russischer Seite.", "de", [(S2, 9), (S2, 10)]),
    ("Amerikaner und Russen verhandelten in der Nacht weniger als fünf Stunden über ein mögliches Kriegsende.", "de",
     [(S2, 11)]),
    ("Das Treffen fand am Tag vor den Gesprächen zwischen amerikanischen und russischen Unterhändlern in Moskau statt.",
     "de", [(S2, 5)]),
    ("NATO Secretary General Mark Rutte said he sees no serious will on the Russian side.", "en",
     [(S2, 10), (S3, 3)]),
    ("Ukraine will need more than 100 billion euros over the next three years.", "en", [(S2, 26), (S0, 33)]),
    ("Rubio erklärte: „Ich werde die Nato niemals im Stich lassen.“", "de", [(S0, 14)]),
    ("German Defence Minister Johann Wadephul made similar remarks.", "en", [(S2, 9)]),
    ("Rutte sieht keine Chance auf Frieden", "de", [(S3, 8)]),  # a headline
    ("NATO agrees on Ukraine's accession", "en", [(S0, 20)]),  # a headline
]  # fmt: skip

DROPPED_BUT_FAITHFUL = [
    ("The European defence industry's annual meeting took place on the 26th floor, high above Brussels.", "en",
     [(S0, 2), (S0, 3)]),
    ("Deutschland, Polen und Norwegen geben für das Programm gemeinsam eine weitere halbe Milliarde Euro.", "de",
     [(S2, 23)]),
    ("Kallas was formerly head of government of Estonia and has repeatedly warned about Vladimir Putin.", "en",
     [(S1, 28)]),
    ("Nach Ruttes Worten liegt ein Beitritt in weiter Ferne, weil unter den NATO-Mitgliedern die Einstimmigkeit fehlt.",
     "de", [(S1, 19)]),
    ("NATO member states want to discuss on 3 December how things should proceed.", "en", [(S1, 2)]),
]  # fmt: skip


@pytest.fixture(scope="module")
def seed_passages():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    articles, _ = read_articles([SEEDS], Settings())
    return {article.id: article for article in articles}, segment_articles(articles)


def cited(seed_passages, cites) -> list[Cited]:
    articles, passages = seed_passages
    result = []
    for article_id, number in cites:
        article, own = articles[article_id], passages[article_id]
        published = article.published.date() if article.published else None
        before = own[number - 1].text if number > 0 else ""
        result.append(Cited(own[number].text, article.language, published, before))
    return result


@pytest.mark.parametrize("statement, language, cites", PRINTED_BUT_FALSE)
def test_an_error_of_meaning_is_no_longer_printed(seed_passages, statement, language, cites):
    verdict = check_statement(statement, cited(seed_passages, cites), language)
    assert not verdict.supported
    assert verdict.reasons


@pytest.mark.parametrize("statement, language, cites", DROPPED_BUT_FAITHFUL)
def test_a_faithful_statement_is_no_longer_dropped(seed_passages, statement, language, cites):
    verdict = check_statement(statement, cited(seed_passages, cites), language)
    assert verdict.supported, verdict.reasons


def test_the_seeds_are_dated_so_that_heute_can_be_read(seed_passages):
    articles, _ = seed_passages
    assert articles[S1].published is not None and articles[S1].published.date() == date(2025, 12, 3)
