"""A statement must not turn a passage's no into a yes, or its yes into a no."""

import pytest

from briefing.verify import Cited, check_statement
from briefing.verify.polarity import clauses, is_negated

RUBIO = "Der US-amerikanische Außenminister Marco Rubio hat seine Teilnahme an dem NATO-Treffen allerdings abgesagt."
USHAKOV = ("Kremlin adviser Yuri Ushakov said, however, that no compromise had yet been found on the question "
           "of territory, which remains the central point of dispute.")  # fmt: skip
WADEPHUL = ("Außenminister Johann Wadephul lobte zwar die Gesprächsinitiative der Amerikaner, aber er sehe keinen "
            "ernsthaften Willen auf russischer Seite, auf einen Verhandlungsmodus einzugehen.")  # fmt: skip
STURM = "Schwer verletzt wurde nach bisherigen Erkenntnissen beim Sturmtief Lotte niemand."


@pytest.mark.parametrize(
    "statement, passage, language, expected",
    [
        ("Rubio attended the NATO foreign ministers' meeting.", RUBIO, "de", False),
        ("Rubio cancelled his attendance at the NATO meeting.", RUBIO, "de", True),
        ("Rubio will not attend the NATO meeting.", RUBIO, "de", True),
        ("Rubio stayed away from the NATO meeting.", RUBIO, "de", True),
        ("Ushakov said a compromise had been found on the question of territory.", USHAKOV, "en", False),
        ("Ushakov said no compromise had been found on the question of territory.", USHAKOV, "en", True),
        ("Außenminister Johann Wadephul sieht einen ernsthaften Willen auf russischer Seite.", WADEPHUL, "de", False),
        ("Außenminister Johann Wadephul sieht keinen ernsthaften Willen auf russischer Seite.", WADEPHUL, "de", True),
        ("Several people were seriously injured by storm Lotte.", STURM, "de", False),
        ("Nobody was seriously injured by storm Lotte, as far as is known.", STURM, "de", True),
    ],
)
def test_a_statement_keeps_its_passage_s_polarity(statement, passage, language, expected):
    assert check_statement(statement, [Cited(passage, language)]).supported is expected


def test_the_reason_names_the_clause_and_the_passage_clause():
    verdict = check_statement("Rubio attended the NATO meeting.", [Cited(RUBIO, "de")], "en")
    assert any("is positive where the cited passage is negative" in reason for reason in verdict.reasons)


@pytest.mark.parametrize(
    "text, negated",
    [
        ("Rubio hat abgesagt", True),
        ("Die Fähren fallen am Dienstag aus", True),  # a separable verb, its particle at the end
        ("Rubio blieb dem Treffen fern", True),
        ("Not only Rubio but also Landau came", False),
        ("Nicht nur Rubio kam", False),
        ("Rubio didn't come", True),
        ("Rubio did not want to come or was not allowed to", True),  # negative, however often
        ("Die Kerninflation ohne Energie lag bei 2,4 Prozent", False),  # ohne: excluding
        ("The changes cannot take effect until both have approved them", False),  # they must approve first
        ("It won't take effect until May", False),
        ("A settlement must be negotiated with Kyiv rather than imposed on it", True),
        ("Die Einigung soll ausgehandelt anstatt aufgezwungen werden", True),
        ("Die Ukraine weist Forderungen zurück, sich aus Donezk zurückzuziehen", True),  # the particle ends its clause
        ("Er weist den Weg zurück zur Stadt", False),
        ("Rutte zeigte sich unbesorgt", True),
        ("said a diplomat who asked not to be named", False),
        ("sagte ein Diplomat, der nicht genannt werden wollte", False),
        ("a handful of rebels voting no could defeat the bill", False),
    ],
)
def test_what_negates_a_clause(text, negated):
    assert is_negated(text) is negated


def test_a_reporting_clause_stays_with_what_was_reported():
    assert clauses("Er mache sich keine Sorgen, erklärte Mark Rutte in Brüssel.") == [
        "Er mache sich keine Sorgen, erklärte Mark Rutte in Brüssel"
    ]


