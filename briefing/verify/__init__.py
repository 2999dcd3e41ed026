"""Whether a statement rests on the passages it cites, before it is printed.

`check_statement` (`statement.py`) applies the rules in this order, each in its module:
form and instructions to a model (`instructions.py`); numbers, dates, times, their
bounds and relative dates (`numbers.py`); names and exonyms (`names.py`); quotations
(`quotes.py`); roles and titles (`roles.py`); all, none and certainty (`quantifiers.py`);
negation and before/after (`polarity.py`); numbers and speakers in the passage that
carries the claim (`binding.py`); closeness of meaning (`similarity.py`). Each passage comes as a `Cited` (`cited.py`).

May import: models, settings, errors, `text`.
"""

from briefing.verify.cited import Cited
from briefing.verify.instructions import addresses_a_model
from briefing.verify.statement import Verdict, check_anchors, check_statement, check_statements

__all__ = ["Cited", "Verdict", "addresses_a_model", "check_anchors", "check_statement", "check_statements"]
