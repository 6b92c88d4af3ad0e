"""The newsletter as a ready-to-import `.eml`: one MIME message, written as `email` writes it.

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
`Subject` into encoded words at a space, which decoders drop. The message itself is
written out directly: `email`'s message objects parse and re-parse every header, which
took most of a newsletter's time, for the same bytes.
"""

from __future__ import annotations

import binascii
import datetime as dt
import functools
import hashlib
import itertools
import os
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.policy import EmailPolicy
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlsplit

LINE = 76  # the longest line written: quoted-printable's limit, and headers' too
CRLF = "\r\n"


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
    language: str = "en"  # BCP 47: the Content-Language of the message


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
    envelope: Envelope, text: bytes, html: bytes, images: list[InlineImage], domain: str
) -> bytes:
    """The message as bytes with CRLF line ends and folded headers (SMTP policy); `text`
    and `html` are the parts in UTF-8, as their files hold them.

    Written out here rather than assembled as an `EmailMessage`, whose header objects
    were most of a newsletter's time: every header is built once, as text, and folded by
    the same policy `email` would use (a test compares the bytes with the `email`
    package's own)."""
    for image in images:  # the HTML part refers to each image by its Content-ID
        reference = f'src="{_attr(image.src)}"'.encode()
        html = html.replace(reference, f'src="cid:{image.content_id}"'.encode())
    # The digest of "subject NUL text NUL html", fed piece by piece (the same bytes).
    hasher = hashlib.sha256(envelope.subject.encode("utf-8"))
    for piece in (b"\0", text, b"\0", html):
        hasher.update(piece)
    digest = hasher.hexdigest()[:24]
    # Fixed boundaries keep the bytes stable. "=_" never occurs in quoted-printable or
    # base64 bodies, and the digest makes a clash with 8-bit text as good as impossible.
    alternative, related = f"=_{digest}_0", f"=_{digest}_2"

    head = [fold_subject(envelope.subject) + CRLF]
    if envelope.sender is not None:
        head.append(_folded_sender(envelope.sender.display_name, envelope.sender.addr_spec))
    head.append(f"Date: {format_datetime(envelope.date)}{CRLF}")  # short ASCII: never folded
    head.append(_fold_message_id(message_id(envelope.date, digest[:20], domain)))
    if envelope.unsubscribe:
        head.append(fold_list_unsubscribe("List-Unsubscribe", f"<{envelope.unsubscribe}>") + CRLF)
        if envelope.unsubscribe.lower().startswith("https:"):
            head.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click" + CRLF)
    head.append("MIME-Version: 1.0" + CRLF)
    head.append(f'Content-Type: multipart/alternative; boundary="{alternative}"' + CRLF)
    head.append(f"Content-Language: {envelope.language}{CRLF}")  # a short BCP 47 tag

    # Quoted-printable keeps the text part readable in the raw file; the HTML is machine
    # output with long lines, and base64 encodes it many times faster.
    plain = quoted_printable(_ending_lines(text, b"\n"))
    html_body = _base64(_ending_lines(html, CRLF.encode()))
    html_head = 'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64'
    if images:
        parts = [f"{html_head}\r\n\r\n{html_body}"]
        for image in images:
            parts.append(
                f"Content-Type: image/{image.subtype}\r\nContent-Transfer-Encoding: base64\r\n"
                "Content-Disposition: inline\r\n"
                + _fold("Content-ID", f"<{image.content_id}>")
                + f"MIME-Version: 1.0\r\n\r\n{_base64(image.data)}"
            )
        html_part = (
            f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{related}"\r\n'
            + _multipart(related, parts)
        )
    else:
        html_part = f"{html_head}\r\nMIME-Version: 1.0\r\n\r\n{html_body}"
    text_part = (
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + plain.replace("\n", CRLF)
    )
    message = "".join(head) + _multipart(alternative, [text_part, html_part])
    return message.encode("utf-8")


def _multipart(boundary: str, parts: list[str]) -> str:
    """The body of a multipart entity, as `email`'s generator writes it (RFC 2046 §5.1.1)."""
    delimiter = f"{CRLF}--{boundary}{CRLF}"
    return delimiter + delimiter.join(parts) + f"{CRLF}--{boundary}--{CRLF}"


def _ending_lines(data: bytes, end: bytes) -> bytes:
    """`data` with every line, the last too, ending in `end` (as `splitlines` and a join
    give it): in one pass unless it holds a CR, which may end a line too."""
    if b"\r" in data:
        return end.join(data.splitlines()) + end
    if not data.endswith(b"\n"):
        data += b"\n"
    return data if end == b"\n" else data.replace(b"\n", end)


