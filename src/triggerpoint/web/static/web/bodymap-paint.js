// Paint mode: brush over the figure with a finger or the mouse, as on the digital pain
// drawings (Navigate Pain; the CHOIR body map), and the painted area becomes marks.
//
// The stroke is kept as brush circles in drawing units. When the finger lifts, the
// circles are sampled on a grid and each sample is looked up in the region paths
// (isPointInFill); a region counts as painted when the stroke covers a fifth of it or
// at least half a brush's area of it, so grazing a big region's edge does not mark it
// and a small region needs only a dab.

const BRUSH_PX = 14;
const SHARE = 0.2;
const DAB = 0.5;
const NS = "http://www.w3.org/2000/svg";

export class Painter {
  constructor(svg, onPainted) {
    this.svg = svg;
    this.onPainted = onPainted;
    this.enabled = false;
    this.stroke = null;
    this.paths = [...svg.querySelectorAll("path.region")];
    this.areas = new Map();
    svg.addEventListener("pointerdown", (event) => this.start(event));
    svg.addEventListener("pointermove", (event) => this.move(event));
    svg.addEventListener("pointerup", (event) => this.end(event));
    svg.addEventListener("pointercancel", () => this.cancel());
  }

  enable(on) {
    this.enabled = on;
    this.svg.classList.toggle("painting", on);
    if (!on) this.cancel();
  }

  point(event) {
    const matrix = this.svg.getScreenCTM().inverse();
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    return [p.x, p.y];
  }

  start(event) {
    if (!this.enabled || event.button > 0) return;
    event.preventDefault();
    // Keep the stroke when the finger slides past the map's edge.
    if (event.isTrusted) this.svg.setPointerCapture(event.pointerId);
    const radius = BRUSH_PX / this.svg.getScreenCTM().a;
    const layer = document.createElementNS(NS, "g");
    layer.setAttribute("class", "paint-stroke");
    layer.setAttribute("pointer-events", "none");
    this.svg.append(layer);
    this.stroke = { radius, circles: [], layer };
    this.add(this.point(event));
  }

  move(event) {
    if (!this.stroke) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) this.add(this.point(e));
  }

  add([x, y]) {
    const { radius, circles, layer } = this.stroke;
    const last = circles[circles.length - 1];
    // Fill the gap of a fast swipe so the stroke stays one band.
    const steps = last ? Math.ceil(Math.hypot(x - last[0], y - last[1]) / (radius / 2)) : 1;
    for (let i = 1; i <= steps; i++) {
      const [px, py] = last ? [last[0] + ((x - last[0]) * i) / steps, last[1] + ((y - last[1]) * i) / steps] : [x, y];
      circles.push([px, py]);
      const dot = document.createElementNS(NS, "circle");
      dot.setAttribute("cx", px.toFixed(2));
      dot.setAttribute("cy", py.toFixed(2));
      dot.setAttribute("r", radius.toFixed(2));
      layer.append(dot);
    }
  }

  end(event) {
    if (!this.stroke) return;
    this.add(this.point(event));
    const painted = this.coverage();
    this.cancel();
    if (painted.length) this.onPainted(painted);
  }

  cancel() {
    if (this.stroke) this.stroke.layer.remove();
    this.stroke = null;
  }

  // Which regions the stroke covers enough of, from a grid of samples a third of the
  // brush radius apart.
  coverage() {
    const { radius, circles } = this.stroke;
    const cell = radius / 3;
    const samples = new Set();
    for (const [cx, cy] of circles) {
      for (let gx = Math.floor((cx - radius) / cell); gx * cell <= cx + radius; gx++) {
        for (let gy = Math.floor((cy - radius) / cell); gy * cell <= cy + radius; gy++) {
          if (Math.hypot(gx * cell - cx, gy * cell - cy) <= radius) samples.add(`${gx},${gy}`);
        }
      }
    }
    const hits = new Map();
    const boxes = new Map(this.paths.map((p) => [p, p.getBBox()]));
    for (const key of samples) {
      const [gx, gy] = key.split(",").map(Number);
      const point = new DOMPoint(gx * cell, gy * cell);
      for (const [path, b] of boxes) {
        if (point.x < b.x || point.x > b.x + b.width || point.y < b.y || point.y > b.y + b.height) continue;
        if (path.isPointInFill(point)) {
          hits.set(path, (hits.get(path) || 0) + 1);
          break;
        }
      }
    }
    const brush = Math.PI * radius * radius;
    const painted = [];
    for (const [path, count] of hits) {
      const covered = count * cell * cell;
      if (covered >= DAB * brush || covered >= SHARE * this.area(path, boxes.get(path), cell)) {
        painted.push(path.dataset.region);
      }
    }
    return painted;
  }

  // A region's area, counted on the same grid as the stroke.
  area(path, b, cell) {
    const key = `${path.dataset.region}@${cell.toFixed(3)}`;
    if (!this.areas.has(key)) {
      let count = 0;
      for (let x = b.x + cell / 2; x < b.x + b.width; x += cell) {
        for (let y = b.y + cell / 2; y < b.y + b.height; y += cell) {
          if (path.isPointInFill(new DOMPoint(x, y))) count++;
        }
      }
      this.areas.set(key, count * cell * cell);
    }
    return this.areas.get(key);
  }
}
