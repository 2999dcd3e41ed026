"""`briefing daily` end to end: files per profile, the same files twice, e-mail through a
real SMTP server on 127.0.0.1, and what a failing mail server or an empty topic does."""

import email
import email.policy
import io
import socket
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import builders
import pypdf
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from briefing.cli import app
from briefing.cli.daily import previous_day
from briefing.ingest import read_articles
from briefing.settings import Settings, load_config
from briefing.sources.store import ArticleStore

EXAMPLES = builders.EXAMPLES / "articles"
DAY = "2025-12-03"
runner = CliRunner()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def config_file(tmp_path: Path, smtp_port: int, topic: str = "NATO Ukraine", folders=(EXAMPLES,)) -> Path:
    folder_list = ", ".join(f'"{folder}"' for folder in folders)
    text = f"""
timezone = "Europe/Berlin"
output = "briefs"

[sources]
folders = [{folder_list}]
store = "articles.sqlite"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
sender = "Briefing <briefing@example.org>"
timeout = 5

[profiles.all]
formats = ["pdf", "md", "json"]
recipients = ["analyst@example.org", "team@example.org"]

[profiles.nato]
topic = "{topic}"
formats = ["md"]
"""
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_daily(config: Path, *options: str):
    return runner.invoke(app, ["daily", "--date", DAY, "--config", str(config), "--quiet", *options])


def test_daily_writes_each_profile_and_mails_the_digest(tmp_path, smtp_server):
    port, inbox = smtp_server
    result = run_daily(config_file(tmp_path, port))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "briefs" / DAY
    assert sorted(path.name for path in folder.iterdir()) == [
        "all.json", "all.md", "all.pdf", "all.run.json", "nato.json", "nato.md", "nato.run.json",
    ]  # fmt: skip
    assert (folder / "nato.md").read_text(encoding="utf-8").startswith("# NATO Ukraine, 3 December 2025")
    assert result.output == ""  # --quiet: nothing but errors

    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["analyst@example.org", "team@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "News brief, 3 December 2025"
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain == (folder / "all.md").read_text(encoding="utf-8")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(attachment.get_content())).pages
    assert "News brief" in pages[0].extract_text()


def test_running_daily_twice_gives_the_same_files(tmp_path, smtp_server):
    config = config_file(tmp_path, smtp_server[0])
    assert run_daily(config).exit_code == 0
    folder = tmp_path / "briefs" / DAY
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert run_daily(config).exit_code == 0
    second = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert first == second


def test_a_mail_server_that_is_down_fails_the_run_but_keeps_the_files(tmp_path):
    dead_port = _free_port()
    result = run_daily(config_file(tmp_path, dead_port))
    assert result.exit_code == 1
    assert "error: all: " in result.output and f"127.0.0.1:{dead_port}" in result.output
    assert "(its files are written)" in result.output
    assert (tmp_path / "briefs" / DAY / "all.pdf").is_file()
    assert (tmp_path / "briefs" / DAY / "nato.md").is_file()  # the other profile still ran


def test_a_topic_with_no_article_exits_3_and_the_other_profiles_still_run(tmp_path, smtp_server):
    result = run_daily(config_file(tmp_path, smtp_server[0], topic="Quidditch Weltmeisterschaft"))
    assert result.exit_code == 3
    assert "error: nato: no article" in result.output
    assert (tmp_path / "briefs" / DAY / "all.md").is_file()
    assert not (tmp_path / "briefs" / DAY / "nato.md").exists()


def test_one_profile_can_be_chosen_and_an_unknown_one_is_a_usage_error(tmp_path, smtp_server):
    config = config_file(tmp_path, smtp_server[0])
    assert run_daily(config, "--profile", "nato").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "briefs" / DAY).iterdir()) == ["nato.json", "nato.md", "nato.run.json"]
    unknown = run_daily(config, "--profile", "sport")
    assert unknown.exit_code == 2
    assert "no profile sport (there are: all, nato)" in unknown.output


def test_daily_reads_the_article_store(tmp_path, smtp_server):
    """Articles collected by `fetch` during the day are what the daily brief sees."""
    config = config_file(tmp_path, smtp_server[0], folders=())
    articles, _ = read_articles([EXAMPLES], Settings())
    with ArticleStore(load_config(config).store_path()) as store:
        store.add(articles, fetched_at=datetime(2025, 12, 4, 6, tzinfo=ZoneInfo("UTC")))
    result = run_daily(config, "--profile", "all")
    assert result.exit_code == 0, result.output
    from_store = (tmp_path / "briefs" / DAY / "all.md").read_text(encoding="utf-8")
    assert "NATO" in from_store


