"""Caps, so that a flood of input can neither exhaust memory nor run up a bill: what is
left out or cut is reported, naming the article."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from briefing.models import Article, RunReport
from briefing.select import cap_articles
from briefing.settings import Settings

START = datetime(2025, 12, 3, tzinfo=timezone.utc)


def article(number: int, text: str = "Die Minister berieten in Brüssel.") -> Article:
    return Article(id=f"a{number}", text=text, published=START + timedelta(minutes=number), origin=f"feed.xml#{number}")


def test_past_the_article_cap_the_newest_are_kept_and_the_cut_is_reported():
    report = RunReport()
    kept = cap_articles([article(n) for n in range(10)], replace(Settings(), max_articles=3), report)
    assert [a.id for a in kept] == ["a9", "a8", "a7"]
    assert [str(p) for p in report.problems] == ["(input): more than 3 articles: only the newest are used"]


def test_a_huge_text_is_cut_at_a_word_and_the_cut_is_named():
    report = RunReport()
    huge = article(1, "Wort " * 50_000)  # 250,000 characters
    (kept,) = cap_articles([huge], replace(Settings(), max_article_characters=1_000), report)
    assert len(kept.text) <= 1_000 and kept.text.endswith("Wort")
    assert huge.text.startswith(kept.text)  # citations still point into the text as kept
    assert [str(p) for p in report.problems] == ["feed.xml#1: 250,000 characters: cut to the first 999"]


def test_articles_within_the_caps_are_untouched():
    report = RunReport()
    articles = [article(n) for n in range(3)]
    assert cap_articles(articles, Settings(), report) == articles
    assert report.problems == []
