"""`handouts send`: a test copy through a real SMTP server (aiosmtpd on 127.0.0.1).

The server speaks STARTTLS or implicit TLS with a self-signed certificate (tls/, valid
for 127.0.0.1), which the client trusts through SSL_CERT_FILE as a clinic with its own
authority would; it asks for a login over TLS, and refuses some recipients.
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from cli import main
from handouts.load.loader import load_site
from handouts.model import Smtp
from handouts.newsletter.send import (
    MAX_RECIPIENTS,
    PASSWORD_VARIABLE,
    SendError,
    SendUsageError,
    send_test,
    server_for,
)
from tests.support.sites import SEED_SITE

TLS = Path(__file__).parent / "tls"
USER, PASSWORD = "clinic", "s3cret-Pa55"
ARTICLE = "ankle-foot-mobility"


@dataclass
class Inbox:
    """What the server received, and refuses."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, _: Any
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
    return context


@dataclass
class Running:
    inbox: Inbox
    port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def serve(implicit_tls: bool = False) -> Iterator[Running]:
    inbox, port = Inbox(), free_port()
    options: dict[str, Any] = {"authenticator": authenticate, "auth_require_tls": True}
    if implicit_tls:  # aiosmtpd counts only STARTTLS as TLS for its auth_require_tls
        options.update(ssl_context=tls_context(), auth_require_tls=False)
    else:
        options["tls_context"] = tls_context()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Running(inbox, port)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[Running]:
    yield from serve()


@pytest.fixture
def tls_server() -> Iterator[Running]:
    yield from serve(implicit_tls=True)


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client trusts the test certificate (and only it)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "cert.pem"))


def send(*args: str, password: str | None = PASSWORD) -> Any:
    env = {PASSWORD_VARIABLE: password} if password is not None else {PASSWORD_VARIABLE: ""}
    return CliRunner().invoke(main, ["send", ARTICLE, "--site", str(SEED_SITE), *args], env=env)


def received(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def built_html() -> str:
    from handouts.newsletter.render import render_newsletter

    site = load_site(SEED_SITE).site
    assert site is not None
    return render_newsletter(site, site.articles[ARTICLE]).html.decode("utf-8")


@pytest.mark.usefixtures("trusted")
def test_a_test_copy_arrives_whole_over_starttls_with_a_login(smtp_server: Running) -> None:
    result = send(
        "--to", "me@clinic.example", "--to", "boss@clinic.example",
        "--smtp", smtp_server.address, "--starttls", "--user", USER,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [(sender, rcpts, raw)] = smtp_server.inbox.messages
    assert sender == "news@corequesttherapy.example"
    assert rcpts == ["me@clinic.example", "boss@clinic.example"]
    message = received(raw)
    assert message["To"] == "me@clinic.example, boss@clinic.example"
    assert message["Subject"] == "Why Ankle and Foot Mobility Matter for Runners"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    html = message.get_body(("html",))
    assert html is not None
    assert html.get_content().replace("\r\n", "\n") == built_html()
    assert PASSWORD not in result.output
    assert result.output.strip().splitlines() == [
        f"sent a test copy of {ARTICLE} to me@clinic.example, boss@clinic.example via"
        f" {smtp_server.address} (STARTTLS); the unsubscribe link is the merge tag"
        " *|UNSUB|* as written"
    ]


@pytest.mark.usefixtures("trusted")
def test_the_copy_is_the_built_eml_with_to_and_a_fresh_date_and_id(smtp_server: Running) -> None:
    from handouts.newsletter.render import render_newsletter

    assert (
        send("--to", "me@clinic.example", "--smtp", smtp_server.address, "--user", USER).exit_code
        == 0
    )
    [(_, _, raw)] = smtp_server.inbox.messages
    site = load_site(SEED_SITE).site
    assert site is not None
    built = render_newsletter(site, site.articles[ARTICLE]).eml

    def without(data: bytes, *names: bytes) -> list[bytes]:
        head, body = data.replace(b"\r\n ", b" ").split(b"\r\n\r\n", 1)
        lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(names)]
        return [*lines, body]

    # Everything else, boundaries included, derives from the content: byte for byte.
    assert without(raw, b"date:", b"message-id:", b"to:") == without(
        built, b"date:", b"message-id:"
    )
    message = received(raw)
    assert message["Date"] != received(built)["Date"]
    assert message["Message-ID"] != received(built)["Message-ID"]


@pytest.mark.usefixtures("trusted")
def test_implicit_tls_works_too(tls_server: Running) -> None:
    result = send(
        "--to", "me@clinic.example", "--smtp", tls_server.address, "--ssl", "--user", USER
    )
    assert result.exit_code == 0, result.output
    assert len(tls_server.inbox.messages) == 1


@pytest.mark.usefixtures("trusted")
def test_a_wrong_password_is_one_line_and_never_printed(smtp_server: Running) -> None:
    result = send(
        "--to", "me@clinic.example", "--smtp", smtp_server.address, "--user", USER,
        password="wrong-Pa55",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {smtp_server.address} refused the login of {USER}: 535"
    )
    assert len(result.output.strip().splitlines()) == 1
    assert "wrong-Pa55" not in result.output and "Traceback" not in result.output
    assert smtp_server.inbox.messages == []


@pytest.mark.usefixtures("trusted")
def test_a_refused_recipient_is_named(smtp_server: Running) -> None:
    result = send("--to", "nobody@refused.example", "--smtp", smtp_server.address, "--user", USER)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {smtp_server.address} refused nobody@refused.example"
        " (550 5.1.1 no such mailbox); nothing was sent"
    )


