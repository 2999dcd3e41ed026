import io
import logging
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from builders import BERLIN, build_article
from pypdf import PdfReader

from briefing.models import SourceRef, Timeline
from briefing.output.timeline import (
    MAX_DAILY_BINS,
    MAX_OUTLET_ROWS,
    OTHER_OUTLETS,
    UNKNOWN_OUTLET,
    sparkline,
    timeline_of,
    timeline_svg,
    timeline_text,
    timeline_trend,
)

DAY = date(2025, 12, 2)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_OUTLET = "<script>alert('x')</script>\" onload=\"alert(1)\" " + "Sehr lange Zeitung " * 40


def at(published: str, source: str | None = "Reuters", id: str | None = None, **fields):
    return build_article("Text.", id=id or f"{source}-{published}", published=published, source=source, **fields)


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def hand_built(totals: list[int], outlet: str = "dpa") -> Timeline:
    """A one-day timeline in 3-hour bins, all articles from one outlet."""
    starts = [berlin("2025-12-02T00:00") + timedelta(hours=3 * k) for k in range(len(totals))]
    return Timeline(starts=starts, end=starts[-1] + timedelta(hours=3), counts={outlet: totals})


# counting


def test_each_article_counts_once_per_outlet_its_duplicates_at_their_own_time():
    article = at("2025-12-02T07:10", "Reuters", id="a1")
    article.duplicates = [
        SourceRef("d1", "dpa", published=berlin("2025-12-02T13:05")),
        SourceRef("d2", "Reuters", published=berlin("2025-12-02T19:00")),  # Reuters again: counted once, earliest
        SourceRef("d3", None, published=berlin("2025-12-02T22:00")),
        SourceRef("d4", "AFP"),  # undated
    ]
    other = at("2025-12-02T14:00", "dpa", id="a2")
    timeline = timeline_of([article, other, article], DAY, DAY, BERLIN)  # a1 listed twice: once
    assert timeline is not None
    assert timeline.counts == {
        "dpa": [0, 0, 0, 0, 2, 0, 0, 0],
        "Reuters": [0, 0, 1, 0, 0, 0, 0, 0],
        "": [0, 0, 0, 0, 0, 0, 0, 1],
    }
    assert timeline.totals == [0, 0, 1, 0, 2, 0, 0, 1]


def test_copies_without_an_outlet_each_count():
    article = at("2025-12-02T07:10", None, id="a1")
    article.duplicates = [SourceRef("d1", None, published=berlin("2025-12-02T08:00"))]
    timeline = timeline_of([article], DAY, DAY, BERLIN)
    assert timeline is not None and timeline.counts == {"": [0, 0, 2, 0, 0, 0, 0, 0]}


def test_times_are_counted_in_the_briefs_timezone():
    late = at("2025-12-02T23:30+00:00", id="late")  # 3 Dec 00:30 in Berlin
    evening = at("2025-12-02T20:30+00:00", id="evening")  # 21:30 in Berlin
    timeline = timeline_of([late, evening], DAY, DAY, BERLIN)
    assert timeline is not None and timeline.counts == {"Reuters": [0, 0, 0, 0, 0, 0, 0, 1]}
    utc = timeline_of([late, evening], DAY, DAY, ZoneInfo("UTC"))
    assert utc is not None and utc.counts == {"Reuters": [0, 0, 0, 0, 0, 0, 1, 1]}


def test_articles_outside_the_range_or_undated_are_left_out():
    articles = [
        at("2025-12-01T23:59", id="before"),
        at("2025-12-02T10:00", id="inside"),
        at("2025-12-03T00:00", id="after"),
        build_article("Text.", id="undated", source="Reuters"),
    ]
    timeline = timeline_of(articles, DAY, DAY, BERLIN)
    assert timeline is not None and timeline.totals == [0, 0, 0, 1, 0, 0, 0, 0]


