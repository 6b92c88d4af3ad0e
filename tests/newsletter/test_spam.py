"""The seed's `.eml`, addressed as `handouts send` addresses it, as SpamAssassin scores it
(Debian's `spamassassin`, local rules only: `-L`). Its default threshold for spam is 5;
a newsletter should score far below it, at most 1.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from handouts.load.loader import LoadResult
from handouts.newsletter.render import render_newsletter
from handouts.newsletter.send import addressed
from tests.support.processes import program


def test_spamassassin_scores_the_seed_at_most_1(seed: LoadResult, tmp_path: Path) -> None:
    spamassassin = program("spamassassin", "spamassassin")
    assert seed.site is not None
    eml = render_newsletter(seed.site, seed.site.articles["ankle-foot-mobility"]).eml
    message = addressed(eml, ["patient@example.org"], "<test.1@corequesttherapy.example>")
    report = subprocess.run(
        [spamassassin, "-L", "-t"],
        input=message,
        capture_output=True,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},  # its user preferences go there
        timeout=120,
    ).stdout.decode("utf-8", "replace")
    score = re.search(r"^X-Spam-Status: \w+, score=(-?[\d.]+)", report, re.M)
    assert score is not None, report[:2000]
    details = report[report.find("Content analysis details") :][:2000]
    assert float(score.group(1)) <= 1.0, details
