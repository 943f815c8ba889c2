"""Shared helpers: the shipped atlas, and broken copies of its data in tmp dirs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.atlas.loader import DATA_DIR

Mutation = Callable[[Any], Any]


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir: Path, file: str, mutate: Mutation) -> None:
    """Load a YAML file of the copy, let `mutate` change it (in place or by returning a
    new value), and write it back."""
    path = data_dir / file
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = mutate(content)
    path.write_text(
        yaml.safe_dump(content if changed is None else changed, sort_keys=False),
        encoding="utf-8",
    )


def point(content: dict[str, Any], base: str) -> dict[str, Any]:
    """The trigger point entry with this base id in an area file's content."""
    return next(p for p in content["trigger_points"] if p["id"] == base)


def muscle(content: dict[str, Any], muscle_id: str) -> dict[str, Any]:
    return next(m for m in content["muscles"] if m["id"] == muscle_id)
