import pytest
from builders import EXAMPLES as BUILDER_EXAMPLES
from builders import build_article

from briefing.ingest import read_articles
from briefing.ingest.datelines import AGENCY_KEY, find_dateline, note_agency
from briefing.settings import Settings
from briefing.summarise.segment import segment_article

EXAMPLES = BUILDER_EXAMPLES / "articles"


@pytest.mark.parametrize(
    ("text", "agency", "rest"),
    [
        (
            "BRUSSELS (Continental Wire) – NATO foreign ministers met.",
            "Continental Wire",
            "NATO foreign ministers met.",
        ),
        ("MEXICO CITY (AP) — The president spoke on Monday.", "AP", "The president spoke on Monday."),
        ("Kiel (dpo) - Die Förde ist zugefroren.", "dpo", "Die Förde ist zugefroren."),
        ("FRANKFURT (Continental Wire) – Inflation rose.", "Continental Wire", "Inflation rose."),
        ("Berlin (dpa/AFP) – Der Bundestag hat beschlossen.", "dpa/AFP", "Der Bundestag hat beschlossen."),
        ("WASHINGTON, Dec 3 (Reuters) - The Senate voted.", "Reuters", "The Senate voted."),
        ("Frankfurt am Main (dpa) - „Wir warten ab“, sagte er.", "dpa", "„Wir warten ab“, sagte er."),
    ],
)
def test_a_dateline_is_found_with_its_agency(text, agency, rest):
    dateline = find_dateline(text)
    assert dateline is not None
    assert dateline.agency == agency
    assert text[dateline.length :] == rest


@pytest.mark.parametrize(
    "text",
    [
        "Der Deutsche Wetterdienst (DWD) hat gewarnt.",
        "Angela Merkel (CDU) – sie sagte nichts dazu.",
        "Friedrich Merz (CDU) – Der Kanzler will die Rente sichern.",
        "Nancy Pelosi (D) — The speaker said nothing.",
        "Die Inflation im Euroraum (HVPI) stieg.",
        "In Brüssel – so hieß es – wurde verhandelt (dpa).",
    ],
)
def test_brackets_and_dashes_in_ordinary_sentences_are_no_dateline(text):
    assert find_dateline(text) is None


def test_the_first_passage_starts_after_the_dateline_and_stays_a_substring():
    text = "MEXICO CITY (AP) — The president spoke on Monday. He said more.\nMEXICO CITY (AP) — Not a lead."
    article = build_article(text, id="a")
    passages = segment_article(article)
    assert passages[0].text == "The president spoke on Monday."
    assert passages[-1].text == "MEXICO CITY (AP) — Not a lead."  # only the article's opening
    for passage in passages:
        assert article.text[passage.start : passage.end] == passage.text


def test_a_dateline_alone_on_its_line_is_kept_rather_than_emptied():
    article = build_article("BERLIN (dpa) – Foo", id="a")
    assert segment_article(article)[0].text == "Foo"
    assert segment_article(build_article("Nur ein Satz ohne Ortsmarke.", id="b"))[0].start == 0


def test_the_agency_becomes_the_source_only_where_none_was_given():
    anonymous = build_article("Kiel (dpo) - Die Förde ist zugefroren.", id="a", source=None)
    named = build_article("Kiel (dpo) - Die Förde ist zugefroren.", id="b", source="Nordsee Nachrichten")
    note_agency(anonymous)
    note_agency(named)
    assert (anonymous.source, anonymous.metadata[AGENCY_KEY]) == ("dpo", "dpo")
    assert (named.source, named.metadata[AGENCY_KEY]) == ("Nordsee Nachrichten", "dpo")


def test_no_passage_of_the_examples_opens_with_a_dateline():
    articles, _ = read_articles([str(EXAMPLES)], Settings())
    wire = [a for a in articles if "(Continental Wire) –" in a.text]
    assert len(wire) >= 3
    for article in wire:
        assert article.metadata[AGENCY_KEY] == "Continental Wire"
        first = segment_article(article)[0]
        assert "(Continental Wire)" not in first.text
        assert article.text[first.start : first.end] == first.text
