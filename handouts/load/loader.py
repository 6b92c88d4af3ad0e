"""Load a site's content files into the model, collecting every problem on the way.

A broken article or drill does not stop the others from loading: the result holds
every item that loaded cleanly, so a build can still make their outputs, and the
paths that failed, so it can leave those items' last good outputs alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ..diagnostics import ContentError, Diagnostics, Location, did_you_mean
from ..dosage import dosage_from_mapping
from ..freetext import CONTROL, describe_control
from ..i18n import DATE_FORMATS, DEFAULT_LANG, LABELS, PLACEHOLDER, Labels, parse_lang, placeholders
from ..i18n.translations import split_slug, translation
from ..model import (
    SMTP_SECURITY,
    Article,
    Block,
    Booking,
    Brand,
    BulletList,
    Callout,
    CallToAction,
    Clinic,
    Dosage,
    Drill,
    DrillCards,
    Figure,
    ListItem,
    Mailbox,
    Newsletter,
    OrderedList,
    Quote,
    Site,
    Smtp,
)
from ..urls import check_url
from .fields import Fields
from .files import NotRegular, TooLarge, read_regular
from .markdown import DRILLS_MARKER, parse_markdown
from .pictures import PictureError, picture_under
from .yamlsource import LocatedMap, Source, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAPERS = ("letter", "a4")
# What follows a slug's dot in the name of a translation: `toe-yoga.es.md`, `….pt-BR.md`.
LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# The language of a file name: a language, its script, its region; no variant or extension.
FILE_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$")

MAX_YAML_BYTES = 256 * 1024
MAX_MARKDOWN_BYTES = 1024 * 1024
# Printed on every handout: longer text breaks its line or box, and a booking URL longer
# than this makes its QR code too dense to scan.
MAX_PRINTED_URL = 300
MAX_TAGLINE = 150
# A call to action, the clinic's or an article's own: what its box holds beside the QR code.
MAX_CTA_HEADLINE = 120
MAX_CTA_TEXT = 600
MAX_ADDRESS = 300
MAX_GRADE = 18  # check.max_grade: a Flesch-Kincaid grade; above 18 is beyond university

CLINIC_KEYS = (
    "name",
    "tagline",
    "website",
    "phone",
    "email",
    "address",
    "logo",
    "brand",
    "booking",
    "print",
    "newsletter",
    "check",
    "lang",
    "labels",
)
ARTICLE_KEYS = ("title", "summary", "date", "drills", "cta", "lang")
DRILL_KEYS = (
    "name",
    "goal",
    "dosage",
    "equipment",
    "image",
    "caution",
    "video",
    "easier",
    "harder",
    "lang",
)
# A line or two on a card: "Stop if …", "Too hard? …".
MAX_CARD_LINE = 300
# Longer, and the video's QR code, printed at the size of the booking one, gets dense.
MAX_VIDEO_URL = 150


@dataclass
class LoadResult:
    """What loading a site gave: the clean items, and every problem found."""

    diagnostics: Diagnostics
    site: Site | None = None  # None when clinic.yaml itself could not be loaded
    failed_articles: set[str] = field(default_factory=set)  # slugs of items with errors
    failed_drills: set[str] = field(default_factory=set)

    @property
    def failed(self) -> set[str]:
        return self.failed_articles | self.failed_drills


Parse = Callable[..., tuple[Block, ...]]
T = TypeVar("T")


def load_site(root: Path, *, parse: Parse = parse_markdown) -> LoadResult:
    """Load the site under `root`; `parse` turns a Markdown body into blocks (a build
    passes a cached one)."""
    root = Path(root)
    diagnostics = Diagnostics()
    content = root / "content"
    if not content.is_dir():
        diagnostics.error(Location(_rel(content, root)), "no content/ folder in this site")
        return LoadResult(diagnostics)

    clinic = _load_clinic(content / "clinic.yaml", root, diagnostics)
    drill_files = _slug_files(content / "drills", root, diagnostics)
    article_files = _slug_files(content / "articles", root, diagnostics)
    _report_shared_slugs(drill_files, article_files, root, diagnostics)

    result = LoadResult(diagnostics)
    drills: dict[str, Drill] = {}
    lang = clinic.lang if clinic is not None else DEFAULT_LANG
    for slug, path in drill_files.items():
        drill = _guarded(_load_drill, path, root, diagnostics, parse, lang)
        if drill is None:
            result.failed_drills.add(slug)
        else:
            drills[slug] = drill

    articles: dict[str, Article] = {}
    listed: set[str] = set()  # drills named by any article, broken ones included
    # Articles are checked even when clinic.yaml is broken, so one run shows everything.
    if clinic is None:
        clinic = Clinic(name="", booking=Booking(url="", label=""), source="")
    for slug, path in article_files.items():
        article = _guarded(
            _load_article, path, root, diagnostics, parse, clinic, drills, set(drill_files), listed
        )
        if article is None:
            result.failed_articles.add(slug)
        else:
            articles[slug] = article
    for slug, path in drill_files.items():
        if slug not in listed:
            diagnostics.warning(
                Location(_rel(path, root), 1),
                f"drill '{slug}' is not used by any article (it still gets its own card)",
            )

    if clinic.source:
        result.site = Site(root, clinic, articles, drills)
    else:  # nothing can be rendered without the clinic
        result.failed_articles |= articles.keys()
        result.failed_drills |= drills.keys()
    return result


def _guarded(
    loader: Callable[..., T | None], path: Path, root: Path, diagnostics: Diagnostics, *args: Any
) -> T | None:
    """Run one item's loader; its problems go to `diagnostics`, its result None on error."""
    local = Diagnostics()
    try:
        item = loader(path, root, local, *args)
    except ContentError as exc:
        local.extend(exc.diagnostics)
        item = None
    diagnostics.extend(local.items)
    return None if local.has_errors() else item


