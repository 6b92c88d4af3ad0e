"""Content never becomes code: markup, HTML, MJML and Jinja typed into any field print literally.

Each payload is put into every field that reaches an output, behind a label naming the
field ("TITLE <script>…"). For every output format the labelled payload must read back
as the characters typed, and the output must have exactly the structure (PDF images and
links; HTML elements and attribute names; .eml parts) of the same site with harmless
words in those fields: nothing was rendered, loaded or evaluated.
"""

from __future__ import annotations

import email.policy
import functools
import io
import pickle
import tempfile
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from cli import main
from handouts.build.parsecache import CACHE_NAME
from handouts.build.site import BuildOptions, build_site
from handouts.model import Link, Paragraph, Text
from tests.support.pdf import page_texts, reader, squash

PAYLOADS = [
    "<font size=40>big</font>",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:x">click</a>',
    "<para>p</para>",
    "line<br/>break",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    "<mj-raw>raw</mj-raw>",
    '<mj-include path="/etc/passwd" />',
    "{{ 7*7 }}",
    '{% include "x" %}',
    "{{ config }}",
]
HARMLESS = "plain words"

# Where each labelled field is printed. Patient fields reach only their own handout;
# the address only the email footer; the booking's default call to action shows in the
# article without a `cta` of its own ("feet").
PDF_FIELDS = [
    "CLINIC",
    "TAGLINE",
    "PHONE",
    "LABEL",
    "TITLE",
    "SUMMARY",
    "HEADING",
    "PARAGRAPH",
    "BULLET",
    "NESTED",
    "LINKTEXT",
    "DRILLNAME",
    "GOAL",
    "EQUIPMENT",
    "NOTE",
    "CAUTION",
    "STEP",
    "EASIER",
    "HARDER",
    "CALLOUT",
    "QUOTE",
    "HEADCELL",
    "CELL",
    "CAPTION",
    "CTAHEAD",
    "CTATEXT",
]
CARD_FIELDS = ["CLINIC", "LABEL", "PHONE", "DRILLNAME", "GOAL", "EQUIPMENT", "NOTE", "CAUTION"]
CARD_FIELDS += ["STEP", "EASIER", "HARDER"]
# A figure's description is what the text part prints in its place, and the HTML's alt.
ALT = "ALT"
DEFAULT_CTA_FIELDS = ["BOOKHEAD", "BOOKTEXT"]
EMAIL_FIELDS = [*PDF_FIELDS, "ADDRESS"]
PATIENT_FIELDS = ["PATIENT", "THERAPIST", "NOTES", "DRILLNOTE", "PATIENTHEAD", "PATIENTTEXT"]
# A patient's handout ends with the clinic's patient box, not the article's pitch.
PATIENT_PDF_FIELDS = [f for f in PDF_FIELDS if f not in ("CTAHEAD", "CTATEXT")] + PATIENT_FIELDS


def write_site(root: Path, payload: str) -> Path:
    def say(label: str) -> str:
        return f"{label} {payload}"

    clinic = {
        "name": say("CLINIC"),
        "tagline": say("TAGLINE"),
        "address": say("ADDRESS"),
        "phone": say("PHONE"),
        "booking": {
            "url": "https://clinic.test/book",
            "label": say("LABEL"),
            "headline": say("BOOKHEAD"),
            "text": say("BOOKTEXT"),
            "patient_headline": say("PATIENTHEAD"),
            "patient_text": say("PATIENTTEXT"),
        },
    }
    drill = {
        "name": say("DRILLNAME"),
        "goal": say("GOAL"),
        "equipment": [say("EQUIPMENT")],
        "dosage": {"sets": 2, "reps": 10, "note": say("NOTE")},
        "caution": say("CAUTION"),
        "easier": say("EASIER"),
        "harder": say("HARDER"),
        "video": "https://video.test/calf-raise",
    }
    article = {
        "title": say("TITLE"),
        "summary": say("SUMMARY"),
        "drills": ["calf-raise"],
        "cta": {"headline": say("CTAHEAD"), "text": say("CTATEXT")},
    }
    caption = say("CAPTION").replace('"', '\\"')  # a title in quotes: escape them
    body = (
        f"## {say('HEADING')}\n\n{say('PARAGRAPH')}\n\n- {say('BULLET')}\n\n"
        f"  1. {say('NESTED')}\n\n[{say('LINKTEXT')}](https://clinic.test/more)\n\n"
        f"> [!WARNING]\n> {say('CALLOUT')}\n\n> {say('QUOTE')}\n\n"
        f"| {say('HEADCELL')} | Sets |\n|---|---|\n| {say('CELL')} | 3 |\n\n"
        f'![{say(ALT)}](assets/x.png "{caption}")\n'
    )
    files = {
        "clinic.yaml": yaml.safe_dump(clinic),
        "drills/calf-raise.md": front(drill) + say("STEP") + "\n",
        "articles/calves.md": front(article) + body,
        "articles/feet.md": front({"title": "Feet", "summary": "Feet too."}) + "Feet.\n",
    }
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    picture = io.BytesIO()
    Image.new("RGB", (60, 30), "#336699").save(picture, "PNG")
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "x.png").write_bytes(picture.getvalue())
    return root


def front(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data) + "---\n"


