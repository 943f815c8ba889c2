"""Fixtures: the shipped atlas, and a copy of its data to break in a tmp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.atlas.loader import DATA_DIR


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
