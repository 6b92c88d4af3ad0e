"""Pathological content finishes within seconds: it builds, or it is refused with a located error.

The limits (see SECURITY.md): content files 1 MB (clinic.yaml 256 KB), images 10 MB,
CSVs 10 MB; an article or drill text of at most 5,000 paragraphs, headings and list
items, lists nested at most 8 deep, emphasis at most 20, words of at most 2,000
characters; text fields at most 2,000 characters.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from handouts.build.site import BuildOptions, BuildReport, build_site
from handouts.diagnostics import Diagnostics
from handouts.load.loader import load_site
from handouts.load.markdown import MAX_BLOCKS, MAX_INLINE_DEPTH, MAX_LIST_DEPTH, MAX_WORD
from handouts.patients.roster import read_roster
from tests.support.sites import make_site

SECONDS = 20.0  # generous: every case here takes a few seconds at most on a small machine
HEAD = "---\ntitle: Calves\nsummary: Why calves matter.\ndrills: [calf-raise]\n---\n"
BODY_LINE = 6  # the first body line of an article written as HEAD + body


def build(tmp_path: Path, body: str) -> BuildReport:
    site = make_site(tmp_path / "site", {"articles/calves.md": HEAD + body})
    started = time.perf_counter()
    report = build_site(site, tmp_path / "out", BuildOptions(jobs=1))
    assert time.perf_counter() - started < SECONDS
    return report


def errors(report: BuildReport) -> list[str]:
    return [str(d) for d in report.diagnostics.errors]


def nested_items(count: int, depth: int) -> str:
    """`count` list items, nested in a staircase up to `depth` levels."""
    return "\n".join("  " * (n % depth) + f"- item {n}" for n in range(count))


def test_an_article_at_the_length_limit_builds(tmp_path: Path) -> None:
    report = build(tmp_path, nested_items(MAX_BLOCKS, 5))
    assert report.ok and len(report.built) == 5, errors(report)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (nested_items(10_000, 5), "10,000"),
        ("\n\n".join(f"Paragraph {n}." for n in range(10_000)), "10,000"),
        ("# Title\n\n" + "- a\n" * MAX_BLOCKS, f"{MAX_BLOCKS + 1:,}"),
    ],
    ids=["10000-nested-items", "10000-paragraphs", "one-over"],
)
def test_a_longer_article_is_refused_with_its_length(tmp_path: Path, body: str, count: str) -> None:
    report = build(tmp_path, body)
    assert errors(report) == [
        f"content/articles/calves.md:{BODY_LINE}: error: the text has {count} paragraphs,"
        f" headings and list items; the limit is {MAX_BLOCKS:,}: split it up"
    ]
    assert "handouts/calves.pdf" in report.failed


def test_a_word_at_the_limit_builds(tmp_path: Path) -> None:
    report = build(tmp_path, "x" * MAX_WORD + " and " + "https://clinic.test/" + "p" * 1900)
    assert report.ok, errors(report)


def test_a_100_kb_word_is_refused_at_its_line(tmp_path: Path) -> None:
    report = build(tmp_path, "First line.\n\n" + "w" * 100_000 + "\n")
    assert errors(report) == [
        f"content/articles/calves.md:{BODY_LINE + 2}: error: a word or link is longer than"
        f" {MAX_WORD:,} characters"
    ]


def test_lists_as_deep_as_allowed_build(tmp_path: Path) -> None:
    report = build(tmp_path, "- " * MAX_LIST_DEPTH + "deepest\n\n1. " + "1. " * 7 + "x")
    assert report.ok, errors(report)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("- " * 2_000 + "deep", BODY_LINE + 2),
        (
            "\n".join("  " * n + "- deeper" for n in range(MAX_LIST_DEPTH + 1)),
            BODY_LINE + 2 + MAX_LIST_DEPTH,
        ),
    ],
    ids=["2000-levels-on-one-line", "one-level-too-deep"],
)
def test_a_list_nested_too_deeply_is_refused_where_it_goes_too_deep(
    tmp_path: Path, body: str, line: int
) -> None:
    report = build(tmp_path, "Intro.\n\n" + body)
    assert errors(report) == [
        f"content/articles/calves.md:{line}: error: lists are nested too deeply here:"
        f" at most {MAX_LIST_DEPTH} levels"
    ]


def test_a_deep_quote_is_refused_not_silently_cut(tmp_path: Path) -> None:
    """markdown-it stops reading at nesting level 20 and drops the rest of the text."""
    report = build(tmp_path, "> " * 30 + "quoted\n\nThe text after the quote.")
    assert errors(report) == [
        f"content/articles/calves.md:{BODY_LINE}: error: lists are nested too deeply here:"
        f" at most {MAX_LIST_DEPTH} levels"
    ]


def test_emphasis_as_deep_as_allowed_builds(tmp_path: Path) -> None:
    depth = MAX_INLINE_DEPTH - 1
    report = build(tmp_path, "*very " * depth + "slowly" + " down*" * depth)
    assert report.ok, errors(report)


@pytest.mark.parametrize("depth", [MAX_INLINE_DEPTH + 1, 1_000, 5_000])
def test_deeper_emphasis_is_refused_at_its_line(tmp_path: Path, depth: int) -> None:
    report = build(tmp_path, "Intro.\n\n" + "*very " * depth + "slowly" + " down*" * depth)
    assert errors(report) == [
        f"content/articles/calves.md:{BODY_LINE + 2}: error: emphasis is nested too deeply"
        f" here: at most {MAX_INLINE_DEPTH} levels"
    ]


def test_deeply_nested_yaml_is_refused(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, {"articles/calves.md": HEAD.replace("drills:", f"x: {'[' * 10_000}\ndrills:")}
    )
    started = time.perf_counter()
    result = load_site(site)
    assert time.perf_counter() - started < SECONDS
    assert [str(d) for d in result.diagnostics.errors] == [
        "content/articles/calves.md:2: error: YAML is nested too deeply"
    ]


def test_an_overlong_equipment_entry_is_refused(tmp_path: Path) -> None:
    drill = "---\nname: A\ngoal: B\ndosage: {sets: 1, reps: 1}\nequipment: [" + "w" * 2_001
    site = make_site(tmp_path, {"drills/calf-raise.md": drill + "]\n---\nDo it.\n"})
    expected = (
        "content/drills/calf-raise.md:5:1: error: an entry of 'equipment' is longer than"
        " 2000 characters"
    )
    assert expected in [str(d) for d in load_site(site).diagnostics.errors]


def test_a_csv_over_10_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    csv = tmp_path / "day.csv"
    with csv.open("wb") as handle:
        handle.truncate(10 * 2**20 + 1)
    diagnostics = Diagnostics()
    assert read_roster(csv, load_site(site), diagnostics).ready == 0
    assert [str(d) for d in diagnostics.errors] == [f"{csv}:1: error: file is larger than 10 MB"]
