"""The hand-judged topic queries (tests/data/topic_queries.jsonl, and the blind ones) that
benchmarks/topic_search.py measures: well formed, and every id is an article of its source."""

import json

import pytest
from builders import EXAMPLES, ROOT

TUNED = [json.loads(line) for line in (ROOT / "tests" / "data" / "topic_queries.jsonl").open(encoding="utf-8")]
BLIND = [json.loads(line) for line in (ROOT / "tests" / "data" / "topic_queries_blind.jsonl").open(encoding="utf-8")]
BLIND2 = [json.loads(line) for line in (ROOT / "tests" / "data" / "topic_queries_blind2.jsonl").open(encoding="utf-8")]
BLIND3 = [json.loads(line) for line in (ROOT / "tests" / "data" / "topic_queries_blind3.jsonl").open(encoding="utf-8")]
QUERIES = TUNED + BLIND + BLIND2 + BLIND3
FIRST_SOURCES = {"examples", "ecbplus", "semeval-de", "fundus"}
SOURCES = FIRST_SOURCES | {"newswcl50", "gnad-topics"}


@pytest.mark.parametrize(
    ("queries", "sources"),
    [(TUNED, FIRST_SOURCES), (BLIND, FIRST_SOURCES), (BLIND2, SOURCES), (BLIND3, SOURCES)],
    ids=["tuned", "blind", "blind2", "blind3"],
)
def test_there_are_enough_queries_in_both_languages_and_from_every_source(queries, sources):
    assert len(queries) >= 30
    assert {query["language"] for query in queries} == {"de", "en"}
    assert {query["source"] for query in queries} == sources
    assert len({(query["source"], query["query"]) for query in queries}) == len(queries)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q['source']}:{q['query']}")
def test_a_query_is_well_formed(query):
    assert set(query) <= {"id", "query", "language", "source", "relevant", "note"}
    assert query["query"].strip() and query["language"] in {"de", "en"} and query["source"] in SOURCES
    assert isinstance(query["relevant"], list) and len(set(query["relevant"])) == len(query["relevant"])


def test_every_judged_id_is_an_article_of_its_source(shared_data, seeds_dir):
    from briefing.ingest import read_articles
    from briefing.settings import Settings

    examples, _ = read_articles([EXAMPLES / "articles", seeds_dir], Settings())
    known = {"examples": {article.id for article in examples}}
    for source in SOURCES - {"examples"}:
        with (shared_data / source / "articles.jsonl").open(encoding="utf-8") as lines:
            known[source] = {json.loads(line)["id"] for line in lines}
    unknown = {(query["source"], i) for query in QUERIES for i in query["relevant"] if i not in known[query["source"]]}
    assert not unknown
