"""`triggerpoint waitlist-expire`: release lapsed waitlist holds and offer the times on.

Run it from cron every few minutes (e.g. `*/5 * * * * triggerpoint waitlist-expire`).
Running it twice, or two at once, releases and offers each time once.
"""

from __future__ import annotations

from rich.console import Console

from triggerpoint.commands.clinic import _django

console = Console()


def waitlist_expire() -> None:
    """Release every waitlist hold whose time ran out and offer it to the next in line."""
    _django()
    from triggerpoint.clinic.booking.waitlist import expire_lapsed

    released, offered = expire_lapsed()
    console.print(f"released {released} lapsed hold(s), made {offered} new offer(s)")
