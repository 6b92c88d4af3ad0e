"""Every word the tool itself prints, in the reader's language: labels, dose wording,
dates and numbers, and which way the text runs.

The words come from gettext catalogs (`catalogs/<lang>.po`, compiled with Babel to the
`.mo` files shipped beside them; a test keeps the two in step), through Jinja2's i18n
extension in the email templates and through `Labels` in the PDF renderer, so both
outputs say the same thing. A clinic may replace any label by its key
(`labels: {drill: Exercise}` in clinic.yaml); an override wins in every language.

Babel is imported when a date or a number is formatted, not before: a build that prints
neither in another language pays nothing for it. Loading a locale's data for one date
is about 20 ms of a cold handout, so a year's dates, as Babel writes them, are kept
between runs (`usercache`): Babel stays the only source of how a date is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from gettext import GNUTranslations, NullTranslations
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from .. import usercache

if TYPE_CHECKING:
    from babel import Locale

DEFAULT_LANG = "en"
# Languages with a catalog; any other valid tag prints the English words.
CATALOGS = ("es", "fr", "de", "pt", "ar", "zh")
DATE_FORMATS = ("short", "medium", "long")

# The labels a clinic may replace in clinic.yaml, by key: the English message each is.
LABELS: dict[str, str] = {
    "drill": "Drill",
    "goal": "Goal",
    "you_need": "You need",
    "caution": "Caution",
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "prepared_for": "Prepared for",
    "date": "Date",
    "therapist": "Therapist",
    "by": "by %(therapist)s",
    "notes": "Notes from your therapist",
    "therapist_note": "From your therapist",
    "too_hard": "Too hard?",
    "too_easy": "Too easy?",
    "video": "Video",
    "watch_video": "Watch the video",
    "scan_to_book": "Scan to book",
    "call": "Call",
    "web": "Web",
    "email": "Email",
    "phone": "Phone",
    "dosage": "Dosage",
    "continued": "continued",
    "page": "page %(number)s of %(total)s",
    "safety": "Stop and contact your therapist if pain increases.",
    "tick_day": "Tick a box each day",
    "tick_time": "Tick a box each time",
    "write_day": "Write what you did each day",
    "write_time": "Write what you did each time",
    "morning": "AM",
    "noon": "Noon",
    "evening": "PM",
    "headline": "Ready to move better?",
    "patient_headline": "Questions, or time for your next appointment?",
    "patient_text": "Call us or book online, and bring this sheet to your next visit.",
    "signed_up": "You receive this because you signed up for news from %(clinic)s.",
    "unsubscribe": "Unsubscribe",
    "sheet_title": "Your home exercise program",
    "qr_book": "QR code: book at %(address)s",  # what a screen reader says of the QR codes
    "qr_video": "QR code: watch the video at %(address)s",
}
_KEY_OF = {message: key for key, message in LABELS.items()}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def placeholders(message: str) -> set[str]:
    """The `%(name)s` slots of a message: an override must keep the same ones."""
    return set(PLACEHOLDER.findall(message))


def _(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where used."""
    return message


# The Chinese the `zh` catalog is written in: Simplified, as in mainland China and
# Singapore. Traditional (zh-Hant, zh-TW, zh-HK, zh-MO) has no catalog of its own.
SIMPLIFIED_CHINESE = ("zh", "zh-Hans", "zh-CN", "zh-SG")


