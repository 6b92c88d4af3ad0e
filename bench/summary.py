"""The speed goals side by side, each against its reference, in one run.

    python bench/summary.py [--rows 1000] [--repeat 7]

- a handout rendered in process, next to WeasyPrint on the equivalent HTML (goal ≥ 25×);
- a personalised batch (`handouts batch`, whole process) per handout, next to WeasyPrint
  per article (goal ≥ 30×);
- a newsletter's whole set (HTML, text, .eml) next to the official MJML API compiling
  the same MJML alone (goal ≥ 3×);
- one cold `handouts handout` process, next to the WeasyPrint command line on the
  equivalent HTML and a plain ReportLab script (bench/floor.py, the floor);
- the seed's `build` with the default --jobs, next to --jobs 1 (never slower).

On a shared machine timings wander: whole processes are started `--repeat` times,
interleaved, and both the median and the minimum are printed (the minimum is the
closest to a quiet machine). WeasyPrint and node come from bench/setup.sh.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from newsletter import NODE_MJML, NODE_SCRIPT  # noqa: E402
from newsletter import median_ms as median_call_ms  # noqa: E402
from patients import write_csv  # noqa: E402
from pdf import ARTICLE, WEASY_PYTHON, handout_html, median_ms, weasyprint  # noqa: E402

from handouts.load.loader import load_site  # noqa: E402
from handouts.newsletter.render import HTML_TEMPLATE, newsletter_context, render_newsletter  # noqa: E402
from handouts.newsletter.templating import render  # noqa: E402
from handouts.pdf.render import render_handout  # noqa: E402

CLI = [sys.executable, str(REPO / "cli.py")]
WEASY_CLI = HERE / ".env" / "bin" / "weasyprint"


def timed(command: list[str], cache: Path | None = None) -> float:
    """A whole process's wall time; `cache` is where it keeps what later runs reuse
    (parsed fonts, QR codes, dates: handouts.usercache), instead of the user's."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)} if cache else None
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=env)
    return (time.perf_counter() - start) * 1000


def interleaved(commands: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Each measurement `repeat` times, taking turns, so a busy spell hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, measure in commands.items():
            times[name].append(measure())
    return times


def line(label: str, times: list[float]) -> str:
    return f"  {label:<44} {statistics.median(times):8.1f} ms median  {min(times):8.1f} min"


def ratio(
    label: str, ours: float, theirs: float, goal: float | None, *, floor: bool = False
) -> str:
    value = theirs / ours
    verdict = "" if goal is None else f"  (goal ≥ {goal:g}×: {'ok' if value >= goal else 'BELOW'})"
    return f"  {label:<44} {value:8.2f}×{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    site = load_site(REPO).site
    assert site is not None, "the seed site does not load; run `handouts check`"
    article = site.articles[ARTICLE]
    have_weasy = WEASY_PYTHON.exists()
    have_node = NODE_MJML.is_dir()
    if not (have_weasy and have_node):
        print("run `bash bench/setup.sh` once for WeasyPrint and the official MJML compiler")

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        print("handout, in process (seed article)")
        ours = median_ms(lambda: render_handout(site, article), 60)
        print(f"  {'ReportLab (handouts)':<44} {ours:8.2f} ms median")
        weasy = weasyprint(site, 15) if have_weasy else None
        if weasy:
            weasy_ms = weasy["median"] * 1000
            print(f"  {'WeasyPrint ' + weasy['version']:<44} {weasy_ms:8.2f} ms median")
            print(ratio("handouts vs WeasyPrint", ours, weasy_ms, 25))

        print(f"\npersonalised batch, {args.rows:,} rows, default --jobs (whole process)")
        day = work / "day.csv"
        write_csv(day, args.rows, 0.0)
        batch = [*CLI, "batch", str(day), "--quiet", "--site", str(REPO), "--out"]
        batch_ms = min(timed([*batch, str(work / f"batch-{n}")]) for n in range(2))
        per_handout = batch_ms / args.rows
        print(f"  {'per handout (best of 2 runs)':<44} {per_handout:8.2f} ms")
        if weasy:
            print(ratio("batch per handout vs WeasyPrint per article", per_handout, weasy_ms, 30))

        print("\nnewsletter, in process (seed article)")
        whole = median_call_ms(lambda: render_newsletter(site, article), 300)
        print(f"  {'whole set: HTML + text + .eml':<44} {whole:8.3f} ms median")
        if have_node:
            mjml = work / "seed.mjml"
            mjml.write_text(render(site.root, HTML_TEMPLATE, newsletter_context(site, article)))
            node = ["node", "-e", NODE_SCRIPT, str(NODE_MJML), str(mjml), "300"]
            api = json.loads(subprocess.run(node, check=True, capture_output=True).stdout)
            print(f"  {'official MJML API, compile alone':<44} {api['median']:8.3f} ms median")
            print(ratio("whole set vs MJML API compile", whole, api["median"], 3))

        print("\ncold processes: one personalised handout, from nothing to the PDF")
        page = work / "handout.html"
        page.write_text(handout_html(site), encoding="utf-8")
        handout = [*CLI, "handout", ARTICLE, "--patient", "Ana Silva", "--site", str(REPO)]
        handout += ["--output", str(work / "h.pdf"), "--force"]
        fresh = itertools.count()
        commands: dict[str, Callable[[], float]] = {
            "handouts handout": lambda: timed(handout, work / "cache"),
            "handouts handout, first run (nothing kept)": lambda: timed(
                handout, work / f"empty-{next(fresh)}"
            ),
            "plain ReportLab script (bench/floor.py)": lambda: timed(
                [sys.executable, str(HERE / "floor.py"), str(work / "floor.pdf"), "Ana Silva"]
            ),
            "python -c pass (the interpreter alone)": lambda: timed([sys.executable, "-c", "pass"]),
        }
        if WEASY_CLI.exists():
            commands["WeasyPrint command line"] = lambda: timed(
                [str(WEASY_CLI), str(page), str(work / "weasy.pdf")]
            )
        cold = interleaved(commands, args.repeat)
        for name, times in cold.items():
            print(line(name, times))
        handout_cold = min(cold["handouts handout"])
        floor = min(cold["plain ReportLab script (bench/floor.py)"])
        print(
            f"  handouts over the floor (min): {handout_cold / floor:.2f}× its time,"
            f" {handout_cold - floor:+.0f} ms  (goal: ≤ 140 ms on a quiet machine)"
        )
        if "WeasyPrint command line" in cold:
            print(
                ratio(
                    "handouts vs WeasyPrint CLI (min)",
                    handout_cold,
                    min(cold["WeasyPrint command line"]),
                    None,
                )
            )

        print("\nseed build, cold, whole process")
        out = work / "out"

        def build(*jobs: str) -> Callable[[], float]:
            def run() -> float:
                shutil.rmtree(out, ignore_errors=True)
                return timed([*CLI, "build", "--site", str(REPO), "--out", str(out), "-q", *jobs])

            return run

        builds = interleaved(
            {"default --jobs": build(), "--jobs 1": build("--jobs", "1")}, args.repeat
        )
        for name, times in builds.items():
            print(line(name, times))
        default, one = builds["default --jobs"], builds["--jobs 1"]
        speed = statistics.median(one) / statistics.median(default)
        verdict = "ok" if speed >= 0.97 else "SLOWER"  # within 3 %: the noise of a busy machine
        print(f"  default vs --jobs 1 (median): {speed:.2f}×  (goal: never slower: {verdict})")


if __name__ == "__main__":
    main()
