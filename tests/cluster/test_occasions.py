"""Two occasions of one kind of event kept apart at the event level (briefing/cluster/occasions.py)."""

import numpy as np
import pytest
from builders import build_article

from briefing.cluster.events import (
    EventClusterer,
    default_signals,
    event_similarity,
    keep_close_reports,
    rejoin_lone_articles,
)
from briefing.cluster.linkage import average_link
from briefing.cluster.occasions import contrast, counts_apart, names_apart, opening_features, read_opening
from briefing.cluster.short_texts import ShortTextBar
from briefing.cluster.signals import LexicalSignal, NameSignal, article_features, pair_similarity

# One champion, two fights: two reports of each (made up).
MILLER = [
    ("Petrov keeps heavyweight title against Miller",
     "Champion Ivan Petrov stopped Tom Miller in round 6 in Hamburg on Saturday to keep the heavyweight title. "
     "Miller, a former sparring partner from Leeds, took two counts before the referee waved it off. "
     "Petrov said he wanted a unification bout next."),
    ("Miller beaten in Hamburg as Petrov defends belt",
     "Tom Miller could not take the belt from Ivan Petrov in Hamburg on Saturday night, losing in round 6. "
     "The Leeds fighter was floored twice and the referee stopped it. "
     "A unification bout is next for Petrov, his promoter said."),
]  # fmt: skip
REYES = [
    ("Petrov keeps heavyweight title against Reyes",
     "Champion Ivan Petrov stopped Carlos Reyes in round 9 in Vienna to keep the heavyweight title. "
     "Reyes, a late substitute from Madrid, had never been stopped before. "
     "Petrov dedicated the win to his late trainer."),
    ("Reyes stopped in Vienna, Petrov still champion",
     "Carlos Reyes lasted until round 9 against Ivan Petrov in Vienna before the referee stepped in. "
     "The substitute from Madrid had taken the fight on two weeks notice. "
     "Petrov remains heavyweight champion."),
]  # fmt: skip


def fights(published: list[str | None] | None = None) -> list:
    published = published or [None] * 4
    return [
        build_article(text, id=f"fight-{k}", title=title, published=published[k])
        for k, (title, text) in enumerate(MILLER + REYES)
    ]


def all_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.triu_indices(n, k=1)
    return rows.astype(np.int64), cols.astype(np.int64)


def taken(articles) -> np.ndarray:
    """What the contrast takes off each pair (i < j, in order) of `articles`."""
    rows, cols = all_pairs(len(articles))
    features = article_features(articles, [LexicalSignal(), NameSignal()])
    return contrast(opening_features(articles), features, rows, cols)


def test_the_opening_is_read_after_the_title_and_counts_come_with_what_they_count():
    article = build_article(
        "Navy Captures 26 Pirates. The navy captured 26 pirates off Aden on Friday, a spokesman in Mumbai said.",
        title="Navy Captures 26 Pirates",
    )
    opening = read_opening(article)
    assert {"aden", "mumbai", "#26"} <= opening.names and "captures" not in opening.names  # title left out
    assert "pirat" in opening.units and opening.counts == {"#26"}
    assert opening.names <= opening.mentioned


# The fights are told in 45–55 words each, which short_texts.py would hold to lower bars:
# these tests are about the contrast alone.
AS_FULL_TEXTS = (ShortTextBar(0, 1, 1.0),) * 2


def test_two_fights_of_one_champion_are_two_events_of_one_story():
    articles = fights()
    clusterer = EventClusterer(default_signals("none"), short_text_bars=AS_FULL_TEXTS)
    rows, cols = all_pairs(4)
    plain = pair_similarity(article_features(articles, clusterer.signals), rows, cols)
    assert average_link(4, rows, cols, plain, clusterer.threshold) == [[0, 1, 2, 3]]  # alike without the contrast
    events, stories = clusterer.group_stories(articles)
    assert events == [[0, 1], [2, 3]] and stories[0] == stories[1]


def test_reports_of_one_fight_lose_nothing_and_reports_of_two_lose_the_most():
    apart = dict(zip(zip(*all_pairs(4)), taken(fights())))
    assert apart[0, 1] == apart[2, 3] == 0.0
    assert min(apart[0, 2], apart[0, 3], apart[1, 2], apart[1, 3]) > 0.1


