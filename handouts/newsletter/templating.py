"""The Jinja2 environment of a site: its own templates/ first, then the built-in ones.

A clinic (or its designer) overrides one built-in file at a time by putting a file of
the same name in `<site>/templates/`. Markup templates autoescape, so content can never
inject markup; the plain-text templates do not, so `&` stays `&`. Undefined variables
are errors (`StrictUndefined`), and every template problem is reported as a located
`ContentError` (`templates/<name>:<line>`) like any other content mistake.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.runtime import Context
from jinja2.utils import pass_context
from markupsafe import escape

from ..build.fingerprint import templates_fingerprint
from ..diagnostics import ContentError, Location
from ..i18n import Labels

BUILTIN = Path(str(files("handouts.templates")))
TEXT_SUFFIX = ".txt.j2"


def _autoescape(name: str | None) -> bool:
    """Escape everything except plain-text templates: an unknown kind is treated as markup."""
    return not (name or "").endswith(TEXT_SUFFIX)


def environment(site_root: Path, templates: str | None = None) -> jinja2.Environment:
    """The environment for the site's templates in the state whose digest is `templates`
    (the one the loaded `Site` carries); without it, as they are now on disk.

    It is kept under that digest, not under the site's path: a long-running `watch`
    reloads the site after every save and gets a new one as soon as an override is
    added, edited or removed, and never renders with what a template used to be.
    """
    return _environment(Path(site_root), templates or templates_fingerprint(site_root))


@functools.lru_cache(maxsize=4)
def _environment(site_root: Path, templates: str) -> jinja2.Environment:
    """One environment per state of the templates (`templates`, their digest, is the key):
    it caches compiled templates, which every newsletter of a build shares. It still asks
    whether a file changed when a template is fetched (a `stat`): the digest is taken
    when the site is loaded, and a save just after may be what the environment reads
    first, which would otherwise stay in it for that digest, after an undo too."""
    site_root = site_root.resolve()
    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(site_root / "templates"),
                jinja2.FileSystemLoader(BUILTIN),
            ]
        ),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates are kept between runs (in Jinja's per-user cache folder under
        # the temp dir, keyed by each file's source), so a cold build skips compiling them.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    # English until a render passes its own language's functions (`gettext_functions`).
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


@functools.lru_cache(maxsize=16)
def gettext_functions(labels: Labels) -> dict[str, Callable[..., str]]:
    """`_`, `gettext` and `ngettext` in `labels`' language: passed in the context, they
    take the place of the environment's (which every language shares).

    New-style: `{{ _("page %(number)s of %(total)s", number=1, total=4) }}`. In a markup
    template the message is escaped before its slots are filled with escaped values, so
    a clinic's own label (`labels:` in clinic.yaml) is text, never markup.

    They are made once per `labels` (their content: language, the clinic's own labels and
    date format), and each message, filled, is kept under its words and values: every
    drill of every newsletter in that language asks for the same ones."""
    filled: dict[tuple[object, ...], str] = {}

    def fill(context: Context, message: str, values: dict[str, Any]) -> str:
        if context.eval_ctx.autoescape:
            return escape(message) % values
        return message % values if values else message

    @pass_context
    def gettext(context: Context, message: str, **values: Any) -> str:
        # Each value's type is part of the key: Markup("<b>") equals "<b>", 1 equals True.
        key = (context.eval_ctx.autoescape, message, *[(n, type(v), v) for n, v in values.items()])
        try:
            return filled[key]
        except KeyError:
            if len(filled) >= _FILLED_KEPT:
                filled.clear()
            text = filled[key] = fill(context, labels.gettext(message), values)
            return text
        except TypeError:  # a value that cannot be a key: filled every time
            return fill(context, labels.gettext(message), values)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **values: Any) -> str:
        values.setdefault("num", num)
        return fill(context, labels.ngettext(singular, plural, num), values)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


_FILLED_KEPT = 1024  # filled messages kept per language: many newsletters' worth


def render(
    site_root: Path, name: str, context: Mapping[str, Any], env: jinja2.Environment | None = None
) -> str:
    """Render template `name` for the site; a template mistake raises a located ContentError.
    `env`, the site's `environment()`, spares a caller rendering several templates at once
    from fingerprinting the templates for each."""
    env = env or environment(site_root)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = template_location(site_root, exc.filename or exc.name or name, exc.lineno)
        raise ContentError.at(where, f"template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        where = _innermost(site_root, exc.__traceback__) or Location(f"templates/{name}")
        raise ContentError.at(where, f"template '{exc.name}' not found") from None
    except jinja2.UndefinedError as exc:
        where = _innermost(site_root, exc.__traceback__) or Location(f"templates/{name}")
        raise ContentError.at(where, f"template error: {exc.message}") from None


def template_location(site_root: Path, filename: str, line: int | None = None) -> Location:
    """`templates/<name>` as the user finds the file: in their site, or the built-in one."""
    path = Path(filename).resolve() if Path(filename).is_absolute() else None
    for base in ((Path(site_root) / "templates").resolve(), BUILTIN.resolve()):
        if path is not None and path.is_relative_to(base):
            return Location(f"templates/{path.relative_to(base).as_posix()}", line)
    return Location(f"templates/{filename}", line)


def _innermost(site_root: Path, tb: TracebackType | None) -> Location | None:
    """The template line being rendered when the error happened (Jinja maps its frames)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = template_location(site_root, filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_sources(site_root: Path, suffix: str) -> list[tuple[Location, str]]:
    """Every template ending in `suffix` that a render would use (overrides win), with text."""
    env = environment(site_root)
    sources = []
    for name in env.list_templates(filter_func=lambda n: n.endswith(suffix)):
        assert env.loader is not None  # environment() always sets one
        text, filename, _ = env.loader.get_source(env, name)
        sources.append((template_location(site_root, filename or name), text))
    return sources


def template_problems(site_root: Path) -> list[ContentError]:
    """Syntax errors in the templates a build would use, for `check` to report before any
    newsletter is rendered (a missing variable only shows when one is)."""
    env = environment(site_root)
    problems = []
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            where = template_location(site_root, exc.filename or name, exc.lineno)
            problems.append(ContentError.at(where, f"template syntax error: {exc.message}"))
    return problems
