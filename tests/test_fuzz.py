"""Whole generated sites through the whole build: the only failures allowed are content errors.

Hypothesis writes a clinic.yaml, a few drills and an article or two: front matter with
valid and invalid values, Markdown bodies with nesting, inline markup and links, and text
from every Unicode plane (combining marks, right-to-left scripts, emoji, control
characters, very long words). The site is built as `handouts build` builds it, and one
patient's handout is rendered from it. Every problem must come back as a located content
error; an exception, or a renderer failure reported as "could not render", is a bug.

`make test` runs the default profile; `HYPOTHESIS_PROFILE=fuzz` runs many more examples.
"""

from __future__ import annotations

import datetime as dt
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.build.site import BuildOptions, build_site
from handouts.diagnostics import Diagnostics
from handouts.dosage import MAX_TEXT
from handouts.load.fields import MAX_ITEMS
from handouts.load.loader import (
    MAX_ADDRESS,
    MAX_CTA_HEADLINE,
    MAX_CTA_TEXT,
    MAX_PRINTED_URL,
    MAX_TAGLINE,
    load_site,
)
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import PrescriptionError, prescribe, usable

# Characters that have broken text tools before: combining marks, right-to-left letters
# and marks, joiners, emoji sequences, controls, line separators, astral planes.
AWKWARD = [
    "e\u0301",
    "\u0336",
    "a\u20dd",
    "שלום",
    "مرحبا بكم",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u200d",
    "\ufeff",
    "👉",
    "👍🏽",
    "👨‍👩‍👧",
    "🇩🇪",
    "\U000e0067",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\t",
    "𠀀",
    "\U000f0000",
    "\U0010fffd",
    "ﷺ",
    "ǅ",
    "ß",
    "İ",
    "&amp;",
    "&#0;",
    "\\",
    "%s",
]
LONG_WORDS = st.sampled_from(["w" * 300, "é" * 700, "https://" + "x" * 1990, "z" * 2001])
CHARS = st.characters(exclude_categories=["Cs", "Cc"])  # controls come from AWKWARD
WORD = st.one_of(
    st.text(CHARS, min_size=1, max_size=8),
    st.sampled_from(AWKWARD),
    st.text("abcdefghij", min_size=1, max_size=10),
)
PLAIN = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
TEXT = st.one_of(PLAIN, st.text(CHARS, max_size=30), LONG_WORDS)

