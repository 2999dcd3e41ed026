"""HTML fragments (feed content and summaries) to plain text, paragraphs kept as blank lines."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Elements that start a new paragraph; their text is set off by a blank line.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
# Elements whose content is never article text.
DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object")
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = 2  # break tokens: the number of newlines they stand for
_LINE_BREAK = 1


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment: block elements become paragraphs ("\\n\\n"),
    `<br>` a line break, all other whitespace single spaces."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    tokens: list[str | int] = []
    _collect(root, tokens)
    return _join(tokens)


def _collect(element: etree._Element, tokens: list[str | int]) -> None:
    """Append the element's text pieces and break tokens, depth first, in reading order."""
    tag = element.tag if isinstance(element.tag, str) else None  # None: comment, PI
    if tag == "br":
        tokens.append(_LINE_BREAK)
    if tag in BLOCK_TAGS:
        tokens.append(_PARAGRAPH_BREAK)
    if tag and element.text:
        tokens.append(element.text)
    for child in element:
        _collect(child, tokens)
        if child.tail:
            tokens.append(child.tail)
    if tag in BLOCK_TAGS:
        tokens.append(_PARAGRAPH_BREAK)


def _join(tokens: list[str | int]) -> str:
    """Text with whitespace collapsed; a run of breaks becomes its strongest break."""
    parts: list[str] = []
    pending_break = 0
    for token in tokens:
        if isinstance(token, int):
            pending_break = max(pending_break, token)
            continue
        text = _WHITESPACE.sub(" ", token)
        if pending_break and text.strip():
            parts.append("\n" * pending_break)
            text, pending_break = text.lstrip(), 0
        parts.append(text)
    joined = "".join(parts)
    return re.sub(r" *\n *", "\n", joined).strip()