def test_no_timeline_without_a_dated_article_in_the_range():
    undated = build_article("Text.", id="undated", source="Reuters")
    assert timeline_of([undated], DAY, DAY, BERLIN) is None
    assert timeline_of([undated], None, None, BERLIN) is None
    assert timeline_of([], DAY, DAY, BERLIN) is None
    assert timeline_of([at("2025-11-20T10:00")], DAY, DAY, BERLIN) is None


# bins


def bins_for(date_from: date, date_to: date) -> Timeline:
    timeline = timeline_of([at(f"{date_to}T12:00")], date_from, date_to, BERLIN)
    assert timeline is not None
    return timeline


def test_bins_follow_the_length_of_the_range():
    one_day = bins_for(DAY, DAY)
    assert len(one_day.starts) == 8 and one_day.starts[1] - one_day.starts[0] == timedelta(hours=3)
    assert one_day.starts[0] == berlin("2025-12-02T00:00") and one_day.end == berlin("2025-12-03T00:00")
    two_days = bins_for(DAY, date(2025, 12, 3))
    assert len(two_days.starts) == 8 and two_days.starts[1] - two_days.starts[0] == timedelta(hours=6)
    assert len(bins_for(DAY, date(2025, 12, 4)).starts) == 12
    four_days = bins_for(DAY, date(2025, 12, 5))
    assert len(four_days.starts) == 4 and four_days.starts[1] - four_days.starts[0] == timedelta(days=1)
    month = bins_for(date(2025, 12, 1), date(2025, 12, 31))
    assert len(month.starts) == MAX_DAILY_BINS and month.starts[0] == berlin("2025-12-01T00:00")


def test_a_longer_range_has_bins_of_several_days_ending_with_it():
    exact = bins_for(date(2025, 10, 1), date(2025, 11, 9))  # 40 days: 20 bins of 2
    assert len(exact.starts) == 20 and exact.starts[0] == berlin("2025-10-01T00:00")
    assert exact.end == berlin("2025-11-10T00:00")
    uneven = bins_for(date(2025, 10, 1), date(2025, 11, 10))  # 41 days: 21 bins of 2, one day before
    assert len(uneven.starts) == 21 and uneven.starts[0] == berlin("2025-09-30T00:00")
    assert uneven.end == berlin("2025-11-11T00:00")
    year = bins_for(date(2025, 1, 1), date(2025, 12, 31))
    assert len(year.starts) <= MAX_DAILY_BINS


def test_bins_keep_the_wall_clock_on_the_day_clocks_change():
    spring = date(2025, 3, 30)  # 02:00 CET → 03:00 CEST
    timeline = timeline_of([at("2025-03-30T02:30+00:00")], spring, spring, BERLIN)  # 04:30 CEST
    assert timeline is not None
    assert [start.hour for start in timeline.starts] == [0, 3, 6, 9, 12, 15, 18, 21]
    assert timeline.totals == [0, 1, 0, 0, 0, 0, 0, 0]


def test_without_a_range_the_bins_span_the_articles():
    articles = [at("2025-12-02T07:10", id="first"), at("2025-12-02T16:00", id="last")]
    timeline = timeline_of(articles, None, None, BERLIN)
    assert timeline is not None
    assert timeline.starts[0] == berlin("2025-12-02T06:00") and timeline.end == berlin("2025-12-02T18:00")
    assert timeline.totals == [1, 0, 0, 1]
    days = timeline_of([at("2025-12-02T07:10", id="first"), at("2025-12-09T16:00", id="last")], None, None, BERLIN)
    assert days is not None and len(days.starts) == 8
    assert days.starts[0] == berlin("2025-12-02T00:00") and days.end == berlin("2025-12-10T00:00")


def test_an_open_end_is_the_latest_article():
    timeline = timeline_of([at("2025-12-02T16:00")], DAY, None, BERLIN)
    assert timeline is not None
    assert timeline.starts[0] == berlin("2025-12-02T00:00") and timeline.end == berlin("2025-12-02T18:00")


# outlets


