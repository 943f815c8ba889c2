"""The one error type sub-commands raise for bad input (exit code 2, one line)."""


class CliError(Exception):
    """Bad input from the person at the keyboard; the message is the whole story."""
