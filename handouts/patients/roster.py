"""A day's list of patients, as a spreadsheet exports it, into prescriptions.

Every row is validated before anything is rendered, so a typo in row 900 is reported
before 899 PDFs are made. Rows are named by their spreadsheet number (the header is
row 1) and never by the patient, whose name must not reach logs. The rows are not kept:
they are read again from the file's text each time they are walked, so a list of any
length costs the memory of its text and of one row at a time.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostics, Location, did_you_mean, plural
from ..fonts import missing
from ..freetext import describe_control
from ..load.files import NotRegular, TooLarge, read_regular
from ..load.loader import LoadResult
from ..model import Site
from .prescription import (
    Prescription,
    PrescriptionError,
    in_language,
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
    "lang",
)
REQUIRED = ("patient", "article")
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_FILE_NAME = 200  # bytes; file systems stop at 255
MAX_NAME_PART = 60  # bytes of the patient's name in a default file name
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    prescription: Prescription
    file: str  # output file name, relative to the out folder


@dataclass(frozen=True)
class _Table:
    """A CSV's text and how to read it."""

    text: str
    delimiter: str
    header: list[str]  # the column names, as COLUMNS spells them

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, cells by column) of each row under the header, blank lines left out."""
        reader = csv.reader(_lines(self.text), delimiter=self.delimiter)
        next(reader, None)
        for number, record in enumerate(reader, start=2):
            if any(cell.strip() for cell in record):
                yield (
                    number,
                    {
                        name: record[i] if i < len(record) else ""
                        for i, name in enumerate(self.header)
                    },
                )


@dataclass
class Roster:
    """What a CSV gave: how many rows are ready, how many were refused one by one, and
    the ready rows, read again from the text at each walk."""

    ready: int = 0
    skipped: int = 0  # rows with errors; 0 also when the file was refused as a whole
    table: _Table | None = None
    refused: set[int] = field(default_factory=set)  # row numbers
    site: Site | None = None  # whose articles a row's language chooses among

    def rows(self) -> Iterator[Row]:
        if self.table is None or self.site is None:
            return
        for number, cells in self.table.records():
            if number not in self.refused:
                yield _row(number, cells, self.site)


def read_roster(path: Path, loaded: LoadResult, diagnostics: Diagnostics) -> Roster:
    """The CSV at `path`, its rows validated; every bad row is reported and left out.

    Messages name the file as given and the row by number, never the patient. A file
    that cannot be read as a table is refused whole, and the message says so."""
    where = str(path)
    assert loaded.site is not None
    site = loaded.site
    try:
        data = read_regular(path, MAX_CSV_BYTES)
    except TooLarge:
        diagnostics.error(Location(where, 1), f"file is larger than {MAX_CSV_BYTES // 2**20} MB")
        return Roster()
    except NotRegular as exc:
        diagnostics.error(Location(where), f"cannot read the file: it {exc}")
        return Roster()
    except OSError as exc:
        diagnostics.error(Location(where), f"cannot read the file: {exc.strerror}")
        return Roster()
    try:
        text = _decode(data, where, diagnostics)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        held = _rows_held(data.decode("utf-8", errors="replace"))
        diagnostics.error(
            Location(where, line),
            "file is not UTF-8 text; export it as CSV UTF-8" + _refused(held),
        )
        return Roster()
    text, delimiter = _dialect(text)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:  # read through once, keeping only the header: a broken file is refused whole
        first = next(reader, [])
        held = sum(1 for record in reader if any(cell.strip() for cell in record))
    except csv.Error as exc:  # e.g. a cell larger than the csv module accepts
        diagnostics.error(
            Location(where, reader.line_num),
            f"not readable as CSV: {exc}; the whole file was refused",
        )
        return Roster()
    if not any(cell.strip() for cell in first):
        diagnostics.error(Location(where, 1), "the first row must name the columns")
        return Roster()
    header = [cell.strip().lower().replace(" ", "_") for cell in first]
    if repeated := _repeated(header):
        diagnostics.error(Location(where, 1), repeated + _refused(held))
        return Roster()
    for index, name in enumerate(header):
        if name not in COLUMNS:
            diagnostics.warning(
                Location(where, 1),
                f"unknown column '{first[index].strip()}' is ignored" + did_you_mean(name, COLUMNS),
            )
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        diagnostics.error(
            Location(where, 1), f"missing column: {', '.join(absent)}" + _refused(held)
        )
        return Roster()

    table = _Table(text, delimiter, header)
    roster = Roster(table=table, site=site)
    used_files: dict[str, int] = {}
    for number, cells in table.records():
        try:
            row = _row(number, cells, site)
            usable(loaded, row.prescription)  # before personalise: it names broken content
            personalise(site, row.prescription)  # the article, the drills and the doses
        except PrescriptionError as exc:
            diagnostics.error(Location(where, number), str(exc))
            roster.skipped += 1
            roster.refused.add(number)
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
            roster.skipped += 1
            roster.refused.add(number)
            continue
        used_files[row.file] = number
        roster.ready += 1
    return roster


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their line ends (LF, CRLF or an old Mac's CR), one at a
    time, as the csv module reads a file opened with newline="": a StringIO would hold a
    copy of the whole text, at four bytes a character once a name has an accent."""
    for line in _LINE.finditer(text):
        yield line.group()


