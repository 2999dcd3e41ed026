"""Where reports differ, offline: the same figure with values that cannot both be true,
each side quoted and cited to its own outlet; never a disagreement that is not one."""

from __future__ import annotations

import pytest
from builders import build_article

from briefing.compare.differences import differences_between, section_differences
from briefing.models import Article, Citation, Cluster, Coverage, Passage, Section, SourceRef
from briefing.summarise.segment import segment_articles

# The talks' length: more than five hours in one, about four in the other.
HOURS_DE = "Witkoff und Putin sprachen am Dienstag im Kreml mehr als fünf Stunden über den Plan."
HOURS_EN = "Witkoff and Putin talked about the plan for about four hours at the Kremlin on Tuesday."
# The toll of one attack: at least twelve dead in one, nine killed in the other.
TOLL_DE = "Bei dem Anschlag auf den Markt in Kano starben mindestens zwölf Menschen."
TOLL_EN = "Nine people were killed in the attack on the market in Kano, police said."


def article(text: str, id: str, source: str | None, language: str, **fields) -> Article:
    return build_article(text, id=id, source=source, language=language, **fields)


def only_passage(item: Article) -> Passage:
    passages = segment_articles([item])[item.id]
    assert len(passages) == 1, passages
    return passages[0]


def between(first_text: str, first_language: str, second_text: str, second_language: str):
    first = article(first_text, "a", "Rheinische Abendpost", first_language)
    second = article(second_text, "b", "Berlin Ledger", second_language)
    return differences_between(only_passage(first), first, only_passage(second), second)


# --- a disagreement, each side its passage and its outlet ---------------------------------


@pytest.mark.parametrize(
    ("first", "first_language", "second", "second_language", "topic"),
    [
        (HOURS_DE, "de", HOURS_EN, "en", "Stunden"),
        (HOURS_EN, "en", HOURS_DE, "de", "hours"),
        (TOLL_DE, "de", TOLL_EN, "en", "Tote"),
        (TOLL_EN, "en", TOLL_DE, "de", "dead"),
    ],
)
def test_the_same_figure_with_values_that_cannot_both_be_true(first, first_language, second, second_language, topic):
    difference = between(first, first_language, second, second_language)
    assert difference is not None
    assert difference.kind == "figure"
    assert difference.topic == topic  # in the first side's language
    assert [side.text for side in difference.sides] == [first, second]


def test_each_side_quotes_its_passage_and_cites_its_own_outlet():
    first = article(HOURS_DE, "a", "Rheinische Abendpost", "de")
    second = article("Die Lage blieb ruhig. " + HOURS_EN, "b", "Berlin Ledger", "en")
    mine, theirs = only_passage(first), segment_articles([second])["b"][1]
    difference = differences_between(mine, first, theirs, second)
    assert difference is not None
    one, other = difference.sides
    assert one.citations == [Citation.of(mine)] and other.citations == [Citation.of(theirs)]
    assert one.outlets == ["Rheinische Abendpost"] and other.outlets == ["Berlin Ledger"]
    for side in difference.sides:
        (citation,) = side.citations
        source = first if citation.article_id == "a" else second
        assert source.text[citation.start : citation.end] == citation.quote == side.text


def test_injured_counted_differently_within_one_language():
    difference = between(
        "The quake injured five people on the island, the governor said.",
        "en",
        "Two people were injured by the quake on the island, state media reported.",
        "en",
    )
    assert difference is not None and difference.topic == "injured"


# --- never a disagreement that is not one --------------------------------------------------


