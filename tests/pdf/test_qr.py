"""The QR code: level M, a four-module quiet zone, drawn as one path, memoised per URL."""

from __future__ import annotations

import io

from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

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
    assert drawn(QrCode(URL, 2.5 * cm)) != fresh  # another size is another path
    _, runs = dark_runs(URL)
    assert fresh.decode("latin-1").count(" re") == len(runs) + 1  # and the white ground