def _catalog_name(lang: str) -> str | None:
    """The catalog `lang` reads ("pt-BR" reads "pt", "zh-Hans-CN" reads "zh"), or None
    when there is none and the words are English."""
    parts = lang.split("-")
    primary = parts[0].lower()
    if primary == "zh":
        script = next((p for p in parts[1:] if len(p) == 4), None)
        region = next((p for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
        shown = "-".join(p for p in ("zh", script or region) if p)
        if shown.lower() not in {tag.lower() for tag in SIMPLIFIED_CHINESE}:
            return None
    return primary if primary in CATALOGS else None


@cache
def _catalog(lang: str) -> NullTranslations:
    """The compiled catalog `lang` reads, or none (the English words)."""
    name = _catalog_name(lang)
    if name is None:
        return NullTranslations()
    with (Path(__file__).parent / "catalogs" / f"{name}.mo").open("rb") as fp:
        return GNUTranslations(fp)


@cache
def _babel_locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang, sep="-")


def language_name(lang: str) -> str:
    """The language's name in itself ("español", "العربية"), for someone choosing one."""
    return _babel_locale(lang).display_name or lang


@dataclass(frozen=True)
class Labels:
    """The words of one language, with a clinic's overrides, and its date format."""

    lang: str = DEFAULT_LANG
    overrides: tuple[tuple[str, str], ...] = ()
    date_format: str = "long"

    def gettext(self, message: str) -> str:
        key = _KEY_OF.get(message)
        if key is not None:
            for name, value in self.overrides:
                if name == key:
                    return value
        return _catalog(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _catalog(self.lang).ngettext(singular, plural, n)

    def __call__(self, key: str, **values: object) -> str:
        """The label `key` (a key of LABELS), its slots filled with `values`."""
        text = self.gettext(LABELS[key])
        return text % values if values else text

    def colon(self, label: str) -> str:
        """ "Goal:" as the language writes it ("Objectif :", "目标：")."""
        return self.gettext("%(label)s:") % {"label": label}

    def join(self, parts: list[str]) -> str:
        """Clauses of one sentence: ", " in English, "، " in Arabic, "，" in Chinese."""
        return self.gettext(", ").join(parts)

    def date(self, date: dt.date) -> str:
        first = dt.date(date.year, 1, 1)
        return _year_of_dates(self.lang, self.date_format, date.year)[(date - first).days]

    def number(self, value: Decimal | int) -> str:
        """10 as "10", 1.50 as "1.5" ("1,5" in Spanish); never "1E+1"."""
        if isinstance(value, int) or value == value.to_integral_value():
            return str(int(value))
        from babel.numbers import format_decimal

        return format_decimal(value.normalize(), locale=_babel_locale(self.lang))

    @property
    def rtl(self) -> bool:
        from .scripts import is_rtl_language

        return is_rtl_language(self.lang)

    @property
    def direction(self) -> str:
        """The HTML `dir` of text in this language."""
        return "rtl" if self.rtl else "ltr"


ENGLISH = Labels()


@cache
def _year_of_dates(lang: str, date_format: str, year: int) -> tuple[str, ...]:
    """Every date of `year` as Babel writes it in `lang`, from January 1st: made in
    little more time than one (the locale's data is the cost), and kept between runs."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - first).days + 1
    entry = usercache.name(lang, date_format, str(year))
    version = _babel_version()
    kept = usercache.read("dates", entry, version)
    if isinstance(kept, tuple) and len(kept) == days and all(type(d) is str for d in kept):
        return kept
    from babel.dates import format_date

    locale = _babel_locale(lang)
    made = tuple(
        format_date(first + dt.timedelta(days=n), date_format, locale=locale) for n in range(days)
    )
    usercache.write("dates", entry, version, made)
    return made


@cache
def _babel_version() -> str:
    """The Babel that wrote a kept date, known without importing it (7 ms): by its
    package's `__init__.py`, which holds its version."""
    spec = find_spec("babel")
    origin = spec.origin if spec else None
    babel = usercache.name(Path(origin).read_bytes()) if origin else "none"
    return f"dates-1 babel-{babel} {usercache.maker(__file__)}"


def plural_count(value: Decimal | int) -> int:
    """The number a plural form is chosen by: a whole number as it is; any fraction
    takes the form of "many" in every language (0.5 miles, 1,5 minutes)."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else 100


def parse_lang(value: str) -> str:
    """A BCP 47 tag as written ("es", "pt-BR", "zh-Hans"), checked against the locale
    data; ValueError with the reason when it names no language Babel knows."""
    from babel import Locale, UnknownLocaleError

    tag = value.strip()
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag):
        raise ValueError(f"'{value}' is not a language tag like 'en', 'es' or 'pt-BR'")
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"'{value}' names no language known to Babel") from None
    parts = tag.split("-")
    # BCP 47 case: language lower, script title, region upper.
    shaped = [parts[0].lower()] + [
        p.title() if len(p) == 4 else p.upper() if len(p) == 2 or p.isdigit() else p.lower()
        for p in parts[1:]
    ]
    return "-".join(shaped)
