"""A patient's prescription: dose specs, chosen drills and the drills-only sheet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handouts.dosage import describe
from handouts.model import DrillCards, Measure, Range, Side
from handouts.patients.prescription import (
    Prescription,
    PrescriptionError,
    clean_text,
    parse_dose,
    personalise,
)

ARTICLE = "ankle-foot-mobility"


@pytest.mark.parametrize(
    "spec, sets, reps, hold",
    [
        ("3x12", Range(3, 3), Range(12, 12), None),
        ("2-3x8-10", Range(2, 3), Range(8, 10), None),
        ("2–3 × 8–10", Range(2, 3), Range(8, 10), None),
        ("4x30s", Range(4, 4), None, Measure(Decimal(30), Decimal(30), "s")),
        ("1X45 seconds", Range(1, 1), None, Measure(Decimal(45), Decimal(45), "s")),
    ],
)
def test_a_dose_spec_sets_sets_and_reps_or_hold(seed, spec, sets, reps, hold) -> None:
    base = seed.site.drills["foot-pronation-wall-glide"].dosage
    dose = parse_dose(spec, base)
    assert (dose.sets, dose.reps, dose.hold) == (sets, reps, hold)
    assert dose.side is Side.EACH  # the drill's own fields are kept


@pytest.mark.parametrize(
    "spec", ["3", "x12", "3x", "0x10", "3x0", "3-2x10", "3x12x2", "99x10", "ax1"]
)
def test_a_bad_dose_spec_is_refused(seed, spec) -> None:
    with pytest.raises(PrescriptionError):
        parse_dose(spec, seed.site.drills["toe-yoga"].dosage)


def test_chosen_drills_come_in_the_chosen_order_with_their_doses(seed) -> None:
    article = personalise(
        seed.site,
        Prescription(
            ARTICLE, drills=("toe-yoga", "heel-elevated-squat-rock"), doses=(("toe-yoga", "3x12"),)
        ),
    )
    assert [d.slug for d in article.drills] == ["toe-yoga", "heel-elevated-squat-rock"]
    assert describe(article.drills[0].dosage) == "3 sets of 12 reps, alternating toe lifts"
    assert describe(article.drills[1].dosage) == "2–3 sets of 8–10 reps, slow"


def test_without_the_article_only_the_drill_cards_remain(seed) -> None:
    article = personalise(seed.site, Prescription(ARTICLE, no_article=True))
    assert article.body == (DrillCards(),)
    assert len(article.drills) == 3


@pytest.mark.parametrize(
    "prescription, message",
    [
        (Prescription("ankle-foot-mobilty"), "unknown article 'ankle-foot-mobilty' (did you mean"),
        (Prescription(ARTICLE, drills=("toe-yogo",)), "unknown drill 'toe-yogo' (did you mean"),
        (
            Prescription(ARTICLE, drills=("toe-yoga", "toe-yoga")),
            "drill 'toe-yoga' is chosen twice",
        ),
        (
            Prescription(
                ARTICLE, drills=("toe-yoga",), doses=(("heel-elevated-squat-rock", "3x5"),)
            ),
            "a dose is given for 'heel-elevated-squat-rock', which is not among the drills",
        ),
    ],
)
def test_a_bad_prescription_says_what_to_fix(seed, prescription, message) -> None:
    with pytest.raises(PrescriptionError, match=message.replace("(", r"\(")):
        personalise(seed.site, prescription)


def test_text_is_folded_and_control_characters_refused() -> None:
    assert clean_text("  Zoë   O'Brien ", "patient", 80) == "Zoë O'Brien"
    assert clean_text("line one\r\nline  two", "notes", 100) == "line one\nline two"
    with pytest.raises(PrescriptionError, match=r"control character U\+0007"):
        clean_text("bell\x07", "notes", 100)
    with pytest.raises(PrescriptionError, match="longer than 5"):
        clean_text("abcdefgh", "patient", 5)
