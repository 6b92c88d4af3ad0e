"""A cold command imports what it uses: what only some content needs (pictures, Arabic
shaping, email addresses) is imported when that content comes."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from handouts import defer_import
from tests.support.sites import REPO, SEED_SITE

PROBE = (
    "import sys, runpy; sys.argv = ['handouts', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('cli', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "real = type(sys)\n"
    "print(sorted(m for m, v in sys.modules.items() if type(v) is real), file=sys.__stdout__)"
)


def imported(*args: str) -> set[str]:
    """The modules a command's process has really imported by the time it ends."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    return set(ast.literal_eval(done.stdout))


# No pictures, no Arabic, plain addresses; a date and a QR code an earlier run kept.
UNUSED_BY_THE_SEED = {
    "PIL.Image",
    "uharfbuzz",
    "email.headerregistry",
    "socket",
    "babel.dates",
    "reportlab.graphics.barcode",
}


def test_a_seed_handout_imports_only_what_it_uses(tmp_path: Path) -> None:
    """The seed has no pictures and no Arabic (ReportLab's own imports of them wait),
    plain addresses, and a second handout finds its date and QR code kept by the first."""
    output = str(tmp_path / "ana.pdf")
    args = ["handout", "ankle-foot-mobility", "--patient", "Ana Silva", "--output", output]
    imported(*args, "--site", str(SEED_SITE))  # keeps the date and the QR code
    modules = imported(*args, "--force", "--site", str(SEED_SITE))
    assert (tmp_path / "ana.pdf").stat().st_size > 10_000
    assert "reportlab.platypus" in modules
    assert not UNUSED_BY_THE_SEED & modules


def test_a_deferred_module_is_imported_once_whichever_thread_asks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "slow_to_import.py").write_text(
        "import time\nRUNS = []\nRUNS.append(1)\ntime.sleep(0.2)\nVALUE = 42\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_to_import", raising=False)
    defer_import("slow_to_import")
    import slow_to_import  # type: ignore[import-not-found]

    assert "VALUE" not in vars(slow_to_import)  # nothing imported yet
    seen: list[tuple[int, int]] = []
    threads = [
        threading.Thread(
            target=lambda: seen.append((slow_to_import.VALUE, len(slow_to_import.RUNS)))
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [(42, 1)] * 8
    assert type(sys.modules["slow_to_import"]) is type(sys)
    monkeypatch.delitem(sys.modules, "slow_to_import")


def test_a_setting_made_through_the_stand_in_reaches_the_module(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "configurable.py").write_text("LIMIT = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    defer_import("configurable")
    kept = sys.modules["configurable"]  # a reference taken before the import
    kept.LIMIT = 5
    assert sys.modules["configurable"].LIMIT == 5 and kept is not sys.modules["configurable"]
    monkeypatch.delitem(sys.modules, "configurable")


def test_a_module_that_is_not_installed_is_not_deferred() -> None:
    defer_import("no_such_module_anywhere")
    assert "no_such_module_anywhere" not in sys.modules
    with pytest.raises(ImportError):
        import no_such_module_anywhere  # type: ignore[import-not-found]  # noqa: F401
