"""Roles and titles are anchors: a statement may give a person only a role its passages give."""

import pytest

from briefing.verify import Cited, check_statement
from briefing.verify.roles import roles_in


@pytest.mark.parametrize(
    "text, roles",
    [
        ("German Defence Minister Johann Wadephul", {"defence minister"}),
        ("Bundesaußenminister Johann Wadephul", {"secretary of state"}),
        ("Deputy Secretary of State Christopher Landau", {"secretary of state"}),
        ("Der stellvertretende US-Verteidigungsminister Christopher Landau", {"defence minister"}),
        ("NATO Secretary General Mark Rutte", {"secretary general"}),  # not a general
        ("Vizepräsident JD Vance", {"vice president"}),  # not a president
        ("Ministerpräsident Markus Söder", {"prime minister"}),
        ("Trumps Schwiegersohn Jared Kushner", {"son-in-law"}),
        ("der Kreissprecherin Anke Petersen", {"spokesperson"}),
        ("In general, prices rose.", set()),  # an adjective, not a rank
    ],
)
def test_which_roles_a_text_gives(text, roles):
    assert set(roles_in(text)) == roles


@pytest.mark.parametrize(
    "statement, passage, expected",
    [
        ("German Defence Minister Johann Wadephul made similar remarks.",
         "Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul.", False),
        ("German Foreign Minister Johann Wadephul made similar remarks.",
         "Ähnlich äußerte sich der deutsche Außenminister Johann Wadephul.", True),
        ("Kallas, a former head of state of Estonia, has warned about Putin.",
         "Kallas war früher Regierungschefin von Estland und hat vor Putin gewarnt.", False),
        ("Witkoff was accompanied by Trump's son-in-law Jared Kushner.",
         "Witkoff wurde von Jared Kushner begleitet, dem Schwiegersohn von Donald Trump.", True),
    ],
)  # fmt: skip
def test_a_wrong_role_beside_the_right_name_fails(statement, passage, expected):
    assert check_statement(statement, [Cited(passage, "de")], "en").supported is expected


def test_the_role_may_stand_in_the_sentence_before():
    passage = Cited("Er sehe keinen ernsthaften Willen auf russischer Seite.", "de",
                    before="Ähnlich äußerte sich Außenminister Johann Wadephul.")  # fmt: skip
    verdict = check_statement("Foreign Minister Wadephul sees no serious will on the Russian side.", [passage], "en")
    assert not any("call nobody" in reason for reason in verdict.reasons)


def test_a_missing_role_is_named_in_the_reason():
    verdict = check_statement("Defence Minister Wadephul spoke.", [Cited("Außenminister Wadephul sprach.", "de")], "en")
    assert "the cited passages call nobody 'Defence Minister'" in verdict.reasons


def test_a_role_must_be_given_to_the_person_the_statement_gives_it_to():
    lunch = Cited("Zum Mittagessen kommt auch die Außenbeauftragte der EU, Kaja Kallas.", "de",
                  before="Zuvor hatte der russische Präsident gedroht.")  # fmt: skip
    past = Cited("Kallas war früher Regierungschefin von Estland.", "de", before=lunch.text)
    wrong = check_statement("Beim Mittagessen ist auch Kaja Kallas dabei, einst Staatspräsidentin Estlands.", [lunch, past], "de")
    assert "the cited passages do not call Kallas 'Staatspräsidentin'" in wrong.reasons
    right = "Beim Mittagessen ist auch Kaja Kallas dabei, einst Regierungschefin Estlands."
    assert check_statement(right, [lunch, past], "de").supported


def test_the_name_a_role_is_of_does_not_hold_it():
    passage = Cited("„Bei Strom und Gas lässt sich oft mehr sparen“, sagte eine Sprecherin der Beratungsstelle in Hamburg.",
                    "de", before="Die Verbraucherberatung Nord rät dazu, Verträge zu prüfen.")  # fmt: skip
    statement = "Eine Sprecherin der Verbraucherberatung Nord sagte, bei Strom und Gas lasse sich oft mehr sparen."
    assert not any("do not call" in r for r in check_statement(statement, [passage], "de").reasons)


def test_an_mep_is_a_lawmaker():
    passage = Cited("Marta Kowalczyk of the advocacy group Digital Rights Forum Europe warned of a delay.", "en")
    verdict = check_statement("MEP Marta Kowalczyk warned of a delay.", [passage], "en")
    assert "the cited passages call nobody 'MEP'" in verdict.reasons
    clash = Cited("Members of the European Parliament clashed on Tuesday over a Commission proposal.", "en")
    assert check_statement("MEPs clashed on Tuesday over a Commission proposal.", [clash], "en").supported
