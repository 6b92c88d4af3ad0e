"""Text in scripts that need shaping or other line breaking, through the whole PDF path:
measured, cut and laid out again without losing or re-shaping a letter."""

from __future__ import annotations

import dataclasses
import subprocess
import unicodedata
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

from handouts.model import Paragraph, Text
from handouts.pdf.render import render_card, render_handout
from tests.support.pdf import reader
from tests.support.processes import program
from tests.support.sites import clean_site

XHTML = "{http://www.w3.org/1999/xhtml}"


def test_a_long_right_to_left_step_is_cut_between_lines_and_still_prints(tmp_path) -> None:  # type: ignore[no-untyped-def]
    site = clean_site("i18n")
    drill = site.drills["toe-yoga.ar"]
    sentence = "ارفع الإصبع الكبير وحده ببطء مع إبقاء الأصابع الأخرى ثابتة، ثم اعكس الحركة. "
    long = dataclasses.replace(
        drill, instructions=(Paragraph((Text(sentence * 25 + "שלום hello"),)),)
    )
    pdf = render_card(site, long)
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader(pdf).pages))
    assert "\ufffd" not in text
    assert text.count("ثابتة") >= 25  # every sentence, across the cut


def test_latin_words_in_a_shaped_paragraph_keep_their_letters() -> None:
    """Shaping an Arabic paragraph must not turn "st" or "fi" in its URL or clinic name
    into ligature glyphs, which copy out of the PDF as "ﬆ" and "ﬁ"."""
    site = clean_site("i18n")
    drill = site.drills["toe-yoga.ar"]
    words = "زوروا https://corequest.test/first-steps مع CoreQuest"
    shaped = dataclasses.replace(drill, instructions=(Paragraph((Text(words),)),))
    text = "".join(page.extract_text() for page in reader(render_card(site, shaped)).pages)
    assert "https://corequest.test/first-steps" in text
    assert "CoreQuest" in text
    assert not any("\ufb00" <= char <= "\ufb06" for char in text)


def word_boxes(pdf: bytes, folder: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as poppler places them: (left, right, word) by line, top to
    bottom; Arabic read as its letters (NFKC), not its shaped forms."""
    found = program("pdftotext", "poppler-utils")
    source = folder / "in.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        [found, "-bbox", str(source), "-"], check=True, capture_output=True, text=True
    )
    lines: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    for number, page in enumerate(ElementTree.fromstring(done.stdout).iter(f"{XHTML}page")):
        for word in page.iter(f"{XHTML}word"):
            line = lines.setdefault((number, float(word.get("yMin", 0))), [])
            text = unicodedata.normalize("NFKC", word.text or "")
            line.append((float(word.get("xMin", 0)), float(word.get("xMax", 0)), text))
    return [sorted(words) for _, words in sorted(lines.items())]


def test_a_packed_right_to_left_card_keeps_its_goal_and_equipment_inside_the_card(
    tmp_path: Path,
) -> None:
    """The goal and what the drill needs stay within the card's text edge, each word a
    space from the next: no gap in the middle of the goal's sentence."""
    site = clean_site("i18n")
    lines = word_boxes(render_handout(site, site.articles["ankle-foot-mobility.ar"]), tmp_path)

    def line_with(word: str) -> list[tuple[float, float, str]]:  # drawn letters: reversed
        return next(line for line in lines if any(w in (word, word[::-1]) for *_, w in line))

    steps = line_with("كعبيك")
    edge = steps[-1][1]  # a full line of the card's steps reaches its text edge
    goal, need = line_with("الهدف:"), line_with("تحتاجه:")
    for line in (goal, need):
        assert line[-1][1] <= edge + 0.5, [word for *_, word in line]
        gaps = [right[0] - left[1] for left, right in pairwise(line)]
        assert max(gaps) < 6, [word for *_, word in line]  # a space is about 4 points
    assert need[-1][2] in ("ما", "ام")  # "ما تحتاجه:" leads its line, at the right
