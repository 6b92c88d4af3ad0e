"""New sites: a folder in, a small working site out, for `handouts new`.

In: a folder that does not exist yet, or an empty one. Out: the example site under
`site/` here, copied byte for byte: content/clinic.yaml with every key explained, one
article with one drill, and templates/README.md on overriding the email templates.
`handouts check` and `handouts build` work on it at once, so a new clinic starts from
something that builds and edits it, rather than from an empty folder and the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


class FolderNotEmpty(Exception):
    """The target holds something already: a new site is never mixed with, or written
    over, files the user has."""


def new_site(target: Path) -> list[Path]:
    """Write the example site into `target`, creating it if needed; the files written,
    relative to `target`. FolderNotEmpty when `target` is a file or a folder that holds
    anything; OSError when writing fails."""
    if target.exists() and not target.is_dir():
        raise FolderNotEmpty(f"'{target}' is a file; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise FolderNotEmpty(
            f"'{target}' is not empty; give a new or empty folder (nothing was written)"
        )
    written = []
    for relative, data in _example_files(files(__name__) / "site", Path()):
        _create(target / relative, data)
        written.append(relative)
    return written


def _example_files(folder: Traversable, relative: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file of the example site, in a stable order, with its path in the site."""
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            yield from _example_files(entry, relative / entry.name)
        else:
            yield relative / entry.name, entry.read_bytes()


def _create(path: Path, data: bytes) -> None:
    """A new file holding `data`: it fails rather than replace a file that appeared
    meanwhile, and leaves no half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("xb")
    try:
        with handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
