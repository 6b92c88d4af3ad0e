"""How fast the ReportLab handout renders, next to WeasyPrint on the same article.

Run `python bench/pdf.py` (after `bash bench/setup.sh` once, for the WeasyPrint side).
It prints, for the seed article:

- the in-process render time per handout (median of N, after one warm-up render),
- what large print costs: its render time and pages next to the regular handout's,
- a cold build-like run: a fresh process that loads the site and renders every
  handout and card, as `handouts build` does,
- what tagging (the PDF/UA structure tree) costs: renders with the tagging canvas's
  hooks and without them, interleaved in one process so that load on the machine
  weighs on both alike (goal: at most 15 %),
- WeasyPrint rendering an equivalent HTML file (same text, same bundled fonts, the QR
  code as SVG, page counters in the footer) in a subprocess of bench/.env, and the ratio.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib import rl_accel  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from handouts.dosage import describe  # noqa: E402
from handouts.load.loader import load_site  # noqa: E402
from handouts.model import (  # noqa: E402
    Block,
    BulletList,
    Drill,
    DrillCards,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Site,
    Strong,
    Text,
)
from handouts.pdf.qr import QUIET_ZONE, dark_runs  # noqa: E402
from handouts.pdf.render import render_card, render_handout  # noqa: E402
from handouts.pdf.tagging import TaggingCanvas  # noqa: E402
from handouts.urls import with_query  # noqa: E402

WEASY_PYTHON = ROOT / "bench" / ".env" / "bin" / "python"
FONTS = ROOT / "handouts" / "fonts"
ARTICLE = "ankle-foot-mobility"

WEASY_SCRIPT = """
import json, statistics, sys, time
start = time.perf_counter()
import weasyprint
path, runs = sys.argv[1], int(sys.argv[2])
first = weasyprint.HTML(filename=path).write_pdf()
cold = time.perf_counter() - start
times = []
for _ in range(runs):
    t = time.perf_counter()
    weasyprint.HTML(filename=path).write_pdf()
    times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "cold": cold, "bytes": len(first),
                  "version": weasyprint.__version__}))
"""

COLD_SCRIPT = """
import sys
from pathlib import Path
from handouts.load.loader import load_site
from handouts.pdf.render import render_card, render_handout
site = load_site(Path(sys.argv[1])).site
for article in site.articles.values():
    render_handout(site, article)
for drill in site.drills.values():
    render_card(site, drill)
"""


def median_ms(function, runs: int) -> float:  # type: ignore[no-untyped-def]
    function()  # warm-up: fonts registered, QR matrix and styles memoised
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def cold_build_ms(site_root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_SCRIPT, str(site_root)], check=True, cwd=ROOT)
    return (time.perf_counter() - start) * 1000


def qr_share(site: Site, runs: int) -> float:
    """Fraction of a render spent drawing the QR code (cProfile, cumulative)."""
    import cProfile
    import pstats

    article = site.articles[ARTICLE]
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        render_handout(site, article)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())
    qr = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items() if file.endswith("qr.py"))
    return qr / total


@contextmanager
def untagged() -> Iterator[None]:
    """Renders as before tagging: the tagging canvas's hooks are ReportLab's own, and
    with no tagger nothing is marked. What remains (the nodes made with the flowables)
    is counted as the render's, so the share below is a little low."""
    hooks = ("showPage", "save", "linkURL", "_setAnnotations")
    saved = {name: TaggingCanvas.__dict__[name] for name in (*hooks, "__init__")}

    def plain_init(self, *args, lang="en", **kwargs):  # type: ignore[no-untyped-def]
        Canvas.__init__(self, *args, lang=lang, **kwargs)
        self.tagger = None

    for name in hooks:
        setattr(TaggingCanvas, name, getattr(Canvas, name))
    TaggingCanvas.__init__ = plain_init  # type: ignore[method-assign]
    try:
        yield
    finally:
        for name, hook in saved.items():
            setattr(TaggingCanvas, name, hook)


def tagging_cost(site: Site, runs: int) -> tuple[float, float]:
    """(untagged, tagged) best render times in ms of processor time (a shared machine's
    other work does not count), interleaved render by render."""
    article = site.articles[ARTICLE]
    tagged: list[float] = []
    plain: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        render_handout(site, article)
        tagged.append(time.process_time() - start)
        with untagged():
            start = time.process_time()
            render_handout(site, article)
            plain.append(time.process_time() - start)
    return min(plain) * 1000, min(tagged) * 1000


