"""Checks a statement, headline, overview sentence or item to watch against the passages
it cites, before it is printed. In order:

1. `check_statement` (`statement.py`), deterministic, for every statement, each rule in
   its module: form and instructions to a model (`instructions.py`); numbers, dates,
   times, their bounds and relative dates (`numbers.py`); names and exonyms (`names.py`);
   quotations (`quotes.py`); roles and titles (`roles.py`); all, none and certainty
   (`quantifiers.py`); negation and before/after (`polarity.py`); numbers and speakers in
   the passage that carries the claim (`binding.py`); every clause said by the passages
   (`coverage.py`); closeness of meaning (`similarity.py`). Each passage comes as a
   `Cited` (`cited.py`); `check_statements` checks a batch, its texts embedded ahead in
   one call.
2. With an LLM endpoint, a separate call with its own prompt asks a model whether the
   passages (each read with the sentence before it) support the statement, contradict
   it, or do not state it; only "supported" passes (`judge.py`: `Judge`, one call per
   batch). `--no-judge` leaves this step out.

May import: models, settings, errors, `endpoint`, `text`.
"""

from briefing.verify.cited import Cited
from briefing.verify.instructions import addresses_a_model
from briefing.verify.judge import Judge, JudgeError, JudgeItem, JudgeVerdict
from briefing.verify.statement import Verdict, check_statement, check_statements

# What check_statement compares, as the brief says it (keep in step with statement.py).
DETERMINISTIC_CHECKS = (
    "numbers, dates, names, quotes, roles, negation, before and after, who said what, every clause, and meaning"
)

__all__ = [
    "DETERMINISTIC_CHECKS", "Cited", "Judge", "JudgeError", "JudgeItem", "JudgeVerdict", "Verdict",
    "addresses_a_model", "check_statement", "check_statements",
]  # fmt: skip
