"""`make eval`: the source finder against a workbook baseline, and how honest it is.

The report is a list of sections, each a function of the shared `Context`; a part of
the finder that wants its own figures in `make eval` appends its section to SECTIONS.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from eval import calibration, interactive, ranking, redflags
from eval import lookup as phrasings
from eval.context import Context

Section = Callable[[Context], None]


def red_flags_section(ctx: Context) -> None:
    ctx.console.print(redflags.table())


def interactive_section(ctx: Context) -> None:
    ctx.console.print(interactive.table())


def lookup_section(ctx: Context) -> None:
    phrasings.report(ctx.console, misses=False)


SECTIONS: list[Section] = [
    ranking.section,
    ranking.flags_section,
    calibration.section,
    red_flags_section,  # eval/redflags.py
    interactive_section,  # eval/interactive.py
    lookup_section,  # eval/lookup.py: the words people type, before the finder sees them
]


def main(sections: list[Section] = SECTIONS) -> int:
    ctx = Context()
    for section in sections:
        section(ctx)
        ctx.console.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
