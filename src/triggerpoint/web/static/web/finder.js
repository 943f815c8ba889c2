// Source finder panel: sends the drawing to the API whenever it changes and shows the
// ranked candidates, the explanation, the flags and the next question. Hovering or
// tapping a candidate paints its referral zones on the preview map.

import { paint } from "./bodymap.js";

const FLAG_TITLES = {
  refer: "Please see a doctor first.",
  widespread: "Pain in many places.",
  unexplained: "Part of this drawing is not well explained.",
};

const root = document.querySelector("[data-finder]");
if (root) {
  const mapRoot = document.querySelector("[data-bodymap]");
  const results = root.querySelector("[data-results]");
  const preview = root.querySelector("[data-preview] svg.bodymap");
  const previewCaption = root.querySelector("[data-preview-caption]");
  const url = root.dataset.findUrl;
  const denied = new Set();
  let timer = null;
  let sequence = 0;

  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key.startsWith("data-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) node.append(child);
    return node;
  };

  const request = async (drawing) => {
    const mine = ++sequence;
    if (!drawing.marks.length) {
      results.replaceChildren(el("p", { class: "muted" }, "Mark where it hurts to see which trigger points may send that pain."));
      return;
    }
    root.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ ...drawing, denied: [...denied] }),
      });
      const body = await response.json();
      if (mine !== sequence) return;
      if (!response.ok) {
        results.replaceChildren(el("p", { class: "error", role: "alert" }, body.message || "The finder could not read this drawing."));
        return;
      }
      render(body);
    } catch (error) {
      results.replaceChildren(el("p", { class: "error", role: "alert" }, "The finder is not reachable just now. Please try again."));
    } finally {
      root.setAttribute("aria-busy", "false");
    }
  };

  const fullView = preview ? preview.getAttribute("viewBox") : "";

  // Close in on the painted zones so a pattern on the face is as readable as one on
  // the leg; the whole body comes back when nothing is painted.
  const frame = () => {
    const painted = [...preview.querySelectorAll("path.region")].filter((p) => Number(p.dataset.value) > 0);
    if (!painted.length) {
      preview.setAttribute("viewBox", fullView);
      return;
    }
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const path of painted) {
      const box = path.getBBox();
      x0 = Math.min(x0, box.x);
      y0 = Math.min(y0, box.y);
      x1 = Math.max(x1, box.x + box.width);
      y1 = Math.max(y1, box.y + box.height);
    }
    const size = 200;
    const pad = 30;
    const grow = (low, high) => {
      const extra = Math.max(0, size - (high - low)) / 2 + pad;
      return [low - extra, high + extra];
    };
    [x0, x1] = grow(x0, x1);
    [y0, y1] = grow(y0, y1);
    preview.setAttribute("viewBox", `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
  };

  const showZones = (candidate) => {
    if (!preview) return;
    paint(preview, candidate ? candidate.zones : {});
    frame();
    previewCaption.textContent = candidate
      ? `Where ${candidate.name} (${candidate.side}) usually sends pain: darker is more typical.`
      : "Hover over or tap a candidate to see where it usually sends pain.";
  };

  const render = (result) => {
    const parts = [];
    for (const flag of result.flags) {
      parts.push(el("div", { class: `flag flag-${flag.code}`, role: "alert", "data-flag": flag.code }, el("strong", {}, FLAG_TITLES[flag.code] || "Please note"), " ", flag.message));
    }
    const list = el("ol", { class: "candidates" });
    for (const candidate of result.candidates) {
      const percent = Math.round(candidate.probability * 100);
      const item = el(
        "li",
        { class: "candidate", tabIndex: 0, "data-trigger-point": candidate.trigger_point },
        el("div", { class: "candidate-head" },
          el("a", { href: candidate.url }, `${candidate.name}, ${candidate.side}`),
          candidate.role !== "primary" ? el("span", { class: "badge" }, candidate.role) : "",
          el("span", { class: "percent" }, `${percent}%`)),
        el("div", { class: "bar", "aria-hidden": "true" }, el("span", { style: "" })),
        el("p", { class: "press" }, el("strong", {}, "Where to press: "), candidate.find_it),
        el("p", { class: "confirm" }, el("strong", {}, "To confirm: "), candidate.confirm),
      );
      item.querySelector(".bar span").style.width = `${Math.max(percent, 1)}%`;
      for (const type of ["mouseenter", "focus", "click"]) {
        item.addEventListener(type, () => showZones(candidate));
      }
      list.append(item);
    }
    parts.push(el("h3", {}, "Trigger points to check"), list);
    if (result.explanations.length) {
      const why = el("ul", { class: "explanations" });
      for (const explanation of result.explanations.slice(0, 3)) {
        why.append(el("li", {}, `${explanation.text} (${Math.round(explanation.probability * 100)}%)`));
      }
      parts.push(el("h3", {}, "What could explain it"), why);
    }
    if (result.next_question && result.next_question.region) {
      const q = result.next_question;
      const answers = el("div", { class: "answers", role: "group", "aria-label": "Your answer" });
      answers.append(el("button", { type: "button", class: "answer-no", onclick: () => { denied.add(q.region); schedule(0); } }, "No"));
      for (let value = 1; value <= 10; value++) {
        answers.append(el("button", { type: "button", "data-answer": String(value), onclick: () => mapRoot.bodymap.set(q.region, value, "aching") }, String(value)));
      }
      parts.push(el("section", { class: "next-question", "data-next-question": q.region },
        el("h3", {}, q.prompt || `Do you also feel pain at ${q.label}?`), el("p", { class: "muted" }, q.why), answers));
    }
    parts.push(el("p", { class: "disclaimer" }, "These are candidates for your therapist to press and confirm, not a diagnosis."));
    results.replaceChildren(...parts);
    showZones(result.candidates[0]);
  };

  const schedule = (delay = 250) => {
    clearTimeout(timer);
    timer = setTimeout(() => request(mapRoot.bodymap.drawing()), delay);
  };

  mapRoot.addEventListener("drawing-change", () => schedule());
  schedule(0);
}
