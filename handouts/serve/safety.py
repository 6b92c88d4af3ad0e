"""What keeps a local studio local: the bind address, the Host check, the CSRF token and
the headers every answer carries.

The studio shows unpublished content and makes patients' handouts, so it listens on the
loopback address unless told otherwise. A page on another site cannot reach it either:
a request naming any other host (a DNS-rebinding attack) is refused, a form must carry
this run's secret token, and no page may be framed by another site.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import socket

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost",)

# Our own pages run only our own script and styles; the newsletters they frame are
# served from out/ with their inline styles, sandboxed in the frame.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " frame-src 'self'; object-src 'self'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
OUTPUT_POLICY = "frame-ancestors 'self'"


def is_loopback(host: str) -> bool:
    address = _address(host)
    return host.lower() in LOOPBACK_NAMES or (address is not None and address.is_loopback)


def bind_warning(host: str) -> str | None:
    """The warning printed when the studio listens beyond this computer, else None."""
    if is_loopback(host):
        return None
    return (
        f"WARNING: listening on {host}, not only on this computer: anyone who can reach"
        " this address can read the unpublished content and use the handout desk."
        " Use --host 127.0.0.1 unless you mean it."
    )


def allowed_hosts(host: str) -> list[str]:
    """The names a request's `Host` may give: the address listened on (and, on a wildcard
    address, this computer's names and addresses); loopback names when it is loopback."""
    names = {host.lower().strip("[]")}
    address = _address(host)
    if address is not None and address.is_loopback:
        names.update(["localhost", "127.0.0.1", "::1"])
    if address is not None and address.is_unspecified:
        names.update(["localhost", "127.0.0.1", "::1"])
        for name in (socket.gethostname(), socket.getfqdn()):
            names.add(name.lower())
            with contextlib.suppress(OSError):
                names.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
    return sorted(names)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def host_name(header: str) -> str:
    """The host of a `Host` header without its port: `[::1]:8000` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def same_token(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


class Guard:
    """Refuses a request for any other host, and gives every answer the safety headers.

    Written as plain ASGI so the live event stream passes through unbuffered."""

    def __init__(self, app: ASGIApp, hosts: list[str]):
        self.app = app
        self.hosts = set(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host not in self.hosts:
            await _refuse(send, b"Invalid host header\n")
            return
        output = scope["path"].startswith("/out/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                policy = OUTPUT_POLICY if output else PAGE_POLICY
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if not output:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"text/plain"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
