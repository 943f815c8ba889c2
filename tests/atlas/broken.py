"""Edit YAML files of a copied data directory to build broken atlases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Mutation = Callable[[Any], Any]


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
