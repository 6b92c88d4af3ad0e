"""Build: a site in, its out folder brought up to date.

In: a site folder and build options. Out: `out/handouts/`, `out/cards/`,
`out/newsletters/` and a `BuildReport` saying what was built, left unchanged, removed
or failed. The plan fingerprints every output's inputs; only stale outputs are
rendered (in worker processes when that pays off) and written atomically; a manifest
records what was written, so the next build redoes only what an edit touched, and
`watch` does that after every save.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .lock import BuildLocked
    from .site import BuildOptions, BuildReport, UnknownSlug, build_site
    from .watch import watch_site, watched_folders

__all__ = [
    "BuildLocked",
    "BuildOptions",
    "BuildReport",
    "UnknownSlug",
    "build_site",
    "watch_site",
    "watched_folders",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "BuildLocked": "lock",
        "BuildOptions": "site",
        "BuildReport": "site",
        "UnknownSlug": "site",
        "build_site": "site",
        "watch_site": "watch",
        "watched_folders": "watch",
    },
)
