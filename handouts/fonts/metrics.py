"""Parsed fonts kept between runs, so each command does not parse the same TTF files anew.

ReportLab parses a TrueType file in pure Python: for the four DejaVu faces that is about
40 ms of every command that measures or prints text, more than laying out a whole
handout. What parsing yields depends only on the font's bytes and on the ReportLab that
parsed it, so it is kept in the user's cache folder (`$XDG_CACHE_HOME/handouts/fonts`,
else `~/.cache/handouts/fonts`), one entry per font named by the SHA-256 of its bytes,
never by its path. An entry starts with a header naming the entry layout, the ReportLab
version and the Python that wrote it, and a CRC of the rest; an entry with another
header, a wrong CRC or unexpected contents is ignored, the font parsed again and the
entry rewritten. The rest is `marshal` data of plain values (numbers, strings, bytes,
lists, dicts), which reading cannot turn into running code, as unpickling could.

A font rebuilt from an entry has exactly the attributes a fresh parse gives, so PDFs are
byte-identical with and without the cache (tests compare both).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable
from contextlib import suppress
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

# Bump when what an entry holds changes, so older entries are parsed again.
LAYOUT = 1
HEADER = f"handouts-font {LAYOUT} reportlab-{reportlab.Version} {sys.implementation.cache_tag}\n"
# Set per font from the file itself, not kept: its bytes, its path, a scaling function.
_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")
_PLAIN = (int, float, str, bytes, bool, list, dict, tuple, type(None))


def cache_folder() -> Path | None:
    """Where parsed fonts are kept; None when the user has no home to keep them in."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory known
        return None
    return root / "handouts" / "fonts"


def load_font(name: str, path: Path, folder: Path | None) -> TTFont:
    """The font in `path`, registered under `name`: rebuilt from its entry in `folder`
    when there is a good one, else parsed (and the entry written, when it can be)."""
    data = path.read_bytes()
    entry = folder / f"{hashlib.sha256(data).hexdigest()}.marshal" if folder else None
    font = _restored(name, path, data, entry) if entry else None
    if font is None:
        font = TTFont(name, str(path))
        if entry is not None:
            _keep(font, entry)
    return font


def _restored(name: str, path: Path, data: bytes, entry: Path) -> TTFont | None:
    try:
        kept = entry.read_bytes()
    except OSError:
        return None
    head = HEADER.encode()
    body = kept[len(head) + 4 :]
    if not kept.startswith(head) or kept[len(head) : len(head) + 4] != _crc(body):
        return None
    try:
        plain, names = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not (_well_formed(plain) and _well_formed(names)):
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


def _well_formed(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, _PLAIN) for key, item in value.items()
    )


def _keep(font: TTFont, entry: Path) -> None:
    """Write the parsed face's entry; a font that cannot be kept is simply parsed again."""
    from ..build.write import write_atomic

    attributes = {k: v for k, v in vars(font.face).items() if k not in _NOT_KEPT}
    names = {k: bytes(v) for k, v in attributes.items() if isinstance(v, TTFNameBytes)}
    plain = {k: v for k, v in attributes.items() if k not in names}
    try:
        body = marshal.dumps((plain, names))
    except ValueError:  # something that is not plain data: nothing to keep
        return
    with suppress(OSError):
        write_atomic(entry, HEADER.encode() + _crc(body) + body)


def _crc(body: bytes) -> bytes:
    return zlib.crc32(body).to_bytes(4, "big")
