"""`handouts check`: everything loading finds, plus what only shows in the outputs
(characters the bundled font lacks, images the HTML export cannot reach)."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics
from .loader import load_site
from .newsletter import newsletter_warnings
from .templating import template_problems
from .typeface import glyph_warnings


def check_site(root: Path) -> Diagnostics:
    result = load_site(root)
    if result.site is not None:
        result.diagnostics.extend(glyph_warnings(result.site))
        result.diagnostics.extend(newsletter_warnings(result.site))
    for problem in template_problems(root):
        result.diagnostics.extend(problem.diagnostics)
    return result.diagnostics
