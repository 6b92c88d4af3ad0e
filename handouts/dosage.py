"""The dose grammar: one parser and one limits table for every place a dose is written
(a drill's `dosage:`, `--dose`, a CSV `doses` cell), and the wording a patient reads.

Content files, the command line and spreadsheets all end in `dosage_from_mapping`, so a
dose that one of them accepts means the same, within the same limits, in the others; and
`describe` is the only place a dose becomes words, so the PDF badge, the email badge and
the text part cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from . import freetext
from .diagnostics import ContentError, did_you_mean
from .i18n import ENGLISH, Labels, plural_count
from .model import AsManyAsYouCan, Dosage, Frequency, Measure, Range, Side

DASHES = "-–—"  # "2-3", "2–3" and "2—3" all mean 2 to 3
AMOUNTS = ("sets", "reps", "hold", "duration", "distance")  # what a short form sets
FREQUENCY_KEYS = ("times_per_day", "days_per_week", "every_other_day")
MAX_TEXT = 120


@dataclass(frozen=True)
class Limit:
    """The plausible values of one dose field: a bigger one is almost surely a typo."""

    maximum: int  # in `unit`: seconds for times, metres for distances
    unit: str
    shown: str  # the maximum as a person says it


# One table for content files, `--dose` and CSV rows alike.
LIMITS: dict[str, Limit] = {
    "sets": Limit(20, "sets", "20 sets"),
    "reps": Limit(500, "reps", "500 reps"),
    "hold": Limit(600, "seconds", "10 minutes"),
    "duration": Limit(4 * 3600, "seconds", "4 hours"),
    "distance": Limit(50_000, "metres", "50 km"),
    "rest": Limit(900, "seconds", "15 minutes"),
    "times_per_day": Limit(12, "times a day", "12 times a day"),
    "days_per_week": Limit(7, "days a week", "7 days a week"),
}

# Unit spellings people write, by the unit they mean, with its size in the base unit.
TIME_UNITS = {
    "s": ("s", "sec", "secs", "second", "seconds"),
    "min": ("min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
}
DISTANCE_UNITS = {
    "m": ("m", "meter", "meters", "metre", "metres"),
    "km": ("km", "kilometer", "kilometers", "kilometre", "kilometres"),
    "mi": ("mi", "mile", "miles"),
    "yd": ("yd", "yds", "yard", "yards"),
}
SIZE = {
    "s": Decimal(1),
    "min": Decimal(60),
    "h": Decimal(3600),
    "m": Decimal(1),
    "km": Decimal(1000),
    "mi": Decimal("1609.344"),
    "yd": Decimal("0.9144"),
}
MEASURES = {"hold": TIME_UNITS, "duration": TIME_UNITS, "rest": TIME_UNITS}
MEASURES["distance"] = DISTANCE_UNITS

# Digits are bounded before Decimal or int see them: no dose needs more than a few.
_WHOLE = r"\d{1,6}"
_NUMBER = r"\d{1,6}(?:[.,]\d{1,2})?"
_COUNT = re.compile(rf"^\s*({_WHOLE})\s*(?:[{DASHES}]\s*({_WHOLE}))?\s*$")
_MEASURE = re.compile(
    rf"^\s*({_NUMBER})\s*(?:[{DASHES}]\s*({_NUMBER}))?\s*([a-z]*)\.?\s*$", re.IGNORECASE
)
MAX_WORDS = {"max", "as many as you can", "amap", "amrap"}


class DoseError(ValueError):
    """A dose value that cannot be printed; the message is for the person who wrote it."""


# --- fields ------------------------------------------------------------------------------


def parse_count(value: object, field: str) -> Range:
    """Sets, reps or times: a whole number or a range like "2-3", within `field`'s limit."""
    if isinstance(value, int) and not isinstance(value, bool):
        low = high = value
    elif isinstance(value, str) and (match := _COUNT.match(value)):
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    else:
        raise DoseError('must be a whole number or a range like "2-3"')
    if low < 1:
        raise DoseError("must be at least 1")
    _check_order(low, high)
    limit = LIMITS[field]
    if high > limit.maximum:
        raise DoseError(f"of {high} is more than {limit.shown}; is it a typo?")
    return Range(low, high)


