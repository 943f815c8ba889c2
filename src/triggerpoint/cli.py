"""The `triggerpoint` command: one Typer app with a sub-app per area.

Bad input never ends in a traceback: usage errors and `CliError` print one line
(`error: ...`) on stderr and exit with code 2.
"""

from __future__ import annotations

import sys

import typer

from triggerpoint.commands import (
    atlas,
    bodymap,
    clinic,
    export,
    find,
    importing,
    protocol,
    waitlist,
)
from triggerpoint.commands.errors import CliError, reason_for
from triggerpoint.commands.tour import tour

app = typer.Typer(
    help="Myofascial trigger point therapy: body map, atlas, source finder and clinic.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(bodymap.app, name="bodymap")
app.add_typer(atlas.app, name="atlas")
app.command(name="find")(find.find_command)
app.command()(tour)
app.command(name="session-defaults")(protocol.session_defaults)
clinic.register(app)  # serve, demo, remind, manage
app.command(name="waitlist-expire")(waitlist.waitlist_expire)
app.command(name="export")(export.export)
importing.register(app)  # import, import-clients, import-appointments, print-mapping


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising SystemExit."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="triggerpoint")
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        return 1
    except typer.TyperException as error:
        # Usage errors (unknown command or option, bad value) are one line too.
        format_message = getattr(error, "format_message", None)
        message = _one_line(format_message() if format_message else str(error))
        if message:  # an empty message follows the help text shown for a bare command
            print(f"error: {message}", file=sys.stderr)
        return 2
    except Exception as error:
        # An unmigrated database, a huge number, an unwritable file: one line, exit 2.
        reason = reason_for(error)
        if reason is None:
            raise
        print(f"error: {reason}", file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0


def _one_line(message: str) -> str:
    return " ".join(message.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
