"""How many outlets carry each statement: its own, and those of other articles in the
section with a passage that states the same fact, in either language."""

from builders import build_article

from briefing.compare import compare_sections
from briefing.compare.corroboration import corroborate_section
from briefing.models import Citation, Cluster, Coverage, Section, Statement
from briefing.summarise import segment_articles

BERLIN = build_article(
    "Die EU-Staaten haben sich am Mittwoch darauf geeinigt, russische Gasimporte bis 2027 zu beenden. "
    "Der Beschluss muss noch formell bestätigt werden.",
    id="de", source="Rheinische Abendpost", language="de",
)  # fmt: skip
WIRE = build_article(
    "EU member states agreed on Wednesday to end imports of Russian gas by 2027. "
    "Hungary and Slovakia voted against the plan.",
    id="en", source="Continental Wire", language="en",
)  # fmt: skip
HARBOUR = build_article(
    "A storm flooded the fish market in Hamburg on Tuesday. The harbour ferries stopped for the day.",
    id="storm", source="Harbour Gazette", language="en",
)  # fmt: skip


def section_of(articles, cited):
    """A section whose statements quote the first passage of each article in `cited`."""
    passages = segment_articles(articles)
    cluster = Cluster(id="c1", articles=articles, label="Gas")
    statements = [Statement(passages[a.id][0].text, [Citation.of(passages[a.id][0])]) for a in cited]
    return Section(cluster, "Gas", statements, "extractive", Coverage.of(cluster)), passages


def test_a_fact_two_outlets_state_across_languages_is_carried_by_both():
    section, passages = section_of([BERLIN, WIRE], [BERLIN])
    corroborate_section(section, passages)
    statement = section.statements[0]
    assert statement.outlets == ["Continental Wire", "Rheinische Abendpost"]
    assert statement.corroborated_by == ["Continental Wire"] and not statement.single_source


def test_a_fact_one_outlet_states_is_single_source():
    section, passages = section_of([BERLIN, WIRE, HARBOUR], [HARBOUR])
    corroborate_section(section, passages)
    statement = section.statements[0]
    assert statement.outlets == ["Harbour Gazette"] and statement.single_source
    assert statement.corroborated_by == []


def test_a_different_fact_about_the_same_thing_does_not_corroborate():
    dissent = build_article("Hungary and Slovakia voted against ending Russian gas imports.", id="hu",
                            source="Berlin Ledger", language="en")  # fmt: skip
    section, passages = section_of([BERLIN, dissent], [BERLIN])
    corroborate_section(section, passages)
    assert section.statements[0].outlets == ["Rheinische Abendpost"]


def test_a_merged_duplicate_counts_its_outlet():
    from briefing.models import SourceRef

    copy = build_article(WIRE.text, id="copy", source="Continental Wire", language="en")
    copy.duplicates = [SourceRef("copy-2", source="Harbour Gazette")]
    section, passages = section_of([copy], [copy])
    corroborate_section(section, passages)
    assert section.statements[0].outlets == ["Continental Wire", "Harbour Gazette"]


def test_the_compare_stage_sets_outlets_voices_and_differences_of_every_section():
    section, passages = section_of([BERLIN, WIRE], [BERLIN, WIRE])
    compare_sections([section], passages)
    assert all(statement.outlets for statement in section.statements)
    assert section.voices == [] and section.differences == []
