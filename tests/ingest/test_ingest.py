import codecs
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefing.ingest import read_articles
from briefing.ingest.feeds import item_id
from briefing.ingest.markup import html_to_text
from briefing.ingest.normalise import normalise_text
from briefing.ingest.paths import sniff_kind
from briefing.ingest.text import looks_like_headline
from briefing.models import Article, Problem
from briefing.settings import Settings

SETTINGS = Settings()
BERLIN = ZoneInfo("Europe/Berlin")
GERMAN = (
    "Die Außenminister der Allianz haben am Mittwoch in Brüssel über die Lage in der Ukraine "
    "beraten. Dabei ging es vor allem um weitere Hilfen und um die Gespräche in Moskau."
)
ENGLISH = (
    "The foreign ministers of the alliance met in Brussels on Wednesday to discuss the "
    "situation in Ukraine. The talks were mostly about further aid and the envoys in Moscow."
)


# --- builders -------------------------------------------------------------------------


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*paths: Path | str) -> tuple[list[Article], list[Problem]]:
    return read_articles([str(path) for path in paths], SETTINGS)


def read_one(path: Path | str) -> Article:
    articles, problems = read(path)
    assert len(articles) == 1, problems
    return articles[0]


def reasons(problems: list[Problem]) -> str:
    return "\n".join(map(str, problems))


