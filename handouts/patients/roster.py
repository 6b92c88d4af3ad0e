"""A day's list of patients, as a spreadsheet exports it, into prescriptions.

Every row is validated before anything is rendered, so a typo in row 900 is reported
before 899 PDFs are made. Rows are named by their spreadsheet number (the header is
row 1) and never by the patient, whose name must not reach logs.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, Location, did_you_mean
from ..fonts import missing
from ..load.loader import LoadResult
from .prescription import (
    Prescription,
    PrescriptionError,
    parse_date,
    personalise,
    prescribe,
    usable,
)

COLUMNS = (
    "patient",
    "article",
    "therapist",
    "date",
    "drills",
    "doses",
    "drill_notes",
    "notes",
    "no_article",
    "file",
)
REQUIRED = ("patient", "article")
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_FILE_NAME = 200  # bytes; file systems stop at 255
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    prescription: Prescription
    file: str  # output file name, relative to the out folder


def read_roster(path: Path, loaded: LoadResult, diagnostics: Diagnostics) -> list[Row]:
    """The valid rows of the CSV at `path`; every bad row is reported and left out.

    Messages name the file as given and the row by number, never the patient."""
    where = str(path)
    assert loaded.site is not None
    site = loaded.site
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(where), f"cannot read the file: {exc.strerror}")
        return []
    if len(data) > MAX_CSV_BYTES:
        diagnostics.error(Location(where, 1), f"file is larger than {MAX_CSV_BYTES // 2**20} MB")
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(Location(where, line), "file is not UTF-8 text; export it as CSV UTF-8")
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        records = list(reader)
    except csv.Error as exc:  # e.g. a cell larger than the csv module accepts
        diagnostics.error(Location(where, reader.line_num), f"not readable as CSV: {exc}")
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        diagnostics.error(Location(where, 1), "the first row must name the columns")
        return []
    header = [cell.strip().lower().replace(" ", "_") for cell in records[0]]
    for index, name in enumerate(header):
        if name not in COLUMNS:
            diagnostics.warning(
                Location(where, 1),
                f"unknown column '{records[0][index].strip()}' is ignored"
                + did_you_mean(name, COLUMNS),
            )
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        diagnostics.error(Location(where, 1), f"missing column: {', '.join(absent)}")
        return []

    rows: list[Row] = []
    used_files: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line between rows
        cells = {name: record[i] if i < len(record) else "" for i, name in enumerate(header)}
        try:
            row = _row(number, cells)
            usable(loaded, row.prescription)  # before personalise: it names broken content
            personalise(site, row.prescription)  # the article, the drills and the doses
        except PrescriptionError as exc:
            diagnostics.error(Location(where, number), str(exc))
            continue
        patient = row.prescription.patient
        for field_name, value in (
            ("patient", patient.name),
            ("therapist", patient.therapist),
            ("notes", patient.notes),
        ):
            if value and missing(value.replace("\n", " ")):
                diagnostics.warning(
                    Location(where, number),
                    f"{field_name} has characters the PDF font lacks;"
                    " they print as declared fallbacks",
                )
        if row.file in used_files:
            # A default file name holds the patient's name: only a chosen one is shown.
            chosen = (cells.get("file") or "").strip()
            what = f"output file '{row.file}'" if chosen else "the same output file"
            diagnostics.error(
                Location(where, number),
                f"{what} is also written by row {used_files[row.file]}; give a distinct 'file'",
            )
            continue
        used_files[row.file] = number
        rows.append(row)
    return rows


def _delimiter(text: str) -> str:
    """Spreadsheets in many locales export with semicolons: go by the header line."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _row(number: int, cells: dict[str, str]) -> Row:
    if not (cells.get("patient") or "").strip():
        raise PrescriptionError("patient is empty")
    flag = cells.get("no_article", "").strip().lower()
    if flag not in YES | NO:
        raise PrescriptionError(f"no_article must be yes or no, not '{cells['no_article']}'")
    drills = cells.get("drills", "").strip()
    prescription = prescribe(
        cells["article"],
        patient=cells.get("patient"),
        therapist=cells.get("therapist"),
        date=parse_date(cells["date"]) if cells.get("date", "").strip() else None,
        drills=tuple(re.split(r"[\s;,]+", drills)) if drills else None,
        doses=_pairs(cells.get("doses", "")),
        drill_notes=_pairs(cells.get("drill_notes", "")),
        notes=cells.get("notes"),
        no_article=flag in YES,
    )
    file = cells.get("file", "").strip()
    if file:
        if "/" in file or "\\" in file or file.startswith("."):
            raise PrescriptionError(f"file '{file}' must be a plain file name")
        if len(file.encode()) > MAX_FILE_NAME:
            raise PrescriptionError(f"file name is longer than {MAX_FILE_NAME} bytes")
        if not file.lower().endswith(".pdf"):
            file += ".pdf"
    else:
        file = default_file_name(prescription)
    return Row(number, prescription, file)


def _pairs(cell: str) -> tuple[str, ...]:
    """`slug=value;slug=value`, where a value may be a `{…}` dose holding semicolons."""
    pairs, depth, start = [], 0, 0
    for index, char in enumerate(cell + ";"):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            pairs.append(cell[start:index].strip())
            start, depth = index + 1, 0
    return tuple(pair for pair in pairs if pair)


def default_file_name(prescription: Prescription) -> str:
    """date_patient_article.pdf, in letters any file system and any person can handle."""
    patient = prescription.patient
    parts = [
        patient.date.isoformat() if patient.date else None,
        safe_name(patient.name or "") or None,
        prescription.article + ("-exercises" if prescription.no_article else ""),
    ]
    return "_".join(part for part in parts if part) + ".pdf"


def safe_name(text: str) -> str:
    """Latin letters folded to ASCII ("Zoë O'Brien" -> "zoe-obrien"); other scripts kept."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("ł", "l").replace("Ł", "L").replace("'", "").replace("’", "")
    words = re.findall(r"\w+", folded.lower())
    return "-".join(words)[:60].strip("-")
