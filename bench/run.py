"""Every benchmark in one run: `make bench`.

Each script compares against its alternative in the same run (WeasyPrint for PDFs, the
official MJML compiler for emails, a plain --jobs 1 for parallel work) and prints the
ratios; serve.py times an edit's way to an open studio page. The references live in
bench/.env and bench/node_modules (`bash bench/setup.sh`), never in the project's own
environment. Pass `--quick` for smaller sizes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUICK = {
    "summary.py": ["--rows", "200", "--repeat", "3"],
    "batch.py": ["--articles", "40"],
    "patients.py": ["--rows", "200"],
    "serve.py": ["--edits", "5"],
}


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = 0
    # The goals side by side first; then each stage in detail.
    for script in ("summary.py", "pdf.py", "newsletter.py", "batch.py", "patients.py", "serve.py"):
        print(f"\n== {script} ==", flush=True)
        extra = QUICK.get(script, []) if quick else []
        failed |= subprocess.run([sys.executable, str(HERE / script), *extra], cwd=HERE).returncode
    if not quick:  # a batch's peak memory at 1,000 and 10,000 rows: minutes, so not --quick
        print("\n== patients.py --memory ==", flush=True)
        memory = [sys.executable, str(HERE / "patients.py"), "--memory"]
        failed |= subprocess.run(memory, cwd=HERE).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
