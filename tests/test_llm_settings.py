import pytest

from briefing.errors import UsageError
from briefing.settings import (
    DEFAULT_CONTEXT_WINDOW,
    DEFAULT_OPENAI_MODEL,
    PROMPT_RESERVE_TOKENS,
    llm_settings,
    load_config,
)


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


def test_the_passage_budget_is_sized_to_the_model_window(clean_environment, tmp_path):
    default = resolve_llm_settings({})
    assert default.context_window == DEFAULT_CONTEXT_WINDOW
    assert default.passage_tokens == DEFAULT_CONTEXT_WINDOW - PROMPT_RESERVE_TOKENS > 3000
    write_config(tmp_path, "[llm]\ncontext_window = 128000\n")
    assert resolve_llm_settings({}).passage_tokens == 128000 - PROMPT_RESERVE_TOKENS


def test_context_tokens_overrides_the_budget_from_the_window(clean_environment, tmp_path):
    write_config(tmp_path, "[llm]\ncontext_tokens = 3000\n")
    settings = resolve_llm_settings({})
    assert settings.passage_tokens == 3000 and settings.context_window == DEFAULT_CONTEXT_WINDOW


@pytest.mark.parametrize(
    "lines, message",
    [
        ("context_window = 0", "llm.context_window: 0 tokens leave no room for passages"),
        ("context_window = 2048", "llm.context_window: 2048 tokens leave no room for passages"),
        ('context_window = "8k"', "llm.context_window: has the wrong type"),
        ("context_window = 8192.5", "llm.context_window: has the wrong type"),
        ("context_tokens = -1", "llm.context_tokens: -1 tokens hold hardly a passage"),
        ("context_tokens = 20000", "llm: context_tokens = 20000 does not fit a context_window of 8192"),
        ("context_window = 4096\ncontext_tokens = 3000", "(at most 1536); set context_window to the model's"),
    ],
)
def test_a_nonsense_budget_is_refused_with_the_key(clean_environment, tmp_path, lines, message):
    path = write_config(tmp_path, f"[llm]\n{lines}\n")
    with pytest.raises(UsageError) as raised:
        resolve_llm_settings({}, path)
    assert message in str(raised.value)