@functools.cache
def outputs(payload: str) -> dict[str, bytes]:
    """Every output of the site carrying `payload`, by its name under the out folder."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_site(Path(tmp) / "site", payload)
        out = Path(tmp) / "out"
        report = build_site(root, out, BuildOptions(jobs=1))
        assert report.ok and not report.failed, [str(d) for d in report.diagnostics.errors]
        patient = out / "patient.pdf"
        result = CliRunner().invoke(
            main,
            [
                *("handout", "calves", "--site", str(root), "-o", str(patient)),
                *("--patient", f"PATIENT {payload}", "--therapist", f"THERAPIST {payload}"),
                *("--notes", f"NOTES {payload}", "--date", "2026-11-20"),
                *("--drill-note", f"calf-raise=DRILLNOTE {payload}"),
            ],
        )
        assert result.exit_code == 0, result.output
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.*")}


def labelled(fields: list[str], payload: str) -> list[str]:
    return [f"{field} {payload}" for field in fields]


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def pdf_structure(pdf: bytes) -> tuple[int, list[str]]:
    """How many images the PDF holds, and the targets of its links."""
    targets = []
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                targets.append(str(action.get("/URI")))
    return pdf.count(b"/Subtype /Image"), targets


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("handouts/calves.pdf", PDF_FIELDS),
        ("handouts/feet.pdf", DEFAULT_CTA_FIELDS),
        ("cards/calf-raise.pdf", CARD_FIELDS),
        ("patient.pdf", PATIENT_PDF_FIELDS),
    ],
)
def test_pdfs_print_the_payload_literally(name: str, fields: list[str], payload: str) -> None:
    pdf = outputs(payload)[name]
    text = pdf_text(pdf)
    for expected in labelled(fields, payload):
        assert squash(expected) in text, expected
    assert "49" not in text
    assert pdf_structure(pdf) == pdf_structure(outputs(HARMLESS)[name])


# --- HTML --------------------------------------------------------------------------------


class _Structure(HTMLParser):
    """The elements with their attribute names, and the text, as a browser would see it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def html_structure(html: str) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.elements, " ".join(" ".join(parser.texts).split())


def check_html(html: str, baseline: str, payload: str) -> None:
    elements, text = html_structure(html)
    for expected in labelled(EMAIL_FIELDS, payload):
        assert expected in text, expected
    assert "49" not in text
    assert elements == html_structure(baseline)[0]


def check_text(text: str, payload: str) -> None:
    words = " ".join(text.split())
    for expected in labelled([*EMAIL_FIELDS, ALT], payload):
        assert expected in words, expected
    assert "49" not in words


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_newsletter_html_shows_the_payload_as_text(payload: str) -> None:
    html = outputs(payload)["newsletters/calves.html"].decode()
    check_html(html, outputs(HARMLESS)["newsletters/calves.html"].decode(), payload)
    feet = html_structure(outputs(payload)["newsletters/feet.html"].decode())[1]
    for expected in labelled(DEFAULT_CTA_FIELDS, payload):
        assert expected in feet


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_figure_description_is_the_image_alt_as_typed(payload: str) -> None:
    html = outputs(payload)["newsletters/calves.html"].decode()
    parser = _Images()
    parser.feed(html)
    assert f"{ALT} {payload}" in parser.alts


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_plain_text_part_prints_the_payload_as_typed(payload: str) -> None:
    check_text(outputs(payload)["newsletters/calves.txt"].decode(), payload)
    feet = " ".join(outputs(payload)["newsletters/feet.txt"].decode().split())
    for expected in labelled(DEFAULT_CTA_FIELDS, payload):
        assert expected in feet


# --- .eml --------------------------------------------------------------------------------


def message(payload: str) -> EmailMessage:
    eml = outputs(payload)["newsletters/calves.eml"]
    parsed = email.message_from_bytes(eml, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_eml_parts_and_subject_carry_the_payload_as_typed(payload: str) -> None:
    parsed, baseline = message(payload), message(HARMLESS)
    assert parsed["Subject"] == f"TITLE {payload}"
    assert [p.get_content_type() for p in parsed.walk()] == [
        p.get_content_type() for p in baseline.walk()
    ]
    check_text(parsed.get_body(("plain",)).get_content(), payload)  # type: ignore[union-attr]
    html = parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    check_html(html, baseline.get_body(("html",)).get_content(), payload)  # type: ignore[union-attr]


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<" in p])
def test_the_raw_html_never_holds_a_payload_unescaped(payload: str) -> None:
    """A belt to the structural braces above: the payload's markup is not in the bytes."""
    assert payload.encode() not in outputs(payload)["newsletters/calves.html"]


# --- the parse cache in the out folder ---------------------------------------------------

REFUSED_LINKS = ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>")


def test_a_tampered_parse_cache_changes_no_output(tmp_path: Path) -> None:
    """Parsed bodies are cached in the out folder, which is not the tool's alone. An entry
    rebuilt from the model's own classes gets past the unpickler, so it must also pass the
    parser's rules (here: its links), or the body is parsed again."""
    root = write_site(tmp_path / "site", HARMLESS)
    out = tmp_path / "out"
    assert build_site(root, out, BuildOptions(jobs=1)).ok
    cache = out / CACHE_NAME
    entries = pickle.loads(cache.read_bytes())
    links = tuple(Link(url, (Text(f"LINK {url}"),)) for url in REFUSED_LINKS)
    for key, (blocks, messages) in entries.items():
        entries[key] = ((Paragraph(links), *blocks), messages)
    cache.write_bytes(pickle.dumps(entries))

    report = build_site(root, out, BuildOptions(jobs=1, force=True))
    assert report.ok and report.built
    for name in ("handouts/calves.pdf", "cards/calf-raise.pdf"):
        assert pdf_structure((out / name).read_bytes()) == pdf_structure(outputs(HARMLESS)[name])
    html = (out / "newsletters/calves.html").read_text(encoding="utf-8")
    eml = (out / "newsletters/calves.eml").read_bytes()
    for url in REFUSED_LINKS:
        assert url not in html and url.encode() not in eml
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.*")}
    assert {name: built[name] for name in report.built} == {
        name: outputs(HARMLESS)[name] for name in report.built
    }