def parse_reps(value: object) -> Range | AsManyAsYouCan:
    if isinstance(value, str) and " ".join(value.lower().split()) in MAX_WORDS:
        return AsManyAsYouCan()
    is_number = isinstance(value, int) and not isinstance(value, bool)
    if not is_number and not (isinstance(value, str) and _COUNT.match(value)):
        raise DoseError('must be a whole number, a range like "8-12", or max')
    return parse_count(value, "reps")


def parse_measure(value: object, field: str) -> Measure:
    """A time ("30", "45 sec", "1-2 min") or a distance ("400 m", "0.5 mi") for `field`;
    a bare number of a time is seconds."""
    units = MEASURES[field]
    example = '"30s", "45 sec" or "1-2 min"' if units is TIME_UNITS else '"400 m" or "1 km"'
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    match = _MEASURE.match(value) if isinstance(value, str) else None
    if match is None:
        raise DoseError(f"must be an amount like {example}")
    unit = _unit(match.group(3).lower(), units)
    if unit is None:
        if match.group(3) or units is not TIME_UNITS:
            raise DoseError(f"has a unit '{match.group(3)}' that is not one of {example}")
        unit = "s"
    low = Decimal(match.group(1).replace(",", "."))
    high = Decimal((match.group(2) or match.group(1)).replace(",", "."))
    if low <= 0:
        raise DoseError("must be more than 0")
    _check_order(low, high)
    limit = LIMITS[field]
    if high * SIZE[unit] > limit.maximum:
        raise DoseError(f"of {_number(high)} {unit} is more than {limit.shown}; is it a typo?")
    return Measure(low, high, unit)


def _unit(written: str, units: dict[str, tuple[str, ...]]) -> str | None:
    return next((unit for unit, names in units.items() if written in names), None)


def _check_order(low: Decimal | int, high: Decimal | int) -> None:
    if high < low:
        raise DoseError(f"range {_number(low)}-{_number(high)} runs backwards")


def parse_side(value: object) -> Side:
    try:
        return Side(value.strip().lower() if isinstance(value, str) else "")
    except ValueError:
        raise DoseError(f"must be one of: {', '.join(side.value for side in Side)}") from None


def parse_frequency(value: object, report: Report, prefix: str) -> Frequency | None:
    """Free text ("twice a day"), read for the tick boxes when it says a number; or
    a mapping of times_per_day, days_per_week and every_other_day."""
    if isinstance(value, str):
        text = clean_text(value)
        return Frequency(text, *_read_frequency(text))
    if not isinstance(value, Mapping):
        raise DoseError(
            "must be text like 'twice a day', or {times_per_day: 2} or {days_per_week: 3}"
        )
    if not value:
        raise DoseError("is empty; say how often, like {times_per_day: 2}")
    for key in value:
        if key not in FREQUENCY_KEYS:
            hint = did_you_mean(str(key), FREQUENCY_KEYS)
            report("frequency", f"unknown key '{prefix}frequency.{key}'{hint}")
            return None
    times = value.get("times_per_day", 1)
    days = value.get("days_per_week", 7)
    every_other = value.get("every_other_day", False)
    if not isinstance(every_other, bool):
        raise DoseError("'every_other_day' must be true or false")
    if every_other and "days_per_week" in value:
        raise DoseError("give 'days_per_week' or 'every_other_day', not both")
    for key, number in (("times_per_day", times), ("days_per_week", days)):
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise DoseError(f"'{key}' must be a whole number of at least 1")
        if number > LIMITS[key].maximum:
            raise DoseError(f"'{key}' of {number} is more than {LIMITS[key].shown}")
    return Frequency(None, times, days, every_other)


_WORD_NUMBERS = {
    "once": 1,
    "one": 1,
    "twice": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}
