"""Email addresses are parsed once, by the loader, the way the `.eml` writer reads them: a
sender it could not write is a located error in `check`, and the message's From shows
the whole name."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.build.site import BuildOptions, build_site
from handouts.load import addresses
from handouts.load.loader import load_site
from handouts.model import Mailbox
from tests.support.sites import CLINIC, make_site

FROM_KEY = "content/clinic.yaml:6:3"  # `from:` under `newsletter:` after CLINIC's 4 lines


def clinic_with(**keys: object) -> str:
    return CLINIC + yaml.safe_dump(keys, allow_unicode=True)


def errors(root: Path) -> list[str]:
    return [str(d) for d in load_site(root).diagnostics.errors]


def sender_of(root: Path, tmp_path: Path) -> tuple[str, str]:
    """(name, address) of the From header of the built .eml, as a mail client reads it."""
    report = build_site(root, tmp_path / "out", BuildOptions(jobs=1))
    assert report.ok, [str(d) for d in report.diagnostics.errors]
    raw = (tmp_path / "out" / "newsletters" / "calves.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    (address,) = message["From"].addresses
    return address.display_name, address.addr_spec


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        (
            "CoreQuest Therapy <news@corequest.example>",
            ("CoreQuest Therapy", "news@corequest.example"),
        ),
        ("news@corequest.example", ("", "news@corequest.example")),
        ('"Smith, Jones Physio" <news@sj.example>', ("Smith, Jones Physio", "news@sj.example")),
        ("Łódź Physio <news@lodz.example>", ("Łódź Physio", "news@lodz.example")),
        ("Dr. Who <who@tardis.example>", ("Dr. Who", "who@tardis.example")),
    ],
)
def test_a_sender_reaches_the_eml_whole(
    tmp_path: Path, sender: str, expected: tuple[str, str]
) -> None:
    root = make_site(tmp_path / "site", {"clinic.yaml": clinic_with(newsletter={"from": sender})})
    assert load_site(root).site.clinic.newsletter.sender == Mailbox(*expected)  # type: ignore[union-attr]
    assert sender_of(root, tmp_path) == expected


def test_a_clinic_name_with_a_comma_stays_whole_in_the_default_sender(tmp_path: Path) -> None:
    clinic = clinic_with(email="hello@sj.example").replace(
        "name: Test Clinic", "name: Smith, Jones Physio"
    )
    root = make_site(tmp_path / "site", {"clinic.yaml": clinic})
    assert sender_of(root, tmp_path) == ("Smith, Jones Physio", "hello@sj.example")


@pytest.mark.parametrize(
    ("sender", "message"),
    [
        (
            "CoreQuest Therapy news@corequest.example",
            "is not an email address; write it like: CoreQuest Therapy <news@corequest.example>",
        ),
        (
            "Smith, Jones <news@sj.example>",
            'is not an email address; write it like: "Smith, Jones" <news@sj.example>',
        ),
        ("news@sj.example, other@sj.example", "holds 2 addresses; give one"),
        ("Clinic <news>", "is not an email address"),
        ("Clinic <news@localhost>", "needs an address with a domain"),
        ("Clinic", "is not an email address"),
        ("Clinic <news@bücher.example>", "has letters outside ASCII in the address"),
        ("Clinic <>", "is not an email address"),
    ],
)
def test_a_sender_the_eml_could_not_carry_is_a_located_error(
    tmp_path: Path, sender: str, message: str
) -> None:
    root = make_site(tmp_path, {"clinic.yaml": clinic_with(newsletter={"from": sender})})
    assert f"{FROM_KEY}: error: 'newsletter.from' {message}" in "\n".join(errors(root))


@pytest.mark.parametrize(
    "address", ["news, other@sj.example", "Clinic <news@sj.example>", "news@sj.example (us)"]
)
def test_the_clinic_email_is_one_bare_address(tmp_path: Path, address: str) -> None:
    root = make_site(tmp_path, {"clinic.yaml": clinic_with(email=address)})
    assert errors(root) == [
        f"content/clinic.yaml:5:1: error: 'email' is not an email address like"
        f" news@clinic.com: '{address}'"
    ]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(addresses._PLAIN, fullmatch=True))
def test_a_plain_address_reads_as_the_email_parser_reads_it(text: str) -> None:
    """The plainest addresses skip importing the parser: only where it agrees."""
    assert addresses.parse_mailbox(text) == addresses._parsed(text)


def test_the_seeds_addresses_are_plain() -> None:
    assert addresses._PLAIN.fullmatch("CoreQuest Therapy <news@corequesttherapy.example>")
    assert addresses._PLAIN.fullmatch("hello@corequesttherapy.example")
    for other in ('"Smith, Jones" <a@b.example>', "Łódź <a@b.example>", "a@b", "a..b@c.example"):
        assert not addresses._PLAIN.fullmatch(other)
