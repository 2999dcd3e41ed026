"""A brief's sections are stories; a story's developments are its events, earliest first."""

import json

from builders import BUDGET_EN, NATO_EN, build_article, story
from markdown_it import MarkdownIt

from briefing.cluster.topics import cap_topics, describe_cluster
from briefing.models import RunReport
from briefing.output.assemble import assemble_brief, story_keywords
from briefing.output.render import render
from briefing.settings import Settings
from briefing.summarise import further_reports, summarise_clusters
from briefing.summarise.segment import segment_articles

KREMLIN_EN = [
    "The American envoy Steve Witkoff met Vladimir Putin in the Kremlin on Tuesday to discuss a peace plan for Ukraine.",
    "Witkoff and Putin talked for five hours about the plan to end the war in Ukraine, the Kremlin said.",
    "A Kremlin adviser said no compromise on territory in Ukraine had been found yet.",
    "Witkoff left Moscow on Wednesday morning; the talks on Ukraine are to go on.",
]


def event(sentences, prefix, published, story_id, outlets=("A", "B", "C")):
    """A cluster of one article per outlet, all published at `published` (ISO, Berlin)."""
    articles = [
        build_article(story(sentences, k, 3), id=f"{prefix}{k}", published=published, source=outlet)
        for k, outlet in enumerate(outlets)
    ]
    cluster = describe_cluster(articles, None)
    cluster.story = story_id
    return cluster


def brief_of(clusters, settings=None):
    for rank, cluster in enumerate(clusters, start=1):
        cluster.id = f"c{rank}"
    passages = segment_articles([a for c in clusters for a in c.articles])
    sections = summarise_clusters(clusters, passages)
    return assemble_brief(sections, [], RunReport(), settings or Settings())


def ukraine_and_budget():
    """The NATO meeting (most important: four outlets, Wednesday) and the Kremlin talks
    (Tuesday) are one story; the budget is a story of its own."""
    nato = event(NATO_EN, "n", "2025-12-03T12:00", "s1", outlets=("A", "B", "C", "D"))
    kremlin = event(KREMLIN_EN, "k", "2025-12-02T20:00", "s1")
    budget = event(BUDGET_EN, "b", "2025-12-03T09:00", "s2")
    return brief_of([nato, kremlin, budget])


def test_a_story_holds_its_developments_earliest_first():
    brief = ukraine_and_budget()
    assert [story.id for story in brief.stories] == ["s1", "s2"]
    ukraine, budget = brief.stories
    assert [s.cluster.id for s in ukraine.developments] == ["c2", "c1"]  # Tuesday's talks, then Wednesday's meeting
    assert ukraine.coverage.articles == 7 and ukraine.coverage.outlets == ["A", "B", "C", "D"]
    assert "Ukraine" in ukraine.keywords and budget.keywords == []  # one development: its headline names it


def test_the_overview_has_a_line_per_story_and_sources_follow_the_reading_order():
    brief = ukraine_and_budget()
    assert len(brief.overview) == 2
    numbers = brief.source_numbers()
    read = [c.passage_id for c in brief.overview[0].citations + brief.overview[1].citations]
    read += [c.passage_id for story in brief.stories for s in story.developments for st in s.statements for c in st.citations]
    assert [numbers[p] for p in dict.fromkeys(read)] == list(range(1, len(brief.sources) + 1))


def test_markdown_shows_a_story_with_dated_developments_and_a_lone_event_as_before():
    brief = ukraine_and_budget()
    markdown = render(brief, "md")
    ukraine, budget = brief.stories
    kremlin, nato = ukraine.developments
    assert "_2 topics (3 developments) from" in markdown
    assert f"## 1. {' · '.join(ukraine.keywords)}\n\n_2 developments · 7 articles from 4 outlets: A, B, C, D_" in markdown
    assert f"### 1.1 2 December 2025 · {kremlin.headline}" in markdown
    assert f"### 1.2 3 December 2025 · {nato.headline}" in markdown
    developments = markdown[markdown.index("### 1.1") :]
    assert developments.index(kremlin.statements[0].text) < developments.index("### 1.2") < developments.index(nato.statements[0].text)
    assert f"## 2. {budget.developments[0].headline}\n\n_3 articles from 3 outlets: A, B, C_" in markdown
    html = MarkdownIt("commonmark").render(markdown)
    assert html.count("<h3>") == 2 and "<li>" in html


def test_html_and_json_carry_both_levels():
    brief = ukraine_and_budget()
    html = render(brief, "html")
    assert '<section class="story" id="s1">' in html and html.count("<h3>") == 2
    assert '<span class="day" lang="en">2 December 2025</span>' in html
    data = json.loads(render(brief, "json"))
    timeline = data["stories"][0].pop("timeline")
    assert sum(map(sum, timeline["counts"].values())) == 7 and len(timeline["starts"]) > 1
    assert data["stories"][0] == {"id": "s1", "keywords": brief.stories[0].keywords, "developments": ["c2", "c1"], "reports": []}
    assert data["stories"][1]["developments"] == ["c3"]
    sections = {s["id"]: s for s in data["sections"]}
    assert sections["c2"]["story"] == "s1" and sections["c2"]["first_reported"] == "2025-12-02T20:00:00+01:00"
    assert [s["id"] for s in data["sections"]] == ["c1", "c2", "c3"]  # sections stay in importance order


