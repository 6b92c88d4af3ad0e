"""Markdown parsed by an earlier build is reused, gives the same model and messages, and a
tampered cache file can never run code."""

from __future__ import annotations

import pickle
from pathlib import Path

from handouts.build.parsecache import CACHE_NAME, ParseCache
from handouts.build.site import build_site
from handouts.diagnostics import Diagnostics
from handouts.load.loader import load_site
from handouts.load.markdown import parse_markdown
from handouts.load.yamlsource import Source
from tests.support.sites import ARTICLE, make_site

BODY = "Some <b>raw</b> text.\n\n- one\n  - two\n\n[link](https://example.org)\n"


def test_a_cached_body_gives_the_same_blocks_and_messages(tmp_path: Path) -> None:
    source = Source("content/articles/calves.md", line_offset=5)
    fresh = Diagnostics()
    expected = parse_markdown(BODY, source, fresh, allow_marker=True)

    first = ParseCache.load(tmp_path)
    first.parse(BODY, source, Diagnostics(), allow_marker=True)
    first.save()
    second = ParseCache.load(tmp_path)
    assert len(second.entries) == 1
    found = Diagnostics()
    assert second.parse(BODY, source, found, allow_marker=True) == expected
    assert found.items == fresh.items and found.items  # the raw-HTML warning survives


def test_a_build_reuses_the_cache_and_reports_the_same_warnings(tmp_path: Path) -> None:
    make_site(tmp_path, {"articles/calves.md": ARTICLE + "\nSome <b>raw</b> text.\n"})
    out = tmp_path / "out"
    first = build_site(tmp_path, out)
    assert (out / CACHE_NAME).is_file()
    second = build_site(tmp_path, out)
    assert [str(d) for d in second.diagnostics.items] == [str(d) for d in first.diagnostics.items]
    assert (
        load_site(tmp_path).site.articles
        == load_site(tmp_path, parse=ParseCache.load(out).parse).site.articles
    )  # type: ignore[union-attr]


class _Exploit:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (Path("/tmp/handouts-cache-exploit"),))


def test_a_tampered_cache_is_ignored_and_runs_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/handouts-cache-exploit")
    marker.unlink(missing_ok=True)
    (tmp_path / CACHE_NAME).write_bytes(pickle.dumps({"key": _Exploit()}))
    assert ParseCache.load(tmp_path).entries == {}
    assert not marker.exists()
    (tmp_path / CACHE_NAME).write_bytes(b"not a pickle at all")
    assert ParseCache.load(tmp_path).entries == {}
