"""What a brief says about how its statements were checked (`Brief.checks`): plainly,
and only what ran."""

from __future__ import annotations

from briefing.verify import DETERMINISTIC_CHECKS

QUOTED_ONLY = "Every statement is a sentence quoted verbatim from its source."
QUOTED = "Quoted statements are sentences from their sources, verbatim."


def written_checks(model: str, judge_model: str | None) -> tuple[str, ...]:
    """The checks of a brief the model `model` wrote in, judged by `judge_model` (None: off)."""
    checked = f"Statements written by {model}: their {DETERMINISTIC_CHECKS} were checked against the passages they cite"
    if judge_model is None:
        judged = "; the model judge was off (--no-judge), so no second call confirmed them."
    else:
        judged = f", and a second model call (judge: {judge_model}) confirmed that those passages support each one."
    return (checked + judged, QUOTED)
