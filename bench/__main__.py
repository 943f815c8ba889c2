"""Run every benchmark module in this package (or those named on the command line)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(names: list[str]) -> None:
    modules = names or sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__) if not info.name.startswith("_")
    )
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "main"):
            print(f"\n== bench.{name} ==", flush=True)
            module.main()


if __name__ == "__main__":
    main(sys.argv[1:])
