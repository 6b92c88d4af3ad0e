"""An article's figures are inputs of its outputs, like drill photos: a changed picture
rebuilds the handout and the newsletter, and the HTML's copy beside it for a preview."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from handouts.build import BuildOptions, build_site
from handouts.check import check_site
from tests.support.sites import SITES, copy_site


def test_a_changed_figure_rebuilds_its_article_and_its_preview_copy(tmp_path: Path) -> None:
    root = copy_site(SITES / "blocks", tmp_path / "site")
    clinic = root / "content/clinic.yaml"
    clinic.write_text(
        "\n".join(line for line in clinic.read_text().splitlines() if "asset_base_url" not in line)
    )
    out = root / "out"
    report = build_site(root, out, BuildOptions(jobs=1))
    assert report.ok, [str(d) for d in report.diagnostics.errors]
    assert "newsletters/assets/ankle-range.png" in report.built
    html = (out / "newsletters/ankle-sprain-return.html").read_text()
    assert 'src="assets/ankle-range.png"' in html

    Image.new("RGB", (300, 100), "#222222").save(root / "content/assets/ankle-range.png")
    again = build_site(root, out, BuildOptions(jobs=1))
    assert {
        "handouts/ankle-sprain-return.pdf",
        "newsletters/ankle-sprain-return.html",
        "newsletters/assets/ankle-range.png",
    } <= set(again.built)
    assert not any(name.startswith("cards/") for name in again.built)


def test_check_asks_for_an_asset_base_url_when_only_figures_are_images(tmp_path: Path) -> None:
    root = copy_site(SITES / "blocks", tmp_path / "site")
    clinic = root / "content/clinic.yaml"
    clinic.write_text(
        "\n".join(line for line in clinic.read_text().splitlines() if "asset_base_url" not in line)
    )
    found = [str(d) for d in check_site(root).items]
    assert any("set 'newsletter.asset_base_url'" in message for message in found), found
