"""A statement must not be more general or surer than its passages."""

import pytest

from briefing.verify import Cited, check_statement


@pytest.mark.parametrize(
    "statement, passage, expected",
    [
        ("All NATO states feel disturbed by Russian provocations.",
         "Auch viele NATO-Staaten fühlen sich von russischen Provokationen gestört.", False),
        ("Many NATO states feel disturbed by Russian provocations.",
         "Auch viele NATO-Staaten fühlen sich von russischen Provokationen gestört.", True),
        ("European delegations unanimously insisted that Europe must not be sidelined.",
         "Mehrere Delegationen betonten, dass Europa nicht übergangen werden dürfe.", False),
        ("Witkoff's meeting with Putin has definitely failed.",
         "Das Treffen von Witkoff mit Putin hat offenbar nichts gebracht.", False),
        ("Rutte said Ukraine's path to NATO membership is irreversible.",
         "Rutte erinnert an den Satz: „Der Weg der Ukraine zu einer NATO-Mitgliedschaft ist unumkehrbar.“", True),
        ("Trump wants to rule out Ukraine's NATO accession once and for all.",
         "Trump will einen NATO-Beitritt der Ukraine offenbar endgültig ausschließen.", True),
        ("Kyiv must have the last word on every agreement, European governments insist.",
         "European governments insist that Kyiv must have the final say on any agreement.", True),
    ],
)  # fmt: skip
def test_generality_and_certainty_must_be_in_the_passages(statement, passage, expected):
    assert check_statement(statement, [Cited(passage)], "en").supported is expected


def test_what_a_passage_offers_as_possible_is_not_stated_as_fact():
    fines = Cited("Companies that breach the ban could face substantial fines.", "en")
    verdict = check_statement("Companies that breach the ban will face substantial fines.", [fines], "en")
    assert any("says as fact what the cited passage says may be ('could')" in reason for reason in verdict.reasons)
    assert check_statement("Companies that breach the ban may face substantial fines.", [fines], "en").supported
    ecb = Cited("Die EZB dürfte ihren Leitzins im Dezember nach Einschätzung der meisten Ökonomen unverändert lassen.", "de")
    kept = "Nach Ansicht der meisten Ökonomen wird die EZB ihren Leitzins im Dezember wohl unverändert lassen."
    assert check_statement(kept, [ecb], "de").supported  # "wohl" keeps the doubt


def test_a_statement_that_keeps_the_doubt_anywhere_keeps_it_for_all_its_clauses():
    terminals = Cited("„Die Terminals an der Küste könnten erstmals dauerhaft eine Rolle für ganz Mitteleuropa spielen“, "
                      "sagte der Hafenökonom Tobias Reimers.", "de")  # fmt: skip
    statement = ("Hafenökonom Tobias Reimers hält es für möglich, dass die Küstenterminals erstmals dauerhaft eine "
                 "Rolle für ganz Mitteleuropa spielen.")  # fmt: skip
    assert not any("says as fact" in r for r in check_statement(statement, [terminals], "de").reasons)


@pytest.mark.parametrize(
    "statement, passage",
    [
        ("Fest steht, dass sich die US-Delegation als Nächstes mit Vertretern Kiews trifft.",
         "Beobachter rechnen damit, dass sich die US-Delegation als Nächstes mit Vertretern Kiews trifft."),
        ("Die Rüstungsindustrie rechnet fest mit einer guten Auftragslage.",
         "Die Rüstungsindustrie erwartet weiter eine gute Auftragslage."),
        ("Rutte sagte, sämtliche Verbündeten befürworteten einen Beitritt.",
         "Allerdings seien auch nicht alle Bündnispartner für einen Beitritt."),
    ],
)  # fmt: skip
def test_certainty_and_generality_the_passage_lacks(statement, passage):
    assert not check_statement(statement, [Cited(passage, "de")], "de").supported


def test_any_in_a_passage_gives_no_every_to_a_statement():
    passage = Cited("Several European ministers said any settlement had to be negotiated with Kyiv.", "en")
    assert not check_statement("Every European minister said any settlement had to be negotiated with Kyiv.", [passage],
                               "en").supported  # fmt: skip


def test_ruled_out_is_certain():
    passage = Cited("Economists said the figures were unlikely to change the course of the European Central Bank.", "en")
    verdict = check_statement("Economists said the figures ruled out any change of course by the European Central Bank.",
                              [passage], "en")  # fmt: skip
    assert not verdict.supported
