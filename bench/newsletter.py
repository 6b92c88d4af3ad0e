"""How fast a newsletter renders, next to the official MJML compiler.

Run `bench/setup.sh` once (it installs the node `mjml` package into bench/node_modules),
then `.venv/bin/python bench/newsletter.py [--site .] [--runs 300]`. It prints, per
newsletter of the site:

- in process: the whole set (template + MJML + text + .eml) and the HTML alone
  (template + lint + compile), median of many runs; and the whole set from nothing,
  with everything newsletters keep between renders dropped before each (what the
  first newsletter of a build pays);
- the official compiler's JavaScript API compiling the same MJML, in the same run;
- as whole processes, cold: the `mjml` CLI on that one MJML file, and a Python process
  that loads the site and renders and writes that one newsletter;

and the ratios against the issue's goals (HTML ≥ 15×, whole set ≥ 5× faster than the
official API's compile; cold process ≥ 3× faster than the CLI).
"""

from __future__ import annotations

import argparse
import json
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

from handouts.load.loader import load_site  # noqa: E402
from handouts.newsletter.mjml import compile_mjml  # noqa: E402
from handouts.newsletter.render import (  # noqa: E402
    HTML_TEMPLATE,
    forget,
    newsletter_context,
    render_newsletter,
)
from handouts.newsletter.templating import environment, render  # noqa: E402

NODE_MJML = HERE / "node_modules" / "mjml"
MJML_CLI = HERE / "node_modules" / ".bin" / "mjml"

# Times the official API in one node process: warm-up first, like the Python side.
NODE_SCRIPT = """
const mjml2html = require(process.argv[1]);
const source = require('fs').readFileSync(process.argv[2], 'utf8');
const runs = Number(process.argv[3]);
for (let i = 0; i < 30; i++) mjml2html(source, {validationLevel: 'skip'});
const times = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  mjml2html(source, {validationLevel: 'skip'});
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({median: times[Math.floor(runs / 2)]}));
"""

COLD_RENDER = """
import sys
from pathlib import Path
from handouts.load.loader import load_site
from handouts.newsletter.render import render_newsletter
from handouts.build.write import write_atomic
site = load_site(Path(sys.argv[1])).site
files = render_newsletter(site, site.articles[sys.argv[2]])
out = Path(sys.argv[3])
for ext, data in (("html", files.html), ("txt", files.text), ("eml", files.eml)):
    write_atomic(out / f"{sys.argv[2]}.{ext}", data)
"""


def median_ms(action: Callable[[], object], runs: int) -> float:
    for _ in range(min(30, runs)):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def process_ms(command: list[str], runs: int) -> float:
    """Median wall time of a whole process, started cold each time."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--process-runs", type=int, default=5)
    args = parser.parse_args()

    site = load_site(args.site).site
    if site is None:
        sys.exit("the site does not load; run `handouts check`")
    have_node = NODE_MJML.is_dir()
    if not have_node:
        print("bench/node_modules/mjml is missing: run bench/setup.sh for the comparison\n")

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for slug, article in sorted(site.articles.items()):

            def html_only(article=article) -> str:  # type: ignore[no-untyped-def]
                env = environment(site.root, site.templates)
                source = render(site.root, HTML_TEMPLATE, newsletter_context(site, article), env)
                return compile_mjml(source, site.root, HTML_TEMPLATE)

            def from_nothing(article=article) -> object:  # type: ignore[no-untyped-def]
                forget()
                return render_newsletter(site, article)

            whole = median_ms(lambda article=article: render_newsletter(site, article), args.runs)
            fresh = median_ms(from_nothing, args.runs)
            html = median_ms(html_only, args.runs)
            mjml_file = work / f"{slug}.mjml"
            mjml_file.write_text(
                render(site.root, HTML_TEMPLATE, newsletter_context(site, article)),
                encoding="utf-8",
            )
            cold = process_ms(
                [sys.executable, "-c", COLD_RENDER, str(site.root), slug, str(work / "out")],
                args.process_runs,
            )
            print(f"{slug}  ({len(render_newsletter(site, article).html):,} bytes of HTML)")
            print(f"  in process  whole set (html+txt+eml)  {whole:8.3f} ms")
            print(f"              whole set, from nothing   {fresh:8.3f} ms")
            print(f"              HTML (template+compile)   {html:8.3f} ms")
            print(f"  cold process: load + render + write   {cold:8.1f} ms")
            if not have_node:
                continue
            api = json.loads(
                subprocess.run(
                    ["node", "-e", NODE_SCRIPT, str(NODE_MJML), str(mjml_file), str(args.runs)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )["median"]
            cli = process_ms(
                [str(MJML_CLI), str(mjml_file), "-o", str(work / f"{slug}.cli.html")],
                args.process_runs,
            )
            print(f"  official    mjml JS API compile       {api:8.3f} ms")
            print(f"              mjml CLI, one file        {cli:8.1f} ms")
            for label, ratio, goal in (
                ("HTML vs API compile", api / html, 15),
                ("whole set vs API compile", api / whole, 5),
                ("cold process vs CLI", cli / cold, 3),
            ):
                verdict = "ok" if ratio >= goal else "BELOW GOAL"
                print(f"  ratio       {label:<26} {ratio:6.1f}×  (goal ≥ {goal}×: {verdict})")


if __name__ == "__main__":
    main()
