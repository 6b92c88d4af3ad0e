"""The handout desk keeps nothing: the `serve` command's own process, given a patient's
form, answers with the PDF and leaves no trace of the patient on disk or in its output."""

from __future__ import annotations

import http.client
import re
import signal
import urllib.parse
from pathlib import Path

import pytest

from tests.pdf.test_large_print import text_sizes
from tests.serve.conftest import ARTICLE, Running
from tests.support.pdf import page_texts, reader, squash
from tests.support.processes import needs_proc, started, wait_for

PATIENT = "Zelda Quartermaine"


def post_desk(port: int, fields: list[tuple[str, str]]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/desk")
    page = connection.getresponse().read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    body = urllib.parse.urlencode([("csrf", token.group(1)), *fields])
    connection.request("POST", "/desk", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def home(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/")
    return connection.getresponse().read().decode()


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@needs_proc
def test_nothing_about_the_patient_is_kept(seed_copy: Path, tmp_path: Path) -> None:
    stderr = tmp_path / "stderr"
    with started(["serve", "--site", str(seed_copy), "--port", "0"], stderr) as process:
        wait_for(lambda: "serving" in stderr.read_text(), 60, "the URL")
        port = int(re.findall(r":(\d+)/", stderr.read_text())[0])
        wait_for(lambda: 'id="building"' not in home(port), 60, "the first build")
        before = files(seed_copy)
        status, headers, pdf = post_desk(
            port,
            [
                ("patient", PATIENT),
                ("therapist", "Dr. Who"),
                ("article", ARTICLE),
                ("drill", "toe-yoga"),
                ("dose-toe-yoga", "4x30s"),
                ("notes", f"Call {PATIENT} next week"),
                ("no_article", "1"),
            ],
        )
        assert status == 200 and pdf.startswith(b"%PDF")
        assert headers["cache-control"] == "no-store"
        assert PATIENT.split()[0] not in headers["content-disposition"]
        assert squash(PATIENT) in "".join(page_texts(pdf))
        assert files(seed_copy) == before
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    assert PATIENT.split()[1] not in stderr.read_text()
    assert not any(PATIENT.split()[1].encode() in data for data in files(seed_copy).values())


def test_a_dose_it_cannot_read_is_shown_with_the_form_as_typed(studio: Running) -> None:
    status, _, page = post_desk(
        studio.port,
        [("patient", PATIENT), ("article", ARTICLE), ("drill", "toe-yoga"), ("dose-toe-yoga", "x")],
    )
    text = page.decode()
    assert status == 400
    assert 'id="desk-error"' in text and "dose" in text
    assert f'value="{PATIENT}"' in text


def test_an_exercise_sheet_holds_only_the_chosen_drills(studio: Running) -> None:
    status, headers, pdf = post_desk(
        studio.port,
        [("article", ARTICLE), ("drill", "toe-yoga"), ("no_article", "1")],
    )
    assert status == 200
    assert headers["content-disposition"].startswith('attachment; filename="handout-exercises-')
    text = "".join(page_texts(pdf))
    assert squash("Toe Yoga") in text and squash("Heel-Elevated") not in text
    assert squash("Most runners think about pace") not in text


@needs_proc
def test_large_print_is_a_tick_away(studio: Running) -> None:
    status, headers, pdf = post_desk(
        studio.port, [("article", ARTICLE), ("drill", "toe-yoga"), ("large", "1")]
    )
    assert status == 200
    assert re.search(
        r'filename="handout-[a-z-]+-[0-9-]+-large\.pdf"', headers["content-disposition"]
    )
    assert text_sizes(pdf).most_common(1)[0][0] == 18.0


def test_a_renderer_failure_is_shown_on_the_page_not_logged(
    studio: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(*args: object) -> bytes:
        raise ValueError(f"cannot lay out {PATIENT}")

    monkeypatch.setattr("handouts.serve.desk.render_prescription", fail)
    status, _, page = post_desk(studio.port, [("patient", PATIENT), ("article", ARTICLE)])
    assert status == 400
    assert "could not render the handout: ValueError" in page.decode()
    assert PATIENT not in caplog.text


def test_each_article_names_its_language_and_shows_only_its_drills(languages: Running) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", languages.port, timeout=60)
    connection.request("GET", "/desk")
    page = connection.getresponse().read().decode()
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', page)
    assert [(slug, title.rsplit(" · ", 1)[1]) for slug, title in options] == [
        ("ankle-foot-mobility.ar", "العربية"),
        ("ankle-foot-mobility.es", "español"),
        ("foot-strength.zh-Hans", "中文 (简体)"),
    ]
    shown = re.findall(r'<li class="drill" data-slug="([^"]+)"[^>]*?(?<! hidden)>', page)
    assert shown and all(slug.endswith(".ar") for slug in shown)  # the first article's


def test_a_translated_article_prints_in_its_language(languages: Running) -> None:
    status, _, pdf = post_desk(
        languages.port,
        [
            ("article", "ankle-foot-mobility.es"),
            ("drill", "toe-yoga.es"),
            ("dose-toe-yoga.es", "3x12"),
        ],
    )
    assert status == 200
    assert reader(pdf).trailer["/Root"]["/Lang"] == "es"
    assert squash("3 series de 12 repeticiones") in "".join(page_texts(pdf))
