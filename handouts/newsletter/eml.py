"""The newsletter as a ready-to-import `.eml`: one MIME message built with `email`.

Structure (RFC 2046/2387): multipart/alternative holding text/plain first and the HTML
last, the HTML wrapped in multipart/related with its images when it has any, so clients
that show only one part choose the richest. No `To`: the sender's tool fills it in.

`Date` is when the message was made (an article's own date lies in the past by the
time it is sent, which spam filters count against it); `SOURCE_DATE_EPOCH` fixes it for
reproducible builds. Everything else that could change between runs is derived from the
input, so the same article at the same time gives the same bytes: `Message-ID` combines
the date with a hash of the content, and so do the MIME boundaries. Text parts are in
MIME's canonical form, with CRLF line ends, and no line is longer than the 76
characters quoted-printable allows (RFC 2045 §6.7).

Three headers are written here rather than by `email`, which gets them wrong once they
are long: it would fold `List-Unsubscribe` into encoded words, which that header does not
allow (RFC 2369, RFC 8058: providers then ignore it), and it splits a long non-ASCII
`Subject` into encoded words at a space, which decoders drop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlsplit

LINE = 76  # the longest line written: quoted-printable's limit, and headers' too


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
    date: dt.datetime  # aware
    unsubscribe: str | None  # a URL or an ESP merge tag, used literally


def message_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now, in whole seconds, UTC; or `SOURCE_DATE_EPOCH` when it is set, so a build can be
    repeated byte for byte (reproducible-builds.org). A value that is not a whole number
    of seconds is ignored."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


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

    message = EmailMessage(policy=POLICY)
    message["Subject"] = envelope.subject
    if envelope.sender is not None:
        message["From"] = envelope.sender
    message["Date"] = format_datetime(envelope.date)
    digest = hashlib.sha256(f"{envelope.subject}\0{text}\0{html}".encode()).hexdigest()[:24]
    message["Message-ID"] = message_id(envelope.date, digest[:20], domain)
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


def message_id(date: dt.datetime, unique: str, domain: str) -> str:
    return f"<{date.astimezone(dt.UTC):%Y%m%d%H%M%S}.{unique}@{domain}>"


def fold_subject(subject: str) -> str:
    """`Subject: …` as it is sent, without its line end. ASCII is folded at spaces; any
    other title becomes UTF-8 encoded words that each end at a whole character and carry
    their spaces inside (as `_`), so a decoder gives back exactly the title."""
    head = "Subject:"
    if subject.isascii() and "=?" not in subject and not re.search(r"[\x00-\x1f\x7f]", subject):
        lines = [head]
        for word in subject.split(" "):
            if len(lines[-1]) + 1 + len(word) > LINE and lines[-1] != head:
                lines.append("")
            lines[-1] += " " + word
        return "\r\n".join(lines)
    words = [""]
    room = LINE - len(" =?utf-8?q??=")
    for char in subject:
        encoded = "".join(_q(byte) for byte in char.encode("utf-8"))
        if len(words[-1]) + len(encoded) > room - (len(head) if len(words) == 1 else 0):
            words.append("")
        words[-1] += encoded
    return head + "\r\n".join(f" =?utf-8?q?{word}?=" for word in words)


def _q(byte: int) -> str:
    """One byte in RFC 2047's Q encoding, in its most cautious form (RFC 2047 §5(3))."""
    char = chr(byte)
    if char == " ":
        return "_"
    if char.isascii() and (char.isalnum() or char in "!*+-/"):
        return char
    return f"={byte:02X}"


def fold_list_unsubscribe(name: str, value: str) -> str:
    """A List-Unsubscribe(-Post) header as written, never encoded: its `<…>` items stay
    literal (anything outside printable ASCII percent-encoded) and, when they do not fit
    on one line, each goes on a line of its own (RFC 2369 §2)."""
    items = re.findall(r"<[^>]*>", value) or [value.strip()]
    items = [re.sub(r"[^\x21-\x7e]", lambda m: quote(m.group(0)), item) for item in items]
    line = f"{name}: " + ", ".join(items)
    return line if len(line) <= LINE else f"{name}: " + ",\r\n ".join(items)


class _Policy(EmailPolicy):
    """The SMTP policy (CRLF), with lines of at most `LINE` characters and the headers
    `email` cannot fold correctly folded by the functions above."""

    def fold(self, name: str, value: Any) -> str:
        key = name.lower()
        if not hasattr(value, "name"):  # as read from a file: decode it first
            value = self.header_factory(name, "".join(value.splitlines()))
        if key == "subject":
            return fold_subject(str(value)).replace("\r\n", self.linesep) + self.linesep
        if key.startswith("list-unsubscribe"):
            folded = fold_list_unsubscribe(name, str(value))
            return folded.replace("\r\n", self.linesep) + self.linesep
        return super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() == "subject" or name.lower().startswith("list-unsubscribe"):
            return self.fold(name, value).encode("ascii")
        return super().fold_binary(name, value)


POLICY = _Policy(linesep="\r\n", max_line_length=LINE)


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
