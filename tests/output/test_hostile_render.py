"""Article text written by strangers renders as inert text in every format (issue 6).

Hostile articles go through the real pipeline (JSONL and Markdown files → build_brief →
render), while a recording HTTP server on 127.0.0.1 is the only place their URLs point to:
whatever renders the brief must never ask it for anything.
"""

import http.server
import io
import json
import socket
import threading
import urllib.request
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from builders import BUDGET_EN, FERRY_DE, FERRY_EN, NATO_EN, ZOO_EN
from markdown_it import MarkdownIt
from pypdf import PdfReader

from briefing.output.mail import compose_digest, plain_text
from briefing.output.render import _template_fetcher, html_to_pdf, render
from briefing.pipeline import build_brief
from briefing.settings import Settings, templates_folder

PAYLOADS = {  # name → hostile text; {url} is the recording server
    "script": "<script>alert(1)</script>",
    "img": "<img src={url}/img.png>",
    "link": "<link rel=stylesheet href=file:///etc/passwd>",
    "style": "<style>body{{background:url({url}/css)}}</style>",
    "style attribute": '<p style="background:url({url}/attr.png)">styled</p>',
    "javascript link": "[click](javascript:alert(1))",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="{url}/frame"></iframe>',
    "textarea": "</textarea>",
    "entities": "&lt;b&gt;bold&lt;/b&gt; &amp;amp; &#60;script&#62; &quot;",
    "markdown image": "![x]({url}/md.png)",
    "autolink": "<{url}/autolink>",
    "jinja expression": "{{{{ 7*7 }}}}",
    "jinja raw": "{{% raw %}}",
}
URLS = [  # the `url` field of the JSONL articles, in turn
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    " JAVASCRIPT:alert(1)",
    '{url}/page?q="><script>alert(1)</script>',
    "{url}/trailing\\",
]
# One distinct report per payload: distinct texts, so that dedupe merges none of them.
STORIES = [*NATO_EN, *BUDGET_EN, *ZOO_EN.split(". "), *FERRY_EN[0].split(". "), *FERRY_DE[0].split(". ")]
RAW_MARKDOWN_BLOCK = (  # a raw HTML block (one line, so one passage: the one the brief cites)
    '<div onclick="alert(1)"><img src={url}/block.png> The harbour museum reopened its lighthouse on Friday, '
    "and visitors [loved](javascript:alert(1)) it ![x]({url}/md.png) <iframe src={url}/frame2></iframe></div>"
)
# A story of its own (an article on the zoo's okapi would be one report of the zoo's story,
# its title not shown).
RAW_MARKDOWN = f"""# <script>alert('md title')</script> Harbour museum reopens its lighthouse

Quelle: <b>Zoo-Kurier</b>
URL: file:///etc/passwd

{RAW_MARKDOWN_BLOCK}
"""
RAW_MARKDOWN_SHOWN = {  # what the Markdown article's title, outlet and only passage show
    "md title": "<script>alert('md title')</script> Harbour museum reopens its lighthouse",
    "md outlet": "<b>Zoo-Kurier</b>",
    "raw HTML block": RAW_MARKDOWN_BLOCK,
}
# Tags the templates themselves write; anything else came from article content.
BRIEF_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "section", "div",
              "ul", "ol", "li", "strong", "a", "span", "blockquote", "footer"}  # fmt: skip
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "em", "strong", "ul", "ol", "li", "blockquote", "a", "hr"}
DIGEST_TAGS = MARKDOWN_TAGS | {"html", "head", "meta", "title", "style", "body"}
TEMPLATE_ATTRIBUTES = {"class", "id", "href", "lang", "value", "charset"}
AS_OF = datetime(2025, 12, 3, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # no 49 in the date


# --- builders ----------------------------------------------------------------------------


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


class Server:
    """A running recording server on 127.0.0.1: its base URL and the paths it was asked for."""

    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
        self.httpd.requests = self.requests = []
        self.port = self.httpd.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server():
    running = Server()
    urllib.request.urlopen(f"{running.url}/ping", timeout=5).read()  # it does record requests
    assert running.requests == ["/ping"]
    running.requests.clear()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture(scope="module")
def payloads(server) -> dict[str, str]:
    return {name: text.format(url=server.url) for name, text in PAYLOADS.items()}


@pytest.fixture(scope="module")
def shown(server, payloads) -> dict[str, str]:
    """Every hostile text the brief must show literally."""
    return {**payloads, **{name: text.format(url=server.url) for name, text in RAW_MARKDOWN_SHOWN.items()}}


@pytest.fixture(scope="module")
def records(server, payloads) -> list[dict]:
    """The hostile JSONL articles: each payload in the title, the text and the outlet."""
    records = []
    for k, (name, payload) in enumerate(payloads.items()):
        sentence = STORIES[k].rstrip(".")
        records.append({
            "id": f"hostile-{k}", "title": f"{payload} report {k}", "text": f"{sentence} {payload}.",
            "source": payload, "url": URLS[k % len(URLS)].format(url=server.url), "language": "en",
        })  # fmt: skip
    return records


@pytest.fixture(scope="module")
def brief(tmp_path_factory, server, records):
    folder = tmp_path_factory.mktemp("hostile")
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "raw.md").write_text(RAW_MARKDOWN.format(url=server.url), encoding="utf-8")
    settings = Settings(max_topics=None, max_further_reports=None, as_of=AS_OF)
    return build_brief([folder], settings)


