"""Load: content files in, the model out.

In: a site folder (`content/clinic.yaml`, `content/articles/*.md`, `content/drills/*.md`,
images under `content/`). Out: a `LoadResult` holding the `Site` model (plain
dataclasses, see `handouts.model`) and every problem found, located as `path:line:col`.
User input is parsed and validated here, once; no later stage reads a content file.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .loader import LoadResult, load_site

__all__ = ["LoadResult", "load_site"]
__getattr__ = lazy_exports(__name__, {"LoadResult": "loader", "load_site": "loader"})
