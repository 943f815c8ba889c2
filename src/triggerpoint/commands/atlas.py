"""`triggerpoint atlas ...`: check the data, count it, show a muscle, ask who refers where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from triggerpoint.atlas import Atlas, AtlasError, SatelliteEdge, TriggerPoint, load_atlas
from triggerpoint.atlas.query import closest, referral_values, stats
from triggerpoint.atlas.selfcare_query import coverage, muscle_data
from triggerpoint.atlas.sides import SIDES
from triggerpoint.bodymap.lookup import closest_id
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.commands.errors import CliError

app = typer.Typer(
    help="The trigger point atlas: muscles, referral zones, satellites.", no_args_is_help=True
)

DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Atlas data directory (default: the shipped data)."),
]
SideOption = Annotated[str, typer.Option(help="Which side to show: right or left.")]


def _atlas(data: Path | None) -> Atlas:
    try:
        return load_atlas(data)
    except AtlasError as error:
        raise CliError(f"{error}; run `triggerpoint atlas check` for the list") from None


@app.command()
def check(data: DataOption = None) -> None:
    """Validate the atlas data; list every problem (exit 2) or print the counts."""
    try:
        atlas = load_atlas(data)
    except AtlasError as error:
        for line in error.lines():
            typer.echo(line, err=True)
        raise typer.Exit(2) from None
    counts = stats(atlas)
    typer.echo(
        f"atlas ok: {counts['muscles']} muscles, "
        f"{counts['trigger_points']['per_side']} trigger points per side "
        f"({counts['trigger_points']['sided']} sided), "
        f"{counts['satellite_edges']['explicit']} cited and "
        f"{counts['satellite_edges']['derived']} derived satellite edges, "
        f"{counts['stretches']} stretches, {counts['sources']} sources"
    )
    typer.echo(_self_care_line(coverage(atlas)))


def _self_care_line(cover: dict[str, Any]) -> str:
    points = cover["trigger_points_with_self_treatment"]
    muscles = cover["muscles_with_perpetuating_factors"]
    return (
        f"self-care: {points['with']} of {points['total']} trigger points "
        f"({points['percent']}%) with a dosed self-treatment, {muscles['with']} of "
        f"{muscles['total']} muscles ({muscles['percent']}%) with perpetuating factors"
    )


@app.command("stats")
def show_stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOption = None,
) -> None:
    """Counts and region coverage; the regions no trigger point refers to, with reasons."""
    atlas = _atlas(data)
    counts = {**stats(atlas), "self_care": coverage(atlas)}
    if as_json:
        typer.echo(json.dumps(counts, indent=2))
        return
    regions = counts["regions"]
    typer.echo(f"muscles: {counts['muscles']}")
    typer.echo(
        f"trigger points: {counts['trigger_points']['per_side']} per side, "
        f"{counts['trigger_points']['sided']} in all"
    )
    for area, number in counts["trigger_points_by_area"].items():
        typer.echo(f"  {area}: {number}")
    typer.echo(
        f"satellite edges: {counts['satellite_edges']['explicit']} cited, "
        f"{counts['satellite_edges']['derived']} derived"
    )
    typer.echo(f"stretches: {counts['stretches']}; sources: {counts['sources']}")
    typer.echo(
        f"regions referred to: {regions['referred']} of {regions['total']} "
        f"({regions['essential']} in an essential zone)"
    )
    typer.echo(f"regions no trigger point refers to: {len(counts['unreferred'])}")
    for row in counts["unreferred"]:
        typer.echo(f"  {row['region']} ({row['label']}): {row['reason']}")
    cover = counts["self_care"]
    typer.echo(_self_care_line(cover))
    typer.echo(
        f"  {cover['methods']} methods, {cover['cautions']} cautions, {cover['factors']} "
        f"factors; {cover['trigger_points_with_a_site_caution']} points carry a site caution"
    )
    for base in cover["missing_self_treatment"]:
        typer.echo(f"  no self-treatment: {base}")
    for muscle_id in cover["missing_factors"]:
        typer.echo(f"  no perpetuating factors: {muscle_id}")


def _find_muscle(atlas: Atlas, token: str) -> str:
    wanted = token.strip().lower().replace(" ", "-")
    if wanted in atlas.muscles:
        return wanted
    for muscle in atlas.muscles.values():
        if muscle.name.lower() == token.strip().lower():
            return muscle.id
    hint = closest(wanted, atlas.muscles)
    suggestion = f"; did you mean {hint!r}?" if hint else "; see `triggerpoint atlas stats`"
    raise CliError(f"unknown muscle {token!r}{suggestion}")


def _labelled(region_ids: tuple[str, ...]) -> str:
    regions = fine_regions()
    return ", ".join(f"{regions[rid].full_label} [{rid}]" for rid in region_ids) or "-"


def _edge_line(atlas: Atlas, other: str, edge: SatelliteEdge) -> str:
    kind = "derived candidate" if edge.derived else "cited: " + ", ".join(edge.sources)
    return f"{atlas.trigger_points[other].name} [{other}] ({kind})"


def _point_lines(atlas: Atlas, point: TriggerPoint) -> list[str]:
    regions = fine_regions()
    lines = [
        f"{point.name} [{point.id}], {point.prevalence}",
        f"  location: {regions[point.location].full_label} [{point.location}]",
        f"  find it: {point.find_it}",
        f"  local: {_labelled(point.local)}",
        f"  essential: {_labelled(point.essential)}",
        f"  spillover: {_labelled(point.spillover)}",
        f"  sources: {', '.join(point.sources)}",
    ]
    for edge in atlas.satellites_of(point.id):
        lines.append("  satellite: " + _edge_line(atlas, edge.satellite, edge))
    for edge in atlas.keys_of(point.id):
        lines.append("  key: " + _edge_line(atlas, edge.key, edge))
    treatment = atlas.self_care.treatment(point.base)
    if treatment is not None:
        lines += [
            f"  self-treatment: {treatment.tool}, {treatment.position}; {treatment.dose}",
            f"    place: {treatment.place}",
            f"    {treatment.technique}",
            f"    not when: {treatment.avoid}",
        ]
        lines += [
            f"    caution: {c.title}: {c.text}" for c in atlas.self_care.cautions_for(point.base)
        ]
    return lines


@app.command()
def show(
    muscle: Annotated[str, typer.Argument(help="Muscle id, e.g. upper-trapezius.")],
    side: SideOption = "right",
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Write the muscle's referral map here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """A muscle's trigger points, referral zones, satellites, stretches and self-care."""
    if side not in SIDES:
        raise CliError(f"side must be 'right' or 'left', got {side!r}")
    atlas = _atlas(data)
    found = atlas.muscles[_find_muscle(atlas, muscle)]
    points = [p for p in atlas.muscle_points(found.id) if p.side == side]
    if as_json:
        typer.echo(json.dumps(muscle_data(atlas, found.id, side), indent=2))
        return
    typer.echo(f"{found.name} [{found.id}] ({found.group}; {found.area}): {found.action}")
    typer.echo(f"{side} side shown; the other side mirrors it")
    for point in points:
        typer.echo("")
        typer.echo("\n".join(_point_lines(atlas, point)))
    typer.echo("")
    for stretch_id in found.stretches:
        stretch = atlas.stretches[stretch_id]
        typer.echo(f"stretch: {stretch.name} [{stretch.id}]: {stretch.dosage}")
        typer.echo(f"  {stretch.instructions}")
    for factor in atlas.self_care.factors_for(found.id):
        typer.echo(f"perpetuating ({factor.kind}): {factor.factor}; change: {factor.change}")
    if svg is not None:
        _write_map(svg, points, f"{found.name} ({side}): referral zones")


