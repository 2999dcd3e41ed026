import random

import pytest
from builders import NATO_EN, build_article, story

from briefing.cluster.topics import describe_cluster
from briefing.models import Cluster, Passage
from briefing.settings import LLMSettings
from briefing.summarise.llm import context
from briefing.summarise.llm.context import MAX_POOL, MAX_READ, estimated_tokens, prompt_passages, read_in_turns
from briefing.summarise.segment import passage_id, segment_articles

DEFAULT_BUDGET = LLMSettings().passage_tokens
# A rail strike told by three outlets: each has a lead, then filler, and states the news
# that matters (when the strike ends) deep in the text, at a different place each.
LEADS = [
    "Trains stood still across Vellmark on Monday as the rail strike entered its second week.",
    "The rail strike in Vellmark has left commuters stranded for a second week, the ministry said.",
    "Vellmark's rail strike went into its second week on Monday with no trains on the main lines.",
]
ENDINGS = {  # article → (sentence index, the sentence)
    0: (15, "The Vellmark rail union said the strike would end on 14 March after the ministry raised its offer."),
    1: (18, "According to the Vellmark rail union, the strike ends on 14 March because the ministry raised its offer."),
    2: (12, "The ministry raised its offer, and the Vellmark rail union will end the strike on 14 March."),
}
# Feature-style openings that tell a scene, not the news.
ANECDOTES = [
    "Anna Berg has taken the 6:40 train from Harlin to the coast for twenty years.",
    "At the bakery beside Gistel station, the morning rush has gone quiet.",
    "Jonas Wiel keeps his season ticket in a drawer now, next to the bus timetable.",
]
SYLLABLES = ["ka", "lo", "mer", "tis", "van", "dor", "bel", "sun", "rik", "pa", "zen", "hol", "gru", "fen"]


def filler(rng: random.Random, words: int = 9) -> str:
    """A sentence of made-up words: a statement that says nothing the others say."""
    made_up = ["".join(rng.choices(SYLLABLES, k=3)) for _ in range(words)]
    return " ".join(made_up).capitalize() + "."


def strike_article(number: int, sentences: int = 25, leads: list[str] = LEADS) -> list[str]:
    rng = random.Random(number)
    text = [leads[number]] + [filler(rng) for _ in range(sentences - 1)]
    index, ending = ENDINGS[number]
    text[index] = ending
    return text


def strike_cluster(sentences: int = 25, leads: list[str] = LEADS) -> tuple[Cluster, dict[str, list[Passage]]]:
    members = [
        build_article(" ".join(strike_article(k, sentences, leads)), id=f"s{k}", source=f"Outlet {k}")
        for k in range(3)
    ]
    return Cluster("c1", members, label="Rail strike in Vellmark"), segment_articles(members)


def made_cluster(texts: list[list[str]], outlets: int) -> tuple[Cluster, dict[str, list[Passage]]]:
    """A cluster of one article per list of sentences, its passages made directly (fast)."""
    members, passages = [], {}
    for k, sentences in enumerate(texts):
        article = build_article(" ".join(sentences), id=f"a{k}", source=f"Outlet {k % outlets}")
        members.append(article)
        passages[article.id] = list(_passages(article.id, sentences))
    return Cluster("c1", members), passages


def _passages(article_id: str, sentences: list[str]):
    start = 0
    for index, sentence in enumerate(sentences):
        yield Passage(passage_id(article_id, index), article_id, index, start, start + len(sentence), sentence)
        start += len(sentence) + 1


def big_cluster(articles: int, outlets: int):
    members = [
        build_article(story(NATO_EN, k % len(NATO_EN), 4) + f" Report number {k} adds detail {k}.", id=f"a{k}",
                      source=f"Outlet {k % outlets}")
        for k in range(articles)
    ]  # fmt: skip
    return describe_cluster(members, None), segment_articles(members)


def cost(chosen: list[Passage], language: str | None = "en") -> int:
    return sum(estimated_tokens(p, language) for p in chosen)


def outlets_heard(cluster: Cluster, chosen: list[Passage]) -> set[str | None]:
    source = {article.id: article.source for article in cluster.articles}
    return {source[p.article_id] for p in chosen}


def test_a_200_article_cluster_fits_its_budget_and_every_outlet_is_heard():
    cluster, passages = big_cluster(200, outlets=12)
    chosen = prompt_passages(cluster, passages, budget_tokens=3000)
    assert cost(chosen) <= 3000
    assert len(outlets_heard(cluster, chosen)) == 12
    assert len({p.text for p in chosen}) == len(chosen)  # no sentence twice


def test_a_tight_budget_still_gives_the_best_passages_it_can():
    cluster, passages = big_cluster(20, outlets=3)
    chosen = prompt_passages(cluster, passages, budget_tokens=200)
    assert chosen and cost(chosen) <= 200


def test_a_fact_from_the_middle_of_a_long_article_is_shown():
    cluster, passages = strike_cluster()
    chosen = prompt_passages(cluster, passages, DEFAULT_BUDGET)
    endings = [p for p in chosen if "14 March" in p.text]
    assert endings and all(p.index >= 8 for p in endings)  # beyond the old lead pool of 8 sentences


