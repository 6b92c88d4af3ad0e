"""The studio stays local: it listens on loopback unless told otherwise (and says so
loudly), answers only to its own host name, takes forms only with this run's token, and
serves nothing outside the build's own out/ folders."""

from __future__ import annotations

import http.client
import re
import signal
import socket
from pathlib import Path

import pytest

from handouts.serve.safety import allowed_hosts, bind_warning, host_name
from tests.serve.conftest import ARTICLE, Running
from tests.support.processes import needs_proc, started, wait_for


def get(served: Running, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """`path` sent exactly as written (no client tidies away `..` or `%2e`)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{served.port}")
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    return response


def post(
    served: Running, path: str, body: str, origin: str | None = None
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        headers["Origin"] = origin
    connection.request("POST", path, body=body.encode(), headers=headers)
    response = connection.getresponse()
    response.data = response.read()  # type: ignore[attr-defined]
    return response


# --- bind address --------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_need_no_warning(host: str) -> None:
    assert bind_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_any_other_address_is_warned_about(host: str) -> None:
    warning = bind_warning(host)
    assert warning is not None and warning.startswith("WARNING") and host in warning


@needs_proc
def test_serve_listens_on_loopback_by_default_and_stops_on_ctrl_c(
    seed_copy: Path, tmp_path: Path
) -> None:
    stderr = tmp_path / "stderr"
    with started(["serve", "--site", str(seed_copy), "--port", "0"], stderr) as process:
        wait_for(lambda: "serving" in stderr.read_text(), 60, "the URL")
        url = re.search(r"serving (\S+)", stderr.read_text())
        assert url is not None and url.group(1).startswith("http://127.0.0.1:")
        assert "WARNING" not in stderr.read_text()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    assert stderr.read_text().rstrip().endswith("stopped")


@needs_proc
def test_serve_warns_loudly_when_listening_beyond_this_computer(
    seed_copy: Path, tmp_path: Path
) -> None:
    stderr = tmp_path / "stderr"
    args = ["serve", "--site", str(seed_copy), "--port", "0", "--host", "0.0.0.0"]
    with started(args, stderr) as process:
        wait_for(lambda: "serving" in stderr.read_text(), 60, "the URL")
        assert "WARNING: listening on 0.0.0.0" in stderr.read_text()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0


def test_a_port_in_use_is_one_line(seed_copy: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--site", str(seed_copy), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


# --- Host (DNS rebinding) ----------------------------------------------------------------


def test_host_names_without_their_port() -> None:
    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("LocalHost") == "localhost"


def test_a_wildcard_address_accepts_this_computers_own_name() -> None:
    assert socket.gethostname().lower() in allowed_hosts("0.0.0.0")
    assert allowed_hosts("192.168.1.20") == ["192.168.1.20"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:8000", "[::1]:8000"])
def test_the_studio_answers_its_own_host(studio: Running, host: str) -> None:
    assert get(studio, "/", host).status == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io"])
def test_another_host_name_is_refused(studio: Running, host: str) -> None:
    for path in ("/", f"/articles/{ARTICLE}", "/desk", f"/out/handouts/{ARTICLE}.pdf"):
        assert get(studio, path, host).status == 400


def test_pages_cannot_be_framed_by_another_site(studio: Running) -> None:
    response = get(studio, "/desk")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in (response.getheader("Content-Security-Policy") or "")


# --- paths -------------------------------------------------------------------------------


def test_the_builds_outputs_are_served(studio: Running) -> None:
    for path in (
        f"/out/handouts/{ARTICLE}.pdf",
        f"/out/newsletters/{ARTICLE}.html",
        "/out/cards/toe-yoga.pdf",
    ):
        assert get(studio, path).status == 200, path


@pytest.mark.parametrize(
    "path",
    [
        "/out/newsletters/../../content/clinic.yaml",
        "/out/newsletters/%2e%2e/%2e%2e/content/clinic.yaml",
        "/out/newsletters/..%2f..%2fcontent%2fclinic.yaml",
        "/out/newsletters/%252e%252e/%252e%252e/content/clinic.yaml",
        "/out/newsletters/..\\..\\content\\clinic.yaml",
        "/out/newsletters//etc/passwd",
        "/out/newsletters/%2fetc%2fpasswd",
        "/out/../content/clinic.yaml",
        "/out/.manifest.json",
        "/out/patients/secret.pdf",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/content/clinic.yaml",
    ],
)
def test_no_path_leaves_the_out_folders(studio: Running, path: str) -> None:
    (studio.root / "out" / "patients").mkdir(exist_ok=True)
    (studio.root / "out" / "patients" / "secret.pdf").write_bytes(b"%PDF- a patient")
    response = get(studio, path)
    assert response.status in (400, 404), path


def test_a_symbolic_link_out_of_the_folder_is_not_followed(studio: Running) -> None:
    link = studio.root / "out" / "newsletters" / "leak.yaml"
    link.symlink_to(studio.root / "content" / "clinic.yaml")
    assert get(studio, "/out/newsletters/leak.yaml").status == 404


# --- CSRF --------------------------------------------------------------------------------


def desk_form(token: str) -> str:
    return f"csrf={token}&patient=Ada&article={ARTICLE}&drill=toe-yoga"


def test_a_form_without_this_runs_token_is_refused(studio: Running) -> None:
    for body in (desk_form(""), desk_form("guessed"), "patient=Ada"):
        response = post(studio, "/desk", body)
        assert response.status == 403
        assert b"%PDF" not in response.data  # type: ignore[attr-defined]
    response = post(studio, f"/articles/{ARTICLE}/send", "to=a@b.test&csrf=nope")
    assert response.status == 403


def test_a_form_posted_from_another_site_is_refused_even_with_the_token(studio: Running) -> None:
    body = desk_form(studio.studio.csrf_token)
    assert post(studio, "/desk", body, origin="http://attacker.example").status == 403
    same = f"http://127.0.0.1:{studio.port}"
    response = post(studio, "/desk", body, origin=same)
    assert response.status == 200
    assert response.data.startswith(b"%PDF")  # type: ignore[attr-defined]


def test_every_form_carries_the_token(studio: Running) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", studio.port, timeout=10)
    connection.request("GET", "/desk")
    page = connection.getresponse().read().decode()
    assert f'name="csrf" value="{studio.studio.csrf_token}"' in page