def _write_map(path: Path, points: list[TriggerPoint], title: str) -> None:
    from triggerpoint.bodymap.svg import render_svg

    document = render_svg(
        referral_values(points), title=title, markers=sorted({p.location for p in points})
    )
    try:
        path.write_text(document, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    typer.echo(f"wrote {path}")


def _region_ids(token: str) -> tuple[str, bool]:
    """(a sided fine region id, whether the token named a side-neutral base)."""
    regions = fine_regions()
    if token in regions:
        return token, False
    if f"{token}-r" in regions:
        return f"{token}-r", True
    bases = {r.base for r in regions.values()}
    hint = closest(token, [*bases, *regions]) or closest_id(token)
    suggestion = f"; did you mean {hint!r}?" if hint else ""
    raise CliError(f"unknown region {token!r}{suggestion}")


@app.command("refers-to")
def refers_to(
    region: Annotated[str, typer.Argument(help="Fine region (temple-r) or base (temple).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOption = None,
) -> None:
    """Which trigger points refer to a region: essential zones first, then spillover."""
    region_id, neutral = _region_ids(region.strip())
    atlas = _atlas(data)
    rows = []
    for point, zone in atlas.referring_to(region_id):
        side = ("same side" if point.side == "right" else "other side") if neutral else point.side
        rows.append(
            {
                "trigger_point": point.base if neutral else point.id,
                "name": point.name,
                "muscle": point.muscle,
                "side": side,
                "zone": zone,
                "prevalence": point.prevalence,
            }
        )
    if as_json:
        typer.echo(json.dumps({"region": region.strip(), "trigger_points": rows}, indent=2))
        return
    label = fine_regions()[region_id].label if neutral else fine_regions()[region_id].full_label
    typer.echo(f"{label}: {len(rows)} trigger point(s) refer here")
    for row in rows:
        typer.echo(
            f"  {row['zone']:<9} {row['trigger_point']} ({row['name']}; {row['side']}; "
            f"{row['prevalence']})"
        )
