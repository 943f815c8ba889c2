"""The one error type sub-commands raise for bad input (exit code 2, one line)."""


class CliError(Exception):
    """Bad input from the person at the keyboard; the message is the whole story."""


MIGRATE = "the database has no tables yet: run `triggerpoint manage migrate`"


def reason_for(error: BaseException) -> str | None:
    """One line for a failure that comes from the input or the machine, not from a bug:
    an unmigrated database, a number no database can hold, a file that cannot be written.
    None for anything else, which stays a traceback (it is a bug to report)."""
    text = str(error)
    if type(error).__name__ in ("OperationalError", "ProgrammingError") and (
        "no such table" in text or "does not exist" in text
    ):
        return MIGRATE
    if isinstance(error, OverflowError) or type(error).__name__ == "DataError":
        return "a number is too large"
    if isinstance(error, IsADirectoryError):
        return f"{error.filename or 'the output'} is a directory; give a file name"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"cannot write{where}: {error.strerror or error}"
    return None
