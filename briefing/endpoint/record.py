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
    calls: int = 0  # calls sent to the endpoint, failed ones too (cache hits not counted)
    cache_hits: int = 0
    responses: int = 0  # HTTP responses received, of any status: 0 means never reached
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
    cache_problem: str | None = None  # why the response cache was not used, if it could not be
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _started: float = field(default_factory=time.monotonic, repr=False)

    def reserve_call(self, prompt: str, version: int, cap: int) -> bool:
        """Count a call about to be sent, unless `cap` calls are counted already (then False).
        A failed call stays counted: it may have cost as much as one that was answered."""
        with self._lock:
            if self.calls >= cap:
                return False
            self.prompt_versions[prompt] = version
            self.calls += 1
            self.by_prompt.setdefault(prompt, dict.fromkeys(PROMPT_COUNTS, 0))["calls"] += 1
            return True

    def count_call(self, prompt: str, version: int, usage: dict, cached: bool) -> None:
        """An answer: from the cache (a hit), or the tokens of a call `reserve_call` counted."""
        with self._lock:
            self.prompt_versions[prompt] = version
            counts = self.by_prompt.setdefault(prompt, dict.fromkeys(PROMPT_COUNTS, 0))
            if cached:
                self.cache_hits += 1
                counts["cache_hits"] += 1
                return
            for name in ("prompt_tokens", "completion_tokens"):
                tokens = usage.get(name) or 0
                setattr(self, name, getattr(self, name) + tokens)
                counts[name] += tokens

    def count_response(self, retried: bool = False) -> None:
        with self._lock:
            self.responses += 1
            self.retried_responses += retried

    def count_retry(self) -> None:
        with self._lock:
            self.retried_responses += 1

    def not_reached(self) -> str | None:
        """Why the endpoint was never reached (the first failure), when calls were made but
        none got any HTTP response and none was answered from the cache; else None."""
        if self.responses or self.cache_hits or not self.calls:
            return None
        reasons = [fallback["reason"] for fallback in self.fallbacks] + self.errors
        return reasons[0] if reasons else "no call got an answer"

    def warnings(self) -> list[str]:
        """What a user must hear about the LLM path, one line each: a cache that could not be
        used, an endpoint that was never reached."""
        lines = [self.cache_problem] if self.cache_problem else []
        if (reason := self.not_reached()) is not None:
            lines.append(f"the LLM at {self.endpoint_host} was not reached ({reason}): the brief is extractive")
        return lines

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
