"""Guessing an article's language with py3langid, when the input did not say."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# The title and lead say enough; the rest only costs time.
LANGUAGE_SAMPLE_CHARS = 1000
# Below this many letters (a headline, "Video", a number) a guess is noise.
MIN_LETTERS_FOR_LANGUAGE = 20
# py3langid's normalised probability; below it the guess is not trusted (tested on the
# fundus set, where German and English articles score > 0.99).
MIN_LANGUAGE_CONFIDENCE = 0.5
# py3langid's label for text without linguistic content.
_NO_LANGUAGE = "zxx"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language ("de", "en", …), or None if unsure."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS_FOR_LANGUAGE:
        return None
    language, confidence = _identifier().classify(sample)
    if language == _NO_LANGUAGE or confidence < MIN_LANGUAGE_CONFIDENCE:
        return None
    return language


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The model, loaded on first use (about a second) and kept."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