@pytest.mark.parametrize(
    "statement, passage, expected",
    [
        ("Die Minister trafen sich am Tag vor den Gesprächen in Moskau.",
         "Die Minister trafen sich ausgerechnet am Tag nach den Gesprächen in Moskau.", False),
        ("Die Minister trafen sich am Tag nach den Gesprächen in Moskau.",
         "Die Minister trafen sich ausgerechnet am Tag nach den Gesprächen in Moskau.", True),
        ("After his talks with the US delegation, the Russian president threatened war.",
         "Vor seinen Gesprächen mit der US-Delegation hatte der russische Präsident mit Krieg gedroht.", False),
        ("Before his talks with the US delegation, the Russian president threatened war.",
         "Vor seinen Gesprächen mit der US-Delegation hatte der russische Präsident mit Krieg gedroht.", True),
        ("Rubio flew to Brussels after the meeting.", "Nach dem Treffen flog Rubio nach Brüssel.", True),
    ],
)  # fmt: skip
def test_a_statement_keeps_before_and_after(statement, passage, expected):
    assert check_statement(statement, [Cited(passage, "de")]).supported is expected


@pytest.mark.parametrize(
    "statement, passage",
    [
        ("Die Landesregierung in Kiel kritisierte die Brüsseler Entscheidung.",
         Cited("In Kiel begrüßte die Landesregierung die Brüsseler Entscheidung.", "de")),
        ("Schools in North Frisia are to remain closed on Tuesday.",
         Cited("Die Schulen in Nordfriesland sollen am Dienstag regulär öffnen.", "de")),
        ("Euro-zone inflation fell to 2.2 percent in November.",
         Cited("Euro-zone inflation rose to 2.2 percent in November.", "en")),
        ("Mit 2,6 Prozent lag die Teuerung in Deutschland unter dem Durchschnitt der Eurozone.",
         Cited("In Deutschland lag die Teuerungsrate bei 2,6 Prozent und damit über dem Durchschnitt der Eurozone.", "de")),
        ("At 2.6 percent, inflation in Germany was below the euro-zone average.",
         Cited("In Deutschland lag die Teuerungsrate bei 2,6 Prozent und damit über dem Durchschnitt der Eurozone.", "de")),
        ("Die Inflation im Euroraum hat sich im November leicht abgeschwächt.",
         Cited("Inflation in the euro zone rose slightly in November.", "en")),
        ("The proposal would bring forward obligations for high-risk AI systems by up to 16 months.",
         Cited("The proposal would push back obligations for so-called high-risk AI systems by up to 16 months.", "en")),
        ("The Commission said bans on social scoring would be lifted under the proposal.",
         Cited("Bans on practices such as social scoring will stay in place.", "en")),
        ("Der Fischmarkt ist wieder befahrbar, die Bahnstrecke nach Westerland bleibt dagegen gesperrt.",
         Cited("Die Bahnstrecke Hamburg–Westerland ist seit dem frühen Mittwochmorgen wieder frei.", "de")),
        ("Die am Dienstag in List gemessene Orkanböe von 128 km/h blieb schwächer als der bisherige Höchstwert.",
         Cited("Die Orkanböe von 128 Kilometern pro Stunde, die am Dienstag in List gemessen wurde, war die stärkste "
               "dieses Herbstes.", "de")),
    ],
)  # fmt: skip
def test_a_word_of_opposite_sense_turns_the_passage_round(statement, passage):
    verdict = check_statement(statement, [passage], "de" if statement.startswith("Die") else "en")
    assert any("where the cited passage says" in reason for reason in verdict.reasons), verdict


def test_the_same_sense_in_other_words_passes():
    passage = Cited("In Kiel begrüßte die Landesregierung die Brüsseler Entscheidung.", "de")
    assert check_statement("The state government in Kiel welcomed the Brussels decision.", [passage], "en").supported


def test_an_infinitive_with_zu_stays_with_its_clause():
    assert clauses("Die Ukraine weist Forderungen zurück, sich aus Donezk zurückzuziehen.") == [
        "Die Ukraine weist Forderungen zurück, sich aus Donezk zurückzuziehen"
    ]
    assert clauses("Er lobte die Initiative, aber er sehe keinen Willen, auf Verhandlungen einzugehen.") == [
        "Er lobte die Initiative", "aber er sehe keinen Willen, auf Verhandlungen einzugehen"
    ]  # fmt: skip


def test_and_before_an_auxiliary_opens_a_clause():
    assert clauses("The lawmakers warn the plan would cost 100 billion and have vowed to vote against it.") == [
        "The lawmakers warn the plan would cost 100 billion", "and have vowed to vote against it"
    ]  # fmt: skip
