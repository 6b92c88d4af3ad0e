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

import marshal
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .. import usercache

KIND = "fonts"
# What made an entry: bump the first number when what an entry holds changes.
VERSION = f"font-2 reportlab-{reportlab.Version} {usercache.maker(__file__)}"
# Set per font from the file itself, not kept: its bytes, its path, a scaling function.
_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")
# Read only when text is shaped (Arabic), and half the time of rebuilding a face: kept
# as marshal data of its own, decoded on first use.
_LATER = "glyphToChar"
_PLAIN = (int, float, str, bytes, bool, list, dict, tuple, type(None))
# What measuring and embedding a face reads, as the parser makes them.
_REQUIRED = {
    "unitsPerEm": int,
    "charToGlyph": dict,
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


class KeptFace(TTFontFace):
    """A face rebuilt from a kept entry, the same as a parsed one once its glyph-to-
    characters map is decoded, when something first reads it."""

    def __getattr__(self, attribute: str) -> Any:
        later = self.__dict__.get("_later")
        if attribute != _LATER or later is None:
            raise AttributeError(attribute)
        value = marshal.loads(later)
        if not isinstance(value, dict):  # damaged as it was kept: from the file itself
            value = getattr(TTFontFace(self.filename), _LATER)
        # set before the kept bytes go: a thread asking meanwhile decodes them too
        self.__dict__[_LATER] = value
        self.__dict__.pop("_later", None)
        return value


def _restored(name: str, path: Path, data: bytes, kept: object) -> TTFont | None:
    if not (isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[2], bytes)):
        return None
    plain, names, later = kept
    if not (_well_formed(plain, _PLAIN) and _well_formed(names, bytes)):
        return None
    if any(type(plain.get(key)) is not kind for key, kind in _REQUIRED.items()):
        return None
    face = KeptFace.__new__(KeptFace)
    face.__dict__.update(plain)
    face._later = later
    face.__dict__.update({key: TTFNameBytes(value) for key, value in names.items()})
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
    plain = {k: v for k, v in attributes.items() if k not in names and k != _LATER}
    try:
        later = marshal.dumps(attributes[_LATER])
    except (KeyError, ValueError):  # nothing to keep
        return
    usercache.write(KIND, entry, VERSION, (plain, names, later))
