"""Small builders that keep each test about one thing."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from briefing.models import Article

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"  # feeds and pages the test servers serve
RANGE = ["--from", "2025-12-02", "--to", "2025-12-03"]  # the days of the examples and the seeds


def build_article(text: str, id: str = "a1", published: str | None = None, **fields) -> Article:
    """An article; `published` is an ISO string read in Europe/Berlin when it has no zone."""
    when = None
    if published:
        when = datetime.fromisoformat(published)
        when = when if when.tzinfo else when.replace(tzinfo=BERLIN)
    fields.setdefault("language", "en")
    return Article(id=id, text=text, published=when, **fields)


NATO_EN = [
    "NATO foreign ministers met in Brussels on Wednesday to discuss the war in Ukraine and support for Kyiv.",
    "Secretary General Mark Rutte said the alliance would keep supplying air defence systems to Ukraine.",
    "The ministers in Brussels also discussed the peace talks between American and Russian envoys in Moscow.",
    "Rutte told reporters in Brussels that Russia showed no serious will to end the war in Ukraine.",
]
BUDGET_EN = [
    "The German parliament approved the federal budget for next year after a long debate in Berlin.",
    "Finance minister Lars Klingbeil defended the record borrowing for infrastructure and defence in the budget.",
    "The opposition in parliament criticised the budget as a burden on future generations in Germany.",
    "Economists said the German budget relies on optimistic growth forecasts for next year.",
]
ZOO_EN = "A rare okapi calf was born at the city zoo, keepers said on Tuesday. Visitors can see it from January."


def story(sentences: list[str], first: int, count: int = 3) -> str:
    """`count` of the story's sentences, starting at `first` (wrapping): related texts that differ."""
    return " ".join(sentences[(first + k) % len(sentences)] for k in range(count))


# One event reported in German and in English: (text, title).
FERRY_DE = (
    "Die Fähre „Nordlicht“ ist am Dienstagmorgen vor Helgoland auf eine Sandbank gelaufen. "
    "Alle 212 Passagiere wurden von Seenotrettern an Land gebracht, verletzt wurde niemand. "
    "Die Reederei kündigte an, die Fähre werde bei Flut freigeschleppt.",
    "Fähre „Nordlicht“ vor Helgoland auf Sandbank gelaufen",
)
FERRY_EN = (
    "The ferry Nordlicht ran aground on a sandbank off Heligoland on Tuesday morning. "
    "Lifeboat crews brought all 212 passengers ashore, and no one was injured. "
    "The shipping company said the ferry would be towed free at high tide.",
    "Ferry Nordlicht runs aground off Heligoland",
)


def assert_citations_verified(brief: dict) -> int:
    """quote == article.text[start:end] for every citation in the brief; returns how many."""
    articles = brief["articles"]
    citations = [c for s in brief["overview"] + brief.get("watch", []) + brief["further_reports"] for c in s["citations"]]
    citations += [c for section in brief["sections"] for s in section["statements"] for c in s["citations"]]
    citations += brief["sources"]
    for c in citations:
        assert c["quote"] == articles[c["article_id"]]["text"][c["start"] : c["end"]]
        assert c["passage_id"].startswith(c["article_id"] + "#")
    return len(citations)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def b_cubed_f1(predicted: list[int], gold: list[str]) -> float:
    precision = recall = 0.0
    for i in range(len(gold)):
        same_cluster = {j for j in range(len(gold)) if predicted[j] == predicted[i]}
        same_event = {j for j in range(len(gold)) if gold[j] == gold[i]}
        both = len(same_cluster & same_event)
        precision += both / len(same_cluster)
        recall += both / len(same_event)
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall)


def labelled_set(folder) -> tuple[list[Article], list[str]]:
    from briefing.ingest import read_articles
    from briefing.settings import Settings

    articles, _ = read_articles([folder / "articles.jsonl"], Settings())
    gold = {g["id"]: g["event"] for g in map(json.loads, open(folder / "gold.jsonl"))}
    return articles, [gold[a.id] for a in articles]
