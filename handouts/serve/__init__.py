"""Serve: the local preview studio and handout desk (`handouts serve`).

In: a site folder, a host and a port. Out: a web app on that address showing the site as
the build makes it: every article and drill with its problems, each newsletter as a phone
and a desktop show it, its plain text, handout and cards, all updated by the build's own
incremental watch after every save; and a desk where a therapist fills in a form and gets
one patient's handout as a download, made in memory and kept nowhere. Nothing is rendered
or loaded here that the library does not render or load for the command line.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .app import create_app
    from .safety import bind_warning
    from .server import serve_site
    from .studio import Studio

__all__ = ["Studio", "bind_warning", "create_app", "serve_site"]
__getattr__ = lazy_exports(
    __name__,
    {
        "create_app": "app",
        "bind_warning": "safety",
        "serve_site": "server",
        "Studio": "studio",
    },
)
