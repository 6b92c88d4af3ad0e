"""`handouts check`: everything that loading finds, plus what only shows in the outputs."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics
from .loader import load_site


def check_site(root: Path) -> Diagnostics:
    return load_site(root).diagnostics
