"""Personalised handouts in bulk: a generated day's CSV through `handouts batch`.

    python bench/patients.py [--rows 1000]
    python bench/patients.py --memory     # peak memory at 1,000 and at 10,000 rows

Rows mix what a clinic prints: the full article with the patient's drills and doses,
and drills-only home exercise sheets, with notes on some. Each run is a whole
`handouts batch` process; memory is the peak of the process and its workers.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

from measure import REPO, measure

DRILLS = ["heel-elevated-squat-rock", "foot-pronation-wall-glide", "toe-yoga"]
FIRST = ["Ana", "Ben", "Zoë", "Łukasz", "Priya", "Kwame", "Mei", "Sean", "Ola", "Iñigo"]
LAST = ["O'Brien", "Silva", "Nowak", "Okafor", "Tanaka", "García", "Smith", "Haddad"]


def write_csv(path: Path, rows: int, sheets: float) -> None:
    """`rows` patients; a share `sheets` of them get a drills-only sheet."""
    chance = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["patient", "article", "therapist", "date", "drills", "doses", "notes", "no_article"]
        )
        for number in range(rows):
            drills = chance.sample(DRILLS, chance.randint(1, 3))
            doses = ";".join(
                f"{d}={chance.randint(1, 4)}x{chance.randint(5, 15)}" for d in drills[:1]
            )
            notes = "Ice after running.\nCall if pain increases." if number % 3 == 0 else ""
            out.writerow([
                f"{chance.choice(FIRST)} {chance.choice(LAST)} {number}",
                "ankle-foot-mobility",
                "Dr Lee",
                "2026-11-24",
                " ".join(drills),
                doses,
                notes,
                "yes" if chance.random() < sheets else "no",
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--memory", action="store_true", help="peaks at 1,000 and 10,000 rows")
    args = parser.parse_args()
    if args.memory:
        memory()
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{args.rows} personalised handouts of the seed article")
        for label, sheets in (("full handouts", 0.0), ("mixed, half drills-only", 0.5)):
            day = Path(tmp) / f"{sheets}.csv"
            write_csv(day, args.rows, sheets)
            for jobs in ("1", "2"):
                out = Path(tmp) / f"out-{sheets}-{jobs}"
                command = [sys.executable, str(REPO / "cli.py"), "batch", str(day), "--quiet"]
                seconds, peak, summary = measure(
                    [*command, "--out", str(out), "--jobs", jobs, "--site", str(REPO)]
                )
                print(
                    f"  {label:<24} --jobs {jobs}: {seconds:6.2f} s,"
                    f" {args.rows / seconds:6.1f} handouts/s, peak {peak / 2**20:4.0f} MB"
                    f"  [{summary}]"
                )
        print("  goal: 1,000 handouts in under 10 s with --jobs 2")


def memory() -> None:
    """Each handout is written as it comes, so the peak must not grow with the rows."""
    with tempfile.TemporaryDirectory() as tmp:
        print("batch peak memory by rows (--jobs 2, full handouts)")
        for rows in (1_000, 10_000):
            day = Path(tmp) / f"{rows}.csv"
            write_csv(day, rows, 0.0)
            out = Path(tmp) / f"out-{rows}"
            command = [sys.executable, str(REPO / "cli.py"), "batch", str(day), "--quiet"]
            seconds, peak, summary = measure(
                [*command, "--out", str(out), "--jobs", "2", "--site", str(REPO)]
            )
            print(f"  {rows:>6} rows: {seconds:7.2f} s, peak {peak / 2**20:4.0f} MB  [{summary}]")


if __name__ == "__main__":
    main()
