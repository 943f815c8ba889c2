// Interactive body map: tap a body area to zoom in, then tap (or press Enter on) a
// region to mark it and set its intensity (0-10) and quality in a popover beside it; or
// switch to paint mode and brush over the places that hurt. A list beside the map does
// the same without the drawing. The drawing lives in one place (this module) and is
// announced with a "drawing-change" event so other modules (the finder, the booking
// form) can follow it.
//
// The drawing itself is one cached SVG file shared by every map on the page: each slot
// with data-svg-src gets its own copy when this module loads, before the modules that
// import it run.

import { MapView } from "./bodymap-view.js";
import { focusOn } from "./common.js";
import { Painter } from "./bodymap-paint.js";
import { heatColour } from "./heat.js";

// Paints every region path under `root` (one map, or several maps of the same drawing).
export function paint(root, values) {
  for (const path of root.querySelectorAll("path.region")) {
    const value = values[path.dataset.region] || 0;
    path.setAttribute("fill", heatColour(value));
    path.dataset.value = String(value);
  }
}

const fetched = new Map();

function fetchSvg(src) {
  if (!fetched.has(src)) {
    fetched.set(
      src,
      fetch(src).then((response) => {
        if (!response.ok) throw new Error(`body map drawing: HTTP ${response.status}`);
        return response.text();
      }),
    );
  }
  return fetched.get(src);
}

// A copy of the drawing for one slot: the body map keeps its controls; any other map
// (a referral pattern preview) is a plain image with ids of its own.
async function fillSlot(slot) {
  const text = await fetchSvg(slot.dataset.svgSrc);
  const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  const prefix = slot.dataset.idPrefix || "";
  if (!slot.matches("[data-map-stage]")) {
    svg.setAttribute("role", "img");
    for (const path of svg.querySelectorAll("path.region")) {
      for (const name of ["tabindex", "role", "aria-label"]) path.removeAttribute(name);
    }
  }
  if (slot.dataset.svgDescribedby) svg.setAttribute("aria-describedby", slot.dataset.svgDescribedby);
  if (slot.dataset.svgLabel) {
    svg.setAttribute("aria-label", slot.dataset.svgLabel);
    svg.querySelector("title").textContent = slot.dataset.svgLabel;
  }
  for (const node of svg.querySelectorAll("[id]")) node.id = prefix + node.id;
  slot.prepend(document.importNode(svg, true));
}

export class BodyMap {
  constructor(root) {
    this.root = root;
    this.editor = root.querySelector("[data-editor]");
    this.stage = root.querySelector("[data-map-stage]");
    this.svg = this.stage.querySelector("svg.bodymap");
    this.list = root.querySelector("[data-mark-list]");
    this.field = root.querySelector("[data-drawing-field]");
    this.labels = {};
    this.names = {};
    this.marks = new Map();
    this.current = null;
    for (const path of this.svg.querySelectorAll("path.region")) {
      this.labels[path.dataset.region] = path.querySelector("title").textContent.replace(/:.*$/, "");
      this.names[path.dataset.region] = path.getAttribute("aria-label").replace(/:[^:]*$/, "");
    }
    const frames = JSON.parse(document.getElementById(this.stage.dataset.framesId).textContent);
    this.view = new MapView(this.svg, frames, root.querySelector("[data-map-hint]"));
    this.painter = new Painter(this.svg, (regions) => this.painted(regions));
    this.bindMap();
    this.bindToolbar();
    this.bindEditor();
    this.bindListForm();
    const initial = document.getElementById("initial-drawing");
    if (initial) this.load(JSON.parse(initial.textContent));
  }

