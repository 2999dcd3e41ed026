"""briefing.toml: the starter file `init` writes, and validation that names the key."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import UsageError
from briefing.settings import load_config, starter_config

runner = CliRunner()


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
