"""Pictures are opened once, by the loader: what `check` passes, the renderers can draw.

A damaged, cut-short, empty or enormous image is a located error in `check` (at the
`image:` or `logo:` key), never a failed build; the model carries the size it read, and
the renderers size pictures from it.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cli import main
from handouts.build.site import BuildOptions, build_site
from handouts.load.loader import load_site
from handouts.load.pictures import MAX_PIXELS
from handouts.newsletter.render import render_newsletter
from tests.support.sites import CLINIC, DRILL, make_site

WITH_IMAGE = DRILL.replace("---\nRise", "image: assets/photo.png\n---\nRise")
IMAGE_KEY = "content/drills/calf-raise.md:7:1"  # where `image:` stands in WITH_IMAGE
WITH_LOGO = CLINIC + "logo: assets/logo.png\n"
LOGO_KEY = "content/clinic.yaml:5:1"


def encoded(size: tuple[int, int], kind: str, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 40).convert(mode).save(out, kind)
    return out.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int, pixels: bytes) -> bytes:
    """A PNG with valid checksums whose header says `width`×`height` (1-bit grey)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = encoded((60, 40), "PNG")
JPEG = encoded((60, 40), "JPEG")
BROKEN = {
    "empty file": (b"", "is an empty file"),
    "magic bytes only": (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "is damaged or cut short"),
    "PNG cut short": (PNG[: len(PNG) // 2], "is damaged or cut short"),
    "JPEG cut short": (JPEG[: len(JPEG) // 2], "is damaged or cut short"),
    "PNG with a changed byte": (
        PNG[:200] + bytes([PNG[200] ^ 0xFF]) + PNG[201:],
        "is damaged or cut short",
    ),
    # Checksums right, the compressed pixels not: only decoding finds it.
    "PNG with a broken stream": (png_claiming(10, 10, b"not zlib data"), "is damaged or cut"),
    "zero-size PNG": (png_claiming(0, 0, zlib.compress(b"")), "is damaged or cut short"),
}


def site_with(tmp_path: Path, image: bytes, *, logo: bool = False) -> Path:
    files: dict[str, str | bytes] = (
        {"clinic.yaml": WITH_LOGO, "assets/logo.png": image}
        if logo
        else {"drills/calf-raise.md": WITH_IMAGE, "assets/photo.png": image}
    )
    return make_site(tmp_path / "site", files)


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--site", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("logo", [False, True], ids=["drill image", "logo"])
@pytest.mark.parametrize(("data", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_image_is_a_located_error_in_check(
    tmp_path: Path, data: bytes, message: str, logo: bool
) -> None:
    root = site_with(tmp_path, data, logo=logo)
    status, output = check(root)
    key, name = (
        (LOGO_KEY, "'logo' 'assets/logo.png'")
        if logo
        else (IMAGE_KEY, "'image' 'assets/photo.png'")
    )
    assert status == 1, output
    assert f"{key}: error: {name} {message}" in output
    report = build_site(root, tmp_path / "out", BuildOptions(jobs=1))
    assert not any("could not render" in d.message for d in report.diagnostics.items)


@pytest.mark.parametrize(("width", "height"), [(8000, 6000), (12_000, 10_000), (20_000, 20_000)])
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(
    tmp_path: Path, width: int, height: int
) -> None:
    """40 megapixels is the limit; beyond about 89 Pillow warns on the terminal, and
    beyond about 179 it refuses: each says the same located thing, and prints no warning."""
    rows = b"".join(b"\0" + bytes((width + 7) // 8) for _ in range(height))
    root = site_with(tmp_path, png_claiming(width, height, zlib.compress(rows, 9)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would fail the command
        status, output = check(root)
    assert status == 1, output
    assert f"{IMAGE_KEY}: error: 'image' 'assets/photo.png' " in output
    assert f"the limit is {MAX_PIXELS // 1_000_000} megapixels" in output
    assert "Warning" not in output and "Error" not in output


KINDS = [("PNG", m) for m in ("RGB", "RGBA", "L", "LA", "P", "1", "I;16")]
KINDS += [("JPEG", m) for m in ("RGB", "L", "CMYK")]


@pytest.mark.parametrize(("kind", "mode"), KINDS, ids=[f"{k} {m}" for k, m in KINDS])
def test_every_image_check_accepts_builds(tmp_path: Path, kind: str, mode: str) -> None:
    root = site_with(tmp_path, encoded((30, 20), kind, mode))
    assert check(root)[0] == 0
    report = build_site(root, tmp_path / "out", BuildOptions(jobs=1))
    assert report.ok and not report.failed, [str(d) for d in report.diagnostics.errors]


def test_the_model_carries_each_picture_and_its_size(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "clinic.yaml": WITH_LOGO,
            "assets/logo.png": encoded((90, 30), "PNG"),
            "drills/calf-raise.md": WITH_IMAGE.replace("photo.png", "photo.jpg"),
            "assets/photo.jpg": encoded((64, 48), "JPEG"),
        },
    )
    site = load_site(root).site
    assert site is not None and site.clinic.logo is not None
    logo, photo = site.clinic.logo, site.drills["calf-raise"].image
    assert photo is not None
    assert (logo.width, logo.height, logo.format) == (90, 30, "png")
    assert (photo.width, photo.height, photo.format) == (64, 48, "jpeg")
    assert photo.path == (root / "content" / "assets" / "photo.jpg").resolve()


def test_the_newsletter_sizes_a_picture_from_the_model(tmp_path: Path) -> None:
    root = site_with(tmp_path, encoded((300, 200), "PNG"))
    site = load_site(root).site
    assert site is not None
    drill = site.drills["calf-raise"]
    assert drill.image is not None
    narrower = dataclasses.replace(drill, image=dataclasses.replace(drill.image, width=150))
    article = dataclasses.replace(site.articles["calves"], drills=(narrower,))
    html = render_newsletter(site, article).html.decode()
    assert re.search(r'<img[^>]*src="assets/photo.png"[^>]*width="150"', html), html