def test_outlets_ordered_by_count_the_smallest_summed_as_other_outlets():
    articles = []
    for rank, outlet in enumerate(["A", "B", "C", "D", "E", "F", "G", ""]):
        articles += [at(f"2025-12-02T{10 + k}:00", outlet, id=f"{outlet}{k}") for k in range(8 - rank)]
    timeline = timeline_of(articles, DAY, DAY, BERLIN)
    assert timeline is not None
    assert list(timeline.counts) == ["A", "B", "C", "D", "E", OTHER_OUTLETS]
    assert len(timeline.counts) == MAX_OUTLET_ROWS
    assert sum(timeline.counts[OTHER_OUTLETS]) == 3 + 2 + 1  # F, G and the one not given
    assert sum(timeline.totals) == sum(range(1, 9))


def test_six_outlets_are_shown_one_by_one_the_unknown_last_of_equals():
    articles = [at("2025-12-02T10:00", outlet, id=outlet or "none") for outlet in ["", "F", "E", "D", "C", "B"]]
    timeline = timeline_of(articles, DAY, DAY, BERLIN)
    assert timeline is not None and list(timeline.counts) == ["B", "C", "D", "E", "F", ""]


# the SVG


def hostile_timeline() -> Timeline:
    articles = [
        at("2025-12-02T10:00", HOSTILE_OUTLET, id="h1"),
        at("2025-12-02T11:00", "Out\x00let\x07 \u202eB", id="h2"),
        at("2025-12-02T12:00", None, id="h3"),
        at("2025-12-02T16:00", "Reuters", id="r1"),
    ]
    timeline = timeline_of(articles, DAY, DAY, BERLIN)
    assert timeline is not None
    return timeline


def test_the_svg_is_valid_and_holds_nothing_that_runs_or_fetches():
    svg = timeline_svg(hostile_timeline(), 'NATO <img src=x onerror="alert(2)">')
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg" and 160 <= float(root.get("width", 0)) <= 220
    assert "<script" not in svg and "foreignObject" not in svg and "href" not in svg
    assert "<img" not in svg
    for element in root.iter():
        assert element.tag.startswith(SVG)
        assert element.tag not in (f"{SVG}script", f"{SVG}a", f"{SVG}image", f"{SVG}use", f"{SVG}foreignObject")
        assert not [name for name in element.attrib if name.lower().startswith("on") or "href" in name]
        assert not [value for value in element.attrib.values() if "url(" in value]


def test_the_svg_escapes_outlet_names_and_cuts_long_ones():
    root = ET.fromstring(str(timeline_svg(hostile_timeline(), "Title")))
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    hostile = next(text for text in texts if text.startswith("<script>alert("))
    assert hostile.endswith("…") and len(hostile) < 30
    assert "Out\ufffdlet\ufffd \ufffdB" in texts  # what XML cannot carry, and a bidi override
    assert UNKNOWN_OUTLET in texts and "all outlets" in texts


def test_the_svg_says_what_it_shows_in_one_line():
    svg = timeline_svg(hostile_timeline(), "NATO talks")
    root = ET.fromstring(str(svg))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == root.get("aria-label") and root.get("role") == "img"
    assert title.text.startswith("NATO talks: 4 reports from 3 outlets, 2 Dec 00:00 to 2 Dec 24:00 in 3-hour bins")
    assert title.text.endswith(", Reuters 1, outlet not given 1")
    assert "\n" not in title.text


def test_one_outlet_is_one_row():
    root = ET.fromstring(str(timeline_svg(hand_built([0, 1, 3, 0, 0, 0, 0, 0]), "")))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["4", "dpa", "2 Dec 00:00", "2 Dec 24:00"]


class RefuseEverything:
    """An URL fetcher that notes what it was asked for and gives nothing."""

    def __init__(self):
        self.asked = []

    def __call__(self, url, *args, **kwargs):
        self.asked.append(url)
        raise ValueError(f"refused {url}")

    def fetch(self, url, *args, **kwargs):
        return self(url)