@pytest.mark.parametrize(
    ("first", "first_language", "second", "second_language"),
    [
        # consistent values
        ("Witkoff und Putin sprachen mehr als fünf Stunden über den Plan.", "de",
         "Witkoff und Putin sprachen fünfeinhalb Stunden über den Plan.", "de"),
        ("Witkoff and Putin talked about the plan for more than five hours.", "en",
         "Witkoff und Putin sprachen rund fünf Stunden über den Plan.", "de"),
        ("Rund 100 Soldaten wurden an die Botschaft verlegt.", "de",
         "Etwa 100 Soldaten wurden an die Botschaft verlegt.", "de"),
        ("Die Inflation lag im Euroraum bei fast 5 Prozent, teilte Eurostat mit.", "de",
         "Die Inflation lag im Euroraum bei 4,8 Prozent, teilte Eurostat mit.", "de"),
        ("Im Euroraum stiegen die Preise um 2,2 Prozent, teilte Eurostat mit.", "de",
         "Consumer prices in the euro zone rose 2.2 percent, Eurostat said.", "en"),
        ("More than 70 flights were cancelled on Wednesday.", "en",
         "70 flights were cancelled on Wednesday.", "en"),
        # different quantities: dead and injured
        ("Bei dem Anschlag starben zwölf Menschen.", "de",
         "Nine people were injured in the attack.", "en"),
        # the 2024 budget and the 2025 budget
        ("Der Haushalt 2024 sieht Investitionen von 50 Milliarden Euro vor, sagte Klingbeil.", "de",
         "Der Haushalt 2025 sieht Investitionen von 60 Milliarden Euro vor, sagte Klingbeil.", "de"),
        # a total and a part
        ("Insgesamt sind in der Schweiz 14 Menschen gestorben.", "de",
         "Im Kanton Waadt starben drei Menschen.", "de"),
        ("In der Schweiz starben 14 Menschen.", "de",
         "Sechs davon starben im Tessin.", "de"),
        ("Firefighters answered more than 400 callouts in all during the storm.", "en",
         "Firefighters answered 250 callouts by Tuesday afternoon.", "en"),
        # the day's count and the week's
        ("Am Montag fielen 60 Flüge aus.", "de",
         "In dieser Woche fallen insgesamt 180 Flüge aus.", "de"),
        # a forecast and a measurement
        ("Der Wetterdienst erwartet Böen von bis zu 120 Kilometern pro Stunde.", "de",
         "In List maß der Wetterdienst eine Böe von 128 Kilometern pro Stunde.", "de"),
        # merely different wording
        ("The coalition has a majority of twelve seats in parliament.", "en",
         "Die Koalition hat im Parlament eine Mehrheit von zwölf Sitzen.", "de"),
        # percent of different things
        ("Stock prices fell nearly 2 percent when the tariffs were announced.", "en",
         "The administration set a 25 percent tariff on imported steel.", "en"),
        # a conversion in parentheses is no second figure
        ("Greece gets a loan of 110 billion euros ($141 billion).", "en",
         "Greece gets a loan of 110 billion euros ($143 billion).", "en"),
        # ages are left out
        ("The suspect, a 38-year-old accountant, was arrested.", "en",
         "The suspect, a 39-year-old accountant, was arrested.", "en"),
    ],
)  # fmt: skip
def test_not_a_disagreement(first, first_language, second, second_language):
    assert between(first, first_language, second, second_language) is None


def test_an_article_that_states_the_other_value_too_is_no_disagreement():
    # The other article gives the total of 14 as well; its 3 is a part (one canton).
    first = article("Insgesamt starben in der Schweiz 14 Menschen.", "a", "Tagesfunk", "de")
    second = article(
        "In der Schweiz starben bisher 14 Menschen. Im Kanton Waadt starben drei Menschen.", "b", "Hanse Kurier", "de"
    )
    passages = segment_articles([first, second])
    assert all(differences_between(passages["a"][0], first, other, second) is None for other in passages["b"])


def test_two_figures_of_one_quantity_in_a_passage_are_not_compared():
    # Which of 2.2 and 2.1 is November's the words say, not the figures: neither is compared.
    assert (
        between(
            "Die Preise stiegen im November um 2,2 Prozent, im Oktober waren es 2,1 Prozent.",
            "de",
            "Prices rose 2.5 percent in the euro zone.",
            "en",
        )
        is None
    )


