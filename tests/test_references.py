"""Every path the code, data and docs cite lies inside the repository.

A newcomer with only a clone must be able to follow each reference: no design notes in a
folder beside the repository, no absolute paths of someone's machine, no `../` that
climbs out of the tree, and every `docs/...` or `*.md` file named must exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ["src", "tests", "docs", "eval", "bench", ".ci"]
TOP_FILES = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "Makefile", "pyproject.toml"]
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".html", ".js", ".css", ".json"}
SKIPPED_DIRS = {"__pycache__", "node_modules", ".venv", "mutants", "migrations"}

# Spelled in pieces so that this file does not match itself.
OUTSIDE = [
    re.compile(r"\b(?:DESIGN|REFERRAL_FACTS|CHOIR|STYLE)" + r"\.md\b"),
    re.compile(r"(?<![\w.-])(?:\.\./)*shared" + r"/"),
    re.compile(r"(?<![\w:/.])/(?:work|home|Users|root|mnt)" + r"/[\w.-]"),
]
CLIMB = re.compile(r"(?<![\w/:.])((?:\.\./)+)([\w.-]+)")
NAMED_DOC = re.compile(r"(?<![\w/.-])((?:docs/)?[A-Za-z][\w-]*\.md)\b")
KNOWN_TOP_DOCS = {"README.md", "CONTRIBUTING.md", "CHANGELOG.md"}


def scanned_files() -> Iterator[Path]:
    for name in TOP_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
                continue
            if path.is_file() and path.suffix in SUFFIXES:
                yield path


def outside_references(path: Path, text: str) -> list[str]:
    """The references in `text` (the contents of `path`) that leave the repository."""
    found = [m.group(0) for pattern in OUTSIDE for m in pattern.finditer(text)]
    for m in CLIMB.finditer(text):
        target = (path.parent / m.group(1)).resolve()
        if not target.is_relative_to(ROOT):
            found.append(m.group(0))
    return found


def missing_docs(text: str) -> list[str]:
    """Markdown files named in `text` that the repository does not hold."""
    missing = []
    for m in NAMED_DOC.finditer(text):
        name = m.group(1)
        if "/" not in name and name not in KNOWN_TOP_DOCS:
            name = f"docs/{name}"
        if not (ROOT / name).is_file():
            missing.append(m.group(1))
    return missing


def test_the_scan_reaches_code_data_tests_and_docs():
    names = {p.relative_to(ROOT).as_posix() for p in scanned_files()}
    for expected in [
        "README.md",
        "src/triggerpoint/protocol/settings.py",
        "src/triggerpoint/atlas/data/neck.yaml",
        "tests/test_references.py",
        "docs/architecture.md",
        "eval/vignettes.yaml",
    ]:
        assert expected in names


@pytest.mark.parametrize(
    "text",
    [
        "see DESIGN" + ".md section 7",
        "facts in ../shared" + "/REFERRAL_FACTS" + ".md",
        "the shared" + "/ folder",
        "open /" + "work/main/notes.txt",
        "from ../../../../../../outside.txt",
    ],
)
def test_a_reference_outside_the_repository_is_caught(text):
    assert outside_references(ROOT / "src" / "triggerpoint" / "x.py", text)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.medlink.com/media/abc",
        "see docs/domain.md and ../static/web/app.js",
        "a shared-folder word and /api/v1/find",
    ],
)
def test_a_reference_inside_the_repository_passes(text):
    assert outside_references(ROOT / "src" / "triggerpoint" / "web" / "x.py", text) == []


def test_no_file_points_outside_the_repository():
    offenders = {}
    for path in scanned_files():
        if path == Path(__file__).resolve():
            continue
        found = outside_references(path, path.read_text(encoding="utf-8"))
        if found:
            offenders[path.relative_to(ROOT).as_posix()] = found
    assert offenders == {}


def test_every_markdown_file_named_exists():
    offenders = {}
    for path in scanned_files():
        if path == Path(__file__).resolve():
            continue
        missing = missing_docs(path.read_text(encoding="utf-8"))
        if missing:
            offenders[path.relative_to(ROOT).as_posix()] = missing
    assert offenders == {}
