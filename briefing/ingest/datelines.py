"""Agency datelines at the start of an article: `BRUSSELS (Continental Wire) – …`.

A wire report opens with the place, sometimes a date, the agency in brackets and a dash:
`MEXICO CITY (AP) —`, `Kiel (dpo) -`, `Berlin (dpa/AFP) –`, `WASHINGTON, Dec 3 (Reuters) -`.
The article text keeps it (citations point into the text as read); a passage starts after
it (`summarise/segment.py`), and the agency is kept on the article (`note_agency`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.models import Article

# Metadata key under which the agency of a dateline is kept.
AGENCY_KEY = "agency"
# Place: one to four capitalised words ("MEXICO CITY", "Frankfurt am Main" has a lower-case
# "am", so up to two lower-case joining words are allowed), or places joined by "/".
_PLACE_WORD = r"[A-ZÄÖÜÉ][\w'.\-]*"
_PLACE = rf"{_PLACE_WORD}(?:(?:\s+|/)(?:(?:am|an|der|de|del|la|le|upon)\s+)?{_PLACE_WORD}){{0,3}}"
# Optional date after a comma: "Dec 3", "3. Dezember", "Nov. 30, 2025" (at most 20 characters).
_DATE = r"(?:,\s*[\w .,]{1,20}?)?"
# The agency in brackets: letters, spaces, `/`, `&`, `.` and `-`; at most 40 characters.
_AGENCY = r"\((?P<agency>[A-Za-z][\w .&/\-]{0,39})\)"
# A hyphen, en or em dash (or two hyphens), then the sentence.
_DASH = r"\s*(?:--|[-–—])\s+"
# The sentence after a dateline starts anew: a capital, a digit or an opening quote. A dash
# followed by lower case is an aside ("Angela Merkel (CDU) – sie sagte"), not a dateline.
_SENTENCE_START = r"(?=[A-ZÄÖÜÉ0-9\"„“‘'»«])"
DATELINE = re.compile(rf"^(?P<place>{_PLACE}){_DATE}\s*{_AGENCY}{_DASH}{_SENTENCE_START}")
# A party in brackets after a name is no agency: "Friedrich Merz (CDU) – Der Kanzler …".
PARTIES = frozenset(
    {"cdu", "csu", "spd", "fdp", "afd", "grüne", "linke", "die linke", "bsw", "övp", "fpö", "spö", "neos", "svp", "sp",
     "r", "d", "i", "tories", "labour", "lib dems", "snp"}
)  # fmt: skip


@dataclass(frozen=True)
class Dateline:
    place: str
    agency: str
    length: int  # characters to skip at the start of the text


def find_dateline(text: str) -> Dateline | None:
    """The dateline that opens `text`, or None."""
    match = DATELINE.match(text)
    if not match or match.group("agency").strip().lower() in PARTIES:
        return None
    return Dateline(match.group("place"), " ".join(match.group("agency").split()), match.end())


def dateline_length(text: str) -> int:
    """How many characters of a dateline open `text` (0 without one)."""
    dateline = find_dateline(text)
    return dateline.length if dateline else 0


def note_agency(article: Article) -> None:
    """Keep the agency of the article's dateline: in `metadata["agency"]`, and as its source
    when the input named none (a wire report is the agency's)."""
    dateline = find_dateline(article.text)
    if dateline is None:
        return
    article.metadata.setdefault(AGENCY_KEY, dateline.agency)
    if not article.source:
        article.source = dateline.agency
