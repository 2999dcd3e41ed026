"""E-mail digests: a brief's Markdown as a multipart message, sent over SMTP.

The plain part is the Markdown without its backslash escapes (`\\!` and `\\&` are there
for a Markdown renderer; a reader of plain text sees `!` and `&`); the HTML part is that
Markdown rendered by markdown-it-py with raw HTML off, its `[n]` citation markers turned
into links to the numbered sources. Every SMTP failure becomes one MailError that names
host:port and what went wrong, and never the password.

Each recipient must be exactly one address (`settings.one_address`); control characters
in the subject become spaces. The whole delivery is bounded by `Smtp.delivery_deadline`:
a watchdog shuts the socket when it passes, so a server that trickles its replies line
by line, each within `timeout`, cannot hold a run for longer.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from pydantic import SecretStr

from briefing.errors import BriefingError
from briefing.output.render import safe_url
from briefing.settings import CONTROL_CHARACTER, Smtp, one_address
from briefing.sockets import SocketWatchdog

SOURCES_HEADING = "Sources"  # the heading templates/brief.md.j2 puts above the numbered sources
# `[12]` where the inline parser stands on a real bracket; `\[12\]` never gets here, because
# the escape rule consumes `\[` first. `[12](…)` is left to the link rule.
CITATION_MARKER = re.compile(r"\[([1-9][0-9]{0,3})\](?!\()")
# A backslash escape of CommonMark: a backslash before any ASCII punctuation character.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
TEXT_TRANSFER_ENCODING = "quoted-printable"  # 7-bit safe for any server, still readable raw
PASSWORD_MASK = "***"
DIGEST_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 15px; line-height: 1.45;
       color: #1a1a1a; max-width: 46em; margin: 0 auto; padding: 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #d0d0d0; }
li { margin-bottom: 0.35em; }
blockquote { margin: 0.3em 0 0.8em; padding-left: 0.8em; border-left: 3px solid #c8c8c8; color: #444; }
a { color: #1a4f8b; }
a.citation { text-decoration: none; font-size: 0.85em; }
"""


class MailError(BriefingError):
    """A digest could not be composed or sent."""

    exit_code = 1


# --- composing ---------------------------------------------------------------------------


def compose_digest(
    markdown: str,
    subject: str,
    sender: str,
    recipients: list[str],
    pdf: bytes | None = None,
    pdf_name: str = "brief.pdf",
) -> EmailMessage:
    """multipart/alternative (the Markdown as plain text, rendered as text/html), inside
    multipart/mixed with the PDF attached when `pdf` is given."""
    if not recipients:
        raise MailError("a digest needs at least one recipient")
    for address in (sender, *recipients):
        try:
            one_address(address)
        except ValueError as error:
            raise MailError(f"cannot send to or from {error}") from None
    message = EmailMessage()
    _set_headers(message, subject, sender, recipients)
    message.set_content(plain_text(markdown), subtype="plain", charset="utf-8", cte=TEXT_TRANSFER_ENCODING)
    message.add_alternative(digest_html(markdown, subject), subtype="html", charset="utf-8", cte=TEXT_TRANSFER_ENCODING)
    if pdf is not None:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def plain_text(markdown: str) -> str:
    """The Markdown as a plain-text reader should see it: its backslash escapes undone."""
    return MARKDOWN_ESCAPE.sub(r"\1", markdown)


def _set_headers(message: EmailMessage, subject: str, sender: str, recipients: list[str]) -> None:
    subject = one_line(subject)
    headers = {
        "From": sender,
        "To": ", ".join(recipients),
        "Date": formatdate(localtime=True),
        "Message-ID": make_msgid(domain=_domain_of(sender)),  # a domain: no DNS lookup
    }
    for name, value in {"Subject": subject, **headers}.items():
        if "\r" in value or "\n" in value:
            raise MailError(f"the {name} header must be one line, got {value!r}")
    _set_subject(message, subject)
    for name, value in headers.items():
        try:
            message[name] = value
        except ValueError as error:  # an address the email package cannot parse, …
            raise MailError(f"cannot use this {name} header: {error}") from None


def one_line(text: str) -> str:
    """`text` with its control characters (line breaks, \\x0b, \\x1c, …) as spaces, runs of
    spaces as one: the email package refuses them in a header, and a line break there
    could add headers of its own."""
    return " ".join(CONTROL_CHARACTER.sub(" ", text).split())


