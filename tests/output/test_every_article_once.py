"""Every selected article's id appears exactly once in the JSON of `briefing clusters` and
of the brief: in a cluster (a section), in `unclustered`, or (the brief) in `not_shown`;
an article merged as a duplicate right after the article it was merged into (its keeper),
and `duplicates` maps each keeper to the ids merged into it."""

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from builders import BUDGET_EN, EXAMPLES, NATO_EN, RANGE, SEEDS, SHARED, ZOO_EN, build_article, story
from typer.testing import CliRunner

from briefing.cli import app
from briefing.cluster import select_articles
from briefing.cluster.duplicates import merge_duplicates
from briefing.cluster.topics import cap_topics, describe_cluster
from briefing.ingest import read_articles
from briefing.models import Article, Cluster, RunReport, SourceRef
from briefing.output.assemble import assemble_brief
from briefing.output.clusters import clusters_as_data, clusters_as_text
from briefing.output.export import brief_as_data
from briefing.pipeline import gather_articles
from briefing.settings import Settings
from briefing.sources.store import ArticleStore
from briefing.summarise import further_reports, summarise_clusters
from briefing.summarise.segment import segment_articles
from briefing.text.terms import words

DATA = SHARED / "data"
# Every set the benchmarks read (cluster_quality, brief_quality, cluster_scale, …).
DEV_SETS = ("ecbplus", "newswcl50", "semeval-de", "gnad-topics", "fundus")
DATA_SETS = {name: [DATA / name / "articles.jsonl"] for name in DEV_SETS}
DATA_SETS |= {"examples": [EXAMPLES / "articles"], "seeds": [SEEDS], "DE+EN mixed": [EXAMPLES / "articles", SEEDS]}
WIRE_COPY = "harbour-gazette-2025-12-03-kremlin-talks"  # in examples/articles, merged into the Berlin Ledger's text
AGENCY = " ".join(NATO_EN)
OTHER_REPORT = (  # the same meeting in other words: no copy of AGENCY
    "The alliance's foreign ministers gathered in Brussels for talks on Ukraine. Kyiv asked them for more air "
    "defence before winter, and Rutte promised that the deliveries would go on."
)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def input_ids(paths: list[Path]) -> list[str]:
    """The ids of the articles read from `paths` (for a JSONL file, checked against its lines)."""
    articles, _ = read_articles(paths, Settings())
    for path in paths:
        if path.suffix == ".jsonl":  # ingest drops and renames nothing in these sets
            lines = path.read_text(encoding="utf-8").splitlines()
            assert {json.loads(line)["id"] for line in lines if line.strip()} <= {a.id for a in articles}
    return [article.id for article in articles]


def clusters_ids(data: dict) -> list[str]:
    return [a for cluster in data["clusters"] for a in cluster["articles"]] + data["unclustered"]


def section_ids(brief: dict) -> list[str]:
    return [a for section in brief["sections"] for a in section["cluster"]["articles"]]


def brief_ids(brief: dict) -> list[str]:
    return section_ids(brief) + brief["unclustered"] + brief["not_shown"]


def assert_once(listed: list[str], expected: list[str]) -> None:
    twice = [article_id for article_id, count in Counter(listed).items() if count > 1]
    assert not twice, f"listed more than once: {twice[:10]}"
    missing, unknown = sorted(set(expected) - set(listed)), sorted(set(listed) - set(expected))
    assert not missing and not unknown, f"missing: {missing[:10]}, unknown: {unknown[:10]}"


def assert_beside_keepers(listed: list[str], duplicates: dict[str, list[str]]) -> None:
    for keeper, merged in duplicates.items():
        start = listed.index(keeper) + 1
        assert listed[start : start + len(merged)] == merged


def of_keepers_in(listed: list[str], duplicates: dict[str, list[str]]) -> dict[str, list[str]]:
    return {keeper: merged for keeper, merged in duplicates.items() if keeper in listed}


