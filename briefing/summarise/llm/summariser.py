"""LLM sections and overview, every statement verified before it is printed.

For each cluster:

1. choose passages within the token budget and label them P1…Pn;
2. ask `cluster_summary` for a headline and statements whose `cites` may only be those labels;
3. check each statement against the passages it cites (`verify.check_statement`);
4. hand the failed ones back once with the reasons (`reask`), check again, drop what fails;
5. with fewer than MIN_SUPPORTED_STATEMENTS left, or on any failed call, fall back to the
   extractive summary, and record why.

The overview is held to the same rule against the verified statements it cites.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal, cast

from pydantic import BaseModel, Field, create_model

from briefing.endpoint import LLMClient, LLMError, RenderedPrompt, RunRecord
from briefing.models import Citation, Cluster, Coverage, Passage, Section, Statement
from briefing.settings import LLMSettings
from briefing.summarise.extractive import ExtractiveSummariser
from briefing.summarise.llm.context import prompt_passages
from briefing.summarise.llm.prompts import PromptTemplate, language_name, render_part, render_prompt
from briefing.summarise.selection import MAX_STATEMENTS, MIN_STATEMENTS
from briefing.verify import Cited, Verdict, check_anchors, check_statement

# Fewer supported statements than this, and the section is better extractive.
MIN_SUPPORTED_STATEMENTS = 2
MAX_CITES = 3
OVERVIEW_SENTENCES = 5
WATCH_ITEMS = 5
# What to watch reads a share of every shown topic's passages, all together within this.
WATCH_BUDGET_TOKENS = 3000
WATCH_MIN_TOKENS_PER_TOPIC = 150


class Claim(BaseModel):
    """One statement as the model writes it: text and the labels it cites."""

    text: str = Field(min_length=1)
    cites: list[str] = Field(min_length=1)


class ClusterAnswer(BaseModel):
    headline: str = ""
    statements: list[Claim] = Field(default_factory=list)


class OverviewAnswer(BaseModel):
    sentences: list[Claim] = Field(default_factory=list)


class WatchAnswer(BaseModel):
    items: list[Claim] = Field(default_factory=list)


def constrained_schema(answer: type[BaseModel], field: str, labels: list[str]) -> dict:
    """`answer`'s JSON schema with the claims' `cites` limited to `labels` (an enum)."""
    # The ignores: these types are made at run time (a Literal of this call's labels, a model
    # from create_model); pydantic takes them as they are, mypy cannot check them statically.
    Label = Literal[tuple(labels)]  # type: ignore[valid-type]
    cites = (list[Label], Field(min_length=1, max_length=MAX_CITES))  # type: ignore[valid-type]
    claim = create_model("Claim", text=(str, Field(min_length=1)), cites=cites)
    fields: dict[str, Any] = {name: (info.annotation, info) for name, info in answer.model_fields.items()}
    fields[field] = (list[claim], Field(max_length=MAX_STATEMENTS))  # type: ignore[valid-type]
    return create_model(answer.__name__, **fields).model_json_schema()


@dataclass(frozen=True)
class Question:
    """One prompt to the model, and how to read the claims in its answer."""

    where: str  # the section it is for, "overview" or "watch next": for the run record
    prompt: RenderedPrompt
    answer_type: type[BaseModel]
    claims_field: str  # the answer's list of claims
    schema: dict  # what the endpoint is asked to follow: the claims' `cites` as an enum

    def claims(self, answer: BaseModel) -> list[Claim]:
        return getattr(answer, self.claims_field)


@dataclass
class Evidence:
    """What a claim may cite: label → the passage it stands for (with its language, date and
    the sentence before it) and its citations."""

    cited: dict[str, Cited]
    citations: dict[str, list[Citation]]

    def check(self, claim: Claim, language: str | None) -> Verdict:
        unknown = [label for label in claim.cites if label not in self.cited]
        if unknown:
            return Verdict(False, (f"cites {', '.join(unknown)}, which is not one of the given ids",))
        return check_statement(claim.text, [self.cited[label] for label in dict.fromkeys(claim.cites)], language)

    def statement(self, claim: Claim, topic: str | None = None) -> Statement:
        citations = [c for label in dict.fromkeys(claim.cites) for c in self.citations[label]]
        return Statement(claim.text, list(dict.fromkeys(citations)), topic=topic)


class LLMSummariser:
    """Sections written by the model from a cluster's passages, each statement verified."""

    name = "llm"

    def __init__(self, client: LLMClient, prompts: dict[str, PromptTemplate], settings: LLMSettings, record: RunRecord):
        self.client, self.prompts, self.settings, self.record = client, prompts, settings, record
        self.concurrency = settings.concurrency
        self._deadline = time.monotonic() + settings.deadline
        self._fallback = ExtractiveSummariser()

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        started = time.monotonic()
        reason: str | None = None  # why the section is the extractive one instead
        try:
            section = self._written(cluster, passages)
            if len(section.statements) < MIN_SUPPORTED_STATEMENTS:
                reason = f"only {len(section.statements)} statement(s) passed verification"
        except LLMError as error:
            reason = str(error)
        if reason is not None:
            self.record.fallback(cluster.label, reason)
            section = self._fallback.summarise(cluster, passages)
            section.fallback_reason = reason
        self.record.time(cluster.label, time.monotonic() - started)
        return section

    def _written(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        shown = prompt_passages(cluster, passages, self.settings.passage_tokens)
        labels, evidence, views = labelled_passages(shown, cluster.articles, passages)
        language = self.settings.language or _main_language(cluster.articles)
        prompt = render_prompt(
            self.prompts["cluster_summary"], topic=cluster.label, language_name=language_name(self.settings.language),
            passages=views, min_statements=MIN_STATEMENTS, max_statements=MAX_STATEMENTS,
        )  # fmt: skip
        question = Question(cluster.label, prompt, ClusterAnswer, "statements",
                            constrained_schema(ClusterAnswer, "statements", labels))  # fmt: skip
        answer = cast(ClusterAnswer, self._ask(question))  # parsed by question.answer_type
        claims = self._verified(question, answer, evidence, language)
        headline = answer.headline.strip()
        if not headline or not check_anchors(headline, list(evidence.cited.values()), language).supported:
            self.record.notes.append(
                f"{cluster.label}: the model's headline {headline!r} was not supported; kept the label"
            )
            headline = cluster.label
        return Section(
            cluster=cluster, headline=headline, statements=[evidence.statement(c) for c in claims],
            method="llm", coverage=Coverage.of(cluster), language=language,
        )  # fmt: skip

    def _verified(self, question: Question, answer: BaseModel, evidence: Evidence, language) -> list[Claim]:
        """The claims that pass, after one re-ask of those that did not."""
        passed, failed = _sort_claims(question.claims(answer), evidence, language)
        reask = self.prompts[question.prompt.name].reask
        if failed and reask:
            failures = [{"text": c.text, "cites": c.cites, "reasons": v.reasons} for c, v in failed]
            follow_up = [
                {"role": "assistant", "content": answer.model_dump_json()},
                {"role": "user", "content": render_part(reask, failures=failures)},
            ]
            self.record.reasked += 1
            try:
                passed_again, failed = _sort_claims(question.claims(self._ask(question, follow_up)), evidence, language)
                passed += passed_again
            except LLMError as error:
                self.record.errors.append(f"{question.where}: re-ask failed: {error}")
        for claim, verdict in failed:
            self.record.drop(question.where, claim.text, verdict.reasons)
        return list({claim.text: claim for claim in passed}.values())

    def _ask(self, question: Question, follow_up: list[dict] | None = None) -> BaseModel:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise LLMError(f"the brief's deadline of {self.settings.deadline:g} s has passed")
        timeout = min(self.settings.timeout, remaining)
        retries = 0 if remaining < self.settings.timeout else None  # the last chance before the deadline
        try:
            completion = self.client.complete(
                question.prompt, question.answer_type, question.schema, follow_up, timeout=timeout, retries=retries
            )
            return completion.value
        except LLMError as error:
            if time.monotonic() >= self._deadline:
                raise LLMError(
                    f"the brief's deadline of {self.settings.deadline:g} s passed during the call"
                ) from error
            raise

    def overview(self, sections: list[Section]) -> list[Statement] | None:
        """Overview sentences resting on the sections' statements, or None (use the extractive one)."""
        labelled = [(sec, st) for sec in sections for st in sec.statements]
        if not labelled:
            return None
        labels = [f"S{number}" for number in range(1, len(labelled) + 1)]
        evidence = Evidence(
            {label: Cited(st.text, sec.language) for label, (sec, st) in zip(labels, labelled)},
            {label: st.citations for label, (_, st) in zip(labels, labelled)},
        )
        topics = [
            {"headline": sec.headline, "statements": [{"label": label, "text": st.text}
                                                      for label, (owner, st) in zip(labels, labelled) if owner is sec]}
            for sec in sections
        ]  # fmt: skip
        prompt = render_prompt(
            self.prompts["overview"], language_name=language_name(self.settings.language), topics=topics,
            max_sentences=OVERVIEW_SENTENCES,
        )  # fmt: skip
        question = Question(
            "overview", prompt, OverviewAnswer, "sentences", constrained_schema(OverviewAnswer, "sentences", labels)
        )
        claims = self._answered(question, evidence, self.settings.language or sections[0].language)
        if claims is None:
            return None
        if not claims:
            self.record.fallback("overview", "no overview sentence passed verification")
            return None
        return [evidence.statement(claim) for claim in claims]

    def watch_next(self, clusters: list[Cluster], passages: dict[str, list[Passage]]) -> list[Statement]:
        """Upcoming votes, meetings and deadlines the passages name, each verified; [] if none."""
        if not clusters or "watch_next" not in self.prompts:
            return []
        share = max(WATCH_BUDGET_TOKENS // len(clusters), WATCH_MIN_TOKENS_PER_TOPIC)
        shown = [p for cluster in clusters for p in prompt_passages(cluster, passages, share)]
        articles = [a for cluster in clusters for a in cluster.articles]
        labels, evidence, views = labelled_passages(shown, articles, passages)
        language = self.settings.language or _main_language(articles)
        prompt = render_prompt(
            self.prompts["watch_next"], language_name=language_name(self.settings.language), passages=views,
            max_items=WATCH_ITEMS,
        )  # fmt: skip
        question = Question(
            "watch next", prompt, WatchAnswer, "items", constrained_schema(WatchAnswer, "items", labels)
        )
        claims = self._answered(question, evidence, language) or []
        return [evidence.statement(claim) for claim in claims[:WATCH_ITEMS]]

    def _answered(self, question: Question, evidence: Evidence, language: str | None) -> list[Claim] | None:
        """The verified claims of the model's answer to `question`; None when the call
        failed (recorded as the fallback of `question.where`)."""
        try:
            return self._verified(question, self._ask(question), evidence, language)
        except LLMError as error:
            self.record.fallback(question.where, str(error))
            return None


def labelled_passages(
    shown: list[Passage], articles, passages: dict[str, list[Passage]]
) -> tuple[list[str], Evidence, list[dict]]:
    """Labels P1…Pn for `shown`, what each label stands for, and the prompt's view of each
    (`passages`, every article's, give the sentence before each)."""
    by_id = {article.id: article for article in articles}
    labels = [f"P{number}" for number in range(1, len(shown) + 1)]
    evidence = Evidence(
        {label: _cited(p, by_id[p.article_id], passages) for label, p in zip(labels, shown)},
        {label: [Citation.of(p)] for label, p in zip(labels, shown)},
    )
    views = [_passage_view(label, p, by_id[p.article_id]) for label, p in zip(labels, shown)]
    return labels, evidence, views


def _cited(passage: Passage, article, passages: dict[str, list[Passage]]) -> Cited:
    own = passages.get(passage.article_id, [])
    before = next((p.text for p in own if p.index == passage.index - 1), "")
    published = article.published.date() if article.published else None
    return Cited(passage.text, article.language, published, before)


def _main_language(articles) -> str | None:
    return Counter(article.language for article in articles).most_common(1)[0][0]


def _sort_claims(claims: list[Claim], evidence: Evidence, language) -> tuple[list[Claim], list[tuple[Claim, Verdict]]]:
    passed, failed = [], []
    for claim in claims:
        verdict = evidence.check(claim, language)
        (passed.append(claim) if verdict.supported else failed.append((claim, verdict)))
    return passed, failed


def _passage_view(label: str, passage: Passage, article) -> dict:
    date = article.published.date().isoformat() if article.published else "undated"
    return {"label": label, "outlet": article.source or "unknown", "date": date,
            "language": article.language or "unknown", "text": passage.text}  # fmt: skip
