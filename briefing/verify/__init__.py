"""Checks a statement, headline or overview sentence against the passages it cites,
before it is printed: it is no instruction to a model and cites none (`instructions.py`),
its numbers, dates and names occur in the passages (`numbers.py`, `names.py`), and its
meaning is close to theirs (`statement.py`, which lists the rules in order).

May import: models, settings, errors, `text`.
"""

from briefing.verify.cited import Cited
from briefing.verify.instructions import addresses_a_model
from briefing.verify.statement import Verdict, check_anchors, check_statement

__all__ = ["Cited", "Verdict", "addresses_a_model", "check_anchors", "check_statement"]
