"""The floor for one cold handout: a plain ReportLab script making a comparable PDF.

    python bench/floor.py OUT.pdf [PATIENT]

No handouts code, no Markdown or YAML parser, no checks: the seed article's text split
at blank lines, its headings and bullets styled, each drill in a framed box, a QR code
of the booking URL, page numbers, the four bundled DejaVu faces embedded. What is left
of a `handouts handout` process beyond this script's time is the project's own cost.
"""

import sys
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "handouts" / "fonts"
CONTENT = ROOT / "content"
BOOKING = "https://corequesttherapy.example/book?utm_source=handout&utm_medium=print"


def body(text: str) -> str:
    return text.split("---", 2)[2].strip()


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main() -> None:
    out, patient = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )
    text = ParagraphStyle("body", fontName="DejaVuSans", fontSize=12, leading=16.8)
    heading = ParagraphStyle("h2", text, fontName="DejaVuSans-Bold", fontSize=16, leading=20)
    title = ParagraphStyle("h1", heading, fontSize=26, leading=30, spaceAfter=8)
    blue = HexColor("#1F5F8B")
    story = [Paragraph("Why Ankle and Foot Mobility Matter for Runners", title)]
    story.append(Paragraph(f"Prepared for {escape(patient)}", text))
    for block in body(next((CONTENT / "articles").glob("*.md")).read_text("utf-8")).split("\n\n"):
        block = escape(block.replace("\n", " "))
        if block.startswith("#"):
            story.append(Paragraph(block.lstrip("# "), heading))
        elif block.startswith("- "):
            story += [Paragraph(item, text, bulletText="•") for item in block[2:].split(" - ")]
        elif not block.startswith("&lt;!--"):
            story.append(Paragraph(block, text))
        story.append(Spacer(1, 6))
    for drill in sorted((CONTENT / "drills").glob("*.md")):
        front, instructions = drill.read_text("utf-8").split("---", 2)[1:]
        name = front.split("name:", 1)[1].split("\n", 1)[0].strip()
        cells = [[Paragraph(escape(name), heading)], [Paragraph(escape(instructions), text)]]
        box = Table(cells, colWidths=[7 * inch])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.4, blue)]))
        story += [box, Spacer(1, 12)]
    code = QrCodeWidget(BOOKING, barLevel="M")
    x0, y0, x1, y1 = code.getBounds()
    side = 2.8 * cm
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(code)
    story.append(drawing)

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("DejaVuSans", 9)
        canvas.drawString(0.6 * inch, 0.5 * inch, f"CoreQuest Therapy · page {doc.page}")

    doc = SimpleDocTemplate(out, pagesize=letter, invariant=1, title="Handout")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


if __name__ == "__main__":
    main()
