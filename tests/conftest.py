"""Fixtures shared by the tests that build the repository's own site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# No build server started by the builds of the tests (and their subprocesses): a test that wants one
# says so (tests/test_buildserver.py).
os.environ["BRIEFINGS_BUILD_SERVER"] = "0"


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's project (seeds, docs, briefs, mkdocs.yml), one per test module."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("seeds", "docs", "briefs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root
