"""The articles that belong in the brief: published within its window, and no more than
the caps allow.

`--from/--to` are inclusive calendar days in the configured timezone, `--since` an
instant. A dated brief leaves undated articles out (and says so in the run report); an
undated one takes all. Past the caps (articles per run, characters per article) the
newest are kept and each cut is reported.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from briefing.errors import UsageError
from briefing.models import Article, Problem, RunReport
from briefing.settings import Settings


def check_range(settings: Settings) -> None:
    if settings.date_from and settings.date_to and settings.date_from > settings.date_to:
        raise UsageError(f"--from {settings.date_from} is after --to {settings.date_to}")


def select_articles(articles: list[Article], settings: Settings, report: RunReport) -> list[Article]:
    """The articles published within the range; every other one is counted in `report`."""
    check_range(settings)
    if not settings.dated:
        selected = list(articles)
    else:
        selected = []
        for article in articles:
            if article.published is None:
                report.undated_left_out.append(article.id)
            elif _in_range(article.published, settings):
                selected.append(article)
            else:
                report.out_of_range += 1
    report.articles_selected = len(selected)
    return selected


def cap_articles(articles: list[Article], settings: Settings, report: RunReport) -> list[Article]:
    """At most `max_articles` (the newest), each at most `max_article_characters` long;
    each cut is reported as a Problem naming the article."""
    if len(articles) > settings.max_articles:
        articles = sorted(articles, key=newest_first)[: settings.max_articles]
        report.problems.append(
            Problem("(input)", f"more than {settings.max_articles:,} articles: only the newest are used")
        )
    return [_cut(article, settings.max_article_characters, report) for article in articles]


def newest_first(article: Article) -> tuple[bool, float]:
    """A sort key: the newest first, the undated last."""
    return (article.published is None, -article.published.timestamp() if article.published else 0.0)


def _cut(article: Article, limit: int, report: RunReport) -> Article:
    if len(article.text) <= limit:
        return article
    end = article.text.rfind(" ", 0, limit + 1)
    text = article.text[: end if end > limit // 2 else limit].rstrip()
    report.problems.append(
        Problem(article.origin or article.id, f"{len(article.text):,} characters: cut to the first {len(text):,}")
    )
    return replace(article, text=text)


def _in_range(published: datetime, settings: Settings) -> bool:
    day = published.astimezone(settings.tz).date()
    after_start = settings.date_from is None or day >= settings.date_from
    after_since = settings.since is None or published >= settings.since
    before_end = settings.date_to is None or day <= settings.date_to
    return after_start and after_since and before_end
