"""What the model adds to a section's comparison of its reports, held to the statements'
rules:

- **Where reports differ** (`written_differences`): the model names points on which the outlets
  disagree, each side citing passages of one outlet, the two sides different outlets.
  Each side is checked against its passages like a statement (`verify`), then judged; a
  point stands only when both sides hold.
- **Voices in translation** (`voice_translations`): with `--language`, a quote in another
  language gains a translation, checked against the quote's passage like a statement and
  judged; one that fails is left out (the quote stands alone).
"""

from __future__ import annotations

from typing import Protocol, cast

from pydantic import BaseModel

from briefing.endpoint import LLMError, RunRecord
from briefing.models import Difference, Passage, Section, Statement, Voice
from briefing.settings import LLMSettings
from briefing.summarise.llm.answers import (
    DIFFERENCES,
    Claim,
    DifferencesAnswer,
    Disagreement,
    TranslationAnswer,
    differences_schema,
    translations_schema,
)
from briefing.summarise.llm.context import prompt_passages
from briefing.summarise.llm.evidence import Evidence, Question, labelled_passages
from briefing.summarise.llm.prompts import PromptTemplate, language_name, render_prompt
from briefing.text.names import fold
from briefing.verify import Cited, JudgeVerdict

NOT_TWO_OUTLETS = "its two sides do not each cite passages of one outlet, two different outlets"


ONLY_THE_QUOTE = "it repeats the quote: no translation"


class Asker(Protocol):
    """What the comparisons need of the LLM summariser: its prompts and settings, a call
    to the model, the judge, and the record."""

    prompts: dict[str, PromptTemplate]
    settings: LLMSettings
    record: RunRecord

    def ask(self, question: Question, follow_up: list[dict] | None = None) -> BaseModel: ...

    def judged(self, where: str, claims: list[Claim], evidence: Evidence) -> list[JudgeVerdict | None]: ...

    def kept(self, where: str, claims: list[Claim], verdicts: list[JudgeVerdict | None]) -> list[Claim]: ...


def written_differences(summariser: Asker, section: Section, passages: dict[str, list[Passage]]) -> list[Difference]:
    """The points on which the section's outlets disagree, each side verified; [] when the
    prompt is missing, the section has one outlet, or a call fails (recorded)."""
    cluster = section.cluster
    if "differences" not in summariser.prompts or len(cluster.outlets) < 2:
        return []
    shown = prompt_passages(cluster, passages, summariser.settings.passage_tokens)
    labels, evidence, views = labelled_passages(shown, cluster.articles, passages)
    prompt = render_prompt(
        summariser.prompts["differences"], topic=section.headline, passages=views, max_items=DIFFERENCES,
        language_name=language_name(summariser.settings.language),
    )  # fmt: skip
    where = f"{cluster.label}: where reports differ"
    question = Question(where, prompt, DifferencesAnswer, "differences", differences_schema(labels))
    try:
        answer = cast(DifferencesAnswer, summariser.ask(question))
        return _held(summariser, where, answer.differences, evidence, summariser.settings.language)
    except LLMError as error:
        summariser.record.errors.append(f"{where}: {error}")
        return []


def _held(
    summariser: Asker, where: str, points: list[Disagreement], evidence: Evidence, language: str | None
) -> list[Difference]:
    """The points whose sides cite one outlet each, different ones, and both hold (each
    side checked in the brief's language, or in its own when none is set)."""
    apart = [point for point in points if _outlets_apart(point, evidence)]
    for point in points:
        if point not in apart:
            summariser.record.drop(where, point.topic, (NOT_TWO_OUTLETS,))
    sides = [side for point in apart for side in (point.first, point.second)]
    verdicts = evidence.check_all(sides, language)
    checked = [side for side, verdict in zip(sides, verdicts) if verdict.supported]
    for side, verdict in zip(sides, verdicts):
        if not verdict.supported:
            summariser.record.drop(where, side.text, verdict.reasons)
    judged = {id(side) for side in summariser.kept(where, checked, summariser.judged(where, checked, evidence))}
    return [
        Difference(point.topic, [_side(point.first, evidence), _side(point.second, evidence)], point.kind)
        for point in apart
        if id(point.first) in judged and id(point.second) in judged
    ]


