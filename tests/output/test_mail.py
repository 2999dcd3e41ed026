"""E-mail digests against a real SMTP server (aiosmtpd) on 127.0.0.1, with TLS from a trustme CA."""

import contextlib
import email
import email.policy
import io
import re
import socket
import ssl
import threading
import time
import traceback
from contextlib import contextmanager

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from builders import EXAMPLES
from pydantic import SecretStr, ValidationError
from pypdf import PdfReader

from briefing.output.mail import MailError, compose_digest, digest_html, send_digest
from briefing.output.render import escape_markdown
from briefing.settings import Profile, Smtp

HOST = "127.0.0.1"
USER = "analyst"
PASSWORD = "Quokka-Zebra-7731-geheim"  # distinctive: grep for it in every error
SUBJECT = "Lagebericht: Außenminister in Brüssel – Übersicht für Größe"
SENDER = "briefing@example.org"
RECIPIENTS = ["team@example.org", "chefin@example.org"]
FAST_TIMEOUT = 0.5  # seconds: no test waits longer for a silent server
TRICKLE_INTERVAL = 0.1  # seconds between a trickling server's lines: well within any timeout
TRICKLE_SECONDS = 60  # how long a trickling server goes on: far past every deadline below
# A hang guard, not a speed test: the deadlines below are 1-2 s; without one, a delivery
# against a trickling server runs the whole TRICKLE_SECONDS.
DEADLINE_MARGIN_SECONDS = 20
BRIEF_MARKDOWN = (EXAMPLES / "brief.md").read_text(encoding="utf-8")
HOSTILE_MARKDOWN = f"""# Brief

- Officials said <script>alert(1)</script> nothing happened. [1]
- {escape_markdown("Das Zitat nennt [2] als Fußnote")} [2]
- See [a](javascript:alert(2)), [b](data:text/html,x) and [c](file:///etc/passwd).

## Sources

1. **Outlet**: [Title](<https://example.org/a>), 3 December 2025
   > quote
2. **Other**: [Bad](<javascript:alert(3)>), 3 December 2025
   > quote
"""


