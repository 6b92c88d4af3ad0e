"""Newsletter: the model in, the email's HTML, plain text and `.eml` bytes out.

In: a `Site` and one of its articles. Out: `NewsletterFiles` (html, text, eml): Jinja2
renders `templates/newsletter.mjml.j2` (a site's own templates/ overriding file by file),
mjml-python compiles it to responsive HTML, `newsletter.txt.j2` gives the text part, and
both go into one multipart `.eml`. Nothing is written here.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .render import NewsletterFiles, render_newsletter

__all__ = ["NewsletterFiles", "render_newsletter"]
__getattr__ = lazy_exports(__name__, {"NewsletterFiles": "render", "render_newsletter": "render"})
