// What part of the body map is in view, and where keyboard focus goes.
//
// The whole figure is too small to tap on a phone, so a tap on it zooms into the body
// area under the finger. The frames (which regions, which box) are computed on the
// server from the region shapes (bodymap/zoom.py) in figure coordinates; the drawing
// places each view somewhere on its canvas, so a frame is moved by the offset between
// its regions' bounds there and on the drawn paths here.
//
// Keyboard: the map is one Tab stop (roving tabindex). Arrow keys go to the nearest
// region whose centre lies within 50 degrees of that direction, and focus moving to a
// region outside the current frame brings that region's frame into view.

import { focusOn } from "./common.js";

const CONE = Math.cos((50 * Math.PI) / 180);
const DIRECTIONS = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

export class MapView {
  constructor(svg, frames, hint) {
    this.svg = svg;
    this.frames = new Map(frames.map((f) => [f.id, f]));
    this.home = new Map(frames.flatMap((f) => f.regions.map((r) => [r, f.id])));
    this.hint = hint;
    this.hintText = hint ? hint.textContent : "";
    this.modeHint = "Tap a place to mark it.";
    this.whole = svg.getAttribute("viewBox");
    this.current = null;
    this.paths = new Map([...svg.querySelectorAll("path.region")].map((p) => [p.dataset.region, p]));
    this.centres = null;
    this.listeners = [];
    // The regions are the stop; Chromium would otherwise also stop on the clipped <svg>.
    svg.setAttribute("tabindex", "-1");
    // Later regions paint over an earlier one's outline, so the focused region is drawn
    // again on top of the whole drawing as a ring.
    // A copy of the outline, not a <use>: a <use> would clone a focusable region.
    this.ring = document.createElementNS("http://www.w3.org/2000/svg", "path");
    this.ring.setAttribute("class", "focus-ring");
    this.ring.setAttribute("pointer-events", "none");
    this.ring.setAttribute("aria-hidden", "true");
    svg.addEventListener("focusin", (event) => {
      const path = event.target.closest("path.region");
      if (!path || !path.matches(":focus-visible")) return;
      this.ring.setAttribute("d", path.getAttribute("d"));
      svg.append(this.ring);
      this.clearKeyHelp(path);
    });
    svg.addEventListener("focusout", () => this.ring.remove());
    const first = this.paths.values().next().value;
    if (first) first.setAttribute("tabindex", "0");
  }

