"""Which URLs content may use, and campaign tagging for print and email alike."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from handouts.model import Booking, Clinic
from handouts.urls import CONTACT, Campaign, check_link, check_url, is_same_site, with_query


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://clinic.example/book", None),
        ("http://clinic.example:8080/", None),
        ("clinic.example/book", "is not an absolute URL"),
        ("javascript:alert(1)", "uses 'javascript:'"),
        ("https:///nohost", "has no valid host name"),
        ("https://clinic.example/a b", "contains spaces"),
        ("ftp://clinic.example/", "uses 'ftp:'"),
        ("https://clinic.example/book\u00adnow", "invisible character U+00AD"),
        ("https://clinic.example/book\u200bnow", "invisible character U+200B"),
        ("https://clinic.example/\u202egnp.exe", "invisible character U+202E"),
        ("https://clinic.example/?q=\u2066x", "invisible character U+2066"),
        ("https://clinic.example/\x7f", "invisible character U+007F"),
    ],
)
def test_web_urls(url: str, problem: str | None) -> None:
    message = check_url(url)
    assert (message is None) if problem is None else (message is not None and problem in message)


def test_links_may_also_contact_someone() -> None:
    assert check_url("mailto:hello@clinic.example", CONTACT) is None
    assert check_url("tel:+15550100", CONTACT) is None
    assert "missing the address" in (check_link("mailto:") or "")


def test_with_query_keeps_what_the_url_already_has() -> None:
    url = with_query("https://c.example/book?utm_source=flyer&x=1", {"utm_source": "n", "y": "2"})
    assert parse_qsl(urlsplit(url).query) == [("utm_source", "flyer"), ("x", "1"), ("y", "2")]


def _clinic() -> Clinic:
    booking = Booking(url="https://book.clinic.example/now", label="Book")
    return Clinic(
        name="C", booking=booking, source="content/clinic.yaml", website="https://clinic.example"
    )


def test_is_same_site_matches_the_clinics_own_hosts_only() -> None:
    assert is_same_site("https://clinic.example/blog", "https://clinic.example")
    assert not is_same_site("https://pubmed.example/1", "https://clinic.example", None)


def test_email_links_name_their_place_and_print_links_say_paper() -> None:
    email = Campaign.for_email(_clinic(), "ankle").tag("https://clinic.example", "footer")
    assert email == (
        "https://clinic.example/?utm_source=newsletter&utm_medium=email"
        "&utm_campaign=ankle&utm_content=footer"
    )
    paper = Campaign.for_print(_clinic(), "ankle").tag("https://book.clinic.example/now")
    assert paper == (
        "https://book.clinic.example/now?utm_source=handout&utm_medium=print&utm_campaign=ankle"
    )


def test_other_sites_are_never_tagged() -> None:
    url = "https://pubmed.example/123"
    assert Campaign.for_email(_clinic(), "ankle").tag(url, "article-link") == url
    assert Campaign.for_print(_clinic(), "ankle").tag(url) == url