# --- files -------------------------------------------------------------------------------


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, root: Path, limit: int) -> tuple[str, str]:
    """A content file as text with '\\n' line ends (a BOM and CRLF are accepted), and the
    digest of exactly the bytes read: a build fingerprints those, not the file as it is
    later, so an edit saved while it runs is seen by the next one."""
    where = _rel(path, root)
    try:
        data = read_regular(path, limit)
    except TooLarge as exc:
        raise ContentError.at(
            Location(where, 1), f"file is {exc.size // 1024} KB; the limit is {limit // 1024} KB"
        ) from None
    except NotRegular as exc:
        raise ContentError.at(Location(where), f"cannot read file: it {exc}") from None
    except OSError as exc:
        raise ContentError.at(Location(where), f"cannot read file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError.at(
            Location(where, line, col),
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if match := CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise ContentError.at(
            Location(where, line, col), f"the file contains {describe_control(match.group())}"
        )
    return text, hashlib.blake2b(data, digest_size=16).hexdigest()


def _slug_files(folder: Path, root: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if not folder.is_dir():
        return files
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        diagnostics.error(Location(_rel(folder, root)), f"cannot read the folder: {exc.strerror}")
        return files
    seen: dict[str, Path] = {}
    for path in paths:
        if path.name.startswith("."):
            continue
        where = Location(_rel(path, root), 1)
        if path.is_dir() or path.suffix.lower() != ".md":
            diagnostics.warning(where, "ignored: only .md files are read here")
            continue
        slug = path.name[:-3]
        base, dot, tag = slug.partition(".")
        if dot and LANG_SUFFIX.match(tag):  # a translation: `toe-yoga.es.md` is Toe Yoga in Spanish
            if problem := _file_lang_problem(base, tag):
                diagnostics.error(where, f"bad language in file name '{path.name}': {problem}")
                continue
        elif dot and SLUG.match(base) and (shaped := _shaped_lang(tag)):  # `toe-yoga.EN.md`
            diagnostics.error(
                where,
                f"bad language in file name '{path.name}': write the language as '{shaped}'"
                f" (rename it to '{base}.{shaped}.md')",
            )
            continue
        else:
            base = slug
        if not SLUG.match(base):
            suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
            diagnostics.error(
                where,
                f"bad file name '{path.name}': a slug uses lowercase letters, digits and single"
                f" hyphens" + (f" (rename it to '{suggestion}.md')" if suggestion else ""),
            )
            key = suggestion or slug
            if key in seen:
                diagnostics.error(where, f"duplicate slug '{key}': also {_rel(seen[key], root)}")
            seen.setdefault(key, path)
            continue
        if slug in seen:
            diagnostics.error(where, f"duplicate slug '{slug}': also {_rel(seen[slug], root)}")
        seen[slug] = path
        files[slug] = path
    return files


def _shaped_lang(tag: str) -> str | None:
    """The language tag `tag` is, as BCP 47 writes it ("EN" is "en"), or None."""
    try:
        return parse_lang(tag)
    except ValueError:
        return None


def _file_lang_problem(base: str, tag: str) -> str | None:
    """What is wrong with the language `tag` of a translation's file name, or None."""
    try:
        shaped = parse_lang(tag)
    except ValueError as exc:
        return str(exc)
    if not FILE_LANG.match(shaped):
        # Babel reads "es-large" as Spanish with a variant; the file would be taken for
        # the large print of toe-yoga.es (both are toe-yoga.es-large.pdf).
        problem = f"'{tag}' is more than a language, script and region ('es', 'zh-Hans', 'pt-BR')"
        if tag.lower().endswith("-large"):
            problem += "; large print is made from the regular file (print.large, --large-print)"
        return problem
    if shaped != tag:
        return f"write the language as '{shaped}' (rename it to '{base}.{shaped}.md')"
    return None


def _report_shared_slugs(
    drills: dict[str, Path], articles: dict[str, Path], root: Path, diagnostics: Diagnostics
) -> None:
    for slug in sorted(drills.keys() & articles.keys()):
        diagnostics.error(
            Location(_rel(articles[slug], root), 1),
            f"duplicate slug '{slug}': {_rel(drills[slug], root)} has it too;"
            " articles and drills need different names",
        )


def split_front_matter(text: str, where: str) -> tuple[str, str, int]:
    """(YAML, body, line number of the body's first line) of a Markdown content file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError.at(
            Location(where, 1), "missing front matter: the file must start with a line '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ContentError.at(
        Location(where, 1), "front matter is not closed: add a line '---' after it"
    )


def _front_matter(path: Path, root: Path) -> tuple[LocatedMap, Source, str, Source, str]:
    """(front matter, its source, body, the body's source, the file's digest)."""
    where = _rel(path, root)
    text, digest = read_text(path, root, MAX_MARKDOWN_BYTES)
    yaml_text, body, body_line = split_front_matter(text, where)
    yaml_source = Source(where, line_offset=1)
    data = load_yaml(yaml_text, yaml_source)
    if not isinstance(data, LocatedMap):
        raise ContentError.at(
            Location(where, 2),
            "front matter must be keys and values (like 'title: …'), not "
            + ("nothing" if data is None else type(data).__name__),
        )
    return data, yaml_source, body, Source(where, line_offset=body_line - 1), digest


# --- clinic ------------------------------------------------------------------------------


def _load_clinic(path: Path, root: Path, diagnostics: Diagnostics) -> Clinic | None:
    where = _rel(path, root)
    if not path.exists():  # anything else there is refused, and named, as it is read
        diagnostics.error(Location(where), "missing: every site needs content/clinic.yaml")
        return None
    return _guarded(_parse_clinic, path, root, diagnostics)


def _parse_clinic(path: Path, root: Path, diagnostics: Diagnostics) -> Clinic | None:
    where = _rel(path, root)
    source = Source(where)
    text, digest = read_text(path, root, MAX_YAML_BYTES)
    data = load_yaml(text, source)
    if not isinstance(data, LocatedMap):
        raise ContentError.at(Location(where, 1), "clinic.yaml must hold keys and values")
    top = Fields(data, source, diagnostics, allowed=CLINIC_KEYS, required=("name", "booking"))
    content = root / "content"

    brand = Brand()
    if brand_map := top.mapping("brand"):
        f = Fields(brand_map, source, diagnostics, allowed=("primary", "accent"), prefix="brand.")
        brand = Brand(
            primary=f.colour("primary") or brand.primary, accent=f.colour("accent") or brand.accent
        )

    booking = None
    if booking_map := top.mapping("booking"):
        f = Fields(
            booking_map,
            source,
            diagnostics,
            allowed=("url", "label", "headline", "text", "patient_headline", "patient_text"),
            required=("url", "label"),
            prefix="booking.",
        )
        url, label = f.url("url", max_length=MAX_PRINTED_URL), f.text("label", max_length=60)
        if url and _is_placeholder(url):
            f.warning(
                "url",
                f"booking.url '{url}' is a placeholder (.example); set the real booking page"
                " before printing or sending",
            )
        if url and label:
            booking = Booking(
                url=url,
                label=label,
                headline=f.text("headline", max_length=MAX_CTA_HEADLINE),
                text=f.text("text", max_length=MAX_CTA_TEXT) or "",
                patient_headline=f.text("patient_headline", max_length=MAX_CTA_HEADLINE),
                patient_text=f.text("patient_text", max_length=MAX_CTA_TEXT),
            )

    paper, card_qr, large_print, date_format = "letter", True, False, "long"
    if print_map := top.mapping("print"):
        allowed = ("paper", "card_qr", "large", "date_format")
        f = Fields(print_map, source, diagnostics, allowed=allowed, prefix="print.")
        paper = f.choice("paper", PAPERS) or paper
        card_qr = f.boolean("card_qr") is not False
        large_print = f.boolean("large") is True
        date_format = f.choice("date_format", DATE_FORMATS) or date_format

    max_grade = Clinic.max_grade
    if check_map := top.mapping("check"):
        f = Fields(check_map, source, diagnostics, allowed=("max_grade",), prefix="check.")
        max_grade = f.number("max_grade", lowest=1, highest=MAX_GRADE) or max_grade

    newsletter = Newsletter()
    if news_map := top.mapping("newsletter"):
        newsletter = _parse_newsletter(news_map, source, diagnostics)

    clinic_name = top.text("name", max_length=100)
    tagline = top.text("tagline", max_length=MAX_TAGLINE)
    website = top.url("website", max_length=MAX_PRINTED_URL)
    phone = top.text("phone", max_length=40)
    email = top.email("email")
    address = top.text("address", max_length=MAX_ADDRESS)
    logo = top.image("logo", content)
    lang = top.lang("lang") or DEFAULT_LANG
    labels = _parse_labels(top.mapping("labels"), source, diagnostics)
    if clinic_name is None or booking is None or diagnostics.has_errors():
        return None
    if newsletter.sender is None and email is not None:  # the name and address apart
        newsletter = replace(newsletter, sender=Mailbox(clinic_name, email))
    return Clinic(
        name=clinic_name,
        booking=booking,
        source=where,
        tagline=tagline,
        website=website,
        phone=phone,
        email=email,
        address=address,
        logo=logo,
        brand=brand,
        paper=paper,
        card_qr=card_qr,
        large_print=large_print,
        max_grade=max_grade,
        newsletter=newsletter,
        lang=lang,
        labels=labels,
        date_format=date_format,
        digest=digest,
    )


def _parse_labels(
    data: LocatedMap | None, source: Source, diagnostics: Diagnostics
) -> tuple[tuple[str, str], ...]:
    """The clinic's own words for labels (`drill: Exercise`); one that drops or adds a
    `%(…)s` slot of the label it replaces is an error, since nothing could fill it."""
    if data is None:
        return ()
    f = Fields(data, source, diagnostics, allowed=tuple(LABELS), prefix="labels.")
    found = []
    for key in LABELS:
        text = f.text(key, max_length=200) if key in data else None
        if text is None:
            continue
        wanted, got = placeholders(LABELS[key]), placeholders(text)
        if wanted != got or "%" in PLACEHOLDER.sub("", text):
            slots = " and ".join(f"%({name})s" for name in sorted(wanted)) or "no %(…)s slot"
            f.error(key, f"'labels.{key}' must hold {slots}, as '{LABELS[key]}' does")
            continue
        found.append((key, text))
    return tuple(found)


def _parse_newsletter(data: LocatedMap, source: Source, diagnostics: Diagnostics) -> Newsletter:
    f = Fields(
        data,
        source,
        diagnostics,
        allowed=("from", "unsubscribe_url", "utm", "asset_base_url", "smtp"),
        prefix="newsletter.",
    )
    sender = f.mailbox("from")
    unsubscribe = f.text("unsubscribe_url")
    if unsubscribe and not _is_unsubscribe_target(unsubscribe):
        f.error(
            "unsubscribe_url",
            "'newsletter.unsubscribe_url' must be an http(s) or mailto: URL,"
            ' or your email service\'s merge tag like "*|UNSUB|*"',
        )
        unsubscribe = None
    source_tag, medium_tag = Newsletter.utm_source, Newsletter.utm_medium
    if utm := f.mapping("utm"):
        u = Fields(utm, source, diagnostics, allowed=("source", "medium"), prefix="newsletter.utm.")
        source_tag = u.text("source") or source_tag
        medium_tag = u.text("medium") or medium_tag
    base = f.url("asset_base_url")
    smtp = Smtp()
    if smtp_map := f.mapping("smtp"):
        smtp = _parse_smtp(smtp_map, source, diagnostics)
    return Newsletter(
        sender=sender,
        unsubscribe_url=unsubscribe,
        utm_source=source_tag,
        utm_medium=medium_tag,
        asset_base_url=base,
        smtp=smtp,
    )


def _parse_smtp(data: LocatedMap, source: Source, diagnostics: Diagnostics) -> Smtp:
    """The server `handouts send` uses; a password here is refused, since content files
    are shared and kept in version control."""
    allowed = ("host", "port", "security", "user", "password")
    f = Fields(data, source, diagnostics, allowed=allowed, prefix="newsletter.smtp.")
    if "password" in data:
        f.error("password", "the SMTP password goes in the HANDOUTS_SMTP_PASSWORD variable")
    port = f._typed("port", (int,), "a whole number")
    if port is not None and not 0 < port < 65536:
        f.error("port", "'newsletter.smtp.port' must be between 1 and 65535")
        port = None
    return Smtp(
        host=f.text("host", max_length=253) or Smtp.host,
        port=port,
        security=f.choice("security", SMTP_SECURITY) or Smtp.security,
        user=f.text("user", max_length=254),
    )


def _is_unsubscribe_target(value: str) -> bool:
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and not re.match(r"^[*%{\[]", value):
        return check_url(value, ("http", "https", "mailto")) is None
    return bool(re.fullmatch(r"[^\s<>\"']+", value))


def _is_placeholder(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "example" or host.endswith((".example", "example.com", "example.org"))


# --- drills ------------------------------------------------------------------------------


def _load_drill(
    path: Path, root: Path, diagnostics: Diagnostics, parse: Parse, default_lang: str
) -> Drill | None:
    data, source, body, body_source, digest = _front_matter(path, root)
    f = Fields(data, source, diagnostics, allowed=DRILL_KEYS, required=("name", "goal", "dosage"))
    lang = _item_lang(path, f, default_lang)
    name = f.text("name", max_length=120)
    goal = f.text("goal")
    dosage = None
    if dosage_map := f.mapping("dosage"):
        dosage = _parse_dosage(dosage_map, source, diagnostics)
    equipment = f.text_list("equipment") or []
    image = f.image("image", root / "content")
    caution = f.text("caution", max_length=MAX_CARD_LINE)
    easier = f.text("easier", max_length=MAX_CARD_LINE)
    harder = f.text("harder", max_length=MAX_CARD_LINE)
    video = f.url("video")
    if video is not None and len(video) > MAX_VIDEO_URL:
        f.error(
            "video",
            f"'video' is {len(video)} characters; its QR code would be too dense to scan at"
            f" card size (the limit is {MAX_VIDEO_URL}): use the video's short share link",
        )
        video = None
    instructions = parse(body, body_source, diagnostics, allow_marker=False)
    if not instructions and not diagnostics.has_errors():  # not when the body was refused
        diagnostics.warning(
            body_source.at(1), "the drill has no instructions below its front matter"
        )
    if name is None or goal is None or dosage is None:
        return None
    return Drill(
        slug=path.name[:-3],
        lang=lang,
        name=name,
        goal=goal,
        dosage=dosage,
        instructions=instructions,
        source=source.path,
        digest=digest,
        equipment=tuple(equipment),
        image=image,
        caution=caution,
        video=video,
        easier=easier,
        harder=harder,
    )


def _parse_dosage(data: LocatedMap, source: Source, diagnostics: Diagnostics) -> Dosage | None:
    def report(key: object, message: str) -> None:
        line, col = data.key_position(key) if key is not None else data.position
        diagnostics.error(source.at(line, col), message)

    return dosage_from_mapping(data, report, prefix="dosage.")


# --- articles ----------------------------------------------------------------------------


def _with_pictures(
    blocks: tuple[Block, ...], content: Path, where: str, diagnostics: Diagnostics
) -> tuple[Block, ...]:
    """`blocks` with each figure's picture opened: by the same rules as a drill's image,
    and after parsing, so that a body parsed earlier never holds a changed file's size."""

    def opened(block: Block) -> Block:
        match block:
            case Figure(src) if src:
                try:
                    picture = picture_under(content, src, "the image")
                except PictureError as exc:
                    diagnostics.error(Location(where, block.line), str(exc))
                    return block
                return replace(block, picture=picture)
            case Figure():
                diagnostics.error(Location(where, block.line), "the image has no path")
                return block
            case Quote(inner) | Callout(_, inner):
                return replace(block, blocks=tuple(opened(b) for b in inner))
            case BulletList(items) | OrderedList(items):
                return replace(
                    block,
                    items=tuple(ListItem(tuple(opened(b) for b in item.blocks)) for item in items),
                )
            case _:
                return block

    return tuple(opened(block) for block in blocks)


def _load_article(
    path: Path,
    root: Path,
    diagnostics: Diagnostics,
    parse: Parse,
    clinic: Clinic,
    drills: dict[str, Drill],
    drill_slugs: set[str],
    listed: set[str],
) -> Article | None:
    data, source, body_text, body_source, digest = _front_matter(path, root)
    f = Fields(data, source, diagnostics, allowed=ARTICLE_KEYS, required=("title", "summary"))
    lang = _item_lang(path, f, clinic.lang)
    booking = clinic.booking
    title = f.text("title", max_length=200)
    summary = f.text("summary", max_length=400)
    date = f.date("date")

    chosen: list[Drill] = []
    wanted = f.text_list("drills") or []
    listed.update(wanted)
    for slug in wanted:
        if translated := translation(slug, lang, drill_slugs):
            slug = translated  # the drill in the article's language, when the site has it
            listed.add(slug)
        if slug not in drill_slugs:
            f.error("drills", f"unknown drill '{slug}'{did_you_mean(slug, drill_slugs)}")
        elif any(d.slug == slug for d in chosen):
            f.error("drills", f"drill '{slug}' is listed twice")
        elif slug not in drills:
            f.error("drills", f"drill '{slug}' has errors (see above)")
        else:
            chosen.append(drills[slug])

    labels = Labels(lang, clinic.labels)
    headline, text = booking.headline or labels("headline"), booking.text
    if cta_map := f.mapping("cta"):
        c = Fields(cta_map, source, diagnostics, allowed=("headline", "text"), prefix="cta.")
        headline = c.text("headline", max_length=MAX_CTA_HEADLINE) or headline
        text = c.text("text", max_length=MAX_CTA_TEXT) or text

    body = _with_pictures(
        parse(body_text, body_source, diagnostics, allow_marker=True),
        root / "content",
        source.path,
        diagnostics,
    )
    has_marker = any(isinstance(b, DrillCards) for b in body)
    if has_marker and not chosen and not data.get("drills"):
        diagnostics.warning(
            body_source.at(1), f"'{DRILLS_MARKER}' is here but the article lists no drills"
        )
        body = tuple(b for b in body if not isinstance(b, DrillCards))
    elif chosen and not has_marker:
        body = (*body, DrillCards())
    if not body and not diagnostics.has_errors():  # not when the body was refused
        diagnostics.warning(body_source.at(1), "the article has no text below its front matter")

    if title is None or summary is None:
        return None
    return Article(
        slug=path.name[:-3],
        title=title,
        summary=summary,
        body=body,
        drills=tuple(chosen),
        cta=CallToAction(headline=headline, text=text, label=booking.label, url=booking.url),
        source=source.path,
        date=date,
        lang=lang,
        digest=digest,
    )


def _item_lang(path: Path, f: Fields, default: str) -> str:
    """An article's or drill's language: its `lang`, else its file name's language
    (`toe-yoga.es.md`), else the clinic's. The two ways may not disagree."""
    named = split_slug(path.name[:-3])[1]
    lang = f.lang("lang")
    if named is not None and lang is not None and lang != named:
        f.error("lang", f"'lang: {lang}' contradicts the file name's language '{named}'")
    return lang or named or default