def test_the_svg_renders_in_a_pdf(caplog):
    from weasyprint import HTML

    svg = timeline_svg(hostile_timeline(), "NATO talks")
    html = f'<!DOCTYPE html><html lang="en"><body><p>Coverage</p>{svg}<p>Next</p></body></html>'
    fetcher = RefuseEverything()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert fetcher.asked == []
    assert not [record for record in caplog.records if record.name.startswith("weasyprint")]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Reuters" in text and "all outlets" in text and "2 Dec 24:00" in text


# the text form and the trend


def test_the_text_form_shows_the_bins_the_articles_and_the_peak():
    timeline = hand_built([0, 1, 2, 3, 6, 1, 0, 1])
    assert timeline_text(timeline) == "2 Dec 00:00 ▁▃▄▅█▃▁▃ 2 Dec 24:00 · 14 reports, peak 2 Dec 12:00–15:00 · peaked"
    assert timeline_text(hand_built([0, 0, 0, 0, 0, 0, 0, 1])).endswith("peak 2 Dec 21:00–24:00 · breaking")
    assert timeline_text(hand_built([0, 0])) == "2 Dec 00:00 ▁▁ 2 Dec 06:00 · 0 reports · steady"


def test_the_text_form_of_daily_bins_names_days():
    starts = [berlin("2025-12-01T00:00") + timedelta(days=k) for k in range(5)]
    timeline = Timeline(starts=starts, end=berlin("2025-12-06T00:00"), counts={"dpa": [0, 0, 0, 1, 4]})
    assert timeline_text(timeline) == "1 Dec ▁▁▁▃█ 5 Dec · 5 reports, peak 5 Dec · breaking"


def test_the_text_form_of_a_timeline_of_several_days_per_bin():
    starts = [berlin("2025-11-28T00:00") + timedelta(days=2 * k) for k in range(3)]
    timeline = Timeline(starts=starts, end=berlin("2025-12-04T00:00"), counts={"dpa": [0, 3, 1]})
    assert timeline_text(timeline) == "28 Nov ▁█▄ 3 Dec · 4 reports, peak 30 Nov – 1 Dec · peaked"


def test_sparkline_levels():
    assert sparkline([0, 1, 7, 14]) == "▁▂▅█"  # half the busiest: the fourth of seven levels
    assert sparkline([0, 0]) == "▁▁"


def test_breaking_when_the_last_bins_hold_the_peak():
    assert timeline_trend(hand_built([0, 0, 0, 0, 0, 0, 1, 3])) == "breaking"
    assert timeline_trend(hand_built([1, 1, 2, 2, 3, 3, 4, 4])) == "breaking"
    assert timeline_trend(hand_built([0, 0, 0, 0, 0, 0, 0, 1])) == "breaking"


def test_fading_when_the_peak_is_early_and_the_last_bins_low():
    assert timeline_trend(hand_built([5, 3, 1, 0, 0, 0, 0, 0])) == "fading"
    assert timeline_trend(hand_built([0, 2, 6, 3, 2, 1, 1, 0])) == "fading"


def test_steady_when_no_bin_stands_out():
    assert timeline_trend(hand_built([1, 1, 1, 1, 1, 1, 1, 1])) == "steady"
    assert timeline_trend(hand_built([2, 1, 2, 1, 2, 1, 2, 1])) == "steady"
    assert timeline_trend(hand_built([0, 1, 0, 1, 0, 1, 0, 1])) == "steady"  # the last bins hold the peak, no more
    assert timeline_trend(hand_built([2, 2, 2, 2, 2, 2, 2, 3])) == "steady"  # one more at the end is not news
    assert timeline_trend(hand_built([0, 0, 0, 0, 0, 0, 0, 0])) == "steady"


def test_peaked_otherwise():
    assert timeline_trend(hand_built([0, 0, 1, 3, 6, 3, 1, 0])) == "peaked"
    assert timeline_trend(hand_built([0, 0, 0, 6, 0, 0, 0, 2])) == "peaked"
    assert timeline_trend(hand_built([4, 1, 0, 0, 0, 1, 2, 2])) == "peaked"  # an early peak, still reported
