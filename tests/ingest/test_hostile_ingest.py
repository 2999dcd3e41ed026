"""Hostile input for ingestion (issue 6): whatever a file holds, `read_articles` returns
articles and Problems that name the file (and line), never raises and never hangs.

The fuzz tests feed hypothesis-made bytes, text and JSON to every reader; the table
`HOSTILE` holds the hand-made attacks, each with the outcome it must have.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefing.cli import app
from briefing.ingest import MAX_TITLE_CHARS, read_articles
from briefing.ingest.files import MAX_FILE_BYTES
from briefing.ingest.normalise import normalise_text
from briefing.models import Article, Problem
from briefing.settings import Settings

SETTINGS = Settings()
# A hang guard, not a speed test: a read still busy after this long is stuck.
READ_TIME_LIMIT_SECONDS = 30
FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=10),  # a hang guard too; one read takes milliseconds
    suppress_health_check=[HealthCheck.too_slow],
)
SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".html", ".xml", ".rss")
GERMAN = "Die Außenminister der NATO beraten in Brüssel über die Lage in der Ukraine."
ETC_PASSWD = Path("/etc/passwd")
# The message of the catch-all in `ingest._read_file`: input it shows up for was not
# handled on purpose (and a traceback went to the log).
UNHANDLED = "could not be read ("


class Stuck(BaseException):
    """Raised by the alarm; a BaseException, so no `except Exception` in the code swallows it."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def on_alarm(signum, frame):
        raise Stuck(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_hostile(path: Path) -> tuple[list[Article], list[Problem]]:
    """Read `path` under the time limit and check what every read must satisfy."""
    with time_limit(READ_TIME_LIMIT_SECONDS):
        articles, problems = read_articles([path], SETTINGS)
    for problem in problems:
        assert problem.where.startswith(str(path)), problem
        assert problem.reason and UNHANDLED not in problem.reason, problem
    for article in articles:
        assert article.origin.startswith(str(path))
        assert isinstance(article.text, str) and article.text
        assert normalise_text(article.text) == article.text
        assert article.title is None or len(article.title) <= MAX_TITLE_CHARS
    return articles, problems


@contextlib.contextmanager
def file_with(content: bytes, suffix: str) -> Iterator[Path]:
    """A file holding `content`, in a fresh folder (hypothesis cannot use `tmp_path`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"hostile{suffix}")
        path.write_bytes(content)
        yield path


def everything_said(articles: list[Article], problems: list[Problem]) -> str:
    parts = [str(problem) for problem in problems]
    for article in articles:
        parts += [article.text, article.title or "", json.dumps(article.metadata, default=str)]
    return "\n".join(parts)


# --- fuzzing ------------------------------------------------------------------------------

# Starts that lead random bytes into each parser's deeper paths.
PREFIXES = (
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"---\ntitle: ",
    b"# ",
    b'{"text": "',
    b'[{"text": "Text", "published": "',
    b"<!DOCTYPE html><html><body><article><p>",
    b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><item><description>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
)


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=3000),
    suffix=st.sampled_from(SUFFIXES),
)
def test_random_bytes_never_crash_or_hang(prefix, data, suffix):
    with file_with(prefix + data, suffix) as path:
        articles, problems = read_hostile(path)
        assert articles or problems


TEXT_LINES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["---", "", "# Titel", "Stand: 02.12.2025 18:15 Uhr", "title: Ein Titel", "- item",
         " date 2025-12-02 Text geht weiter", "Quelle: tagesschau", "Datum: 99.99.9999", GERMAN]
    ),
)


@FUZZ
@given(lines=st.lists(TEXT_LINES, max_size=30), suffix=st.sampled_from([".txt", ".md"]))
def test_random_text_articles_never_crash_or_hang(lines, suffix):
    content = "\n".join(lines).encode("utf-8", "surrogatepass")
    with file_with(content, suffix) as path:
        read_hostile(path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
ODD_DATES = st.sampled_from(
    ["0000-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "not a date",
     "2025-02-30", "31.12.99999", "Tue, 99 Dec 2025 25:61:00 +9999", "2025-12-02" * 1000,
     "1" * 5000, "-1", "Dezember", "18:15"]
)
RECORDS = st.fixed_dictionaries(
    {"text": st.one_of(JSON_VALUES, st.just(GERMAN))},
    optional={
        "id": JSON_VALUES, "title": JSON_VALUES, "source": JSON_VALUES, "url": JSON_VALUES,
        "language": JSON_VALUES, "published": st.one_of(JSON_VALUES, ODD_DATES), "extra": JSON_VALUES,
    },
)


@FUZZ
@given(records=st.lists(RECORDS, max_size=8), as_lines=st.booleans())
def test_odd_records_never_crash(records, as_lines):
    if as_lines:
        content, suffix = "\n".join(json.dumps(record) for record in records), ".jsonl"
    else:
        content, suffix = json.dumps(records), ".json"
    with file_with(content.encode("utf-8", "surrogatepass"), suffix) as path:
        read_hostile(path)


GOOD_LINE = json.dumps({"text": GERMAN, "title": "Treffen in Brüssel", "language": "de"})
BAD_LINES = st.one_of(
    st.text(max_size=80).map(lambda text: text.replace("\n", " ")),
    st.sampled_from(['{"text": "abgeschnitten', "[", "{}", "42", '{"text": 5}', "[" * 5000]),
)


@FUZZ
@given(lines=st.lists(st.one_of(st.just(GOOD_LINE), BAD_LINES), min_size=1, max_size=20))
def test_jsonl_keeps_good_lines_and_names_each_bad_one(lines):
    content = "\n".join(lines)
    with file_with(content.encode("utf-8"), ".jsonl") as path:
        articles, problems = read_hostile(path)
    if "\x00" in content:  # a NUL byte anywhere: the whole file is refused as binary
        assert [(p.where, "binary" in p.reason) for p in problems] == [(str(path), True)]
        return
    kept = {article.origin for article in articles}
    complained = {problem.where for problem in problems}
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if line == GOOD_LINE:
            assert where in kept
        elif line.strip() and where not in kept:
            assert where in complained, line


# --- hand-made attacks --------------------------------------------------------------------


def nested_tables(depth: int) -> bytes:
    cell = f"<p>{GERMAN}</p>".encode()
    return b"<html><body>" + b"<table><tr><td>" * depth + cell + b"</td></tr></table>" * depth


def rss(items: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<rss version="2.0"><channel>'
        f"<title>Beispiel</title>{items}</channel></rss>"
    ).encode()


def item(text: str = GERMAN, title: str = "Titel") -> str:
    return f"<item><title>{title}</title><description>{text}</description></item>"


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return rss(item("&lol9;", "&lol9;"), f"<!DOCTYPE rss [{''.join(entities)}]>")


def quadratic_blowup() -> bytes:
    return rss(item("&a;" * 50_000), f'<!DOCTYPE rss [<!ENTITY a "{"A" * 50_000}">]>')


XXE = '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
XXE_PARAMETER = '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
LONG_TITLE = "Überschrift " * 8_334  # 100,008 characters
ONE_KIND_OF_CASE = Callable[[], bytes]

# name, suffix, content, what the Problems must say (None: nothing), articles expected
HOSTILE: list[tuple[str, str, bytes | ONE_KIND_OF_CASE, str | None, int]] = [
    # encodings and empty files
    ("cp1252 German text", ".txt", GERMAN.encode("cp1252"), "'ß' in Windows-1252", 0),
    ("cp1252 German Markdown", ".md", f"# Titel\n\n{GERMAN}".encode("cp1252"), "UTF-8", 0),
    ("cp1252 JSONL", ".jsonl", json.dumps({"text": GERMAN}, ensure_ascii=False).encode("cp1252"),
     "UTF-8", 0),
    ("cp1252 feed that says so", ".xml",
     rss(item()).replace(b"UTF-8", b"windows-1252").decode().encode("cp1252"), None, 1),
    ("invalid UTF-8", ".txt", b"Gr\xc3\xc3\xfc\xfe\xff" + GERMAN.encode(), "not UTF-8", 0),
    ("UTF-16 with BOM", ".txt", GERMAN.encode("utf-16"), None, 1),
    *[(f"empty {suffix}", suffix, b"", "empty", 0) for suffix in SUFFIXES],
    *[(f"whitespace {suffix}", suffix, b" \n\t\r\n  \n", "empty", 0) for suffix in SUFFIXES],
    # sizes
    *[(f"50 MB {suffix}", suffix, lambda: GERMAN.encode() * (50_000_000 // len(GERMAN.encode())),
       "MAX_FILE_BYTES", 0) for suffix in (".txt", ".jsonl", ".html", ".xml")],
    ("exactly MAX_FILE_BYTES", ".txt", lambda: b"\x00" * MAX_FILE_BYTES, "binary", 0),
    # JSON and JSONL
    ("JSON number", ".json", b"42", "expected an article object", 0),
    ("JSON list of non-objects", ".json", b'[1, "a", null, [], true, 1e999]', "got a JSON", 0),
    ("100,000 nested [ in JSON", ".json", b"[" * 100_000, "nested too deeply", 0),
    ("100,000 nested [ between good JSONL lines", ".jsonl",
     GOOD_LINE.encode() + b"\n" + b"[" * 100_000 + b"\n" + GOOD_LINE.encode(), ":2: JSON nested", 2),
    ("5,000-digit integer in JSONL", ".jsonl",
     GOOD_LINE.encode() + b'\n{"text": "x", "n": ' + b"9" * 5000 + b"}", "4300 digits", 1),
    ("text is a number", ".jsonl", b'{"text": 5}', "'text' is a JSON number", 0),
    ("text is a list", ".jsonl", b'{"text": ["a", "b"]}', "'text' is a JSON array", 0),
    ("text is an object", ".jsonl", b'{"text": {"de": "a"}}', "'text' is a JSON object", 0),
    ("published in the year 0", ".jsonl", json.dumps({"text": GERMAN, "published": "0000-01-01"}).encode(),
     "kept undated", 1),
    ("published in 9999", ".jsonl", json.dumps({"text": GERMAN, "published": "9999-12-31"}).encode(),
     "outside 1900..2200", 1),
    ("published: not a date", ".jsonl", json.dumps({"text": GERMAN, "published": "not a date"}).encode(),
     "cannot read 'not a date'", 1),
    ("published a huge int", ".jsonl", json.dumps({"text": GERMAN, "published": 10**300}).encode(),
     "published is a int", 1),
    ("20,000 records with one id", ".jsonl", b'{"id": "a", "text": "b"}\n' * 20_000, "renamed to", 20_000),
    # HTML
    ("HTML full of script and style", ".html",
     b"<html><head><style>p{}</style></head><body>" + b"<script>var geheim = 1;</script>" * 5000
     + b"<style>.x{color:red}</style>" * 5000 + f"<article><p>{GERMAN}</p></article></body></html>".encode(),
     None, 1),
    ("HTML of only script", ".html", b"<html><body>" + b"<script>alert(1)</script>" * 1000, "no article text", 0),
    ("tables 1,000 deep", ".html", nested_tables(1_000), None, None),
    ("tables 100,000 deep", ".html", nested_tables(100_000), None, None),
    ("HTML without body", ".html", f"<html><head><title>T</title></head></html>{GERMAN}".encode(), None, None),
    ("HTML with an external entity", ".html",
     f'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><article><p>&x; {GERMAN}</p>'
     "</article></body></html>".encode(), None, 1),
    # feeds
    ("broken XML", ".xml", rss(item())[:-30], None, None),
    ("not XML at all", ".rss", b"<rss><channel><item>>>>&&&<<<", None, None),
    ("undefined entity", ".xml", rss(item("&undefiniert; " + GERMAN)), None, None),
    ("billion laughs", ".xml", billion_laughs, "declares XML entities", 0),
    ("quadratic blowup", ".xml", quadratic_blowup, "declares XML entities", 0),
    ("external entity /etc/passwd", ".xml", rss(item(f"&x; {GERMAN}", "&x;"), XXE), "declares XML entities", 0),
    ("external parameter entity", ".rss", rss(item(), XXE_PARAMETER), "declares XML entities", 0),
    ("external entity, UTF-16", ".xml", rss(item(f"&x; {GERMAN}"), XXE).decode().encode("utf-16"),
     "declares XML entities", 0),
    ("entity hidden after a comment", ".xml", rss(item(f"&x; {GERMAN}"), f"<!-- <a> -->{XXE}"),
     "declares XML entities", 0),
    ("feed whose content is a file name", ".xml", str(ETC_PASSWD).encode(), "not a readable feed", 0),
    ("HTML 100,000 deep in a feed item", ".xml", rss(item("&lt;div&gt;" * 100_000 + GERMAN)), None, None),
    # long titles
    ("100,000-character title in JSONL", ".jsonl", json.dumps({"title": LONG_TITLE, "text": GERMAN}).encode(),
     "cut to 300", 1),
    ("100,000-character Markdown heading", ".md", f"# {LONG_TITLE}\n\n{GERMAN}".encode(), "cut to 300", 1),
    ("heading of 100,000 #", ".md", b"# a" + b"#" * 100_000 + f"b\n\n{GERMAN}".encode(), "cut to 300", 1),
    ("100,000-character feed title", ".xml", rss(item(title=LONG_TITLE)), "cut to 300", 1),
    ("100,000-character HTML title", ".html",
     f"<html><head><title>{LONG_TITLE}</title></head><body><article><p>{GERMAN}</p><p>{GERMAN}</p>"
     "</article></body></html>".encode(), None, 1),
]


def hostile_content(content: bytes | ONE_KIND_OF_CASE) -> bytes:
    return content() if callable(content) else content


@pytest.mark.parametrize(
    "name, suffix, content, says, count", HOSTILE, ids=[case[0] for case in HOSTILE]
)
def test_hostile_file_ends_in_articles_or_problems_naming_it(
    tmp_path, name, suffix, content, says, count
):
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(hostile_content(content))
    articles, problems = read_hostile(path)
    assert articles or problems
    if count is not None:
        assert len(articles) == count, problems
    if says is not None:
        assert any(says in str(problem) for problem in problems), problems
    if count == 0:
        assert problems
    passwd = ETC_PASSWD.read_text(errors="replace") if ETC_PASSWD.is_file() else ""
    said = everything_said(articles, problems)
    for line in passwd.splitlines():
        if len(line) > 10:  # "root:x:0:0:root:/root:/bin/bash" and co. never show up
            assert line not in said
    for article in articles:  # no umlaut turned into mojibake
        assert "Ã" not in article.text and "Ã" not in (article.title or "")


def test_html_text_never_includes_script_or_style(tmp_path):
    page = (
        "<html><head><style>.geheim{}</style></head><body><script>var geheim = 1;</script>"
        f"<article><p>{GERMAN}</p><p>{GERMAN}</p></article><style>.geheim2{{}}</style></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    articles, _ = read_hostile(path)
    assert len(articles) == 1 and "geheim" not in articles[0].text


def test_a_long_title_is_cut_at_a_word_and_the_article_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": LONG_TITLE, "text": GERMAN}), encoding="utf-8")
    (article,), problems = read_hostile(path)
    assert article.text == GERMAN
    assert article.title.endswith("Überschrift…") and len(article.title) <= MAX_TITLE_CHARS
    assert [problem.where for problem in problems] == [f"{path}:1"]


def test_a_feed_naming_another_feed_file_does_not_read_that_file(tmp_path):
    other = tmp_path / "other.xml"
    other.write_bytes(rss(item()))
    path = tmp_path / "pointer.xml"
    path.write_bytes(str(other).encode())
    articles, problems = read_hostile(path)
    assert articles == [] and [problem.where for problem in problems] == [str(path)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_articles_is_a_problem_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GERMAN, encoding="utf-8")
    with time_limit(READ_TIME_LIMIT_SECONDS):
        articles, problems = read_articles([tmp_path], SETTINGS)
    assert [article.id for article in articles] == ["good"]
    assert [problem.where for problem in problems] == [str(tmp_path / "pipe.txt")]
    assert re.search("not a regular file", problems[0].reason)


# --- symlinks and names (issue 13) -------------------------------------------------------

OTHER_GERMAN = "Der Bundestag berät über den Haushalt und die Schuldenbremse in Berlin."


def folder_with_a_link_out(tmp_path: Path) -> tuple[Path, Path]:
    """news/ with one article and `passwd.txt -> <outside>/secret.txt`: (folder, link)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"# Geheim\n\n{OTHER_GERMAN}\n", encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "article.txt").write_text(f"# Gipfel\n\n{GERMAN}\n", encoding="utf-8")
    link = folder / "passwd.txt"
    link.symlink_to(outside / "secret.txt")
    return folder, link


