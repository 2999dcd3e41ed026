import io
import json
import logging
from email import policy
from email.parser import BytesParser

import pytest
from builders import NATO_EN, build_article
from pypdf import PdfReader

from briefing.ingest import read_articles
from briefing.models import Citation, Cluster, Coverage, Passage, RunReport, Section, Statement
from briefing.output import render as render_module
from briefing.output.assemble import assemble_brief
from briefing.output.mail import compose_digest
from briefing.output.render import article_title, font_installed_for, render, warn_missing_fonts
from briefing.settings import Settings

GERMAN = "Die Außenminister der Allianz berieten am Mittwoch in Brüssel über die Ukraine. Danach reisten sie ab."


def section_of(article, texts, headline="Headline", language="en"):
    """A section quoting `texts` (each a passage of `article`), as the extractive path makes one."""
    statements = []
    for index, text in enumerate(texts):
        start = article.text.index(text)
        passage = Passage(f"{article.id}#p{index}", article.id, index, start, start + len(text), text)
        statements.append(Statement(text, [Citation.of(passage)]))
    cluster = Cluster(f"c-{headline}", [article], label=headline)
    return Section(cluster, headline, statements, "extractive", Coverage.of(cluster), language=language)


def brief_of(*sections):
    return assemble_brief(list(sections), [], RunReport(), Settings(), overview=[])


# --- 3. never a file name as a title ------------------------------------------------------


def test_a_seed_without_a_title_is_listed_by_its_first_words_not_its_file_name(seeds_dir):
    seed = next(seeds_dir.glob("003_*.txt"))
    articles, _ = read_articles([str(seed)], Settings())
    article = articles[0]
    assert article.title is None
    first = article.text.split(". ")[0]
    brief = brief_of(section_of(article, [first + "."], language="de"))
    for fmt in ("md", "html"):
        shown = render(brief, fmt)
        assert seed.stem not in shown
    assert article_title(article).startswith("Wenn sich die Nato-Außenminister")
    assert article_title(article).endswith("…")


def test_a_short_first_sentence_is_the_title_whole_and_a_dateline_is_left_out():
    article = build_article("BERLIN (dpa) – Der Bundestag hat das Rentenpaket beschlossen. Mehr folgt.", id="abc123")
    assert article_title(article) == "Der Bundestag hat das Rentenpaket beschlossen."
    assert article_title(build_article("", id="f00", source="Hanse Kurier")) == "Hanse Kurier"
    assert article_title(build_article("x", id="f00", title="Eigener Titel")) == "Eigener Titel"


# --- 4. no Markdown escapes in the plain-text e-mail ----------------------------------------


def test_the_plain_text_part_of_the_digest_has_no_markdown_escapes():
    text = "Achtung! Strom & Gas werden teurer [sagt] die *Agentur* #Energie."
    article = build_article(text, id="e1", source="Hanse & Kurier", title="Preise: Gas & Strom!")
    markdown = render(brief_of(section_of(article, [text])), "md")
    assert "\\!" in markdown and "\\&" in markdown  # escaped where Markdown is rendered
    message = compose_digest(markdown, "Brief", "briefing@example.org", ["team@example.org"])
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    plain = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert text in plain and "Hanse & Kurier" in plain and "Preise: Gas & Strom!" in plain
    assert "\\!" not in plain and "\\&" not in plain and "\\[" not in plain
    assert "Achtung! Strom &amp; Gas" in html  # the HTML part still renders the Markdown


# --- 5. lang per element ---------------------------------------------------------------------


def test_html_lang_follows_the_brief_and_each_statement():
    german = build_article(GERMAN, id="de1", language="de", source="Hanse Kurier")
    english = build_article(" ".join(NATO_EN), id="en1", language="en", source="Berlin Ledger")
    brief = brief_of(
        section_of(german, GERMAN.split(" Danach")[:1], language="de"),
        section_of(german, ["Danach reisten sie ab."], headline="Zweites", language="de"),
        section_of(english, NATO_EN[:1], headline="Third", language="en"),
    )
    html = render(brief, "html")
    assert '<html lang="de">' in html
    assert '<li lang="de">Die Außenminister' in html
    assert f'<li lang="en">{NATO_EN[0]}' in html
    assert '<h2 lang="en">Sources</h2>' in html and '<footer lang="en">' in html
    assert 'lang="en">' + "1 article" in html  # the coverage line is the template's English


# --- 6. print: headings stay with their statements; missing fonts are named ---------------------


