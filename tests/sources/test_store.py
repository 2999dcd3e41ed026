import os
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from builders import ROOT

from briefing.errors import InputError
from briefing.models import Article
from briefing.sources.store import SCHEMA_VERSION, AddResult, ArticleStore, FeedState, content_hash

BERLIN = ZoneInfo("Europe/Berlin")
FETCHED_AT = datetime(2025, 12, 3, 6, 0, tzinfo=timezone.utc)
GERMAN = "Die Außenminister der Allianz haben am Mittwoch in Brüssel über die Ukraine beraten."
ENGLISH = "The alliance's foreign ministers met in Brussels on Wednesday to discuss Ukraine."


def article(id: str, text: str, url: str | None = None, published: datetime | None = None, **fields) -> Article:
    return Article(id=id, text=text, url=url, published=published, **fields)


@pytest.fixture
def store(tmp_path):
    with ArticleStore(tmp_path / "store" / "articles.db") as store:
        yield store


# --- opening ----------------------------------------------------------------------------


def test_a_new_store_creates_its_folder_schema_version_and_wal_journal(tmp_path):
    path = tmp_path / "deep" / "folder" / "articles.db"
    with ArticleStore(path) as store:
        assert len(store) == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_opens_again_with_what_it_holds(tmp_path):
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        store.add([article("a", GERMAN)], FETCHED_AT)
    with ArticleStore(path) as store:
        assert [stored.id for stored in store.articles()] == ["a"]