def test_time_tells_when_both_are_dated_and_the_contrast_reads_nothing():
    dated = fights(["2025-03-01T22:00", "2025-03-02T08:00", "2025-09-13T22:00", "2025-09-14T09:00"])
    assert not taken(dated).any()
    features = article_features(dated, [LexicalSignal(), NameSignal()])
    rows, cols = all_pairs(4)
    similarity = pair_similarity(features, rows, cols)
    assert event_similarity(dated, features, rows, cols, similarity) is similarity
    one_undated = fights(["2025-03-01T22:00", "2025-03-02T08:00", None, "2025-09-14T09:00"])
    assert taken(one_undated)[1] > 0  # Miller (dated) against Reyes (undated)


def test_nothing_is_taken_across_languages():
    german = build_article(
        "Titelverteidiger Ivan Petrov hat Tom Miller in Hamburg in Runde 6 besiegt.", id="de", language="de"
    )
    english = build_article("Champion Ivan Petrov stopped Carlos Reyes in round 9 in Vienna.", id="en")
    assert taken([german, english]).tolist() == [0.0]


def test_counts_of_one_thing_that_differ_set_reports_apart_unless_one_mentions_the_other():
    captured = "The navy captured {} pirates in the Gulf of Aden, officials said."
    articles = [
        build_article(captured.format(23), id="first"),
        build_article(captured.format(26), id="second"),
        build_article(captured.format(26) + " An earlier raid caught 23.", id="later"),
    ]
    openings = opening_features(articles)
    first, second = np.array([0, 0]), np.array([1, 2])
    assert counts_apart(openings, first, second).tolist() == [1.0, 0.0]


def test_a_german_club_sacking_two_coaches_is_two_occasions():
    sacked = [
        ("Der FC Nordhafen hat Trainer Klaus Berger nach der Niederlage gegen Lübeck entlassen. "
         "Berger war seit dem Sommer im Amt, Sportchef Jens Ohlsen dankte ihm."),
        ("Der FC Nordhafen trennt sich von Trainer Klaus Berger. Nach dem 0:3 in Lübeck zog "
         "Sportchef Jens Ohlsen die Konsequenzen."),
        ("Der FC Nordhafen hat Trainer Uwe Kramer nach der Niederlage gegen Kiel entlassen. "
         "Kramer war seit dem Winter im Amt, Präsidentin Anna Rüther dankte ihm."),
    ]  # fmt: skip
    articles = [build_article(text, id=f"de-{k}", language="de") for k, text in enumerate(sacked)]
    same, other_coach, _ = taken(articles)
    assert same < 0.1 < other_coach


def test_an_opening_without_names_says_nothing_apart():
    articles = [build_article("no names here, only words.", id="plain"), build_article(MILLER[0][1], id="named")]
    assert names_apart(opening_features(articles), np.array([0]), np.array([1])).tolist() == [0.0]


def test_a_lone_article_rejoins_the_event_it_is_most_like_if_the_plain_mean_reaches_the_threshold():
    events = [[0, 1], [2], [3], [4, 5]]
    rows, cols = np.array([0, 1, 2, 3, 2]), np.array([2, 2, 3, 4, 4])
    similarity = np.array([0.6, 0.4, 0.9, 0.3, 0.2])
    # 2: mean 0.5 to [0, 1], 0.1 to [4, 5] (another lone article does not count); 3: 0.15 to [4, 5]
    assert rejoin_lone_articles(events, rows, cols, similarity, 0.46) == [[0, 1, 2], [3], [4, 5]]
    assert rejoin_lone_articles(events, rows, cols, similarity, 0.55) == events


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_articles_need_no_contrast(n):
    events, stories = EventClusterer(default_signals("none")).group_stories(fights()[:n])
    assert events == [[index] for index in range(n)] and stories == list(range(n))


def test_a_single_report_stays_in_a_story_of_larger_events_only_when_close_to_one_of_their_reports():
    events = [[0, 1], [2], [3], [4], [5, 6]]
    stories = [0, 0, 0, 1, 1]  # 2 and 3 are single reports of story 0; 4 a single report of story 1
    rows, cols = np.array([0, 1, 0, 1, 3, 4, 4]), np.array([2, 2, 3, 3, 5, 5, 6])
    similarity = np.array([0.5, 0.4, 0.3, 0.3, 0.9, 0.4, 0.36])
    # 2: 0.5 to report 0; 3: 0.3 at most (its 0.9 to report 5 is another story's); 4: 0.4 to report 5
    assert keep_close_reports(events, stories, rows, cols, similarity, 0.4) == [0, 0, 2, 1, 1]
    assert keep_close_reports(events, stories, rows, cols, similarity, 0.46) == [0, 0, 2, 3, 1]