# --- builders ----------------------------------------------------------------------------


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self, refuse: tuple[str, ...] = ()):
        self.envelopes = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def only_message(self) -> email.message.EmailMessage:
        (envelope,) = self.envelopes
        return email.message_from_bytes(envelope.content, policy=email.policy.default)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(mailbox: Mailbox | None = None, **options):
    """A running aiosmtpd server on 127.0.0.1: (mailbox, port)."""
    mailbox = mailbox or Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def accept_only(user: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        valid = isinstance(auth_data, LoginPassword) and auth_data == (user.encode(), password.encode())
        return AuthResult(success=valid, handled=False)  # False: aiosmtpd answers 535

    return authenticate


def digest(pdf: bytes | None = None) -> email.message.EmailMessage:
    return compose_digest(BRIEF_MARKDOWN, SUBJECT, SENDER, RECIPIENTS, pdf=pdf)


def settings(port: int, **overrides) -> Smtp:
    """The [smtp] table of a config, pointed at `port` (no TLS unless asked)."""
    return Smtp(host=HOST, port=port, **{"security": "none", "sender": SENDER, "timeout": 5.0, **overrides})


def send_expecting_failure(port: int, context=None, password: str | None = None, **overrides) -> MailError:
    with pytest.raises(MailError) as caught:
        send_digest(digest(), settings(port, **overrides), SecretStr(password) if password else None, context)
    return caught.value


def body_of(message, subtype: str) -> str:
    return text_of(message.get_body(preferencelist=(subtype,)))


def text_of(part) -> str:
    """A text part as it was composed: lines travel as CRLF on the wire (RFC 5321)."""
    return part.get_content().replace("\r\n", "\n")


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(HOST, "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def client_tls(authority) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>Hallo</p>").write_pdf()


@pytest.fixture
def starttls_server(server_tls):
    options = dict(tls_context=server_tls, require_starttls=True, auth_require_tls=True)
    with smtp_server(authenticator=accept_only(USER, PASSWORD), **options) as running:
        yield running


# --- composing ---------------------------------------------------------------------------


def test_citations_link_to_their_source_url_or_its_anchor():
    html = digest_html(BRIEF_MARKDOWN, SUBJECT)
    entries = re.findall(r"^(\d+)\. \*\*[^*]+\*\*: (\[[^\]]+\]\(<([^>]+)>\))?", BRIEF_MARKDOWN, re.MULTILINE)
    linked = next((number, url) for number, link, url in entries if link)
    unlinked = next(number for number, link, _ in entries if not link)  # a source that gives no URL
    assert f'<a class="citation" href="{linked[1]}">[{linked[0]}]</a>' in html
    assert f'<a class="citation" href="#source-{unlinked}">[{unlinked}]</a>' in html
    assert all(f'<li id="source-{number}">' in html for number, _, _ in entries) and len(entries) >= 20
    assert html.count('class="citation"') == len(re.findall(r" \[\d+\]", BRIEF_MARKDOWN))


def test_raw_html_escaped_brackets_and_unsafe_links_stay_inert():
    html = digest_html(HOSTILE_MARKDOWN, "<b>Betreff</b>")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<title>&lt;b&gt;Betreff&lt;/b&gt;</title>" in html
    assert "Das Zitat nennt [2] als Fußnote" in html  # escaped in the Markdown: text, not a link
    assert html.count('class="citation"') == 2
    assert '<a class="citation" href="#source-2">[2]</a>' in html  # javascript: source → anchor
    assert not re.search(r'href="(javascript|data|file):', html)


def test_compose_refuses_a_digest_without_recipients():
    with pytest.raises(MailError, match="recipient"):
        compose_digest(BRIEF_MARKDOWN, SUBJECT, SENDER, [])


def test_an_ascii_subject_stays_plain_and_a_line_break_adds_no_header():
    assert compose_digest("x", "Daily brief", SENDER, RECIPIENTS).as_bytes().startswith(b"Subject: Daily brief\n")
    message = compose_digest("x", "Brief\nBcc: everyone@example.org", SENDER, RECIPIENTS)
    assert message["Subject"] == "Brief Bcc: everyone@example.org" and message["Bcc"] is None


def test_settings_check_the_security_mode():
    with pytest.raises(ValidationError, match="starttls"):
        Smtp(host=HOST, sender=SENDER, security="tls")


# --- sending -----------------------------------------------------------------------------


def test_plain_smtp_delivers_the_whole_digest(small_pdf):
    with smtp_server() as (mailbox, port):
        send_digest(digest(pdf=small_pdf), settings(port))
    (envelope,) = mailbox.envelopes
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == RECIPIENTS
    assert b"Subject: =?utf-8?" in envelope.content  # RFC 2047 on the wire
    message = mailbox.only_message()
    assert message["Subject"] == SUBJECT and message["Date"] and message["Message-ID"]
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, html = alternative.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert text_of(plain) == BRIEF_MARKDOWN
    assert '<a class="citation" href="https://example.org/hanse-kurier/' in html.get_content()
    assert attachment.get_content_type() == "application/pdf" and attachment.get_filename() == "brief.pdf"
    assert "Hallo" in PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()


def test_script_in_the_markdown_arrives_escaped():
    message = compose_digest(HOSTILE_MARKDOWN, SUBJECT, SENDER, RECIPIENTS)
    with smtp_server() as (mailbox, port):
        send_digest(message, settings(port))
    html = body_of(mailbox.only_message(), "html")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_starttls_with_login(starttls_server, client_tls):
    mailbox, port = starttls_server
    send_digest(digest(), settings(port, security="starttls", user=USER), SecretStr(PASSWORD), client_tls)
    received = mailbox.only_message()
    assert received["Subject"] == SUBJECT and body_of(received, "plain") == BRIEF_MARKDOWN


def test_implicit_tls_with_login(server_tls, client_tls):
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this channel is TLS from the start.
    options = dict(ssl_context=server_tls, authenticator=accept_only(USER, PASSWORD), auth_require_tls=False)
    with smtp_server(**options) as (mailbox, port):
        send_digest(digest(), settings(port, security="ssl", user=USER), SecretStr(PASSWORD), client_tls)
    assert mailbox.only_message()["Subject"] == SUBJECT


def test_a_refused_login_names_user_and_host_but_never_the_password(starttls_server, client_tls):
    _, port = starttls_server
    wrong = PASSWORD + "-falsch"
    error = send_expecting_failure(port, client_tls, security="starttls", user=USER, password=wrong)
    assert str(error) == f"cannot send the digest through {HOST}:{port}: the server refused the login for user {USER}"
    shown = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error))]
    assert not any(PASSWORD in text for text in shown)
    assert error.__cause__ is None and error.__context__ is None


def test_login_without_tls_where_the_server_offers_auth_only_after_starttls(starttls_server):
    _, port = starttls_server
    error = send_expecting_failure(port, user=USER, password=PASSWORD)
    assert "offers no login (AUTH) for user analyst" in str(error) and "STARTTLS" in str(error)


def test_nothing_listening_is_connection_refused():
    port = free_port()
    error = send_expecting_failure(port)
    assert f"{HOST}:{port}" in str(error) and "connection refused" in str(error)


def test_a_silent_server_times_out():
    with socket.socket() as silent:  # accepts the connection (backlog) but never greets
        silent.bind((HOST, 0))
        silent.listen()
        error = send_expecting_failure(silent.getsockname()[1], timeout=FAST_TIMEOUT)
    assert "timeout" in str(error)


