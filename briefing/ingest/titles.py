"""Kicker and headline: `NATO-Treffen in Brüssel` over `Aufatmen nach dem ausgebliebenen Eklat`.

German news pages put a kicker (Dachzeile) above the headline. Where the source marks it
(its own line in a text file, its own element in the page's `<h1>`), the readers take it
apart. A page copied as text often glues the two into one line; `split_glued_kicker`
takes such a run apart by one narrow pattern (see there), and leaves every other title as
it is. The kicker is kept in `Article.metadata["kicker"]`; the title is the headline.
"""

from __future__ import annotations

from briefing.models import KICKER_KEY, Article

# Prepositions that end a kicker in a place: "Gipfel in Brüssel", "Streik bei Bosch".
KICKER_PREPOSITIONS = frozenset({"in", "im", "aus", "nach", "bei", "vor", "am", "an"})
# Capitalised words that start a multi-word place name: "in Bad Homburg", "in Den Haag".
PLACE_PREFIXES = frozenset({"Bad", "Den", "La", "Las", "Le", "Los", "New", "San", "Sankt", "Santa", "St.", "Sao"})
MAX_KICKER_WORDS_BEFORE_PREPOSITION = 3  # a kicker is a short noun phrase
MIN_HEADLINE_WORDS = 3  # what is left must read as a headline, not a stray name


def split_glued_kicker(title: str) -> tuple[str | None, str]:
    """(kicker, headline) of a title whose kicker was glued to it, else (None, title).

    The pattern: one to three words, a preposition, a capitalised place, then a capitalised
    word followed by a lower-case one: "NATO-Treffen in Brüssel | Aufatmen nach …". In a
    German headline a noun phrase "in Brüssel" is not followed by a bare capitalised noun
    and then a function word ("nach", "für", "mit") unless a new phrase starts there; an
    English title in sentence case has lower case there ("Talks in Brussels end …"), one in
    title case has no lower-case word after it. Place names of two words (`PLACE_PREFIXES`)
    are not cut.
    """
    words = title.split()
    for index in range(1, MAX_KICKER_WORDS_BEFORE_PREPOSITION + 1):
        if _kicker_ends_at(words, index):
            return " ".join(words[: index + 2]), " ".join(words[index + 2 :])
    return None, title


def note_glued_kicker(article: Article) -> None:
    """Split the article's title when its kicker is glued to it (and none is known yet)."""
    if not article.title or KICKER_KEY in article.metadata:
        return
    kicker, headline = split_glued_kicker(article.title)
    if kicker:
        article.metadata[KICKER_KEY] = kicker
        article.title = headline


def _kicker_ends_at(words: list[str], index: int) -> bool:
    """Whether words[index] is a preposition, words[index + 1] the place that ends the
    kicker, and words[index + 2:] a headline."""
    rest = words[index + 2 :]
    if len(rest) < MIN_HEADLINE_WORDS or words[index] not in KICKER_PREPOSITIONS:
        return False
    place, first, second = words[index + 1], rest[0], rest[1]
    return (
        _capitalised(place)
        and place not in PLACE_PREFIXES
        and _capitalised(first)
        and second[:1].islower()
        and not place.endswith((".", ":", ",", "!", "?"))
    )


def _capitalised(word: str) -> bool:
    return word[:1].isupper()
