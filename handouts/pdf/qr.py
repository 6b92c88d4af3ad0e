"""QR codes drawn as one filled path, computed once per URL per process.

ReportLab's QrCodeWidget draws every dark module as its own rectangle, which made the
QR code about 40 % of a handout's render time. Here each horizontal run of dark modules
is one rectangle of a single path, drawn in whole modules and scaled to the symbol's
width, and both the module matrix and the path's operators are memoised per URL, since
every handout of a build links to the same booking page. The matrix is also kept
between runs (`usercache`, named by the URL): ReportLab's encoder, in pure Python, tries
all eight masks, about 10 ms of a cold handout, and a therapist prints the same
article's code again and again.
"""

from __future__ import annotations

from functools import lru_cache

import reportlab
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from .. import usercache
from .tagging import marked, node_of

QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks
# The smallest symbol printed: a card's booking code, and a drill's video code. The
# loader limits a video URL's length so that its modules stay large enough to scan here.
CARD_QR_WIDTH = 2.5 * cm
KIND = "qr"
# What made a kept matrix: bump the first number when what an entry holds changes.
VERSION = f"qr-1 reportlab-{reportlab.Version} {usercache.maker(__file__)}"
LEVEL = "M"  # of error correction: 15 % of the symbol may be lost

Runs = tuple[int, tuple[tuple[int, int, int], ...]]


@lru_cache(maxsize=64)
def dark_runs(data: str) -> Runs:
    """(modules per side, (row, first column, length) of each dark run) at LEVEL."""
    entry = usercache.name(LEVEL, data)
    kept = usercache.read(KIND, entry, VERSION)
    if _well_formed(kept):
        return kept  # type: ignore[return-value]
    runs = _encoded(data)
    usercache.write(KIND, entry, VERSION, runs)
    return runs


def _well_formed(kept: object) -> bool:
    """A matrix of a QR symbol's size, each run inside it."""
    if not (isinstance(kept, tuple) and len(kept) == 2 and type(kept[0]) is int):
        return False
    size, runs = kept
    return (
        21 <= size <= 177
        and (size - 17) % 4 == 0
        and isinstance(runs, tuple)
        and all(
            type(run) is tuple
            and len(run) == 3
            and all(type(n) is int for n in run)
            and 0 <= run[0] < size
            and run[1] >= 0
            and 1 <= run[2] <= size - run[1]
            for run in runs
        )
    )


def _encoded(data: str) -> Runs:
    # Imported here: with the matrix kept, a handout never loads ReportLab's barcodes.
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, LEVEL))
    code.addData(data)
    code.make()
    size = code.getModuleCount()
    runs: list[tuple[int, int, int]] = []
    for row, modules in enumerate(code.modules):
        col = 0
        while col < size:
            if modules[col]:
                start = col
                while col < size and modules[col]:
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return size, tuple(runs)


class QrCode(Flowable):
    """A QR symbol `symbol_width` points wide, plus its quiet zone on every side."""

    def __init__(self, data: str, symbol_width: float):
        super().__init__()
        self.data = data
        self.modules, self.runs = dark_runs(data)
        self.module = symbol_width / self.modules
        self.width = self.height = (self.modules + 2 * QUIET_ZONE) * self.module

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        path = PDFPathObject([_path_code(self.data)])
        with marked(canvas, self, node_of(self)):  # a Figure, when it has a description
            canvas.saveState()
            canvas.setFillColor(colors.white)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            # one module is one unit, from the symbol's lower left corner
            margin = QUIET_ZONE * self.module
            canvas.transform(self.module, 0, 0, self.module, margin, margin)
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.restoreState()


@lru_cache(maxsize=64)
def _path_code(data: str) -> str:
    """The dark runs as the operators of one path, in whole modules: a quarter of a
    handout's page stream written as short integers rather than points, for less to
    write and to compress in every PDF that prints the code."""
    size, runs = dark_runs(data)
    return "\n".join(f"{col} {size - 1 - row} {length} 1 re" for row, col, length in runs)
