"""Fixtures shared by the tests that build the repository's own site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's project (seeds, docs, briefs, mkdocs.yml), one per test module."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("seeds", "docs", "briefs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root