  bindMap() {
    // A tap anywhere but the editor or the drawing puts the editor away.
    document.addEventListener("pointerdown", (event) => {
      if (!this.editor.hidden && !this.editor.contains(event.target) && !this.svg.contains(event.target)) {
        this.closeQuietly();
      }
    });
    this.svg.addEventListener("click", (event) => {
      const path = event.target.closest("path.region");
      if (!path || this.painter.enabled) return;
      const region = path.dataset.region;
      if (!this.view.frame) {
        this.view.rove(region);
        return;
      }
      this.view.rove(region, { follow: false });
      this.open(region, [event.clientX, event.clientY]);
    });
    this.svg.addEventListener("keydown", (event) => {
      const path = event.target.closest("path.region");
      if (!path) return;
      const region = path.dataset.region;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        this.open(region);
      } else if (event.key === "Escape" && this.view.frame) {
        event.preventDefault();
        this.view.overview();
      } else if (/^[0-9]$/.test(event.key)) {
        // A digit on a focused place sets its pain without opening the editor.
        event.preventDefault();
        this.set(region, Number(event.key), this.marks.get(region)?.quality || "aching");
      } else {
        const next = this.view.neighbour(region, event.key);
        if (next) {
          event.preventDefault();
          this.view.rove(next, { focus: true });
        }
      }
    });
    // Keyboard focus brings its region's frame into view, so the focused place is big.
    this.svg.addEventListener("focusin", (event) => {
      const path = event.target.closest("path.region");
      if (path && path.matches(":focus-visible")) this.view.rove(path.dataset.region);
    });
  }

  bindToolbar() {
    const out = this.root.querySelector("[data-zoom-out]");
    const steps = [...this.root.querySelectorAll("[data-frame-step]")];
    out.addEventListener("click", () => this.view.overview());
    for (const button of steps) button.addEventListener("click", () => this.view.step(Number(button.dataset.frameStep)));
    this.view.onChange((view) => {
      this.closeQuietly();
      // A frame taller than what is left of the window is brought up whole.
      const box = this.stage.getBoundingClientRect();
      if (view.frame && (box.top < 0 || box.bottom > innerHeight)) {
        this.root.querySelector(".map-toolbar").scrollIntoView({ block: "start" });
      }
      out.hidden = !view.frame;
      const siblings = view.siblings();
      const at = siblings.indexOf(view.current);
      steps[0].hidden = at <= 0;
      steps[1].hidden = at < 0 || at >= siblings.length - 1;
    });
    const brush = this.root.querySelector("[data-brush]");
    for (const radio of this.root.querySelectorAll("[data-mode]")) {
      radio.addEventListener("change", () => {
        const paint = radio.checked && radio.value === "paint";
        this.painter.enable(paint);
        brush.hidden = !paint;
        this.view.modeHint = paint ? "Brush over where it hurts." : "Tap a place to mark it.";
        this.view.changed();
        this.closeQuietly();
      });
    }
  }

  painted(regions) {
    const strength = Number(this.root.querySelector("[data-brush-intensity]").value);
    for (const region of regions) {
      if (strength > 0) this.marks.set(region, { intensity: strength, quality: this.marks.get(region)?.quality || "aching" });
      else this.marks.delete(region);
    }
    this.changed();
  }

  bindEditor() {
    const editor = this.editor;
    for (const button of editor.querySelectorAll("[data-intensity]")) {
      button.addEventListener("click", () =>
        this.set(this.current, Number(button.dataset.intensity), this.quality()),
      );
    }
    editor.querySelector("[data-quality]").addEventListener("change", () => {
      if (this.marks.has(this.current)) {
        this.set(this.current, this.marks.get(this.current).intensity, this.quality());
      }
    });
    editor.querySelector("[data-remove]").addEventListener("click", () => this.remove(this.current));
    editor.querySelector("[data-close]").addEventListener("click", () => this.close());
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
      if (/^[0-9]$/.test(event.key)) this.set(this.current, Number(event.key), this.quality());
    });
  }

  bindListForm() {
    const form = this.root.querySelector("[data-list-form]");
    if (!form) return;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const region = form.elements.region.value;
      if (region) this.set(region, Number(form.elements.intensity.value), form.elements.quality.value);
    });
  }

  quality() {
    return this.editor.querySelector("[data-quality]").value;
  }

  // The editor opens beside the place (the tap, or the region's centre), inside the
  // window, and never scrolls the page.
  open(region, at = null) {
    this.current = region;
    const mark = this.marks.get(region);
    this.editor.querySelector("[data-editor-title]").textContent = this.names[region];
    this.editor.querySelector("[data-quality]").value = mark ? mark.quality : "aching";
    for (const button of this.editor.querySelectorAll("[data-intensity]")) {
      button.setAttribute("aria-pressed", String(mark && mark.intensity === Number(button.dataset.intensity)));
    }
    const wasOpen = !this.editor.hidden;
    this.editor.hidden = false;
    if (!wasOpen || at) this.place(at || this.centreOf(region));
    focusOn(this.editor.querySelector(`[data-intensity="${mark ? mark.intensity : 5}"]`), { preventScroll: true });
  }

  centreOf(region) {
    const box = this.view.paths.get(region).getBoundingClientRect();
    return [box.left + box.width / 2, box.top + box.height / 2];
  }

  place([x, y]) {
    const stage = this.stage.getBoundingClientRect();
    const editor = this.editor;
    const width = editor.offsetWidth;
    const height = editor.offsetHeight;
    const gap = 16;
    const left = Math.min(Math.max(x - width / 2, Math.max(stage.left, 4)), Math.min(stage.right, innerWidth - 4) - width);
    let top = y + gap;
    if (top + height > innerHeight - 4) top = y - gap - height;
    top = Math.max(top, 4);
    editor.style.left = `${left - stage.left}px`;
    editor.style.top = `${top - stage.top}px`;
  }

  close() {
    this.closeQuietly();
    const path = this.view.paths.get(this.current);
    if (path) this.view.rove(this.current, { focus: true, follow: false });
  }

  closeQuietly() {
    this.editor.hidden = true;
  }

  set(region, intensity, quality) {
    if (!region || !(region in this.labels)) return;
    if (intensity <= 0) {
      this.remove(region);
      return;
    }
    this.marks.set(region, { intensity, quality: quality || "aching" });
    this.changed();
    if (!this.editor.hidden) this.open(region);
  }

  remove(region) {
    this.marks.delete(region);
    this.changed();
    if (!this.editor.hidden) this.close();
  }

  load(drawing) {
    this.marks.clear();
    for (const mark of drawing.marks || []) {
      if (mark.region in this.labels) {
        this.marks.set(mark.region, { intensity: mark.intensity, quality: mark.quality || "aching" });
      }
    }
    this.changed();
  }

  drawing() {
    return {
      marks: [...this.marks].map(([region, m]) => ({ region, intensity: m.intensity, quality: m.quality })),
    };
  }

  changed() {
    const values = Object.fromEntries([...this.marks].map(([r, m]) => [r, m.intensity]));
    paint(this.root, values);
    for (const path of this.svg.querySelectorAll("path.region")) {
      const region = path.dataset.region;
      const mark = this.marks.get(region);
      path.querySelector("title").textContent = this.describe(region);
      path.setAttribute("aria-label", `${this.names[region]}: ${mark ? `pain ${mark.intensity} of 10, ${mark.quality}` : "not marked"}`);
    }
    this.renderList();
    const drawing = this.drawing();
    if (this.field) this.field.value = JSON.stringify(drawing);
    this.root.dispatchEvent(new CustomEvent("drawing-change", { detail: drawing, bubbles: true }));
  }

  describe(region) {
    const mark = this.marks.get(region);
    return mark ? `${this.labels[region]}: ${mark.intensity}/10, ${mark.quality}` : this.labels[region];
  }

  renderList() {
    if (!this.list) return;
    this.list.replaceChildren();
    for (const [region, mark] of this.marks) {
      const item = document.createElement("li");
      item.dataset.region = region;
      item.textContent = `${this.labels[region]}: ${mark.intensity}/10, ${mark.quality} `;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", `Remove ${this.labels[region]}`);
      remove.addEventListener("click", () => this.remove(region));
      item.append(remove);
      this.list.append(item);
    }
    const empty = this.root.querySelector("[data-empty-note]");
    if (empty) empty.hidden = this.marks.size > 0;
  }
}

await Promise.all([...document.querySelectorAll("[data-svg-src]")].map(fillSlot));
for (const root of document.querySelectorAll("[data-bodymap]")) {
  root.bodymap = new BodyMap(root);
}
