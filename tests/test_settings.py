"""briefing.toml: the starter file `init` writes, and validation that names the key."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import UsageError
from briefing.settings import load_config, starter_config

runner = CliRunner()
SMTP = '[smtp]\nhost = "h"\nsender = "s@example.org"\n'
# issue 13: config that gave a traceback, a misleading message or none at all.
ISSUE_13_CASES = {
    "llm = 5": "[llm] must be a table, not a number",
    'llm = "base_url"': "[llm] must be a table, not a string",
    "smtp = true": "[smtp] must be a table, not true/false",
    "sources = []": "[sources] must be a table, not a list",
    "profiles = 3": "[profiles] must be a table, not a number",
    '[profiles]\nnato = "x"': "[profiles.nato] must be a table, not a string",
    "[llm]\nmax_retries = -1": "llm.max_retries: Input should be greater than or equal to 0",
    "[llm]\nmax_retries = 1000": "llm.max_retries: Input should be less than or equal to 10",
    "[llm]\ncontext_tokens = 0": "llm.context_tokens: 0 tokens hold hardly a passage",
    "[llm]\nanswer_tokens = 0": "llm.answer_tokens: Input should be greater than or equal to 1",
    "[llm]\nmax_tokens = 0": "llm.max_tokens: Input should be greater than or equal to 1",
    "[llm]\nmax_calls = 0": "llm.max_calls: Input should be greater than or equal to 1",
    "[llm]\nconcurrency = 0": "llm.concurrency: Input should be greater than or equal to 1",
    "[llm]\ntimeout = 0": "llm.timeout: Input should be greater than 0",
    "[llm]\ntimeout = nan": "llm.timeout: Input should be a finite number",
    "[llm]\ndeadline = 1e308": "llm.deadline: Input should be less than or equal to 86400",
    SMTP + "timeout = 1e308": "smtp.timeout: Input should be less than or equal to 86400",
    SMTP + "timeout = inf": "smtp.timeout: Input should be a finite number",
    SMTP + "deadline = -1": "smtp.deadline: Input should be greater than 0",
    '[smtp]\nhost = "h"\nsender = "a@example.org, b@example.org"': "smtp.sender: 'a@example.org, b@example.org' reads as 2",
    '[profiles.nato]\nrecipients = ["Mueller, Joerg <joerg@example.org>"]': (
        "profiles.nato.recipients: 'Mueller, Joerg <joerg@example.org>' reads as 2 addresses"
    ),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_starter_config_is_valid_and_makes_a_daily_profile(tmp_path):
    config = load_config(write(tmp_path, starter_config()))
    assert list(config.profiles) == ["daily"]
    assert config.profiles["daily"].formats == ["pdf", "md", "json"]
    assert config.smtp is None
    assert config.output_path() == tmp_path / "briefs"


def test_init_writes_the_starter_file_and_will_not_overwrite_it(tmp_path):
    target = tmp_path / "briefing.toml"
    first = runner.invoke(app, ["init", "--config", str(target)])
    assert first.exit_code == 0, first.output
    assert target.read_text(encoding="utf-8") == starter_config()
    again = runner.invoke(app, ["init", "--config", str(target)])
    assert again.exit_code == 2
    assert "exists already" in again.output
    assert runner.invoke(app, ["init", "--config", str(target), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('timezone = "Mars/Olympus"', "timezone: 'Mars/Olympus' is not a timezone"),
        ('colour = "blue"', "colour: unknown key"),
        ('[profiles.nato]\nformats = ["docx"]', "profiles.nato.formats.0: Input should be 'md', 'html', 'pdf' or 'json'"),
        ("[profiles.nato]\nmax_topics = -1", "profiles.nato.max_topics: Input should be greater than or equal to 0"),
        ('[profiles.nato]\nrecipients = ["analyst"]', "profiles.nato.recipients: 'analyst' is not an e-mail address"),
        ('[profiles."nato brief"]', "profile name 'nato brief' may hold only"),
        ('[smtp]\nhost = "mail.example.org"', "smtp.sender: missing (required)"),
        ('[smtp]\nhost = "h"\nsender = "s@example.org"\nsecurity = "tls"', "smtp.security: Input should be"),
        ('[smtp]\nhost = "h"\nsender = "s@example.org"\nport = 99999', "smtp.port: Input should be less than"),
        ('[sources]\nfeeds = ["ftp://example.org/feed"]', "sources.feeds: 'ftp://example.org/feed' is not an http(s) URL"),
        ("[sources\nfeeds = []", "Expected ']'"),
        *[(text, message) for text, message in ISSUE_13_CASES.items()],
    ],
)
def test_a_mistake_is_reported_with_the_file_and_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(UsageError) as raised:
        load_config(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_a_missing_config_says_how_to_make_one(tmp_path):
    with pytest.raises(UsageError, match="briefing init"):
        load_config(tmp_path / "briefing.toml")


def test_relative_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, 'output = "out"\n[sources]\nfolders = ["news"]\nstore = "db/articles.sqlite"'))
    assert config.output_path() == tmp_path / "out"
    assert config.folder_paths() == [tmp_path / "news"]
    assert config.store_path() == tmp_path / "db" / "articles.sqlite"


def test_the_smtp_password_comes_from_the_variable_the_config_names(tmp_path, monkeypatch):
    path = write(tmp_path, '[smtp]\nhost = "h"\nsender = "s@example.org"\npassword_env = "TEST_SMTP_SECRET"')
    monkeypatch.delenv("TEST_SMTP_SECRET", raising=False)
    with pytest.raises(UsageError, match="TEST_SMTP_SECRET, which is not set"):
        load_config(path).smtp_password()
    monkeypatch.setenv("TEST_SMTP_SECRET", "hunter2")
    password = load_config(path).smtp_password()
    assert password is not None and password.get_secret_value() == "hunter2" and "hunter2" not in repr(password)


def test_the_cli_reports_a_config_mistake_in_one_line_with_exit_code_2(tmp_path):
    path = write(tmp_path, '[profiles.nato]\nformats = ["docx"]')
    result = runner.invoke(app, ["daily", "--config", str(path)])
    assert result.exit_code == 2
    assert "profiles.nato.formats.0" in result.output
    assert "Traceback" not in result.output


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_bytes(b"\xef\xbb\xbf" + 'timezone = "UTC"\n[profiles.nato]\ntopic = "NATO"\n'.encode())
    config = load_config(path)
    assert config.timezone == "UTC" and list(config.profiles) == ["nato"]


def test_a_quoted_name_with_a_comma_is_one_recipient(tmp_path):
    path = write(tmp_path, '[profiles.nato]\nrecipients = [\'"Mueller, Joerg" <joerg@example.org>\', "a@example.org"]')
    assert load_config(path).profiles["nato"].recipients == ['"Mueller, Joerg" <joerg@example.org>', "a@example.org"]


def test_the_smtp_deadline_defaults_to_four_timeouts(tmp_path):
    config = load_config(write(tmp_path, SMTP + "timeout = 5"))
    assert config.smtp is not None and config.smtp.delivery_deadline == 20
    config = load_config(write(tmp_path, SMTP + "timeout = 5\ndeadline = 60"))
    assert config.smtp is not None and config.smtp.delivery_deadline == 60


@pytest.mark.parametrize("text", list(ISSUE_13_CASES))
def test_every_config_mistake_is_one_line_naming_the_key_in_the_cli(tmp_path, text):
    path = write(tmp_path, text)
    result = runner.invoke(app, ["daily", "--config", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"briefing: error: {path}: {ISSUE_13_CASES[text]}")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