_HOW_MANY = rf"(\d{{1,2}}|{'|'.join(_WORD_NUMBERS)})"
_PER_DAY = re.compile(
    rf"\b{_HOW_MANY}\s*(?:times?|x)?\s*(?:(?:a|per|each|/|every)\s*day\b|daily\b)"
)
_PER_WEEK = re.compile(
    rf"\b{_HOW_MANY}\s*(?:days?|times?|x)?\s*(?:(?:a|per|each|/|every)\s*(?:week|wk)\b|weekly\b)"
)
_OTHER_DAY = re.compile(r"\b(?:every|each)\s+(?:other|second|2|two)\s+days?\b|\balternate\s+days\b")
# "twice daily", "morning and evening", and the prescription abbreviations BID and TID
_ABBREVIATED = {
    2: re.compile(r"\bmorning\s+and\s+(?:evening|night)\b|\bb\.?i\.?d\b"),
    3: re.compile(r"\bt\.?i\.?d\b"),
}


def _read_frequency(text: str) -> tuple[int, int, bool]:
    """The numbers in a written frequency, for the tick boxes; words it does not know
    leave one tick a day."""
    lower = text.lower()
    times, days = 1, 7
    if match := _PER_DAY.search(lower):
        times = _how_many(match.group(1))
    else:
        times = next((n for n, form in _ABBREVIATED.items() if form.search(lower)), 1)
    if match := _PER_WEEK.search(lower):
        days = _how_many(match.group(1))
    times = min(max(times, 1), LIMITS["times_per_day"].maximum)
    days = min(max(days, 1), 7)
    return times, days, bool(_OTHER_DAY.search(lower)) and days == 7


def _how_many(word: str) -> int:
    return _WORD_NUMBERS.get(word) or int(word)


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Free text of a dose (load, tempo, note, frequency): one line, never empty."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise DoseError("must be text")
    try:
        text = freetext.clean_text(str(value), limit)
    except freetext.TextProblem as problem:
        raise DoseError(str(problem)) from None
    if not text:
        raise DoseError("is empty")
    return text


# --- a whole dosage ----------------------------------------------------------------------

Report = Callable[[str | None, str], None]  # (key or None for the whole mapping, message)


def dosage_from_mapping(data: Mapping[Any, Any], report: Report, prefix: str = "") -> Dosage | None:
    """The dosage a mapping describes, or None after reporting every problem in it.

    `report` gets the key each problem concerns and a message naming it with `prefix`
    (e.g. "dosage."), so a loader can locate it in a file and a command line can print it.
    """
    ok = True
    for key in data:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS) or f" (expected one of: {', '.join(KEYS)})"
            report(key, f"unknown key '{prefix}{key}'{hint}")
            ok = False
    values: dict[str, Any] = {}
    for key, parse in _PARSERS.items():
        if key not in data:
            continue
        if data[key] is None:
            report(key, f"'{prefix}{key}' is empty")
            ok = False
            continue
        try:
            values[key] = parse(data[key], report, prefix)
        except DoseError as exc:
            report(key, f"'{prefix}{key}' {exc}")
            ok = False
        else:
            ok = ok and values[key] is not None
    if "side" in data and "per_side" in data:
        report("per_side", f"give '{prefix}side' or '{prefix}per_side', not both")
        ok = False
    if not any(key in data for key in ("reps", "hold", "duration", "distance")):
        what = prefix.rstrip(".") or "a dose"
        report(None, f"{what} needs 'reps', 'hold', 'duration' or 'distance'")
        return None
    if not ok:
        return None
    side = values.pop("side", None) or (Side.EACH if values.pop("per_side", False) else Side.BOTH)
    values.pop("per_side", None)
    dosage = Dosage(side=side, **values)
    if problem := _contradiction(dosage):
        key, message = problem
        report(key, f"'{prefix}{key}' {message}")
        return None
    return dosage


def _contradiction(dosage: Dosage) -> tuple[str, str] | None:
    """(key, message) for amounts that cannot be said together without doubt."""
    hold, duration = dosage.hold, dosage.duration
    if hold is not None and dosage.distance is not None:
        return "hold", "with a 'distance' says two things; give one of them"
    if isinstance(dosage.reps, AsManyAsYouCan) and (duration or dosage.distance):
        return "reps", "of max with a duration or distance is unclear; give a number"
    if hold is None or duration is None:
        return None
    if hold.high * SIZE[hold.unit] > duration.low * SIZE[duration.unit]:
        return "hold", "is longer than the duration; a hold happens within it"
    if dosage.reps is not None or not dosage.sets.is_one:
        return "duration", "with 'hold' and sets or reps is ambiguous; give one of them"
    return None


