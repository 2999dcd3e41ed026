"""How long the LLM path takes for 40 clusters when every answer takes a second.

What it measures
    The 40 gold events of ecbplus (../shared/data) become 40 clusters, summarised by the
    LLM summariser against the scripted OpenAI-compatible server of the tests, which
    answers every chat completion after `--latency` seconds with the passages it was
    given (so every statement verifies), and every judge's call with "supported" for
    what its passages say word for word. Wall seconds and calls (two per cluster: the
    writer's and the judge's) for concurrency 1 and 8, then a re-run at concurrency 8
    from the response cache. The issue's target (before the judge): about 5-6 s at
    concurrency 8 with 1 s latency (not 40 s), and 0 calls when cached.

Run it from the repository root:

    python benchmarks/llm_concurrency.py [--latency 1.0] [--concurrency 1,8]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ecbplus"
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from openai_script import ScriptedOpenAI, faithful_judge, is_judge_prompt, reply_json  # noqa: E402

from briefing.cluster.topics import describe_cluster  # noqa: E402
from briefing.ingest import read_articles  # noqa: E402
from briefing.models import RunReport  # noqa: E402
from briefing.settings import LLMSettings, Settings  # noqa: E402
from briefing.summarise import summarise_clusters  # noqa: E402
from briefing.summarise.llm import open_llm_summariser  # noqa: E402
from briefing.summarise.segment import segment_articles  # noqa: E402

PASSAGE = re.compile(r'<passage id="(P\d+)"[^>]*>(.*?)</passage>', re.DOTALL)


def quoting_model(request: dict):
    """Answers with the first passages it was given, each citing itself; judges faithfully."""
    if is_judge_prompt(request):
        return faithful_judge(request)
    passages = PASSAGE.findall(request["messages"][1]["content"])
    claims = [{"text": text, "cites": [label]} for label, text in passages[:4]]
    headline = {"text": " ".join(passages[0][1].split()[:6]), "cites": [passages[0][0]]}
    return reply_json({"headline": headline, "statements": claims})


def event_clusters():
    articles, _ = read_articles([DATA / "articles.jsonl"], Settings())
    gold = {g["id"]: g["event"] for g in map(json.loads, open(DATA / "gold.jsonl"))}
    events = defaultdict(list)
    for article in articles:
        events[gold[article.id]].append(article)
    clusters = [describe_cluster(members, None) for members in events.values() if len(members) > 1]
    return clusters, segment_articles([a for c in clusters for a in c.articles])


def timed_run(server, clusters, passages, concurrency: int, cache: Path) -> tuple[float, dict]:
    settings = LLMSettings(base_url=server.base_url, model="scripted", concurrency=concurrency, cache=cache)
    summariser = open_llm_summariser(settings, RunReport())
    started = time.perf_counter()
    sections = summarise_clusters(clusters, passages, summariser)
    seconds = time.perf_counter() - started
    record = summariser.record
    return seconds, {"calls": record.calls, "cached": record.cache_hits, "llm": sum(s.method == "llm" for s in sections)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", default="1,8", help="comma-separated levels to measure")
    arguments = parser.parse_args()
    clusters, passages = event_clusters()
    rows = []
    with ScriptedOpenAI(default=quoting_model, latency=arguments.latency) as server, tempfile.TemporaryDirectory() as folder:
        for level in map(int, arguments.concurrency.split(",")):
            rows.append((level, "fresh", *timed_run(server, clusters, passages, level, Path(folder) / f"c{level}.sqlite")))
        last = int(arguments.concurrency.split(",")[-1])
        rows.append((last, "cached re-run", *timed_run(server, clusters, passages, last, Path(folder) / f"c{last}.sqlite")))
    print(f"# LLM path: {len(clusters)} clusters, scripted server at {arguments.latency:g} s latency\n")
    print("| concurrency | run | seconds | calls | cache hits | LLM sections |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for level, run, seconds, counts in rows:
        print(f"| {level} | {run} | {seconds:.1f} | {counts['calls']} | {counts['cached']} | {counts['llm']} |")


if __name__ == "__main__":
    main()
