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
import sys
import threading
import types
from collections.abc import Callable
from importlib.util import find_spec
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


class _Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is first asked for: then the
    module is imported (once, under a lock, so no thread sees it half-imported), takes
    its own place in `sys.modules`, and every attribute is looked up in it."""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(_imported(self), attribute)

    def __setattr__(self, attribute: str, value: Any) -> None:
        # a setting made through a reference kept from before (`Image.X = …`) reaches
        # the module itself
        setattr(_imported(self), attribute, value)


_DEFERRED_LOCK = threading.Lock()


def _imported(deferred: _Deferred) -> types.ModuleType:
    with _DEFERRED_LOCK:
        if sys.modules.get(deferred.__name__) is deferred:
            del sys.modules[deferred.__name__]
        return importlib.import_module(deferred.__name__)


def defer_import(name: str) -> None:
    """Have `import name` give a stand-in that imports the module on first use.

    ReportLab imports Pillow and HarfBuzz when it is itself imported, though only images
    and shaped text (Arabic) use them: 15 ms of every cold command otherwise. An
    installed module not yet imported is deferred; anything else is left as it is."""
    if name in sys.modules or find_spec(name) is None:
        return
    deferred = _Deferred(name)
    sys.modules[name] = deferred
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, deferred)


# Before anything imports ReportLab.
defer_import("uharfbuzz")
defer_import("PIL.Image")
