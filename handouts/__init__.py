"""handouts: printable patient handouts and email newsletters from one clinic article.

The pipeline, one subpackage per stage:

    content files --load--> model --pdf / newsletter--> bytes --build--> out/
                                  --patients--> one patient's handout

`check` validates content without loading any renderer; each subpackage's `__init__`
says what goes in and what comes out, and imports its modules only when one of its
entry points is first used, so a command loads just the stages it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` (PEP 562) giving `name` from `package.<exports[name]>`,
    importing that module on first use rather than when the package is imported."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