URLS = st.sampled_from(
    [
        "https://clinic.test/page",
        "http://clinic.test/a?b=c&d=e#f",
        "mailto:front@clinic.test",
        "tel:+15550100",
        "javascript:alert(1)",
        "/relative",
        "https://exa mple.test",
        "https://clinic.test/" + "p" * 300,
        "ftp://clinic.test",
        "https://bücher.test/ü",
    ]
)


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> str:
    """A line of Markdown inline markup: words, emphasis, links, code, breaks."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "strong", "em", "link", "code", "raw"]))
        if kind in ("strong", "em", "link") and depth < 3:
            inner = draw(inline(depth + 1))
            if kind == "strong":
                parts.append(f"**{inner}**")
            elif kind == "em":
                parts.append(f"*{inner}*")
            else:
                parts.append(f"[{inner}]({draw(URLS)})")
        elif kind == "code":
            parts.append(f"`{draw(PLAIN)}`")
        elif kind == "raw":
            parts.append(draw(st.sampled_from(["<b>x</b>", "<!-- drills -->", "  \n", "\\*"])))
        else:
            parts.append(draw(TEXT))
    return " ".join(parts).replace("\n\n", "\n")


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """Markdown blocks: headings, paragraphs, nested lists, quotes, code, markers."""
    out = []
    for _ in range(draw(st.integers(0 if depth else 1, 4))):
        kind = draw(st.sampled_from(["para", "para", "heading", "list", "list", "other"]))
        if kind == "para":
            out.append(draw(inline()))
        elif kind == "heading":
            out.append("#" * draw(st.integers(1, 7)) + " " + draw(inline()))
        elif kind == "list":
            ordered = draw(st.booleans())
            items = []
            for number in range(draw(st.integers(1, 3))):
                marker = f"{number + 1}. " if ordered else "- "
                item = [draw(inline())]
                if depth < 3 and draw(st.booleans()):
                    item += draw(blocks(depth + 1))
                pad = " " * len(marker)
                lines = "\n\n".join(item).split("\n")
                items.append(marker + "\n".join([lines[0], *(pad + x for x in lines[1:])]))
            out.append("\n".join(items))
        else:
            out.append(
                draw(
                    st.sampled_from(
                        [
                            "<!-- drills -->",
                            "> quoted *words*",
                            "```\ncode <b>\n```",
                            "    indented code",
                            "---",
                            "![photo](assets/x.png)",
                            '![](assets/x.png "no description")',
                            "> [!WARNING]\n> careful *now*\n>\n> - a list",
                            "> [!NOPE]\n> unknown",
                            "> [!TIP]",
                            "| a | b |\n|---|---|\n| 1 | **2** | 3 |\n| [x](https://x.test) |",
                            "|" + " c |" * 9 + "\n|" + "---|" * 9,
                            "- " * 12 + "too deep",
                        ]
                    )
                )
            )
    return out


def markdown(front: dict[str, Any], body: list[str]) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n\n".join(body)


def maybe(value: Any) -> st.SearchStrategy[Any]:
    """A valid value most of the time; now and then something of the wrong kind."""
    wrong = st.one_of(st.none(), st.integers(-5, 10**9), st.lists(TEXT, max_size=2), TEXT)
    return st.one_of(st.just(value), st.just(value), st.just(value), wrong)


@st.composite
def drill_file(draw: st.DrawFn) -> str:
    front: dict[str, Any] = {
        "name": draw(maybe(draw(PLAIN))),
        "goal": draw(maybe(draw(TEXT))),
        "dosage": draw(
            maybe(
                {
                    "sets": draw(st.sampled_from([1, 3, "2-3", "2–3", 0, 21, "3-1", "x"])),
                    draw(st.sampled_from(["reps", "hold"])): draw(
                        st.sampled_from([1, 12, "8-10", 600, 601, -1])
                    ),
                    "per_side": draw(st.booleans()),
                    "note": draw(TEXT),
                }
            )
        ),
    }
    if draw(st.booleans()):
        front["equipment"] = draw(maybe(draw(st.lists(TEXT, min_size=1, max_size=3))))
    for key in draw(st.lists(st.sampled_from(["caution", "easier", "harder"]), unique=True)):
        front[key] = draw(maybe(draw(TEXT)))
    if draw(st.booleans()):
        front["video"] = draw(maybe(draw(URLS)))
    return markdown(front, draw(blocks()))


@st.composite
def article_file(draw: st.DrawFn, drill_slugs: list[str]) -> str:
    wanted = st.lists(st.sampled_from([*drill_slugs, "no-such-drill"]), max_size=3)
    front: dict[str, Any] = {
        "title": draw(maybe(draw(TEXT))),
        "summary": draw(maybe(draw(TEXT))),
        "drills": draw(maybe(draw(wanted))),
    }
    if draw(st.booleans()):
        front["date"] = draw(st.one_of(st.dates(), st.just("2026-13-45"), TEXT))
    if draw(st.booleans()):
        front["cta"] = {"headline": draw(TEXT), "text": draw(TEXT)}
    return markdown(front, draw(blocks()))


# Senders as people type them: the .eml writer must be able to carry whatever passes.
GOOD_SENDERS = [
    "Clinic <news@clinic.test>",
    "news@clinic.test",
    '"Smith, Jones" <news@clinic.test>',
    "Łódź <news@clinic.test>",
]
SENDERS = [
    *GOOD_SENDERS,
    "CoreQuest Therapy news@clinic.test",
    "Smith, Jones <news@clinic.test>",
    "news@clinic.test, other@clinic.test",
    "Clinic <news@bücher.test>",
    "Clinic <news@localhost>",
]


@st.composite
def clinic_file(draw: st.DrawFn) -> str:
    clinic: dict[str, Any] = {
        "name": draw(maybe(draw(st.one_of(PLAIN, st.just("Smith, Jones Physio"))))),
        "booking": {
            "url": draw(maybe(draw(URLS.filter(lambda u: u.startswith("http"))))),
            "label": draw(maybe(draw(PLAIN))),
            "headline": draw(TEXT),
            "text": draw(TEXT),
        },
    }
    optional = {
        "tagline": TEXT,
        "address": TEXT,
        "phone": TEXT,
        "email": st.sampled_from(
            ["front@clinic.test", "not an address", "a@b.c", "a,b@clinic.test", "ü@clinic.test"]
        ),
        "website": URLS,
        "brand": st.fixed_dictionaries(
            {"primary": st.sampled_from(["#123", "#1F5F8B", "#FFFFFF", "#000000", "red"])}
        ),
        "print": st.fixed_dictionaries({"paper": st.sampled_from(["a4", "letter", "A5"])}),
        "newsletter": st.fixed_dictionaries(
            {
                "from": st.one_of(PLAIN, st.sampled_from(SENDERS)),
                "unsubscribe_url": st.sampled_from(["*|UNSUB|*", "https://clinic.test/u", "x y"]),
            }
        ),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        clinic[key] = draw(optional[key])
    return yaml.safe_dump(clinic, allow_unicode=True)


@st.composite
def sites(draw: st.DrawFn) -> dict[str, str]:
    """content/ files of a small whole site, keyed by their path under content/."""
    slugs = draw(
        st.lists(st.sampled_from(["calf-raise", "toe-yoga", "wall-glide"]), min_size=1, unique=True)
    )
    files = {"clinic.yaml": draw(clinic_file())}
    files |= {f"drills/{slug}.md": draw(drill_file()) for slug in slugs}
    for slug in draw(st.lists(st.sampled_from(["calves", "feet"]), min_size=1, unique=True)):
        files[f"articles/{slug}.md"] = draw(article_file(slugs))
    return files


PATIENTS = st.fixed_dictionaries(
    {"name": TEXT, "therapist": st.one_of(st.none(), TEXT), "notes": st.one_of(st.none(), TEXT)}
)


def write_site(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def assert_only_content_errors(diagnostics: Diagnostics) -> None:
    for diagnostic in diagnostics.items:
        assert "could not render" not in diagnostic.message, str(diagnostic)
        assert diagnostic.location.path.startswith("content/"), str(diagnostic)
        assert diagnostic.location.line is not None, str(diagnostic)


def render_for_a_patient(root: Path, patient: dict[str, str | None]) -> None:
    """A personalised handout of the first clean article, as `handouts handout` makes it."""
    loaded = load_site(root)
    if loaded.site is None or not loaded.site.articles:
        return
    try:
        prescription = prescribe(
            sorted(loaded.site.articles)[0],
            patient=patient["name"],
            therapist=patient["therapist"],
            date=dt.date(2026, 11, 20),
            notes=patient["notes"],
        )
        usable(loaded, prescription)
    except PrescriptionError:
        return  # refused with a message, as the command line would
    assert render_prescription(loaded.site, prescription, None).startswith(b"%PDF")


@settings(
    max_examples=max(300, settings.default.max_examples),  # the fuzz profile asks for more
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=sites(), patient=PATIENTS)
def test_any_generated_site_builds_or_reports_content_errors(
    files: dict[str, str], patient: dict[str, str | None]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        write_site(root, files)
        report = build_site(root, Path(tmp) / "out", BuildOptions(jobs=1))
        assert_only_content_errors(report.diagnostics)
        assert report.ok == (not report.failed), report.summary()
        for name in report.built:
            assert (Path(tmp) / "out" / name).stat().st_size > 0
        render_for_a_patient(root, patient)


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Fail an example that runs longer than `seconds`, instead of stalling the suite: a
    render that never ends is the bug this catches."""

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"the example ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def text_up_to(limit: int) -> st.SearchStrategy[str]:
    """Text of ordinary words as long as a field allows, or nearly: what fills a page."""
    words = st.lists(st.sampled_from(["calf", "raise", "slowly", "Achilles", "🦶", "mobilité"]))
    return (
        st.integers(1, limit)
        .flatmap(
            lambda size: words.map(lambda w: (" ".join(w) + " " + "word " * limit)[:size].strip())
        )
        .filter(bool)
    )


