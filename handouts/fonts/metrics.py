"""Parsed fonts kept between runs, so each command does not parse the same TTF files anew.

ReportLab parses a TrueType file in pure Python: for the four DejaVu faces that is about
40 ms of every command that measures or prints text, more than laying out a whole
handout. What parsing yields depends only on the font's bytes and on the ReportLab that
parsed it, so it is kept in the user's cache folder (`usercache`, kind "fonts"), one
entry per font named by the SHA-256 of its bytes, never by its path. An entry that is
not what this code writes is ignored, and the font parsed again.

A font rebuilt from an entry has exactly the attributes a fresh parse gives, so PDFs are
byte-identical with and without the cache (tests compare both).
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .. import usercache

KIND = "fonts"
# What made an entry: bump the first number when what an entry holds changes.
VERSION = f"font-1 reportlab-{reportlab.Version}"
# Set per font from the file itself, not kept: its bytes, its path, a scaling function.
_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")
_PLAIN = (int, float, str, bytes, bool, list, dict, tuple, type(None))
# What measuring and embedding a face reads, as the parser makes them.
_REQUIRED = {
    "unitsPerEm": int,
    "charToGlyph": dict,
    "glyphToChar": dict,
    "charWidths": dict,
    "hmetrics": list,
    "glyphPos": list,
    "table": dict,
}


def load_font(name: str, path: Path) -> TTFont:
    """The font in `path`, registered under `name`: rebuilt from its kept entry when
    there is a good one, else parsed (and kept, when it can be)."""
    data = path.read_bytes()
    entry = usercache.name(data)
    font = _restored(name, path, data, usercache.read(KIND, entry, VERSION))
    if font is None:
        font = TTFont(name, str(path))
        _keep(font, entry)
    return font


def _restored(name: str, path: Path, data: bytes, kept: object) -> TTFont | None:
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return None
    plain, names = kept
    if not (_well_formed(plain, _PLAIN) and _well_formed(names, bytes)):
        return None
    if any(type(plain.get(key)) is not kind for key, kind in _REQUIRED.items()):
        return None
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(plain)
    vars(face).update({key: TTFNameBytes(value) for key, value in names.items()})
    face.filename = str(path)
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    return _font(name, face)


def _font(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around `face`, as `TTFont(name, file)` makes one (a test compares them)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _scale(units_per_em: int) -> Callable[[float], float]:
    """Font units to 1/1000 em, computed as ReportLab's parser does."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _well_formed(value: object, kinds: type | tuple[type, ...]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, kinds) for key, item in value.items()
    )


def _keep(font: TTFont, entry: str) -> None:
    attributes = {k: v for k, v in vars(font.face).items() if k not in _NOT_KEPT}
    names = {k: bytes(v) for k, v in attributes.items() if isinstance(v, TTFNameBytes)}
    plain = {k: v for k, v in attributes.items() if k not in names}
    usercache.write(KIND, entry, VERSION, (plain, names))
