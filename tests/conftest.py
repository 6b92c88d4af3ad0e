"""Shared fixtures: the seed site (this repository) and an awkward test site."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from handouts.load.loader import LoadResult, load_site
from tests.support.sites import AWKWARD_SITE, SEED_SITE, copy_site

# Fixtures shared beyond one folder: real Chromium for the email tests.
pytest_plugins = ["tests.support.browser"]

# A longer local fuzzing run: HYPOTHESIS_PROFILE=fuzz make test (or pytest tests/test_fuzz.py).
# CI draws the same examples on every run, so a landing never depends on luck; local runs
# keep exploring new ones and remember what failed.
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

# A newsletter's .eml is dated when it is built; the tests fix that time, as a reproducible
# build does, so that outputs can be compared byte for byte (2026-11-20 12:00 UTC).
os.environ["SOURCE_DATE_EPOCH"] = "1795176000"
# Parsed fonts are kept between runs in the user's cache folder (handouts.fonts.metrics):
# the tests, and the commands they start, keep theirs in a folder of their own.
_CACHE = tempfile.TemporaryDirectory(prefix="handouts-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE.name


@pytest.fixture(scope="session")
def seed() -> LoadResult:
    result = load_site(SEED_SITE)
    assert result.site is not None and not result.diagnostics.has_errors()
    return result


@pytest.fixture(scope="session")
def awkward() -> LoadResult:
    result = load_site(AWKWARD_SITE)
    assert result.site is not None and not result.diagnostics.has_errors(), [
        str(d) for d in result.diagnostics.errors
    ]
    return result


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed site."""
    return copy_site(SEED_SITE, tmp_path / "site")