def _set_subject(message: EmailMessage, subject: str) -> None:
    """RFC 2047 for a subject that is not ASCII, encoded by the legacy Header class: the default
    policy's folder can drop the space between two encoded words (python/cpython#144156)."""
    if subject.isascii():
        message["Subject"] = subject
    else:
        message.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode(linesep="\n"))


def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"


def digest_html(markdown: str, title: str) -> str:
    """The brief's Markdown as a self-contained HTML page: inline CSS, no external resources."""
    body = _markdown_renderer().render(markdown, {})
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escapeHtml(title)}</title>\n<style>{DIGEST_CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


@cache
def _markdown_renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False})  # raw HTML in the Markdown stays text
    renderer.inline.ruler.before("link", "citation", _parse_citation)
    renderer.core.ruler.push("source_anchors", _anchor_sources)
    renderer.add_render_rule("citation", _render_citation)
    return renderer


def _parse_citation(state: StateInline, silent: bool) -> bool:
    """An unescaped `[n]` outside link text becomes a `citation` token."""
    if state.linkLevel > 0 or state.src[state.pos] != "[":
        return False
    match = CITATION_MARKER.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "a", 0)
        token.content = match.group(0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


def _anchor_sources(state: StateCore) -> None:
    """Give each numbered source the id `source-n`; remember its link for the citations."""
    state.env["sources"] = dict(_numbered_sources(state.tokens))


def _numbered_sources(tokens: list[Token]):
    """(number, first link's href or None) for each item of the ordered lists under "Sources"."""
    in_sources = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            in_sources = token.tag == "h2" and tokens[index + 1].content.strip() == SOURCES_HEADING
        elif token.type == "hr":
            in_sources = False
        elif in_sources and token.type == "list_item_open" and token.level == 1 and token.info.isdigit():
            number = int(token.info)
            token.attrSet("id", f"source-{number}")
            yield number, _first_link(tokens, index)


def _first_link(tokens: list[Token], item_index: int) -> str | None:
    item_level = tokens[item_index].level
    for token in tokens[item_index + 1 :]:
        if token.type == "list_item_close" and token.level == item_level:
            return None
        for child in token.children or ():
            if child.type == "link_open":
                return str(child.attrGet("href") or "") or None
    return None


def _render_citation(renderer, tokens: list[Token], index: int, options, env: dict) -> str:
    token = tokens[index]
    number = token.meta["number"]
    sources = env.get("sources", {})
    if number not in sources:  # a marker with no source stays text: never a dangling link
        return escapeHtml(token.content)
    href = safe_url(sources[number]) or f"#source-{number}"
    return f'<a class="citation" href="{escapeHtml(href)}">{escapeHtml(token.content)}</a>'


# --- sending -----------------------------------------------------------------------------


def send_digest(
    message: EmailMessage, smtp: Smtp, password: SecretStr | None = None, ssl_context: ssl.SSLContext | None = None
) -> None:
    """Send `message` through the `[smtp]` server, logging in as its user with `password`
    (a SecretStr: no repr or traceback shows it); any failure is one MailError naming
    host:port, never the password."""
    if smtp.user and not password:
        raise MailError(f"SMTP user {smtp.user!r} is set but the SMTP password is missing")
    context = ssl_context or ssl.create_default_context()
    watchdog = SocketWatchdog(smtp.delivery_deadline)
    try:
        with watchdog:
            _deliver(message, smtp, password or SecretStr(""), context, watchdog)
        return
    except (smtplib.SMTPException, OSError, MailError) as error:
        if isinstance(error, MailError) and not watchdog.expired:
            raise
        problem = _too_late(smtp) if watchdog.expired else _describe(error, smtp)
    # Raised outside the `except` block: no __context__ that could carry the login's frames.
    raise _failure(smtp, problem, password) from None


class _WatchedSMTP(smtplib.SMTP):
    """An SMTP client whose socket, the moment it is connected, the watchdog may shut:
    before the greeting is read, and under the TLS handshake of SMTP_SSL."""

    def __init__(self, *args: Any, watchdog: SocketWatchdog, **options: Any):
        self._watchdog = watchdog
        super().__init__(*args, **options)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        connection = super()._get_socket(host, port, timeout)  # type: ignore[misc]  # private, not in the stubs
        self._watchdog.watch(connection)
        return connection


class _WatchedSMTPSSL(smtplib.SMTP_SSL, _WatchedSMTP):
    # SMTP_SSL._get_socket wraps what _WatchedSMTP._get_socket connected and watches.
    def __init__(self, *args: Any, watchdog: SocketWatchdog, **options: Any):
        self._watchdog = watchdog
        smtplib.SMTP_SSL.__init__(self, *args, **options)


def _deliver(
    message: EmailMessage, smtp: Smtp, password: SecretStr, context: ssl.SSLContext, watchdog: SocketWatchdog
) -> None:
    client = _connect(smtp, context, watchdog)
    try:
        if smtp.security == "starttls":
            _start_tls(client, smtp, context)
        if smtp.user:
            _log_in(client, smtp.user, password, smtp)
        refused = client.send_message(message)
        with contextlib.suppress(smtplib.SMTPException, OSError):  # the message is out already
            client.quit()
    finally:
        client.close()
    if refused:
        raise _failure(smtp, f"the server refused {_list_recipients(refused)}; the others were accepted")


def _connect(smtp: Smtp, context: ssl.SSLContext, watchdog: SocketWatchdog) -> smtplib.SMTP:
    if smtp.security == "ssl":
        return _WatchedSMTPSSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context, watchdog=watchdog)
    return _WatchedSMTP(smtp.host, smtp.port, timeout=smtp.timeout, watchdog=watchdog)