# --- the data sets --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATA_SETS))
def test_the_clusters_json_lists_every_input_id_once(name, shared_data, seeds_dir):
    paths = DATA_SETS[name]
    result = run("clusters", *paths, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_once(clusters_ids(data), input_ids(paths))
    for cluster in data["clusters"]:
        assert_beside_keepers(cluster["articles"], cluster["duplicates"])
        assert cluster["duplicates"] == of_keepers_in(cluster["articles"], data["duplicates"])
    assert_beside_keepers(data["unclustered"], of_keepers_in(data["unclustered"], data["duplicates"]))


@pytest.mark.parametrize("form", ["headlines", "teasers"])
def test_the_sets_cut_short_list_every_id_once(form, shared_data, seeds_dir, tmp_path):
    """The sets cut to headlines or teasers, as benchmarks/short_texts.py cuts them: a short
    text is merged only when it has 8 shingles (12 words), and is listed then too."""
    cut = tmp_path / f"{form}.jsonl"
    paths = [path for name in (*DEV_SETS, "DE+EN mixed") for path in DATA_SETS[name]]
    with cut.open("w", encoding="utf-8") as out:
        for article in read_articles(paths, Settings())[0]:
            if text := cut_to(article, form):  # a text that is all title has no teaser: no article
                record = {"id": article.id, "title": article.title, "text": text, "language": article.language}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = run("clusters", cut, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert_once(clusters_ids(data), input_ids([cut]))
    texts = {article.id: article.text for article in read_articles([cut], Settings())[0]}
    merged = [article_id for ids in data["duplicates"].values() for article_id in ids]
    assert merged and all(len(words(texts[article_id])) >= 12 for article_id in merged)


def cut_to(article: Article, form: str) -> str:
    """The title (an untitled text's first 120 characters), or the first 30 words after it."""
    if form == "headlines":
        return article.title or article.text[:120]
    return " ".join(article.text.removeprefix(article.title or "").split()[:30])


def test_the_brief_json_lists_every_selected_id_once_on_a_dev_set(shared_data):
    paths = DATA_SETS["semeval-de"]  # duplicates in sections, single reports and topics not shown
    result = run("build", *paths, "--format", "json")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    listed = brief_ids(brief)
    assert_once(listed, input_ids(paths))
    assert len(listed) == brief["report"]["articles_selected"] + brief["report"]["duplicates_merged"]
    for place in (section_ids(brief), brief["unclustered"], brief["not_shown"]):
        assert any(merged in place for ids in brief["duplicates"].values() for merged in ids)
        assert_beside_keepers(place, of_keepers_in(place, brief["duplicates"]))


@pytest.mark.parametrize("caps", [[], ["--max-topics", "1", "--max-further", "1"]])
def test_the_brief_json_of_the_examples_lists_every_selected_id_once(caps):
    result = run("build", EXAMPLES / "articles", *RANGE, "--format", "json", *caps)
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    dated = Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 3))
    read, _ = read_articles([EXAMPLES / "articles"], dated)
    in_range = select_articles(read, dated, RunReport())
    assert_once(brief_ids(brief), [a.id for a in in_range])
    assert brief["duplicates"] == {"berlin-ledger-2025-12-03-witkoff-putin": [WIRE_COPY]}
    assert brief["not_shown"] if caps else not brief["not_shown"]


# --- hand-made duplicates -------------------------------------------------------------------


def merged_articles():
    """A keeper of two merged copies (one with a duplicate of its own), a report beside it,
    and a single report with a copy: the keepers, the copies merged into them."""
    copy_a = build_article(AGENCY, id="copy-a", source="Outlet A")
    keeper = build_article(AGENCY + " The meeting ends on Thursday.", id="keeper", source="Outlet K")
    copy_b = build_article(AGENCY.replace("Wednesday", "Wednesday morning"), id="copy-b", source="Outlet B")
    copy_b.duplicates.append(SourceRef("copy-of-b", "Outlet C"))  # merged into copy-b before
    other = build_article(OTHER_REPORT, id="other", source="Outlet O")
    lone = build_article(" ".join(BUDGET_EN), id="lone", source="Outlet L")
    lone_copy = build_article(" ".join(BUDGET_EN[:3]), id="lone-copy", source="Outlet M")
    kept, merged = merge_duplicates([copy_a, keeper, copy_b, other, lone, lone_copy])
    assert merged == 3 and [a.id for a in kept] == ["keeper", "other", "lone"]
    return kept


def test_a_merged_duplicate_is_listed_right_after_its_keeper_in_the_clusters_json():
    keeper, other, lone = merged_articles()
    cluster = Cluster("c1", [keeper, other], label="NATO ministers meet", story="s1")
    lone.story = "s1"
    data = clusters_as_data([cluster], [lone], {})
    assert data["clusters"][0]["articles"] == ["keeper", "copy-a", "copy-b", "copy-of-b", "other"]
    assert data["clusters"][0]["duplicates"] == {"keeper": ["copy-a", "copy-b", "copy-of-b"]}
    assert data["unclustered"] == ["lone", "lone-copy"] == data["stories"][0]["reports"]
    assert data["duplicates"] == {"keeper": ["copy-a", "copy-b", "copy-of-b"], "lone": ["lone-copy"]}
    text = clusters_as_text([cluster], [lone], {})
    assert "(2 articles and 3 duplicates; Outlet A, Outlet B, Outlet C, Outlet K, Outlet O)" in text
    lines = text.splitlines()
    after_keeper = lines[lines.index(next(line for line in lines if line.startswith("    - keeper: "))) + 1]
    assert after_keeper == "    - copy-a: (duplicate of keeper)"
    assert "unclustered (1 and 1 duplicate):" in text and "    - lone-copy: (duplicate of lone)" in text


