"""A brief → Markdown, HTML, PDF or JSON, through the Jinja templates in templates/.

Article text is data, never markup: HTML autoescapes it, Markdown escapes every value
a template prints, and WeasyPrint may fetch nothing outside the templates folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from briefing.errors import RenderError
from briefing.ingest.datelines import dateline_length
from briefing.models import Article, Brief, Coverage, Section, Voice
from briefing.output.assemble import first_report, format_day
from briefing.output.export import brief_as_data
from briefing.output.timeline import count_of, timeline_svg, timeline_text
from briefing.settings import templates_folder

logger = logging.getLogger(__name__)

FORMATS = ("md", "html", "pdf", "json")
CHROME_LANGUAGE = "en"  # the language of the templates' own words: headings, coverage, notes
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])")
SAFE_URL_SCHEMES = ("http", "https")
# Percent-encoded in a followed URL: whitespace and `<>` would end a Markdown `<…>` link
# destination, and a trailing backslash would escape its closing `>`.
URL_BREAKING_CHARS = re.compile(r"[\s<>\\]")
# Control characters (escape sequences, form feeds …) and bidi overrides that reorder what
# a reader sees: from a file name or an article, shown as U+FFFD in every format.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Without HarfBuzz-Subset (Debian: libharfbuzz-subset0) WeasyPrint subsets fonts with
# fontTools, which stamps each embedded font's `head.modified` with the current time, so
# two renders of the same HTML differ by a few bytes. fontTools takes that time from
# SOURCE_DATE_EPOCH when it is set (reproducible-builds.org): a fixed one, unless the
# caller set their own, makes the PDF depend on its HTML alone. Nothing shown changes.
FONT_SUBSET_EPOCH = "0"
# Scripts the DejaVu fonts of brief.css lack: (name, fontconfig language, characters). A
# PDF with such text and no font for it shows empty boxes; `warn_missing_fonts` says so.
SCRIPTS_NEEDING_FONTS = (
    ("Korean (Hangul)", "ko", re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
    ("Japanese (Kana)", "ja", re.compile(r"[\u3040-\u30ff]")),
    ("Chinese (Han)", "zh-cn", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("Thai", "th", re.compile(r"[\u0e00-\u0e7f]")),
    ("Devanagari", "hi", re.compile(r"[\u0900-\u097f]")),
    ("Bengali", "bn", re.compile(r"[\u0980-\u09ff]")),
    ("Tamil", "ta", re.compile(r"[\u0b80-\u0bff]")),
    ("Ethiopic", "am", re.compile(r"[\u1200-\u137f]")),
)
FONT_CHECK_SECONDS = 10  # fc-list answers in milliseconds; a hung one must not hold a brief
_warned_scripts: set[str] = set()  # warn once per run (process) and script
# An article without a title is shown by the start of its first sentence: this many words
# (a headline's length, ~8–12 words), never by its id, which is often a file name or a hash.
TITLE_FROM_TEXT_WORDS = 10
SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
# A voice's quote is shown between its own language's quotation marks.
QUOTATION_MARKS = {"de": ("„", "“"), "fr": ("« ", " »"), "en": ("“", "”")}
DEFAULT_QUOTATION_MARKS = ("“", "”")


def render(brief: Brief, fmt: str) -> str | bytes:
    """The brief as text (md, html, json) or bytes (pdf)."""
    if fmt == "json":
        return json.dumps(brief_as_data(brief), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _environment("md").get_template("brief.md.j2").render(_context(brief))
    html = _environment("html").get_template("brief.html.j2").render(_context(brief))
    return html if fmt == "html" else html_to_pdf(html)


def render_formats(brief: Brief, formats: list[str]) -> tuple[dict[str, str | bytes], list[RenderError]]:
    """The brief in each of `formats`, and the errors of those that failed: a PDF that
    cannot be rendered never costs the Markdown or the JSON."""
    outputs, failed = {}, []
    for fmt in formats:
        try:
            outputs[fmt] = render(brief, fmt)
        except RenderError as error:
            failed.append(error)
    return outputs, failed


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it takes a second to load

    warn_missing_fonts(html)
    fix_epoch = "SOURCE_DATE_EPOCH" not in os.environ
    if fix_epoch:
        os.environ["SOURCE_DATE_EPOCH"] = FONT_SUBSET_EPOCH
    try:
        return HTML(string=html, base_url=str(templates_folder()), url_fetcher=_template_fetcher()).write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds
        raise RenderError(f"PDF rendering failed: {error}") from error
    finally:
        if fix_epoch:
            del os.environ["SOURCE_DATE_EPOCH"]


def warn_missing_fonts(text: str) -> list[str]:
    """Warn (once per run and script) for each script in `text` that no installed font
    covers: WeasyPrint would draw empty boxes without a word. Returns the scripts warned."""
    warned = []
    for name, language, characters in SCRIPTS_NEEDING_FONTS:
        if name in _warned_scripts or not characters.search(text) or font_installed_for(language) is not False:
            continue
        _warned_scripts.add(name)
        warned.append(name)
        logger.warning(
            "no font for %s text is installed: the PDF shows it as empty boxes "
            "(Debian: apt-get install fonts-noto-cjk for Korean, Japanese and Chinese, fonts-noto-core for the others)",
            name,
        )
    return warned


@cache
def font_installed_for(language: str) -> bool | None:
    """Whether fontconfig knows a font for `language`; None when that cannot be told
    (no `fc-list`, or it failed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run(
            [fc_list, f":lang={language}", "family"], capture_output=True, text=True, timeout=FONT_CHECK_SECONDS
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(found.stdout.strip()) if found.returncode == 0 else None


def _template_fetcher():
    from weasyprint.urls import URLFetcher, URLFetchingError

    class TemplateFolderOnly(URLFetcher):
        """Fetches local files inside the templates folder; refuses every other URL
        (`file://host/…` too: urllib would look the host up in the DNS)."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve()
            local = parts.scheme == "file" and parts.netloc in ("", "localhost")
            if local and path.is_relative_to(templates_folder()):
                return super().fetch(url, headers)
            raise URLFetchingError(f"refused to fetch {url}")

    return TemplateFolderOnly(allowed_protocols={"file"})


def _environment(kind: str) -> Environment:
    markdown = kind == "md"
    environment = Environment(
        loader=FileSystemLoader(templates_folder()),
        autoescape=not markdown,
        finalize=_escape_markdown_value if markdown else _printable_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        coverage=coverage_text,
        moment=format_moment,
        safe_url=safe_url,
        run_note=run_note,
        article_title=article_title,
        first_reported=first_reported,
        day=format_day,
        safe_href=safe_href,
        quoted=quoted,
        timeline_svg=timeline_svg,
        timeline_text=timeline_text,
    )
    return environment


def _context(brief: Brief) -> dict:
    return {
        "brief": brief,
        "number": brief.source_numbers(),
        "source": {e.number: e for e in brief.sources},
        "language": brief_language(brief),
        "quoted_language": {e.citation.passage_id: e.article.language or "" for e in brief.sources},
    }


def brief_language(brief: Brief) -> str:
    """The language most of the brief's statements are in: its sections' (weighted by their
    statements), else its sources'; `CHROME_LANGUAGE` when nothing says."""
    votes: Counter[str] = Counter()
    for section in brief.sections:
        if section.language:
            votes[section.language] += len(section.statements) or 1
    if not votes:
        votes.update(entry.article.language for entry in brief.sources if entry.article.language)
    return votes.most_common(1)[0][0] if votes else CHROME_LANGUAGE


def escape_markdown(text: str) -> str:
    """Inline Markdown that shows `text` literally: no links, markup, HTML or lists."""
    text = UNPRINTABLE.sub("\ufffd", " ".join(str(text).split()))
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return MARKDOWN_LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


def _escape_markdown_value(value) -> str:
    return value if isinstance(value, Markup) else escape_markdown(value)


def _printable_value(value):
    """A text value without control characters (HTML escapes the rest itself)."""
    return UNPRINTABLE.sub("\ufffd", value) if isinstance(value, str) and not isinstance(value, Markup) else value


def safe_url(url: str | None) -> str | None:
    """`url` if it is a web address a reader may follow, else None."""
    if not url or urlsplit(url).scheme.lower() not in SAFE_URL_SCHEMES:
        return None
    return URL_BREAKING_CHARS.sub(lambda m: quote(m.group(), safe=""), url)


def safe_href(href: str | None) -> str | None:
    """A link to an earlier brief beside this one: a relative path and a section anchor,
    percent-encoded; None for anything else (an absolute path, a scheme, a host)."""
    if not href or urlsplit(href).scheme or urlsplit(href).netloc or href.startswith(("/", "\\")):
        return None
    path, _, anchor = href.partition("#")
    safe_anchor = re.sub(r"[^A-Za-z0-9_-]", "", anchor)
    return quote(path, safe="/._-~") + (f"#{safe_anchor}" if safe_anchor else "")


def quoted(voice: Voice) -> str:
    """The quote between the quotation marks of its language: „…“ in German, “…” else."""
    opening, closing = QUOTATION_MARKS.get(voice.language or "", DEFAULT_QUOTATION_MARKS)
    return f"{opening}{voice.quote}{closing}"


def article_title(article: Article) -> str:
    """The title to show: the article's own, else the start of its first sentence (after a
    dateline), else its outlet; never its id."""
    if article.title:
        return article.title
    text = article.text[dateline_length(article.text) :].split("\n", 1)[0]
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    words = sentence.split()
    if not words:
        return article.source or "Untitled"
    if len(words) <= TITLE_FROM_TEXT_WORDS:
        return " ".join(words)
    return " ".join(words[:TITLE_FROM_TEXT_WORDS]).rstrip(",;:–—-") + " …"


def coverage_text(coverage: Coverage) -> str:
    """`3 articles from 2 outlets: A, B` (and a note on what is not known)."""
    articles = count_of(coverage.articles, "article")
    if not coverage.outlets:
        return f"{articles}, outlet not given"
    text = f"{articles} from {count_of(len(coverage.outlets), 'outlet')}: {', '.join(coverage.outlets)}"
    if coverage.unknown_outlet:
        text += f" (outlet not given for {coverage.unknown_outlet})"
    return text


def run_note(brief: Brief) -> str:
    """What went into the brief and what did not: `23 articles read, 1 duplicate merged, …`."""
    report = brief.report
    parts = [count_of(report.articles_read, "article") + " read"]
    if report.duplicates_merged:
        parts.append(count_of(report.duplicates_merged, "duplicate") + " merged")
    if report.out_of_range:
        parts.append(f"{report.out_of_range} outside the date range")
    if report.undated_left_out:
        parts.append(f"{len(report.undated_left_out)} undated left out")
    if report.off_topic:
        parts.append(f"{report.off_topic} not about the topic")
    shown = report.articles_selected - report.not_shown
    note = ", ".join(parts) + f"; {shown} of the {report.articles_selected} selected are in this brief."
    hidden = []
    if report.topics_not_shown:
        hidden.append(
            f"{count_of(len(report.topics_not_shown), 'smaller topic')} ({len(report.articles_not_shown)} articles)"
        )
    if report.further_not_shown:
        hidden.append(count_of(len(report.further_not_shown), "further single report"))
    if hidden:
        note += (
            f" Not shown: {' and '.join(hidden)}, listed in the JSON brief;"
            " raise --max-topics or --max-further to include them."
        )
    return note


def first_reported(section: Section, timezone: str | None = None) -> str:
    """The day a development was first reported (`2 December 2025`), in the brief's timezone."""
    first = first_report(section)
    if first is None:
        return "undated"
    return format_day((first.astimezone(ZoneInfo(timezone)) if timezone else first).date())


def format_moment(value: datetime | None, timezone: str | None = None) -> str:
    """`2 December 2025, 18:15` in the brief's timezone; the day alone at midnight."""
    if value is None:
        return "undated"
    if timezone:
        value = value.astimezone(ZoneInfo(timezone))
    day = format_day(value.date())
    return day if (value.hour, value.minute) == (0, 0) else f"{day}, {value:%H:%M}"
