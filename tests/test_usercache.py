"""What is kept between runs: found again by its content's name, and anything damaged,
foreign or written by another version is ignored rather than trusted."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from handouts import usercache

VALUE = ({"widths": {32: 317.87, 33: 400.5}, "name": b"DejaVuSans"}, [(1, 2, 3)], "x")


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "handouts" / "kind"


def test_a_kept_value_comes_back_as_it_was(cache: Path) -> None:
    entry = usercache.name("some input")
    assert usercache.read("kind", entry, "v1") is None
    usercache.write("kind", entry, "v1", VALUE)
    assert usercache.read("kind", entry, "v1") == VALUE
    assert [path.name for path in cache.iterdir()] == [f"{entry}.marshal"]


def test_entries_are_named_by_content() -> None:
    assert usercache.name("a", "bc") == usercache.name(b"a", b"bc")
    assert usercache.name("a", "bc") != usercache.name("ab", "c")
    assert len(usercache.name(b"\0" * 10)) == 64


def test_another_version_reads_nothing_and_writes_its_own(cache: Path) -> None:
    usercache.write("kind", "entry", "v1", VALUE)
    assert usercache.read("kind", "entry", "v2") is None
    usercache.write("kind", "entry", "v2", "newer")
    assert usercache.read("kind", "entry", "v2") == "newer"
    assert usercache.read("kind", "entry", "v1") is None


def damaged(entry: bytes) -> list[bytes]:
    header = entry[: entry.index(b"\n") + 1]
    flipped = bytearray(entry)
    flipped[-3] ^= 0xFF
    garbage = b"not marshal data at all"
    crc = usercache._crc(garbage)
    return [
        b"",
        entry[: len(entry) // 2],  # cut short
        bytes(flipped),  # a byte changed
        header.replace(b"handouts ", b"handouts cpython-0 ") + entry[len(header) :],
        header + crc + garbage,  # a right checksum on what is not marshal data
        header + usercache._crc(marshal.dumps(VALUE)[:-1]) + marshal.dumps(VALUE)[:-1],
    ]


@pytest.mark.parametrize("case", range(6))
def test_a_damaged_or_foreign_entry_reads_as_nothing(case: int, cache: Path) -> None:
    usercache.write("kind", "entry", "v1", VALUE)
    path = cache / "entry.marshal"
    path.write_bytes(damaged(path.read_bytes())[case])
    assert usercache.read("kind", "entry", "v1") is None


def test_a_folder_that_cannot_be_written_only_costs_time(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the folder should be")
    usercache.write("kind", "entry", "v1", VALUE)
    assert usercache.read("kind", "entry", "v1") is None


def test_what_is_not_plain_data_is_not_kept(cache: Path) -> None:
    usercache.write("kind", "entry", "v1", {"set": object()})
    assert not cache.exists()


def test_the_folder_follows_xdg_or_the_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.folder("fonts") == tmp_path / "handouts" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/so/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.folder("fonts") == tmp_path / "home" / ".cache" / "handouts" / "fonts"


@pytest.mark.parametrize("home", ["", "relative", "/"])
def test_no_usable_home_keeps_nothing(monkeypatch, home: str) -> None:
    """An empty or relative HOME would put the cache at the root or the current folder."""
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert usercache.folder("fonts") is None


def test_an_entry_is_read_only_by_the_code_that_wrote_it(tmp_path: Path) -> None:
    module = tmp_path / "maker.py"
    module.write_text("LAYOUT = 1\n")
    first = usercache.maker(str(module))
    module.write_text("LAYOUT = 2\n")
    assert usercache.maker(str(module)) != first


def test_the_tests_never_write_into_the_real_cache() -> None:
    folder = usercache.folder("fonts")
    assert folder is not None and not folder.is_relative_to(Path.home())
