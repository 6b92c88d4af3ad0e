"""PDF: the model in, PDF bytes out (ReportLab), nothing written.

In: a `Site` and one of its articles (optionally personalised for a patient) or drills.
Out: the bytes of a handout (band, article, drill cards, booking call to action with a
QR code) or of a one-drill card. The same input gives byte-identical output.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .render import render_card, render_handout

__all__ = ["render_card", "render_handout"]
__getattr__ = lazy_exports(__name__, {"render_card": "render", "render_handout": "render"})
