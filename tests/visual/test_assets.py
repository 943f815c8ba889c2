"""The heat scale and the palette are defined once (triggerpoint/visual) and the browser
gets generated copies: these tests fail when a copy differs from its source, when the
JavaScript scale gives another colour than Python's, or when a colour is written as a
literal outside the palette."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.visual import heat, palette
from triggerpoint.visual.heat import heat_colour
from triggerpoint.web import assets

SRC = Path(__file__).parents[2] / "src" / "triggerpoint"
STATIC = SRC / "web" / "static" / "web"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
GENERATED = {STATIC / name for name in assets.FILES}


@pytest.mark.parametrize("name", sorted(assets.FILES))
def test_the_committed_copy_is_what_the_generator_writes(name: str):
    committed = (STATIC / name).read_text(encoding="utf-8")
    assert committed == assets.FILES[name](), (
        f"static/web/{name} is out of date: run `python -m triggerpoint.web.assets`"
    )


def custom_properties() -> dict[str, str]:
    css = (STATIC / "palette.css").read_text(encoding="utf-8")
    return dict(re.findall(r"--([\w-]+):\s*([^;]+);", css))


def test_the_css_heat_steps_and_gradient_are_pythons_colours():
    props = custom_properties()
    for step in range(11):
        assert props[f"heat-{step}"] == heat_colour(step)
    stops = re.findall(r"(#[0-9a-f]{6}) (\d+)%", props["heat-gradient"])
    assert len(stops) == len(heat.STOPS) + 1
    for colour, percent in stops:
        assert colour == heat_colour(int(percent) / 10)


def test_every_palette_colour_is_a_css_property_of_the_same_value():
    props = custom_properties()
    for name, colour in palette.CSS_NAMES.items():
        assert props[name] == colour


# Whole and fractional values, the stops themselves, values that land on a half in some
# channel (where rounding rules differ between languages), and values outside 0-10.
VALUES = [i / 100 for i in range(-100, 1101)] + [1e-9, 0.999999, 7.000001, 25.0, -3.5]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (make test has it)")
def test_the_javascript_scale_gives_pythons_colour_for_every_value(tmp_path: Path):
    # Copied verbatim beside a package.json that makes Node read them as ES modules, as a
    # browser does.
    for name in ("heat.js", "heat-scale.js"):
        shutil.copy(STATIC / name, tmp_path / name)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    script = (
        'import { heatColour } from "./heat.js";'
        f"const values = {json.dumps(VALUES)};"
        "console.log(JSON.stringify(values.map(heatColour).concat("
        "[heatColour(NaN), heatColour(undefined), heatColour(Infinity)])));"
    )
    (tmp_path / "run.js").write_text(script)
    result = subprocess.run(
        ["node", "run.js"], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=30
    )
    from_js = json.loads(result.stdout)
    expected = [heat_colour(v) for v in VALUES] + [heat.EMPTY, heat.EMPTY, heat_colour(10)]
    assert from_js == expected


def channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@given(st.floats(min_value=1.0, max_value=10.0))
def test_a_colour_lies_between_the_colours_of_its_two_stops(value: float):
    low = max(s for s in heat.STOPS if s[0] <= value)
    high = min(s for s in heat.STOPS if s[0] >= value)
    for channel, a, b in zip(channels(heat_colour(value)), low[1], high[1], strict=True):
        assert min(a, b) <= channel <= max(a, b)


@given(st.floats(min_value=0.0, max_value=10.0), st.floats(min_value=0.0, max_value=10.0))
def test_more_pain_is_never_lighter(a: float, b: float):
    a, b = sorted((a, b))

    def lightness(colour: str) -> int:
        return sum(channels(colour)[:2])  # red+green: blue is not monotone along the scale

    if a > 0:
        assert lightness(heat_colour(a)) >= lightness(heat_colour(b))


def literal_colours(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".html", ".js", ".css"}:
        # "#content" and "#drawing-actions" are ids, not colours: the 3-digit form only
        # counts where CSS or an attribute would take a colour.
        return re.findall(r"(?<![\w-])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b(?![\w-])", text)
    return HEX.findall(text)


def test_no_colour_is_written_outside_the_palette():
    # Emails are the one exception: mail programs ignore stylesheets and custom
    # properties, so their colours stay inline in clinic/templates/clinic/emails/.
    checked = [
        *SRC.rglob("*.py"),
        *SRC.rglob("static/**/*.css"),
        *SRC.rglob("static/**/*.js"),
        *SRC.rglob("templates/**/*.html"),
    ]
    allowed = {SRC / "visual" / "palette.py", *GENERATED}
    found = {
        str(path.relative_to(SRC)): colours
        for path in checked
        if path not in allowed and "emails" not in path.parts
        for colours in [literal_colours(path)]
        if colours
    }
    assert found == {}