def test_starttls_requested_but_not_offered():
    with smtp_server() as (mailbox, port):
        error = send_expecting_failure(port, security="starttls")
    assert "does not support STARTTLS" in str(error) and f"{HOST}:{port}" in str(error)
    assert mailbox.envelopes == []


def test_an_untrusted_certificate_is_a_tls_failure(server_tls):
    with smtp_server(ssl_context=server_tls) as (mailbox, port):
        error = send_expecting_failure(port, security="ssl")  # default context: trustme CA unknown
    assert "TLS failed: the server's certificate was not accepted" in str(error) and "\n" not in str(error)
    assert mailbox.envelopes == []


def test_refused_recipients_are_named():
    with smtp_server(Mailbox(refuse=tuple(RECIPIENTS))) as (_, port):
        error = send_expecting_failure(port)
    assert all(address in str(error) for address in RECIPIENTS) and "550" in str(error)


def test_a_partly_refused_digest_says_who_got_it_not():
    with smtp_server(Mailbox(refuse=(RECIPIENTS[1],))) as (mailbox, port):
        error = send_expecting_failure(port)
    assert RECIPIENTS[1] in str(error) and "the others were accepted" in str(error)
    assert mailbox.envelopes[0].rcpt_tos == [RECIPIENTS[0]]


def test_a_user_without_password_names_the_missing_setting():
    error = send_expecting_failure(free_port(), user=USER)
    assert "password is missing" in str(error) and USER in str(error)


# --- addresses and headers (issue 13) ----------------------------------------------------

QUOTED_NAME = '"Mueller, Joerg" <joerg@example.org>'
UNQUOTED_NAME = "Mueller, Joerg <joerg@example.org>"


def test_a_quoted_name_with_a_comma_is_one_recipient():
    with smtp_server() as (mailbox, port):
        send_digest(compose_digest("x", "Brief", SENDER, [QUOTED_NAME]), settings(port))
    assert mailbox.envelopes[0].rcpt_tos == ["joerg@example.org"]
    assert mailbox.only_message()["To"].addresses[0].display_name == "Mueller, Joerg"


@pytest.mark.parametrize("recipient", [UNQUOTED_NAME, "a@example.org, b@example.org", "analyst", "x@", "a@example.org\nBcc: b@example.org"])
def test_what_is_not_exactly_one_address_is_refused(recipient):
    with pytest.raises(ValidationError, match="recipients"):
        Profile(recipients=[recipient])
    with pytest.raises(MailError) as raised:
        compose_digest("x", "Brief", SENDER, [recipient])
    assert repr(recipient) in str(raised.value) and "\n" not in str(raised.value)


def test_a_sender_that_is_two_addresses_is_refused():
    with pytest.raises(ValidationError, match="sender"):
        Smtp(host=HOST, sender="briefing@example.org, boss@example.org")


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\r\n", "\x00", "\x1b"])
def test_control_characters_in_the_title_become_spaces_and_the_digest_goes_out(control):
    with smtp_server() as (mailbox, port):
        send_digest(compose_digest("x", f"Lage{control}bericht  Über", SENDER, RECIPIENTS), settings(port))
    assert mailbox.only_message()["Subject"] == "Lage bericht Über"


# --- a server that answers slowly, line by line ------------------------------------------


@contextmanager
def trickling_server(greet_at_once: bool):
    """A raw SMTP server on 127.0.0.1 that sends one line every TRICKLE_INTERVAL, each well
    within the timeout, for TRICKLE_SECONDS: the greeting (`220-…`), or, greeting at once,
    its answer to EHLO (`250-…`). It stops when the client goes away. Yields the port."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen()
    listener.settimeout(TRICKLE_SECONDS)

    def serve():
        with contextlib.suppress(OSError), listener.accept()[0] as connection:
            prefix = b"250-"
            if greet_at_once:
                connection.sendall(b"220 slow.example.org ESMTP\r\n")
                connection.recv(1024)  # EHLO
            else:
                prefix = b"220-"
            stop = time.monotonic() + TRICKLE_SECONDS
            while time.monotonic() < stop:
                connection.sendall(prefix + b"still thinking\r\n")
                time.sleep(TRICKLE_INTERVAL)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.mark.parametrize(
    ("greet_at_once", "overrides", "deadline"),
    [
        (False, {"timeout": FAST_TIMEOUT}, "2"),  # SMTP_EXCHANGES × timeout
        (True, {"timeout": FAST_TIMEOUT}, "2"),
        (True, {"timeout": 5.0, "deadline": 1.0}, "1"),
    ],
    ids=["greeting", "ehlo", "explicit-deadline"],
)
def test_a_trickling_server_cannot_hold_a_delivery_past_its_deadline(greet_at_once, overrides, deadline):
    with trickling_server(greet_at_once) as port:
        started = time.monotonic()
        error = send_expecting_failure(port, **overrides)
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE_MARGIN_SECONDS
    assert f"{HOST}:{port}: timeout: the delivery did not finish within {deadline} s" in str(error)
