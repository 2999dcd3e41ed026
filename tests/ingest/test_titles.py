import pytest

from briefing.ingest import read_articles
from briefing.ingest.titles import KICKER_KEY, split_glued_kicker
from briefing.settings import Settings

BODY = (
    "Die Außenminister der Allianz haben am Mittwoch in Brüssel über die Lage in der Ukraine "
    "beraten. Dabei ging es vor allem um weitere Hilfen und um die Gespräche in Moskau."
)


def read_one(path):
    articles, problems = read_articles([str(path)], Settings())
    assert len(articles) == 1, problems
    return articles[0]


def test_seed_001s_glued_kicker_is_not_the_headline(seeds_dir):
    seed = next(seeds_dir.glob("001_*.txt"))
    article = read_one(seed)
    first_line = seed.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    assert first_line.startswith(article.metadata[KICKER_KEY])
    assert first_line.endswith(article.title)
    assert article.metadata[KICKER_KEY] != article.title


@pytest.mark.parametrize(
    ("title", "kicker", "headline"),
    [
        (
            "Haushaltsstreit in Berlin Koalition ringt um die Rente",
            "Haushaltsstreit in Berlin",
            "Koalition ringt um die Rente",
        ),
        ("Gipfel in Paris Einigung auf neue Ziele", "Gipfel in Paris", "Einigung auf neue Ziele"),
    ],
)
def test_a_glued_kicker_ending_in_a_place_is_split(title, kicker, headline):
    assert split_glued_kicker(title) == (kicker, headline)


@pytest.mark.parametrize(
    "title",
    [
        "Talks in Brussels end without a deal",  # sentence case: lower case after the place
        "Talks In Brussels End Without A Deal",  # title case: no lower-case word after it
        "Gipfel in Den Haag Einigung auf neue Ziele",  # a two-word place is not cut
        "Treffen in Bad Homburg endet mit Streit",
        "Rubio sagt Teilnahme am Treffen ab",
        "Der Bundestag hat das Rentenpaket beschlossen",
        "Streik in Hamburg",
    ],
)
def test_other_titles_are_left_whole(title):
    assert split_glued_kicker(title) == (None, title)


def test_a_kicker_on_its_own_line_over_the_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Nahost\nWaffenruhe hält seit drei Tagen\nStand: 03.12.2025 05:09 Uhr\n{BODY}\n", encoding="utf-8")
    article = read_one(path)
    assert (article.metadata[KICKER_KEY], article.title) == ("Nahost", "Waffenruhe hält seit drei Tagen")
    assert article.text == BODY


def test_a_headline_alone_has_no_kicker(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Waffenruhe hält seit drei Tagen\nStand: 03.12.2025 05:09 Uhr\n{BODY}\n", encoding="utf-8")
    article = read_one(path)
    assert article.title == "Waffenruhe hält seit drei Tagen"
    assert KICKER_KEY not in article.metadata


def test_a_kicker_marked_in_the_pages_h1(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        '<!DOCTYPE html><html lang="de"><head><title>Aufatmen</title></head><body><article>'
        '<h1><span class="seitenkopf__topline">NATO-Treffen in Brüssel</span> '
        '<span class="seitenkopf__headline--text">Aufatmen nach dem Eklat</span></h1>'
        f"<p>{BODY}</p><p>{BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    article = read_one(path)
    assert (article.metadata[KICKER_KEY], article.title) == ("NATO-Treffen in Brüssel", "Aufatmen nach dem Eklat")
    assert not article.text.startswith("NATO-Treffen")
