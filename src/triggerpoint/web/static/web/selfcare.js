/* The self-care plan's print button and the guided self-treatment timer.
 *
 * The timer keeps the session's event log in the browser and sends it with every tap;
 * the server replays it through the protocol engine and answers with the new log and
 * the screen. Between taps the page only counts down locally; when the hold reaches
 * its cap it sends a tick so the engine, not this file, releases.
 */

import { postJson } from "./common.js";

document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

const STORE = "triggerpoint-self-treatments";

const timer = (root) => {
  const $ = (sel) => root.querySelector(sel);
  let point = $("[data-point-select]").value;
  let events = [];
  let state = null;
  let stateAt = 0;
  let busy = false;
  let timerId = null;

  const saved = () => {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch { return []; }
  };
  const keep = (entry) => {
    const all = saved();
    all.push(entry);
    localStorage.setItem(STORE, JSON.stringify(all.slice(-200)));
  };

  async function send(action, extra) {
    if (busy && action !== "stop") return;
    busy = true;
    try {
      const { ok, data } = await postJson(root.dataset.stepUrl, { point, events, action, ...extra }, root);
      if (!ok) { showError(data.error || "Something went wrong."); return; }
      state = data;
      stateAt = performance.now();
      events = data.events;
      showError("");
      render();
      if (state.phase === "done") finished();
    } catch {
      showError("No connection: the timer needs the site to answer. Try again.");
    } finally {
      busy = false;
    }
  }

  function showError(text) {
    const box = $("[data-error]");
    box.textContent = text;
    box.hidden = !text;
  }

  const elapsed = () => (performance.now() - stateAt) / 1000;
  const left = (value) => (value == null ? null : Math.max(0, Math.ceil(value - elapsed())));
  const show = (sel, on) => { $(sel).hidden = !on; };
  const PHASES = { located: "Get ready", holding: "Hold", resting: "Rest", stretching: "Stretch", done: "Done" };

  function breath() {
    // Where the engine's pacer is now: it answered the half-breath and its time left.
    if (!state.breath) return null;
    const p = state.pacer;
    const exhale = p.period - p.inhale;
    let phase = state.breath.phase;
    let rest = state.breath.seconds_left - elapsed();
    while (rest <= 0) {
      phase = phase === "inhale" ? "exhale" : "inhale";
      rest += phase === "inhale" ? p.inhale : exhale;
    }
    const span = phase === "inhale" ? p.inhale : exhale;
    const done = 1 - rest / span;
    return { phase: phase, scale: phase === "inhale" ? 0.7 + 0.3 * done : 1 - 0.3 * done };
  }

  function render() {
    if (!state) return;
    const phase = state.phase;
    $("[data-phase]").textContent = PHASES[phase] || "";
    $("[data-cycle]").textContent = state.cycle ? `Round ${state.cycle} of ${state.cycles}` : "";
    let clock = "";
    if (phase === "holding") {
      const hold = left(state.hold_seconds_left);
      clock = hold > 0 ? `${hold} s` : `+${left(state.cap_seconds_left)} s`;
    } else if (phase === "resting") {
      clock = `${left(state.rest_seconds_left)} s`;
    } else if (phase === "stretching") {
      clock = `${left(state.stretch_seconds_left)} s`;
    }
    $("[data-clock]").textContent = clock;
    const b = phase === "holding" ? breath() : null;
    show("[data-pacer]", !!b);
    if (b) {
      $("[data-pacer]").style.setProperty("--breath", b.scale.toFixed(3));
      $("[data-breath]").textContent = b.phase === "inhale" ? "Breathe in" : "Breathe out";
    }
    const prompts = $("[data-prompts]");
    prompts.replaceChildren(...state.prompts
      .filter((p) => !["breathe_in", "breathe_out", "hold"].includes(p.code) || phase !== "holding")
      .map((p) => {
        const line = document.createElement("p");
        line.textContent = p.text;
        line.dataset.code = p.code;
        if (p.code === "ease_off") line.className = "ease-off";
        return line;
      }));
    show("[data-scale-wrap]", phase === "holding");
    root.querySelectorAll("[data-scale] button").forEach((button) => {
      button.setAttribute("aria-pressed", String(Number(button.dataset.intensity) === state.intensity));
    });
    show("[data-action=press]", phase === "located");
    show("[data-action=rest_done]", phase === "resting");
    $("[data-action=rest_done]").textContent = state.cycle < state.cycles ? "Press again" : "Go on to the stretch";
    show("[data-action=stretch_done]", phase === "stretching");
    show("[data-action=stop]", phase !== "done");
    if (phase === "holding" && left(state.cap_seconds_left) === 0) send("tick");
  }

  function finished() {
    clearInterval(timerId);
    show("[data-run]", false);
    show("[data-summary]", true);
    const select = $("[data-point-select]");
    $("[data-summary] h2").textContent = `Summary: ${select.options[select.selectedIndex].text}`;
    const list = $("[data-holds]");
    list.replaceChildren(...state.summary.holds.map((h) => {
      const item = document.createElement("li");
      const felt = h.start_intensity == null ? "" : `, ${h.start_intensity} → ${h.lowest_intensity} out of 10`;
      item.textContent = `Round ${h.cycle}: ${h.seconds} s${felt}; released because ${h.why}.`;
      return item;
    }));
    if (!state.summary.holds.length) {
      const item = document.createElement("li");
      item.textContent = "No hold was completed.";
      list.append(item);
    }
    const entry = { point: point, finished_at: new Date().toISOString(), summary: state.summary, events: events };
    keep(entry);
    const note = $("[data-saved]");
    note.textContent = "Kept in this browser.";
    if (root.dataset.signedIn === "true") {
      const failed = "Kept in this browser; saving to your record failed.";
      postJson(root.dataset.saveUrl, { point, events }, root)
        .then((r) => { note.textContent = r.ok ? "Saved to your record and kept in this browser." : failed; })
        .catch(() => { note.textContent = failed; });
    }
  }

  const begin = root.querySelector("[data-action=begin]");
  begin.addEventListener("click", function () {
    point = $("[data-point-select]").value;
    events = [];
    show("[data-choose]", false);
    show("[data-run]", true);
    send("begin");
    clearInterval(timerId);
    timerId = setInterval(render, 250);
  });
  // The page renders Begin disabled: a module script runs after the page is shown, and a
  // tap before it has run would do nothing at all.
  begin.disabled = false;
  root.querySelectorAll("[data-run] [data-action]").forEach(function (button) {
    button.addEventListener("click", function () { send(button.dataset.action); });
  });
  root.querySelectorAll("[data-scale] button").forEach(function (button) {
    button.addEventListener("click", function () { send("report", { intensity: Number(button.dataset.intensity) }); });
  });
  $("[data-download]").addEventListener("click", function () {
    const blob = new Blob([JSON.stringify(saved(), null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "self-treatments.json";
    document.body.append(link);
    link.click();
    link.remove();
  });
  $("[data-again]").addEventListener("click", function () {
    show("[data-summary]", false);
    show("[data-choose]", true);
    state = null;
  });
};

const timerRoot = document.querySelector("[data-timer]");
if (timerRoot && timerRoot.querySelector("[data-run]")) timer(timerRoot);
