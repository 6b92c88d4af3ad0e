"""Reading a day's patient list as spreadsheets export it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from handouts.diagnostics import Diagnostics
from handouts.patients.roster import read_roster, safe_name


def read(tmp_path: Path, loaded, data: str | bytes) -> tuple[list, list[str]]:
    """Rows and messages for a CSV given, as a user would, by its relative path."""
    (tmp_path / "day.csv").write_bytes(data.encode() if isinstance(data, str) else data)
    diagnostics = Diagnostics()
    with contextlib.chdir(tmp_path):
        rows = list(read_roster(Path("day.csv"), loaded, diagnostics).rows())
    return rows, [str(d) for d in diagnostics.items]


def test_a_plain_csv_gives_one_prescription_per_row(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path,
        seed,
        "patient,article,therapist,date,drills,doses,notes,no_article\n"
        "Zoë O'Brien,ankle-foot-mobility,Dr Lee,2026-11-24,toe-yoga heel-elevated-squat-rock,"
        "toe-yoga=3x12,Go easy,no\n",
    )
    assert messages == []
    (row,) = rows
    assert row.number == 2
    assert row.prescription.patient.name == "Zoë O'Brien"
    assert row.prescription.drills == ("toe-yoga", "heel-elevated-squat-rock")
    assert row.prescription.doses == (("toe-yoga", "3x12"),)
    assert row.file == "2026-11-24_zoe-obrien_ankle-foot-mobility.pdf"


def test_a_byte_order_mark_and_semicolons_are_accepted(tmp_path, seed) -> None:
    data = "\ufeffPatient;Article;Drills\nŁukasz;ankle-foot-mobility;toe-yoga;\n".encode()
    rows, messages = read(tmp_path, seed, data)
    assert messages == []
    assert rows[0].prescription.patient.name == "Łukasz"
    assert rows[0].prescription.drills == ("toe-yoga",)


def test_quoted_commas_and_newlines_in_notes_are_kept(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path,
        seed,
        'patient,article,notes\nAna,ankle-foot-mobility,"Ice, then rest.\nCall if worse."\n'
        "Ben,ankle-foot-mobility,\n",
    )
    assert messages == []
    assert rows[0].prescription.patient.notes == "Ice, then rest.\nCall if worse."
    assert rows[1].number == 3  # a spreadsheet shows the quoted newline inside one cell


def test_blank_lines_are_skipped_but_still_counted(tmp_path, seed) -> None:
    rows, messages = read(tmp_path, seed, "patient,article\nAna,ankle-foot-mobility\n\nBen,nope\n")
    assert [r.number for r in rows] == [2]
    assert messages == ["day.csv:4: error: unknown article 'nope'"]


def test_an_unknown_column_is_a_warning_with_a_hint(tmp_path, seed) -> None:
    _, messages = read(tmp_path, seed, "patient,article,therapst\nAna,ankle-foot-mobility,x\n")
    assert messages == [
        "day.csv:1: warning: unknown column 'therapst' is ignored (did you mean 'therapist'?)"
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        (",ankle-foot-mobility", "day.csv:2: error: patient is empty"),
        ("Ana,ankle-foot-mobilty", "day.csv:2: error: unknown article 'ankle-foot-mobilty'"),
        ("Ana,ankle-foot-mobility,2026-02-30", "day.csv:2: error: date '2026-02-30' is not a date"),
        ("Ana,ankle-foot-mobility,,toe-yogo", "day.csv:2: error: unknown drill 'toe-yogo'"),
        ("Ana,ankle-foot-mobility,,,toe-yoga=3", "day.csv:2: error: dose '3' is not understood"),
        (
            "Ana,ankle-foot-mobility,,,toe-yoga",
            "day.csv:2: error: a dose is not SLUG=SPEC",
        ),
        ("Ana,ankle-foot-mobility,,,,maybe", "day.csv:2: error: no_article must be yes or no"),
        ("Ana,ankle-foot-mobility,,,,,../x", "day.csv:2: error: file '../x' must be a plain file"),
    ],
)
def test_every_kind_of_bad_row_is_reported_by_number(tmp_path, seed, row, message) -> None:
    rows, messages = read(
        tmp_path, seed, f"patient,article,date,drills,doses,no_article,file\n{row}\n"
    )
    assert rows == []
    assert len(messages) == 1 and messages[0].startswith(message), messages


def test_two_rows_writing_one_file_are_refused(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path, seed, "patient,article\nAna,ankle-foot-mobility\nAna,ankle-foot-mobility\n"
    )
    assert len(rows) == 1
    assert messages == [  # a default file name holds the patient's name: never shown
        "day.csv:3: error: the same output file is also written by row 2; give a distinct 'file'"
    ]


def test_missing_required_columns_stop_before_any_row(tmp_path, seed) -> None:
    rows, messages = read(tmp_path, seed, "name,article\nAna,ankle-foot-mobility\n")
    assert rows == []
    assert (
        "day.csv:1: error: missing column: patient; the whole file was refused (1 row not read)"
        in messages
    )


def test_file_names_are_safe_and_findable() -> None:
    assert safe_name("Zoë O'Brien") == "zoe-obrien"
    assert safe_name("Łukasz Nowak") == "lukasz-nowak"
    assert safe_name("李 小龍") == "李-小龍"
    assert safe_name("../../etc/passwd") == "etc-passwd"


def test_an_oversized_cell_or_file_name_is_a_located_error(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path, seed, f"patient,article,notes\nAna,ankle-foot-mobility,{'x' * 140_000}\n"
    )
    assert rows == [] and messages[0].startswith("day.csv:2: error: not readable as CSV")
    rows, messages = read(
        tmp_path, seed, f"patient,article,file\nAna,ankle-foot-mobility,{'f' * 300}\n"
    )
    assert messages == ["day.csv:2: error: file name is longer than 200 bytes"]


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("ann\x1b[31m.pdf", "U+001B"),
        ("ann\x00.pdf", "U+0000"),
        ('"two\nlines.pdf"', "U+000A"),
        ("ann\u202efdp.exe", "U+202E"),
        ("ann\u200b.pdf", "U+200B"),
    ],
)
def test_a_file_name_with_control_or_invisible_characters_is_refused(
    tmp_path, seed, cell, shown
) -> None:
    rows, messages = read(tmp_path, seed, f"patient,article,file\nAna,ankle-foot-mobility,{cell}\n")
    assert rows == []
    assert messages == [f"day.csv:2: error: file contains the control character {shown}; remove it"]


def test_a_repeated_column_is_refused_naming_both(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path, seed, "patient,article,Patient\nAna,ankle-foot-mobility,Ben\nCy,x,Di\n"
    )
    assert rows == []
    assert messages == [
        "day.csv:1: error: column 'patient' appears twice (columns 1 and 3); keep one;"
        " the whole file was refused (2 rows not read)"
    ]


@pytest.mark.parametrize(
    "data",
    [
        # Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated
        "\ufeffpatient\tarticle\tdrills\r\nZoë\tankle-foot-mobility\ttoe-yoga\r\n".encode(
            "utf-16-le"
        ),
        "patient\tarticle\tdrills\nZoë\tankle-foot-mobility\ttoe-yoga\n".encode(),
        "sep=;\npatient;article;drills\nZoë;ankle-foot-mobility;toe-yoga\n".encode(),
        "sep=,\r\npatient,article,drills\r\nZoë,ankle-foot-mobility,toe-yoga\r\n".encode(),
        "patient,article,drills\rZoë,ankle-foot-mobility,toe-yoga\r".encode(),  # an old Mac's
    ],
    ids=["utf-16-tabs", "utf-8-tabs", "sep-semicolon", "sep-comma", "cr-lines"],
)
def test_spreadsheet_exports_are_read_as_they_come(tmp_path, seed, data) -> None:
    rows, messages = read(tmp_path, seed, data)
    assert messages == []
    (row,) = rows
    assert row.number == 2  # Excel hides a sep= line: the header is still row 1
    assert row.prescription.patient.name == "Zoë"
    assert row.prescription.drills == ("toe-yoga",)


def test_a_windows_1252_file_is_read_with_a_warning_naming_the_guess(tmp_path, seed) -> None:
    data = "patient,article\nAna,ankle-foot-mobility\nZoë Ñúñez,ankle-foot-mobility\n"
    rows, messages = read(tmp_path, seed, data.encode("cp1252"))
    assert [row.prescription.patient.name for row in rows] == ["Ana", "Zoë Ñúñez"]
    assert messages == [
        "day.csv:3: warning: file is not UTF-8 text; read as Windows-1252 (cp1252), a guess:"
        " check the accented letters in the handouts, or export it as CSV UTF-8"
    ]


def test_a_file_in_no_known_encoding_is_refused_whole_and_says_so(tmp_path, seed) -> None:
    lines = [f"P{n},ankle-foot-mobility" for n in range(8)]
    lines[3] += "\x81"  # undefined in Windows-1252 too
    data = ("patient,article\n" + "\n".join(lines) + "\n").encode("latin-1")
    rows, messages = read(tmp_path, seed, data)
    assert rows == []
    assert messages == [
        "day.csv:5: error: file is not UTF-8 text; export it as CSV UTF-8;"
        " the whole file was refused (8 rows not read)"
    ]


def test_default_file_names_are_cut_by_bytes_between_letters(tmp_path, seed) -> None:
    name = "\U00020000" * 70  # a valid 70-letter name of 4-byte letters
    rows, messages = read(
        tmp_path, seed, f"patient,article,date\n{name},ankle-foot-mobility,2026-11-24\n"
    )
    assert not [message for message in messages if ": error: " in message]
    file = rows[0].file
    assert len(file.encode()) <= 200
    assert file == "2026-11-24_" + "\U00020000" * 15 + "_ankle-foot-mobility.pdf"


def test_the_same_drill_twice_in_one_doses_cell_is_refused(tmp_path, seed) -> None:
    rows, messages = read(
        tmp_path,
        seed,
        "patient,article,drills,doses\nAna,ankle-foot-mobility,toe-yoga,toe-yoga=3x12;toe-yoga=4x10\n",
    )
    assert rows == []
    assert len(messages) == 1 and "toe-yoga" in messages[0], messages


def test_a_named_pipe_or_a_folder_given_as_the_csv_is_refused_without_waiting(
    tmp_path, seed
) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder.csv").mkdir()
    diagnostics = Diagnostics()
    with contextlib.chdir(tmp_path):
        assert read_roster(Path("pipe.csv"), seed, diagnostics).ready == 0
        assert read_roster(Path("folder.csv"), seed, diagnostics).ready == 0
    assert [str(d) for d in diagnostics.items] == [
        "pipe.csv: error: cannot read the file: it is a named pipe (FIFO), not a regular file",
        "folder.csv: error: cannot read the file: it is a folder, not a regular file",
    ]


def test_a_dose_with_a_number_of_thousands_of_digits_is_one_row_error(tmp_path, seed) -> None:
    """Python refuses to print an integer of more than 4,300 digits: a hex one got that far."""
    huge = "0x" + "F" * 4000
    rows, messages = read(
        tmp_path,
        seed,
        "patient,article,drills,doses\n"
        f'Ana,ankle-foot-mobility,toe-yoga,"toe-yoga={{sets: {huge}}}"\n',
    )
    assert rows == []
    assert len(messages) == 1 and messages[0].startswith("day.csv:2: error: dose '{sets: 0xFFF")
    assert "a number of 4002 digits" in messages[0]
