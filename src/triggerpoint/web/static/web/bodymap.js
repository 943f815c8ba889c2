// Interactive body map: click, tap or press Enter on a region to mark it, then set
// its intensity (0-10) and quality. A list below the map does the same without the
// drawing. The drawing lives in one place (this module) and is announced with a
// "drawing-change" event so other modules (the finder, the booking form) can follow it.

const STOPS = [
  [1, [255, 236, 160]],
  [4, [253, 174, 97]],
  [7, [230, 85, 50]],
  [10, [150, 20, 30]],
];
const EMPTY = "#f4efe8";

export function heatColour(value) {
  if (!(value > 0)) return EMPTY;
  const v = Math.min(value, 10);
  if (v <= STOPS[0][0]) return rgb(STOPS[0][1]);
  for (let i = 1; i < STOPS.length; i++) {
    const [high, hi] = STOPS[i];
    const [low, lo] = STOPS[i - 1];
    if (v <= high) {
      const t = (v - low) / (high - low);
      return rgb(lo.map((c, k) => Math.round(c + (hi[k] - c) * t)));
    }
  }
  return rgb(STOPS[STOPS.length - 1][1]);
}

function rgb([r, g, b]) {
  return "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
}

// Paints every region path under `root` (one map, or several maps of the same drawing).
export function paint(root, values) {
  for (const path of root.querySelectorAll("path.region")) {
    const value = values[path.dataset.region] || 0;
    path.setAttribute("fill", heatColour(value));
    path.dataset.value = String(value);
  }
}

export class BodyMap {
  constructor(root) {
    this.root = root;
    this.editor = root.querySelector("[data-editor]");
    this.list = root.querySelector("[data-mark-list]");
    this.field = root.querySelector("[data-drawing-field]");
    this.labels = {};
    this.marks = new Map();
    this.current = null;
    for (const path of root.querySelectorAll("svg.bodymap path.region")) {
      const label = path.querySelector("title").textContent.replace(/:.*$/, "");
      this.labels[path.dataset.region] = label;
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", label);
      path.addEventListener("click", () => this.open(path.dataset.region));
      path.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.open(path.dataset.region);
        }
      });
    }
    this.bindEditor();
    this.bindListForm();
    const initial = document.getElementById("initial-drawing");
    if (initial) this.load(JSON.parse(initial.textContent));
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

  open(region) {
    this.current = region;
    const mark = this.marks.get(region);
    this.editor.querySelector("[data-editor-title]").textContent = this.labels[region];
    this.editor.querySelector("[data-quality]").value = mark ? mark.quality : "aching";
    for (const button of this.editor.querySelectorAll("[data-intensity]")) {
      button.setAttribute("aria-pressed", String(mark && mark.intensity === Number(button.dataset.intensity)));
    }
    this.editor.hidden = false;
    this.editor.querySelector(`[data-intensity="${mark ? mark.intensity : 5}"]`).focus();
  }

  close() {
    this.editor.hidden = true;
    const path = this.root.querySelector(`svg.bodymap path[data-region="${this.current}"]`);
    if (path) path.focus();
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
    for (const path of this.root.querySelectorAll("svg.bodymap path.region")) {
      path.setAttribute("aria-pressed", String(this.marks.has(path.dataset.region)));
      path.querySelector("title").textContent = this.describe(path.dataset.region);
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

for (const root of document.querySelectorAll("[data-bodymap]")) {
  root.bodymap = new BodyMap(root);
}
