"""Email addresses, read by the parser of the `email` package that later writes the `.eml`.

A regular expression let through what the message writer then could not use
("CoreQuest Therapy news@clinic.example", without angle brackets) and could not see that
"Smith, Jones <news@…>" names two addresses. Parsed here, once, the model holds the
name and the address apart, and the writer only puts them together.
"""

from __future__ import annotations

from email.errors import ObsoleteHeaderDefect
from email.headerregistry import AddressHeader, HeaderRegistry

from ..model import Mailbox

EXAMPLE = "Clinic Name <news@clinic.com>"
_REGISTRY = HeaderRegistry()


def parse_mailbox(text: str) -> Mailbox:
    """One address with an optional name (`Name <local@domain>` or `local@domain`);
    ValueError says what is wrong, in words for the person who wrote it."""
    try:
        header = _REGISTRY("from", text)
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
