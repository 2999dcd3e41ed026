"""The support check by a model (the judge): after the deterministic checks, a separate
call with its own prompt (`prompts/judge.toml`) decides for each statement whether the
passages it cites support it, contradict it, or do not state it.

One call judges a batch (a section's statements and headline, the overview, what to
watch). The answer is schema-bound: the verdict is an enum, and so are the ids of the
batch. Only "supported" lets a statement through. An item the judge gives no verdict on
counts as not stated; an answer that is not JSON, does not fit the schema, or does not
come in time raises `JudgeError`, so that no statement is ever printed unjudged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from briefing.endpoint import LLMClient, LLMError, RenderedPrompt
from briefing.verify.cited import Cited

Support = Literal["supported", "contradicted", "not_stated"]  # a verdict of the judge
# One sentence of reason is enough; the bound also keeps a rambling model's answer short.
MAX_REASON_CHARS = 300
NO_VERDICT = "the judge gave no verdict on it"


class JudgeError(LLMError):
    """The judge's call failed or its answer could not be used: nothing it was to judge passes."""


@dataclass(frozen=True)
class JudgeItem:
    """One statement to judge: its id in the batch, its text, the passages it cites, and
    the outlet of each (shown to the judge beside the passage; None: not known)."""

    id: str
    text: str
    cited: tuple[Cited, ...]
    outlets: tuple[str | None, ...] = ()

    def view(self) -> dict:
        """What the prompt shows of the item (outlet and date None where not known)."""
        outlets = self.outlets or (None,) * len(self.cited)
        passages = [
            {"text": c.text, "before": c.before, "outlet": outlet,
             "date": c.published.isoformat() if c.published else None}
            for c, outlet in zip(self.cited, outlets)
        ]  # fmt: skip
        return {"id": self.id, "text": self.text, "passages": passages}


@dataclass(frozen=True)
class JudgeVerdict:
    verdict: Support
    reason: str

    @property
    def supported(self) -> bool:
        return self.verdict == "supported"

    def __str__(self) -> str:
        return f"the judge found it {self.verdict.replace('_', ' ')}: {self.reason}"


class JudgedItem(BaseModel):
    """One verdict as the judge writes it: the reason first, so that the verdict follows it."""

    id: str
    reason: str = ""
    verdict: Support


class JudgeAnswer(BaseModel):
    verdicts: list[JudgedItem]


def judge_schema(ids: Sequence[str]) -> dict:
    """The JSON schema the judge is asked to follow: the batch's ids and the verdicts as enums."""
    # The ignores: a Literal of this batch's ids is made at run time; pydantic takes it as
    # it is, mypy cannot check it statically.
    Id = Literal[tuple(ids)]  # type: ignore[valid-type]
    id_field: Any = (Id, ...)  # Any: mypy versions differ on a run-time Literal in a field
    item = create_model(
        "JudgedItem", id=id_field, reason=(str, Field(max_length=MAX_REASON_CHARS)), verdict=(Support, ...)
    )
    verdicts = (list[item], Field(min_length=len(ids), max_length=len(ids)))  # type: ignore[valid-type]
    return create_model("JudgeAnswer", verdicts=verdicts).model_json_schema()


class Judge:
    """Judges batches of statements with one call each, through `client` (whose model is
    the judge's) and the judge prompt that `render` fills with the items' views."""

    def __init__(self, client: LLMClient, render: Callable[[list[dict]], RenderedPrompt]):
        self.client = client
        self.render = render

    @property
    def model(self) -> str:
        return self.client.model

    def judge(self, items: Sequence[JudgeItem]) -> dict[str, JudgeVerdict]:
        """A verdict for every item, by id; JudgeError when the call or its answer fails."""
        if not items:
            return {}
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"the ids of a batch must differ: {ids}")
        prompt = self.render([item.view() for item in items])
        try:
            answer = self.client.complete(prompt, JudgeAnswer, judge_schema(ids)).value
        except LLMError as error:
            raise JudgeError(f"the support check failed: {error}") from None
        assert isinstance(answer, JudgeAnswer)  # parsed by complete()
        return verdicts_by_id(answer, ids)


def verdicts_by_id(answer: JudgeAnswer, ids: Sequence[str]) -> dict[str, JudgeVerdict]:
    """Each id's verdict. An id answered twice is supported only if both answers say so;
    an id not answered is not stated; answers for ids not in the batch are ignored. A
    reason is kept to MAX_REASON_CHARS, which the schema asks for but parsing cannot trust."""
    found: dict[str, JudgeVerdict] = {}
    for judged in answer.verdicts:
        if judged.id not in ids:
            continue
        earlier = found.get(judged.id)
        if earlier is None or earlier.supported:
            found[judged.id] = JudgeVerdict(judged.verdict, " ".join(judged.reason.split())[:MAX_REASON_CHARS])
    return {id_: found.get(id_, JudgeVerdict("not_stated", NO_VERDICT)) for id_ in ids}
