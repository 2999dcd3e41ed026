from datetime import date

import pytest
from builders import build_article

from briefing.cluster.window import select_articles
from briefing.errors import UsageError
from briefing.models import RunReport
from briefing.settings import Settings

ARTICLES = [
    build_article("a", id="late-evening", published="2025-12-01T23:30:00+01:00"),
    build_article("b", id="utc-next-day", published="2025-12-01T23:30:00+00:00"),  # 00:30 in Berlin
    build_article("c", id="last-day", published="2025-12-03T23:59:00"),
    build_article("d", id="after", published="2025-12-04T00:00:00"),
    build_article("e", id="undated"),
]


def ids(settings: Settings) -> tuple[list[str], RunReport]:
    report = RunReport()
    return [a.id for a in select_articles(ARTICLES, settings, report)], report


def test_days_are_inclusive_and_read_in_the_configured_timezone():
    selected, report = ids(Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 3)))
    assert selected == ["utc-next-day", "last-day"]
    assert report.out_of_range == 2 and report.undated_left_out == ["undated"]
    assert report.articles_selected == 2


def test_the_same_instant_falls_on_another_day_in_another_timezone():
    selected, _ = ids(Settings(timezone="UTC", date_from=date(2025, 12, 2), date_to=date(2025, 12, 3)))
    assert selected == ["last-day", "after"]


def test_without_a_range_every_article_is_selected_dated_or_not():
    selected, report = ids(Settings())
    assert len(selected) == len(ARTICLES) and not report.undated_left_out


def test_from_after_to_is_a_usage_error():
    with pytest.raises(UsageError, match="after"):
        ids(Settings(date_from=date(2025, 12, 4), date_to=date(2025, 12, 2)))


def test_topics_and_single_reports_past_the_limits_are_named_not_dropped():
    from briefing.cluster.topics import cap_topics
    from briefing.models import Cluster

    clusters = [Cluster(f"c{k}", [build_article("x", id=f"t{k}a"), build_article("x", id=f"t{k}b")], label=f"T{k}") for k in range(3)]
    single = [build_article("x", id=f"s{k}") for k in range(4)]
    report = RunReport()
    shown, further = cap_topics(clusters, single, Settings(max_topics=1, max_further_reports=2), report)
    assert [c.id for c in shown] == ["c0"] and [a.id for a in further] == ["s0", "s1"]
    assert report.topics_not_shown == ["T1", "T2"]
    assert report.articles_not_shown == ["t1a", "t1b", "t2a", "t2b"] and report.further_not_shown == ["s2", "s3"]
    assert cap_topics(clusters, single, Settings(max_topics=None, max_further_reports=None), RunReport()) == (clusters, single)