_PARSERS: dict[str, Callable[[Any, Report, str], Any]] = {
    "sets": lambda value, report, prefix: parse_count(value, "sets"),
    "reps": lambda value, report, prefix: parse_reps(value),
    "hold": lambda value, report, prefix: parse_measure(value, "hold"),
    "duration": lambda value, report, prefix: parse_measure(value, "duration"),
    "distance": lambda value, report, prefix: parse_measure(value, "distance"),
    "rest": lambda value, report, prefix: parse_measure(value, "rest"),
    "load": lambda value, report, prefix: clean_text(_words(value, "5 kg")),
    "tempo": lambda value, report, prefix: clean_text(value),
    "side": lambda value, report, prefix: parse_side(value),
    "per_side": lambda value, report, prefix: _boolean(value),
    "frequency": parse_frequency,
    "note": lambda value, report, prefix: clean_text(value),
}


KEYS = tuple(_PARSERS)  # what a dosage may hold, in the order messages list them


def _words(value: object, example: str) -> object:
    """A free-text field that a bare number would leave meaningless ("10 reps, 5")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise DoseError(f"needs its unit, like '{example}'")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise DoseError("must be true or false")
    return value


# --- the written forms of a prescription -------------------------------------------------

_SHORT = re.compile(
    rf"""^\s*
    (?:(?P<sets>{_WHOLE}(?:\s*[{DASHES}]\s*{_WHOLE})?)\s*[x×]\s*)?   # 3x, 2-3x
    (?P<amount>max|{_NUMBER}(?:\s*[{DASHES}]\s*{_NUMBER})?)           # 10, 8-10, 30, max
    \s*(?P<unit>[a-z]*)                                             # s, min, m, km
    \s*(?P<side>/\s*side|per\s+side|each\s+side)?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def spec_mapping(spec: str) -> dict[str, Any]:
    """A prescription as a therapist types it, as the mapping a drill file would hold.

    Short forms: "3x10", "3x10/side", "2-3x8-10", "3x30s", "10min", "4x400m", "3xmax";
    or the full form as a YAML flow mapping: "{sets: 3, reps: 10, side: each}".
    """
    text = spec.strip()
    if text.startswith("{"):
        return _flow_mapping(text)
    match = _SHORT.match(text)
    if match is None:
        raise DoseError(
            f"{_quoted(spec)} is not understood; write it like 3x10, 3x10/side, 2-3x8-10, 3x30s,"
            " 10min, 4x400m, 3xmax or {sets: 3, reps: 10, side: each}"
        )
    mapping: dict[str, Any] = {}
    if match.group("sets"):
        mapping["sets"] = match.group("sets")
    amount, unit = match.group("amount"), match.group("unit").lower()
    if not unit or amount.lower() == "max":
        if unit:
            raise DoseError(f"{_quoted(spec)} is not understood: 'max' takes no unit")
        if not mapping and amount.lower() != "max":
            raise DoseError(f"{_quoted(spec)} is not understood: write sets and reps as 3x{amount}")
        mapping["reps"] = amount
    elif time := _unit(unit, TIME_UNITS):
        # "3x30s" is three holds of 30 seconds; "10min" and "3x2min" are timed
        mapping["hold" if time == "s" else "duration"] = f"{amount} {unit}"
    elif _unit(unit, DISTANCE_UNITS):
        if match.group("sets"):
            mapping["reps"] = mapping.pop("sets")
        mapping["distance"] = f"{amount} {unit}"
    else:
        raise DoseError(
            f"{_quoted(spec)} is not understood: {unit} is not a unit of time or distance"
        )
    if match.group("side"):
        mapping["side"] = "each"
    return mapping


def _quoted(spec: str, most: int = 60) -> str:
    """A prescription in a message, cut short: it is echoed to a terminal."""
    return repr(spec if len(spec) <= most else spec[: most - 1] + "…")


