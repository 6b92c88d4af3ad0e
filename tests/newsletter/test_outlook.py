"""Outlook for Windows lays the email out from the fixed widths in its `<!--[if mso]>`
blocks. mjml-python 1.4 leaves out of that sum any padding shorthand holding a bare `0`
(a padded card column got 600px where the official compiler gives 552px), so the
templates write `0px`; these tests hold that, and compare with the official compiler
where it is installed (bench/setup.sh puts it in bench/node_modules).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from handouts.load.loader import LoadResult, load_site
from handouts.newsletter.mjml import compile_mjml
from handouts.newsletter.render import HTML_TEMPLATE, newsletter_context
from handouts.newsletter.templating import BUILTIN, render
from tests.support.sites import REPO, SITES

MSO = re.compile(r"<!--\[if mso \| IE\]>(.*?)<!\[endif\]-->", re.S)
WIDTH = re.compile(r'width="(\d+)"|width:\s*(\d+)px')
PADDING = re.compile(r'\b(?:inner-)?padding(?:-\w+)?="([^"]*)"')
OFFICIAL = REPO / "bench" / "node_modules" / "mjml"


def outlook_widths(html: str) -> list[str]:
    return [a or b for block in MSO.findall(html) for a, b in WIDTH.findall(block)]


def mjml_source(result: LoadResult) -> str:
    site = result.site
    assert site is not None
    article = next(iter(site.articles.values()))
    return render(site.root, HTML_TEMPLATE, newsletter_context(site, article))


def test_no_padding_in_the_templates_has_a_bare_zero() -> None:
    bare = [
        (path.name, value)
        for path in sorted(BUILTIN.rglob("*.mjml.j2"))
        for value in PADDING.findall(path.read_text(encoding="utf-8"))
        if re.search(r"(?<![\w.])0(?![\w.%])", value)
    ]
    assert bare == []


def test_a_padded_card_column_is_narrower_than_the_message_in_outlook(seed: LoadResult) -> None:
    """The card section's 24px sides leave 552px for its column (600 − 2 × 24)."""
    assert seed.site is not None
    html = compile_mjml(mjml_source(seed), seed.site.root, HTML_TEMPLATE)
    drills = seed.site.articles["ankle-foot-mobility"].drills
    assert outlook_widths(html).count("552") >= len(drills) > 0


@pytest.mark.parametrize("name", ["seed", "awkward", "heel-pain"])
def test_outlook_widths_match_the_official_compiler(
    name: str, request: pytest.FixtureRequest
) -> None:
    node = shutil.which("node")
    if node is None or not OFFICIAL.is_dir():
        pytest.skip("the official mjml compiler is not installed (bash bench/setup.sh)")
    result = load_site(SITES / name) if name == "heel-pain" else request.getfixturevalue(name)
    assert result.site is not None
    source = mjml_source(result)
    script = (
        f"const mjml = require({str(OFFICIAL)!r}); let s = '';"
        "process.stdin.on('data', d => s += d).on('end', () =>"
        " process.stdout.write(mjml(s, {validationLevel: 'skip', fonts: {}}).html));"
    )
    official = subprocess.run(
        [node, "-e", script], input=source, capture_output=True, text=True, check=True
    ).stdout
    ours = compile_mjml(source, result.site.root, HTML_TEMPLATE)
    assert len(outlook_widths(ours)) > 20
    assert outlook_widths(ours) == outlook_widths(official)
