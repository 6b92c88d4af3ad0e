"""Markdown parsed by an earlier build is reused, gives the same model and messages, and a
tampered cache file can never run code."""

from __future__ import annotations

import functools
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.build.parsecache import CACHE_NAME, ParseCache
from handouts.build.site import build_site
from handouts.diagnostics import Diagnostic, Diagnostics, Location, Severity
from handouts.load.loader import load_site
from handouts.load.markdown import parse_markdown, well_formed
from handouts.load.yamlsource import Source
from handouts.model import (
    BulletList,
    DrillCards,
    Heading,
    Link,
    ListItem,
    Paragraph,
    Strong,
    Text,
)
from tests.support.sites import ARTICLE, make_site
from tests.test_fuzz import blocks

BODY = "Some <b>raw</b> text.\n\n- one\n  - two\n\n[link](https://example.org)\n"
SOURCE = Source("content/articles/calves.md", line_offset=5)


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


def cached(tmp_path: Path, body: str, entry: object, *, allow_marker: bool = True) -> Diagnostics:
    """Parse `body` through a cache whose entry for it was replaced by `entry`; the
    messages the parse gave."""
    first = ParseCache.load(tmp_path)
    first.parse(body, SOURCE, Diagnostics(), allow_marker=allow_marker)
    first.save()
    entries = pickle.loads((tmp_path / CACHE_NAME).read_bytes())
    (key,) = entries
    (tmp_path / CACHE_NAME).write_bytes(pickle.dumps({key: entry}))
    found = Diagnostics()
    parsed = ParseCache.load(tmp_path).parse(body, SOURCE, found, allow_marker=allow_marker)
    assert parsed == parse_markdown(body, SOURCE, Diagnostics(), allow_marker=allow_marker)
    return found


WARNING = Diagnostic(Location("content/articles/calves.md", 6), Severity.WARNING, "note")
FORGED = {
    "a javascript: link": (Paragraph((Link("javascript:alert(1)", (Text("x"),)),)),),
    "a file: link": (Paragraph((Link("file:///etc/passwd", (Text("x"),)),)),),
    "a link that is not text": (Paragraph((Link(b"https://x.test", ()),)),),  # type: ignore[arg-type]
    "text that is not text": (Paragraph((Text(42),)),),  # type: ignore[arg-type]
    "a heading level 7": (Heading(7, (Text("x"),)),),
    "a block where an inline goes": (Paragraph((Paragraph(()),)),),  # type: ignore[arg-type]
    "a list instead of a tuple": [Paragraph((Text("x"),))],
    "an empty list": (BulletList(()),),
    "two drill markers": (DrillCards(), DrillCards()),
    "a marker in a list": (BulletList((ListItem((DrillCards(),)),)),),
    "lists nested too deep": functools.reduce(
        lambda inner, _: (BulletList((ListItem(inner),)),), range(9), (Paragraph(()),)
    ),
    "emphasis nested too deep": (
        Paragraph(functools.reduce(lambda inner, _: (Strong(inner),), range(21), ())),
    ),
}


@pytest.mark.parametrize("blocks", FORGED.values(), ids=FORGED.keys())
def test_a_forged_entry_is_parsed_again(tmp_path: Path, blocks: object) -> None:
    cached(tmp_path, BODY, (blocks, [WARNING]))


@pytest.mark.parametrize(
    "message",
    [
        Diagnostic(Location("content/clinic.yaml", 1), Severity.ERROR, "elsewhere"),
        Diagnostic(Location("content/articles/calves.md", 1), Severity.ERROR, "\x1b[2Jcleared"),
        Diagnostic(Location("content/articles/calves.md", "1"), Severity.ERROR, "x"),  # type: ignore[arg-type]
        "content/articles/calves.md:1: error: a message that is not one",
    ],
)
def test_forged_messages_are_parsed_again(tmp_path: Path, message: object) -> None:
    found = cached(tmp_path, BODY, ((Paragraph((Text("x"),)),), [message]))
    assert message not in found.items


def test_a_drill_marker_is_only_taken_from_the_cache_for_an_article(tmp_path: Path) -> None:
    found = cached(tmp_path, "Rise.\n", ((DrillCards(),), []), allow_marker=False)
    assert not found.items


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=blocks(), allow_marker=st.booleans())
def test_every_fresh_parse_is_one_the_cache_accepts(body: list[str], allow_marker: bool) -> None:
    """Else the cache would parse such bodies again on every build: slow, never wrong."""
    parsed = parse_markdown("\n\n".join(body), SOURCE, Diagnostics(), allow_marker=allow_marker)
    assert well_formed(parsed, allow_marker=allow_marker)