# --- the equivalent HTML ---------------------------------------------------------------


def inline_html(runs: tuple[Inline, ...]) -> str:
    out = []
    for run in runs:
        if isinstance(run, Text):
            out.append(html.escape(run.text))
        elif isinstance(run, LineBreak):
            out.append("<br>")
        elif isinstance(run, Strong):
            out.append(f"<strong>{inline_html(run.children)}</strong>")
        elif isinstance(run, Emphasis):
            out.append(f"<em>{inline_html(run.children)}</em>")
        elif isinstance(run, Link):
            out.append(f'<a href="{html.escape(run.url)}">{inline_html(run.children)}</a>')
    return "".join(out)


def blocks_html(blocks: tuple[Block, ...], drills: tuple[Drill, ...] = ()) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{inline_html(block.children)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{inline_html(block.children)}</p>")
        elif isinstance(block, BulletList | OrderedList):
            tag = "ul" if isinstance(block, BulletList) else "ol"
            items = "".join(f"<li>{blocks_html(item.blocks)}</li>" for item in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
        elif isinstance(block, DrillCards):
            out += [card_html(drill, number) for number, drill in enumerate(drills, 1)]
    return "\n".join(out)


def card_html(drill: Drill, number: int) -> str:
    equipment = ", ".join(html.escape(item) for item in drill.equipment)
    boxes = "".join(f"<span class=box>{day}</span>" for day in range(1, 8))
    return f"""<section class=card><h3><span class=num>{number}</span>{html.escape(drill.name)}</h3>
<p class=badge>{html.escape(describe(drill.dosage))}</p>
<p><strong>Goal:</strong> {html.escape(drill.goal)}</p>
{f"<p><strong>You need:</strong> {equipment}</p>" if equipment else ""}
{blocks_html(drill.instructions)}<p class=days>Tick a box each day: {boxes}</p></section>"""


def qr_svg(data: str) -> str:
    size, runs = dark_runs(data)
    side = size + 2 * QUIET_ZONE
    rects = "".join(
        f'<rect x="{QUIET_ZONE + col}" y="{QUIET_ZONE + row}" width="{length}" height="1"/>'
        for row, col, length in runs
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'width="3.8cm" height="3.8cm"><rect width="{side}" height="{side}" fill="#fff"/>'
        f"{rects}</svg>"
    )


def handout_html(site: Site) -> str:
    article = site.articles[ARTICLE]
    clinic = site.clinic
    target = with_query(
        clinic.booking.url,
        {"utm_source": "handout", "utm_medium": "print", "utm_campaign": article.slug},
    )
    faces = "".join(
        f"@font-face {{ font-family: DejaVu; src: url('{FONTS / file}');"
        f" font-weight: {weight}; font-style: {style}; }}"
        for file, weight, style in (
            ("DejaVuSans.ttf", "normal", "normal"),
            ("DejaVuSans-Bold.ttf", "bold", "normal"),
            ("DejaVuSans-Oblique.ttf", "normal", "italic"),
            ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
        )
    )
    footer = html.escape(f"{clinic.name} · {clinic.phone}")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(article.title)}</title><style>
{faces}
@page {{ size: letter; margin: 0.6in 0.6in 1in;
  @bottom-left {{ content: "{footer}\\A Stop and contact your therapist if pain increases.";
    white-space: pre; font: 9pt DejaVu; }}
  @bottom-right {{ content: "page " counter(page) " of " counter(pages); font: 9pt DejaVu; }} }}
body {{ font: 12pt/1.4 DejaVu; color: #111; }}
header {{ background: {clinic.brand.primary}; color: #fff; padding: 10px 14px; }}
h1 {{ font-size: 26pt; margin: 16px 0 8px; }} h2 {{ color: {clinic.brand.primary}; }}
.card {{ border: 1.4pt solid {clinic.brand.primary}; padding: 0 10px 8px;
  break-inside: avoid; margin: 6px 0 12px; }}
.card h3 {{ background: #e4ecf2; margin: 0 -10px; padding: 8px 10px; }}
.num {{ background: {clinic.brand.primary}; color: #fff; padding: 2px 8px; margin-right: 10px; }}
.badge {{ display: inline-block; border: 0.9pt solid #111; border-radius: 5px;
  background: #fde5d0; font-weight: bold; padding: 4px 8px; }}
.box {{ display: inline-block; width: 18px; height: 18px; border: 1px solid #111;
  margin-right: 10px; font-size: 8pt; }}
.cta {{ border: 1.4pt solid {clinic.brand.primary}; padding: 10px 12px; display: flex;
  break-inside: avoid; }}
</style></head><body>
<header><strong>{html.escape(clinic.name)}</strong><br>{html.escape(clinic.tagline or "")}</header>
<h1>{html.escape(article.title)}</h1><p class=summary>{html.escape(article.summary)}</p>
<p>Prepared for ________ Date ________ Therapist ________</p>
{blocks_html(article.body, article.drills)}
<section class=cta><div><h2>{html.escape(article.cta.headline)}</h2>
<p>{html.escape(article.cta.text)}</p>
<p><strong>{html.escape(clinic.booking.label)}:</strong>
<a href="{html.escape(target)}">{html.escape(clinic.booking.url)}</a></p>
<p><strong>Call:</strong> {html.escape(clinic.phone or "")}</p>
<p><strong>Web:</strong> {html.escape(clinic.website or "")}</p></div>
<div>{qr_svg(target)}<br>Scan to book</div></section>
</body></html>"""


def weasyprint(site: Site, runs: int) -> dict | None:
    if not WEASY_PYTHON.exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "handout.html"
        page.write_text(handout_html(site), encoding="utf-8")
        result = subprocess.run(
            [str(WEASY_PYTHON), "-c", WEASY_SCRIPT, str(page), str(runs)],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="renders per median")
    args = parser.parse_args()

    site = load_site(ROOT).site
    assert site is not None, "the seed site does not load; run `handouts check`"
    article = site.articles[ARTICLE]
    pdf = render_handout(site, article)
    accel = "C" if rl_accel._c_funcs else "pure Python (pip install rl_accel for the C one)"

    ours = median_ms(lambda: render_handout(site, article), args.runs)
    card = median_ms(lambda: render_card(site, site.drills["toe-yoga"]), args.runs)
    cold = cold_build_ms(ROOT)
    share = qr_share(site, 5)
    print(f"ReportLab handout, in process:  {ours:7.1f} ms median of {args.runs}")
    print(f"  ({len(pdf) // 1024} KB; rl_accel: {accel}; QR drawing {share:.1%} of render time)")
    print(f"ReportLab card, in process:     {card:7.1f} ms")
    large = median_ms(lambda: render_handout(site, article, large=True), args.runs)
    large_card = median_ms(
        lambda: render_card(site, site.drills["toe-yoga"], large=True), args.runs
    )
    large_pdf = render_handout(site, article, large=True)
    print(
        f"Large print handout:            {large:7.1f} ms ({large / ours:.2f}x regular),"
        f" {pages(large_pdf)} pages instead of {pages(pdf)}, {len(large_pdf) // 1024} KB"
    )
    print(
        f"Large print card:               {large_card:7.1f} ms ({large_card / card:.2f}x regular)"
    )
    n = len(site.articles) + len(site.drills)
    print(f"Cold build-like run ({n} PDFs): {cold:7.1f} ms, a fresh process")
    plain, tagged = tagging_cost(site, args.runs * 3)
    print(
        f"Tagging: {plain:.1f} ms untagged, {tagged:.1f} ms tagged (best of {args.runs * 3},"
        " processor time):"
        f" {tagged / plain - 1:+.1%} (goal: at most +15%)"
    )

    weasy = weasyprint(site, max(5, args.runs // 3))
    if weasy is None:
        print("\nWeasyPrint is not set up: run `bash bench/setup.sh` once, then run this again.")
        return
    print(f"WeasyPrint {weasy['version']}, same article:  {weasy['median'] * 1000:7.1f} ms median")
    print(f"  (cold, incl. import: {weasy['cold'] * 1000:.0f} ms; {weasy['bytes'] // 1024} KB)")
    ratio = weasy["median"] * 1000 / ours
    print(f"\nReportLab is {ratio:.1f}x faster per handout (goal: at least 8x)")


if __name__ == "__main__":
    main()