@st.composite
def drill_at_limits(draw: st.DrawFn) -> str:
    front = {
        "name": draw(text_up_to(120)),
        "goal": draw(text_up_to(2000)),
        "dosage": {"sets": 3, "reps": 10, "note": draw(text_up_to(MAX_TEXT))},
        "equipment": draw(st.lists(text_up_to(2000), min_size=1, max_size=MAX_ITEMS)),
    }
    return markdown(front, ["Rise onto your toes and lower slowly."])


def url_up_to(limit: int) -> st.SearchStrategy[str]:
    base = "https://clinic.test/"
    return st.integers(0, limit - len(base)).flatmap(
        lambda size: st.just(base + ("book/now-" * limit)[:size])
    )


@st.composite
def clinic_at_limits(draw: st.DrawFn) -> str:
    """Every clinic field the handout prints, up to its limit: the booking box, the band
    and the footer must hold them all at once."""
    booking = {
        "url": draw(url_up_to(MAX_PRINTED_URL)),
        "label": draw(text_up_to(60)),
        "headline": draw(text_up_to(MAX_CTA_HEADLINE)),
        "text": draw(text_up_to(MAX_CTA_TEXT)),
        "patient_headline": draw(text_up_to(MAX_CTA_HEADLINE)),
        "patient_text": draw(text_up_to(MAX_CTA_TEXT)),
    }
    clinic = {
        "name": draw(text_up_to(100)),
        "tagline": draw(text_up_to(MAX_TAGLINE)),
        "website": draw(url_up_to(MAX_PRINTED_URL)),
        "phone": draw(text_up_to(40)),
        "email": "hello@clinic.test",
        "address": draw(text_up_to(MAX_ADDRESS)),
        "booking": booking,
    }
    return yaml.safe_dump(clinic, allow_unicode=True)


@settings(
    max_examples=max(4, settings.default.max_examples // 25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    clinic=clinic_at_limits(),
    drill=drill_at_limits(),
    title=text_up_to(200),
    summary=text_up_to(400),
    cta=st.fixed_dictionaries(
        {"headline": text_up_to(MAX_CTA_HEADLINE), "text": text_up_to(MAX_CTA_TEXT)}
    ),
)
def test_fields_at_their_limits_build_in_bounded_time(
    clinic: str, drill: str, title: str, summary: str, cta: dict[str, str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        article = markdown(
            {"title": title, "summary": summary, "drills": ["calf-raise"], "cta": cta},
            ["Calves carry you."],
        )
        write_site(root, {"clinic.yaml": clinic, "drills/calf-raise.md": drill})
        write_site(root, {"articles/calves.md": article})
        with time_bound(120):
            # in regular and large print: the box and band hold them at 18 pt too
            report = build_site(root, Path(tmp) / "out", BuildOptions(jobs=1, large_print=True))
            assert report.ok, [str(d) for d in report.diagnostics.errors]
            render_for_a_patient(root, {"name": "Ana", "therapist": "Sam", "notes": None})