def test_a_link_out_of_a_folder_is_refused_and_named(tmp_path):
    folder, link = folder_with_a_link_out(tmp_path)
    articles, problems = read_articles([folder], SETTINGS)
    assert [article.title for article in articles] == ["Gipfel"]
    assert [problem.where for problem in problems] == [str(link)]
    assert "a symbolic link to" in problems[0].reason and "outside" in problems[0].reason
    assert "name the link itself" in problems[0].reason


def test_a_link_to_etc_passwd_in_a_folder_is_never_read(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to(ETC_PASSWD)
    articles, problems = read_articles([folder], SETTINGS)
    assert articles == [] and [problem.where for problem in problems] == [str(folder / "passwd.txt")]
    assert "root:" not in everything_said(articles, problems)


def test_a_glob_refuses_links_out_of_its_folder_too(tmp_path):
    folder, link = folder_with_a_link_out(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    refused_by_pattern = {
        f"{folder}/*.txt": [str(link)],
        f"{folder}/**/*.txt": [str(link), str(folder / "sub" / "out" / "secret.txt")],
        f"{folder}/*/*/*.txt": [str(folder / "sub" / "out" / "secret.txt")],
    }
    for pattern, refused in refused_by_pattern.items():
        articles, problems = read_articles([pattern], SETTINGS)
        assert "Geheim" not in [article.title for article in articles], pattern
        assert sorted(problem.where for problem in problems) == refused, pattern
        assert all("outside" in problem.reason for problem in problems), pattern


def test_a_link_named_on_the_command_line_is_followed(tmp_path):
    _, link = folder_with_a_link_out(tmp_path)
    articles, problems = read_articles([link], SETTINGS)
    assert [article.title for article in articles] == ["Geheim"] and problems == []


def test_a_link_to_a_file_inside_the_folder_is_read_once(tmp_path):
    folder = tmp_path / "news"
    (folder / "archive").mkdir(parents=True)
    (folder / "archive" / "article.txt").write_text(f"# Gipfel\n\n{GERMAN}\n", encoding="utf-8")
    (folder / "latest.txt").symlink_to(Path("archive", "article.txt"))
    articles, problems = read_articles([folder], SETTINGS)
    assert [article.title for article in articles] == ["Gipfel"] and problems == []


def test_symlink_loops_are_problems_not_tracebacks(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "article.txt").write_text(f"# Gipfel\n\n{GERMAN}\n", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "ping.txt").symlink_to(folder / "pong.txt")
    (folder / "pong.txt").symlink_to(folder / "ping.txt")
    (folder / "again").symlink_to(folder, target_is_directory=True)
    with time_limit(READ_TIME_LIMIT_SECONDS):
        articles, problems = read_articles([folder, folder / "loop.txt"], SETTINGS)
    assert [article.title for article in articles] == ["Gipfel"]
    assert sorted(problem.where for problem in problems) == sorted(
        str(folder / name) for name in ("loop.txt", "loop.txt", "ping.txt", "pong.txt")
    )
    assert all("loops or leads nowhere" in problem.reason for problem in problems)


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path):
    forged = "x\nbriefing: error: forged\x1b[2K.txt"
    (tmp_path / forged).write_text("", encoding="utf-8")  # empty: a Problem names it
    (tmp_path / "article.txt").write_text(f"# Gipfel\n\n{GERMAN}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--embeddings", "none"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert not any(line.startswith("briefing: error: forged") for line in lines)
    assert "\x1b" not in result.stderr
    assert any("x\\nbriefing: error: forged\\x1b[2K.txt: the file is empty" in line for line in lines)
