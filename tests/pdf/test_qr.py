"""The QR code: level M, a four-module quiet zone, drawn as one path, memoised per URL."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from handouts import usercache
from handouts.pdf import qr
from handouts.pdf.qr import QUIET_ZONE, QrCode, _path_code, dark_runs

URL = "https://clinic.example/book?utm_source=handout&utm_medium=print&utm_campaign=x"


def test_the_flowable_is_the_symbol_plus_a_quiet_zone_of_four_modules() -> None:
    code = QrCode(URL, 2.8 * cm)
    assert QUIET_ZONE >= 4
    assert code.module * code.modules == 2.8 * cm
    assert code.width == code.height == (code.modules + 2 * QUIET_ZONE) * code.module


def test_the_module_matrix_is_computed_once_per_url() -> None:
    assert dark_runs(URL) is dark_runs(URL)


def test_the_symbol_is_one_filled_path_not_a_rectangle_per_module() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    code = QrCode(URL, 2.8 * cm)
    code.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    stream = buffer.getvalue().decode("latin-1")
    assert stream.count(" f*") + stream.count(" f\n") <= 2  # the white ground and the path


def drawn(code: QrCode) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    code.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_remembered_path_draws_every_dark_run_and_the_same_bytes_as_a_fresh_one() -> None:
    _path_code.cache_clear()
    fresh = drawn(QrCode(URL, 2.8 * cm))
    assert drawn(QrCode(URL, 2.8 * cm)) == fresh
    assert drawn(QrCode(URL, 2.5 * cm)) != fresh  # another size, scaled otherwise
    _, runs = dark_runs(URL)
    assert fresh.decode("latin-1").count(" re") == len(runs) + 1  # and the white ground


def test_a_matrix_kept_from_an_earlier_run_is_the_one_the_encoder_makes(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    url = f"{URL}-kept"
    encoded = qr._encoded(url)
    dark_runs.cache_clear()
    assert dark_runs(url) == encoded  # made, and kept
    dark_runs.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(qr, "_encoded", lambda data: pytest.fail("encoded again"))
        assert dark_runs(url) == encoded
    assert len(list((tmp_path / "handouts" / qr.KIND).iterdir())) == 1


@pytest.mark.parametrize(
    "kept",
    [
        None,
        (22, ()),  # no QR symbol is 22 modules wide
        (22, ((0, 0, 1),)),
        (21, ((0, 20, 2),)),  # a run past the edge
        (21, ((21, 0, 1),)),  # a row past the bottom
        (21, [(0, 0, 1)]),
        (21, ((0, 0, "1"),)),
        "not a matrix",
    ],
)
def test_a_kept_matrix_of_another_shape_is_encoded_again(
    kept: object, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    url = f"{URL}-damaged"
    entry = usercache.name(qr.LEVEL, url)
    usercache.write(qr.KIND, entry, qr.VERSION, kept)
    dark_runs.cache_clear()
    assert dark_runs(url) == qr._encoded(url) != kept
    dark_runs.cache_clear()
