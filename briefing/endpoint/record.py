"""The run record: what the LLM path did, written as JSON beside the brief.

Model, endpoint host, prompt versions, calls, tokens and cache hits (in all and per
prompt, so that the judge's cost shows), retries, fallbacks and why, dropped statements
and why, the judge's verdicts, timings. Never an API key.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

PROMPT_COUNTS = ("calls", "cache_hits", "prompt_tokens", "completion_tokens")


@dataclass
class RunRecord:
    model: str | None = None
    judge_model: str | None = None  # the model that judged the statements; None: no judge
    endpoint_host: str | None = None
    output_mode: str | None = None  # json_schema | json_object | text
    prompt_versions: dict[str, int] = field(default_factory=dict)
    calls: int = 0  # answers received from the endpoint (cache hits not counted)
    cache_hits: int = 0
    retried_responses: int = 0  # 429, 408 and 5xx answers the client retried after
    prompt_tokens: int = 0
    completion_tokens: int = 0
    # per prompt name: {"calls", "cache_hits", "prompt_tokens", "completion_tokens"}
    by_prompt: dict[str, dict[str, int]] = field(default_factory=dict)
    fallbacks: list[dict] = field(default_factory=list)  # {"section", "reason"}
    dropped: list[dict] = field(default_factory=list)  # {"section", "statement", "reasons"}
    judged: list[dict] = field(default_factory=list)  # {"section", "statement", "verdict", "reason"}
    reasked: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per section, and "total"
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _started: float = field(default_factory=time.monotonic, repr=False)

    def count_call(self, prompt: str, version: int, usage: dict, cached: bool) -> None:
        with self._lock:
            self.prompt_versions[prompt] = version
            counts = self.by_prompt.setdefault(prompt, dict.fromkeys(PROMPT_COUNTS, 0))
            if cached:
                self.cache_hits += 1
                counts["cache_hits"] += 1
                return
            self.calls += 1
            self.prompt_tokens += usage.get("prompt_tokens", 0)
            self.completion_tokens += usage.get("completion_tokens", 0)
            counts["calls"] += 1
            counts["prompt_tokens"] += usage.get("prompt_tokens", 0)
            counts["completion_tokens"] += usage.get("completion_tokens", 0)

    def count_retry(self) -> None:
        with self._lock:
            self.retried_responses += 1

    def fallback(self, section: str, reason: str) -> None:
        with self._lock:
            self.fallbacks.append({"section": section, "reason": reason})

    def drop(self, section: str, statement: str, reasons: tuple[str, ...] | list[str]) -> None:
        with self._lock:
            self.dropped.append({"section": section, "statement": statement, "reasons": list(reasons)})

    def judge(self, section: str, statement: str, verdict: str, reason: str) -> None:
        with self._lock:
            self.judged.append({"section": section, "statement": statement, "verdict": verdict, "reason": reason})

    def time(self, name: str, seconds: float) -> None:
        with self._lock:
            self.seconds[name] = round(seconds, 3)

    def as_dict(self) -> dict:
        self.seconds["total"] = round(time.monotonic() - self._started, 3)
        return {key: value for key, value in vars(self).items() if not key.startswith("_")}
