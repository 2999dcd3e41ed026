"""Checks a statement, headline or overview sentence against the passages it cites,
before it is printed: its numbers, dates and names must occur in them (`numbers.py`,
`names.py`), and its meaning must be close to theirs (`statement.py`).

May import: models, settings, errors, `text`.
"""

from briefing.verify.statement import Verdict, check_anchors, check_statement

__all__ = ["Verdict", "check_anchors", "check_statement"]
