"""Quotations in a statement must be the passage's own words.

A statement that puts words in quotation marks claims that someone said exactly these
words. So every quotation of a statement must stand word for word (case, umlauts and
punctuation aside; an ellipsis … splits it into pieces) in a cited passage that itself
quotes, in the same language. A quotation in another language than its passage is a
translation: it passes only when the statement says so ("(translated)", "(übersetzt)"),
and then the other rules (and the judge) decide. A quote of one or two words ("so-called
'frozen assets'") needs only to occur in a passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.text.names import fold
from briefing.verify.cited import Cited

# Pairs of quotation marks, German, English and French; a single quote only around words,
# so that an apostrophe (Rutte's) opens none.
QUOTATION = re.compile(
    r"„(?P<a>[^“”\"]+)[“”\"]|“(?P<b>[^”]+)”|\"(?P<c>[^\"]+)\"|«(?P<d>[^»]+)»|»(?P<e>[^«]+)«"
    r"|‚(?P<f>[^‘’]+)[‘’]|(?<![\w])['‘](?P<g>[^'’‘]+)['’](?![\w])"
)
QUOTE_MARKS = set('„“”"«»‚‘’')
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\))\s*")
TRANSLATION_MARK = re.compile(r"\((?:translated|übersetzt|in translation|sinngemäß)\)", re.IGNORECASE)
SHORT_QUOTE_WORDS = 2
WORD = re.compile(r"\w+")


def quotations(text: str) -> list[str]:
    """The texts between quotation marks in `text`."""
    return [next(group for group in match.groups() if group) for match in QUOTATION.finditer(text)]


def quote_reasons(statement: str, language: str | None, passages: Sequence[Cited]) -> list[str]:
    """A reason for every quotation of `statement` that no cited passage carries."""
    translated = bool(TRANSLATION_MARK.search(statement))
    reasons = []
    for quote in quotations(statement):
        words = _words(quote)
        if not words or _is_carried(quote, words, language, passages, translated):
            continue
        reasons.append(f"the quotation '{quote.strip()}' is not word for word in a quotation of the cited passages")
    return reasons


def _is_carried(
    quote: str, words: list[str], language: str | None, passages: Sequence[Cited], translated: bool
) -> bool:
    same = [passage for passage in passages if language is None or passage.language in (None, language)]
    if translated and len(same) < len(passages):
        return True  # marked as a translation from a passage in another language: the other rules decide
    if len(words) <= SHORT_QUOTE_WORDS:
        return any(_contains(_words(passage.text), words) for passage in passages)
    pieces = [_words(piece) for piece in ELLIPSIS.split(quote) if _words(piece)]
    return any(_quotes(passage) and all(_contains(_words(passage.text), piece) for piece in pieces) for passage in same)


def _quotes(passage: Cited) -> bool:
    """Whether the passage quotes someone (a quotation may open in the sentence before)."""
    return bool(QUOTE_MARKS & set(passage.text + passage.before))


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _contains(words: list[str], piece: list[str]) -> bool:
    """Whether `piece` occurs in `words` as a run of whole words."""
    size = len(piece)
    return any(words[start : start + size] == piece for start in range(len(words) - size + 1))
