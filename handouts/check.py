"""`handouts check`: everything loading finds, plus what only shows in the outputs
(characters the bundled font lacks, images the HTML export cannot reach, template syntax),
and how hard each article and drill is to read.

These checks read the model, the fonts' character maps and, for reading grades, the
English pronouncing dictionary textstat loads (most of `check`'s time): `check` never
imports the PDF or email renderers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .build.kinds import CARD, HANDOUT, LARGE_SUFFIX, Kind
from .build.plan import large_print_clashes
from .colours import Palette, logo_backing
from .diagnostics import ContentError, Diagnostic, Diagnostics, Location, Severity
from .dosage import describe as dose_text
from .dosage import dose_phrase
from .fonts import fallback, missing
from .load import load_site
from .load.loader import MAX_MARKDOWN_BYTES, read_text, split_front_matter
from .model import Article, Drill, Site, iter_pictures, iter_text
from .readability import Reading, article_reading, drill_reading

# What a card page holds: beyond this, a card runs on to a second page (measured on
# letter and A4 with a goal, equipment and a picture; tests/pdf/test_layout.py holds it).
CARD_WORDS = 300


# The hardest sentences a too-hard article's warning points at.
HARD_SENTENCES = 3


@dataclass
class CheckReport(Diagnostics):
    """What `check` found, and how hard each article and drill is to read."""

    readings: list[Reading] = field(default_factory=list)

    def grade_lines(self) -> list[str]:
        """`path: reading grade N (Flesch–Kincaid)`, one per article and drill."""
        return [f"{r.source}: reading grade {r.grade:.1f} (Flesch–Kincaid)" for r in self.readings]

    def summary(self) -> str:
        line = super().summary()
        for kind in ("article", "drill"):
            grades = [r.grade for r in self.readings if r.kind == kind]
            if grades:
                low, high = min(grades), max(grades)
                shown = f"{low:.1f}" if low == high else f"{low:.1f}–{high:.1f}"
                line += f"; {kind} reading grade{'s' if len(grades) > 1 else ''} {shown}"
        return line


def check_site(root: Path) -> CheckReport:
    # Here, not at the top: a personalised handout needs this module's glyph warnings
    # but not the template engine.
    from .newsletter.templating import template_problems

    result = load_site(root)
    report = CheckReport(result.diagnostics.items)
    if result.site is not None:
        report.readings = readings(result.site)
        report.extend(output_warnings(result.site, report.readings))
    for problem in template_problems(root):
        report.extend(problem.diagnostics)
    return report


def readings(site: Site) -> list[Reading]:
    """The reading grade of every article, then every drill, that has one (in a language
    with a grade formula: readability.GRADED_LANGUAGES)."""
    found = [article_reading(a, a.lang) for _, a in sorted(site.articles.items())]
    found += [drill_reading(d, d.lang) for _, d in sorted(site.drills.items())]
    return [reading for reading in found if reading is not None]


def reading_warnings(site: Site, found: list[Reading]) -> list[Diagnostic]:
    """A warning at each of the hardest sentences of an article that reads above
    `check.max_grade`: where rewording helps most (shorter sentences, everyday words)."""
    most = site.clinic.max_grade
    warnings = []
    for reading in found:
        if reading.kind != "article" or reading.grade <= most:
            continue
        lines = _lines(site.root / reading.source)
        hardest = reading.sentences[:HARD_SENTENCES]
        for sentence in [s for s in hardest if s.grade > most] or hardest[:1]:
            shown = sentence.text if len(sentence.text) <= 60 else sentence.text[:57] + "…"
            warnings.append(
                Diagnostic(
                    Location(reading.source, sentence_line(lines, sentence.text)),
                    Severity.WARNING,
                    f"the article reads at grade {reading.grade:.1f}, above {most:g}"
                    f" (check.max_grade): this sentence reads at grade {sentence.grade:.1f}"
                    f" ('{shown}'); shorter sentences and everyday words help",
                )
            )
    return warnings


def sentence_line(lines: list[str], sentence: str) -> int:
    """The file line a sentence starts on, found by its first words in the Markdown with
    markup and link targets left out (1 when it is not found)."""
    words: list[tuple[str, int]] = []
    for number, line in enumerate(lines, 1):
        line = re.sub(r"\]\([^)]*\)", " ", line)
        words += [(word, number) for word in _words(line)]
    wanted = _words(sentence)[:4]
    if not wanted:
        return 1
    texts = [word for word, _ in words]
    for index in range(len(texts) - len(wanted) + 1):
        if texts[index : index + len(wanted)] == wanted:
            return words[index][1]
    return 1


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def output_warnings(site: Site, graded: list[Reading] | None = None) -> list[Diagnostic]:
    """What the outputs will show that loading cannot see: `check` and `build` both say it.
    `graded` is the site's `readings()`, when the caller has them already."""
    found = [*glyph_warnings(site), *newsletter_warnings(site), *dose_warnings(site)]
    found += [*logo_warnings(site), *card_warnings(site), *brand_warnings(site)]
    graded = readings(site) if graded is None else graded
    return [*found, *large_print_warnings(site), *reading_warnings(site, graded)]