def test_an_untrusted_certificate_is_a_tls_failure(smtp_server: Running) -> None:
    result = send("--to", "me@clinic.example", "--smtp", smtp_server.address, "--user", USER)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: TLS with {smtp_server.address} failed: ")
    assert "certificate" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert smtp_server.inbox.messages == []


def test_a_closed_port_is_connection_refused() -> None:
    port = free_port()
    result = send("--to", "me@clinic.example", "--smtp", f"127.0.0.1:{port}", "--user", USER)
    assert result.exit_code == 1
    assert (
        result.output.strip() == f"Error: could not connect to 127.0.0.1:{port}: connection refused"
    )


def test_a_login_without_the_password_variable_is_refused_before_connecting() -> None:
    result = send(
        "--to", "me@clinic.example", "--smtp", "127.0.0.1:9", "--user", USER, password=None
    )
    assert result.exit_code == 2
    assert f"set {PASSWORD_VARIABLE} to the password of {USER}" in result.output


def test_at_most_ten_recipients() -> None:
    addresses = [f"p{n}@clinic.example" for n in range(MAX_RECIPIENTS + 1)]
    result = send(*[arg for a in addresses for arg in ("--to", a)], "--smtp", "127.0.0.1:9")
    assert result.exit_code == 2
    assert "at most 10 addresses" in result.output


def test_a_bad_address_is_a_usage_error() -> None:
    with pytest.raises(SendUsageError, match="'not an address' is not an email address"):
        send_test(SEED_SITE, ARTICLE, ["not an address"], address="127.0.0.1:9", environ={})


def test_an_unknown_article_is_a_usage_error() -> None:
    with pytest.raises(SendUsageError, match=r"no article 'ankle-foot-mobilty'.*did you mean"):
        send_test(
            SEED_SITE,
            "ankle-foot-mobilty",
            ["me@clinic.example"],
            address="127.0.0.1:9",
            environ={},
        )


def test_the_server_comes_from_clinic_yaml_unless_the_command_line_says_otherwise() -> None:
    configured = Smtp(host="mail.clinic.example", port=2525, security="ssl", user="news")
    assert str(server_for(configured)) == "mail.clinic.example:2525 (TLS)"
    assert server_for(configured).user == "news"
    assert str(server_for(Smtp())) == "localhost:587 (STARTTLS)"
    assert str(server_for(Smtp(), "smtp.example", "ssl")) == "smtp.example:465 (TLS)"
    assert str(server_for(Smtp(), "[::1]:25")) == "[::1]:25 (STARTTLS)"
    with pytest.raises(SendUsageError):
        server_for(Smtp(), "host:99999")


def test_clinic_yaml_smtp_settings_are_read_and_a_password_there_refused(tmp_path: Path) -> None:
    from tests.support.sites import copy_site

    root = copy_site(SEED_SITE, tmp_path / "site")
    clinic = root / "content" / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    settings = "  smtp: {host: mail.clinic.example, port: 2525, security: ssl, user: news}\n"
    clinic.write_text(text + settings, encoding="utf-8")
    site = load_site(root).site
    assert site is not None
    assert site.clinic.newsletter.smtp == Smtp("mail.clinic.example", 2525, "ssl", "news")
    clinic.write_text(
        text + "  smtp: {host: mail.clinic.example, password: hunter2}\n", encoding="utf-8"
    )
    result = load_site(root)
    [error] = result.diagnostics.errors
    assert "HANDOUTS_SMTP_PASSWORD" in error.message


def test_send_errors_are_one_class_for_the_cli() -> None:
    assert issubclass(SendUsageError, SendError)
