"""No command ends in a traceback on bad input or a bad machine state: one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).with_name("triggerpoint"))


def run(var: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TRIGGERPOINT_VAR_DIR"] = str(var)
    return subprocess.run(
        [CLI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("args", [["export", "client1@example.com"], ["remind"]])
def test_an_unmigrated_database_says_to_migrate(tmp_path: Path, args: list[str]):
    line = one_line_error(run(tmp_path, *args))
    assert line == "error: the database has no tables yet: run `triggerpoint manage migrate`"


@pytest.mark.parametrize(
    ("output", "says"),
    [("", "is a directory"), ("/tmp", "is a directory"), ("/dev/full", "cannot write")],
)
def test_the_tour_refuses_an_output_it_cannot_write(tmp_path: Path, output: str, says: str):
    if output == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert says in one_line_error(run(tmp_path, "tour", "--output", output))


def test_a_clinic_number_no_database_holds_is_one_line(tmp_path: Path):
    assert run(tmp_path, "manage", "migrate").returncode == 0
    line = one_line_error(run(tmp_path, "export", "--clinic", "9" * 23, "x@example.com"))
    assert line == "error: a number is too large"