def test_the_default_day_is_yesterday_in_the_configured_timezone(tmp_path):
    config = load_config(config_file(tmp_path, 25))
    just_after_midnight_in_berlin = datetime(2025, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on the 5th
    assert previous_day(config, just_after_midnight_in_berlin).isoformat() == "2025-12-04"


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 with the example feed at /wire.xml (anything else: 404)."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    folder = EXAMPLES / "feeds"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_fills_the_store_that_daily_briefs_from(tmp_path, smtp_server, feed_server):
    config = config_file(tmp_path, smtp_server[0], folders=())
    text = config.read_text(encoding="utf-8").replace(
        "[sources]\n", f'[sources]\nfeeds = ["{feed_server}/continental-wire.xml", "{feed_server}/gone.xml"]\n'
    )
    config.write_text(text, encoding="utf-8")

    fetched = runner.invoke(app, ["fetch", "--config", str(config)])
    assert fetched.exit_code == 1  # one dead feed: reported, the other one still stored
    assert f"{feed_server}/gone.xml" in fetched.output and "404" in fetched.output
    assert "new article(s) from 2 feed(s)" in fetched.output
    again = runner.invoke(app, ["fetch", "--config", str(config), "--quiet"])
    assert "0 new" not in again.output  # --quiet: only the error line
    assert again.output.count("error:") == 1

    result = run_daily(config, "--profile", "all")
    assert result.exit_code == 0, result.output
    brief = (tmp_path / "briefs" / DAY / "all.md").read_text(encoding="utf-8")
    assert "Continental Wire" in brief


def test_a_failing_pdf_still_leaves_the_markdown_json_and_the_mail(tmp_path, smtp_server, monkeypatch):
    import briefing.output.render

    def broken_pdf(html: str) -> bytes:
        raise briefing.output.render.RenderError("PDF rendering failed: no fonts (for the test)")

    monkeypatch.setattr(briefing.output.render, "html_to_pdf", broken_pdf)
    port, inbox = smtp_server
    result = run_daily(config_file(tmp_path, port), "--profile", "all")
    assert result.exit_code == 1
    assert "error: all: PDF rendering failed: no fonts (for the test) (its files are written)" in result.output
    folder = tmp_path / "briefs" / DAY
    assert sorted(path.name for path in folder.iterdir()) == ["all.json", "all.md", "all.run.json"]
    [envelope] = inbox.messages
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert list(message.iter_attachments()) == []


PENSION_FOLLOW_UP = """---
title: "Rentenpaket: Junge Union bleibt vor der Abstimmung skeptisch"
source: Elbe Bote
published: 2025-12-02T20:30:00+01:00
language: de
---
Vor der Abstimmung im Bundestag über das Rentenpaket wirbt die Koalition weiter um die Stimmen der jungen Abgeordneten der Union.
Kernstück des Gesetzes ist die Haltelinie, die das Rentenniveau bis 2031 bei 48 Prozent sichern soll.
Kanzler Friedrich Merz hatte die Abgeordneten der Unionsfraktion zuvor zur Zustimmung aufgerufen.
"""
PENSION_NEXT_DAY = """---
title: "Rentenpaket: Linke kündigt Enthaltung an, Koalition atmet auf"
source: Elbe Bote
published: 2025-12-03T16:00:00+01:00
language: de
---
Im Streit um das Rentenpaket der Bundesregierung will sich die Linke bei der Abstimmung im Bundestag am Freitag enthalten.
Damit dürfte die Koalition von Kanzler Friedrich Merz die nötige Mehrheit für die Haltelinie bei 48 Prozent erreichen.
Junge Abgeordnete der Union halten das Rentenpaket weiterhin für zu teuer.
"""


def test_the_next_days_brief_links_its_sections_to_the_day_before(tmp_path, smtp_server):
    port, _ = smtp_server
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "rente.md").write_text(PENSION_FOLLOW_UP, encoding="utf-8")
    (extra / "rente-2.md").write_text(PENSION_NEXT_DAY, encoding="utf-8")
    config = config_file(tmp_path, port, folders=(EXAMPLES, extra))
    before = runner.invoke(app, ["daily", "--date", "2025-12-02", "--config", str(config), "--quiet", "--profile", "all"])
    assert before.exit_code == 0, before.output
    assert run_daily(config, "--profile", "all").exit_code == 0
    brief = json.loads((tmp_path / "briefs" / DAY / "all.json").read_text(encoding="utf-8"))
    assert brief["compared_with"] == ["2025-12-02"]
    earlier = json.loads((tmp_path / "briefs" / "2025-12-02" / "all.json").read_text(encoding="utf-8"))
    continued = [section for section in brief["sections"] if section["earlier"]]
    assert continued and len(continued) < len(brief["sections"])  # some new, some developing
    for section in continued:
        link = section["earlier"][0]
        assert link["brief_date"] == "2025-12-02" and link["href"] == f"../2025-12-02/all.md#section-{link['section_id']}"
        assert link["section_id"] in {s["id"] for s in earlier["sections"]}
    markdown = (tmp_path / "briefs" / DAY / "all.md").read_text(encoding="utf-8")
    assert "**developing, since 2 December 2025**" in markdown and "· **new**" in markdown
