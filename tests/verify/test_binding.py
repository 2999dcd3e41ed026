"""Numbers and speakers stand in the passage that carries the rest of the claim."""

from briefing.verify import Cited, check_statement

TWO_YEARS = Cited("Doch wenn der Krieg weitergeht, braucht die Ukraine für die kommenden zwei Jahre über 100 Milliarden "
                  "Euro.", "de")  # fmt: skip
THREE_YEARS = Cited("Andererseits war man einem Waffenstillstand wahrscheinlich seit drei Jahren nicht so nahe.", "de")


def test_a_number_from_another_cited_passage_is_no_support():
    statement = "Ukraine will need more than 100 billion euros over the next three years if the war continues."
    verdict = check_statement(statement, [TWO_YEARS, THREE_YEARS], "en")
    assert not verdict.supported
    assert any("it comes from another passage" in reason for reason in verdict.reasons)
    faithful = "Ukraine will need more than 100 billion euros over the next two years if the war continues."
    assert check_statement(faithful, [TWO_YEARS, THREE_YEARS], "en").supported


def test_a_fact_of_another_kind_from_a_second_passage_may_join():
    forum = Cited("Einmal im Jahr lädt die europäische Rüstungsindustrie Kunden und Hersteller zu einem Austausch ein.",
                  "de")  # fmt: skip
    floor = Cited("Im 26. Stock über den Dächern von Brüssel versuchte man, Signale aus der Zukunft zu empfangen.", "de")
    statement = "The European defence industry's annual get-together took place on the 26th floor above Brussels."
    assert check_statement(statement, [forum, floor], "en").supported


LEYEN = Cited("Kommissionspräsidentin Ursula von der Leyen legte heute dafür zwei Modelle auf den Tisch.", "de")
PREVOT = Cited("„Die eingefrorenen Vermögen sind die schlechteste Lösung – es ist gefährlich“, so Maxime Prévot.", "de",
               before="Der belgische Außenminister hat vor diesem Schritt gewarnt.")  # fmt: skip


def test_words_go_to_the_one_who_said_them():
    wrong = "Kommissionspräsidentin von der Leyen warnte, die eingefrorenen Vermögen seien die schlechteste Lösung."
    verdict = check_statement(wrong, [LEYEN, PREVOT], "de")
    assert "'Leyen' is not named in the passage that carries what the statement reports" in verdict.reasons
    right = "Der belgische Außenminister Maxime Prévot warnte, die eingefrorenen Vermögen seien die schlechteste Lösung."
    assert check_statement(right, [LEYEN, PREVOT], "de").supported


def test_a_speaker_named_only_by_an_epithet_may_be_named_in_another_cited_passage():
    rutte = Cited("NATO-Chef Mark Rutte zeigt Verständnis.", "de")
    quote = Cited("„Ich habe totales Verständnis dafür, dass er nicht da ist und würde da nichts hineinlesen.“", "de",
                  before="„Ich bin in ständigem Kontakt mit ihm“, sagte der Niederländer.")  # fmt: skip
    statement = "Mark Rutte said he had total understanding for that."
    assert check_statement(statement, [rutte, quote], "en").supported


QUOTE_RUN = [  # three passages in a row: who spoke, what he said ("erklärte er"), and a quote alone
    Cited("Überraschend optimistisch äußerte sich Rutte auch zu den Chancen einer Friedenslösung.", "de",
          before="Die Minister berieten in Brüssel."),
    Cited("„Ich bin zuversichtlich, dass die Anstrengungen Frieden bringen“, erklärte er zu den Bemühungen der USA.",
          "de", before="Überraschend optimistisch äußerte sich Rutte auch zu den Chancen einer Friedenslösung."),
    Cited("„Es wurde schon eine ganze Menge Arbeit geleistet, auch von den Europäern.“", "de",
          before="„Ich bin zuversichtlich, dass die Anstrengungen Frieden bringen“, erklärte er zu den Bemühungen der USA."),
]  # fmt: skip


def test_a_speaker_is_found_back_along_passages_that_follow_one_another():
    said = "Rutte added that a great deal of work had already been done, including by the Europeans."
    assert check_statement(said, QUOTE_RUN, "en").supported
    verdict = check_statement(said.replace("Rutte", "Wadephul"), QUOTE_RUN, "en")
    assert "'Wadephul' is not named in the passage that carries what the statement reports" in verdict.reasons


def test_a_speaker_s_first_name_need_not_stand_where_his_surname_does():
    first = "Trumps Friedensplan sei nicht mehr aktuell, erklärte Rutte, der in der Nato als Trump-Flüsterer gilt."
    passages = [Cited(first, "de", before="Das sagte Nato-Generalsekretär Mark Rutte."),
                Cited("US-Außenminister Rubio sei „sehr stark engagiert“, fügte er hinzu.", "de", before=first)]
    statement = "NATO Secretary General Mark Rutte said U.S. Secretary of State Rubio was very strongly committed."
    assert check_statement(statement, passages, "en").supported


def test_the_speaker_is_who_speaks_not_whom_they_speak_of():
    passage = Cited("Secretary General Mark Rutte told reporters that he saw no reason to read a message into Rubio's "
                    "decision.", "en", before="NATO foreign ministers met without Rubio.")  # fmt: skip
    statement = "Rutte said he saw no message in Rubio's decision to stay away."
    other = Cited("Rubio pointed to commitments in Washington.", "en")
    assert not any("is not named" in r for r in check_statement(statement, [other, passage], "en").reasons)


def test_words_of_a_speaker_left_unnamed_are_nobody_s_in_particular():
    quote = Cited("“Nobody benefits from rules that businesses cannot apply,” said a spokesperson for an industry group.",
                  "en", before="The hearing took place in Brussels.")  # fmt: skip
    other = Cited("Marta Kowalczyk of Digital Rights Forum Europe warned that a delay would leave people unprotected.",
                  "en", before=quote.text)  # fmt: skip
    statement = "Marta Kowalczyk argued that nobody benefits from rules that businesses cannot apply."
    verdict = check_statement(statement, [quote, other], "en")
    assert "'Kowalczyk' is not named in the passage that carries what the statement reports" in verdict.reasons