def _flow_mapping(text: str) -> dict[str, Any]:
    """The full form, read by the content files' own YAML rules (no tags, no duplicate
    keys, bounded numbers), so that it means what it would in a drill file."""
    from .load.yamlsource import Source, load_yaml

    try:
        value = load_yaml(text, Source("dose"))
    except ContentError as exc:
        problem = exc.diagnostics[0]
        column = problem.location.col
        where = f" at character {column}" if column else ""
        message = f"{_quoted(text)} is not a YAML mapping{where}: {problem.message}"
        raise DoseError(message) from None
    if not isinstance(value, dict):
        raise DoseError(f"{_quoted(text)} is not a mapping like {{sets: 3, reps: 10}}")
    return value


def prescribed(spec: str, base: Dosage) -> Dosage:
    """A drill's dosage as prescribed by `spec`: the amounts it gives replace the drill's
    amounts; what it leaves out (side, frequency, load, note…) keeps the drill's value."""
    given = spec_mapping(spec)
    replaced = [
        group for group in (AMOUNTS, ("side", "per_side")) if any(k in given for k in group)
    ]
    kept = {
        key: value
        for key, value in to_mapping(base).items()
        if not any(key in group for group in replaced)
    }
    problems: list[str] = []
    dosage = dosage_from_mapping({**kept, **given}, lambda key, message: problems.append(message))
    if dosage is None:
        raise DoseError(f"{_quoted(spec)}: " + "; ".join(problems))
    return dosage


def to_mapping(dosage: Dosage) -> dict[str, Any]:
    """The dosage as the mapping that would be written to get it: the inverse of
    `dosage_from_mapping`, for `prescribed` and for the full `--dose` form."""
    out: dict[str, Any] = {}
    if not dosage.sets.is_one:
        out["sets"] = _count(dosage.sets)
    match dosage.reps:
        case Range():
            out["reps"] = _count(dosage.reps)
        case AsManyAsYouCan():
            out["reps"] = "max"
        case None:
            pass
    for key in ("hold", "duration", "distance", "rest"):
        measure: Measure | None = getattr(dosage, key)
        if measure is not None:
            out[key] = f"{_range_text(measure.low, measure.high)} {measure.unit}"
    for key in ("load", "tempo"):
        if getattr(dosage, key) is not None:
            out[key] = getattr(dosage, key)
    if dosage.side is not Side.BOTH:
        out["side"] = dosage.side.value
    if (frequency := dosage.frequency) is not None:
        out["frequency"] = frequency.text or {
            key: value
            for key, value, default in (
                ("times_per_day", frequency.times_per_day, 0),  # always said
                ("days_per_week", frequency.days_per_week, 7),
                ("every_other_day", frequency.every_other_day, False),
            )
            if value != default
        }
    if dosage.note is not None:
        out["note"] = dosage.note
    return out


def to_spec(dosage: Dosage) -> str:
    """The full `--dose` form of a dosage, one line of YAML: `{sets: 3, reps: 10}`."""
    import yaml

    text: str = yaml.safe_dump(
        to_mapping(dosage),
        default_flow_style=True,
        sort_keys=False,
        allow_unicode=True,
        width=10**6,
    )
    return text.strip()


def _count(count: Range) -> int | str:
    return count.low if count.low == count.high else f"{count.low}-{count.high}"


def _range_text(low: Decimal | int, high: Decimal | int) -> str:
    return _number(low) if low == high else f"{_number(low)}-{_number(high)}"


