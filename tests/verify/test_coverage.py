"""Every clause of a statement says something its passages say; a clause that only says
who spoke frames the next and carries no polarity of its own."""

from briefing.verify import Cited, check_statement
from briefing.verify.polarity import is_frame

FISH_MARKET = Cited("In Hamburg stand der Fischmarkt am Nachmittag unter Wasser.", "de")


def test_an_invented_clause_beside_a_true_one_is_named():
    statement = "In Hamburg stand am Nachmittag der Fischmarkt unter Wasser, auch die Speicherstadt wurde überflutet."
    verdict = check_statement(statement, [FISH_MARKET], "de")
    assert "'auch die Speicherstadt wurde überflutet' is in none of the cited passages" in verdict.reasons
    assert check_statement("Am Nachmittag stand in Hamburg der Fischmarkt unter Wasser.", [FISH_MARKET], "de").supported


def test_a_clause_that_frames_the_next_is_judged_with_it():
    passage = Cited("Ob die Nato eine russische Attacke gegen einen Mitgliedstaat abwehren könnte, ist offen.", "de")
    statement = "Dem Kommentar zufolge ist nicht geklärt, ob die Nato eine russische Attacke abwehren könnte."
    assert not any("in none of the cited passages" in r for r in check_statement(statement, [passage], "de").reasons)


def test_what_only_says_who_spoke():
    assert is_frame("Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul", "de")
    assert is_frame("so NATO-Chef Rutte", "de")
    assert is_frame("Russian officials said", "en")
    assert not is_frame("Rubio sagte seine Teilnahme ab", "de")  # a negation: a claim
    assert not is_frame("Rutte äußerte sich vor dem Treffen", "de")  # an order: a claim
    assert not is_frame("Rutte said the alliance would keep supplying air defence", "en")


def test_a_frame_does_not_draw_a_negative_statement_to_itself():
    passages = [Cited("Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul.", "de"),
                Cited("Er sehe „keinen ernsthaften Willen auf russischer Seite, auf einen Verhandlungsmodus einzugehen“.",
                      "de", before="Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul.")]  # fmt: skip
    faithful = "German Foreign Minister Johann Wadephul said he saw no serious will on the Russian side to negotiate."
    assert not any("negative where" in r for r in check_statement(faithful, passages, "en").reasons)
    flipped = "Außenminister Johann Wadephul sieht einen ernsthaften Willen auf russischer Seite zu verhandeln."
    assert any("positive where the cited passage is negative" in r for r in check_statement(flipped, passages, "de").reasons)


def test_a_decimal_comma_or_a_clock_time_is_no_clause_break():
    from briefing.verify.polarity import clauses

    assert clauses("Rund 1,2 Mio. Euro hat die Sanierung gekostet, ein Förderverein gab 90.000 Euro.") == [
        "Rund 1,2 Mio. Euro hat die Sanierung gekostet", "ein Förderverein gab 90.000 Euro"
    ]  # fmt: skip
    assert clauses("Um 10:30 Uhr begann das Treffen der Minister.") == ["Um 10:30 Uhr begann das Treffen der Minister"]


def test_a_frame_may_name_its_topic_with_a_word_for_a_thing_not_happening():
    assert is_frame("Zu Rubios Fernbleiben sagte NATO-Chef Rutte", "de")
    assert not is_frame("Rutte sagte nicht", "de")


def test_a_german_compound_that_begins_alike_shares_a_word():
    passage = Cited("Die NATO-Staaten werden weiter an ihrem Aufrüstungsprogramm festhalten.", "de")
    statement = "Am Aufrüstungskurs wird festgehalten, die NATO-Staaten investieren weiter."
    assert not any("in none of the cited passages" in r for r in check_statement(statement, [passage], "de").reasons)