def large_print_warnings(site: Site) -> list[Diagnostic]:
    """A warning for an article or drill whose large-print file would be the regular file
    of another (`x` in large print and `x-large` are both x-large.pdf): the build leaves
    that large-print file out rather than overwrite the other's. Said whether or not
    clinic.yaml asks for large print, since `build --large-print` may."""
    found = []
    sources: list[tuple[Kind, str, str, Collection[str]]] = [
        (HANDOUT, slug, item.source, site.articles) for slug, item in site.articles.items()
    ]
    sources += [(CARD, slug, item.source, site.drills) for slug, item in site.drills.items()]
    for kind, slug, source, slugs in sorted(sources, key=lambda s: s[2]):
        if large_print_clashes(slugs, slug):
            what, noun = ("handout", "article") if kind is HANDOUT else ("card", "drill")
            other = kind.outputs(slug)[0].removesuffix(".pdf") + LARGE_SUFFIX
            found.append(
                Diagnostic(
                    Location(source, 1),
                    Severity.WARNING,
                    f"no large-print {what} is made of this {noun}: its file, {other},"
                    f" is the {what} of the {noun} '{slug}-large'; rename one of them",
                )
            )
    return found


def brand_warnings(site: Site) -> list[Diagnostic]:
    """A warning for each brand colour the outputs darken: neither white nor ink text
    would reach WCAG AA contrast (4.5:1) on it as given."""
    clinic = site.clinic
    palette = Palette.from_brand(clinic.brand.primary, clinic.brand.accent)
    lines = _lines(site.root / clinic.source)
    found = []
    for name, given, used in palette.adjusted:
        key = name.split(".")[1] + ":"
        at = next(
            ((n, text.index(key) + 1) for n, text in enumerate(lines, 1) if key in text),
            (1, None),
        )
        found.append(
            Diagnostic(
                Location(clinic.source, *at),
                Severity.WARNING,
                f"{name} {given} is too light for white or dark text on it to be read"
                f" (WCAG AA, 4.5:1): the handouts and emails use {used}",
            )
        )
    return found


def logo_warnings(site: Site) -> list[Diagnostic]:
    """A warning when the logo would stand out neither on the brand colour nor on white:
    measured from its pixels, see colours.shows_on."""
    clinic = site.clinic
    logo = clinic.logo
    if logo is None or logo_backing(logo.tones, logo.opaque, clinic.brand.primary):
        return []
    lines = _lines(site.root / clinic.source)
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("logo:")), 1)
    return [
        Diagnostic(
            Location(clinic.source, line),
            Severity.WARNING,
            "the logo has too little contrast (under 3:1) to be seen on the brand colour"
            " or on white: use a version with darker or stronger colours",
        )
    ]


def card_warnings(site: Site) -> list[Diagnostic]:
    """A warning for a drill too long for one printed page: its card continues on a
    second page, which a patient may lose."""
    found = []
    for drill in site.drills.values():
        words = sum(len(text.split()) for text in iter_text(drill.instructions))
        if words > CARD_WORDS:
            found.append(
                Diagnostic(
                    Location(drill.source, _body(site.root, drill.source, drill.digest)[1]),
                    Severity.WARNING,
                    f"the instructions are {words} words; a card holds about {CARD_WORDS} on"
                    " one page, so this one may continue on a second: shorten it, or split"
                    " it into two drills",
                )
            )
    return found


def newsletter_warnings(site: Site) -> list[Diagnostic]:
    """What `check` should say before a newsletter is sent from an email service."""
    clinic = site.clinic
    where = Location(clinic.source, 1)
    warnings = []
    has_images = clinic.logo is not None or any(
        any(drill.image is not None for drill in article.drills) or any(iter_pictures(article.body))
        for article in site.articles.values()
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


def dose_warnings(site: Site) -> list[Diagnostic]:
    """A warning where a drill's instructions say a dose: the card prints the dosage in
    its badge, and a patient's own dose would contradict the words below it."""
    return [
        Diagnostic(
            Location(drill.source, line),
            Severity.WARNING,
            f"the instructions give a dose ('{phrase}'), which a patient's own dose"
            " would contradict: put it in 'dosage' and leave it out of the text",
        )
        for drill in site.drills.values()
        for line, phrase in dose_phrase_lines(site.root, drill)
    ]


def dose_phrase_lines(root: Path, drill: Drill) -> tuple[tuple[int, str], ...]:
    """Each dose written into the drill's instructions, with the file line it is on."""
    return _dose_phrase_lines(root, drill.source, drill.digest)


@functools.lru_cache(maxsize=256)
def _dose_phrase_lines(root: Path, source: str, digest: str) -> tuple[tuple[int, str], ...]:
    body, first = _body(root, source, digest)  # a batch asks once per row
    return tuple(
        (first + body.count("\n", 0, match.start()), " ".join(match.group().split()))
        for match in dose_phrase().finditer(body)
    )


@functools.lru_cache(maxsize=256)
def _body(root: Path, source: str, digest: str) -> tuple[str, int]:
    """A drill file's Markdown and the line it starts on, split as the loader splits it.
    Keyed on the digest the loader read too, so an edit is never answered from here."""
    try:
        text, _ = read_text(root / source, root, MAX_MARKDOWN_BYTES)
        _, body, first = split_front_matter(text, source)
    except ContentError:  # changed since it loaded: the next load says what is wrong
        return "", 1
    return body, first


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
    texts += [*drill.equipment, drill.caution, *iter_text(drill.instructions)]
    return [*texts, drill.easier, drill.harder, drill.video]


def _warn(root: Path, source: str, texts: list[str | None]) -> list[Diagnostic]:
    """One warning per file line holding characters no bundled font has."""
    chars: list[str] = []
    for text in texts:
        if text:
            chars += missing(text)
    if not chars:
        return []
    lines = _lines(root / source)
    by_line: dict[int, list[str]] = {}
    for char in dict.fromkeys(chars):
        by_line.setdefault(_line_of(lines, char), []).append(char)
    return [
        Diagnostic(
            Location(source, line),
            Severity.WARNING,
            "no bundled PDF font has a glyph for " + _list(group),
        )
        for line, group in sorted(by_line.items())
    ]


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
