"""A test copy of a newsletter, sent over SMTP to a few addresses (`handouts send`).

The message is the `.eml` the build writes, with `To` added and a fresh `Date` and
`Message-ID`, so what the clinic checks in its own inbox is what its email service will
send. It is a test send, not a mailing tool: at most `MAX_RECIPIENTS` addresses, merge
tags left as written (the email service fills them in when it sends to the list).

The server comes from `newsletter.smtp` in clinic.yaml, each part replaceable on the
command line; the password only from the environment (`PASSWORD_VARIABLE`), so it is in
no file, argument list or shell history. Certificates are checked against the system's
authorities (or the file in `SSL_CERT_FILE`). Every failure is one `SendError` sentence.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import make_msgid
from pathlib import Path

from ..diagnostics import ContentError, did_you_mean
from ..load import load_site
from ..model import Smtp
from .eml import domain_of
from .render import render_newsletter

MAX_RECIPIENTS = 10
PASSWORD_VARIABLE = "HANDOUTS_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30  # seconds for each exchange with the server


class SendError(Exception):
    """The message was not sent; the text says why in one line."""


class SendUsageError(SendError):
    """The command asked for something it cannot do (too many recipients, a bad address)."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # starttls | ssl | none
    user: str | None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        how = {"starttls": "STARTTLS", "ssl": "TLS", "none": "no encryption"}[self.security]
        return f"{host}:{self.port} ({how})"


@dataclass(frozen=True)
class Sent:
    article: str
    recipients: tuple[str, ...]
    server: Server
    merge_tag: str | None  # the unsubscribe merge tag left as written, if there is one

    def summary(self) -> str:
        line = (
            f"sent a test copy of {self.article} to {', '.join(self.recipients)} via {self.server}"
        )
        if self.merge_tag:
            line += f"; the unsubscribe link is the merge tag {self.merge_tag} as written"
        return line


def server_for(
    smtp: Smtp,
    address: str | None = None,
    security: str | None = None,
    user: str | None = None,
) -> Server:
    """The configured server with the command line's `HOST[:PORT]`, security and user."""
    host, port = smtp.host, smtp.port
    if address:
        match = re.fullmatch(r"\[([^\]]+)\](?::(\d+))?|([^:\[\]]+)(?::(\d+))?", address)
        if match is None:
            raise SendUsageError(f"'{address}' is not HOST or HOST:PORT")
        host = match.group(1) or match.group(3)
        given = match.group(2) or match.group(4)
        port = int(given) if given else None
        if port is not None and not 0 < port < 65536:
            raise SendUsageError(f"port {port} is not between 1 and 65535")
    security = security or smtp.security
    return Server(host, port or DEFAULT_PORTS[security], security, user or smtp.user)


def send_test(
    root: Path,
    slug: str,
    recipients: Sequence[str],
    *,
    address: str | None = None,
    security: str | None = None,
    user: str | None = None,
    environ: Mapping[str, str],
) -> Sent:
    """Send article `slug` of the site at `root` to `recipients` as a test copy.

    ContentError when the site or the article has errors; SendUsageError for a request
    that cannot be met; SendError when the server could not be reached or refused."""
    to = _recipients(recipients)
    loaded = load_site(root)
    site = loaded.site
    if site is None:
        raise ContentError(loaded.diagnostics.errors)
    if slug in loaded.failed_articles:
        own = f"content/articles/{slug}.md"
        errors = loaded.diagnostics.errors
        raise ContentError([d for d in errors if d.location.path == own] or errors)
    if slug not in site.articles:
        hint = did_you_mean(slug, site.articles)
        raise SendUsageError(f"no article '{slug}' in {root / 'content' / 'articles'}{hint}")
    newsletter = site.clinic.newsletter
    if newsletter.sender is None:
        raise SendUsageError("the message needs a sender: set newsletter.from in clinic.yaml")
    server = server_for(newsletter.smtp, address, security, user)
    password = environ.get(PASSWORD_VARIABLE) or None
    if server.user and password is None:
        raise SendUsageError(f"set {PASSWORD_VARIABLE} to the password of {server.user}")
    if server.user and server.security == "none":
        raise SendUsageError("the password would travel unencrypted: use --starttls or --ssl")

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    files = render_newsletter(site, site.articles[slug], date=now)
    domain = domain_of(newsletter.sender.address, site.clinic.website)
    message = addressed(files.eml, to, make_msgid(domain=domain))
    _deliver(server, password, newsletter.sender.address, to, message)
    tag = newsletter.unsubscribe_url
    literal = tag if tag and not re.match(r"(?i)(https?|mailto):", tag) else None
    return Sent(slug, tuple(to), server, literal)


def addressed(eml: bytes, recipients: Sequence[str], message_id: str) -> bytes:
    """`eml` with a `To` header and `message_id` in place of its own Message-ID; the
    rest byte for byte as it was."""
    head, body = eml.split(b"\r\n\r\n", 1)
    fields = re.split(rb"\r\n(?![ \t])", head)
    kept = [f for f in fields if not f.lower().startswith(b"message-id:")]
    to = b"To: " + b",\r\n ".join(r.encode("ascii") for r in recipients)
    header = [to, *kept, f"Message-ID: {message_id}".encode("ascii")]
    return b"\r\n".join(header) + b"\r\n\r\n" + body


def _recipients(recipients: Sequence[str]) -> list[str]:
    if not recipients:
        raise SendUsageError("give at least one --to address")
    if len(recipients) > MAX_RECIPIENTS:
        raise SendUsageError(
            f"a test goes to at most {MAX_RECIPIENTS} addresses; send to your list"
            " from your email service (it imports the .html or .eml)"
        )
    found = []
    for recipient in recipients:
        try:
            address = Address(addr_spec=recipient.strip())
        except (HeaderParseError, ValueError, IndexError):
            address = None
        if address is None or not address.domain or not recipient.isascii():
            raise SendUsageError(f"'{recipient}' is not an email address")
        found.append(address.addr_spec)
    return list(dict.fromkeys(found))


def _deliver(
    server: Server, password: str | None, sender: str, to: list[str], message: bytes
) -> None:
    where = f"{server.host}:{server.port}"
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with client:
            if server.security == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise SendError(f"{where} does not offer STARTTLS; try --ssl")
                client.starttls(context=context)
            if server.user and password is not None:
                client.ehlo_or_helo_if_needed()
                if not client.has_extn("auth"):
                    raise SendError(f"{where} does not offer a login (SMTP AUTH)")
                client.login(server.user, password)
            refused = client.sendmail(sender, to, message)
    except ssl.SSLError as exc:
        reason = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        raise SendError(f"TLS with {where} failed: {reason}") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(
            f"{where} refused the login of {server.user}: {_said(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"{where} refused {_refusals(exc.recipients)}; nothing was sent") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(
            f"{where} refused the sender {sender}: {_said(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"{where} said: {_said(exc.smtp_code, exc.smtp_error)}") from None
    except ConnectionRefusedError:
        raise SendError(f"could not connect to {where}: connection refused") from None
    except TimeoutError:
        raise SendError(f"{where} did not answer within {TIMEOUT} s") from None
    except socket.gaierror:
        raise SendError(f"could not connect to {where}: unknown host") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"sending through {where} failed: {exc}") from None
    if refused:
        others = [r for r in to if r not in refused]
        raise SendError(f"{where} refused {_refusals(refused)}; sent to {', '.join(others)}")


def _said(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"


def _refusals(refused: Mapping[str, tuple[int, bytes]]) -> str:
    return ", ".join(f"{who} ({_said(*answer)})" for who, answer in refused.items())