def _decode(data: bytes, where: str, diagnostics: Diagnostics) -> str:
    """The text of a spreadsheet export: UTF-8 (with or without a BOM), UTF-16 with its
    BOM (Excel's "Unicode text"), or else Windows-1252 (older Excel's "CSV"), which is
    a guess and so a warning; UnicodeDecodeError when it is none of these."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise exc from None
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.warning(
            Location(where, line),
            "file is not UTF-8 text; read as Windows-1252 (cp1252), a guess: check the"
            " accented letters in the handouts, or export it as CSV UTF-8",
        )
        return text


def _dialect(text: str) -> tuple[str, str]:
    """(text, delimiter): Excel's `sep=;` first line says the delimiter (and, as Excel
    does, is not counted as a row); else the header line tells: tabs, semicolons (in
    many locales) or commas."""
    first, _, rest = text.partition("\n")
    if match := re.fullmatch(r"\s*sep=(.)\s*", first, re.IGNORECASE):
        return rest, match.group(1)
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return text, max(counts, key=lambda sep: (counts[sep], sep == ","))


def _repeated(header: list[str]) -> str | None:
    """A message naming a column that appears twice, or None: one would silently win."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name in COLUMNS and name in seen:
            return f"column '{name}' appears twice (columns {seen[name]} and {index}); keep one"
        seen.setdefault(name, index)
    return None


def _rows_held(text: str) -> int:
    """How many rows under the header a file holds, read as leniently as possible."""
    return sum(1 for line in text.splitlines()[1:] if line.strip())


def _refused(held: int) -> str:
    return f"; the whole file was refused ({plural(held, 'row')} not read)"


def _row(number: int, cells: dict[str, str], site: Site) -> Row:
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
        lang=cells.get("lang"),
    )
    file = cells.get("file", "").strip()
    if file:
        # A control character (a line break, ESC) or an invisible one (U+200B, U+202E, …)
        # would hide or garble what the name shows, on a terminal and in a folder.
        if hidden := next((ch for ch in file if unicodedata.category(ch) in ("Cc", "Cf")), ""):
            raise PrescriptionError(f"file contains {describe_control(hidden)}")
        if "/" in file or "\\" in file or file.startswith("."):
            raise PrescriptionError(f"file '{file}' must be a plain file name")
        if len(file.encode()) > MAX_FILE_NAME:
            raise PrescriptionError(f"file name is longer than {MAX_FILE_NAME} bytes")
        if not file.lower().endswith(".pdf"):
            file += ".pdf"
    else:
        file = default_file_name(
            prescription, in_language(prescription.article, prescription.lang, site.articles)
        )
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


def default_file_name(prescription: Prescription, article: str) -> str:
    """date_patient_article.pdf, in letters any file system and any person can handle.

    `article` is the slug of the article printed, a translation's with its language
    ("ankle-foot-mobility.es"): a patient's handouts in two languages are two files."""
    patient = prescription.patient
    parts = [
        patient.date.isoformat() if patient.date else None,
        safe_name(patient.name or "") or None,
        article + ("-exercises" if prescription.no_article else ""),
    ]
    stem = "_".join(part for part in parts if part)
    return _cut(stem, MAX_FILE_NAME - len(".pdf")) + ".pdf"


def safe_name(text: str) -> str:
    """Latin letters folded to ASCII ("Zoë O'Brien" -> "zoe-obrien"); other scripts kept,
    whole letters only, in at most MAX_NAME_PART bytes (file systems count bytes)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("ł", "l").replace("Ł", "L").replace("'", "").replace("’", "")
    words = re.findall(r"\w+", folded.lower())
    return _cut(unicodedata.normalize("NFC", "-".join(words)), MAX_NAME_PART).strip("-")


def _cut(text: str, limit: int) -> str:
    """`text` in at most `limit` bytes of UTF-8, cut between characters."""
    return text.encode()[:limit].decode(errors="ignore")