def jsonl(*records: dict | str) -> str:
    """One line per record; a string is written as it is (a broken line, an empty one)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return "".join(line + "\n" for line in lines)


def rss(*items: str, title: str = "Beispiel-Nachrichten", language: str = "de") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><language>{language}</language>{''.join(items)}</channel></rss>"
    )


def rss_item(description: str = f"<p>{GERMAN}</p>", **tags: str) -> str:
    inner = "".join(f"<{tag}>{value}</{tag}>" for tag, value in tags.items())
    return f"<item>{inner}<description><![CDATA[{description}]]></description></item>"


def html_page(body: str = f"<p>{GERMAN}</p><p>{GERMAN}</p>", head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


# --- finding files ----------------------------------------------------------------------


def test_reads_a_folder_recursively_in_a_stable_order(tmp_path):
    write(tmp_path, "b.txt", GERMAN)
    write(tmp_path, "sub/deeper/a.md", GERMAN)
    write(tmp_path, "a.txt", GERMAN)
    articles, problems = read(tmp_path)
    assert [a.id for a in articles] == ["a", "b", "a-2"]
    assert [a.origin for a in articles][-1] == str(tmp_path / "sub/deeper/a.md")


def test_skips_hidden_files_and_folders_and_readmes_in_folders(tmp_path):
    write(tmp_path, "news.txt", GERMAN)
    write(tmp_path, ".draft.txt", GERMAN)
    write(tmp_path, ".git/notes.txt", GERMAN)
    write(tmp_path, "README.md", "# Data\n\nWhat this folder holds.")
    write(tmp_path, "notes.docx", GERMAN)
    articles, problems = read(tmp_path)
    assert [a.id for a in articles] == ["news"]
    assert problems == []


def test_a_readme_named_explicitly_is_read(tmp_path):
    assert read_one(write(tmp_path, "README.md", GERMAN)).id == "README"


def test_glob_pattern(tmp_path):
    write(tmp_path, "data/one.jsonl", jsonl({"text": GERMAN}))
    write(tmp_path, "data/two.jsonl", jsonl({"text": ENGLISH}))
    write(tmp_path, "data/other.txt", GERMAN)
    articles, problems = read(tmp_path / "data" / "*.jsonl")
    assert [a.id for a in articles] == ["one-1", "two-1"]


def test_origin_is_the_path_as_the_user_wrote_it(tmp_path, monkeypatch):
    write(tmp_path, "data/a.txt", GERMAN)
    write(tmp_path, "data/b.jsonl", jsonl({"text": GERMAN}))
    monkeypatch.chdir(tmp_path)
    articles, _ = read("data")
    assert [a.origin for a in articles] == ["data/a.txt", "data/b.jsonl:1"]


def test_a_single_path_is_not_taken_for_a_list_of_characters(tmp_path):
    path = write(tmp_path, "a.txt", GERMAN)
    assert [a.id for a in read_articles(str(path), SETTINGS)[0]] == ["a"]


def test_a_file_named_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", GERMAN)
    articles, problems = read(path, tmp_path, tmp_path / "*.txt")
    assert len(articles) == 1 and problems == []


def test_missing_path_and_empty_glob_are_problems_and_the_rest_is_read(tmp_path):
    write(tmp_path, "a.txt", GERMAN)
    articles, problems = read(tmp_path / "nope.txt", tmp_path / "*.xml", tmp_path / "a.txt")
    assert len(articles) == 1
    assert [p.where for p in problems] == [str(tmp_path / "nope.txt"), str(tmp_path / "*.xml")]
    assert "no such file" in problems[0].reason and "matches" in problems[1].reason


def test_a_folder_without_article_files_is_a_problem_naming_it(tmp_path):
    write(tmp_path, "empty/image.png", b"\x89PNG\x00")
    articles, problems = read(tmp_path / "empty")
    assert articles == []
    assert problems[0].where == str(tmp_path / "empty")
    assert "no article files" in problems[0].reason


@pytest.mark.parametrize(
    "head, kind",
    [
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b"\xef\xbb\xbf  <feed xmlns=", "feed"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html>', "html"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'\n{"text": "x"}', "records"),
        (b'[{"text": "x"}]', "records"),
        (b"Stand: 02.12.2025", "text"),
    ],
)
def test_sniff_kind(head, kind):
    assert sniff_kind(head) == kind


def test_a_named_file_with_another_extension_is_sniffed(tmp_path):
    records = write(tmp_path, "export.dat", jsonl({"text": GERMAN}, {"text": ENGLISH}))
    feed = write(tmp_path, "feed.php", rss(rss_item(title="Eins", guid="g1")))
    text = write(tmp_path, "notes", f"Stand: 02.12.2025 18:15 Uhr\n{GERMAN}")
    articles, problems = read(records, feed, text)
    assert [a.origin for a in articles] == [
        f"{records}:1", f"{records}:2", f"{feed}#1", str(text)
    ], problems


# --- bad files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("binary.txt", b"GIF89a\x00\x01\x02", "binary"),
        ("latin1.txt", "Außenminister in Brüssel".encode("latin-1"), "UTF-8"),
        ("latin1.jsonl", '{"text": "Brüssel"}'.encode("latin-1"), "UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("empty.jsonl", b"", "empty"),
        ("empty.html", b"", "empty"),
        ("empty.xml", b"", "empty"),
    ],
)
def test_a_bad_file_is_a_problem_naming_it_and_the_rest_is_read(tmp_path, name, content, reason):
    bad = write(tmp_path, name, content)
    write(tmp_path, "zz-good.txt", GERMAN)
    articles, problems = read(tmp_path)
    assert [a.id for a in articles] == ["zz-good"]
    assert [p.where for p in problems] == [str(bad)]
    assert reason in problems[0].reason


def test_byte_order_marks_are_honoured(tmp_path):
    utf8 = write(tmp_path, "utf8.txt", codecs.BOM_UTF8 + GERMAN.encode())
    utf16 = write(tmp_path, "utf16.txt", GERMAN.encode("utf-16"))
    assert read_one(utf8).text == GERMAN
    assert read_one(utf16).text == GERMAN


def test_html_in_another_charset_is_read_by_its_declaration(tmp_path):
    page = html_page(head='<meta charset="iso-8859-1"><title>Brüssel</title>')
    article = read_one(write(tmp_path, "page.html", page.encode("latin-1")))
    assert "Außenminister" in article.text


def test_never_raises_on_a_folder_of_bad_input(tmp_path):
    write(tmp_path, "a.txt", b"\x00\x00")
    write(tmp_path, "b.jsonl", "{not json\n[1, 2]\n")
    write(tmp_path, "c.json", "")
    write(tmp_path, "d.html", "<html></html>")
    write(tmp_path, "e.xml", "<rss><channel></rss")
    write(tmp_path, "f.md", "---\ntitle: Nur ein Titel\n---\n")
    articles, problems = read(tmp_path)
    assert articles == []
    assert len(problems) == 7


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path):
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    articles, problems = read(path)
    assert articles == [] and problems[0].where == str(path)


# --- unique ids and languages -----------------------------------------------------------


def test_repeated_ids_get_suffixes_and_a_problem_each(tmp_path):
    path = write(
        tmp_path,
        "a.jsonl",
        jsonl({"id": "x", "text": GERMAN}, {"id": "x", "text": GERMAN},
              {"id": "x-2", "text": GERMAN}, {"id": "x", "text": GERMAN}),
    )
    articles, problems = read(path)
    assert [a.id for a in articles] == ["x", "x-3", "x-2", "x-4"]
    assert [p.where for p in problems] == [f"{path}:2", f"{path}:4"]
    assert "'x-3'" in problems[0].reason and f"{path}:1" in problems[0].reason


def test_language_is_detected_only_when_not_given(tmp_path):
    path = write(
        tmp_path,
        "a.jsonl",
        jsonl({"text": GERMAN}, {"text": ENGLISH}, {"text": ENGLISH, "language": "de-DE"},
              {"text": "Kurz."}),
    )
    articles, _ = read(path)
    assert [a.language for a in articles] == ["de", "en", "de", None]


# --- normalisation ----------------------------------------------------------------------


def test_normalise_text():
    raw = "  Erste\u00a0Zeile  \r\nzwei\u200b\tWörter \r\r\r\rDritter Absatz\u00ad. \n\n\n"
    assert normalise_text(raw) == "Erste Zeile\nzwei Wörter\n\nDritter Absatz."


def test_normalise_text_composes_to_nfc_and_is_idempotent():
    text = normalise_text("Bru\u0308ssel \ue80f Zitat\n\n\n\nEnde ")
    assert text == "Brüssel Zitat\n\nEnde"
    assert normalise_text(text) == text


def test_every_reader_normalises_the_text(tmp_path):
    messy = f"{GERMAN}  \r\n\r\n\r\n\r\nZweiter\u00a0Absatz."
    expected = f"{GERMAN}\n\nZweiter Absatz."
    assert read_one(write(tmp_path, "a.txt", messy)).text == expected
    assert read_one(write(tmp_path, "b.jsonl", jsonl({"text": messy}))).text == expected


# --- text and Markdown ------------------------------------------------------------------


def test_stand_header_dates_the_article_and_leaves_the_body(tmp_path):
    article = read_one(write(tmp_path, "a.txt", f"Stand: 02.12.2025 18:15 Uhr\n{GERMAN}"))
    assert article.published == datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN)
    assert article.text == GERMAN
    assert (article.id, article.title, article.source) == ("a", None, None)


def test_date_prefix_is_stripped_and_the_rest_of_the_line_is_body(tmp_path):
    article = read_one(write(tmp_path, "a.txt", f" date 2025-12-02 {GERMAN}\n\nZweiter Absatz."))
    assert article.published == datetime(2025, 12, 2, tzinfo=BERLIN)
    assert article.text == f"{GERMAN}\n\nZweiter Absatz."
    assert article.title is None


def test_header_lines_fill_fields(tmp_path):
    content = (
        "Titel: Treffen in Brüssel\nDatum: 3. Dezember 2025\nQuelle: Hanse Kurier\n"
        f"URL: https://example.org/a\n\n{GERMAN}"
    )
    article = read_one(write(tmp_path, "a.txt", content))
    assert article.title == "Treffen in Brüssel"
    assert article.published == datetime(2025, 12, 3, tzinfo=BERLIN)
    assert (article.source, article.url) == ("Hanse Kurier", "https://example.org/a")
    assert article.text == GERMAN


def test_front_matter_fills_fields_and_metadata(tmp_path):
    content = (
        '---\ntitle: "Rutte: Hilfe geht weiter"\nsource: Hanse Kurier\n'
        "published: 2025-12-03T18:10:00+01:00\nurl: https://example.org/a\nlanguage: de\nid: hk-1\n"
        "author: A. Autor\ntags:\n  - nato\n  - ukraine\n"
        f"---\n{GERMAN}\n"
    )
    article = read_one(write(tmp_path, "a.md", content))
    assert (article.id, article.title) == ("hk-1", "Rutte: Hilfe geht weiter")
    assert (article.source, article.url) == ("Hanse Kurier", "https://example.org/a")
    assert article.published == datetime(2025, 12, 3, 18, 10, tzinfo=BERLIN)
    assert article.metadata == {"author": "A. Autor", "tags": ["nato", "ukraine"]}
    assert article.text == GERMAN


def test_markdown_heading_is_the_title(tmp_path):
    article = read_one(write(tmp_path, "a.md", f"# Treffen in Brüssel\n\n{GERMAN}"))
    assert (article.title, article.text) == ("Treffen in Brüssel", GERMAN)


def test_a_headline_line_becomes_the_title(tmp_path):
    article = read_one(write(tmp_path, "a.txt", f"Treffen in Brüssel ohne Rubio\n\n{GERMAN}"))
    assert (article.title, article.text) == ("Treffen in Brüssel ohne Rubio", GERMAN)


@pytest.mark.parametrize(
    "line, next_line, expected",
    [
        ("Treffen in Brüssel", "Stand: 02.12.2025 18:15 Uhr", True),
        ("Treffen in Brüssel", GERMAN, True),
        ("Sind wir zu sanft?", GERMAN, True),
        ("„Kein Wille auf russischer Seite“", GERMAN, True),
        ("Die Minister trafen sich.", GERMAN, False),  # a sentence
        ("Kommentar", GERMAN, False),  # one word: a rubric
        ("Treffen in Brüssel", "Ein ähnlich kurzer Satz", False),  # no longer paragraph follows
        ("und dann in Brüssel", GERMAN, False),  # starts in lower case
        ("Treffen in Brüssel", None, False),  # nothing follows
        (GERMAN, GERMAN + GERMAN, False),  # too long
        ("Stand: 02.12.2025 18:15 Uhr", GERMAN, False),  # a header line
    ],
)
def test_looks_like_headline(line, next_line, expected):
    assert looks_like_headline(line, next_line) is expected


def test_only_headers_is_a_problem(tmp_path):
    articles, problems = read(write(tmp_path, "a.txt", "Stand: 02.12.2025 18:15 Uhr\n"))
    assert articles == [] and "no article text" in problems[0].reason


def test_unreadable_header_date_keeps_the_article_undated(tmp_path):
    path = write(tmp_path, "a.txt", f"Stand: heute früh\n{GERMAN}")
    articles, problems = read(path)
    assert articles[0].published is None and articles[0].text == GERMAN
    assert problems[0].where == str(path) and "undated" in problems[0].reason


# --- the seeds --------------------------------------------------------------------------

SEED_DATES = {
    "000": "2025-12-02T18:15:00+01:00",
    "001": "2025-12-03T05:09:00+01:00",
    "002": "2025-12-03T20:09:00+01:00",
    "003": "2025-12-02T00:00:00+01:00",
    "004": "2025-12-03T00:00:00+01:00",
}
SEEDS_WITH_TITLES = {"001"}  # its first line: a kicker glued to the headline (test_titles.py)
HEADER_LINE = re.compile(r"^(Stand:|\s*date \d{4}-\d\d-\d\d)", re.MULTILINE)


@pytest.fixture
def seeds(seeds_dir):
    articles, problems = read(seeds_dir)
    assert problems == []
    return {article.id[:3]: article for article in articles}


def test_seeds_are_dated_exactly(seeds):
    assert {key: a.published for key, a in seeds.items()} == {
        key: datetime.fromisoformat(value) for key, value in SEED_DATES.items()
    }


def test_seed_titles_ids_and_language(seeds, seeds_dir):
    titles = {key: a.title for key, a in seeds.items() if a.title}
    assert set(titles) == SEEDS_WITH_TITLES
    for key, title in titles.items():
        first_line = next(seeds_dir.glob(f"{key}_*.txt")).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line.strip() == f"{seeds[key].metadata['kicker']} {title}"
    assert sorted(a.id for a in seeds.values()) == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert {a.language for a in seeds.values()} == {"de"}
    assert {a.source for a in seeds.values()} == {None}


def test_seed_texts_hold_no_header_line(seeds):
    for article in seeds.values():
        assert not HEADER_LINE.search(article.text), article.id
        assert article.title is None or article.title not in article.text


def test_seeds_with_a_date_prefix_keep_the_rest_of_that_line(seeds, seeds_dir):
    for key in ("003", "004"):
        first_line = next(seeds_dir.glob(f"{key}_*.txt")).read_text(encoding="utf-8").split("\n")[0]
        rest = first_line.split(maxsplit=2)[2]
        assert seeds[key].text.startswith(rest)


# --- JSON and JSONL records -------------------------------------------------------------


def test_jsonl_record_with_every_field(tmp_path):
    record = {
        "id": "ts-1", "title": "Treffen", "text": GERMAN, "published": "2025-12-02T18:15:00+01:00",
        "source": "tagesschau", "url": "https://example.org/a", "language": "de",
        "author": "A. Autor", "section": None,
    }
    path = write(tmp_path, "a.jsonl", jsonl(record))
    article = read_one(path)
    assert (article.id, article.title, article.source, article.url) == (
        "ts-1", "Treffen", "tagesschau", "https://example.org/a"
    )
    assert article.published == datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN)
    assert article.metadata == {"author": "A. Autor"}  # unknown kept, null dropped
    assert article.origin == f"{path}:1"


def test_jsonl_bad_lines_are_problems_with_their_line_and_the_rest_is_kept(tmp_path):
    path = write(
        tmp_path,
        "a.jsonl",
        jsonl({"text": GERMAN}, "", "{broken", {"title": "ohne Text"}, {"text": 42}, "[1, 2]",
              {"text": "   "}, {"text": ENGLISH}),
    )
    articles, problems = read(path)
    assert [a.id for a in articles] == ["a-1", "a-8"]
    assert [p.where for p in problems] == [f"{path}:{n}" for n in (3, 4, 5, 6, 7)]
    assert "not valid JSON" in problems[0].reason
    assert "no 'text'" in problems[1].reason
    assert "not a string" in problems[2].reason
    assert "object" in problems[3].reason
    assert "empty" in problems[4].reason


def test_unreadable_published_keeps_the_record_undated(tmp_path):
    path = write(tmp_path, "a.jsonl", jsonl({"text": GERMAN, "published": "irgendwann"}))
    articles, problems = read(path)
    assert articles[0].published is None
    assert problems[0].where == f"{path}:1" and "undated" in problems[0].reason


def test_a_date_without_time_is_midnight_in_the_configured_timezone(tmp_path):
    path = write(tmp_path, "a.ndjson", jsonl({"text": ENGLISH, "published": "2025-07-01"}))
    assert read_one(path).published == datetime(2025, 7, 1, tzinfo=BERLIN)
    utc = read_articles([str(path)], Settings(timezone="UTC"))[0][0]
    assert utc.published == datetime.fromisoformat("2025-07-01T00:00:00+00:00")


@pytest.mark.parametrize(
    "document, ids, origins",
    [
        ({"text": GERMAN}, ["doc"], [""]),
        ([{"text": GERMAN}, {"text": ENGLISH, "id": "e"}], ["doc-1", "e"], ["#1", "#2"]),
        ({"articles": [{"text": GERMAN}]}, ["doc-1"], ["#1"]),
    ],
)
def test_json_object_list_or_articles(tmp_path, document, ids, origins):
    path = write(tmp_path, "doc.json", json.dumps(document))
    articles, problems = read(path)
    assert [a.id for a in articles] == ids and problems == []
    assert [a.origin for a in articles] == [f"{path}{suffix}" for suffix in origins]


@pytest.mark.parametrize(
    "content, reason", [("{broken", "not valid JSON"), ('{"x": 1}', "expected")]
)
def test_json_that_is_not_articles_is_a_problem(tmp_path, content, reason):
    articles, problems = read(write(tmp_path, "doc.json", content))
    assert articles == [] and reason in problems[0].reason


def test_json_file_holding_jsonl_is_read_line_by_line(tmp_path):
    path = write(tmp_path, "doc.json", jsonl({"text": GERMAN}, {"text": ENGLISH}))
    articles, _ = read(path)
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:2"]


def test_fundus_records_all_become_dated_articles(shared_data):
    path = shared_data / "fundus" / "articles.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines if line.strip()]
    articles, problems = read(path)
    assert problems == []
    assert [a.id for a in articles] == [r["id"] for r in records]
    for record, article in zip(records, articles):
        if record.get("published"):
            expected = datetime.fromisoformat(record["published"])
            expected = expected if expected.tzinfo else expected.replace(tzinfo=BERLIN)
            assert article.published is not None and article.published.tzinfo is not None
            assert article.published == expected, article.id
        if record.get("language"):
            assert article.language == record["language"]
        assert article.text == normalise_text(record["text"])
        assert normalise_text(article.text) == article.text


# --- HTML -------------------------------------------------------------------------------


def test_html_page_gives_text_title_date_outlet_and_url(tmp_path):
    head = (
        '<title>Seite</title><meta property="og:site_name" content="Beispielzeitung">'
        '<meta property="article:published_time" content="2025-12-02T18:15:00+01:00">'
        '<link rel="canonical" href="https://example.org/treffen">'
    )
    body = f"<h1>Treffen in Brüssel</h1><p>{GERMAN}</p><p>{ENGLISH}</p>"
    article = read_one(write(tmp_path, "page.html", html_page(body, head)))
    assert (article.id, article.title) == ("page", "Treffen in Brüssel")
    assert article.source == "Beispielzeitung"
    assert article.url == "https://example.org/treffen"
    assert article.published == datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN)
    assert article.text.startswith(GERMAN) and "Treffen in Brüssel" not in article.text


def test_html_without_article_text_is_a_problem(tmp_path):
    page = "<html><body><img src='a.png'><script>x()</script></body></html>"
    path = write(tmp_path, "page.htm", page)
    articles, problems = read(path)
    assert articles == [] and problems[0].where == str(path)


# --- feeds ------------------------------------------------------------------------------


def test_rss_items_become_articles(tmp_path):
    item = rss_item(
        description=f"<p>{GERMAN}</p><p>Zweiter &amp; letzter Absatz.</p>",
        title="Treffen in Brüssel", link="https://example.org/ausland/treffen-100.html",
        guid="https://example.org/ausland/treffen-100.html",
        pubDate="Tue, 02 Dec 2025 18:15:00 +0100",
    )
    path = write(tmp_path, "feed.xml", rss(item))
    article = read_one(path)
    assert (article.title, article.source) == ("Treffen in Brüssel", "Beispiel-Nachrichten")
    assert article.language == "de"  # from the channel
    assert article.url == "https://example.org/ausland/treffen-100.html"
    assert article.published == datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN)
    assert article.text == f"{GERMAN}\n\nZweiter & letzter Absatz."
    assert article.origin == f"{path}#1"
    assert re.fullmatch(r"treffen-100-[0-9a-f]{8}", article.id)


def test_feed_item_without_text_is_a_problem_and_others_are_kept(tmp_path):
    feed = rss(rss_item(title="Leer", description=""), rss_item(title="Voll"))
    path = write(tmp_path, "feed.rss", feed)
    articles, problems = read(path)
    assert [a.title for a in articles] == ["Voll"]
    assert [p.where for p in problems] == [f"{path}#1"]


def test_atom_prefers_content_over_summary_and_strips_html_titles(tmp_path):
    entry = (
        '<entry><title type="html">Ein &lt;b&gt;fetter&lt;/b&gt; Titel</title>'
        '<id>tag:example.org,2025:1</id><link href="https://example.org/a"/>'
        "<updated>2025-12-02T17:15:00Z</updated><summary>Kurz.</summary>"
        f'<content type="html">&lt;p&gt;{ENGLISH}&lt;/p&gt;</content></entry>'
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom</title>{entry}</feed>"
    )
    article = read_one(write(tmp_path, "feed.atom", feed))
    assert (article.title, article.text, article.source) == ("Ein fetter Titel", ENGLISH, "Atom")
    assert article.published == datetime.fromisoformat("2025-12-02T17:15:00+00:00")
    assert article.metadata["guid"] == "tag:example.org,2025:1"


def test_a_file_that_is_no_feed_is_a_problem(tmp_path):
    path = write(tmp_path, "feed.xml", '<?xml version="1.0"?><catalog><book>x</book></catalog>')
    articles, problems = read(path)
    assert articles == [] and problems[0].where == str(path)


def test_item_ids_are_short_safe_and_distinct():
    page = "nato-außenminister-treffen-in-brüssel-100.html?x=1"
    first = item_id(f"https://example.org/politik/ausland/{page}")
    second = item_id(f"https://example.org/politik/inland/{page}")
    assert re.fullmatch(r"nato-aussenminister-treffen-in-bruessel-[0-9a-f]{8}", first)
    assert first != second
    assert item_id("urn:uuid:1225c695") != item_id("urn:uuid:1225c696")


def test_html_to_text_keeps_paragraphs_and_line_breaks():
    fragment = (
        "<p>Eins  zwei\n drei</p><script>x()</script>"
        "<ul><li>a</li><li>b<br>c</li></ul>Rest &amp; mehr"
    )
    assert html_to_text(fragment) == "Eins zwei drei\n\na\n\nb\nc\n\nRest & mehr"
