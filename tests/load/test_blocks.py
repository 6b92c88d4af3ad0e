"""The blocks real clinic articles use, as the loader reads them: callouts, quotes,
tables, figures, and a drill's caution, video and easier/harder versions."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from PIL import Image

from handouts.build.parsecache import ParseCache
from handouts.diagnostics import Diagnostics
from handouts.load.loader import load_site
from handouts.load.markdown import READABLE_COLUMNS, parse_markdown, well_formed
from handouts.load.yamlsource import Source
from handouts.model import (
    Callout,
    CalloutKind,
    DrillCards,
    Emphasis,
    Figure,
    Paragraph,
    Quote,
    Table,
    Text,
    iter_pictures,
    iter_text,
)
from tests.support.sites import ARTICLE, DRILL, make_site


def parse(text: str, *, article: bool = True) -> tuple[tuple[object, ...], list[str]]:
    found = Diagnostics()
    blocks = parse_markdown(text, Source("a.md"), found, allow_marker=article)
    return blocks, [str(d) for d in found.items]


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, "PNG")
    return out.getvalue()


def with_body(body: str) -> dict[str, str | bytes]:
    return {"articles/calves.md": ARTICLE.replace("Calves carry you.\n", body)}


def messages(root: Path) -> list[str]:
    return [str(d) for d in load_site(root).diagnostics.items]


# --- callouts and quotes -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CalloutKind))
def test_each_alert_becomes_a_labelled_callout(kind: CalloutKind) -> None:
    blocks, found = parse(f"> [!{kind.name}]\n> Stop if it *hurts*.\n")
    assert found == []
    assert blocks == (
        Callout(kind, (Paragraph((Text("Stop if it "), Emphasis((Text("hurts"),)), Text("."))),)),
    )
    assert kind.label in iter_text(blocks)  # `check` sees the label word too


def test_an_alert_may_stand_alone_on_its_line_before_several_blocks() -> None:
    blocks, found = parse("> [!tip]\n>\n> First.\n>\n> - a\n")
    assert found == []
    assert isinstance(blocks[0], Callout) and blocks[0].kind is CalloutKind.TIP
    assert len(blocks[0].blocks) == 2


def test_an_unknown_alert_is_a_located_error_naming_the_ones_there_are() -> None:
    _, found = parse("Text.\n\n> [!DANGER]\n> Careful.\n")
    assert found == [
        "a.md:3: error: unknown callout '[!DANGER]' (use one of: NOTE, TIP, IMPORTANT,"
        " WARNING, CAUTION)"
    ]
    _, found = parse("> [!WARNIGN]\n> Careful.\n")
    assert found == ["a.md:1: error: unknown callout '[!WARNIGN]' (did you mean 'WARNING'?)"]


def test_a_plain_block_quote_is_a_quote_no_longer_flattened() -> None:
    blocks, found = parse("> Rest was not the cure.\n>\n> > Nested.\n\nAfter.\n")
    assert found == []
    assert blocks == (
        Quote(
            (
                Paragraph((Text("Rest was not the cure."),)),
                Quote((Paragraph((Text("Nested."),)),)),
            )
        ),
        Paragraph((Text("After."),)),
    )


def test_an_empty_callout_is_left_out_with_a_warning() -> None:
    blocks, found = parse("> [!NOTE]\n\nText.\n")
    assert blocks == (Paragraph((Text("Text."),)),)
    assert found == ["a.md:1: warning: an empty callout is left out"]


# --- tables ---------------------------------------------------------------------------------


def test_a_pipe_table_is_a_table_not_raw_pipes() -> None:
    blocks, found = parse("| Exercise | Sets |\n|---|---|\n| Bridge | **3** |\n| Plank |\n")
    assert found == []
    (table,) = blocks
    assert isinstance(table, Table)
    assert table.header == ((Text("Exercise"),), (Text("Sets"),))
    assert table.rows[0][0] == (Text("Bridge"),)
    assert table.rows[1] == ((Text("Plank"),), ())  # a short row is filled to the header
    assert "|" not in "".join(iter_text(blocks))


def test_a_table_too_wide_to_read_is_a_located_warning() -> None:
    columns = READABLE_COLUMNS + 1
    text = "Intro.\n\n" + "|" + " c |" * columns + "\n|" + "---|" * columns + "\n"
    blocks, found = parse(text)
    assert isinstance(blocks[1], Table)
    assert found == [
        f"a.md:3: warning: the table has {columns} columns; more than {READABLE_COLUMNS} are"
        " too narrow to read on a card or a phone: split it, or turn it into a list"
    ]


# --- figures --------------------------------------------------------------------------------


def test_an_image_on_its_own_line_is_a_figure_with_its_picture(tmp_path: Path) -> None:
    body = 'Text.\n\n![A calf stretch](assets/stretch.png "Lean in slowly")\n'
    make_site(tmp_path, {**with_body(body), "assets/stretch.png": png(40, 20)})
    result = load_site(tmp_path)
    assert [str(d) for d in result.diagnostics.items] == []
    article = result.site.articles["calves"]  # type: ignore[union-attr]
    figure = article.body[1]
    assert isinstance(figure, Figure)
    assert (figure.alt, figure.caption, figure.line) == ("A calf stretch", "Lean in slowly", 8)
    assert figure.picture is not None and (figure.picture.width, figure.picture.height) == (40, 20)
    assert list(iter_pictures(article.body)) == [figure.picture]


@pytest.mark.parametrize(
    "image, expected",
    [
        (
            "![](assets/stretch.png)",
            "content/articles/calves.md:8: error: the image 'assets/stretch.png' needs a"
            " description of what it shows",
        ),
        (
            "![A stretch](assets/none.png)",
            "content/articles/calves.md:8: error: the image 'assets/none.png' does not exist"
            " under content/",
        ),
        (
            "![A stretch](../secret.png)",
            "content/articles/calves.md:8: error: the image '../secret.png' points outside"
            " content/",
        ),
        (
            "![A stretch](assets/broken.png)",
            "content/articles/calves.md:8: error: the image 'assets/broken.png' is not a PNG or"
            " JPEG image",
        ),
        (
            "![A stretch](/etc/passwd)",
            "content/articles/calves.md:8: error: the image must be a path under content/",
        ),
    ],
)
def test_a_figure_follows_the_drill_image_rules(tmp_path: Path, image: str, expected) -> None:
    files = {"assets/stretch.png": png(), "assets/broken.png": b"not a picture"}
    make_site(tmp_path, {**with_body(f"Text.\n\n{image}\n"), **files})
    (tmp_path / "secret.png").write_bytes(png())
    found = messages(tmp_path)
    assert any(m.startswith(expected) for m in found), found
    assert "calves" in load_site(tmp_path).failed_articles


def test_an_image_inside_a_sentence_is_still_its_description_with_a_warning() -> None:
    blocks, found = parse("See ![a stretch](x.png) here.\n")
    assert blocks == (Paragraph((Text("See a stretch here."),)),)
    assert found == [
        "a.md:1: warning: an image inside a sentence is not shown: put it on a line of its"
        " own; its description is printed instead"
    ]


def test_a_drill_has_no_figures_only_its_image() -> None:
    blocks, found = parse("![a stretch](x.png)\n", article=False)
    assert blocks == (Paragraph((Text("a stretch"),)),)
    assert "use the drill's 'image'" in found[0]


# --- the parse cache -----------------------------------------------------------------------


def test_parsed_blocks_survive_the_cache_and_pass_its_shape_check(tmp_path: Path) -> None:
    text = (
        "> [!WARNING]\n> Stop.\n\n> Quote.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '![Alt](assets/x.png "Cap")\n\n<!-- drills -->\n'
    )
    blocks, _ = parse(text)
    assert well_formed(blocks, allow_marker=True)
    assert not well_formed(blocks, allow_marker=False)  # a drill holds no figures, no marker
    cache = ParseCache(tmp_path / "cache", {})
    cache.parse(text, Source("a.md"), Diagnostics(), allow_marker=True)
    cache.save()
    again = ParseCache.load(tmp_path)
    assert again.parse(text, Source("a.md"), Diagnostics(), allow_marker=True) == blocks
    assert pickle.loads(pickle.dumps(blocks)) == blocks


@pytest.mark.parametrize(
    "tampered",
    [
        Table((), ()),  # no header
        Table(((Text("a"),),), (((Text("1"),), (Text("2"),)),)),  # a row wider than the header
        Callout("danger", (Paragraph((Text("x"),)),)),  # type: ignore[arg-type]
        Quote(()),
        Quote((DrillCards(),)),  # the marker is never inside a quote
        Figure("x.png", "alt", picture="/etc/passwd"),  # type: ignore[arg-type]
    ],
)
def test_a_tampered_cache_entry_is_refused(tampered: object) -> None:
    assert not well_formed((tampered,), allow_marker=True)


# --- drill fields ---------------------------------------------------------------------------

EXTRAS = """\
caution: Stop if you feel sharp pain.
video: https://video.test/calf-raise
easier: Hold a chair.
harder: Do it on one leg.
"""


def test_a_drill_reads_its_caution_video_and_progressions(tmp_path: Path) -> None:
    make_site(tmp_path, {"drills/calf-raise.md": DRILL.replace("---\nRise", EXTRAS + "---\nRise")})
    result = load_site(tmp_path)
    assert result.diagnostics.items == []
    drill = result.site.drills["calf-raise"]  # type: ignore[union-attr]
    assert drill.caution == "Stop if you feel sharp pain."
    assert drill.video == "https://video.test/calf-raise"
    assert (drill.easier, drill.harder) == ("Hold a chair.", "Do it on one leg.")


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "video: javascript:alert(1)",
            "content/drills/calf-raise.md:7:1: error: 'video': 'javascript:alert(1)' uses"
            " 'javascript:'",
        ),
        (
            "video: /videos/calf.mp4",
            "content/drills/calf-raise.md:7:1: error: 'video': '/videos/calf.mp4' is not an"
            " absolute URL",
        ),
        (
            f"video: https://video.test/{'x' * 200}",
            "content/drills/calf-raise.md:7:1: error: 'video' is 219 characters; its QR code"
            " would be too dense",
        ),
        ("easier: [a, b]", "content/drills/calf-raise.md:7:1: error: 'easier' must be text"),
        (
            f"caution: {'Stop. ' * 60}",
            "content/drills/calf-raise.md:7:1: error: 'caution' is longer than 300 characters",
        ),
        (
            "cuation: Stop.",
            "content/drills/calf-raise.md:7:1: error: unknown key 'cuation' (did you mean"
            " 'caution'?)",
        ),
    ],
)
def test_a_bad_drill_field_is_a_located_error(tmp_path: Path, line: str, expected: str) -> None:
    make_site(tmp_path, {"drills/calf-raise.md": DRILL.replace("---\nRise", line + "\n---\nRise")})
    found = messages(tmp_path)
    assert any(m.startswith(expected) for m in found), found
