"""The out folder's lock: one build at a time, on every platform, held by no one but the
process that took it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from handouts.build.lock import BuildLocked, exclusive
from tests.support.processes import needs_proc, running, wait_for
from tests.support.sites import REPO


def run_python(script: str, *args: str, folder: Path) -> str:
    """Run `script`; what it printed. Its output goes to files, not pipes, so a process it
    leaves behind cannot keep this one waiting."""
    output, errors = folder / "output", folder / "errors"
    with output.open("w") as out, errors.open("w") as err:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script), *args],
            cwd=REPO,
            stdout=out,
            stderr=err,
            timeout=60,
        )
    assert done.returncode == 0, errors.read_text()
    return output.read_text()


def test_the_lock_works_where_there_is_no_fcntl(tmp_path: Path) -> None:
    """As on Windows: importing the lock must not need fcntl, and it still excludes."""
    script = """
        import sys
        sys.modules["fcntl"] = None  # importing it now fails, as it does on Windows
        from pathlib import Path
        from handouts.build.lock import BuildLocked, exclusive

        out = Path(sys.argv[1])
        with exclusive(out, timeout=1):
            try:
                with exclusive(out, timeout=0.2):
                    print("a second holder got in")
            except BuildLocked as exc:
                print(exc)
    """
    output = run_python(script, str(tmp_path / "out"), folder=tmp_path)
    assert "another build is writing to this folder (waited 0.2 s)" in output


@needs_proc
def test_a_process_forked_while_the_lock_is_held_does_not_keep_it(tmp_path: Path) -> None:
    """A worker forked by a build that is then killed must not keep the folder locked."""
    script = """
        import os, sys, time
        from pathlib import Path
        from handouts.build.lock import exclusive

        with exclusive(Path(sys.argv[1]), timeout=1):
            child = os.fork()
            if child == 0:  # an orphaned worker: it lives on
                time.sleep(60)
                os._exit(0)
            print(child, flush=True)
            os._exit(0)  # killed while holding the lock: no release
    """
    out = tmp_path / "out"
    child = int(run_python(script, str(out), folder=tmp_path))
    try:
        assert running(child)
        with exclusive(out, timeout=1):
            pass
    except BuildLocked:
        raise AssertionError("the forked child kept the lock") from None
    finally:
        os.kill(child, 9)
    wait_for(lambda: not running(child), 5, "the child to exit")
