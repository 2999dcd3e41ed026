"""Coverage at a glance: a story's reports per outlet over the brief's range (an article
and each merged copy of it, at its own outlet and time).

`timeline_of` counts them in equal bins (`Timeline`); `timeline_svg` draws one as a small
inline SVG for HTML and PDF, `timeline_text` as one line of block characters for Markdown,
and `timeline_trend` names its shape: breaking, fading, steady or peaked.

Bins follow the wall clock of the brief's timezone: a one-day brief has eight 3-hour bins
from midnight to midnight, on the day clocks change too (then one bin is an hour shorter or
longer). Outlet names come from feeds: the SVG escapes them, drops what XML cannot carry and
cuts them to fit; the text form prints none.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from briefing.models import Article, Timeline

# Bin sizes by the range's length: about 8–12 bins, enough to tell morning from evening
# news without leaving most bins empty for a story of a dozen articles.
ONE_DAY = timedelta(days=1)
FEW_DAYS = timedelta(days=3)
ONE_DAY_BIN = timedelta(hours=3)  # a range of up to a day: 8 bins (divides 24 hours)
FEW_DAYS_BIN = timedelta(hours=6)  # up to three days: 8–12 bins (divides 24 hours)
DAY_BIN = timedelta(days=1)  # longer ranges: a bin a day …
MAX_DAILY_BINS = 31  # … up to a month; beyond, bins of whole days, at most this many
MAX_OUTLET_ROWS = 6  # outlets shown one by one; past this many, the smallest are summed
OTHER_OUTLETS = "other outlets"  # the row of the outlets summed
UNKNOWN_OUTLET = "outlet not given"  # how the outlet "" (an article without source) is shown

# The shape (`timeline_trend`), read from the totals per bin.
BREAKING, FADING, STEADY, PEAKED = "breaking", "fading", "steady", "peaked"
TAIL_SHARE = 0.25  # "the last bins": the last quarter of them, rounded up (2 of 8, 3 of 12)
RISING_RATIO = 1.25  # breaking: the last bins average a quarter more than the whole range
FADING_RATIO = 0.5  # fading: the last bins average at most half of the whole range
STEADY_PEAK_RATIO = 2.0  # steady: no bin holds more than twice the average

SPARK_ZERO = "▁"  # an empty bin in the text form: the baseline
SPARK_LEVELS = "▂▃▄▅▆▇█"  # a bin with articles, by its share of the busiest bin

# The SVG, in px. Bars on the left, then each row's count and outlet: a name too long for
# its column is cut (and squeezed to it), never drawn over the bars or past the edge.
SVG_WIDTH = 220
PLOT_WIDTH = 118  # the bars
COUNT_RIGHT = PLOT_WIDTH + 18  # where the counts end (right-aligned: four digits fit)
NAME_X = COUNT_RIGHT + 3  # where the names begin
NAME_WIDTH = SVG_WIDTH - NAME_X  # 81 px: about 18 characters at FONT_SIZE
TOTAL_ROW_HEIGHT = 20  # all outlets together: the shape at a glance
OUTLET_ROW_HEIGHT = 9  # one outlet
ROW_GAP = 3
AXIS_HEIGHT = 9  # the first and last bin's labels under the bars
FONT_SIZE = 7
AXIS_FONT_SIZE = 6.5
FONT_FAMILY = "DejaVu Sans, sans-serif"  # as brief.css: it carries umlauts and most scripts
MIN_BAR_HEIGHT = 1  # a bin with one article among hundreds still shows
MAX_BAR_GAP = 1  # between two bars; less when bins are narrow
TOTAL_COLOUR = "#1a4f8b"  # brief.css's link colour
OUTLET_COLOUR = "#7d9cc4"
MUTED_COLOUR = "#a3a3a3"  # "other outlets" and "outlet not given"
BASELINE_COLOUR = "#c9c9c9"
TEXT_COLOUR = "#444444"
# Widths of DejaVu Sans glyphs in em, generously rounded up, for cutting names to fit.
WIDE_CHAR_EM = 1.0  # East Asian wide and full-width characters, emoji
UPPER_CHAR_EM = 0.75
OTHER_CHAR_EM = 0.62
MAX_SUMMARY_NAME = 60  # characters of an outlet's name in the accessible summary
MAX_SUMMARY_TITLE = 200  # characters of the section's title there

# What XML 1.0 cannot carry (C0 controls, surrogates, U+FFFE/U+FFFF) and what misleads a
# reader (C1 controls, bidi overrides): shown as U+FFFD.
NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)

Mention = tuple[str, datetime]  # an outlet ("" when not given) carrying an article, and when


def timeline_of(
    articles: Sequence[Article], date_from: date | None, date_to: date | None, tz: ZoneInfo
) -> Timeline | None:
    """The articles per outlet in equal bins over the brief's range in `tz`: from the start
    of `date_from` to the end of `date_to`; an open end is the earliest or latest article.
    Each article counts once per outlet that carried it (its merged duplicates at their own
    time), undated ones and those outside the range not at all. The busiest outlets come
    first, at most `MAX_OUTLET_ROWS` rows. None when no article in the range is dated."""
    mentions = [
        mention
        for copies in dated_copies(articles, tz)
        for mention in once_per_outlet([copy for copy in copies if within_days(copy[1], date_from, date_to)])
    ]
    if not mentions:
        return None
    first = min((when for _, when in mentions), key=datetime.timestamp)
    last = max((when for _, when in mentions), key=datetime.timestamp)
    start = day_start(date_from, tz) if date_from else first
    stop = day_start(date_to + ONE_DAY, tz) if date_to else last
    starts, end = bins_over(start, stop, closed_end=date_to is not None)
    counts = counts_per_outlet(mentions, starts, end)
    return Timeline(starts=starts, end=end, counts=busiest_outlets(counts)) if counts else None


def dated_copies(articles: Sequence[Article], tz: ZoneInfo) -> list[list[Mention]]:
    """Per article, its dated copies (itself and its merged duplicates) as (outlet, time in
    `tz`); an article id met twice counts the first time only."""
    seen: set[str] = set()
    groups = []
    for article in articles:
        copies = [(article.id, article.source, article.published)]
        copies += [(ref.article_id, ref.source, ref.published) for ref in article.duplicates]
        group = []
        for article_id, source, published in copies:
            if article_id in seen:
                continue
            seen.add(article_id)
            if published is not None:
                group.append((source or "", in_zone(published, tz)))
        groups.append(group)
    return groups


def in_zone(when: datetime, tz: ZoneInfo) -> datetime:
    """`when` in `tz`; a time without a zone is taken to be in it."""
    return when.astimezone(tz) if when.tzinfo else when.replace(tzinfo=tz)


def once_per_outlet(copies: list[Mention]) -> list[Mention]:
    """One article's copies, each known outlet once (at its earliest); copies without an
    outlet each count, as they may come from different outlets."""
    earliest: dict[str, datetime] = {}
    unknown = []
    for outlet, when in copies:
        if not outlet:
            unknown.append((outlet, when))
        elif outlet not in earliest or when.timestamp() < earliest[outlet].timestamp():
            earliest[outlet] = when
    return [*earliest.items(), *unknown]


def within_days(when: datetime, date_from: date | None, date_to: date | None) -> bool:
    """Whether `when` (already in the brief's timezone) falls on the range's days, as
    `cluster/window.py` selects articles."""
    day = when.date()
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """Midnight at the start of `day` in `tz`."""
    return datetime.combine(day, time(), tzinfo=tz)


def bin_size(length: timedelta) -> timedelta:
    """The bin for a range this long (on the wall clock): 3 hours up to a day, 6 hours up
    to three days, a day beyond (`bins_over` widens it past `MAX_DAILY_BINS`)."""
    if length <= ONE_DAY:
        return ONE_DAY_BIN
    return FEW_DAYS_BIN if length <= FEW_DAYS else DAY_BIN


def bins_over(start: datetime, stop: datetime, closed_end: bool) -> tuple[list[datetime], datetime]:
    """The starts of equal bins from `start` to `stop`, and where the last one ends. Bins of
    hours begin on a multiple of their size, bins of days at midnight. `closed_end`: `stop`
    is the range's end (a midnight), else the last article's time, which the bins cover.
    Past `MAX_DAILY_BINS` days a bin holds several days, counted back from the end, so the
    first bin may begin before the range."""
    step = bin_size(wall(stop) - wall(start))
    if step < DAY_BIN:
        first = floor_to(start, step)
        end = stop if closed_end else floor_to(stop, step) + step
        return [first + k * step for k in range(math.ceil((wall(end) - wall(first)) / step))], end
    end = stop if closed_end else floor_to(stop, DAY_BIN) + DAY_BIN
    days = (end.date() - start.date()).days
    width = math.ceil(days / MAX_DAILY_BINS)
    count = math.ceil(days / width)
    return [end - (count - k) * width * DAY_BIN for k in range(count)], end


def wall(when: datetime) -> datetime:
    """`when` as its wall clock shows it: arithmetic on it counts 23 and 25-hour days as days."""
    return when.replace(tzinfo=None)


def floor_to(when: datetime, step: timedelta) -> datetime:
    """The start of the `step` (hours that divide a day, or a day) that holds `when`."""
    hours = 24 if step >= DAY_BIN else int(step / timedelta(hours=1))
    return when.replace(hour=when.hour - when.hour % hours, minute=0, second=0, microsecond=0, fold=0)


def counts_per_outlet(mentions: list[Mention], starts: list[datetime], end: datetime) -> dict[str, list[int]]:
    """Outlet → its articles per bin; times outside the bins are not counted."""
    edges = [start.timestamp() for start in starts] + [end.timestamp()]
    counts: dict[str, list[int]] = {}
    for outlet, when in mentions:
        index = bisect_right(edges, when.timestamp()) - 1
        if 0 <= index < len(starts):
            counts.setdefault(outlet, [0] * len(starts))[index] += 1
    return counts


def busiest_outlets(counts: dict[str, list[int]]) -> dict[str, list[int]]:
    """The outlets by articles, most first (then by name, "" last); past `MAX_OUTLET_ROWS`
    the smallest summed as `OTHER_OUTLETS`, the last row (with an outlet of that name)."""
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0] == "", item[0].casefold(), item[0]))
    if len(ordered) <= MAX_OUTLET_ROWS:
        return dict(ordered)
    kept = dict(ordered[: MAX_OUTLET_ROWS - 1])
    folded = [row for _, row in ordered[MAX_OUTLET_ROWS - 1 :]]
    if OTHER_OUTLETS in kept:
        folded.append(kept.pop(OTHER_OUTLETS))
    kept[OTHER_OUTLETS] = [sum(column) for column in zip(*folded)]
    return kept


def timeline_trend(timeline: Timeline) -> str:
    """The shape of the totals per bin, with "the last bins" the last quarter of them:
    `breaking` when the busiest bin (the latest of equals) is among the last bins and they
    average more than `RISING_RATIO` times the whole range; else `fading` when the busiest bin
    (the earliest of equals) lies in the first half and the last bins average at most
    `FADING_RATIO` times the whole range; else `steady` when no bin holds more than
    `STEADY_PEAK_RATIO` times the average (so too a timeline without articles); else `peaked`."""
    totals = timeline.totals
    if not totals or not sum(totals):
        return STEADY
    average = sum(totals) / len(totals)
    tail = max(1, math.ceil(len(totals) * TAIL_SHARE))
    tail_average = sum(totals[-tail:]) / tail
    peak = max(totals)
    busiest = [index for index, count in enumerate(totals) if count == peak]
    if busiest[-1] >= len(totals) - tail and tail_average > RISING_RATIO * average:
        return BREAKING
    if busiest[0] < len(totals) / 2 and tail_average <= FADING_RATIO * average:
        return FADING
    return STEADY if peak <= STEADY_PEAK_RATIO * average else PEAKED


def timeline_text(timeline: Timeline) -> str:
    """One line for Markdown: `2 Dec 00:00 ▁▃█▅▂▁▁▁ 2 Dec 24:00 · 14 reports, peak 2 Dec
    06:00–09:00 · fading` (a block per bin over all outlets, scaled to the busiest)."""
    first, last = range_labels(timeline)
    totals = timeline.totals
    text = f"{first} {sparkline(totals)} {last} · {count_of(sum(totals), 'report')}"
    peak = peak_bin(timeline)
    if peak is not None:
        text += f", peak {bin_label(*bin_bounds(timeline, peak))}"
    return f"{text} · {timeline_trend(timeline)}"


def sparkline(counts: list[int]) -> str:
    """A block character per bin: `SPARK_ZERO` when empty, else by its share of the busiest."""
    peak = max(counts, default=0)
    levels = len(SPARK_LEVELS)
    return "".join(SPARK_LEVELS[math.ceil(count / peak * levels) - 1] if count else SPARK_ZERO for count in counts)


def peak_bin(timeline: Timeline) -> int | None:
    """The bin with the most articles over all outlets (the latest of equals); None when
    there are none."""
    totals = timeline.totals
    if not totals or not max(totals):
        return None
    peak = max(totals)
    return max(index for index, count in enumerate(totals) if count == peak)


def bin_bounds(timeline: Timeline, index: int) -> tuple[datetime, datetime]:
    """Where bin `index` begins and ends."""
    stops = [*timeline.starts[1:], timeline.end]
    return timeline.starts[index], stops[index]


def bin_width(timeline: Timeline) -> timedelta:
    """The length of a bin on the wall clock (of the first; all are equal)."""
    if not timeline.starts:
        return timedelta(0)
    start, stop = bin_bounds(timeline, 0)
    return wall(stop) - wall(start)


def hourly(timeline: Timeline) -> bool:
    """Whether its bins are hours (else whole days)."""
    return bin_width(timeline) < DAY_BIN


def range_labels(timeline: Timeline) -> tuple[str, str]:
    """What the first and the last bin show: `2 Dec 00:00` and `3 Dec 24:00` for bins of
    hours (where they begin and end), `2 Dec` and `9 Dec` (the days) for bins of days."""
    if not timeline.starts:
        return "", ""
    if hourly(timeline):
        return moment_label(timeline.starts[0]), end_label(timeline.end)
    return day_label(timeline.starts[0].date()), day_label(last_day(timeline.end))


def bin_label(start: datetime, stop: datetime) -> str:
    """A bin: `2 Dec 12:00–15:00`, `2 Dec 21:00–24:00`; `3 Dec`, `3–4 Dec`, `30 Nov – 1 Dec`."""
    if wall(stop) - wall(start) < DAY_BIN:
        if last_day(stop) == start.date():
            return f"{day_label(start.date())} {start:%H:%M}–{clock_label(stop)}"
        return f"{moment_label(start)} – {end_label(stop)}"
    first, last = start.date(), last_day(stop)
    if first == last:
        return day_label(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{day_label(last)}"
    return f"{day_label(first)} – {day_label(last)}"


def day_label(day: date) -> str:
    """`2 Dec`."""
    return f"{day.day} {day:%b}"


def moment_label(when: datetime) -> str:
    """`2 Dec 06:00`."""
    return f"{day_label(when.date())} {when:%H:%M}"


def end_label(when: datetime) -> str:
    """Where something ends: `2 Dec 18:00`; midnight as the end of the day before, `2 Dec 24:00`."""
    return f"{day_label(last_day(when))} {clock_label(when)}"


def clock_label(when: datetime) -> str:
    """The time of an end: `15:00`, midnight `24:00`."""
    return "24:00" if (when.hour, when.minute, when.second) == (0, 0, 0) else f"{when:%H:%M}"


def last_day(end: datetime) -> date:
    """The last day something that ends at `end` covers: the day before at midnight."""
    return (wall(end) - timedelta(microseconds=1)).date()


def bin_name(timeline: Timeline) -> str:
    """`3-hour`, `daily`, `2-day`."""
    width = bin_width(timeline)
    if width < DAY_BIN:
        return f"{width / timedelta(hours=1):g}-hour"
    return "daily" if width == DAY_BIN else f"{width / DAY_BIN:g}-day"


def count_of(number: int, noun: str) -> str:
    """`1 article`, `14 articles`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def outlet_label(outlet: str) -> str:
    """An outlet as shown: `outlet not given` for "", its name made printable otherwise."""
    return printable(outlet) if outlet else UNKNOWN_OUTLET


def printable(text: str) -> str:
    """`text` on one line, without what XML cannot carry or what misleads a reader."""
    return " ".join(NOT_PRINTABLE.sub("\ufffd", text).split())


def cut(text: str, limit: int) -> str:
    """`text`, at most `limit` characters (the last an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_summary(timeline: Timeline) -> str:
    """One line saying what the timeline shows: `14 articles from 3 outlets, 2 Dec 00:00 to
    2 Dec 24:00 in 3-hour bins, peak 2 Dec 06:00–09:00, fading. Reuters 6, dpa 5, …` (the
    outlets counted are those named; the rows list "outlet not given" and "other outlets")."""
    first, last = range_labels(timeline)
    totals = timeline.totals
    named = [outlet for outlet in timeline.counts if outlet not in ("", OTHER_OUTLETS)]
    text = count_of(sum(totals), "report")
    if named:
        text += f" from {count_of(len(named), 'outlet')}{' and others' if OTHER_OUTLETS in timeline.counts else ''}"
    text += f", {first} to {last} in {bin_name(timeline)} bins"
    peak = peak_bin(timeline)
    if peak is not None:
        text += f", peak {bin_label(*bin_bounds(timeline, peak))}"
    text += f", {timeline_trend(timeline)}."
    rows = [f"{cut(outlet_label(outlet), MAX_SUMMARY_NAME)} {sum(row)}" for outlet, row in timeline.counts.items()]
    return f"{text} {', '.join(rows)}" if rows else text


def timeline_svg(timeline: Timeline, title: str) -> Markup:
    """A small inline SVG: the articles of all outlets per bin, then a row per outlet (one
    row when there is one outlet), each with its count and name; the first and last bin's
    labels beneath. Its `<title>` and `aria-label` say the same in one line. Every text is
    escaped; no script, link or external reference."""
    rows = svg_rows(timeline)
    height = sum(row_height for _, _, row_height, _ in rows) + ROW_GAP * len(rows) + AXIS_HEIGHT
    heading = cut(printable(title), MAX_SUMMARY_TITLE)
    summary = escape(f"{heading}: {timeline_summary(timeline)}" if heading else timeline_summary(timeline))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="{SVG_WIDTH}" '
        f'height="{height}" viewBox="0 0 {SVG_WIDTH} {height}" aria-label="{summary}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f"<title>{summary}</title>",
    ]
    top = 0
    outlet_scale = max((max(counts, default=0) for _, counts, _, _ in rows[1:]), default=0)  # one for all outlets
    for position, (label, counts, row_height, colour) in enumerate(rows):
        scale = max(counts, default=0) if position == 0 else outlet_scale
        parts.append(svg_row(label, counts, top, row_height, colour, scale))
        top += row_height + ROW_GAP
    parts.append(svg_axis(timeline, top + AXIS_HEIGHT - 2))
    parts.append("</svg>")
    return Markup("".join(parts))


def svg_rows(timeline: Timeline) -> list[tuple[str, list[int], int, str]]:
    """(label, counts, height, colour) per row: all outlets, then each outlet when there
    are several."""
    if len(timeline.counts) == 1:
        outlet, counts = next(iter(timeline.counts.items()))
        return [(outlet_label(outlet), counts, TOTAL_ROW_HEIGHT, TOTAL_COLOUR)]
    rows = [("all outlets", timeline.totals, TOTAL_ROW_HEIGHT, TOTAL_COLOUR)]
    for outlet, counts in timeline.counts.items():
        colour = MUTED_COLOUR if outlet in ("", OTHER_OUTLETS) else OUTLET_COLOUR
        rows.append((outlet_label(outlet), counts, OUTLET_ROW_HEIGHT, colour))
    return rows


def svg_row(label: str, counts: list[int], top: float, height: float, colour: str, scale: int) -> str:
    """One row: a baseline, a bar per bin with articles (scaled so that `scale` fills the
    row), the row's count and its label cut to fit."""
    bottom = top + height
    slot = PLOT_WIDTH / max(len(counts), 1)
    gap = min(MAX_BAR_GAP, slot / 5)
    bars = [
        f'<rect x="{number(index * slot)}" y="{number(bottom - bar)}" width="{number(slot - gap)}" '
        f'height="{number(bar)}" fill="{colour}"/>'
        for index, bar in enumerate(bar_heights(counts, height, scale))
        if bar
    ]
    name, squeezed = fit_text(label, NAME_WIDTH, FONT_SIZE)
    fit = f' textLength="{NAME_WIDTH}" lengthAdjust="spacingAndGlyphs"' if squeezed else ""
    text_y = number(bottom - 1)
    return (
        f"<g><title>{escape(label)}: {escape(count_of(sum(counts), 'report'))}</title>"
        f'<rect x="0" y="{number(bottom - 0.5)}" width="{PLOT_WIDTH}" height="0.5" fill="{BASELINE_COLOUR}"/>'
        + "".join(bars)
        + f'<text x="{COUNT_RIGHT}" y="{text_y}" text-anchor="end">{sum(counts)}</text>'
        f'<text x="{NAME_X}" y="{text_y}"{fit}>{escape(name)}</text></g>'
    )


def bar_heights(counts: list[int], height: float, scale: int) -> list[float]:
    """Each bin's bar: `height` for `scale` articles (or more), at least `MIN_BAR_HEIGHT`
    with any; 0 without."""
    return [max(MIN_BAR_HEIGHT, height * min(count / scale, 1)) if count else 0.0 for count in counts]


def svg_axis(timeline: Timeline, baseline: float) -> str:
    """The first bin's label under the first bar, the last's under the last."""
    first, last = range_labels(timeline)
    return (
        f'<text x="0" y="{number(baseline)}" font-size="{AXIS_FONT_SIZE}">{escape(first)}</text>'
        f'<text x="{PLOT_WIDTH}" y="{number(baseline)}" font-size="{AXIS_FONT_SIZE}" '
        f'text-anchor="end">{escape(last)}</text>'
    )


def fit_text(text: str, width: float, font_size: float) -> tuple[str, bool]:
    """`text` cut (with an ellipsis) to about `width` px, by a generous guess at each glyph's
    width; and whether it was cut (the caller then squeezes it to `width` exactly)."""
    if text_width(text, font_size) <= width:
        return text, False
    room = width - text_width("…", font_size)
    kept = []
    for char in text:
        room -= text_width(char, font_size)
        if room < 0:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…", True


def text_width(text: str, font_size: float) -> float:
    """A generous guess at how wide `text` is drawn, in px."""
    return font_size * sum(char_em(char) for char in text)


def char_em(char: str) -> float:
    """A generous guess at a character's width in em."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE_CHAR_EM
    return UPPER_CHAR_EM if char.isupper() else OTHER_CHAR_EM


def number(value: float) -> str:
    """A coordinate, to a tenth of a px."""
    return f"{round(value, 1):g}"
