"""What the model answers, as pydantic models that parse it: claims (a text and the passage
labels it cites), and the answers for a section, the overview and what to watch.

Parsing holds an answer to the caps the prompt and the schema state, whatever the model
wrote: a claim's text to MAX_CLAIM_CHARACTERS (longer: the answer does not fit, a failed
call; a headline that long gives way to the label), its citations to the first MAX_CITES,
and each list of claims to its first CAPS (what was cut is in `cut`, for the run record).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationError, create_model, field_validator, model_validator

from briefing.summarise.selection import MAX_STATEMENTS

# What the prompts ask for: citations per claim, overview sentences, items to watch.
MAX_CITES = 3
OVERVIEW_SENTENCES = 5
WATCH_ITEMS = 5
# A statement or headline longer than this is no statement: ten long sentences. An answer
# with one is a failed call (a headline that long gives way to the label).
MAX_CLAIM_CHARACTERS = 2_000


class Claim(BaseModel):
    """One statement as the model writes it: text and the labels it cites (the first
    MAX_CITES of them: the schema asks for no more)."""

    text: str = Field(min_length=1, max_length=MAX_CLAIM_CHARACTERS)
    cites: list[str] = Field(min_length=1)

    @field_validator("cites", mode="before")
    @classmethod
    def _first_cites(cls, value: Any) -> Any:
        return value[:MAX_CITES] if isinstance(value, list) else value


class CappedAnswer(BaseModel):
    """An answer whose lists of claims are cut, on parsing, to the caps the prompt and the
    schema state (CAPS: field → most claims): the first ones are kept, and `cut` says what
    was left out, for the run record. A model that writes 10,000 statements costs no more
    than one that writes six."""

    CAPS: ClassVar[dict[str, int]] = {}
    _cut: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _first_claims(cls, data: Any, handler: Any) -> Any:
        cut = []
        if isinstance(data, dict):
            data = dict(data)
            for name, cap in cls.CAPS.items():
                if isinstance(items := data.get(name), list) and len(items) > cap:
                    cut.append(f"the answer had {len(items):,} {name}: kept the first {cap}")
                    data[name] = items[:cap]
        answer = handler(data)
        answer._cut = cut
        return answer

    @property
    def cut(self) -> list[str]:
        return self._cut


class ClusterAnswer(CappedAnswer):
    CAPS = {"statements": MAX_STATEMENTS}

    headline: Claim | None = None
    statements: list[Claim] = Field(default_factory=list)

    @field_validator("headline", mode="before")
    @classmethod
    def _claim_or_none(cls, value: Any) -> Any:
        """A headline without citations (or a bare string) is no headline: the label stands
        in for it, and the statements are kept."""
        try:
            return Claim.model_validate(value)
        except ValidationError:
            return None


class OverviewAnswer(CappedAnswer):
    CAPS = {"sentences": OVERVIEW_SENTENCES}

    sentences: list[Claim] = Field(default_factory=list)


class WatchAnswer(CappedAnswer):
    CAPS = {"items": WATCH_ITEMS}

    items: list[Claim] = Field(default_factory=list)


def constrained_schema(answer: type[BaseModel], field: str, labels: list[str]) -> dict:
    """`answer`'s JSON schema with the claims' `cites` limited to `labels` (an enum); a
    single claim (the headline) is required and limited alike."""
    # The ignores: these types are made at run time (a Literal of this call's labels, a model
    # from create_model); pydantic takes them as they are, mypy cannot check them statically.
    Label = Literal[tuple(labels)]  # type: ignore[valid-type]
    cites = (list[Label], Field(min_length=1, max_length=MAX_CITES))  # type: ignore[valid-type]
    # No maxLength on the text: llama.cpp spells one out as a grammar rule per character, and
    # gives up (its server dies) at 2,000; the length is held on parsing instead.
    claim = create_model("Claim", text=(str, Field(min_length=1)), cites=cites)
    fields: dict[str, Any] = {name: (info.annotation, info) for name, info in answer.model_fields.items()}
    fields.update({name: (claim, ...) for name, info in answer.model_fields.items() if info.annotation == Claim | None})
    fields[field] = (list[claim], Field(max_length=MAX_STATEMENTS))  # type: ignore[valid-type]
    return create_model(answer.__name__, **fields).model_json_schema()


# Points on which outlets disagree, per section; and quotes translated, per section.
DIFFERENCES = 3
TRANSLATIONS = 3
MAX_TOPIC_CHARACTERS = 120


class Disagreement(BaseModel):
    """One point two outlets report differently: what it is about, and each side's claim."""

    topic: str = Field(min_length=1, max_length=MAX_TOPIC_CHARACTERS)
    kind: Literal["figure", "denial", "attribution"] = "figure"
    first: Claim
    second: Claim


class DifferencesAnswer(CappedAnswer):
    CAPS = {"differences": DIFFERENCES}

    differences: list[Disagreement] = Field(default_factory=list)


class Translation(BaseModel):
    """A quote's translation: the quote's id (Q1 …) and the translated text."""

    id: str
    text: str = Field(min_length=1, max_length=MAX_CLAIM_CHARACTERS)


class TranslationAnswer(CappedAnswer):
    CAPS = {"translations": TRANSLATIONS}

    translations: list[Translation] = Field(default_factory=list)


def differences_schema(labels: list[str]) -> dict:
    """`DifferencesAnswer`'s JSON schema with each side's `cites` limited to `labels`."""
    Label = Literal[tuple(labels)]  # type: ignore[valid-type]  # made at run time, as in constrained_schema
    cites = (list[Label], Field(min_length=1, max_length=MAX_CITES))  # type: ignore[valid-type]
    claim = create_model("Claim", text=(str, Field(min_length=1)), cites=cites)
    kinds = Literal["figure", "denial", "attribution"]
    fields: dict[str, Any] = {"topic": (str, Field(min_length=1)), "kind": (kinds, ...), "first": (claim, ...),
                              "second": (claim, ...)}  # fmt: skip
    item = create_model("Disagreement", **fields)
    answer = create_model("DifferencesAnswer", differences=(list[item], Field(max_length=DIFFERENCES)))  # type: ignore[valid-type]
    return answer.model_json_schema()


def translations_schema(ids: list[str]) -> dict:
    """`TranslationAnswer`'s JSON schema with the ids limited to `ids`."""
    Id = Literal[tuple(ids)]  # type: ignore[valid-type]
    fields: dict[str, Any] = {"id": (Id, ...), "text": (str, Field(min_length=1))}  # Id is made at run time
    item = create_model("Translation", **fields)
    answer = create_model("TranslationAnswer", translations=(list[item], Field(max_length=len(ids))))  # type: ignore[valid-type]
    return answer.model_json_schema()