def test_the_brief_json_lists_merged_duplicates_in_sections_single_reports_and_not_shown():
    keeper, other, lone = merged_articles()
    hidden = [build_article(story(BUDGET_EN, k, 3) + f" Report {k}.", id=f"budget-{k}") for k in range(2)]
    hidden[0].duplicates.append(SourceRef("budget-copy"))
    zoo = build_article(ZOO_EN, id="zoo")
    zoo.duplicates.append(SourceRef("zoo-copy"))
    shown, hidden_cluster = describe_cluster([keeper, other], None), describe_cluster(hidden, None)
    shown.id, shown.story, shown.score, hidden_cluster.id, hidden_cluster.story = "c1", "s1", 2.0, "c2", "s2"
    shown.articles, hidden_cluster.articles = [keeper, other], hidden  # in a known order
    report = RunReport()
    settings = Settings(max_topics=1, max_further_reports=1)
    clusters, unclustered = cap_topics([shown, hidden_cluster], [lone, zoo], settings, report)
    passages = segment_articles([a for c in clusters for a in c.articles] + unclustered)
    sections = summarise_clusters(clusters, passages)
    merged = {a.id: [ref.article_id for ref in a.duplicates] for a in [keeper, lone, zoo, *hidden]}
    brief = brief_as_data(
        assemble_brief(sections, further_reports(unclustered, passages), report, settings,
                       unclustered=unclustered, duplicates={k: v for k, v in merged.items() if v})
    )  # fmt: skip
    assert brief["sections"][0]["cluster"]["articles"] == ["keeper", "copy-a", "copy-b", "copy-of-b", "other"]
    assert brief["sections"][0]["cluster"]["duplicates"] == {"keeper": ["copy-a", "copy-b", "copy-of-b"]}
    assert brief["unclustered"] == ["lone", "lone-copy"]
    assert brief["not_shown"] == ["budget-0", "budget-copy", "budget-1", "zoo", "zoo-copy"]
    assert brief["report"]["articles_not_shown"] == ["budget-0", "budget-1"]  # the run report counts articles
    assert brief["duplicates"] == {"keeper": ["copy-a", "copy-b", "copy-of-b"], "lone": ["lone-copy"],
                                   "zoo": ["zoo-copy"], "budget-0": ["budget-copy"]}  # fmt: skip
    assert "copy-a" not in brief["articles"] and brief["articles"]["keeper"]["also_in"][0]["article_id"] == "copy-a"


# --- what else could drop or repeat an id ---------------------------------------------------


def test_a_copy_in_the_range_stays_though_its_longer_twin_is_outside(tmp_path):
    records = [{"id": "yesterday", "text": AGENCY + " More on that tomorrow.", "published": "2025-12-01T10:00"},
               {"id": "today", "text": AGENCY, "published": "2025-12-02T10:00"}]  # fmt: skip
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    settings = Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 2))
    articles, report = gather_articles([tmp_path], settings)
    assert [a.id for a in articles] == ["today"] and not articles[0].duplicates
    assert report.out_of_range == 1 and report.duplicates_merged == 0 and report.articles_selected == 1


def test_an_id_used_twice_in_the_input_is_renamed_and_listed_not_lost(tmp_path):
    record = {"id": "x", "text": AGENCY, "source": "Outlet A"}
    (tmp_path / "one.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps({**record, "text": ZOO_EN}) + "\n", encoding="utf-8")
    result = run("clusters", tmp_path, "--json", "--embeddings", "none")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(clusters_ids(data)) == ["x", "x-2", "x-3"]
    assert data["duplicates"] == {"x": ["x-2"]}  # the same record twice: one story, both ids listed
    assert "renamed to 'x-2'" in result.stderr and "renamed to 'x-3'" in result.stderr


def test_a_stored_article_whose_id_a_file_uses_is_renamed(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.jsonl").write_text(json.dumps({"id": "x", "text": ZOO_EN}) + "\n", encoding="utf-8")
    with ArticleStore(tmp_path / "articles.db") as store:
        store.add([build_article(AGENCY, id="x", url="https://example.org/x")], datetime.now(UTC))
    articles, report = gather_articles([tmp_path / "files"], Settings(), store=tmp_path / "articles.db")
    assert sorted(a.id for a in articles) == ["x", "x-2"]
    assert any("renamed to 'x-2'" in problem.reason for problem in report.problems)