def _outlets_apart(point: Disagreement, evidence: Evidence) -> bool:
    first, second = _outlets_of(point.first, evidence), _outlets_of(point.second, evidence)
    return len(first) == 1 and len(second) == 1 and first != second and None not in first | second


def _outlets_of(claim: Claim, evidence: Evidence) -> set[str | None]:
    return {evidence.outlets.get(label) for label in claim.cites}


def _side(claim: Claim, evidence: Evidence) -> Statement:
    statement = evidence.statement(claim)
    statement.outlets = sorted({outlet for outlet in _outlets_of(claim, evidence) if outlet})
    return statement


def voice_translations(summariser: Asker, section: Section, passages: dict[str, list[Passage]]) -> None:
    """With `--language`, a checked translation for each voice in another language."""
    target = summariser.settings.language
    foreign = [voice for voice in section.voices if target and voice.language and voice.language != target]
    if not foreign or "voice_translation" not in summariser.prompts:
        return
    ids = [f"Q{number}" for number in range(1, len(foreign) + 1)]
    quotes = [{"id": i, "speaker": v.speaker, "language": v.language, "text": v.quote} for i, v in zip(ids, foreign)]
    prompt = render_prompt(summariser.prompts["voice_translation"], quotes=quotes, language_name=language_name(target))
    where = f"{section.cluster.label}: voices in translation"
    question = Question(where, prompt, TranslationAnswer, "translations", translations_schema(ids))
    try:
        answer = cast(TranslationAnswer, summariser.ask(question))
        by_id = {t.id: t.text for t in answer.translations}
        for echo in [i for i, text in by_id.items() if _echoes(text, dict(zip(ids, foreign)).get(i))]:
            summariser.record.drop(where, f"{by_id.pop(echo)} (translated)", (ONLY_THE_QUOTE,))
        _checked_translations(summariser, where, dict(zip(ids, foreign)), by_id, passages, target)
    except LLMError as error:
        summariser.record.errors.append(f"{where}: {error}")


def _checked_translations(
    summariser: Asker, where: str, voices: dict[str, Voice], texts: dict[str, str],
    passages: dict[str, list[Passage]], language: str | None,
) -> None:  # fmt: skip
    """Sets each translation that its quote's passage carries, checked and judged."""
    evidence = Evidence(
        {i: _quote_cited(voice, passages) for i, voice in voices.items()},
        {i: voice.citations[:1] for i, voice in voices.items()},
    )
    claims = [Claim(text=f"{texts[i]} (translated)", cites=[i]) for i in voices if i in texts]
    verdicts = evidence.check_all(claims, language)
    checked = [claim for claim, verdict in zip(claims, verdicts) if verdict.supported]
    for claim, verdict in zip(claims, verdicts):
        if not verdict.supported:
            summariser.record.drop(where, claim.text, verdict.reasons)
    for claim in summariser.kept(where, checked, summariser.judged(where, checked, evidence)):
        voices[claim.cites[0]].translation = texts[claim.cites[0]]


def _echoes(text: str, voice: Voice | None) -> bool:
    """Whether a "translation" only repeats its quote: that is no translation."""
    return voice is None or fold(text).strip(" .,;:!?\"'“”„«»") == fold(voice.quote).strip(" .,;:!?\"'“”„«»")


def _quote_cited(voice: Voice, passages: dict[str, list[Passage]]) -> Cited:
    """The quote's passage, with the sentence before it (who is speaking may stand there)."""
    citation = voice.citations[0]
    own = passages.get(citation.article_id, [])
    index = next((p.index for p in own if p.id == citation.passage_id), None)
    before = next((p.text for p in own if index is not None and p.index == index - 1), "")
    return Cited(citation.quote, voice.language, None, before)
