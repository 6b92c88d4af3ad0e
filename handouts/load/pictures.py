"""Pictures named in content files (the logo, drill photos), opened once, here, with Pillow.

A file passes only when the renderers can use it as it is: a PNG or JPEG that decodes to
the end (neither cut short nor damaged) and has at most `MAX_PIXELS` pixels, so that a
"decompression bomb" (a small file that unpacks to gigabytes) is refused before it is
decoded. Checking the first bytes is not enough: a damaged file then passes `check` and
fails the build. The model keeps the size read here, so no renderer measures it again.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Picture
from .files import NotRegular, TooLarge, read_regular

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's name of each format read; MPO is a JPEG with extra frames (a camera's).
FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg"}
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


class PictureError(ValueError):
    """What is wrong with a picture, said to the person who chose the file."""


def picture_under(content_dir: Path, value: str, name: str) -> Picture:
    """The picture `value` names, a path under content/ (resolved through any symlinks),
    opened and measured: the one rule for the logo, drill photos and article figures.
    PictureError says what is wrong, starting with `name` (how the text names it)."""
    relative = Path(value)
    if relative.is_absolute() or value.startswith(("/", "\\")):
        raise PictureError(f"{name} must be a path under content/, like assets/logo.png")
    root = content_dir.resolve()
    path = (content_dir / relative).resolve()
    if not path.is_relative_to(root):
        raise PictureError(f"{name} '{value}' points outside content/")
    if not path.exists():
        raise PictureError(f"{name} '{value}' does not exist under content/")
    try:
        return read_picture(path)
    except OSError as exc:
        raise PictureError(f"{name} '{value}' cannot be read: {exc.strerror}") from None
    except PictureError as exc:
        raise PictureError(f"{name} '{value}' {exc}") from None


def read_picture(path: Path) -> Picture:
    """`path` opened, checked and measured; PictureError (or OSError) says what is wrong."""
    try:
        data = read_regular(path, MAX_BYTES)
    except TooLarge:
        raise PictureError(f"is larger than {MAX_BYTES // 2**20} MB") from None
    except NotRegular as exc:
        raise PictureError(str(exc)) from None
    if not data:
        raise PictureError("is an empty file")
    if not data.startswith(_MAGIC):
        raise PictureError("is not a PNG or JPEG image")
    width, height, kind, tones, opaque = _decode(data)
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return Picture(path, width, height, kind, digest, tones, opaque)


def _decode(data: bytes) -> tuple[int, int, str, tuple[float, ...], bool]:
    from PIL import Image  # on first use: `check` of a site without pictures never needs it

    damaged = PictureError("is damaged or cut short: open it and save it again as PNG or JPEG")
    try:
        # Pillow warns (on the terminal) about a size it finds suspicious before refusing
        # it at twice that; the limit here is lower, and said in the message instead.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                width, height = image.size
                kind = FORMATS[image.format or ""]
                _check_pixels(width, height)
                image.verify()  # checksums: a changed byte
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                # Decoding to the end finds what the checksums cannot: a file cut short, a
                # broken stream. A JPEG decodes at 1/8 scale, which still reads every byte.
                image.draft(image.mode, (1, 1))
                image.load()
                tones, opaque = _tones(image)
    except PictureError:
        raise
    except Image.DecompressionBombError:
        raise PictureError(_too_many(None)) from None
    except Exception:  # a decoder meeting a broken file may raise anything (OSError, …)
        raise damaged from None
    if width < 1 or height < 1:
        raise damaged
    return width, height, kind, tones, opaque


def _tones(image: Image.Image) -> tuple[tuple[float, ...], bool]:
    """The relative luminance (WCAG) of the picture's visible pixels at each tenth, from
    the darkest up, and whether it has no see-through parts: what decides where a logo
    shows (see colours.shows_on)."""
    from ..colours import channel_luminance

    rgba = image.convert("RGBA").resize((32, 32)).tobytes()
    pixels = [rgba[i : i + 4] for i in range(0, len(rgba), 4)]
    weights = (0.2126, 0.7152, 0.0722)
    visible = [
        sum(w * channel_luminance(c) for w, c in zip(weights, pixel[:3], strict=True))
        for pixel in pixels
        if pixel[3] >= 128
    ]
    opaque = min(pixel[3] for pixel in pixels) >= 250
    if not visible:
        return (), opaque
    visible.sort()
    tones = tuple(round(visible[len(visible) * k // 10], 4) for k in range(1, 10))
    return tones, opaque


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise PictureError(_too_many((width, height)))


def _too_many(size: tuple[int, int] | None) -> str:
    limit = f"the limit is {MAX_PIXELS // 1_000_000} megapixels: scale it down"
    if size is None:
        return f"has far too many pixels; {limit}"
    width, height = size
    return f"is {width:,}×{height:,} pixels ({width * height / 1e6:.0f} megapixels); {limit}"
