import http.server
import threading

from builders import NATO_EN, build_article, story
from markdown_it import MarkdownIt

from briefing.cluster.topics import cluster_articles
from briefing.models import RunReport
from briefing.output.assemble import assemble_brief
from briefing.output.files import write_atomically
from briefing.output.render import escape_markdown, html_to_pdf, render, safe_url
from briefing.settings import Settings
from briefing.summarise import further_reports
from briefing.summarise.segment import segment_articles

HOSTILE = (
    "Officials said <script>alert(1)</script> nothing happened in Brussels on Wednesday. "
    "See [the file](javascript:alert(2)) and **bold** claims about <img src=x onerror=alert(3)> images. "
)


def brief_of(articles):
    passages = segment_articles(articles)
    clusters, unclustered = cluster_articles(articles)
    from briefing.summarise import summarise_clusters

    sections = summarise_clusters(clusters, passages)
    return assemble_brief(sections, further_reports(unclustered, passages), RunReport(), Settings())


def hostile_brief():
    articles = [
        build_article(HOSTILE + story(NATO_EN, k, 4), id=f"n{k}", source=f"<b>Outlet {k}</b>", url="javascript:alert(4)")
        for k in range(2)
    ]
    articles[0].title = "<script>alert('title')</script> NATO"
    return brief_of(articles)


def test_article_text_cannot_inject_markup_into_html():
    html = render(hostile_brief(), "html")
    assert "<script" not in html and "<img" not in html and "<b>Outlet" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html.split("</style>")[1].replace("javascript:alert(2)", "")


def test_markdown_shows_article_text_literally_once_rendered():
    markdown = render(hostile_brief(), "md")
    html = MarkdownIt("commonmark").render(markdown)
    assert "<script" not in html and "<img" not in html and "<strong>bold" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, not run


def test_escape_markdown_neutralises_list_and_heading_starts():
    rendered = MarkdownIt("commonmark").render("- " + escape_markdown("1. Mal # kein Titel"))
    assert "<ol" not in rendered and "<h1" not in rendered and "1. Mal # kein Titel" in rendered


def test_only_web_links_are_followed():
    assert safe_url("https://example.org/a b") == "https://example.org/a%20b"
    assert safe_url("javascript:alert(1)") is None and safe_url("file:///etc/passwd") is None


def test_citation_markers_lead_to_numbered_sources():
    brief = brief_of([build_article(story(NATO_EN, k, 4), id=f"n{k}", source=f"O{k}") for k in range(2)])
    html = render(brief, "html")
    for entry in brief.sources:
        assert f'href="#source-{entry.number}"' in html and f'id="source-{entry.number}"' in html
    assert [e.number for e in brief.sources] == list(range(1, len(brief.sources) + 1))


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        RecordingHandler.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_pdf_rendering_fetches_nothing_from_the_network_or_disk():
    server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        html = (
            f'<link rel="stylesheet" href="{url}/style.css"><img src="{url}/pixel.png">'
            f'<p style="background: url({url}/bg.png)">x</p><img src="file:///etc/passwd">'
        )
        assert html_to_pdf(html).startswith(b"%PDF")
    finally:
        server.shutdown()
    assert RecordingHandler.requests == []


def test_outputs_are_replaced_whole(tmp_path):
    target = tmp_path / "brief.md"
    write_atomically(target, "old")
    write_atomically(target, "new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_outputs_get_the_permissions_of_an_ordinary_file(tmp_path):
    import os

    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "brief.pdf", b"%PDF")
    finally:
        os.umask(previous)
    assert (tmp_path / "brief.pdf").stat().st_mode & 0o777 == 0o644
