"""LLM sections and overview, every statement verified before it is printed.

For each cluster:

1. choose passages within the token budget and label them P1…Pn;
2. ask `cluster_summary` for a headline and statements whose `cites` may only be those labels;
3. check each statement and the headline against the passages they cite
   (`verify.check_statement`);
4. hand the failed statements back once with the reasons (`reask`), check again, drop what
   fails; a headline that fails gives way to the cluster's label;
5. unless the judge is off, ask the judge (`verify.Judge`), in one call, whether the cited
   passages support what is left: only "supported" is kept;
6. with fewer than MIN_SUPPORTED_STATEMENTS left, or on any failed call (the judge's
   too), fall back to the extractive summary, and record why.

The overview is held to the same rules against the verified statements it cites, and
what to watch against its passages; when their judge fails, the brief has the extractive
overview and nothing to watch.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import cast

from pydantic import BaseModel

from briefing.endpoint import LLMClient, LLMError, RunRecord
from briefing.models import Cluster, Coverage, Difference, Passage, Section, Statement
from briefing.settings import LLMSettings
from briefing.summarise.checks import written_checks
from briefing.summarise.extractive import ExtractiveSummariser
from briefing.summarise.llm.answers import (
    OVERVIEW_SENTENCES,
    WATCH_ITEMS,
    Claim,
    ClusterAnswer,
    OverviewAnswer,
    WatchAnswer,
    constrained_schema,
)
from briefing.summarise.llm.comparisons import voice_translations, written_differences
from briefing.summarise.llm.context import prompt_passages
from briefing.summarise.llm.evidence import Evidence, Question, labelled_passages
from briefing.summarise.llm.prompts import PromptTemplate, language_name, render_part, render_prompt
from briefing.summarise.selection import MAX_STATEMENTS, MIN_STATEMENTS
from briefing.verify import Cited, Judge, JudgeVerdict, Verdict

# Fewer supported statements than this, and the section is better extractive.
MIN_SUPPORTED_STATEMENTS = 2
# What to watch reads a share of every shown topic's passages, all together within one
# prompt's passage budget (`LLMSettings.passage_tokens`), and at least this much of each.
WATCH_MIN_TOKENS_PER_TOPIC = 150


class LLMSummariser:
    """Sections written by the model from a cluster's passages, each statement verified."""

    name = "llm"

    def __init__(self, client: LLMClient, prompts: dict[str, PromptTemplate], settings: LLMSettings, record: RunRecord,
                 judge: Judge | None = None):  # fmt: skip
        self.client, self.prompts, self.settings, self.record = client, prompts, settings, record
        self.judge = judge  # None: the judge is off, the deterministic checks alone decide
        self.concurrency = settings.concurrency
        self.checks = written_checks(client.model, judge.model if judge else None)
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
        answer = cast(ClusterAnswer, self.ask(question))  # parsed by question.answer_type
        claims = self._verified(question, answer, evidence, language)
        headline = self._checked_headline(cluster.label, answer.headline, evidence, language)
        headline, claims = self._judged_section(cluster.label, headline, claims, evidence)
        return Section(
            cluster=cluster, headline=headline.text if headline else cluster.label,
            statements=[evidence.statement(c) for c in claims], method="llm", coverage=Coverage.of(cluster),
            language=language,
        )  # fmt: skip

    def _checked_headline(self, label: str, headline: Claim | None, evidence: Evidence, language) -> Claim | None:
        """The model's headline if it passes the same check as a statement; else None (the
        label stands in), noted in the record."""
        if headline is None:
            self.record.notes.append(f"{label}: the model's headline cited no passage; kept the label")
            return None
        verdict = evidence.check(headline, language)
        if not verdict.supported:
            self._note_headline_dropped(label, headline, verdict.reasons)
            return None
        return headline

    def _judged_section(
        self, label: str, headline: Claim | None, claims: list[Claim], evidence: Evidence
    ) -> tuple[Claim | None, list[Claim]]:
        """The headline (None unless the judge finds it supported) and the statements the
        judge finds supported, judged in one call; as they are when the judge is off, or
        when too few are left to keep the section (it falls back: no call is worth it)."""
        if len(claims) < MIN_SUPPORTED_STATEMENTS:
            return headline, claims
        verdicts = self.judged(label, [headline, *claims] if headline else claims, evidence)
        if headline is not None:
            verdict, verdicts = verdicts[0], verdicts[1:]
            if verdict is not None and not verdict.supported:
                self._note_headline_dropped(label, headline, (str(verdict),))
                headline = None
        return headline, self.kept(label, claims, verdicts)

    def _note_headline_dropped(self, label: str, headline: Claim, reasons) -> None:
        self.record.notes.append(
            f"{label}: the model's headline {headline.text!r} was not supported ({'; '.join(reasons)}); kept the label"
        )

    def judged(self, where: str, claims: list[Claim], evidence: Evidence) -> list[JudgeVerdict | None]:
        """The judge's verdict on each claim, in one call, each recorded; all None when the
        judge is off. JudgeError (an LLMError) when the judge fails: nothing passes unjudged."""
        if self.judge is None or not claims:
            return [None] * len(claims)
        items = [evidence.judge_item(f"J{number}", claim) for number, claim in enumerate(claims, 1)]
        verdicts = self.judge.judge(items)
        for item in items:
            self.record.judge(where, item.text, verdicts[item.id].verdict, verdicts[item.id].reason)
        return [verdicts[item.id] for item in items]

    def kept(self, where: str, claims: list[Claim], verdicts: list[JudgeVerdict | None]) -> list[Claim]:
        """The claims the judge found supported (all, when it is off); the others recorded as dropped."""
        kept = []
        for claim, verdict in zip(claims, verdicts):
            if verdict is None or verdict.supported:
                kept.append(claim)
            else:
                self.record.drop(where, claim.text, (str(verdict),))
        return kept

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
                passed_again, failed = _sort_claims(question.claims(self.ask(question, follow_up)), evidence, language)
                passed += passed_again
            except LLMError as error:
                self.record.errors.append(f"{question.where}: re-ask failed: {error}")
        for claim, verdict in failed:
            self.record.drop(question.where, claim.text, verdict.reasons)
        return list({claim.text: claim for claim in passed}.values())

    def ask(self, question: Question, follow_up: list[dict] | None = None) -> BaseModel:
        """The model's answer, within the timeout and the brief's deadline (the client's);
        what its caps left out is noted in the record."""
        answer = self.client.complete(question.prompt, question.answer_type, question.schema, follow_up).value
        self.record.notes.extend(f"{question.where}: {cut}" for cut in getattr(answer, "cut", []))
        return answer

    def stop(self) -> None:
        """Give up the calls under way and make no more: the run is ending."""
        self.client.stop()

    def differences(self, section: Section, passages: dict[str, list[Passage]]) -> list[Difference]:
        """Where the section's outlets report differently, as the model names it, both sides verified."""
        return written_differences(self, section, passages)

    def translate_voices(self, section: Section, passages: dict[str, list[Passage]]) -> None:
        """A checked translation for each of the section's voices not in the brief's language."""
        voice_translations(self, section, passages)

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
            {"headline": sec.headline, "statements": [{"label": label, "text": st.text, "outlets": len(st.outlets) or 1}
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
        share = max(self.settings.passage_tokens // len(clusters), WATCH_MIN_TOKENS_PER_TOPIC)
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
        """The verified and judged claims of the model's answer to `question`; None when a
        call failed, the judge's too (recorded as the fallback of `question.where`)."""
        try:
            claims = self._verified(question, self.ask(question), evidence, language)
            return self.kept(question.where, claims, self.judged(question.where, claims, evidence))
        except LLMError as error:
            self.record.fallback(question.where, str(error))
            return None


def _main_language(articles) -> str | None:
    return Counter(article.language for article in articles).most_common(1)[0][0]


def _sort_claims(claims: list[Claim], evidence: Evidence, language) -> tuple[list[Claim], list[tuple[Claim, Verdict]]]:
    passed, failed = [], []
    for claim, verdict in zip(claims, evidence.check_all(claims, language)):
        (passed.append(claim) if verdict.supported else failed.append((claim, verdict)))
    return passed, failed
