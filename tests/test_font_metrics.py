"""Parsed fonts kept between runs: a kept font is the font a fresh parse gives, known by
its bytes, and a damaged or foreign entry is parsed again, never trusted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from handouts import usercache
from handouts.fonts import metrics
from tests.support.sites import REPO, SITES

FONTS = sorted((REPO / "handouts" / "fonts").glob("*.ttf"))


def same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (bytes is not a font name)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(same, a, b))  # type: ignore[arg-type]
    if isinstance(a, bytes) and hasattr(a, "ustr"):
        return a == b and a.ustr == b.ustr  # type: ignore[attr-defined]
    return a == b


def assert_same_font(kept: TTFont, parsed: TTFont) -> None:
    kept.face.glyphToChar  # noqa: B018  (decoded on first use)
    parsed.face.glyphToChar  # noqa: B018
    ours, theirs = vars(kept.face), vars(parsed.face)
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        if name == "_pdfScale":
            assert [ours[name](x) for x in (0, 1, 1000, 2048, -7.5)] == [
                theirs[name](x) for x in (0, 1, 1000, 2048, -7.5)
            ]
        else:
            assert same(ours[name], theirs[name]), name
    assert sorted(vars(kept)) == sorted(vars(parsed))
    for name in ("fontName", "_asciiReadable", "_shapable"):
        assert same(getattr(kept, name), getattr(parsed, name)), name
    assert kept.encoding.name == parsed.encoding.name
    assert type(kept.state) is type(parsed.state) and not kept.state


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "handouts" / metrics.KIND


@pytest.mark.parametrize("path", FONTS, ids=[path.stem for path in FONTS])
def test_a_kept_font_is_the_font_a_fresh_parse_gives(path: Path, cache: Path) -> None:
    parsed = metrics.load_font("Face", path)  # parsed, and kept
    kept = metrics.load_font("Face", path)
    assert len(list(cache.iterdir())) == 1
    assert_same_font(kept, parsed)
    assert_same_font(kept, TTFont("Face", str(path)))


def test_the_map_only_shaping_reads_is_decoded_when_first_read(cache: Path) -> None:
    parsed = metrics.load_font("Face", FONTS[0])
    kept = metrics.load_font("Face", FONTS[0])
    assert "glyphToChar" not in vars(kept.face)
    assert kept.face.glyphToChar == parsed.face.glyphToChar
    assert "glyphToChar" in vars(kept.face) and "_later" not in vars(kept.face)
    with pytest.raises(AttributeError):
        kept.face.no_such_attribute  # noqa: B018


def test_a_font_is_kept_by_its_bytes_not_its_path(cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere.ttf"
    shutil.copy(FONTS[0], copy)
    metrics.load_font("Face", FONTS[0])
    (entry,) = cache.iterdir()
    written = entry.stat().st_mtime_ns
    kept = metrics.load_font("Face", copy)
    assert list(cache.iterdir()) == [entry] and entry.stat().st_mtime_ns == written
    assert kept.face.filename == str(copy)


@pytest.mark.parametrize(
    "kept",
    [
        7,
        (1, 2, 3),
        ({"a": 1}, {"name": 5}, b""),
        ({"a": {1}}, {}, b""),
        ({"unitsPerEm": "1000"}, {}, b""),
        ({"unitsPerEm": 1000}, {}, b""),
    ],
)
def test_an_entry_of_another_shape_is_parsed_again_and_rewritten(kept, cache: Path) -> None:
    metrics.load_font("Face", FONTS[0])
    entry = usercache.name(FONTS[0].read_bytes())
    good = (cache / f"{entry}.marshal").read_bytes()
    usercache.write(metrics.KIND, entry, metrics.VERSION, kept)
    font = metrics.load_font("Face", FONTS[0])
    assert_same_font(font, TTFont("Face", str(FONTS[0])))
    assert (cache / f"{entry}.marshal").read_bytes() == good


def test_pdfs_are_byte_identical_with_and_without_kept_fonts(tmp_path: Path) -> None:
    """A cold process parses and keeps the fonts, a second one rebuilds them from the
    cache: the English seed and the Arabic and Chinese site (fallback faces, shaping)
    come out byte for byte the same."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    outs = []
    for run in ("parsed", "kept"):
        out = tmp_path / run
        for site, name in ((REPO, "seed"), (SITES / "i18n", "i18n")):
            command = [sys.executable, str(REPO / "cli.py"), "build", "--site", str(site)]
            command += ["--out", str(out / name), "--jobs", "1", "--quiet"]
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.pdf"))})
    assert len(list((tmp_path / "cache" / "handouts" / "fonts").iterdir())) >= 5
    assert len(outs[0]) > 10 and outs[0] == outs[1]
