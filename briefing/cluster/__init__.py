"""Stages 2-5: from every article read to the ranked topics of the brief.

Owns: merging duplicates (`duplicates.py`), the date window and the caps (`window.py`),
relevance to `--topic` (`relevance.py`), the similarity signals (`signals.py`), average
link on a sparse graph (`linkage.py`), the event clusterer (`events.py`), labels,
ranking and the topic cap (`topics.py`), and `--explain` (`explain.py`).
May import: models, settings, errors, `text`.
"""

from briefing.cluster.duplicates import merge_duplicates, merged_ids
from briefing.cluster.events import Clusterer, EventClusterer, default_signals
from briefing.cluster.relevance import articles_about
from briefing.cluster.topics import cap_topics, cluster_articles
from briefing.cluster.window import cap_articles, check_range, select_articles

__all__ = [
    "Clusterer", "EventClusterer", "articles_about", "cap_articles", "cap_topics", "check_range", "cluster_articles",
    "default_signals", "merge_duplicates", "merged_ids", "select_articles",
]  # fmt: skip
