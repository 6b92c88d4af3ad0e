"""Email addresses, read by the parser of the `email` package that later writes the `.eml`.

A regular expression let through what the message writer then could not use
("CoreQuest Therapy news@clinic.example", without angle brackets) and could not see that
"Smith, Jones <news@…>" names two addresses. Parsed here, once, the model holds the
name and the address apart, and the writer only puts them together.

That parser (and the `socket` and charset modules it brings) is a tenth of a cold
handout's start, so the plainest addresses, `news@clinic.com` and `Clinic Name
<news@clinic.com>` in letters, digits and a few marks, are taken apart by a pattern that
the parser reads the same way (a test compares the two on generated addresses); any
other text goes to the parser.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..model import Mailbox

if TYPE_CHECKING:
    from email.headerregistry import HeaderRegistry

EXAMPLE = "Clinic Name <news@clinic.com>"
_ATOM = r"[A-Za-z0-9_+-]+"
_PLAIN = re.compile(
    rf"(?:(?P<name>[A-Za-z0-9]+(?: [A-Za-z0-9]+)*) <)?"
    rf"(?P<address>{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    rf"(?(name)>)"
)


@cache
def _registry() -> HeaderRegistry:
    from email.headerregistry import HeaderRegistry

    return HeaderRegistry()


def parse_mailbox(text: str) -> Mailbox:
    """One address with an optional name (`Name <local@domain>` or `local@domain`);
    ValueError says what is wrong, in words for the person who wrote it."""
    if plain := _PLAIN.fullmatch(text):
        return Mailbox(plain["name"] or "", plain["address"])
    return _parsed(text)


def _parsed(text: str) -> Mailbox:
    """`parse_mailbox` by the `email` package's parser, for any text."""
    from email.errors import ObsoleteHeaderDefect
    from email.headerregistry import AddressHeader

    try:
        header = _registry()("from", text)
        assert isinstance(header, AddressHeader)
        addresses, defects = header.addresses, header.defects
    except Exception:  # the parser meets every oddity of hand-typed text
        raise ValueError(f"is not an email address; write it like: {EXAMPLE}") from None
    serious = [d for d in defects if not isinstance(d, ObsoleteHeaderDefect)]
    if len(addresses) > 1 and not serious:
        raise ValueError(f"holds {len(addresses)} addresses; give one, like: {EXAMPLE}")
    if serious or len(addresses) != 1:
        raise ValueError(f"is not an email address; write it like: {_hint(text)}")
    address = addresses[0]
    if not address.username or "." not in address.domain.strip("."):
        raise ValueError(f"needs an address with a domain, like: {EXAMPLE}")
    if not address.addr_spec.isascii():
        raise ValueError(
            "has letters outside ASCII in the address itself (the name may have any);"
            " write a domain like bücher.example as xn--bcher-kva.example"
        )
    return Mailbox(address.display_name, address.addr_spec)


def parse_address(text: str) -> str:
    """A bare address, `local@domain`, exactly as written."""
    try:
        mailbox = parse_mailbox(text)
    except ValueError:
        mailbox = None
    if mailbox is None or mailbox.name or mailbox.address != text:
        raise ValueError(f"is not an email address like news@clinic.com: '{text}'")
    return mailbox.address


def _hint(text: str) -> str:
    """How the user probably meant it: a name with a comma quoted, an address in <…>."""
    if "<" not in text and " " in text and "@" in text.rsplit(" ", 1)[1]:
        name, address = text.rsplit(" ", 1)
        name = f'"{name}"' if "," in name else name
        return f"{name} <{address}>"
    if "," in text and "<" in text:
        name, rest = text.split("<", 1)
        return f'"{name.strip()}" <{rest}'
    return EXAMPLE