def _pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _brief_with_filler(filler: int):
    article = build_article(" ".join(NATO_EN), id="n", source="O")
    passage = Passage("n#p0", "n", 0, 0, len(NATO_EN[0]), NATO_EN[0])
    sections = []
    for k, count in enumerate((filler, 2)):
        statements = [
            Statement(
                f"Filler {i} of section {k}, long enough to take up a line or two of the page.", [Citation.of(passage)]
            )
            for i in range(count)
        ]
        cluster = Cluster(f"c{k}", [article], label=f"Heading{k}")
        sections.append(Section(cluster, f"Heading{k} of the brief", statements, "extractive", Coverage.of(cluster)))
    return brief_of(*sections)


def _pages_of_heading_and_statement(filler: int) -> tuple[int, int, int]:
    pages = _pages_of(render(_brief_with_filler(filler), "pdf"))
    heading = next(i for i, text in enumerate(pages) if "Heading1 of the brief" in text)
    coverage = next(i for i, text in enumerate(pages[heading:], heading) if "1 article from 1 outlet" in text)
    statement = next(i for i, text in enumerate(pages) if "Filler 0 of section 1" in text)
    return heading, coverage, statement


def test_a_section_heading_is_never_stranded_at_the_foot_of_a_page():
    """As the first section grows, the second's first statement moves to the next page;
    where it does, the heading and coverage line move with it, never staying behind."""
    low, high = 1, 120  # the statement is on page 1 with 1 filler, past it with 120
    first_page = _pages_of_heading_and_statement(low)[2]
    assert _pages_of_heading_and_statement(high)[2] > first_page
    while high - low > 1:  # the fewest fillers that push the statement over the break
        middle = (low + high) // 2
        low, high = (low, middle) if _pages_of_heading_and_statement(middle)[2] > first_page else (middle, high)
    for filler in range(high - 3, high + 2):  # where a heading would be left behind
        heading, coverage, statement = _pages_of_heading_and_statement(filler)
        assert heading == coverage == statement, filler


def test_a_missing_font_is_named_once_per_run(monkeypatch, caplog):
    if font_installed_for("ko") is not False:
        pytest.skip("a Korean font is installed here (or fontconfig cannot tell)")
    monkeypatch.setattr(render_module, "_warned_scripts", set())
    article = build_article(
        "서울에서 회담이 열렸다. 외교장관들이 만났다.", id="ko1", language="ko", source="Seoul Daily"
    )
    brief = brief_of(section_of(article, ["서울에서 회담이 열렸다."], language="ko"))
    with caplog.at_level(logging.WARNING, logger="briefing.output.render"):
        render(brief, "pdf")
        render(brief, "pdf")
    warnings = [r.getMessage() for r in caplog.records if "no font" in r.getMessage()]
    assert len(warnings) == 1 and "Korean" in warnings[0] and "fonts-noto-cjk" in warnings[0]


def test_text_every_installed_font_covers_warns_nothing(monkeypatch):
    monkeypatch.setattr(render_module, "_warned_scripts", set())
    assert warn_missing_fonts("Die Außenminister berieten. The ministers met. Ελλάδα. Москва.") == []


def test_further_reports_mark_comment_and_satire_in_markdown_html_and_json(tmp_path):
    from briefing.output.render import render
    from briefing.pipeline import build_brief
    from briefing.settings import Settings

    (tmp_path / "kommentar.md").write_text(
        "---\ntitle: Kommentar: Die Rente braucht Mut\nsource: Hanse Kurier\n---\n\n"
        "Die Koalition hat sich mit dem Rentenpaket über die Ziellinie gerettet, aber das Problem bleibt.\n",
        encoding="utf-8",
    )
    (tmp_path / "okapi.md").write_text(
        "---\ntitle: Okapi-Jungtier im Tierpark geboren\nsource: Rheinische Abendpost\n---\n\n"
        "Im Tierpark Rheinaue ist ein seltenes Okapi-Jungtier zur Welt gekommen, teilte der Zoo am Mittwoch mit.\n",
        encoding="utf-8",
    )
    brief = build_brief([tmp_path], Settings())
    kinds = {s.citations[0].article_id: s.kind for s in brief.further_reports}
    assert sorted(kinds.values()) == ["news", "opinion"]
    assert ", opinion)" in render(brief, "md") and "<em lang=\"en\">opinion</em>" in render(brief, "html")
    assert json.loads(render(brief, "json"))["further_reports"][0]["kind"] == "news"  # news first
