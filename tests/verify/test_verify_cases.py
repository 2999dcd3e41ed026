"""The labelled cases that benchmarks/verify_quality.py measures the verifier on are well
formed: every cited passage exists, the set is balanced and wide, and no statement about
the seeds copies their (copyrighted) text."""

import json
import re
from collections import Counter

import pytest
from builders import EXAMPLES, SEEDS, TEST_DATA

from briefing.ingest import read_articles
from briefing.settings import Settings
from briefing.summarise.segment import segment_articles

CASES = TEST_DATA / "verify_cases.jsonl"
# Written blind, after the verifier was tuned on CASES, to measure it on statements it was not tuned on.
HELD_OUT = TEST_DATA / "verify_cases_heldout.jsonl"
# Written blind later still, by someone who saw neither the checks nor the other sets.
BLIND = sorted(TEST_DATA.glob("verify_cases_blind*.jsonl"))
BOTH = pytest.mark.parametrize("path", [CASES, HELD_OUT, *BLIND], ids=["tuned", "held-out", *(p.stem for p in BLIND)])
KEYS = {"id", "kind", "label", "language", "statement", "cites", "why"}
SEED_IDS = {"000_f5a63ebbe27c5876", "001_217fac27926633cb", "002_6f7f2669796b724d", "003_645aa459b3da4b9e",
            "004_08da8c51ebda866c"}  # fmt: skip


def cases(path=CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@BOTH
def test_every_case_is_well_formed(path):
    found = cases(path)
    assert all(set(case) == KEYS for case in found)
    assert len({case["id"] for case in found}) == len(found)
    assert {case["label"] for case in found} <= {"supported", "unsupported"}
    assert {case["language"] for case in found} <= {"de", "en"}
    assert all(case["statement"].strip() and case["cites"] for case in found)


def test_the_set_is_large_balanced_and_wide():
    found = cases()
    labels = Counter(case["label"] for case in found)
    assert len(found) >= 240 and abs(labels["supported"] - labels["unsupported"]) <= len(found) // 10
    assert len({case["kind"] for case in found if case["label"] == "unsupported"}) >= 10
    assert {case["language"] for case in found} == {"de", "en"}


@BOTH
def test_every_cited_passage_of_the_examples_exists(path):
    articles, _ = read_articles([EXAMPLES / "articles"], Settings())
    passages = segment_articles(articles)
    for case in cases(path):
        for cite in case["cites"]:
            if cite["article"] not in SEED_IDS:
                assert cite["passage"] < len(passages[cite["article"]]), case["id"]


@BOTH
def test_statements_about_the_seeds_cite_existing_passages_and_copy_no_text(path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    articles, _ = read_articles([SEEDS], Settings())
    passages = segment_articles(articles)
    for case in cases(path):
        cited = [cite for cite in case["cites"] if cite["article"] in SEED_IDS]
        for cite in cited:
            passage = passages[cite["article"]][cite["passage"]].text
            runs = {tuple(words(passage)[k : k + 4]) for k in range(len(words(passage)) - 3)}
            statement = words(case["statement"])
            copied = [run for run in zip(statement, statement[1:], statement[2:], statement[3:]) if run in runs]
            assert not copied, f"{case['id']} copies {' '.join(copied[0])!r} from a seed"


def test_the_held_out_set_is_balanced_and_apart_from_the_tuned_one():
    held_out, tuned = cases(HELD_OUT), cases(CASES)
    labels = Counter(case["label"] for case in held_out)
    assert len(held_out) >= 100 and labels["supported"] == labels["unsupported"]
    assert not {case["statement"] for case in held_out} & {case["statement"] for case in tuned}
    assert not {case["id"] for case in held_out} & {case["id"] for case in tuned}