def test_passages_of_one_article_are_not_compared():
    item = article(HOURS_DE + " " + HOURS_DE.replace("mehr als fünf", "drei"), "a", "Rheinische Abendpost", "de")
    first, second = segment_articles([item])["a"]
    assert differences_between(first, item, second, item) is None


# --- per section ----------------------------------------------------------------------------


def section_of(articles: list[Article], language: str = "de") -> Section:
    cluster = Cluster("c1", articles, label="Kreml")
    return Section(cluster, "Kreml", [], "extractive", Coverage.of(cluster), language=language)


def test_a_section_lists_the_disagreement_in_its_own_language():
    articles = [
        article(HOURS_DE, "a", "Rheinische Abendpost", "de"),
        article(HOURS_EN, "b", "Berlin Ledger", "en"),
    ]
    (difference,) = section_differences(section_of(articles, "de"), segment_articles(articles))
    assert difference.topic == "Stunden"
    assert [side.outlets for side in difference.sides] == [["Rheinische Abendpost"], ["Berlin Ledger"]]
    (in_english,) = section_differences(section_of(articles, "en"), segment_articles(articles))
    assert in_english.topic == "hours"


def test_one_outlet_is_never_compared_with_itself():
    same = [
        article(HOURS_DE, "a", "Rheinische Abendpost", "de"),
        article(HOURS_EN, "b", "Rheinische Abendpost", "en"),
    ]
    assert section_differences(section_of(same), segment_articles(same)) == []


def test_a_merged_duplicate_carries_its_outlet():
    first = article(HOURS_DE, "a", "Rheinische Abendpost", "de")
    second = article(HOURS_EN, "b", "Berlin Ledger", "en", duplicates=[SourceRef("c", "Rheinische Abendpost")])
    assert section_differences(section_of([first, second]), segment_articles([first, second])) == []


def test_articles_of_unknown_outlets_are_not_compared():
    articles = [article(HOURS_DE, "a", None, "de"), article(HOURS_EN, "b", "Berlin Ledger", "en")]
    assert section_differences(section_of(articles), segment_articles(articles)) == []


def test_one_difference_per_quantity_and_most_respected():
    articles = [
        article(HOURS_DE + " " + TOLL_DE, "a", "Rheinische Abendpost", "de"),
        article(HOURS_EN + " " + TOLL_EN, "b", "Berlin Ledger", "en"),
        article(HOURS_EN.replace("about four", "three"), "c", "Harbour Gazette", "en"),
    ]
    passages = segment_articles(articles)
    found = section_differences(section_of(articles), passages)
    assert sorted(d.topic for d in found) == ["Stunden", "Tote"]  # hours once, though two outlets differ on it
    assert len(section_differences(section_of(articles), passages, most=1)) == 1
    assert section_differences(section_of(articles), passages) == found  # the same order every time


def test_a_report_published_a_day_later_may_give_the_later_count_and_is_no_difference():
    from briefing.models import Cluster, Coverage, Section
    from briefing.summarise import segment_articles

    first = build_article("Bei dem Erdbeben kamen neun Menschen ums Leben.", id="de", source="Elbe Bote",
                          language="de", published="2025-12-02T08:00:00+01:00")  # fmt: skip
    later = build_article("At least 19 people were killed in the earthquake.", id="en", source="Harbour Gazette",
                          language="en", published="2025-12-03T09:00:00+01:00")  # fmt: skip
    same_day = build_article("At least 19 people were killed in the earthquake.", id="en2", source="Harbour Gazette",
                             language="en", published="2025-12-02T11:00:00+01:00")  # fmt: skip
    for other, expected in ((later, 0), (same_day, 1)):
        cluster = Cluster(id="c1", articles=[first, other], label="Erdbeben")
        section = Section(cluster, "Erdbeben", [], "extractive", Coverage.of(cluster), language="de")
        assert len(section_differences(section, segment_articles([first, other]))) == expected
