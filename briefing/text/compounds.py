"""German compounds: does a word of the text have a topic word as its first or last part?

`Rente` is in `Rentenpaket` and `Rentenniveau` (with the linking -n), `Gas` in `Erdgas`
and `Flüssigerdgas`, `Krieg` in `Bürgerkrieg`; `Tor` is not in `Sektor` or `Motor`, nor
`Gas` in `Gasse`. No dictionary ships with the project (the one maintained splitter on
PyPI, compound-split, is a 19 MB wheel last released in 2020), so the words of the
input are the dictionary: the other part of a compound must be a word found on its own
(a stem of the input's vocabulary). The functions take and return stems, as
`briefing.text.terms` makes them.
"""

from __future__ import annotations

from collections.abc import Iterable

# Linking elements (Fugen) between the parts of a compound, the longest tried first:
# Renten|paket, Arbeits|markt, Hunde|hütte, Kinder|garten.
LINKING_ELEMENTS = ("en", "er", "es", "n", "s", "e", "")
# A topic word shorter than this is never looked for inside a compound: two letters
# ("EU", "Öl") occur inside too many unrelated words. Three letters is the shortest of
# the examples (Gas → Erdgas) and of frequent free German nouns (Rat, Tor, Eis).
MIN_PART_LETTERS = 3
# The rest of a compound that a topic word opens must be a word of the input this long,
# as stemmed: Rente → Rentenpaket needs "pak" (the stem of "Paket"), so not more than 3.
MIN_REST_LETTERS = 3
# A topic word at least this long closes a compound after any modifier of at least
# MIN_PART_LETTERS (Krieg → Bürgerkrieg, Inflation → Kerninflation); a shorter one only
# after a modifier that is itself a word of the input, or two (Gas → Erd|gas, Flüssig|erd|gas;
# not Tor → Sektor, Direktor; Gas → Vegas). Five is `signals.COMPOUND_HEAD_MIN_LETTERS`:
# in the gnad and example vocabularies no five-letter German stem closes a longer word
# that is not a compound of it, while four-letter ones do ("rent" → "parent").
FREE_HEAD_LETTERS = 5


def compounds_of(stem: str, vocabulary: Iterable[str]) -> list[str]:
    """The words of `vocabulary` that `stem` opens or closes as a compound part."""
    if len(stem) < MIN_PART_LETTERS:
        return []
    words = vocabulary if isinstance(vocabulary, set | frozenset) else set(vocabulary)
    return sorted(word for word in words if word != stem and (opens(word, stem, words) or closes(word, stem, words)))


def opens(word: str, stem: str, vocabulary: set[str] | frozenset[str]) -> bool:
    """`word` is `stem`, a linking element, and a word of the vocabulary: rent|en|paket."""
    if not word.startswith(stem):
        return False
    rest = word[len(stem) :]
    return any(
        len(rest) - len(link) >= MIN_REST_LETTERS and rest[len(link) :] in vocabulary
        for link in LINKING_ELEMENTS
        if rest.startswith(link)
    )


def closes(word: str, stem: str, vocabulary: set[str] | frozenset[str]) -> bool:
    """`word` is a modifier and `stem`: burger|krieg; erd|gas when "erd" is a word too."""
    if not word.endswith(stem):
        return False
    modifier = word[: -len(stem)]
    if len(modifier) < MIN_PART_LETTERS:
        return False
    if len(stem) >= FREE_HEAD_LETTERS:
        return True
    return _is_words(modifier, vocabulary, parts=2)


def _is_words(text: str, vocabulary: set[str] | frozenset[str], parts: int) -> bool:
    """`text` (less a final linking element) is a word of the vocabulary, or `parts` of them."""
    for link in LINKING_ELEMENTS:
        if not text.endswith(link):
            continue
        body = text[: len(text) - len(link)]
        if len(body) < MIN_PART_LETTERS:
            continue
        if body in vocabulary:
            return True
        if parts > 1 and any(
            body[:cut] in vocabulary and _is_words(body[cut:], vocabulary, parts - 1)
            for cut in range(MIN_PART_LETTERS, len(body) - MIN_PART_LETTERS + 1)
        ):
            return True
    return False
