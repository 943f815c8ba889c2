"""Every UCUM unit in the FHIR export is one NLM's UCUM library (ucum-lhc, from npm)
accepts, and the pressure pain threshold's two units convert into each other: kgf/cm2
(what the algometer reads) to kPa (the SI value) by 98.0665, which `kg/cm2` (mass per
area) would not."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import World
from tests.interop.records import full_record
from tests.interop.test_fhir_transaction import bundle_of, of_kind

ROOT = Path(__file__).parents[2]
UCUM = "http://unitsofmeasure.org"
SCRIPT = """
const u = require('@lhncbc/ucum-lhc').UcumLhcUtils.getInstance();
const ask = JSON.parse(process.argv[1]);
const valid = Object.fromEntries(ask.units.map((x) => [x, u.validateUnitString(x, true).status]));
const converted = ask.conversions.map(([from, value, to]) => {
  const r = u.convertUnitTo(from, value, to);
  return r.status === 'succeeded' ? r.toVal : null;
});
console.log(JSON.stringify({ valid, converted }));
"""


def ucum(units: list[str], conversions: list[tuple[str, float, str]]) -> dict[str, Any]:
    library = ROOT / "node_modules/@lhncbc/ucum-lhc"
    assert library.exists(), f"{library} is missing: run `make node_modules/.installed`"
    node = shutil.which("node")
    assert node, "node is needed for the UCUM check"
    ask = json.dumps({"units": units, "conversions": conversions})
    done = subprocess.run(
        [node, "-e", SCRIPT, ask], cwd=ROOT, capture_output=True, text=True, check=True
    )
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def quantities(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("system") == UCUM:
            found.append(node)
        for value in node.values():
            found.extend(quantities(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(quantities(value))
    return found


@pytest.mark.django_db
def test_every_ucum_unit_is_valid_and_the_ppt_units_convert(world: World):
    full_record(world)
    bundle = bundle_of(world.client_a)
    units = sorted({q["code"] for q in quantities(bundle)})
    assert {"kPa", "kgf/cm2", "deg", "{score}"} <= set(units)
    ppts = [o for o in of_kind(bundle, "Observation") if o["code"]["coding"][0]["code"] == "ppt"]
    assert ppts  # the finding's threshold and the measurement
    pairs = [(o["valueQuantity"]["value"], o["component"][0]["valueQuantity"]) for o in ppts]
    assert all(q["code"] == "kgf/cm2" for _, q in pairs)
    asks = [("kgf/cm2", q["value"], "kPa") for _, q in pairs]
    answer = ucum(units, [*asks, ("kg/cm2", 2.2, "kPa")])
    assert answer["valid"] == dict.fromkeys(units, "valid")
    *through, as_mass = answer["converted"]
    for (kpa, _), converted in zip(pairs, through, strict=True):
        assert converted == pytest.approx(kpa, abs=0.01)  # 2.2 kgf/cm2 = 215.75 kPa
    assert as_mass is None  # the old unit: mass per area is no pressure
