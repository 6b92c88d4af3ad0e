"""Every text in the newsletter reads on what is behind it, light and dark, measured in a
real browser (Chromium): WCAG AA, 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).

The colours are the computed styles of each visible element with text of its own, the
background the nearest one painted behind it; dark mode is Chromium's emulation of
`prefers-color-scheme: dark`, which Apple Mail and others honour the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.colours import AA, AA_LARGE, contrast
from handouts.load.loader import load_site
from handouts.model import Site
from handouts.newsletter.render import render_newsletter
from tests.support.sites import AWKWARD_SITE, SEED_SITE, SITES, copy_site

pytestmark = pytest.mark.browser

# For each visible element with text of its own: its colour, the background painted
# behind it, its size and weight, and a bit of its text to name it by.
PAIRS = """() => {
  const painted = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      const alpha = bg.startsWith('rgba') ? parseFloat(bg.split(',')[3]) : 1;
      if (alpha > 0) return bg;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('').trim();
    if (!own || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(el);
    found.push({text: own.slice(0, 40), color: style.color, background: painted(el),
                size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight)});
  }
  return found;
}"""


def hex_of(css: str) -> str:
    r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def branded(tmp_path: Path, primary: str, accent: str) -> Path:
    root = copy_site(SEED_SITE, tmp_path / "site")
    clinic = root / "content" / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    text = text.replace('"#1F5F8B"', f'"{primary}"').replace('"#F28C28"', f'"{accent}"')
    clinic.write_text(text, encoding="utf-8")
    return root


SITES_TO_READ = {
    "seed": lambda tmp: SEED_SITE,
    "awkward": lambda tmp: AWKWARD_SITE,
    "heel-pain": lambda tmp: SITES / "heel-pain",
    "sea-green": lambda tmp: branded(tmp, "#2E8B57", "#2E8B57"),  # white on it: 4.25:1
    "gold-and-sky": lambda tmp: branded(tmp, "#FFD700", "#87CEEB"),  # pale: ink on them
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
@pytest.mark.parametrize("name", list(SITES_TO_READ))
def test_every_text_reaches_aa_on_its_background(
    browser, name: str, width: int, scheme: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = load_site(SITES_TO_READ[name](tmp_path))
    site: Site | None = result.site
    assert site is not None
    article = next(iter(site.articles.values()))
    page_file = tmp_path / "newsletter.html"
    page_file.write_bytes(render_newsletter(site, article).html)
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.goto(page_file.as_uri())
    pairs = page.evaluate(PAIRS)
    context.close()
    assert len(pairs) > 20
    failing = []
    for pair in pairs:
        large = pair["size"] >= 24 or (pair["size"] >= 18.66 and pair["weight"] >= 700)
        needed = AA_LARGE if large else AA
        ratio = contrast(hex_of(pair["color"]), hex_of(pair["background"]))
        if ratio < needed:
            failing.append((pair["text"], pair["color"], pair["background"], round(ratio, 2)))
    assert failing == []
    page_bg = {hex_of(p["background"]) for p in pairs}
    if scheme == "dark":  # the dark style set applied: no text on the light page or paper
        assert not page_bg & {"#FFFFFF", "#EEF1F4"}, page_bg