def _start_tls(client: smtplib.SMTP, smtp: Smtp, context: ssl.SSLContext) -> None:
    client.ehlo()
    if not client.has_extn("starttls"):
        raise _failure(smtp, "the server does not support STARTTLS (set security to 'ssl' or 'none')")
    client.starttls(context=context)
    client.ehlo()


def _log_in(client: smtplib.SMTP, user: str, password: SecretStr, smtp: Smtp) -> None:
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        hint = "; many servers offer it only after STARTTLS" if smtp.security == "none" else ""
        raise _failure(smtp, f"the server offers no login (AUTH) for user {user}{hint}", password)
    client.login(user, password.get_secret_value())


def _describe(error: Exception, smtp: Smtp) -> str:
    """What went wrong, in a few words."""
    cause = _underlying(error)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"the server refused the login for user {smtp.user}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"the server refused {_list_recipients(error.recipients)}"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"the server refused the sender {error.sender} ({_reply(error.smtp_code, error.smtp_error)})"
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS failed: the server's certificate was not accepted ({cause.verify_message})"
    if isinstance(cause, ssl.SSLError):
        return f"TLS failed ({(cause.reason or str(cause)).replace('_', ' ').lower()})"
    if isinstance(cause, TimeoutError):
        return f"timeout: no answer within {smtp.timeout:g} s"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused (is an SMTP server listening there?)"
    if isinstance(cause, socket.gaierror):
        return f"cannot resolve the host name ({cause.strerror})"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the server answered {_reply(error.smtp_code, error.smtp_error)}"
    return str(error.strerror if isinstance(error, OSError) and error.strerror else error)


def _too_late(smtp: Smtp) -> str:
    return (
        f"timeout: the delivery did not finish within {smtp.delivery_deadline:g} s "
        f"(the server answers too slowly; [smtp] deadline)"
    )


def _underlying(error: BaseException) -> BaseException:
    """The socket or TLS error under smtplib's wrapping (SMTPServerDisconnected hides timeouts)."""
    while isinstance(error, smtplib.SMTPException) and (inner := error.__cause__ or error.__context__):
        error = inner
    return error


def _list_recipients(refused: dict) -> str:
    return ", ".join(f"{address} ({_reply(*reply)})" for address, reply in refused.items())


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}"


def _failure(smtp: Smtp, problem: str, password: SecretStr | None = None) -> MailError:
    """One line, host:port first, the password masked should a server ever echo it."""
    line = " ".join(f"cannot send the digest through {smtp.host}:{smtp.port}: {problem}".split())
    if password and password.get_secret_value():
        line = line.replace(password.get_secret_value(), PASSWORD_MASK)
    return MailError(line)