def test_the_news_deep_in_the_text_beats_openings_that_say_little_in_a_tight_budget():
    cluster, passages = strike_cluster(leads=ANECDOTES)
    chosen = prompt_passages(cluster, passages, budget_tokens=400)
    assert cost(chosen) <= 400 and len(chosen) < 8
    assert any("14 March" in p.text for p in chosen)
    assert outlets_heard(cluster, chosen) == {"Outlet 0", "Outlet 1", "Outlet 2"}


@pytest.mark.parametrize("budget", [300, 1000, 2500, DEFAULT_BUDGET])
def test_the_budget_is_respected(budget):
    cluster, passages = strike_cluster(sentences=60)
    chosen = prompt_passages(cluster, passages, budget)
    assert chosen and cost(chosen) <= budget
    assert cost(chosen) > budget - 200  # it is used, not left empty: 60-sentence reports fill it


def test_passages_come_by_article_then_by_sentence():
    cluster, passages = strike_cluster()
    chosen = prompt_passages(cluster, passages, 1500)
    order = [(int(p.article_id[1:]), p.index) for p in chosen]
    assert order == sorted(order) and len({p.article_id for p in chosen}) == 3


def test_german_is_estimated_at_more_tokens_per_character_than_english():
    passage = Passage("a#p0", "a", 0, 0, 100, "x" * 100)
    assert estimated_tokens(passage, "de") > estimated_tokens(passage, "en")
    assert estimated_tokens(passage) == estimated_tokens(passage, "de")  # unknown: the safe side


def test_articles_are_read_in_turns_so_a_very_long_one_leaves_room_for_the_others():
    rng = random.Random(7)
    cluster, passages = made_cluster([[filler(rng) for _ in range(n)] for n in (20, 5000, 30)], outlets=3)
    read = read_in_turns(cluster, passages, MAX_READ)
    assert len(read) == MAX_READ
    per_article = {article.id: sum(p.article_id == article.id for p in read) for article in cluster.articles}
    assert per_article == {"a0": 20, "a1": MAX_READ - 50, "a2": 30}


def test_a_200_article_cluster_of_long_articles_is_ranked_within_bounds(monkeypatch):
    rng = random.Random(3)
    texts = [[NATO_EN[k % 4]] + [filler(rng) for _ in range(59)] for k in range(200)]  # 12,000 sentences
    cluster, passages = made_cluster(texts, outlets=12)
    stemmed, ranked = [], []
    monkeypatch.setattr(context, "terms", lambda text, language: stemmed.append(text) or text.split())
    rank = context.select_passages
    monkeypatch.setattr(context, "select_passages", lambda pool, *rest: ranked.append(len(pool)) or rank(pool, *rest))

    chosen = prompt_passages(cluster, passages, DEFAULT_BUDGET)

    assert len(stemmed) == MAX_READ  # read: 15 sentences of every article, not 60
    assert ranked == [MAX_POOL]  # ranked: at most MAX_POOL candidates
    assert cost(chosen) <= DEFAULT_BUDGET
    assert len(outlets_heard(cluster, chosen)) == 12


def test_an_article_without_statements_still_offers_its_first_passage():
    cluster, passages = made_cluster([["Rail strike", "ends soon"], LEADS[:2]], outlets=2)
    chosen = prompt_passages(cluster, passages, DEFAULT_BUDGET)
    assert {p.text for p in chosen} == {"Rail strike", *LEADS[:2]}


def watch_prompt_passages(context_tokens: int | None) -> tuple[list[str], int, int]:
    """The passages the example brief's what-to-watch prompt shows, its budget, and its topics."""
    from builders import EXAMPLES
    from openai_script import PASSAGE, ScriptedOpenAI, faithful_model

    from briefing.pipeline import build_brief
    from briefing.settings import Settings

    with ScriptedOpenAI(default=faithful_model) as server:
        llm = LLMSettings(base_url=server.base_url, model="scripted", cache=None, context_tokens=context_tokens)
        brief = build_brief([EXAMPLES / "articles"], Settings(), llm)
        watch = [r.json for r in server.requests if "watch next" in r.json["messages"][0]["content"]]
    return [text for _, text in PASSAGE.findall(watch[0]["messages"][1]["content"])], llm.passage_tokens, len(
        brief.sections
    )


def test_what_to_watch_reads_within_the_prompt_s_passage_budget():
    from types import SimpleNamespace

    from briefing.summarise.llm.summariser import WATCH_MIN_TOKENS_PER_TOPIC

    small, budget, topics = watch_prompt_passages(600)
    share = max(budget // topics, WATCH_MIN_TOKENS_PER_TOPIC)
    lead = max(estimated_tokens(SimpleNamespace(text=text)) for text in small)  # a topic's lead is always shown
    assert small and sum(estimated_tokens(SimpleNamespace(text=text)) for text in small) <= (share + lead) * topics
    default, _, _ = watch_prompt_passages(None)
    assert len(default) > len(small)  # the default budget (the window less the reserve) shows more
