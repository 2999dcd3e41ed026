"""One spelling for every spelling of a name, across German and English.

A name is folded to lower case without accents, umlauts (ä = a = ae, ß = ss) or
transliteration differences (Selenskyj = Zelensky, Uschakow = Ushakov), and every name
of an exonym set in `data/exonyms.txt` (Brussels = Brüssel) folds to the same form.
Clustering compares names this way; verification finds them in passages this way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from briefing.settings import data_folder

# German and English spellings of one name: Uschakow/Ushakov, Selenskyj/Zelensky, Jared.
TRANSLITERATION = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("tsch", "ch"), ("sch", "sh"), ("w", "v"), ("j", "y"),
                   ("z", "s"))  # fmt: skip


@lru_cache(maxsize=200_000)
def canonical_name(name: str) -> str:
    """One spelling for all spellings of a name: folded, and the same for every exonym."""
    folded = fold(name)
    spellings = exonym_index().get(folded)
    return min(fold(spelling) for spelling in spellings) if spellings else folded


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents, umlauts or transliteration differences: Brüssel → brussel."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "SS"))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    for old, new in TRANSLITERATION:
        text = text.replace(old, new)
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def exonym_index() -> dict[str, frozenset[str]]:
    """Each folded name → every name of its set in data/exonyms.txt."""
    index: dict[str, frozenset[str]] = {}
    for line in data_lines("exonyms.txt"):
        names = frozenset(name.strip() for name in line.split("|") if name.strip())
        for name in names:
            index[fold(name)] = index.get(fold(name), frozenset()) | names
    return index


def data_lines(name: str) -> list[str]:
    text = (data_folder("data") / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
