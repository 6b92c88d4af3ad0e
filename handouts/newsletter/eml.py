"""The newsletter as a ready-to-import `.eml`: one MIME message built with `email`.

Structure (RFC 2046/2387): multipart/alternative holding text/plain first and the HTML
last, the HTML wrapped in multipart/related with its images when it has any, so clients
that show only one part choose the richest. No `To`: the sender's tool fills it in.

What would otherwise change on every run is derived from the input, so the same
article gives the same bytes and the incremental build can compare outputs: `Date` is
the article's date at noon UTC (omitted when it has none; the sending tool adds it),
`Message-ID` combines that date with a hash of the content, and so do the MIME
boundaries. Text parts are in MIME's canonical form, with CRLF line ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from email import policy
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit


@dataclass(frozen=True)
class InlineImage:
    """An image the HTML refers to as `src`, embedded under `content_id` in the .eml."""

    src: str
    data: bytes
    subtype: str  # png | jpeg
    content_id: str  # without angle brackets


@dataclass(frozen=True)
class Envelope:
    subject: str
    sender: Address | None  # None leaves From to the sending tool
    date: dt.date | None
    unsubscribe: str | None  # a URL or an ESP merge tag, used literally


def content_id(data: bytes, domain: str) -> str:
    """A Content-ID that is the same for the same image bytes."""
    return f"img-{hashlib.sha256(data).hexdigest()[:16]}@{domain}"


def domain_of(address: str | None, website: str | None) -> str:
    """The domain for Message-ID and Content-IDs: the sender's address's, else the
    website's."""
    if address is not None:
        return address.rsplit("@", 1)[1].lower()
    return (urlsplit(website or "").hostname or "handouts.invalid").lower()


def build_eml(
    envelope: Envelope, text: str, html: str, images: list[InlineImage], domain: str
) -> bytes:
    """The message as bytes with CRLF line ends and folded headers (SMTP policy)."""
    for image in images:  # the HTML part refers to each image by its Content-ID
        html = html.replace(f'src="{_attr(image.src)}"', f'src="cid:{image.content_id}"')

    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = envelope.subject
    if envelope.sender is not None:
        message["From"] = envelope.sender
    if envelope.date is not None:
        noon = dt.datetime.combine(envelope.date, dt.time(12, 0), tzinfo=dt.UTC)
        message["Date"] = format_datetime(noon)
    digest = hashlib.sha256(f"{envelope.subject}\0{text}\0{html}".encode()).hexdigest()[:24]
    stamp = envelope.date.strftime("%Y%m%d") if envelope.date else "undated"
    message["Message-ID"] = f"<{stamp}.{digest}@{domain}>"
    if envelope.unsubscribe:
        message["List-Unsubscribe"] = f"<{envelope.unsubscribe}>"
        if envelope.unsubscribe.lower().startswith("https:"):
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    # Quoted-printable keeps the text part readable in the raw file; the HTML is machine
    # output with long lines, and base64 encodes it many times faster.
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    if images:
        parts = message.get_payload()
        assert isinstance(parts, list)
        html_part = parts[-1]
        assert isinstance(html_part, EmailMessage)
        for image in images:
            html_part.add_related(
                image.data,
                maintype="image",
                subtype=image.subtype,
                cid=f"<{image.content_id}>",
                disposition="inline",
            )
    # Fixed boundaries keep the bytes stable. "=_" never occurs in quoted-printable or
    # base64 bodies, and the digest makes a clash with 8-bit text as good as impossible.
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_{digest}_{number}")
    out = io.BytesIO()
    _BodyAtOnce(out, policy=message.policy).flatten(message)
    return out.getvalue()


class _BodyAtOnce(BytesGenerator):
    """The standard generator, writing each body in one piece instead of line by line.

    `email` writes a 36 KB HTML part as some 600 separate writes, most of the time of
    building the message; normalising the line ends in one substitution gives the same
    bytes (a test compares it with `as_bytes()`).
    """

    def _write_lines(self, lines: str) -> None:
        if lines:
            # `_NL`, the policy's line end, is set by Generator.flatten and not in the stubs.
            self.write(_LINE_END.sub(self._NL, lines))  # type: ignore[attr-defined]


_LINE_END = re.compile(r"\r\n|\r|\n")


def _attr(value: str) -> str:
    """`value` escaped as Jinja and mjml-python write it inside a double-quoted attribute."""
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group(0)], value)


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
