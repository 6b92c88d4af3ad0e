"""The Send-test button: shown when clinic.yaml configures newsletter.smtp, it sends the
`send` command's test copy through that server (aiosmtpd on 127.0.0.1 here)."""

from __future__ import annotations

import http.client
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.serve.conftest import ARTICLE, Running, running


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    found = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks the one it is given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(found, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield found, port
    finally:
        controller.stop()


def page(served: Running) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("GET", f"/articles/{ARTICLE}")
    return connection.getresponse().read().decode()


def test_without_a_server_configured_there_is_no_button(studio: Running) -> None:
    assert "Send test" not in page(studio)


def test_the_button_sends_the_test_copy(seed_copy: Path, inbox: tuple[Inbox, int]) -> None:
    received, port = inbox
    clinic = seed_copy / "content" / "clinic.yaml"
    smtp = f"  smtp: {{host: 127.0.0.1, port: {port}, security: none}}\n"
    clinic.write_text(clinic.read_text().replace("newsletter:\n", "newsletter:\n" + smtp))
    with running(seed_copy) as served:
        assert "Send test" in page(served)
        body = urllib.parse.urlencode({"csrf": served.studio.csrf_token, "to": "me@clinic.test"})
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        connection.request(
            "POST",
            f"/articles/{ARTICLE}/send",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        html = response.read().decode()
    assert response.status == 200
    assert f"sent a test copy of {ARTICLE} to me@clinic.test" in html
    [(recipients, message)] = received.messages
    assert recipients == ["me@clinic.test"]
    assert b"Subject: Why Ankle and Foot Mobility Matter for Runners" in message
