"""`handouts check`: what only shows in the outputs, located where the writer can fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.check import check_site
from handouts.dosage import dose_phrase
from tests.support.sites import DRILL, make_site


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        (
            "Hold for 30 to 60 seconds. Repeat three times.",
            ["Hold for 30 to 60 seconds", "Repeat three times"],
        ),
        ("Do 3 sets of 10.", ["Do 3 sets"]),
        ("Then walk 10 minutes.", ["walk 10 minutes"]),
        ("Do this twice a day.", ["twice a day"]),
        ("Keep the position for 20–30 s.", ["for 20–30 s"]),
        ("Repeat on the other side.", []),
        ("Pain often settles in 2 to 3 weeks.", []),
        ("Keep your big toe, pinky toe, and heel grounded.", []),
    ],
)
def test_a_dose_written_into_prose_is_found(text: str, phrases: list[str]) -> None:
    assert [match.group() for match in dose_phrase().finditer(text)] == phrases


def test_check_warns_at_the_line_where_instructions_give_a_dose(tmp_path: Path) -> None:
    drill = DRILL.replace(
        "Rise onto your toes and lower slowly.",
        "Rise onto your toes.\n\nLower slowly, then\nrepeat 10 times.",
    )
    site = make_site(tmp_path, {"drills/calf-raise.md": drill})
    messages = [str(d) for d in check_site(site).items]
    assert any(
        m.startswith(
            "content/drills/calf-raise.md:11: warning: the instructions give a dose"
            " ('repeat 10 times')"
        )
        for m in messages
    ), messages


def test_the_seed_drills_keep_their_doses_out_of_their_text() -> None:
    from tests.support.sites import SEED_SITE

    assert not [d for d in check_site(SEED_SITE).items if "give a dose" in d.message]


def test_check_warns_when_a_logo_would_show_neither_on_the_band_nor_on_white(
    tmp_path: Path,
) -> None:
    from PIL import Image

    from tests.support.sites import CLINIC

    clinic = CLINIC + "logo: assets/logo.png\nbrand: {primary: '#EEEEEE'}\n"
    site = make_site(tmp_path, {"clinic.yaml": clinic})
    (site / "content" / "assets").mkdir()
    pale = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    pale.paste((235, 235, 240, 255), (10, 10, 190, 70))
    pale.save(site / "content" / "assets" / "logo.png")
    messages = [str(d) for d in check_site(site).items]
    assert "content/clinic.yaml:5: warning: the logo has too little contrast" in "\n".join(
        messages
    ), messages


def test_build_notices_a_logo_swapped_for_one_that_would_not_show(tmp_path: Path) -> None:
    from PIL import Image

    from handouts.build import BuildOptions, build_site
    from tests.support.sites import CLINIC

    clinic = CLINIC + "logo: assets/logo.png\nbrand: {primary: '#F4F4F4'}\n"
    site = make_site(tmp_path, {"clinic.yaml": clinic})
    (site / "content" / "assets").mkdir()
    logo = site / "content" / "assets" / "logo.png"

    def save_logo(colour: tuple[int, int, int, int]) -> None:
        picture = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
        picture.paste(colour, (10, 10, 190, 70))
        picture.save(logo)

    def warned() -> bool:
        report = build_site(site, tmp_path / "out", BuildOptions(jobs=1))
        return any(
            "the logo has too little contrast" in d.message for d in report.diagnostics.items
        )

    save_logo((20, 20, 20, 255))
    assert not warned()
    save_logo((240, 240, 245, 255))  # only the picture changes: pale, it shows nowhere
    assert warned()
