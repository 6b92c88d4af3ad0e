"""Text in scripts that need shaping or other line breaking, through the whole PDF path:
measured, cut and laid out again without losing or re-shaping a letter."""

from __future__ import annotations

import dataclasses
import unicodedata

from handouts.model import Paragraph, Text
from handouts.pdf.render import render_card
from tests.support.pdf import reader
from tests.support.sites import clean_site


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
