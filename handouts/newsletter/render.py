"""An article as an email newsletter: responsive HTML, its plain-text part, and a `.eml`.

Pure: the model goes in, bytes come out; nothing is written (the write stage does
that). The HTML comes from `templates/newsletter.mjml.j2` compiled by mjml-python, the
text from `templates/newsletter.txt.j2`; both walk the same model, so every paragraph
and drill reaches both parts.

Images: in the `.html` an image's `src` is `newsletter.asset_base_url` followed by the
image's path under content/ (upload content/assets/… to <asset_base_url>/assets/…);
without a base URL it is that path relative to the HTML file, for a local preview
(the build copies them there). In the `.eml` every image is embedded.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from email.headerregistry import Address
from urllib.parse import quote

from markupsafe import Markup

from ..build.fingerprint import bytes_digest
from ..colours import Palette, logo_backing
from ..dosage import badge_text, describe
from ..model import Article, Block, DrillCards, Picture, Site, iter_pictures
from ..urls import Campaign
from . import html_blocks, mjml, text_blocks
from .eml import Envelope, InlineImage, build_eml, content_id, domain_of, message_time
from .html_blocks import HtmlBlocks
from .mjml import compile_mjml
from .templating import environment, gettext_functions, render
from .text_blocks import TextBlocks, wrap

HTML_TEMPLATE = "newsletter.mjml.j2"
TEXT_TEMPLATE = "newsletter.txt.j2"

# Invisible characters after the preheader, so clients do not fill the inbox preview
# with the start of the body: combining grapheme joiner, zero-width non-joiner, nbsp.
PREVIEW_PADDING = Markup("&#847;&zwnj;&nbsp;" * 60)

CARD_IMAGE_WIDTH = 488  # px: the drill card's inner width in the 600 px layout
FIGURE_WIDTH = 536  # px: the article text's width in the 600 px layout
LOGO_BOX = (180, 60)  # px: the largest the logo is shown


@dataclass(frozen=True)
class NewsletterFiles:
    html: bytes
    text: bytes
    eml: bytes


@dataclass(frozen=True)
class Image:
    """One picture in the newsletter: where the HTML finds it, and what it shows."""

    picture: Picture
    src: str
    alt: str
    width: int  # display width in px, never wider than the file itself
    on_band: bool = True  # a logo that stands out on the brand colour; else it goes above


def render_newsletter(
    site: Site, article: Article, date: dt.datetime | None = None
) -> NewsletterFiles:
    """The three newsletter files of `article`, as bytes; the `.eml` is dated `date`
    (default: now, or SOURCE_DATE_EPOCH when set)."""
    clinic = site.clinic
    images = _images(site, article)
    context = newsletter_context(site, article, images)
    env = environment(site.root, site.templates)  # the templates as loaded, for both parts
    mjml_source = render(site.root, HTML_TEMPLATE, context, env)
    # A final newline, as in any text file (and as MIME adds to the .eml's HTML part).
    html = compile_mjml(mjml_source, site.root, HTML_TEMPLATE) + "\n"
    text = render(site.root, TEXT_TEMPLATE, context, env)
    sender = clinic.newsletter.sender
    domain = domain_of(sender.address if sender else None, clinic.website)
    inline = [
        InlineImage(img.src, data, img.picture.format, content_id(data, domain))
        # once per file: a figure may show a drill's photo again
        for img in {img.src: img for img in images.values() if img is not None}.values()
        for data in (_picture_bytes(img.picture),)
    ]
    envelope = Envelope(
        subject=article.title,
        sender=_address(sender.name, sender.address) if sender else None,
        date=message_time() if date is None else date,
        unsubscribe=clinic.newsletter.unsubscribe_url,
        language=article.lang,
    )
    html_bytes, text_bytes = html.encode("utf-8"), text.encode("utf-8")
    eml = build_eml(envelope, text_bytes, html_bytes, inline, domain)
    return NewsletterFiles(html_bytes, text_bytes, eml)


# The sender as `email` parses it (its parser is slow), once per name and address.
_address = functools.lru_cache(maxsize=16)(lambda name, address: Address(name, addr_spec=address))


def _picture_bytes(picture: Picture) -> bytes:
    """The picture's file as the loader read it, kept under its digest (its content): a
    file is read once, not for every newsletter that shows it. Bytes that no longer match
    the digest (the file was saved since the site was loaded) are used but not kept."""
    data = _PICTURE_BYTES.get(picture.digest)
    if data is None:
        data = picture.path.read_bytes()
        if bytes_digest(data) == picture.digest:
            if sum(map(len, _PICTURE_BYTES.values())) + len(data) > _PICTURE_BYTES_KEPT:
                _PICTURE_BYTES.clear()
            _PICTURE_BYTES[picture.digest] = data
    return data


_PICTURE_BYTES: dict[str, bytes] = {}
_PICTURE_BYTES_KEPT = 64 * 2**20  # a site's logo and drill photos, many times over


def _images(site: Site, article: Article) -> dict[str, Image | None]:
    """The logo (key "logo"), each drill's photo (key: its slug) and each figure's
    picture (key: "figure:" and its file)."""
    clinic = site.clinic
    base = clinic.newsletter.asset_base_url

    def image(picture: Picture | None, alt: str, box: tuple[int, int]) -> Image | None:
        if picture is None:
            return None
        content = (site.root / "content").resolve()  # as the loader resolved the picture
        relative = quote(picture.path.relative_to(content).as_posix())
        src = f"{base.rstrip('/')}/{relative}" if base else relative
        wide, high = picture.width, picture.height
        return Image(picture, src, alt, min(wide, box[0], round(wide * box[1] / high)))

    logo = image(clinic.logo, clinic.name, LOGO_BOX)
    if logo is not None:
        band = Palette.from_brand(clinic.brand.primary, clinic.brand.accent).primary
        backing = logo_backing(logo.picture.tones, logo.picture.opaque, band)
        logo = replace(logo, on_band=backing == "band")
    found: dict[str, Image | None] = {"logo": logo}
    for drill in article.drills:
        found[drill.slug] = image(drill.image, drill.name, (CARD_IMAGE_WIDTH, 10_000))
    for picture in iter_pictures(article.body):
        found[f"figure:{picture.path}"] = image(picture, "", (FIGURE_WIDTH, 10_000))
    return found


# A dose reads the same in every newsletter in one language, and a drill's lines of text
# are the same in every newsletter that shows it: each is made once (kept by content).
_described = functools.lru_cache(maxsize=256)(describe)
_badge = functools.lru_cache(maxsize=256)(badge_text)
_wrapped = functools.lru_cache(maxsize=1024)(wrap)


def forget() -> None:
    """Drop everything newsletters keep between renders (tests and the bench use it to
    compare with, and time, a render from nothing)."""
    for kept in (_described, _badge, _wrapped, _address, gettext_functions):
        kept.cache_clear()
    _PICTURE_BYTES.clear()
    for module in (html_blocks, text_blocks, mjml):
        module.forget()


def _split_body(body: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The blocks before and after the drill cards (all before when there are none)."""
    for index, block in enumerate(body):
        if isinstance(block, DrillCards):
            return body[:index], body[index + 1 :]
    return body, ()


