"""Shared parsing and line breaking never change a byte of any PDF."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus.paragraph import Paragraph as ReportLabParagraph

from handouts.load.loader import load_site
from handouts.model import Patient
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import Prescription
from handouts.pdf import paragraph as pdf_paragraph
from handouts.pdf.render import render_card, render_handout
from handouts.pdf.style import styles
from tests.support.sites import ARTICLE, make_site


def renders(seed, awkward) -> list:
    """Handouts, cards and personalised sheets of both test sites, as zero-argument calls."""
    calls = []
    for result in (seed, awkward):
        site = result.site
        for article in site.articles.values():
            calls.append(lambda s=site, a=article: render_handout(s, a))
            calls.append(lambda s=site, a=article: render_handout(s, a, paper="a4"))
        for drill in site.drills.values():
            calls.append(lambda s=site, d=drill: render_card(s, d))
    for number, drills in enumerate([("toe-yoga",), ("foot-pronation-wall-glide", "toe-yoga")]):
        patient = Patient(name=f"Patient {number}", date=dt.date(2026, 11, 24), notes="Rest.")
        for sheet in (False, True):
            prescription = Prescription(
                "ankle-foot-mobility", patient=patient, drills=drills, no_article=sheet
            )
            calls.append(lambda p=prescription: render_prescription(seed.site, p, None))
    return calls


def test_warm_renders_equal_cold_ones(seed, awkward, tmp_path) -> None:
    # Paragraphs long enough to be split across pages, the case where ReportLab makes
    # new paragraphs out of the pieces of a remembered one.
    long_text = " ".join(f"word{n} **bold{n}** *soft{n}*" for n in range(700))
    make_site(tmp_path, {"articles/calves.md": ARTICLE + f"\n{long_text}\n\n{long_text}\n"})
    split_site = load_site(tmp_path).site
    calls = [lambda: render_handout(split_site, split_site.articles["calves"])]
    calls += renders(seed, awkward)
    cold = []
    for call in calls:
        pdf_paragraph.forget()
        cold.append(call())
    warm = [call() for call in calls]
    warm_again = [call() for call in reversed(calls)][::-1]
    assert warm == cold
    assert warm_again == cold


def test_the_caches_keep_to_their_size_and_keep_what_is_in_use(monkeypatch) -> None:
    from reportlab.lib.styles import ParagraphStyle

    monkeypatch.setattr(pdf_paragraph, "MAX_ENTRIES", 5)
    pdf_paragraph.forget()
    style = ParagraphStyle("body")
    shared = "The article's own paragraph, in every patient's handout."
    for patient in range(50):  # each handout: the shared paragraph and the patient's own
        for text in (shared, f"Prepared for patient {patient}"):
            pdf_paragraph.Paragraph(text, style).wrap(300, 800)
        assert len(pdf_paragraph._parsed) <= 5
        assert len(pdf_paragraph._broken) <= 5
    assert (shared, style) in pdf_paragraph._parsed
    pdf_paragraph.forget()


def test_a_paragraph_splits_where_reportlab_splits_it_and_gives_up_where_it_does() -> None:
    """Given no room for two lines, a paragraph gives up before breaking its lines again:
    at every height, as ReportLab's own paragraph gives up or splits."""
    look = styles("#1F5F8B", "#F28C28")
    text = " ".join(["Keep the heel down and let the knee travel forward."] * 6)
    for height in range(0, 70):
        ours = pdf_paragraph.Paragraph(text, look.body)
        theirs = ReportLabParagraph(text, look.body)
        for paragraph in (ours, theirs):
            paragraph.wrap(300, 1000)
        parts = ours.split(300, height)
        expected = theirs.split(300, height)
        assert [part.getPlainText() for part in parts] == [
            part.getPlainText() for part in expected
        ], height
