from builders import NATO_EN, build_article, story

from briefing.cluster.topics import describe_cluster
from briefing.summarise.llm.context import estimated_tokens, prompt_passages
from briefing.summarise.segment import segment_articles


def big_cluster(articles: int, outlets: int):
    members = [
        build_article(story(NATO_EN, k % len(NATO_EN), 4) + f" Report number {k} adds detail {k}.", id=f"a{k}",
                      source=f"Outlet {k % outlets}")
        for k in range(articles)
    ]  # fmt: skip
    return describe_cluster(members, None), segment_articles(members)


def test_a_200_article_cluster_fits_its_budget_and_every_outlet_is_heard():
    cluster, passages = big_cluster(200, outlets=12)
    chosen = prompt_passages(cluster, passages, budget_tokens=3000)
    assert sum(estimated_tokens(p) for p in chosen) <= 3000
    outlets = {next(a.source for a in cluster.articles if a.id == p.article_id) for p in chosen}
    assert len(outlets) == 12
    assert len({p.text for p in chosen}) == len(chosen)  # no sentence twice


def test_a_tight_budget_still_gives_the_best_passages_it_can():
    cluster, passages = big_cluster(20, outlets=3)
    chosen = prompt_passages(cluster, passages, budget_tokens=200)
    assert chosen and sum(estimated_tokens(p) for p in chosen) <= 200
