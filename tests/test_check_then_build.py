"""What `check` passes, `build` builds.

Anything a renderer needs is validated once, by the loader, and carried in the model, so
the renderers never meet input that `check` did not see. Over generated sites (the
generator of test_fuzz.py, with pictures added: good ones of several kinds, and damaged,
cut short, empty, enormous or missing ones; and senders as people type them):

- when `check` exits 0, `build` builds every output of every article and drill;
- whatever `build` reports as an error is `path:line: error: …` at a content file,
  naming no Python exception.
"""

from __future__ import annotations

import io
import re
import struct
import tempfile
import zlib
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from cli import main
from handouts.build.kinds import CARD, HANDOUT, NEWSLETTER
from handouts.build.site import BuildOptions, build_site
from handouts.freetext import CONTROL
from tests.test_fuzz import CHARS, GOOD_SENDERS, PLAIN, blocks, markdown, sites

LOCATED = re.compile(r"^content/[^:]+:\d+(:\d+)?: error: ")
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Warning)\b|Traceback")


def _encoded(kind: str, mode: str, size: tuple[int, int] = (48, 32)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 40).convert(mode).save(out, kind)
    return out.getvalue()


def _png(width: int, height: int, pixels: bytes) -> bytes:
    """A 1-bit grey PNG with right checksums whose header says `width`×`height`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


_GOOD_PNG, _GOOD_JPEG = _encoded("PNG", "RGB"), _encoded("JPEG", "RGB")
_BOMB_ROWS = b"".join(b"\0" + bytes(1250) for _ in range(10_000))
GOOD_PICTURES = [
    _GOOD_PNG,
    _GOOD_JPEG,
    _encoded("PNG", "RGBA"),
    _encoded("PNG", "P"),
    _encoded("PNG", "I;16"),
    _encoded("JPEG", "CMYK"),
    _encoded("PNG", "L", (2400, 3)),  # a very wide picture
]
BAD_PICTURES: list[bytes | None] = [  # None: the file named is not there
    _GOOD_PNG[: len(_GOOD_PNG) // 2],
    _GOOD_JPEG[: len(_GOOD_JPEG) // 2],
    _png(10, 10, b"not a zlib stream"),
    _png(10_000, 10_000, zlib.compress(_BOMB_ROWS, 9)),  # 100 megapixels
    b"",
    b"%PDF-1.4 not a picture",
    None,
]


URLS_REFUSED = ("javascript:alert(1)", "/relative", "https://exa mple.test", "ftp://clinic.test")
# Text without the control characters that the loader refuses anywhere: sites drawn with
# it pass `check` more often, so that the promise is put to the test more often.
CLEAN = st.one_of(PLAIN, st.text(CHARS, max_size=30)).map(
    lambda text: CONTROL.sub("", text).strip() or "x"
)


def tidy(body: list[str]) -> list[str]:
    """Markdown blocks without control characters, each link target the loader refuses
    replaced by one it accepts, and words of at most 60 characters (test_fuzz.py tries
    the longest; here they would only make every example slow)."""
    refused = re.compile("|".join(rf"\]\({re.escape(url)}\)" for url in URLS_REFUSED))
    tidied = []
    for block in body:
        block = refused.sub("](https://clinic.test/page)", CONTROL.sub("", block))
        tidied.append(re.sub(r"[^ \t]{60,}", "w" * 60, block))
    return tidied


@st.composite
def tidy_sites(draw: st.DrawFn) -> dict[str, str]:
    """A site whose fields have the right types and plausible values (their text and
    bodies still come from the fuzzer's awkward alphabet)."""
    slugs = draw(st.lists(st.sampled_from(["calf-raise", "toe-yoga"]), min_size=1, unique=True))
    clinic: dict[str, object] = {
        "name": draw(st.one_of(CLEAN, st.just("Smith, Jones Physio"))),
        "booking": {"url": "https://clinic.test/book", "label": draw(CLEAN)},
    }
    if draw(st.booleans()):
        clinic["email"] = "front@clinic.test"
    if draw(st.booleans()):
        clinic["newsletter"] = {"from": draw(st.sampled_from(GOOD_SENDERS))}
    files = {"clinic.yaml": yaml.safe_dump(clinic, allow_unicode=True)}
    for slug in slugs:
        dose = {
            "sets": draw(st.sampled_from([1, "2-3"])),
            "reps": draw(st.sampled_from([8, "8-12"])),
        }
        front = {"name": draw(CLEAN), "goal": draw(CLEAN), "dosage": dose}
        files[f"drills/{slug}.md"] = markdown(front, tidy(draw(blocks())))
    chosen = draw(st.lists(st.sampled_from(slugs), unique=True))
    front = {"title": draw(CLEAN), "summary": draw(CLEAN), "drills": chosen}
    files["articles/calves.md"] = markdown(front, tidy(draw(blocks())))
    return files


@st.composite
def sites_with_pictures(draw: st.DrawFn) -> dict[str, str | bytes]:
    """A generated site whose clinic may have a logo and whose drills may have pictures."""
    files: dict[str, str | bytes] = dict(draw(st.one_of(tidy_sites(), tidy_sites(), sites())))
    named = [name for name in sorted(files) if name.startswith("drills/")]
    if draw(st.booleans()):
        named.append("clinic.yaml")
    for name in named:
        bad = draw(st.integers(0, 3)) == 0
        picture = draw(st.sampled_from(BAD_PICTURES if bad else GOOD_PICTURES))
        asset = f"assets/{name.split('/')[-1].split('.')[0]}.png"
        text = files[name]
        assert isinstance(text, str)
        if name == "clinic.yaml":
            files[name] = text + f"logo: {asset}\n"
        elif draw(st.booleans()):
            files[name] = text.replace("---\n", f"---\nimage: {asset}\n", 1)
        else:
            continue
        if picture is not None:
            files[asset] = picture
    return files


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def every_output(files: dict[str, str | bytes]) -> set[str]:
    def slugs(folder: str) -> list[str]:
        return [name[len(folder) : -3] for name in files if name.startswith(folder)]

    outputs = {name for slug in slugs("articles/") for name in HANDOUT.outputs(slug)}
    outputs |= {name for slug in slugs("articles/") for name in NEWSLETTER.outputs(slug)}
    return outputs | {name for slug in slugs("drills/") for name in CARD.outputs(slug)}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=sites_with_pictures())
def test_what_check_passes_build_builds(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "site", Path(tmp) / "out"
        write(root, files)
        checked = CliRunner().invoke(main, ["check", "--site", str(root)])
        assert checked.exit_code in (0, 1), checked.output
        report = build_site(root, out, BuildOptions(jobs=1))
        for error in report.diagnostics.errors:
            assert LOCATED.match(str(error)), str(error)
            assert not EXCEPTION_NAME.search(error.message), str(error)
        event("check passed" if checked.exit_code == 0 else "check found errors")
        if checked.exit_code == 0:
            assert report.ok and not report.failed, report.summary()
            assert every_output(files) <= set(report.built)
