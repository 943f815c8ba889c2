"""The clinic commands: one-line errors for bad input, and the chores they run."""

from __future__ import annotations

import logging
import socket

import pytest

from triggerpoint.cli import main


def test_bad_options_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--clinics", "0"]) == 2
    assert main(["serve", "--port", "99999"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2
    assert all(line.startswith("error: ") for line in errors)


@pytest.mark.django_db
def test_demo_twice_is_refused_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--weeks", "0", "--clients", "3"]) == 0
    out = capsys.readouterr().out
    assert "owner@example.com" in out
    assert "triggerpoint-demo" in out
    assert main(["demo"]) == 2
    assert capsys.readouterr().err.startswith("error: demo data already exists")


@pytest.mark.django_db
def test_remind_reports_how_many_it_sent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "--hours", "1"]) == 0
    assert "sent 0 reminder(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_command_in_a_process_already_set_up_leaves_its_logging_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Setting Django up again would bind the log handlers to the stderr of the moment
    (here this test's capture, closed after it): later records would meet a closed file."""
    handlers = list(logging.getLogger().handlers)
    assert main(["remind", "--hours", "1"]) == 0
    assert logging.getLogger().handlers == handlers


def test_serve_refuses_a_port_another_server_listens_on(capsys: pytest.CaptureFixture[str]):
    """The workers' sockets share their port (SO_REUSEPORT): a second server would join
    the first one silently instead of failing."""
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as a worker listens
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert main(["serve", "--host", "no-such-host.invalid"]) == 2
    assert capsys.readouterr().err.startswith("error: cannot listen on no-such-host.invalid")
