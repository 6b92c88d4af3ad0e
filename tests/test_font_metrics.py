"""Parsed fonts kept between runs: a kept font is the font a fresh parse gives, known by
its bytes, and a damaged or foreign entry is parsed again, never trusted."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

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


@pytest.mark.parametrize("path", FONTS, ids=[path.stem for path in FONTS])
def test_a_kept_font_is_the_font_a_fresh_parse_gives(path: Path, tmp_path: Path) -> None:
    parsed = metrics.load_font("Face", path, tmp_path)  # parsed, and kept
    kept = metrics.load_font("Face", path, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    assert_same_font(kept, parsed)
    assert_same_font(kept, TTFont("Face", str(path)))


def test_a_font_is_kept_by_its_bytes_not_its_path(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    copy = tmp_path / "elsewhere.ttf"
    shutil.copy(FONTS[0], copy)
    metrics.load_font("Face", FONTS[0], cache)
    (entry,) = cache.iterdir()
    written = entry.stat().st_mtime_ns
    kept = metrics.load_font("Face", copy, cache)
    assert list(cache.iterdir()) == [entry] and entry.stat().st_mtime_ns == written
    assert kept.face.filename == str(copy)


def damaged(entry: bytes) -> list[bytes]:
    header = metrics.HEADER.encode()
    flipped = bytearray(entry)
    flipped[len(entry) // 2] ^= 0xFF
    foreign = header.replace(b"reportlab-", b"reportlab-0.")
    body = b"not marshal data at all"
    number = marshal.dumps(7)
    return [
        b"",
        entry[: len(entry) // 2],  # cut short
        bytes(flipped),  # a byte changed
        foreign + entry[len(header) :],  # written by another ReportLab
        header + metrics._crc(body) + body,  # a right checksum on garbage
        header + metrics._crc(number) + number,  # plain data, but not an entry's
    ]


@pytest.mark.parametrize("case", range(6))
def test_a_damaged_or_foreign_entry_is_parsed_again_and_rewritten(case: int, tmp_path) -> None:
    metrics.load_font("Face", FONTS[0], tmp_path)
    (entry,) = tmp_path.iterdir()
    good = entry.read_bytes()
    entry.write_bytes(damaged(good)[case])
    font = metrics.load_font("Face", FONTS[0], tmp_path)
    assert_same_font(font, TTFont("Face", str(FONTS[0])))
    assert entry.read_bytes() == good


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    font = metrics.load_font("Face", FONTS[0], blocked / "fonts")
    assert_same_font(font, TTFont("Face", str(FONTS[0])))
    assert metrics.load_font("Face", FONTS[0], None).face.name == font.face.name


def test_fonts_are_kept_in_the_users_cache_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert metrics.cache_folder() == tmp_path / "handouts" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/so/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert metrics.cache_folder() == tmp_path / "home" / ".cache" / "handouts" / "fonts"


def test_the_tests_never_write_into_the_real_cache() -> None:
    folder = metrics.cache_folder()
    assert folder is not None and not folder.is_relative_to(Path.home())


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