@pytest.fixture(scope="module")
def markdown(brief) -> str:
    return render(brief, "md")


@pytest.fixture(scope="module")
def pdf(brief, server) -> bytes:
    return render(brief, "pdf")


class Page(HTMLParser):
    """An HTML page taken apart: every element with its attributes, the text, the CSS."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []  # (tag, attributes, ancestors)
        self.open: list[str] = []
        self.texts: list[str] = []
        self.css: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.open)))
        if tag not in ("meta", "hr", "br"):
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.open)))

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data):
        (self.css if self.open[-1:] == ["style"] else self.texts).append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def tags(self, name: str) -> list[tuple[dict, list[str]]]:
        return [(attributes, ancestors) for tag, attributes, ancestors in self.elements if tag == name]


def assert_inert(html: str, allowed_tags: set[str], payloads: dict[str, str], server: Server) -> Page:
    """Only the templates' own elements and attributes, links only to the web or an anchor,
    and every payload shown as text."""
    page = Page(html)
    assert {tag for tag, _, _ in page.elements} <= allowed_tags
    for tag, attributes, _ in page.elements:
        assert set(attributes) <= TEMPLATE_ATTRIBUTES, (tag, attributes)
        href = attributes.get("href")
        if href is not None:
            assert href.startswith("#source-") or urlsplit(href).scheme in ("http", "https"), href
    ((_, ancestors),) = page.tags("style") or [({}, ["head"])]  # one style sheet at most, the page's own
    assert ancestors[-1:] == ["head"] and "127.0.0.1" not in "".join(page.css) and "@import" not in "".join(page.css)
    for name, payload in payloads.items():
        assert payload in page.text, f"{name} is not shown as text"
    assert "49" not in page.text.replace(server.url, "")  # {{ 7*7 }} was never evaluated
    return page


def squeezed(text: str) -> str:
    return "".join(text.split())


# --- HTML --------------------------------------------------------------------------------


def test_html_shows_every_payload_as_text_and_runs_none(brief, shown, server):
    html = render(brief, "html")
    page = assert_inert(html, BRIEF_TAGS, shown, server)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;lt;b&amp;gt;bold" in html  # entities stay entities: shown, not decoded
    links = [attributes["href"] for attributes, _ in page.tags("a") if not attributes["href"].startswith("#")]
    assert links and all(link.startswith("http://127.0.0.1:") for link in links)  # the only http URLs given
    assert not any("<" in link or "\\" in link for link in links)  # percent-encoded


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_stays_text_in_the_most_permissive_renderer(markdown, shown, server):
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    page = assert_inert(html, MARKDOWN_TAGS, shown, server)
    assert not page.tags("style")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_links_only_the_web_addresses_given(markdown, server, records):
    """Each link is a source's title leading to its http URL; nothing else became a link."""
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    links, text = set(), None
    for child in (child for token in tokens for child in token.children or ()):
        if child.type == "link_open":
            href, text = child.attrGet("href"), []
        elif child.type == "link_close":
            links.add((href, "".join(text)))
            text = None
        elif text is not None:
            text.append(child.content)
    encoded = {
        f"{server.url}/page?q=\"><script>alert(1)</script>": f"{server.url}/page?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        f"{server.url}/trailing\\": f"{server.url}/trailing%5C",
    }
    given = {(encoded[r["url"]], r["title"]) for r in records if r["url"] in encoded}
    assert links <= given and {href for href, _ in links} == set(encoded.values())


def test_the_markdown_digest_shows_every_payload_as_text(markdown, shown, server):
    message = compose_digest(markdown, "Brief <script>", "briefing@example.org", ["team@example.org"])
    # the plain part is the Markdown without its escapes: text/plain renders nothing
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == plain_text(markdown)
    html = message.get_body(("html",)).get_content()
    assert_inert(html, DIGEST_TAGS, shown, server)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_of_hostile_articles_fetches_nothing_and_shows_the_text(pdf, server, shown):
    assert server.requests == []
    reader = PdfReader(io.BytesIO(pdf))
    text = squeezed("".join(page.extract_text() for page in reader.pages))
    for name, payload in shown.items():
        assert squeezed(payload) in text, f"{name} is not in the PDF"
    uris = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or ()
        if "/A" in annotation.get_object()
    ]
    assert all(uri is None or uri.startswith(server.url) for uri in uris)
    assert not reader.attachments


