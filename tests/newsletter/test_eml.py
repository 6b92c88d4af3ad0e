"""The .eml: a MIME message an email service imports, or a mail client sends, as is."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
import re
from email import base64mime, quoprimime
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.load.loader import LoadResult, load_site
from handouts.newsletter import render as render_module
from handouts.newsletter.eml import (
    POLICY,
    Envelope,
    InlineImage,
    _base64,
    build_eml,
    fold_list_unsubscribe,
    fold_subject,
    message_id,
    quoted_printable,
)
from handouts.newsletter.render import NewsletterFiles, render_newsletter
from tests.support.sites import SEED_SITE, copy_site


def parse(files: NewsletterFiles) -> EmailMessage:
    message = email.message_from_bytes(files.eml, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def canonical(text: str) -> str:
    """MIME text parts travel with CRLF line ends (RFC 2046); the files on disk use LF."""
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def seed_files(seed: LoadResult) -> NewsletterFiles:
    assert seed.site is not None
    return render_newsletter(seed.site, seed.site.articles["ankle-foot-mobility"])


@pytest.fixture(scope="module")
def awkward_files(awkward: LoadResult) -> NewsletterFiles:
    assert awkward.site is not None
    return render_newsletter(awkward.site, awkward.site.articles["awkward-article"])


def test_text_first_html_last_in_multipart_alternative(seed_files: NewsletterFiles) -> None:
    message = parse(seed_files)
    assert message.get_content_type() == "multipart/alternative"
    parts = message.get_payload()
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in parts)


def test_parts_equal_the_txt_and_html_files(seed_files: NewsletterFiles) -> None:
    message = parse(seed_files)
    text, html = message.get_payload()
    assert canonical(text.get_content()) == seed_files.text.decode("utf-8")
    assert canonical(html.get_content()) == seed_files.html.decode("utf-8")


def test_headers(seed: LoadResult, seed_files: NewsletterFiles) -> None:
    message = parse(seed_files)
    assert message["Subject"] == "Why Ankle and Foot Mobility Matter for Runners"
    assert message["From"] == "CoreQuest Therapy <news@corequesttherapy.example>"
    assert message["To"] is None
    assert message["Date"] == "Fri, 20 Nov 2026 12:00:00 +0000"
    assert re.fullmatch(
        r"<20261120120000\.[0-9a-f]{20}@corequesttherapy\.example>", message["Message-ID"]
    )
    assert message["List-Unsubscribe"] == "<*|UNSUB|*>"
    assert message["List-Unsubscribe-Post"] is None  # only for an https target
    assert message["MIME-Version"] == "1.0"


def test_lines_are_crlf_and_folded(
    seed_files: NewsletterFiles, awkward_files: NewsletterFiles
) -> None:
    for raw in (seed_files.eml, awkward_files.eml):
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        assert max(len(line) for line in raw.split(b"\r\n")) <= 76  # RFC 2045 §6.7


def test_same_input_same_bytes(seed: LoadResult, seed_files: NewsletterFiles) -> None:
    assert seed.site is not None
    again = render_newsletter(seed.site, seed.site.articles["ankle-foot-mobility"])
    assert again.eml == seed_files.eml


def test_images_are_embedded_inline_by_content_id(awkward_files: NewsletterFiles) -> None:
    message = parse(awkward_files)
    text, related = message.get_payload()
    assert text.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, *images = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert [image.get_content_type() for image in images] == ["image/png", "image/png"]
    body = canonical(html.get_content())
    for image in images:
        cid = image["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in body
        assert image.get_content_disposition() == "inline"
        assert image.get_content().startswith(b"\x89PNG")
    assert "cdn.smith-jones.example" not in body


def test_html_part_equals_the_html_except_image_references(
    awkward_files: NewsletterFiles,
) -> None:
    message = parse(awkward_files)
    body = canonical(message.get_body(("html",)).get_content())
    html = awkward_files.html.decode("utf-8")
    assert re.sub(r'src="[^"]*"', 'src=""', body) == re.sub(r'src="[^"]*"', 'src=""', html)
    assert canonical(message.get_body(("plain",)).get_content()) == awkward_files.text.decode()


def test_non_ascii_subject_and_sender(awkward_files: NewsletterFiles) -> None:
    message = parse(awkward_files)
    assert message["Subject"] == "Knees & <b>Tags</b>: a {{ 7*7 }} test 😀"
    assert message["From"].addresses[0].addr_spec == "news@smith-jones.example"
    assert message["List-Unsubscribe"] == "<%unsubscribe_url%>"


def test_https_unsubscribe_gets_one_click_post(site_copy: Path) -> None:
    clinic = site_copy / "content" / "clinic.yaml"
    clinic.write_text(
        clinic.read_text(encoding="utf-8").replace(
            '"*|UNSUB|*"', "https://corequesttherapy.example/unsubscribe"
        ),
        encoding="utf-8",
    )
    site = load_site(site_copy).site
    assert site is not None
    message = parse(render_newsletter(site, site.articles["ankle-foot-mobility"]))
    assert message["List-Unsubscribe"] == "<https://corequesttherapy.example/unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_without_sender_the_clinic_email_is_used(site_copy: Path) -> None:
    clinic = site_copy / "content" / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    clinic.write_text(re.sub(r"\n  from: .*", "", text), encoding="utf-8")
    site = load_site(site_copy).site
    assert site is not None
    message = parse(render_newsletter(site, site.articles["ankle-foot-mobility"]))
    assert message["From"] == "CoreQuest Therapy <hello@corequesttherapy.example>"


def test_the_date_is_when_it_was_built_not_the_articles(
    awkward: LoadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article's date lies in the past by the time it is sent: spam filters count that."""
    assert awkward.site is not None
    article = awkward.site.articles["awkward-article"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    message = parse(render_newsletter(awkward.site, article))
    assert before <= message["Date"].datetime <= dt.datetime.now(dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    message = parse(render_newsletter(awkward.site, article))
    assert message["Date"] == "Fri, 15 Jan 2027 08:00:00 +0000"
    given = dt.datetime(2027, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    message = parse(render_newsletter(awkward.site, article, date=given))
    assert message["Date"].datetime == given
    assert message["Message-ID"].startswith("<20270203040506.")


def site_with(tmp_path: Path, clinic: dict[str, str], title: str | None = None) -> Path:
    """A copy of the seed site with clinic.yaml lines replaced, and maybe another title."""
    root = copy_site(SEED_SITE, tmp_path / "site")
    path = root / "content" / "clinic.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in clinic.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    if title is not None:
        article = root / "content" / "articles" / "ankle-foot-mobility.md"
        text = article.read_text(encoding="utf-8")
        text = re.sub(
            r"(?m)^title: .*$",
            lambda _: f"title: {json.dumps(title, ensure_ascii=False)}",
            text,
            count=1,
        )
        article.write_text(text, encoding="utf-8")
    return root


def seed_message(root: Path) -> tuple[bytes, EmailMessage]:
    result = load_site(root)
    assert result.site is not None and not result.diagnostics.has_errors()
    files = render_newsletter(result.site, result.site.articles["ankle-foot-mobility"])
    return files.eml, parse(files)


def raw_header(raw: bytes, name: str) -> str:
    """A header exactly as written, continuation lines and all."""
    match = re.search(rb"(?im)^" + name.encode() + rb":[^\r\n]*(?:\r\n[ \t][^\r\n]*)*", raw)
    assert match is not None, name
    return match.group(0).decode("ascii")


def test_a_long_unsubscribe_url_stays_literal(tmp_path: Path) -> None:
    """Encoded words are not allowed in List-Unsubscribe (RFC 2369): providers ignore it."""
    url = "https://corequesttherapy.example/unsubscribe?" + "list=news&token=" + "a1b2c3" * 15
    url = url[:150]
    assert len(url) == 150
    raw, message = seed_message(site_with(tmp_path, {'"*|UNSUB|*"': url}))
    assert raw_header(raw, "List-Unsubscribe") == f"List-Unsubscribe: <{url}>"
    assert raw_header(raw, "List-Unsubscribe-Post") == (
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    )
    assert message["List-Unsubscribe"] == f"<{url}>"


def test_items_of_list_unsubscribe_fold_only_between_brackets() -> None:
    one, two = "<https://example.com/" + "u" * 60 + ">", "<mailto:leave@example.com>"
    folded = fold_list_unsubscribe("List-Unsubscribe", f"{one}, {two}")
    assert folded == f"List-Unsubscribe: {one},\r\n {two}"
    assert fold_list_unsubscribe("List-Unsubscribe", "<a>") == "List-Unsubscribe: <a>"


@pytest.mark.parametrize(
    "title",
    [
        "Warum Sprunggelenk und Fußbeweglichkeit für Läuferinnen und Läufer so wichtig sind,"
        " erklärt von unserem Team für Physiotherapie",
        "Über Füße: " + "ß ü " * 40 + "Ende",
        "Knöchel 😀 " * 10 + "end",
        "An ASCII title that is long enough that it has to be folded over more than one"
        " line of the header, at a space",
    ],
)
def test_a_long_subject_decodes_to_exactly_the_title(tmp_path: Path, title: str) -> None:
    raw, message = seed_message(site_with(tmp_path, {}, title=title))
    assert message["Subject"] == title
    header = raw_header(raw, "Subject")
    assert header.isascii()
    assert all(len(line) <= 76 for line in header.split("\r\n"))


def test_the_120_character_non_ascii_subject_of_the_issue(tmp_path: Path) -> None:
    title = (
        "Warum die Beweglichkeit von Sprunggelenk und Fuß für Läuferinnen und Läufer"
        " zählt – und was Sie jeden Tag dafür tun können"
    )[:120]
    assert len(title) == 120
    _, message = seed_message(site_with(tmp_path, {}, title=title))
    assert message["Subject"] == title
    assert make_header(decode_header(fold_subject(title)[len("Subject:") :])).__str__() == title


def test_no_line_is_longer_than_quoted_printable_allows(tmp_path: Path) -> None:
    """RFC 2045 §6.7: 76 characters, soft line breaks included."""
    raw, _ = seed_message(site_with(tmp_path, {}, title="Ä" * 30))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 76


def test_the_message_is_written_exactly_as_the_email_package_writes_it(
    awkward_files: NewsletterFiles,
) -> None:
    """Bodies are written in one piece for speed; the bytes must not differ for it."""
    message = email.message_from_bytes(awkward_files.eml, policy=POLICY)
    assert message.as_bytes() == awkward_files.eml


def email_package_eml(
    envelope: Envelope, text: str, html: str, images: list[InlineImage], domain: str
) -> bytes:
    """The same message assembled as an `EmailMessage` and written by `email` itself."""
    for image in images:
        html = html.replace(f'src="{image.src}"', f'src="cid:{image.content_id}"')
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
    message.set_content(text, charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    if images:
        parts = message.get_payload()
        assert isinstance(parts, list)
        for image in images:
            parts[-1].add_related(
                image.data,
                maintype="image",
                subtype=image.subtype,
                cid=f"<{image.content_id}>",
                disposition="inline",
            )
    message["Content-Language"] = envelope.language  # after the parts, which would clear it
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_{digest}_{number}")
    return message.as_bytes()


WHEN = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
LONG_DOMAIN = "a-clinic-with-a-rather-long-name-for-its-mail.example"


@pytest.mark.parametrize(
    "sender, unsubscribe, domain",
    [
        (
            Address("CoreQuest Therapy", addr_spec="news@corequesttherapy.example"),
            None,
            "c.example",
        ),
        (Address("Zoë Łukasz, Physio", addr_spec="z@clinic.example"), "https://x.example/u", "x"),
        (Address("", addr_spec=f"news@{LONG_DOMAIN}"), "*|UNSUB|*", LONG_DOMAIN),
        (None, "mailto:leave@clinic.example", "clinic.example"),
    ],
)
@pytest.mark.parametrize(
    "subject, text, html",
    [
        ("Ankles", "One line.", "<p>One</p>\n"),
        ("Füße – " * 12, "Ä" * 200 + "\r\nend =\n\n  trailing  \n", "<p>ü</p>" * 400 + "\r\n"),
        ("", "", ""),
    ],
)
@pytest.mark.parametrize("pictures", [0, 2])
def test_the_message_is_the_one_the_email_package_assembles(
    sender: Address | None, unsubscribe: str | None, domain: str, subject: str, text: str,
    html: str, pictures: int,
) -> None:  # fmt: skip
    images = [
        InlineImage(f"assets/{n}.png", bytes(range(256)) * (n + 1), "png", f"img-{n}@{domain}")
        for n in range(pictures)
    ]
    html += "".join(f'<img src="assets/{n}.png">' for n in range(pictures))
    envelope = Envelope(subject, sender, WHEN, unsubscribe)
    assert build_eml(envelope, text.encode(), html.encode(), images, domain) == email_package_eml(
        envelope, text, html, images, domain
    )


def test_the_sites_messages_are_the_ones_the_email_package_assembles(
    seed: LoadResult, awkward: LoadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[bytes, bytes]] = []

    def both(
        envelope: Envelope, text: bytes, html: bytes, images: list[InlineImage], domain: str
    ) -> bytes:
        theirs = email_package_eml(envelope, text.decode(), html.decode(), images, domain)
        built.append((build_eml(envelope, text, html, images, domain), theirs))
        return built[-1][0]

    monkeypatch.setattr(render_module, "build_eml", both)
    for result in (seed, awkward):
        assert result.site is not None
        for article in result.site.articles.values():
            render_newsletter(result.site, article)
    assert len(built) >= 2
    assert all(ours == theirs for ours, theirs in built)


# Lines of words, spaces, tabs, "=", dots, accents and emoji, long enough to need breaking.
PIECES = ["a", "x" * 30, " ", "\t", "=", ".", "é", "’", "😀", "\x7f"]
TEXT_LINES = st.lists(st.lists(st.sampled_from(PIECES)).map("".join), max_size=6).map(
    lambda lines: "\n".join(lines).encode("utf-8") + b"\n"
)


@given(TEXT_LINES)
def test_the_text_part_is_quoted_printable_as_the_email_package_writes_it(data: bytes) -> None:
    assert quoted_printable(data) == quoprimime.body_encode(data.decode("latin-1"), 76)


@pytest.mark.parametrize("size", [0, 1, 56, 57, 58, 57 * 32 - 1, 57 * 32, 57 * 32 + 1, 57 * 70 + 5])
def test_base64_lines_are_the_email_packages(size: int) -> None:
    """Lines are cut in runs of 32; every length around a run's end must come out whole."""
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    assert _base64(data) == base64mime.body_encode(data, 76, "\r\n")