def quoted_printable(data: bytes) -> str:
    """`data`, lines ending in LF, in quoted-printable exactly as `email` writes it (LF
    line ends; a test compares the two).

    `email` maps every character through a table in Python. Here "=" is replaced at once,
    only lines with 8-bit bytes go through a regular expression that encodes their runs,
    and only a line that then is longer than `LINE` or ends in white space through
    `email`'s line-breaking rules. (Text with control characters is encoded by the
    expression as a whole.)"""
    if data.translate(None, _QP_PLAIN_OR_8BIT):  # control characters
        lines = _QP_UNSAFE.sub(_qp_run, data.decode("latin-1")).split("\n")
    else:
        lines = [
            line if line.isascii() else _QP_8BIT.sub(_qp_run, line)
            for line in data.replace(b"=", b"=3D").decode("latin-1").split("\n")
        ]
    return "\n".join(
        [
            _soft_break(line) if len(line) > LINE or line[-1:] in (" ", "\t") else line
            for line in lines
        ]
    )


# Every byte but the control characters (tab and LF are text here).
_QP_PLAIN_OR_8BIT = b"\t\n" + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
# Everything else, in runs; and runs of 8-bit bytes (as latin-1 characters).
_QP_UNSAFE = re.compile(r"[^\t\n -<>-~]+")
_QP_8BIT = re.compile(r"[\x80-\xff]+")


def _qp_run(match: re.Match[str]) -> str:
    return "=" + match.group(0).encode("latin-1").hex("=").upper()


def _soft_break(line: str) -> str:
    """One encoded line cut into lines of at most `LINE` characters by soft line breaks,
    never inside an "=XX", its final space or tab encoded: `email.quoprimime.body_encode`'s
    rules, applied to a line already encoded."""
    pieces = []
    start = 0
    last_start = len(line) - 1 - LINE
    while start <= last_start:
        stop = start + LINE - 1
        if line[stop - 2] == "=":  # the "=" of an escape ends this piece as its soft break
            pieces.append(line[start : stop - 1])
            start = stop - 2
        elif line[stop - 1] == "=":
            pieces.append(line[start:stop])
            start = stop - 1
        else:
            pieces.append(line[start:stop] + "=")
            start = stop
    if line[-1:] in (" ", "\t"):
        room = start - last_start
        space = line[-1]
        if room >= 3:
            end = f"={ord(space):02X}"
        elif room == 2:
            end = space + "=\n"
        else:
            end = f"=\n={ord(space):02X}"
        pieces.append(line[start:-1] + end)
    else:
        pieces.append(line[start:])
    return "\n".join(pieces)


def _base64(data: bytes) -> str:
    """`data` in base64 lines of 76 characters, each ending in CRLF, as MIME writes it.

    Whole runs of lines are cut by `struct`, many in one call, rather than one slice at a
    time (a newsletter's HTML is ~700 lines)."""
    encoded = binascii.b2a_base64(data, newline=False)
    cut = len(encoded) - len(encoded) % _LINES.size
    lines = [*itertools.chain.from_iterable(_LINES.iter_unpack(memoryview(encoded)[:cut]))]
    lines += [encoded[at : at + LINE] for at in range(cut, len(encoded), LINE)]
    return (b"\r\n".join(lines) + b"\r\n").decode("ascii") if lines else ""


_LINES = struct.Struct(f"{LINE}s" * 32)  # 32 lines of base64


def _fold_message_id(value: str) -> str:
    """`Message-ID:`, written directly when it fits on a line (as it does unless the
    domain is long), else folded by the policy."""
    line = f"Message-ID: {value}"
    if len(line) <= LINE and value.isascii() and " " not in value:
        return line + CRLF
    return _fold("Message-ID", value)


def _fold(name: str, value: str) -> str:
    """One header as the policy writes it, with its line end."""
    return POLICY.fold(name, POLICY.header_factory(name, value))


@functools.lru_cache(maxsize=16)
def _folded_sender(name: str, address: str) -> str:
    """`From:` folded (and encoded when its name needs it) once per sender."""
    return _fold("From", str(Address(name, addr_spec=address)))


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


def _attr(value: str) -> str:
    """`value` escaped as Jinja and mjml-python write it inside a double-quoted attribute."""
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group(0)], value)


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
