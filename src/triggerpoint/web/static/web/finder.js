// Source finder panel: sends the drawing to the API whenever it changes and lays out what
// comes back. The wording (plain for the client, clinical for the therapist) is the
// server's `view` (finder/voice.py); this file only places it. A compact summary
// (flags, the top candidates, the next question as one-tap answers) sits right under
// the map, as a sheet at the foot of a phone's screen; the details follow. Hovering or
// tapping a candidate paints its referral zones on the preview map.

import { paint } from "./bodymap.js";
import { focusOn, postJson } from "./common.js";

const EMPTY = "Mark where it hurts to see which muscle points may send that pain.";

const root = document.querySelector("[data-finder]");
if (root) {
  const mapRoot = document.querySelector("[data-bodymap]");
  const summary = document.querySelector("[data-finder-summary]");
  const summaryBody = summary.querySelector("[data-summary-body]");
  const summaryTitle = summary.querySelector("[data-summary-title]");
  const toggle = summary.querySelector("[data-summary-toggle]");
  const peek = summary.querySelector("[data-summary-peek]");
  const status = summary.querySelector("[data-finder-status]");
  const results = root.querySelector("[data-results]");
  const preview = root.querySelector("[data-preview] svg.bodymap");
  const previewCaption = root.querySelector("[data-preview-caption]");
  const url = root.dataset.findUrl;
  const voice = root.dataset.voice || "public";
  const denied = new Set();
  // Red-flag answers (fever, injury...), sent only once the person gave one, so an API
  // without symptoms never sees the field.
  const symptoms = {};
  let timer = null;
  let sequence = 0;
  // Focus moves to the results only after the person answered the question; a mark
  // changed on the map keeps focus on the map and is announced through the status line.
  let focusAfterRender = false;

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key.startsWith("data-") || key.startsWith("aria-")) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child !== null && child !== "") node.append(child);
    return node;
  };

  const showMessage = (node) => {
    summaryBody.replaceChildren(node);
    results.replaceChildren(node.cloneNode(true));
  };

  const request = async (drawing) => {
    const mine = ++sequence;
    // With nothing marked the sheet has nothing to say, so it waits in its place under
    // the map instead of covering the foot of the screen.
    summary.classList.toggle("empty", !drawing.marks.length);
    if (!drawing.marks.length) {
      showMessage(el("p", { class: "muted" }, EMPTY));
      peek.textContent = "";
      showZones(null);
      return;
    }
    root.setAttribute("aria-busy", "true");
    summary.setAttribute("aria-busy", "true");
    try {
      const { ok, data } = await postJson(url, {
        ...drawing,
        denied: [...denied],
        voice,
        ...(Object.keys(symptoms).length ? { symptoms } : {}),
      });
      if (mine !== sequence) return;
      if (!ok) {
        showMessage(el("p", { class: "error", role: "alert" }, data.message || "The finder could not read this drawing."));
        return;
      }
      render(data);
    } catch {
      showMessage(el("p", { class: "error", role: "alert" }, "The finder is not reachable just now. Please try again."));
    } finally {
      root.setAttribute("aria-busy", "false");
      summary.setAttribute("aria-busy", "false");
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

  const showZones = (candidate, title) => {
    if (!preview) return;
    paint(preview, candidate ? candidate.zones : {});
    frame();
    previewCaption.textContent = candidate
      ? `Where ${title} usually sends pain: darker is more typical.`
      : "Hover over or tap a candidate to see where it usually sends pain.";
  };

  // The word leads and the number follows, smaller; the therapist reads the number first.
  const odds = (item) => {
    const number = el("span", { class: "percent" }, `${item.percent}%`);
    if (voice === "clinical") return el("span", { class: "odds" }, number);
    const word = item.likelihood[0].toUpperCase() + item.likelihood.slice(1);
    return el("span", { class: "odds" },
      el("span", { class: `likelihood likelihood-${item.likelihood.replace(" ", "-")}` }, word), " ", number);
  };

  const flagBox = (flag) =>
    el("div", { class: `flag flag-${flag.code} flag-${flag.kind}${flag.emergency ? " flag-emergency" : ""}`, role: "alert", "data-flag": flag.code },
      el("strong", {}, flag.title), " ", flag.text);

  const answer = (question, choice) => {
    focusAfterRender = true;
    if (choice.intensity === 0) {
      denied.add(question.region);
      schedule(0);
    } else {
      mapRoot.bodymap.set(question.region, choice.intensity, "aching");
    }
  };

  const questionBox = (view) => {
    const q = view.next_question;
    if (!q) return null;
    const answers = el("div", { class: "answers", role: "group", "aria-label": view.headings.answers });
    for (const choice of q.answers) {
      answers.append(el("button", {
        type: "button",
        class: choice.intensity === 0 ? "answer-no" : "answer-yes",
        "data-answer": String(choice.intensity),
        onclick: () => answer(q, choice),
      }, choice.label));
    }
    return el("section", { class: "next-question", "data-next-question": q.region, "aria-label": view.headings.question },
      el("p", { class: "prompt" }, el("strong", {}, q.prompt)), answers, el("p", { class: "muted why" }, q.why));
  };

  const safetyBox = (view) => {
    const asked = view.safety_questions || [];
    if (!asked.length) return null;
    const list = el("ul", { class: "safety-questions" });
    for (const q of asked) {
      const answers = el("div", { class: "answers", role: "group", "aria-label": q.question });
      for (const choice of q.answers) {
        answers.append(el("button", {
          type: "button",
          "data-symptom": q.symptom,
          "aria-pressed": String(symptoms[q.symptom] === choice.value),
          onclick: () => { symptoms[q.symptom] = choice.value; focusAfterRender = true; schedule(0); },
        }, choice.label));
      }
      list.append(el("li", {}, el("p", {}, q.question), answers));
    }
    return el("details", { class: "safety", "data-safety-questions": "" },
      el("summary", {}, `${view.headings.safety} (${asked.length})`), list);
  };

  // The page's own next step (Book, Save the diary entry), one tap away from the summary.
  const nextStep = () => {
    const action = document.querySelector(".finder-actions button[type=submit]");
    if (!action) return null;
    const link = el("a", { href: "#drawing-actions", class: "summary-action" }, `${action.textContent.trim()} ↓`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusOn(action, { reveal: true });
    });
    return link;
  };

  const renderSummary = (view, result) => {
    const parts = view.flags.map(flagBox);
    const top = view.candidates.slice(0, view.summary_size);
    if (top.length) {
      const list = el("ol", { class: "summary-candidates" });
      // Plain text, not links: the summary stays a few Tab stops long for the keyboard,
      // and "Details" below leads to every candidate.
      top.forEach((item, index) => {
        const line = el("li", { class: "summary-candidate", "data-trigger-point": item.trigger_point },
          odds(item), " · ", el("span", { class: "summary-title" }, item.title));
        line.addEventListener("click", () => showZones(result.candidates[index], item.title));
        list.append(line);
      });
      parts.push(list);
    } else {
      parts.push(el("p", { class: "muted" }, view.headings.empty));
    }
    const question = questionBox(view);
    if (question) parts.push(question);
    // The red-flag questions fold into one line after the finder's question: they matter
    // before self-treatment, and a raised flag already leads the summary.
    const safety = safetyBox(view);
    if (safety) parts.push(safety);
    const more = el("p", { class: "summary-more" }, el("a", { href: "#finder-details" }, view.headings.details));
    const step = nextStep();
    if (step) more.append(" · ", step);
    parts.push(more);
    const open = summaryBody.querySelector("[data-safety-questions]")?.open;
    summaryBody.replaceChildren(...parts);
    if (open && safety) safety.open = true;
    summaryTitle.textContent = view.headings.summary;
    summary.classList.toggle("safety-first", Boolean(view.safety_first));
  };

  // The therapist reads every candidate's detail at once; the client gets the first open
  // and the rest one tap away, so Book is not thousands of pixels down on a phone.
  // The client's candidate is one Tab stop (its fold); the muscle's page is linked inside.
  const detailsOf = (view, item, index, url) => {
    const lines = item.details.map((d) => el("p", { class: "detail" }, el("strong", {}, `${d.heading}: `), d.text));
    if (voice === "clinical" || !view.headings.more) return lines;
    // Five folds of one name would sound alike to a screen reader: each says whose it is.
    const title = el("summary", {}, view.headings.more, el("span", { class: "visually-hidden" }, `: ${item.title}`));
    const fold = el("details", { class: "candidate-more" }, title, ...lines,
      el("p", { class: "detail" }, el("a", { href: url }, view.headings.muscle_page)));
    fold.open = index === 0;
    return [fold];
  };

  const renderDetails = (view, result) => {
    const parts = [];
    const list = el("ol", { class: "candidates" });
    view.candidates.forEach((item, index) => {
      const raw = result.candidates[index];
      const node = el("li", { class: "candidate", id: `candidate-${index}`, "data-trigger-point": item.trigger_point },
        el("div", { class: "candidate-head" },
          voice === "clinical" ? el("a", { href: raw.url }, item.title) : el("strong", {}, item.title),
          item.badge ? el("span", { class: "badge" }, item.badge) : null,
          odds(item)),
        el("div", { class: "bar", "aria-hidden": "true" }, el("span")),
        item.note ? el("p", { class: "role-note" }, item.note) : null,
        ...detailsOf(view, item, index, raw.url));
      node.querySelector(".bar span").style.width = `${Math.max(item.percent, 1)}%`;
      for (const type of ["mouseenter", "focusin", "click"]) {
        node.addEventListener(type, () => showZones(raw, item.title));
      }
      list.append(node);
    });
    parts.push(el("h3", {}, view.headings.candidates), list);
    if (view.explanations.length) {
      const why = el("ul", { class: "explanations" });
      for (const explanation of view.explanations) {
        why.append(el("li", {}, odds(explanation), " ", explanation.text));
      }
      parts.push(el("h3", {}, view.headings.explanations), why);
    }
    parts.push(el("p", { class: "disclaimer" }, view.headings.disclaimer));
    results.replaceChildren(...parts);
  };

  const render = (result) => {
    const view = result.view;
    renderSummary(view, result);
    renderDetails(view, result);
    showZones(result.candidates[0], view.candidates.length ? view.candidates[0].title : "");
    status.textContent = view.status;
    peek.textContent = view.peek;
    sheet.touched = false;
    if (focusAfterRender) {
      focusAfterRender = false;
      sheet.chosen = true;
      sheet.folded = false;
      update();
      focusOn(summaryTitle);
    } else {
      update();
    }
  };

  // On a phone the sheet steps aside to one line (the leader, or the most urgent flag)
  // while the person works on the map: after a touch on it, while a zoomed frame fills
  // the screen, while the intensity editor is open. New results open it again, unless
  // the person folded it; their own "Show" opens it whatever the map is doing.
  const sheet = { touched: false, folded: false, chosen: false };
  const phone = window.matchMedia("(max-width: 899px)");
  const editor = mapRoot.querySelector("[data-editor]");
  const figure = mapRoot.querySelector("svg.bodymap");
  const update = () => {
    const busy = sheet.touched || figure?.classList.contains("zoomed") || (editor && !editor.hidden);
    const open = sheet.chosen || (!sheet.folded && !(phone.matches && busy));
    summary.classList.toggle("collapsed", !open);
    summary.classList.toggle("chosen", sheet.chosen);
    summaryBody.hidden = !open;
    peek.hidden = open || !peek.textContent;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide" : "Show";
  };
  toggle.addEventListener("click", () => {
    const open = summaryBody.hidden;
    sheet.chosen = open;
    sheet.folded = !open;
    update();
  });
  mapRoot.addEventListener("pointerdown", () => {
    sheet.touched = true;
    sheet.chosen = false;
    update();
  });
  for (const node of [editor, figure]) {
    if (node) new MutationObserver(update).observe(node, { attributes: true, attributeFilter: ["hidden", "class"] });
  }
  phone.addEventListener("change", update);

  const schedule = (delay = 250) => {
    clearTimeout(timer);
    timer = setTimeout(() => request(mapRoot.bodymap.drawing()), delay);
  };

  mapRoot.addEventListener("drawing-change", () => schedule());
  schedule(0);
}