def hostile_page(url: str, secret_uri: str) -> str:
    """HTML that asks for every kind of resource WeasyPrint fetches."""
    return f"""<!DOCTYPE html><html><head>
<base href="{url}/base/">
<link rel="stylesheet" href="{url}/link.css"><link rel="stylesheet" href="{secret_uri}">
<link rel="attachment" href="{secret_uri}"><link rel="attachment" href="relative.txt">
<link rel="icon" href="{url}/icon.png">
<style>@import url({url}/import.css); @import url(file:///etc/passwd);
@font-face {{ font-family: X; src: url({url}/font.woff); }}
body {{ font-family: X; background: url({url}/background.png); list-style-image: url({url}/bullet.png); }}
</style></head><body>
<img src="{url}/img.png"><img src="file:///etc/passwd"><img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><image href='{url}/svg-in-data.png'/></svg>">
<p style="background:url({url}/attr.png)">styled</p>
<object data="{url}/object.svg"></object><embed src="{url}/embed.svg"><iframe src="{url}/frame"></iframe>
<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}/svg.png" width="10" height="10"/></svg>
<video poster="{url}/poster.png"></video><input type="image" src="{url}/input.png">
<a rel="attachment" href="{url}/attachment.bin">attachment</a>
<img src="file://127.0.0.1/etc/passwd"><img src="file://localhost/etc/passwd">
<img src="{templates_folder().as_uri()}/../pyproject.toml">
<p>Hostile page</p></body></html>"""


def test_the_pdf_fetcher_refuses_network_and_files_outside_the_templates(server, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    pdf = html_to_pdf(hostile_page(server.url, secret.as_uri()))
    reader = PdfReader(io.BytesIO(pdf))
    assert server.requests == []
    assert not reader.attachments  # neither the secret file nor anything else got embedded
    assert "Hostile page" in reader.pages[0].extract_text()


def test_the_pdf_fetcher_still_reads_the_templates_folder():
    """The control for the test above: a file inside templates/ is fetched (and attached)."""
    css = templates_folder() / "brief.css"
    pdf = html_to_pdf(f'<link rel="attachment" href="{css.as_uri()}"><p>x</p>')
    assert list(PdfReader(io.BytesIO(pdf)).attachments) == ["brief.css"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://127.0.0.1:9/x",
        "ftp://127.0.0.1/x",
        "data:text/css,p{{color:red}}",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "{templates}/../pyproject.toml",
        "{templates}/%2e%2e/pyproject.toml",
        "{templates}_elsewhere/brief.css",
        "file://example.invalid{templates_path}/brief.css",  # urllib would resolve the host
        "file://127.0.0.1{templates_path}/brief.css",
    ],
)
def test_the_fetcher_refuses_before_touching_network_or_disk(url, monkeypatch):
    from weasyprint.urls import URLFetchingError

    def no_lookup(*args, **kwargs):
        raise AssertionError(f"looked up a host name: {args}")

    monkeypatch.setattr(socket, "gethostbyname", no_lookup)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    folder = templates_folder()
    url = url.format(templates=folder.as_uri(), templates_path=folder.as_posix())
    with pytest.raises(URLFetchingError):
        _template_fetcher().fetch(url)


# --- JSON --------------------------------------------------------------------------------


def test_json_keeps_hostile_strings_verbatim_and_quotes_exact(brief, records, payloads, server):
    data = json.loads(render(brief, "json"))
    articles = data["articles"]
    for record in records:
        article = articles[record["id"]]
        fields = ("title", "source", "url", "text")
        assert {f: article[f] for f in fields} == {f: record[f].strip() for f in fields}
    raw = next(a for a in articles.values() if a["source"] == "<b>Zoo-Kurier</b>")
    assert raw["text"] == RAW_MARKDOWN_BLOCK.format(url=server.url) and raw["url"] == "file:///etc/passwd"
    cited = {source["article_id"] for source in data["sources"]}
    in_sections = {a for section in data["sections"] for a in section["cluster"]["articles"]}
    assert cited <= set(articles) == cited | in_sections  # all shown elsewhere, too
    citations = list(data["sources"])
    for part in ("overview", "watch", "further_reports"):
        citations += [c for statement in data[part] for c in statement["citations"]]
    citations += [c for section in data["sections"] for s in section["statements"] for c in s["citations"]]
    assert citations
    for citation in citations:
        assert citation["quote"] == articles[citation["article_id"]]["text"][citation["start"] : citation["end"]]
    assert payloads["jinja expression"] in json.dumps(data, ensure_ascii=False)


def test_a_file_name_with_control_characters_is_shown_without_them(tmp_path):
    (tmp_path / "ok.txt").write_text("NATO-Gipfel\n\nDie Außenminister beraten in Brüssel.\n", encoding="utf-8")
    (tmp_path / "bad\x1b[2J\u202ename.txt").write_bytes(b"\x00\x01binary")
    brief = build_brief([tmp_path], Settings(as_of=AS_OF))
    assert any("\x1b" in problem.where for problem in brief.report.problems)
    for kind in ("md", "html"):
        shown = render(brief, kind)
        assert "\x1b" not in shown and "\u202e" not in shown and "\ufffd[2J" in shown.replace("\\[", "["), kind