def test_a_file_that_is_not_sqlite_is_an_input_error_naming_it(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Einkaufsliste: Milch, Brot, Käse\n" * 20)
    with pytest.raises(InputError, match="notes.db"):
        ArticleStore(path)


def test_another_programs_sqlite_database_is_not_taken_over(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(InputError, match="not an article store"):
        ArticleStore(path)


def test_a_store_from_a_newer_briefing_is_refused(tmp_path):
    path = tmp_path / "articles.db"
    ArticleStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(InputError, match="schema version"):
        ArticleStore(path)


def test_a_folder_in_place_of_the_file_is_an_input_error(tmp_path):
    (tmp_path / "articles.db").mkdir()
    with pytest.raises(InputError, match="articles.db"):
        ArticleStore(tmp_path / "articles.db")


# --- round trip and dedupe ------------------------------------------------------------


def test_every_field_round_trips(store):
    original = article(
        "nato-1", GERMAN, url="https://example.org/nato-1.html",
        published=datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN), title="Außenminister beraten",
        source="Hafenbote", language="de", origin="https://example.org/feed.rss#1",
        metadata={"guid": "nato-1", "tags": ["NATO", "Ukraine"], "author": "Jörg Müller"},
    )  # fmt: skip
    assert store.add([original], FETCHED_AT) == AddResult(added=1, duplicates=0)
    (stored,) = store.articles()
    assert stored == original
    assert stored.published.utcoffset() == timedelta(hours=1)  # the source's offset is kept


def test_the_same_url_is_a_duplicate_even_with_other_text(store):
    store.add([article("a", GERMAN, url="https://example.org/a")], FETCHED_AT)
    result = store.add([article("b", ENGLISH, url="https://example.org/a")], FETCHED_AT)
    assert result == AddResult(added=0, duplicates=1)
    assert [stored.text for stored in store.articles()] == [GERMAN]


def test_the_same_text_is_a_duplicate_even_under_another_url_and_other_whitespace(store):
    store.add([article("a", GERMAN, url="https://example.org/a")], FETCHED_AT)
    respaced = GERMAN.replace(" ", "  ").replace("Brüssel über", "Brüssel\nüber")
    assert content_hash(respaced) == content_hash(GERMAN)
    result = store.add([article("b", respaced, url="https://example.com/b")], FETCHED_AT)
    assert result == AddResult(added=0, duplicates=1)
    assert len(store) == 1


def test_articles_without_url_dedupe_by_text_only(store):
    result = store.add([article("a", GERMAN), article("b", ENGLISH), article("c", GERMAN)], FETCHED_AT)
    assert result == AddResult(added=2, duplicates=1)
    assert sorted(stored.id for stored in store.articles()) == ["a", "b"]


def test_a_taken_id_gets_a_suffix(store):
    store.add([article("nato", GERMAN)], FETCHED_AT)
    store.add([article("nato", ENGLISH), article("nato", "Dritter Text über die NATO.")], FETCHED_AT)
    texts = {stored.id: stored.text for stored in store.articles()}
    assert texts == {"nato": GERMAN, "nato-2": ENGLISH, "nato-3": "Dritter Text über die NATO."}


# --- time range -----------------------------------------------------------------------


def test_time_range_is_half_open_and_undated_articles_count_when_fetched(store):
    store.add([
        article("early", "Text eins.", published=datetime(2025, 12, 1, 23, 59, tzinfo=BERLIN)),
        article("start", "Text zwei.", published=datetime(2025, 12, 2, 0, 0, tzinfo=BERLIN)),
        article("evening", "Text drei.", published=datetime(2025, 12, 2, 18, 15, tzinfo=BERLIN)),
        article("end", "Text vier.", published=datetime(2025, 12, 3, 0, 0, tzinfo=BERLIN)),
    ], FETCHED_AT)  # fmt: skip
    store.add([article("undated", "Text fünf, ohne Datum.")], datetime(2025, 12, 2, 12, 0, tzinfo=timezone.utc))
    day = store.articles(datetime(2025, 12, 2, tzinfo=BERLIN), datetime(2025, 12, 3, tzinfo=BERLIN))
    assert [stored.id for stored in day] == ["start", "undated", "evening"]
    assert day[1].published is None
    assert [stored.id for stored in store.articles(end=datetime(2025, 12, 2, tzinfo=BERLIN))] == ["early"]
    assert len(store.articles(start=datetime(2025, 12, 3, tzinfo=BERLIN))) == 1


def test_equal_times_are_ordered_by_id(store):
    when = datetime(2025, 12, 2, 9, 0, tzinfo=timezone.utc)
    store.add([article("b", "Zweiter.", published=when), article("a", "Erster.", published=when)], FETCHED_AT)
    assert [stored.id for stored in store.articles()] == ["a", "b"]


def test_a_time_without_zone_is_refused(store):
    with pytest.raises(ValueError, match="timezone"):
        store.articles(start=datetime(2025, 12, 2))


# --- feed state -------------------------------------------------------------------------


def test_feed_state_is_saved_and_replaced(store):
    url = "https://example.org/feed.rss"
    assert store.feed_state(url) is None
    store.save_feed_state(FeedState(url, '"v1"', "Tue, 02 Dec 2025 17:00:00 GMT", FETCHED_AT))
    store.save_feed_state(FeedState(url, '"v2"', None, FETCHED_AT + timedelta(hours=1)))
    assert store.feed_state(url) == FeedState(url, '"v2"', None, FETCHED_AT + timedelta(hours=1))


# --- a kill in the middle of a batch --------------------------------------------------

BATCH_SIZE = 1500  # with 2 KB texts, more than SQLite's page cache: pages spill into the WAL
KILL_AFTER_ITEMS = 1200  # of the third batch
_CHILD = f"""
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from briefing.models import Article
from briefing.sources.store import ArticleStore

def batch(number, pause_after=None):
    for item in range({BATCH_SIZE}):
        if item == pause_after:
            print("paused", flush=True)
            time.sleep(60)
        yield Article(id=f"b{{number}}-{{item}}", text=f"Batch {{number}}, Artikel {{item}}. " + "x" * 2000,
                      url=f"https://example.org/{{number}}/{{item}}", metadata={{"batch": number}})

store = ArticleStore(Path(sys.argv[1]))
now = datetime.now(timezone.utc)
store.add(batch(1), now)
store.add(batch(2), now)
print("two batches stored", flush=True)
store.add(batch(3, pause_after={KILL_AFTER_ITEMS}), now)
"""


def test_a_process_killed_mid_batch_leaves_a_consistent_store_of_whole_batches(tmp_path):
    path = tmp_path / "articles.db"
    command = [sys.executable, "-c", _CHILD, str(path)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True) as child:
        try:
            assert child.stdout.readline() == "two batches stored\n"
            assert child.stdout.readline() == "paused\n"  # inside the third batch's transaction
        finally:
            child.send_signal(signal.SIGKILL)
    with ArticleStore(path) as store:  # opening recovers from the WAL
        batches = [stored.metadata["batch"] for stored in store.articles()]
        assert sorted(set(batches)) == [1, 2]
        assert batches.count(1) == batches.count(2) == BATCH_SIZE
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_undated_article_can_come_back_dated_by_its_fetch(store):
    fetched = datetime(2025, 12, 2, 12, 0, tzinfo=timezone.utc)
    store.add([article("undated", "Text fünf, ohne Datum.")], fetched)
    (stored,) = store.articles(date_undated=True)
    assert stored.published == fetched
    assert stored.metadata["dated_by"] == "fetch"
    assert store.articles()[0].published is None  # by default, as it was added


def test_articles_from_the_store_get_the_agency_and_the_kicker_split_as_read_ones_do(tmp_path):
    # issue 14: agency and kicker were only noted for articles read from files
    from briefing.pipeline import gather_articles
    from briefing.settings import Settings

    path = tmp_path / "articles.db"
    text = "BRÜSSEL (dpa) – " + GERMAN + " Rubio blieb dem Treffen fern."
    with ArticleStore(path) as store:
        store.add([article("a", text, title="NATO-Treffen in Brüssel Aufatmen nach dem ausgebliebenen Eklat")], FETCHED_AT)
    (found,), _ = gather_articles([], Settings(), store=path)
    assert found.source == "dpa" and found.metadata["agency"] == "dpa"
    assert found.title == "Aufatmen nach dem ausgebliebenen Eklat"
    assert found.metadata["kicker"] == "NATO-Treffen in Brüssel"
    assert found.language == "de"
