"""What the studio's pages say, read as HTML: every item with its problems, and content
shown as the characters typed, never as markup (the injection suite's payloads)."""

from __future__ import annotations

import http.client
import re
from pathlib import Path

import pytest

from tests.serve.conftest import Running, running
from tests.test_injection import (
    HARMLESS,
    PAYLOADS,
    html_structure,
    labelled,
    write_site,
)


def fetch(served: Running, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode()


BUILT = re.compile(r"built \d\d:\d\d:\d\d in \d+ ms")
PAGES = ["/", "/articles/calves", "/articles/feet", "/desk"]
# Where each labelled field shows: the home page lists titles and names, the article
# page its inbox line and plain text, the desk the articles and drills to choose.
SHOWN = {
    "/": ["CLINIC", "TITLE", "DRILLNAME"],
    "/articles/calves": ["CLINIC", "TITLE", "SUMMARY", "PARAGRAPH", "BULLET", "CTAHEAD"],
    "/articles/feet": ["BOOKHEAD", "BOOKTEXT", "ADDRESS"],
    "/desk": ["CLINIC", "TITLE", "DRILLNAME"],
}


def pages_of(root: Path) -> dict[str, str]:
    with running(root) as served:
        found = {}
        for path in PAGES:
            status, html = fetch(served, path)
            assert status == 200, (path, html)
            found[path] = html
        return found


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return pages_of(write_site(tmp_path_factory.mktemp("harmless") / "site", HARMLESS))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_pages_show_the_payload_as_text(
    payload: str, harmless: dict[str, str], tmp_path: Path
) -> None:
    pages = pages_of(write_site(tmp_path / "site", payload))
    for path, html in pages.items():
        elements, text = html_structure(html)
        for expected in labelled(SHOWN[path], payload):
            assert expected in text, (path, expected)
        # A template that ran the payload would print 49; the build's time may hold it.
        assert "49" not in BUILT.sub("", text)
        # no element or attribute that the page does not have with harmless words
        assert set(elements) <= set(html_structure(harmless[path])[0]), path


def test_the_home_page_puts_each_problem_beside_its_item(tmp_path: Path) -> None:
    from tests.support.sites import make_site

    root = make_site(
        tmp_path / "site",
        {
            "articles/broken.md": "---\ntitle: Broken\n---\nNo summary.\n",
            "drills/odd.md": "---\nname: Odd\ngoal: g\ndosage: {sets: 2, reps: 5}\n---\n<b>x</b>\n",
        },
    )
    with running(root) as served:
        status, html = fetch(served, "/")
    assert status == 200
    _, text = html_structure(html)
    assert "broken content/articles/broken.md" in text
    assert (
        "broken content/articles/broken.md"
        " error content/articles/broken.md:2:1 required key 'summary' is missing"
    ) in text
    assert "Odd content/drills/odd.md warning content/drills/odd.md:6 raw HTML" in text
    assert "Calves content/articles/calves.md no problems" in text


def test_an_article_page_links_the_large_print_files_a_build_makes(tmp_path: Path) -> None:
    from tests.serve.conftest import ARTICLE
    from tests.support.sites import SEED_SITE, copy_site

    root = copy_site(SEED_SITE, tmp_path / "site")
    clinic = root / "content" / "clinic.yaml"
    clinic.write_text(clinic.read_text().replace("print:\n", "print:\n  large: true\n"))
    with running(root) as served:
        status, html = fetch(served, f"/articles/{ARTICLE}")
    assert status == 200
    assert f'href="/out/handouts/{ARTICLE}-large.pdf?v=' in html
    assert 'href="/out/cards/toe-yoga-large.pdf?v=' in html
