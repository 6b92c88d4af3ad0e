"""The dose grammar: what a therapist may write, the limits, and the words a patient reads.

Content files, `--dose` and CSV cells share one parser, so these cases hold for all three.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from handouts.dosage import (
    KEYS,
    LIMITS,
    DoseError,
    describe,
    dosage_from_mapping,
    parse_count,
    parse_measure,
    prescribed,
    spec_mapping,
    to_mapping,
    to_spec,
)
from handouts.model import AsManyAsYouCan, Dosage, Frequency, Measure, Range, Side

# The wording a patient reads: also checked in the PDF, the HTML and the text part
# (tests/pdf/test_doses.py and tests/newsletter/test_doses.py).
WORDING = [
    ({"sets": "2-3", "reps": "8-10", "note": "slow"}, "2–3 sets of 8–10 reps, slow"),
    ({"hold": 30, "reps": 3}, "Hold 30 seconds, 3 times"),
    ({"sets": 3, "hold": 30}, "Hold 30 seconds, 3 times"),
    ({"duration": "10 min"}, "10 minutes"),
    ({"sets": 3, "reps": 10, "side": "each"}, "3 sets of 10 reps on each side"),
    ({"reps": "10-20"}, "10–20 reps"),
    ({"sets": 3, "reps": "max"}, "3 sets of as many reps as you can"),
    ({"reps": 4, "distance": "400 m", "rest": "90s"}, "4 × 400 m, rest 90 seconds"),
    (
        {"sets": 3, "reps": 12, "load": "5 kg", "side": "left"},
        "3 sets of 12 reps, left side only, 5 kg",
    ),
    (
        {"sets": 3, "reps": 12, "frequency": {"times_per_day": 2}},
        "3 sets of 12 reps, twice a day",
    ),
    (
        {"sets": 3, "reps": 12, "frequency": {"days_per_week": 3}},
        "3 sets of 12 reps, 3 days a week",
    ),
    ({"hold": "30-60 s", "reps": 3, "side": "each"}, "Hold 30–60 seconds, 3 times on each side"),
    ({"hold": "1 min"}, "Hold 1 minute"),
    ({"hold": "0.5-1 min"}, "Hold 0.5–1 minutes"),
    ({"sets": 3, "reps": 1, "hold": 30}, "Hold 30 seconds, 3 times"),
    (
        {"reps": 8, "frequency": {"times_per_day": 3, "days_per_week": 1}},
        "8 reps, 3 times a day, 1 day a week",
    ),
    ({"sets": 2, "reps": 10, "hold": 5}, "2 sets of 10 reps, holding each 5 seconds"),
    ({"reps": 10, "per_side": True}, "10 reps on each side"),
    (
        {"reps": 12, "side": "alternating", "tempo": "3-1-1"},
        "12 reps, alternating sides, tempo 3-1-1",
    ),
    ({"duration": "1-2 min", "frequency": "every hour"}, "1–2 minutes, every hour"),
    ({"distance": "0.5 mi"}, "0.5 miles"),
    ({"distance": "1 km", "duration": "10 min"}, "1 km in 10 minutes"),
    ({"reps": "max", "load": "bodyweight"}, "As many reps as you can, bodyweight"),
    ({"sets": 3, "duration": "90 s", "rest": "1 min"}, "3 sets of 90 seconds, rest 1 minute"),
    ({"hold": 20, "duration": "5 min"}, "Hold 20 seconds at a time, for 5 minutes"),
    ({"reps": 10, "frequency": {"every_other_day": True}}, "10 reps, every other day"),
]


def dose(mapping: dict[str, Any]) -> Dosage:
    problems: list[str] = []
    dosage = dosage_from_mapping(mapping, lambda key, message: problems.append(message))
    assert dosage is not None, problems
    return dosage


def problems_of(mapping: dict[str, Any]) -> list[tuple[object, str]]:
    found: list[tuple[object, str]] = []
    assert dosage_from_mapping(mapping, lambda k, m: found.append((k, m)), "dosage.") is None
    return found


@pytest.mark.parametrize(("mapping", "printed"), WORDING)
def test_a_dose_prints_the_way_a_patient_reads_it(mapping: dict[str, Any], printed: str) -> None:
    assert describe(dose(mapping)) == printed


def test_one_set_is_the_default_and_never_printed() -> None:
    assert dose({"reps": 10}).sets == Range(1, 1)
    assert "set" not in describe(dose({"sets": 1, "reps": 10}))


def test_the_short_form_of_the_design_stays_valid() -> None:
    old = dose({"sets": "2–3", "reps": "8-10", "hold": 30, "per_side": False, "frequency": "daily"})
    assert old == Dosage(
        sets=Range(2, 3),
        reps=Range(8, 10),
        hold=Measure(Decimal(30), Decimal(30), "s"),
        frequency=Frequency("daily"),
    )


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        (3, "sets", Range(3, 3)),
        ("2-3", "sets", Range(2, 3)),
        ("8–12", "reps", Range(8, 12)),
        (" 10 — 20 ", "reps", Range(10, 20)),
    ],
)
def test_a_count_is_a_number_or_two_with_any_dash(
    value: object, field: str, expected: Range
) -> None:
    assert parse_count(value, field) == expected


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        (30, "hold", Measure(Decimal(30), Decimal(30), "s")),
        ("45 sec", "hold", Measure(Decimal(45), Decimal(45), "s")),
        ("1-2 min", "hold", Measure(Decimal(1), Decimal(2), "min")),
        ("90 s", "duration", Measure(Decimal(90), Decimal(90), "s")),
        ("1 h", "duration", Measure(Decimal(1), Decimal(1), "h")),
        ("400 m", "distance", Measure(Decimal(400), Decimal(400), "m")),
        ("0,5 km", "distance", Measure(Decimal("0.5"), Decimal("0.5"), "km")),
        ("1 mile", "distance", Measure(Decimal(1), Decimal(1), "mi")),
    ],
)
def test_times_and_distances_keep_the_unit_they_were_written_in(
    value: object, field: str, expected: Measure
) -> None:
    assert parse_measure(value, field) == expected


@pytest.mark.parametrize(
    ("mapping", "key", "message"),
    [
        ({"sets": 0, "reps": 3}, "sets", "'dosage.sets' must be at least 1"),
        ({"sets": "3-2", "reps": 3}, "sets", "runs backwards"),
        ({"sets": 21, "reps": 3}, "sets", "more than 20 sets"),
        ({"reps": 2000}, "reps", "'dosage.reps' of 2000 is more than 500 reps"),
        ({"reps": "lots"}, "reps", "or max"),
        ({"reps": "1" * 5000}, "reps", "whole number"),  # never handed to int()
        ({"reps": True}, "reps", "whole number"),
        ({"hold": "0 s"}, "hold", "more than 0"),
        ({"hold": "11 min"}, "hold", "more than 10 minutes"),
        ({"hold": "30 kg"}, "hold", "unit 'kg'"),
        ({"duration": "5 h"}, "duration", "more than 4 hours"),
        ({"distance": "400"}, "distance", "unit"),
        ({"distance": "60 km"}, "distance", "more than 50 km"),
        ({"reps": 3, "rest": "20 min"}, "rest", "more than 15 minutes"),
        ({"hold": 90, "duration": "1 min"}, "hold", "longer than the duration"),
        ({"reps": 3, "hold": 10, "duration": "5 min"}, "duration", "ambiguous"),
        ({"sets": 3, "hold": 10, "duration": "5 min"}, "duration", "ambiguous"),
        ({"hold": 30, "distance": "400 m"}, "hold", "give one of them"),
        ({"reps": "max", "duration": "10 min"}, "reps", "give a number"),
        ({"reps": 3, "load": 5}, "load", "needs its unit"),
        ({"reps": 3, "side": "both sides"}, "side", "one of: both, each, left"),
        ({"reps": 3, "side": "each", "per_side": True}, "per_side", "not both"),
        ({"reps": 3, "per_side": "yes"}, "per_side", "true or false"),
        ({"reps": 3, "frequency": {"times_per_day": 13}}, "frequency", "more than 12"),
        ({"reps": 3, "frequency": {"days_per_week": 0}}, "frequency", "at least 1"),
        ({"reps": 3, "frequency": {"every_day": True}}, "frequency", "unknown key"),
        ({"reps": 3, "frequency": {}}, "frequency", "is empty"),
        ({"reps": 3, "note": "a\x1bb"}, "note", "control character"),
        ({"reps": 3, "load": "x" * 121}, "load", "longer than 120"),
        ({"reps": 3, "weight": "5 kg"}, "weight", "unknown key 'dosage.weight'"),
        ({"reps": 3, "repz": 3}, "repz", "did you mean 'reps'"),
        ({"sets": 3}, None, "needs 'reps', 'hold', 'duration' or 'distance'"),
        ({"reps": None}, "reps", "'dosage.reps' is empty"),
    ],
)
def test_an_impossible_dose_is_refused_at_its_key(
    mapping: dict[str, Any], key: object, message: str
) -> None:
    found = problems_of(mapping)
    assert any(k == key and message in m for k, m in found), found


def test_every_dose_field_with_a_number_has_one_limit() -> None:
    numeric = {"sets", "reps", "hold", "duration", "distance", "rest"}
    assert numeric <= set(LIMITS) and numeric <= set(KEYS)


@pytest.mark.parametrize(
    ("text", "per_day", "per_week", "other_day"),
    [
        ("daily", 1, 7, False),
        ("twice a day", 2, 7, False),
        ("2x/day", 2, 7, False),
        ("3 times a day", 3, 7, False),
        ("morning and evening", 2, 7, False),
        ("3 days a week", 1, 3, False),
        ("twice a week", 1, 2, False),
        ("every other day", 1, 7, True),
        ("every 2 days", 1, 7, True),
        ("2x daily", 2, 7, False),
        ("3 times daily", 3, 7, False),
        ("BID", 2, 7, False),
        ("3 times weekly", 1, 3, False),
        ("before your run", 1, 7, False),
    ],
)
def test_a_written_frequency_is_read_for_the_tick_boxes(
    text: str, per_day: int, per_week: int, other_day: bool
) -> None:
    frequency = dose({"reps": 3, "frequency": text}).frequency
    assert frequency == Frequency(text, per_day, per_week, other_day)
    assert describe(dose({"reps": 3, "frequency": text})) == f"3 reps, {text}"


@pytest.mark.parametrize(
    ("spec", "mapping"),
    [
        ("3x10", {"sets": "3", "reps": "10"}),
        ("3x10/side", {"sets": "3", "reps": "10", "side": "each"}),
        ("2-3x8-10", {"sets": "2-3", "reps": "8-10"}),
        ("2–3 × 8–10", {"sets": "2–3", "reps": "8–10"}),
        ("3x30s", {"sets": "3", "hold": "30 s"}),
        ("1X45 seconds", {"sets": "1", "hold": "45 seconds"}),
        ("10min", {"duration": "10 min"}),
        ("3x2min", {"sets": "3", "duration": "2 min"}),
        ("4x400m", {"reps": "4", "distance": "400 m"}),
        ("3xmax", {"sets": "3", "reps": "max"}),
        ("{sets: 3, reps: 10, side: each}", {"sets": 3, "reps": 10, "side": "each"}),
    ],
)
def test_a_prescription_is_typed_short_or_as_a_mapping(spec: str, mapping: dict[str, Any]) -> None:
    assert spec_mapping(spec) == mapping


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("3x", "not understood"),
        ("5x12kg", "kg is not a unit"),
        ("3xmaxs", "'max' takes no unit"),
        ("{sets: 3", "not a YAML mapping"),
        ("{x: !!timestamp foo}", "invalid value 'foo'"),  # a tag content files refuse too
        ("{sets: 3, sets: 4, reps: 2}", "duplicate key 'sets'"),
        ("{a: " + "[" * 3000 + "}", "not a YAML mapping"),  # never a RecursionError
        ("[3, 10]", "not understood"),
        ("{sets: 3, reps: 900}", "more than 500 reps"),
        ("{sets: 3, reps: 10, speed: fast}", "unknown key 'speed'"),
    ],
)
def test_a_prescription_that_cannot_be_read_says_why(spec: str, message: str) -> None:
    with pytest.raises(DoseError, match=message):
        prescribed(spec, dose({"reps": 5}))


def test_a_prescription_replaces_the_amounts_and_keeps_the_rest() -> None:
    drill = dose({"sets": 2, "reps": 8, "side": "each", "frequency": "daily", "note": "slow"})
    assert (
        describe(prescribed("3x30s", drill)) == "Hold 30 seconds, 3 times on each side, slow, daily"
    )
    assert prescribed("{frequency: twice a day}", drill).reps == Range(8, 8)
    assert prescribed("{reps: 10, side: left}", drill).side is Side.LEFT
    assert prescribed("3xmax", drill).reps == AsManyAsYouCan()


# --- any dose the grammar accepts prints, and survives the trip through `--dose` -----------

counts = st.integers(1, 20).flatmap(lambda low: st.sampled_from([low, f"{low}-{low + 2}"]))
times = st.sampled_from(["30", "45 sec", "1-2 min", "90 s", "0.5 min", "10 s"])
texts = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=30
).filter(lambda t: t.strip())
frequencies = st.one_of(
    texts,
    st.fixed_dictionaries(
        {}, optional={"times_per_day": st.integers(1, 12), "days_per_week": st.integers(1, 7)}
    ).filter(bool),
    st.just({"every_other_day": True}),
)
mappings = st.fixed_dictionaries(
    {},
    optional={
        "sets": counts,
        "reps": st.one_of(counts, st.just("max")),
        "hold": times,
        "distance": st.sampled_from(["400 m", "1 km", "0.5 mi", "100 yd"]),
        "rest": times,
        "load": texts,
        "tempo": texts,
        "side": st.sampled_from([s.value for s in Side]),
        "frequency": frequencies,
        "note": texts,
    },
)


@given(mappings)
def test_every_accepted_dose_prints_and_round_trips_through_the_full_dose_form(
    mapping: dict[str, Any],
) -> None:
    dosage = dosage_from_mapping(mapping, lambda key, message: None)
    if dosage is None:
        return
    assert describe(dosage).strip()
    assert not describe(dosage).startswith("1 set")
    spec = to_spec(dosage)
    assert "\n" not in spec
    assert yaml.safe_load(spec) == to_mapping(dosage)
    assert prescribed(spec, dose({"reps": 1})) == dosage


# --- every output says the same words ------------------------------------------------------


@pytest.fixture(scope="module")
def worded_site(tmp_path_factory: pytest.TempPathFactory):
    """One drill per row of WORDING, in articles of ten drills ("a0", "a1", …)."""
    from handouts.load import load_site
    from tests.support.sites import make_site

    files: dict[str, str | bytes] = {}
    for number, (mapping, _) in enumerate(WORDING):
        files[f"drills/d{number}.md"] = (
            f"---\nname: Drill {number}\ngoal: A goal.\ndosage: {to_spec(dose(mapping))}\n---\n"
            "Move well.\n"
        )
    for first in range(0, len(WORDING), 10):
        slugs = ", ".join(f"d{n}" for n in range(first, min(first + 10, len(WORDING))))
        files[f"articles/a{first // 10}.md"] = (
            f"---\ntitle: T\nsummary: S.\ndrills: [{slugs}]\n---\nBody.\n"
        )
    root = make_site(tmp_path_factory.mktemp("worded"), files)
    loaded = load_site(root)
    assert loaded.site is not None, loaded.diagnostics.summary()
    return loaded.site


@pytest.fixture(scope="module")
def worded_newsletter(worded_site):
    from handouts.newsletter.render import render_newsletter

    emails, texts = [], []
    for article in worded_site.articles.values():
        files = render_newsletter(worded_site, article)
        emails.append(html.unescape(files.html.decode()))
        texts.append(" ".join(files.text.decode().split()))
    return "".join(emails), " ".join(texts)


@pytest.mark.parametrize(("number", "printed"), list(enumerate(printed for _, printed in WORDING)))
def test_the_card_the_email_and_the_text_part_print_the_same_words(
    worded_site, worded_newsletter, number: int, printed: str
) -> None:
    from handouts.pdf.render import render_card
    from tests.support.pdf import page_texts, squash

    card = "".join(page_texts(render_card(worded_site, worded_site.drills[f"d{number}"])))
    assert squash(printed) in card
    email, text = worded_newsletter
    head, _, last = printed.rpartition(" ")
    assert f">{head}\u00a0{last}</span>" in email  # the badge's last line is never one word
    assert f"Drill {number} Dosage: {printed} Goal:" in text