  // The key help sits over the foot of the map, or over its top when the focused
  // region is down there.
  clearKeyHelp(path) {
    const help = this.svg.parentElement.querySelector(".keyboard-hint");
    if (!help) return;
    help.classList.remove("at-top");
    const a = path.getBoundingClientRect();
    const b = help.getBoundingClientRect();
    if (a.bottom > b.top && a.top < b.bottom) help.classList.add("at-top");
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  get frame() {
    return this.current ? this.frames.get(this.current) : null;
  }

  homeFrame(region) {
    return this.home.get(region);
  }

  // The frame's box on this drawing: its figure box moved by the drawn offset.
  box(frame) {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const region of frame.regions) {
      const b = this.paths.get(region).getBBox();
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width);
      y1 = Math.max(y1, b.y + b.height);
    }
    const [mx, my] = frame.members;
    const [x, y, w, h] = frame.box;
    return [x + x0 - mx, y + y0 - my, w, h];
  }

  zoomTo(frameId) {
    const frame = this.frames.get(frameId);
    if (!frame) return;
    this.current = frameId;
    this.svg.setAttribute("viewBox", this.box(frame).map((v) => v.toFixed(2)).join(" "));
    this.svg.dataset.frame = frameId;
    this.svg.classList.add("zoomed");
    const focused = this.svg.querySelector("path.region:focus-visible");
    if (focused) this.clearKeyHelp(focused);
    this.showHint();
    this.changed();
  }

  overview() {
    this.current = null;
    this.svg.setAttribute("viewBox", this.whole);
    delete this.svg.dataset.frame;
    this.svg.classList.remove("zoomed");
    this.showHint();
    this.changed();
  }

  // The stacked frames of the same area and side (head and neck, part 1 and 2).
  siblings() {
    const frame = this.frame;
    if (!frame) return [];
    const stem = frame.id.replace(/-\d+$/, "");
    return [...this.frames.keys()].filter((id) => id.replace(/-\d+$/, "") === stem);
  }

  step(delta) {
    const siblings = this.siblings();
    const next = siblings[siblings.indexOf(this.current) + delta];
    if (next) this.zoomTo(next);
  }

  showHint() {
    if (!this.hint) return;
    this.hint.textContent = this.frame ? `${this.frame.label}. ${this.modeHint}` : this.hintText;
  }

  changed() {
    this.showHint();
    for (const listener of this.listeners) listener(this);
  }

  // Make a region the map's one Tab stop; bring it into view when zoomed elsewhere.
  rove(region, { focus = false, follow = true } = {}) {
    const path = this.paths.get(region);
    if (!path) return;
    for (const other of this.svg.querySelectorAll('path.region[tabindex="0"]')) {
      if (other !== path) other.setAttribute("tabindex", "-1");
    }
    path.setAttribute("tabindex", "0");
    const frame = this.frame;
    if (follow && (!frame || !frame.regions.includes(region))) this.zoomTo(this.homeFrame(region));
    if (focus) focusOn(path, { preventScroll: true });
  }

  neighbour(region, key) {
    if (key === "PageDown" || key === "PageUp") return this.turned(region);
    const direction = DIRECTIONS[key];
    if (!direction) return null;
    this.measure();
    const [cx, cy] = this.centres.get(region);
    let best = null;
    let bestScore = Infinity;
    for (const [id, [x, y]] of this.centres) {
      const dx = x - cx;
      const dy = y - cy;
      const distance = Math.hypot(dx, dy);
      if (id === region || distance === 0) continue;
      const cosine = (dx * direction[0] + dy * direction[1]) / distance;
      if (cosine < CONE) continue;
      // Straight ahead beats a nearer region off to the side.
      const score = distance * (2 - cosine);
      if (score < bestScore) [best, bestScore] = [id, score];
    }
    return best;
  }

  // Region centres and views, measured on the whole figure so that the neighbours are
  // the same in every frame.
  measure() {
    if (this.centres) return;
    const box = this.svg.getAttribute("viewBox");
    this.svg.setAttribute("viewBox", this.whole);
    this.centres = new Map();
    this.views = new Map();
    for (const [id, path] of this.paths) {
      const b = path.getBBox();
      this.centres.set(id, [b.x + b.width / 2, b.y + b.height / 2]);
      this.views.set(id, path.closest("[data-view]").dataset.view);
    }
    this.svg.setAttribute("viewBox", box);
  }

  // The same place seen from the other side (Page Down / Page Up): the region of the
  // other view nearest to this one's centre mirrored into that view, since the back
  // view is the front seen from behind.
  turned(region) {
    this.measure();
    const here = this.views.get(region);
    const other = here === "front" ? "back" : "front";
    const span = (view) => {
      const xs = [...this.centres].filter(([id]) => this.views.get(id) === view).map(([, [x]]) => x);
      return [Math.min(...xs), Math.max(...xs)];
    };
    const [a0, a1] = span(here);
    const [b0, b1] = span(other);
    const [cx, cy] = this.centres.get(region);
    const tx = b1 - ((cx - a0) / (a1 - a0)) * (b1 - b0);
    let best = null;
    let bestDistance = Infinity;
    for (const [id, [x, y]] of this.centres) {
      const distance = Math.hypot(x - tx, y - cy);
      if (this.views.get(id) === other && distance < bestDistance) [best, bestDistance] = [id, distance];
    }
    return best;
  }
}
