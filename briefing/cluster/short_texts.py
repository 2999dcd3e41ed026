"""Headlines and teasers: two short texts on one event share fewer words and names than two
full reports of it, so their similarity runs lower, and bars set on full reports cut their
events and stories apart (on the dev sets cut to their headlines, the full-text bars keep
precision and lose a third of the recall: `benchmarks/short_texts.py`).

For each level a pair whose shorter text has at most `headline_words` words is held to a
bar lowered to `factor` of the level's threshold; from `full_words` words on, to the
threshold as it is; in between, in proportion. The bar is lowered by raising the
similarity (divided by the factor, at most 1), so average link keeps one threshold per
level. Every number below was chosen by leaving one set out over the dev sets, whole, cut
to their headlines and cut to their first 30 words: stories take the lower bar only from
shorter texts than events do (a teaser of two sentences tells its story apart from others
as well as a full report does, but not always its event).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from briefing.models import Article


@dataclass(frozen=True)
class ShortTextBar:
    headline_words: int  # this short or shorter: the bar is `factor` of the threshold
    full_words: int  # this long or longer: the threshold as it is
    factor: float


EVENT_BAR = ShortTextBar(headline_words=30, full_words=60, factor=0.65)
STORY_BAR = ShortTextBar(headline_words=20, full_words=40, factor=0.4)


def text_words(articles: list[Article]) -> np.ndarray:
    """Words of each article's title and text."""
    return np.array([len((article.title or "").split()) + len(article.text.split()) for article in articles])


def fewer_words(words: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair, the words of its shorter text."""
    return np.minimum(words[rows], words[cols])


def raised(similarity: np.ndarray, fewer: np.ndarray | None, bar: ShortTextBar) -> np.ndarray:
    """The `similarity` of each pair read against `bar` for its shorter text's `fewer`
    words (None: full texts, as it is), at most 1."""
    if fewer is None:
        return similarity
    shortness = np.clip((bar.full_words - fewer) / (bar.full_words - bar.headline_words), 0.0, 1.0)
    return np.minimum(similarity / (1.0 - shortness * (1.0 - bar.factor)), 1.0)