def test_max_topics_counts_stories_and_keeps_each_whole():
    nato = event(NATO_EN, "n", "2025-12-03T12:00", "s1")
    kremlin = event(KREMLIN_EN, "k", "2025-12-02T20:00", "s1")
    budget = event(BUDGET_EN, "b", "2025-12-03T09:00", "s2")
    report = RunReport()
    shown, _ = cap_topics([nato, kremlin, budget], [], Settings(max_topics=1), report)
    assert shown == [nato, kremlin]
    assert report.topics_not_shown == [budget.label]


def test_story_keywords_are_those_most_developments_share():
    clusters = [
        event(NATO_EN, "n", "2025-12-03T12:00", "s1"),
        event(KREMLIN_EN, "k", "2025-12-02T20:00", "s1"),
    ]
    sections = summarise_clusters(clusters, segment_articles([a for c in clusters for a in c.articles]))
    clusters[0].keywords, clusters[1].keywords = ["NATO", "Ukraine", "Brussels"], ["Witkoff", "ukraine", "Kremlin"]
    assert story_keywords(sections) == ["Ukraine", "NATO", "Brussels"]


def single_report(sentences, id, published, story_id, source="E"):
    article = build_article(story(sentences, 3, 2), id=id, published=published, source=source)
    article.story = story_id
    return article


def test_a_single_report_of_a_story_is_shown_under_it_not_in_further_reports():
    nato = event(NATO_EN, "n", "2025-12-03T12:00", "s1")
    kremlin = event(KREMLIN_EN, "k", "2025-12-02T20:00", "s1")
    budget = event(BUDGET_EN, "b", "2025-12-03T09:00", "s2")
    lone = single_report(KREMLIN_EN, "lone", "2025-12-03T08:00", "s1")
    zoo = build_article("A rare okapi calf was born at the city zoo on Tuesday, keepers said.", id="zoo", source="Z")
    for rank, cluster in enumerate([nato, kremlin, budget], start=1):
        cluster.id = f"c{rank}"
    report = RunReport()
    shown, further = cap_topics([nato, kremlin, budget], [zoo, lone], Settings(max_further_reports=0), report)
    assert further == [lone] and report.further_not_shown == ["zoo"]  # --max-further counts reports of no story
    passages = segment_articles([a for c in shown for a in c.articles] + further)
    brief = assemble_brief(summarise_clusters(shown, passages), further_reports(further, passages), report, Settings())
    ukraine = brief.stories[0]
    assert [s.citations[0].article_id for s in ukraine.reports] == ["lone"] and brief.further_reports == []
    markdown = render(brief, "md")
    also = markdown.index("_Also on this story, single reports:_")
    assert markdown.index("### 1.2") < also < markdown.index("## 2. ")
    assert "- **" in markdown[also : markdown.index("## 2. ")] and "(E, 3 December 2025, 08:00)" in markdown
    assert "Also on this story, single reports:" in render(brief, "html")
    data = json.loads(render(brief, "json"))
    assert [r["citations"][0]["article_id"] for r in data["stories"][0]["reports"]] == ["lone"]


def test_the_single_reports_of_a_story_not_shown_are_accounted_for():
    nato = event(NATO_EN, "n", "2025-12-03T12:00", "s1", outlets=("A", "B", "C", "D"))
    budget = event(BUDGET_EN, "b", "2025-12-03T09:00", "s2")
    lone = single_report(BUDGET_EN, "lone", "2025-12-03T08:00", "s2")
    report = RunReport()
    shown, further = cap_topics([nato, budget], [lone], Settings(max_topics=1), report)
    assert shown == [nato] and further == []
    assert report.articles_not_shown == [a.id for a in budget.articles] + ["lone"]


def test_a_story_without_shared_keywords_is_headed_by_its_most_important_development():
    brief = ukraine_and_budget()
    ukraine = brief.stories[0]
    ukraine.keywords = []
    nato = max(ukraine.developments, key=lambda section: section.cluster.score)
    assert ukraine.heading == nato.headline and f"## 1. {nato.headline}\n\n_2 developments" in render(brief, "md")


def test_topics_not_shown_are_counted_by_story():
    nato = event(NATO_EN, "n", "2025-12-03T12:00", "s1", outlets=("A", "B", "C", "D"))
    budget = event(BUDGET_EN, "b", "2025-12-03T09:00", "s2")
    budget_vote = event(BUDGET_EN, "v", "2025-12-02T09:00", "s2")
    report = RunReport()
    cap_topics([nato, budget, budget_vote], [], Settings(max_topics=1), report)
    assert report.topics_not_shown == [budget.label] and len(report.articles_not_shown) == 6
