"""`handouts check`: everything loading finds, plus what only shows in the outputs
(characters the bundled font lacks, images the HTML export cannot reach, template syntax).

These checks read the model and the fonts' character maps only: `check` never imports
the PDF or email renderers, so it answers quickly.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Location, Severity
from .dosage import describe as dose_text
from .fonts import fallback, missing, printable
from .load import load_site
from .model import Article, Drill, Site, iter_text
from .newsletter.templating import template_problems


def check_site(root: Path) -> Diagnostics:
    result = load_site(root)
    if result.site is not None:
        result.diagnostics.extend(glyph_warnings(result.site))
        result.diagnostics.extend(newsletter_warnings(result.site))
    for problem in template_problems(root):
        result.diagnostics.extend(problem.diagnostics)
    return result.diagnostics


def newsletter_warnings(site: Site) -> list[Diagnostic]:
    """What `check` should say before a newsletter is sent from an email service."""
    clinic = site.clinic
    where = Location(clinic.source, 1)
    warnings = []
    has_images = clinic.logo is not None or any(
        drill.image is not None for article in site.articles.values() for drill in article.drills
    )
    if has_images and not clinic.newsletter.asset_base_url:
        warnings.append(
            Diagnostic(
                where,
                Severity.WARNING,
                "the newsletter HTML refers to images by relative paths, which do not work"
                " once sent: set 'newsletter.asset_base_url' to where content/ images are"
                " uploaded (the .eml embeds them and is fine as is)",
            )
        )
    if site.articles and not clinic.newsletter.unsubscribe_url:
        warnings.append(
            Diagnostic(
                where,
                Severity.WARNING,
                "the newsletter has no unsubscribe link: set 'newsletter.unsubscribe_url'"
                ' to your email service\'s merge tag (like "*|UNSUB|*") or an unsubscribe page',
            )
        )
    return warnings


def glyph_warnings(site: Site) -> list[Diagnostic]:
    """A warning for each content text with characters the PDF font cannot print."""
    found: list[Diagnostic] = []
    clinic = site.clinic
    booking = clinic.booking
    clinic_texts = [clinic.name, clinic.tagline, clinic.website, clinic.phone, clinic.email]
    clinic_texts += [clinic.address, booking.label, booking.headline, booking.text]
    found += _warn(site.root, clinic.source, clinic_texts)
    for article in site.articles.values():
        found += _warn(site.root, article.source, _article_texts(article))
    for drill in site.drills.values():
        found += _warn(site.root, drill.source, _drill_texts(drill))
    return found


def _article_texts(article: Article) -> list[str | None]:
    return [
        article.title,
        article.summary,
        *iter_text(article.body),
        article.cta.headline,
        article.cta.text,
    ]


def _drill_texts(drill: Drill) -> list[str | None]:
    """Every text of a drill that reaches paper, in reading order."""
    dosage = drill.dosage
    texts: list[str | None] = [drill.name, dose_text(dosage), drill.goal]
    return [*texts, *drill.equipment, *iter_text(drill.instructions)]


def _warn(root: Path, source: str, texts: list[str | None]) -> list[Diagnostic]:
    """One warning per file line holding characters the font lacks, or right-to-left text."""
    chars: list[str] = []
    rtl: list[str] = []
    for text in texts:
        if not text:
            continue
        chars += missing(text)
        rtl += [ch for ch in printable(text) if unicodedata.bidirectional(ch) in ("R", "AL")]
    if not chars and not rtl:
        return []
    lines = _lines(root / source)
    by_line: dict[int, list[str]] = {}
    for char in dict.fromkeys(chars):
        by_line.setdefault(_line_of(lines, char), []).append(char)
    found = [
        Diagnostic(
            Location(source, line),
            Severity.WARNING,
            "the PDF font has no glyph for " + _list(group),
        )
        for line, group in sorted(by_line.items())
    ]
    if rtl:
        found.append(
            Diagnostic(
                Location(source, _line_of(lines, rtl[0])),
                Severity.WARNING,
                "right-to-left text is reordered for print run by run; a right-to-left"
                " paragraph longer than a line may wrap in the wrong order",
            )
        )
    return found


def _list(chars: list[str], shown: int = 5) -> str:
    """The first few characters described; a whole foreign sentence needs no more."""
    text = ", ".join(_describe(ch) for ch in chars[:shown])
    return text + (f" and {len(chars) - shown} more" if len(chars) > shown else "")


def _describe(char: str) -> str:
    shown = fallback(char)
    what = f"prints as '{shown}'" if shown else "left out"
    return f"'{char}' (U+{ord(char):04X}, {what})"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of(lines: list[str], char: str) -> int:
    """The first file line holding `char` (1 when it is not found as written)."""
    return next((number for number, line in enumerate(lines, 1) if char in line), 1)
