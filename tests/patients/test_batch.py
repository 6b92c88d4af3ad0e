"""A day's batch: it counts rows as a person would, says where the handouts went, shows
the warnings about what it prints, stops cleanly on Ctrl-C and tidies up after a kill."""

from __future__ import annotations

import contextlib
import os
import re
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from handouts.patients.batch import TEMP_SUFFIX
from tests.support.processes import all_gone, children, needs_proc, started, wait_for
from tests.support.sites import ARTICLE, CLINIC, SEED_SITE, make_site

ROW = "Ana,ankle-foot-mobility,2026-11-24\n"


def batch(tmp_path: Path, csv: str, *options: str, site: Path = SEED_SITE) -> object:
    (tmp_path / "day.csv").write_text(csv, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        return CliRunner().invoke(
            main, ["batch", "day.csv", "--out", "pdfs", "--quiet", "--site", str(site), *options]
        )


def last_line(result: object) -> str:
    return result.output.strip().splitlines()[-1]  # type: ignore[attr-defined]


def test_rows_are_counted_in_words_a_person_reads(tmp_path: Path) -> None:
    header = "patient,article,date\n"
    assert last_line(batch(tmp_path, header + ROW, "--check")) == (
        "1 of 1 row ready; 0 errors, 1 warning"
    )
    five = header + "".join(ROW.replace("Ana", name) for name in ("Al", "Bo", "Cy", "Di"))
    five += "Ed,ankle-foot-mobilty,\n"
    assert last_line(batch(tmp_path, five, "--check")) == (
        "4 of 5 rows ready (1 invalid); 1 error, 1 warning"
    )
    written = batch(tmp_path, header + ROW.replace("Ana", "Bo"), "--jobs", "1")
    assert re.fullmatch(r"wrote 1 handout to pdfs/ in [\d.]+ s: 1 of 1 row", last_line(written))
    invalid = batch(tmp_path, header + "Ed,nope,\nFi,nope,\n", "--jobs", "1")
    assert re.fullmatch(
        r"wrote 0 handouts in [\d.]+ s: 0 of 2 rows \(2 invalid\)", last_line(invalid)
    )


def test_a_file_whose_rows_cannot_be_read_does_not_claim_zero_rows(tmp_path: Path) -> None:
    result = batch(tmp_path, "name,article\n" + ROW * 5, "--check")
    assert "day.csv:1: error: missing column: patient" in result.output
    assert last_line(result) == "no rows read; 1 error, 1 warning"


def test_a_batch_shows_the_warnings_about_what_it_prints_and_no_others(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "clinic.yaml": CLINIC.replace("clinic.test", "clinic.example"),
            "articles/other.md": ARTICLE + "\nSee <b>this</b>.\n",
        },
    )
    result = batch(tmp_path, "patient,article\nAna,calves\n", "--jobs", "1", site=site)
    assert result.exit_code == 0, result.output
    assert "content/clinic.yaml:3:3: warning: booking.url" in result.output  # the QR code
    assert "other.md" not in result.output  # not printed, so not this command's business


def test_a_batch_removes_the_temporary_files_a_killed_batch_left(tmp_path: Path) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    leftover = pdfs / f".2026-11-24_ana_ankle-foot-mobility.pdf.k2j4h1{TEMP_SUFFIX}"
    leftover.write_bytes(b"%PDF- half a handout")
    others = [pdfs / ".notes", pdfs / ".ben.pdf.x1y2z3.tmp"]  # not a batch's: left alone
    for other in others:
        other.write_bytes(b"")
    result = batch(tmp_path, "patient,article,date\n" + ROW, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert all(other.exists() for other in others)


@needs_proc
@pytest.mark.slow
def test_ctrl_c_stops_a_batch_at_once_and_says_how_many_were_written(tmp_path: Path) -> None:
    rows = 400
    csv = tmp_path / "day.csv"
    csv.write_text(
        "patient,article,date\n"
        + "".join(f"Patient {n},ankle-foot-mobility,2026-11-24\n" for n in range(rows)),
        encoding="utf-8",
    )
    pdfs, stderr = tmp_path / "pdfs", tmp_path / "stderr"
    args = ["batch", str(csv), "--out", str(pdfs), "--jobs", "2", "--quiet"]
    with started([*args, "--site", str(SEED_SITE)], stderr) as run:
        wait_for(lambda: len(list(pdfs.glob("*.pdf"))) >= 2, 60, "two handouts")
        pool = children(run.pid)
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert run.wait(10) == 130
        wait_for(lambda: all_gone(pool), 5, "the workers to stop")
    messages = stderr.read_text()
    assert "Traceback" not in messages and "KeyboardInterrupt" not in messages, messages
    summary = re.fullmatch(
        rf"interrupted: wrote (\d+) handouts to {re.escape(str(pdfs))}/ in [\d.]+ s:"
        rf" \1 of {rows} rows \((\d+) not written\)",
        messages.strip().splitlines()[-1],
    )
    assert summary, messages
    written = int(summary[1])
    assert len(list(pdfs.glob("*.pdf"))) == written < rows
    assert int(summary[2]) == rows - written
    assert [p.name for p in pdfs.iterdir() if p.name.endswith(".tmp")] == []


def test_a_file_refused_as_a_whole_says_so_and_counts_no_rows_as_skipped(
    tmp_path: Path,
) -> None:
    rows = [f"P{n},ankle-foot-mobility,2026-11-24\n" for n in range(8)]
    rows[3] = rows[3].replace("P3", "P3\x81")  # a byte no known encoding has
    (tmp_path / "day.csv").write_bytes(("patient,article,date\n" + "".join(rows)).encode("latin-1"))
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(
            main, ["batch", "day.csv", "--check", "--quiet", "--site", str(SEED_SITE)]
        )
    assert "day.csv:5: error: file is not UTF-8 text" in result.output
    assert "the whole file was refused (8 rows not read)" in result.output
    assert last_line(result).startswith("no rows read; 1 error")
    assert result.exit_code == 1


def test_a_long_name_in_four_byte_letters_still_makes_a_file(tmp_path: Path) -> None:
    name = "\U00020000" * 70
    result = batch(tmp_path, f"patient,article,date\n{name},ankle-foot-mobility,2026-11-24\n")
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "pdfs").glob("*.pdf")
    assert written.name.startswith("2026-11-24_\U00020000")


def test_text_from_the_csv_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    """An escape sequence or a right-to-left override in a cell is shown by its code."""
    result = batch(
        tmp_path,
        "patient,article\nAna,\x1b[2Jankle\nBen,\u202eelcitra\nCy,\x9b31m\n",
        "--check",
    )
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\x9b" not in result.output
    assert "day.csv:2: error: unknown article '\\x1b[2Jankle'" in result.output
    assert "day.csv:3: error: unknown article '\\u202eelcitra'" in result.output


def test_a_large_print_batch_writes_large_print_files(tmp_path: Path) -> None:
    result = batch(
        tmp_path,
        "patient,article,date,file\n" + "Ana,ankle-foot-mobility,2026-11-24,ana\n",
        "--large-print",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert sorted(p.name for p in (tmp_path / "pdfs").iterdir() if p.name[0] != ".") == [
        "ana-large.pdf"
    ]
