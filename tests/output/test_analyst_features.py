"""The five things an analyst gets beyond the statements, in every format, from the
examples: voices, where reports differ, outlets per statement, new or developing since
an earlier brief, and the coverage timeline."""

import json

import pytest
from builders import EXAMPLES, RANGE, assert_citations_verified
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app

EARLIER = EXAMPLES / "brief-2025-12-02.json"  # the examples' brief of 1–2 December


@pytest.fixture(scope="module")
def brief_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    arguments = ["build", EXAMPLES / "articles", *RANGE, "--previous", EARLIER, "--format", "md,html,pdf,json",
                 "--out", folder / "brief.md"]  # fmt: skip
    result = CliRunner().invoke(app, [str(a) for a in arguments], catch_exceptions=False,
                                env={"XDG_CACHE_HOME": str(folder / "cache")})  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def test_the_json_brief_carries_all_five(brief_files):
    brief = json.loads((brief_files / "brief.json").read_text(encoding="utf-8"))
    assert_citations_verified(brief)
    sections = brief["sections"]
    voices = [voice for section in sections for voice in section["voices"]]
    assert voices and all(voice["speaker"] and voice["citations"] for voice in voices)
    for voice in voices:  # verbatim in the passage it cites
        assert voice["quote"] in voice["citations"][0]["quote"]
    [difference] = [d for section in sections for d in section["differences"]]
    first, second = difference["sides"]
    assert first["outlets"] != second["outlets"] and len(first["outlets"]) == len(second["outlets"]) == 1
    statements = [statement for section in sections for statement in section["statements"]]
    assert any(len(s["outlets"]) > 1 for s in statements) and any(s["single_source"] for s in statements)
    assert brief["compared_with"] == ["2025-12-02"]
    developing = [section for section in sections if section["earlier"]]
    assert developing and len(developing) < len(sections)
    assert any(s["reported_before"] for section in developing for s in section["statements"])
    assert all(story["timeline"] and sum(map(sum, story["timeline"]["counts"].values())) for story in brief["stories"])


def test_markdown_shows_all_five(brief_files):
    markdown = (brief_files / "brief.md").read_text(encoding="utf-8")
    for shown in ("**Voices**", "**Where reports differ**", "outlets)_", "_(single source)_", "· **new**",
                  "**developing, since 2 December 2025**", "_Already reported 2 December 2025:_", "_Timeline: "):
        assert shown in markdown, shown  # fmt: skip
    assert "(<brief-2025-12-02.md#section-c" not in markdown  # the link starts from the brief's own folder
    assert "brief-2025-12-02.md#section-c" in markdown


def test_html_and_pdf_show_all_five(brief_files):
    html = (brief_files / "brief.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 3 and "<script" not in html
    for shown in ('class="voices"', 'class="differences"', 'class="carried', 'class="new"', 'class="developing"',
                  'class="reported"'):
        assert shown in html, shown  # fmt: skip
    text = " ".join(page.extract_text() for page in PdfReader(brief_files / "brief.pdf").pages)
    for shown in ("Voices", "Where reports differ", "single source", "developing, since 2 December 2025", "Already reported"):
        assert shown in text, shown


def test_an_unreadable_earlier_brief_is_one_problem_and_the_brief_is_still_made(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"sections": [', encoding="utf-8")
    arguments = ["build", EXAMPLES / "articles", *RANGE, "--previous", broken, "--format", "json",
                 "--out", tmp_path / "brief.json"]  # fmt: skip
    result = CliRunner().invoke(app, [str(a) for a in arguments], env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "broken.json" in result.output
    brief = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
    assert brief["compared_with"] == [] and all(section["earlier"] == [] for section in brief["sections"])
