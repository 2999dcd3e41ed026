from builders import NATO_EN, build_article, story

from briefing.cluster.topics import cluster_articles
from briefing.models import Passage
from briefing.summarise.extractive import ExtractiveSummariser
from briefing.summarise.segment import segment_articles
from briefing.summarise.selection import is_statement


def summarise(articles):
    clusters, _ = cluster_articles(articles)
    return ExtractiveSummariser().summarise(clusters[0], segment_articles(articles))


def nato_cluster(outlets: list[str]):
    return [build_article(story(NATO_EN, k, 4), id=f"n{k}", source=outlet) for k, outlet in enumerate(outlets)]


def test_statements_are_verbatim_passages_drawn_from_several_articles():
    articles = nato_cluster(["A", "B", "C"])
    section = summarise(articles)
    texts = {a.id: a.text for a in articles}
    assert 3 <= len(section.statements) <= 6
    for statement in section.statements:
        (citation,) = statement.citations
        assert statement.text == citation.quote == texts[citation.article_id][citation.start : citation.end]
    assert len({s.citations[0].article_id for s in section.statements}) >= 2


def test_no_sentence_is_repeated_even_when_every_article_carries_it():
    section = summarise(nato_cluster(["A", "B", "C"]))
    quotes = [s.text for s in section.statements]
    assert len(quotes) == len(set(quotes)) == len(NATO_EN)


def test_coverage_counts_outlets_and_flags_a_single_source():
    section = summarise(nato_cluster(["Same", "Same"]))
    assert section.coverage.articles == 2 and section.coverage.outlets == ["Same"]
    assert section.coverage.single_source and section.method == "extractive"
    assert not summarise(nato_cluster(["A", "B"])).coverage.single_source


def test_headings_questions_and_fragments_are_not_statements():
    def passage(text):
        return Passage("a#p0", "a", 0, 0, len(text), text)

    assert is_statement(passage("Rutte said the alliance would keep supplying air defence."))
    assert not is_statement(passage("NATO-Chef lobt Initiative der USA"))
    assert not is_statement(passage("Wie sind die Ergebnisse der Gespräche zu bewerten?"))
    assert not is_statement(passage("and then the ministers left the room for lunch."))


def test_a_section_quoting_german_and_english_reports_names_both_languages():
    from builders import FERRY_DE, FERRY_EN

    articles = [build_article(FERRY_DE[0], id="de", title=FERRY_DE[1], language="de", source="A"),
                build_article(FERRY_EN[0], id="en", title=FERRY_EN[1], language="en", source="B")]  # fmt: skip
    section = summarise(articles)
    assert sorted(section.quoted_languages) == ["de", "en"] and section.language in {"de", "en"}
