"""The .eml: a MIME message an email service imports, or a mail client sends, as is."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from handouts.load.loader import LoadResult, load_site
from handouts.newsletter.render import NewsletterFiles, render_newsletter
from tests.support.sites import copy_site


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
        r"<20261120\.[0-9a-f]{24}@corequesttherapy\.example>", message["Message-ID"]
    )
    assert message["List-Unsubscribe"] == "<*|UNSUB|*>"
    assert message["List-Unsubscribe-Post"] is None  # only for an https target
    assert message["MIME-Version"] == "1.0"


def test_lines_are_crlf_and_folded(
    seed_files: NewsletterFiles, awkward_files: NewsletterFiles
) -> None:
    for raw in (seed_files.eml, awkward_files.eml):
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        assert max(len(line) for line in raw.split(b"\r\n")) <= 78


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


def test_an_undated_article_leaves_the_date_to_the_sender(tmp_path: Path) -> None:
    from tests.support.sites import AWKWARD_SITE

    root = copy_site(AWKWARD_SITE, tmp_path / "site")
    article = root / "content" / "articles" / "awkward-article.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("date: 2026-01-02\n", ""), encoding="utf-8"
    )
    site = load_site(root).site
    assert site is not None
    message = parse(render_newsletter(site, site.articles["awkward-article"]))
    assert message["Date"] is None
    assert message["Message-ID"].startswith("<undated.")


def test_the_message_is_written_exactly_as_the_email_package_writes_it(
    awkward_files: NewsletterFiles,
) -> None:
    """Bodies are written in one piece for speed; the bytes must not differ for it."""
    message = email.message_from_bytes(awkward_files.eml, policy=email.policy.SMTP)
    assert message.as_bytes() == awkward_files.eml
