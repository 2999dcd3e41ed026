import pytest

from briefing.errors import UsageError
from briefing.settings import DEFAULT_OPENAI_MODEL, llm_settings, load_config


def resolve_llm_settings(flags: dict, path=None, use_cache: bool = True):
    """The settings as `build` layers them: briefing.toml (./ by default), environment, flags."""
    return llm_settings(load_config(path, required=False), flags, use_cache=use_cache)


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "MY_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def write_config(tmp_path, text: str):
    path = tmp_path / "briefing.toml"
    path.write_text(text)
    return path


def test_a_flag_beats_the_environment_which_beats_the_file(clean_environment, tmp_path):
    write_config(tmp_path, '[llm]\nbase_url = "http://file:1/v1"\nmodel = "file-model"\ntimeout = 5\n')
    assert resolve_llm_settings({}).base_url == "http://file:1/v1"  # ./briefing.toml is read by default
    clean_environment.setenv("OPENAI_BASE_URL", "http://env:2/v1")
    settings = resolve_llm_settings({})
    assert (settings.base_url, settings.model, settings.timeout) == ("http://env:2/v1", "file-model", 5)
    settings = resolve_llm_settings({"base_url": "http://flag:3/v1", "model": None})
    assert settings.base_url == "http://flag:3/v1" and settings.model == "file-model"


def test_the_key_comes_from_the_environment_variable_the_config_names(clean_environment, tmp_path):
    write_config(tmp_path, '[llm]\napi_key_env = "MY_KEY"\n')
    clean_environment.setenv("MY_KEY", "sk-secret")
    settings = resolve_llm_settings({})
    assert settings.api_key == "sk-secret" and settings.model == DEFAULT_OPENAI_MODEL
    assert "sk-secret" not in repr(settings)


def test_nothing_configured_is_not_an_endpoint(clean_environment):
    assert not resolve_llm_settings({}).configured


def test_a_local_endpoint_needs_a_model(clean_environment):
    with pytest.raises(UsageError, match="--model"):
        resolve_llm_settings({"base_url": "http://127.0.0.1:8080/v1"})


@pytest.mark.parametrize("line, message", [("colour = 1", "unknown key"), ('timeout = "soon"', "wrong type")])
def test_config_mistakes_name_the_key(clean_environment, tmp_path, line, message):
    path = write_config(tmp_path, f"[llm]\n{line}\n")
    with pytest.raises(UsageError, match=message):
        resolve_llm_settings({}, path)


def test_no_cache_turns_the_cache_off(clean_environment):
    assert resolve_llm_settings({"base_url": "http://x/v1", "model": "m"}, use_cache=False).cache is None
