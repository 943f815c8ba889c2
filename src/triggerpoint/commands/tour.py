"""`triggerpoint tour`: a short guided look at what the command line can do."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from triggerpoint.bodymap.choir import CHOIR_REGIONS
from triggerpoint.bodymap.lookup import lookup
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.svg import render_svg

console = Console()


def tour(output: Path = Path("var/tour-map.svg")) -> None:
    """Show the body map vocabulary, a look-up and a rendered pain drawing."""
    console.rule("triggerpoint")
    console.print(
        f"The body map has {len(CHOIR_REGIONS)} CHOIR regions and "
        f"{len(fine_regions())} fine regions for trigger point work."
    )
    for words in ("left jaw joint", "between the shoulder blades", "tempel"):
        best = lookup(words, limit=1)
        found = f"{best[0].region_id} ({best[0].label})" if best else "nothing"
        console.print(f"  lookup {words!r:32} -> {found}")
    drawing = {"temple-r": 7.0, "eye-r": 6.0, "upper-back-neck-r": 4.0, "angle-of-neck-r": 5.0}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_svg(drawing, title="A tension-type headache drawing"))
    console.print(f"A pain drawing of a right-sided tension headache: [bold]{output}[/bold]")
    console.print("Next: `triggerpoint bodymap --help`.")
