"""Checks a statement, headline, overview sentence or item to watch against the passages
it cites, before it is printed. In order:

1. it is no instruction to a model and cites none (`instructions.py`);
2. its numbers, dates and names occur in the passages (`numbers.py`, `names.py`), and its
   meaning is close to theirs (`statement.py`, which lists these rules in order):
   `check_statement`, deterministic, for every statement;
3. with an LLM endpoint, a separate call with its own prompt asks a model whether the
   passages (each read with the sentence before it) support the statement, contradict
   it, or do not state it; only "supported" passes (`judge.py`: `Judge`, one call per
   batch). `--no-judge` leaves this step out.

May import: models, settings, errors, `endpoint`, `text`.
"""

from briefing.verify.instructions import addresses_a_model
from briefing.verify.judge import Judge, JudgeError, JudgeItem, JudgeVerdict
from briefing.verify.statement import Cited, Verdict, check_statement

# What check_statement compares, as the brief says it (keep in step with statement.py).
DETERMINISTIC_CHECKS = "numbers, dates, names and meaning"

__all__ = [
    "DETERMINISTIC_CHECKS", "Cited", "Judge", "JudgeError", "JudgeItem", "JudgeVerdict", "Verdict",
    "addresses_a_model", "check_statement",
]  # fmt: skip
