"""`briefing build` with --topic, --since, and without paths (the sources of briefing.toml)."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import builders
from typer.testing import CliRunner

from briefing.cli import app

EXAMPLES = builders.EXAMPLES / "articles"
runner = CliRunner()


def build(*arguments: str):
    return runner.invoke(app, ["build", *arguments, "--format", "json"])


def test_a_topic_brief_has_only_that_topic_and_is_titled_by_it():
    result = build(str(EXAMPLES), "--topic", "NATO Ukraine", "--from", "2025-12-01", "--to", "2025-12-04")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["title"] == "NATO Ukraine, 1–4 December 2025"
    text = json.dumps(brief["sections"], ensure_ascii=False)
    assert "NATO" in text or "Nato" in text
    assert "Lotte" not in text and "Okapi" not in text
    assert brief["report"]["off_topic"] > 0


def test_a_topic_no_article_is_about_exits_3_with_a_clear_message():
    result = build(str(EXAMPLES), "--topic", "Quidditch Weltmeisterschaft")
    assert result.exit_code == 3
    assert "is about 'Quidditch Weltmeisterschaft'" in result.output


def test_an_empty_topic_is_a_usage_error():
    result = build(str(EXAMPLES), "--topic", "  ")
    assert result.exit_code == 2
    assert "--topic" in result.output


def write_article(folder: Path, name: str, published: datetime, title: str) -> None:
    record = {"id": name, "title": title, "published": published.isoformat(), "source": "Testblatt",
              "text": f"{title}. Der Bundestag hat am Abend über das Rentenpaket beraten. Die Abstimmung folgt."}  # fmt: skip
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def test_since_takes_the_articles_of_the_last_hours_or_days(tmp_path):
    now = datetime.now(ZoneInfo("Europe/Berlin"))
    write_article(tmp_path, "fresh", now - timedelta(hours=2), "Rentenpaket im Bundestag")
    write_article(tmp_path, "old", now - timedelta(days=5), "Rentenpaket vor einer Woche")
    result = build(str(tmp_path), "--since", "1d")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert list(brief["articles"]) == ["fresh"]
    assert brief["report"]["out_of_range"] == 1


def test_since_and_from_do_not_go_together_and_a_bad_since_is_named():
    assert "instead of --from" in build(str(EXAMPLES), "--since", "3d", "--from", "2025-12-01").output
    bad = build(str(EXAMPLES), "--since", "3x")
    assert bad.exit_code == 2
    assert "--since" in bad.output


def test_without_paths_build_reads_the_sources_of_briefing_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = build()
    assert missing.exit_code == 2
    assert "briefing init" in missing.output
    (tmp_path / "briefing.toml").write_text(f'[sources]\nfolders = ["{EXAMPLES}"]\nstore = "none.sqlite"\n')
    result = build("--from", "2025-12-03", "--to", "2025-12-03")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sections"]


def test_a_config_with_no_folders_and_no_store_yet_says_to_fetch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text('[sources]\nstore = "not-yet.sqlite"\n')
    result = build()
    assert result.exit_code == 2
    assert "no article store yet (`briefing fetch` makes one)" in result.output
    assert not (tmp_path / "not-yet.sqlite").exists()  # reading never creates a store
