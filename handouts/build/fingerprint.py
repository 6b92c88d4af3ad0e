"""Fingerprints of what outputs are made from: files, the site's templates and the tool.

Fingerprints key on content, never on a path or a time stamp: a file saved with the same
bytes fingerprints the same, and a changed file differently whatever its mtime says.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from .. import __version__

PACKAGE_FILES = ("*.py", "*.j2", "*.ttf")  # code, templates, fonts


def digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    try:
        return bytes_digest(path.read_bytes())
    except OSError:
        return "missing"


def tree_digest(folders: dict[str, Path], patterns: tuple[str, ...]) -> str:
    """One digest of every file matching `patterns` under `folders`, each keyed by its
    path relative to its folder, prefixed by the folder's name: moving or renaming a
    file changes it as much as editing one."""
    parts = []
    for name, folder in sorted(folders.items()):
        for pattern in patterns:
            for path in sorted(folder.rglob(pattern)):
                if "__pycache__" not in path.parts:
                    parts.append(
                        f"{name}/{path.relative_to(folder).as_posix()}:{file_digest(path)}"
                    )
    return digest(sorted(parts))


def package_folders() -> dict[str, Path]:
    """The installed package's code, its built-in templates and its fonts."""
    return {
        "handouts": Path(__file__).resolve().parent.parent,
        "templates": Path(str(resources.files("handouts.templates"))),
    }


@cache
def tool_fingerprint() -> str:
    """The version and every file of the package (code, templates, fonts): a new release
    or an edit anywhere in the tool rebuilds everything it made."""
    return digest([__version__, tree_digest(package_folders(), PACKAGE_FILES)])


def templates_fingerprint(root: Path) -> str:
    """The email templates as the site sees them: its own override of a file, else ours."""
    chosen = dict(_builtin_templates())
    chosen.update(_template_digests(root / "templates"))
    return digest(f"{name}:{value}" for name, value in sorted(chosen.items()))


@cache
def _builtin_templates() -> tuple[tuple[str, str], ...]:
    """The package's own templates, read once per process (like `tool_fingerprint`):
    every newsletter of a build asks, and they change only with the tool."""
    return tuple(_template_digests(Path(str(resources.files("handouts.templates")))).items())


def _template_digests(base: Path) -> dict[str, str]:
    """Every `*.j2` under `base` by its relative path. (`os.walk`, like `rglob` not
    following linked folders, but several times faster: a newsletter asks each time.)"""
    found = {}
    for folder, folders, files in os.walk(base):
        inside = os.path.relpath(folder, base).replace(os.sep, "/")
        for name in (*files, *folders):
            if name.endswith(".j2"):
                found[name if inside == "." else f"{inside}/{name}"] = os.path.join(folder, name)
    return {name: file_digest(Path(found[name])) for name in sorted(found)}
