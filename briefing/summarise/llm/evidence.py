"""What a model's claims may cite, and how they are checked: the labelled passages of a
prompt (`labelled_passages`), the `Evidence` they stand for, and a `Question` to the model.
Shared by the sections, the overview, what to watch and the comparisons (`comparisons.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from briefing.endpoint import RenderedPrompt
from briefing.models import Citation, Passage, Statement
from briefing.summarise.llm.answers import Claim
from briefing.verify import Cited, JudgeItem, Verdict, check_statements


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
    the sentence before it), its citations, and the outlet that carried it."""

    cited: dict[str, Cited]
    citations: dict[str, list[Citation]]
    outlets: dict[str, str | None] = field(default_factory=dict)

    def check(self, claim: Claim, language: str | None) -> Verdict:
        return self.check_all([claim], language)[0]

    def check_all(self, claims: list[Claim], language: str | None) -> list[Verdict]:
        """A verdict for each claim; those citing known labels checked together (`check_statements`)."""
        known = [claim for claim in claims if all(label in self.cited for label in claim.cites)]
        verdicts = dict(zip(map(id, known), check_statements([(claim.text, self._passages(claim), language)
                                                              for claim in known])))  # fmt: skip
        return [verdicts.get(id(claim)) or _unknown_labels(claim, self.cited) for claim in claims]

    def _passages(self, claim: Claim) -> list[Cited]:
        return [self.cited[label] for label in dict.fromkeys(claim.cites)]

    def judge_item(self, id: str, claim: Claim) -> JudgeItem:
        """`claim` as the judge sees it (after `check`: it cites only known labels)."""
        labels = list(dict.fromkeys(claim.cites))
        cited = tuple(self.cited[label] for label in labels)
        return JudgeItem(id, claim.text, cited, tuple(self.outlets.get(label) for label in labels))

    def statement(self, claim: Claim, topic: str | None = None) -> Statement:
        citations = [c for label in dict.fromkeys(claim.cites) for c in self.citations[label]]
        return Statement(claim.text, list(dict.fromkeys(citations)), topic=topic)


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
        {label: by_id[p.article_id].source for label, p in zip(labels, shown)},
    )
    views = [_passage_view(label, p, by_id[p.article_id]) for label, p in zip(labels, shown)]
    return labels, evidence, views


def _cited(passage: Passage, article, passages: dict[str, list[Passage]]) -> Cited:
    own = passages.get(passage.article_id, [])
    before = next((p.text for p in own if p.index == passage.index - 1), "")
    published = article.published.date() if article.published else None
    return Cited(passage.text, article.language, published, before)


def _unknown_labels(claim: Claim, cited: dict[str, Cited]) -> Verdict:
    unknown = [label for label in claim.cites if label not in cited]
    return Verdict(False, (f"cites {', '.join(unknown)}, which is not one of the given ids",))


def _passage_view(label: str, passage: Passage, article) -> dict:
    date = article.published.date().isoformat() if article.published else "undated"
    return {"label": label, "outlet": article.source or "unknown", "date": date,
            "language": article.language or "unknown", "text": passage.text}  # fmt: skip