def _number(value: Decimal | int) -> str:
    """1.50 as "1.5", 10 as "10" (never "1E+1")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- the words a patient reads -----------------------------------------------------------
# Every word comes from the reader's catalog (handouts.i18n), plural forms included:
# "1 set" / "3 sets", and Arabic's six forms. A range takes the form of its upper end.

_UNIT_WORDS = {
    "s": ("%(num)s second", "%(num)s seconds"),
    "min": ("%(num)s minute", "%(num)s minutes"),
    "h": ("%(num)s hour", "%(num)s hours"),
    "mi": ("%(num)s mile", "%(num)s miles"),
    "yd": ("%(num)s yard", "%(num)s yards"),
}


def _many(low: Decimal | int, high: Decimal | int) -> int:
    """The number a range's plural form is chosen by: a range is always plural, and reads
    best in the form for three ("1–2 minutes"; Arabic's 3–10 form, not its dual)."""
    return plural_count(high) if low == high else max(plural_count(high), 3)


def _span(labels: Labels, low: Decimal | int, high: Decimal | int) -> str:
    """ "30", "8–10", "1,5–2" in the reader's number format."""
    if low == high:
        return labels.number(low)
    return f"{labels.number(low)}–{labels.number(high)}"


def measure_text(measure: Measure, labels: Labels = ENGLISH) -> str:
    """ "30 seconds", "1–2 minutes", "400 m", "0.5 miles"."""
    number = _span(labels, measure.low, measure.high)
    if measure.unit in _UNIT_WORDS:
        one, many = _UNIT_WORDS[measure.unit]
        return labels.ngettext(one, many, _many(measure.low, measure.high)) % {"num": number}
    return f"{number} {measure.unit}"


def frequency_text(frequency: Frequency, labels: Labels = ENGLISH) -> str:
    if frequency.text:
        return frequency.text
    parts = []
    times = frequency.times_per_day
    if times > 1 or (frequency.days_per_week == 7 and not frequency.every_other_day):
        if times <= 2:
            parts.append(
                labels.gettext("once a day") if times == 1 else labels.gettext("twice a day")
            )
        else:
            parts.append(
                labels.ngettext("%(num)s time a day", "%(num)s times a day", times) % {"num": times}
            )
    if frequency.every_other_day:
        parts.append(labels.gettext("every other day"))
    elif frequency.days_per_week < 7:
        days = frequency.days_per_week
        if days == 1:  # not "3 times a day, once a week"
            parts.append(
                labels.gettext("once a week") if times == 1 else labels.gettext("1 day a week")
            )
        else:
            parts.append(
                labels.ngettext("%(num)s day a week", "%(num)s days a week", days) % {"num": days}
            )
    return labels.join(parts)


def describe(dosage: Dosage, labels: Labels = ENGLISH) -> str:
    """How a patient reads a dose: "2–3 sets of 8–10 reps, slow", "Hold 30 seconds,
    3 times on each side", "4 × 400 m, rest 90 seconds"."""
    gettext = labels.gettext
    parts = [_amount(dosage, labels)]
    if dosage.side is Side.LEFT:
        parts.append(gettext("left side only"))
    elif dosage.side is Side.RIGHT:
        parts.append(gettext("right side only"))
    elif dosage.side is Side.ALTERNATING:
        parts.append(gettext("alternating sides"))
    if dosage.load:
        parts.append(dosage.load)
    if dosage.tempo:
        parts.append(gettext("tempo %(tempo)s") % {"tempo": dosage.tempo})
    if dosage.rest:
        parts.append(gettext("rest %(time)s") % {"time": measure_text(dosage.rest, labels)})
    if dosage.note:
        parts.append(dosage.note)
    if dosage.frequency:
        parts.append(frequency_text(dosage.frequency, labels))
    text = labels.join(parts)
    return text[:1].upper() + text[1:]


def badge_text(dosage: Dosage, labels: Labels = ENGLISH) -> str:
    """The dose for a badge, which may wrap: its last two words joined by a no-break
    space, so that no line of it holds one word alone."""
    head, space, last = describe(dosage, labels).rpartition(" ")
    return f"{head}\u00a0{last}" if space else last


def _amount(dosage: Dosage, labels: Labels) -> str:
    """The dose's first clause: what to do and how much, with "on each side" where the
    whole of it is done on each side."""
    gettext = labels.gettext

    def each(text: str) -> str:
        if dosage.side is not Side.EACH:
            return text
        return gettext("%(what)s on each side") % {"what": text}

    sets, reps = dosage.sets, dosage.reps
    if dosage.hold is not None:
        time = measure_text(dosage.hold, labels)
        hold = gettext("hold %(time)s") % {"time": time}
        if dosage.duration is not None:
            during = measure_text(dosage.duration, labels)
            return each(
                gettext("%(hold)s at a time, for %(time)s") % {"hold": hold, "time": during}
            )
        if isinstance(reps, Range) and reps.is_one:
            reps = None  # one rep of a hold is one hold: "3 times", like sets of one
        if isinstance(reps, Range) and not sets.is_one:
            holding = gettext("holding each %(time)s") % {"time": time}
            return labels.join([each(_sets_of(sets, _reps(reps, labels), labels)), holding])
        if isinstance(reps, AsManyAsYouCan):
            rounds = [] if sets.is_one else [_sets(sets, labels)]
            return labels.join([hold, each(gettext("as many times as you can")), *rounds])
        times = reps if reps is not None else sets
        if times.is_one:
            return each(hold)
        if times == Range(2, 2):
            often = gettext("twice")
        else:
            often = labels.ngettext(
                "%(num)s time", "%(num)s times", _many(times.low, times.high)
            ) % {"num": _span(labels, times.low, times.high)}
        return labels.join([hold, each(often)])
    timed = [measure_text(m, labels) for m in (dosage.distance, dosage.duration) if m is not None]
    if timed:
        what = timed[0]
        if len(timed) == 2:  # "1 km in 10 minutes"
            what = gettext("%(distance)s in %(time)s") % {"distance": timed[0], "time": timed[1]}
        if not isinstance(reps, Range) or reps.is_one:  # max is refused with these
            return each(_sets_of(sets, what, labels))
        repeated = f"{_span(labels, reps.low, reps.high)} × {what}"
        return each(_sets_of(sets, repeated, labels))
    assert reps is not None  # the loader refuses a dose without an amount
    return each(_sets_of(sets, _reps(reps, labels), labels))


def _sets(sets: Range, labels: Labels) -> str:
    return labels.ngettext("%(num)s set", "%(num)s sets", _many(sets.low, sets.high)) % {
        "num": _span(labels, sets.low, sets.high)
    }


def _sets_of(sets: Range, what: str, labels: Labels) -> str:
    """ "3 sets of " before the rest; nothing for one set, which goes without saying."""
    if sets.is_one:
        return what
    return labels.ngettext(
        "%(num)s set of %(what)s", "%(num)s sets of %(what)s", _many(sets.low, sets.high)
    ) % {
        "num": _span(labels, sets.low, sets.high),
        "what": what,
    }


def _reps(reps: Range | AsManyAsYouCan, labels: Labels) -> str:
    if isinstance(reps, AsManyAsYouCan):
        return labels.gettext("as many reps as you can")
    return labels.ngettext("%(num)s rep", "%(num)s reps", _many(reps.low, reps.high)) % {
        "num": _span(labels, reps.low, reps.high)
    }


# --- doses written into instructions -----------------------------------------------------

_N = (
    r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|ninety)"
)
_SPAN = rf"{_N}(?:\s*(?:[{DASHES}]|to|or)\s*{_N})?"
_SECONDS_OR_MINUTES = r"(?:s|secs?|seconds?|mins?|minutes?)\b"
# Doses written into prose ("repeat 10 times", "hold for 30 seconds"): a patient whose
# own dose differs would read two contradicting instructions on one card.
_DOSE_PHRASE = "|".join(
    (
        rf"\b(?:repeat|do|perform|complete)\b(?:\s+[\w’']+){{0,3}}?\s+{_SPAN}\s+"
        r"(?:times|reps|repetitions|sets)\b",
        rf"\bhold\b(?:\s+[\w’']+){{0,3}}?\s+{_SPAN}\s*{_SECONDS_OR_MINUTES}",
        rf"\b{_SPAN}\s+(?:sets|reps|repetitions)\b",
        rf"\b(?:{_SPAN}\s*(?:times|x)|once|twice)\s+(?:a|per|each)\s+(?:day|week)\b",
        rf"\b(?:for|walk|cycle|swim|jog|run)\s+{_SPAN}\s*{_SECONDS_OR_MINUTES}",
    )
)


@cache
def dose_phrase() -> re.Pattern[str]:
    """The pattern of doses written into prose, compiled on first use: compiling it
    (case-insensitive, over Unicode word characters) took longer than all the other
    patterns here, and a handout asks only when the patient has a dose of their own."""
    return re.compile(_DOSE_PHRASE, re.IGNORECASE)
