// The heat scale (pain 0-10 -> colour) in the browser. The stops come from
// heat-scale.js, which web/assets.py generates from triggerpoint/visual/heat.py; this is
// the same interpolation as heat_colour() there, and tests/visual checks that both give
// the same colour for the same value.

import { EMPTY, MAX, STOPS } from "./heat-scale.js";

const hex = (rgb) => "#" + rgb.map((c) => c.toString(16).padStart(2, "0")).join("");

export function heatColour(value) {
  if (!(value > 0)) return EMPTY;
  const v = Math.min(value, MAX);
  if (v <= STOPS[0][0]) return hex(STOPS[0][1]);
  for (let i = 1; i < STOPS.length; i++) {
    const [high, hi] = STOPS[i];
    const [low, lo] = STOPS[i - 1];
    if (v <= high) {
      const t = (v - low) / (high - low);
      return hex(lo.map((c, k) => Math.round(c + (hi[k] - c) * t)));
    }
  }
  return hex(STOPS[STOPS.length - 1][1]);
}