def newsletter_context(
    site: Site, article: Article, images: dict[str, Image | None] | None = None
) -> dict[str, object]:
    """What the newsletter templates see (documented for those who override them)."""
    images = _images(site, article) if images is None else images
    clinic = site.clinic
    campaign = Campaign.for_email(clinic, article.slug)
    colours = Palette.from_brand(clinic.brand.primary, clinic.brand.accent)
    intro, outro = _split_body(article.body)
    labels = site.labels(article.lang)
    return {
        **gettext_functions(labels),
        "lang": article.lang,
        "dir": labels.direction,
        "clinic": clinic,
        "article": article,
        "intro": intro,
        "outro": outro,
        "drills": article.drills,
        "cta": article.cta,
        "date": labels.date(article.date) if article.date else "",
        "images": images,
        "colours": colours,
        "unsubscribe_url": clinic.newsletter.unsubscribe_url,
        "preview_padding": PREVIEW_PADDING,
        "tag": campaign.tag,
        "html": HtmlBlocks(
            colours.link,
            colours.heading,
            campaign,
            labels=labels,
            figures={
                image.picture.path: (image.src, image.width)
                for key, image in images.items()
                if key.startswith("figure:") and image is not None
            },
        ),
        "text": TextBlocks(campaign, labels),
        "wrap": _wrapped,
        "dose": lambda dosage: _described(dosage, labels),
        "dose_badge": lambda dosage: _badge(dosage, labels),
    }
