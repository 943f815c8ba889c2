"""Run every benchmark module in this package (or those named on the command line)."""

from __future__ import annotations

import os

# One BLAS thread per process, as a web server runs one worker per core: the finder's
# matrices are small, and OpenBLAS's worker threads spinning on a busy 2-core machine
# cost more than they save (find() p99 at 16 marks: ~120 ms CPU with them, ~20 without).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import importlib  # noqa: E402
import pkgutil  # noqa: E402
import sys  # noqa: E402

import bench  # noqa: E402


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
