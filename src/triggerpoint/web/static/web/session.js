// The live session: the therapist's screen and the client's phone. Both follow a small
// JSON state (the server replays the stored events and pushes each change) and post each
// tap at once. Between states the timers and the breathing pacer run on the local clock.
// Without this script every control is still a plain form that posts and reloads.

import { postJson, requestJson } from "./common.js";

const readState = (id) => {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
};

const setText = (node, text) => {
  if (node && node.textContent !== text) node.textContent = text;
};

// The pacer from the hold's elapsed seconds, as protocol.prompts.pacer computes it.
const breathAt = (breath, seconds) => {
  const t = ((seconds % breath.period) + breath.period) % breath.period;
  if (t < breath.inhale) return { phase: "inhale", fraction: t / breath.inhale };
  return { phase: "exhale", fraction: (t - breath.inhale) / (breath.period - breath.inhale) };
};

const drawPacer = (pacer, word, breath, seconds) => {
  if (!pacer) return;
  if (!breath) {
    pacer.dataset.phase = "";
    pacer.style.setProperty("--breath", "0");
    setText(word, "–");
    return;
  }
  const now = breathAt(breath, seconds);
  // Full at the end of the inhale, empty at the end of the exhale.
  const size = now.phase === "inhale" ? now.fraction : 1 - now.fraction;
  pacer.dataset.phase = now.phase;
  pacer.style.setProperty("--breath", size.toFixed(3));
  setText(word, now.phase === "exhale" ? "Breathe out" : "Breathe in");
};

// Follow the state: pushed by the server as it changes (EventSource), or, where the
// stream is refused (204 from a server without streaming, an error) or keeps failing,
// polled with If-None-Match so an unchanged state costs a 304 and the clocks run on.
const follow = (root, onState, onGone) => {
  const pollMs = Number(root.dataset.pollMs) || 500;
  let stopped = false;
  let timer = null;
  let tag = null;
  let source = null;
  const poll = async () => {
    if (stopped) return;
    try {
      const headers = tag ? { "If-None-Match": tag } : {};
      const { ok, status, data, etag } = await requestJson(root.dataset.stateUrl, { headers });
      if (status === 404) {
        onGone(data);
        stopped = true;
        return;
      }
      if (ok) {
        tag = etag;
        onState(data);
      }
    } catch {
      // A dropped connection is retried on the next tick; nothing is lost on the server.
    }
    if (!stopped) timer = setTimeout(poll, pollMs);
  };
  const startPolling = () => {
    if (source) source.close();
    if (!stopped && timer === null) timer = setTimeout(poll, pollMs);
  };
  if (root.dataset.streamUrl && window.EventSource) {
    let failures = 0;
    source = new EventSource(root.dataset.streamUrl);
    source.onmessage = (event) => {
      failures = 0;
      const state = JSON.parse(event.data);
      onState(state);
      if (state.ended) source.close();
    };
    source.addEventListener("gone", () => {
      source.close();
      stopped = true;
      onGone({});
    });
    source.onerror = () => {
      failures += 1;
      // CLOSED: the server refused the stream; otherwise EventSource reconnects itself.
      if (source.readyState === EventSource.CLOSED || failures >= 3) startPolling();
    };
  } else {
    startPolling();
  }
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (source) source.close();
    },
  };
};

const post = (root, url, body) => postJson(url, body, root);

// The therapist's screen

const therapist = (root) => {
  let state = readState("session-state");
  let receivedAt = performance.now();
  const $ = (selector) => root.querySelector(selector);
  const errorBox = $("[data-error]");

  const showError = (message) => {
    errorBox.hidden = !message;
    setText(errorBox, message || "");
  };

  const renderPrompts = () => {
    const list = $("[data-prompts]");
    const key = state.prompts.map((p) => `${p.code}:${p.text}`).join("|");
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    list.replaceChildren(
      ...state.prompts.map((prompt) => {
        const item = document.createElement("li");
        item.className = `prompt prompt-${prompt.code}`;
        item.textContent = prompt.text;
        return item;
      }),
    );
  };

  const renderPlan = () => {
    for (const item of root.querySelectorAll("[data-plan-point]")) {
      const status = state.statuses[item.dataset.planPoint] || (state.plan.some((p) => p.id === item.dataset.planPoint) ? "planned" : "");
      item.dataset.status = status;
      setText(item.querySelector("[data-status-badge]"), status);
    }
    const select = $("[data-locate-select]");
    const key = state.plan.map((p) => p.id).join("|");
    if (select && select.dataset.key !== key) {
      select.dataset.key = key;
      select.replaceChildren(
        ...state.plan.map((p) => {
          const option = document.createElement("option");
          option.value = p.id;
          option.textContent = p.name;
          return option;
        }),
      );
    }
  };

  const renderHolds = () => {
    const table = document.querySelector("[data-holds]");
    if (!table) return;
    const body = table.querySelector("tbody");
    if (body.children.length === state.holds.length) return;
    body.replaceChildren(
      ...state.holds.map((hold) => {
        const row = document.createElement("tr");
        const dash = (v) => (v === null ? "–" : String(v));
        const cycle = document.createElement("span");
        cycle.className = "muted";
        cycle.textContent = `cycle ${hold.cycle}`;
        const cells = [
          [hold.point_name, document.createElement("br"), cycle],
          [`${hold.seconds} s`],
          [`${dash(hold.start)} → ${dash(hold.lowest)}`],
          [hold.reason],
        ];
        for (const parts of cells) {
          const cell = document.createElement("td");
          cell.append(...parts);
          row.append(cell);
        }
        return row;
      }),
    );
    table.hidden = state.holds.length === 0;
    document.querySelector("[data-no-holds]").hidden = state.holds.length > 0;
  };

  const render = () => {
    const phase = $("[data-phase-label]");
    phase.dataset.phase = state.phase;
    setText(phase, state.phase_label);
    setText($("[data-cycle]"), state.cycle ? `cycle ${state.cycle} of ${state.cycles}` : "");
    $("[data-focus]").hidden = !state.focus;
    if (state.focus) {
      setText($("[data-focus-heading]"), `${state.focus.heading}:`);
      setText($("[data-focus-name]"), state.focus.name);
      setText($("[data-focus-find-it]"), state.focus.find_it);
    }
    setText($("[data-intensity]"), state.intensity === null ? "–" : String(state.intensity));
    setText($("[data-intensity-by]"), state.intensity_by ? `from the ${state.intensity_by}` : "");
    $("[data-intensity-box]").classList.toggle("ease-off", state.ease_off);
    $("[data-stop]").hidden = !state.stopped;
    $("[data-ended]").hidden = !state.ended;
    const stretch = $("[data-stretch]");
    stretch.hidden = !state.stretch;
    if (state.stretch) {
      const name = document.createElement("strong");
      name.textContent = `${state.stretch.name}:`;
      stretch.replaceChildren(name, ` ${state.stretch.instructions}`);
    }
    for (const button of root.querySelectorAll("[data-action]")) {
      button.disabled = !state.allowed.includes(button.dataset.action) || (button.dataset.action === "locate" && !state.plan.length);
    }
    renderPrompts();
    renderPlan();
    renderHolds();
  };

  const frame = () => {
    const seconds = (performance.now() - receivedAt) / 1000;
    let label = "Timer";
    let left = null;
    let note = "";
    if (state.hold) {
      label = "Hold";
      left = Math.max(state.hold.left - seconds, 0);
      note = `s left · cap ${Math.round(state.hold.cap)} s`;
      if (left <= 0) {
        left = Math.max(state.hold.cap_left - seconds, 0);
        note = "s to the cap";
      }
    } else if (state.rest_left !== null) {
      label = "Rest";
      left = Math.max(state.rest_left - seconds, 0);
      note = "s";
    } else if (state.stretch_left !== null) {
      label = "Stretch";
      left = Math.max(state.stretch_left - seconds, 0);
      note = "s";
    }
    setText($("[data-timer-label]"), label);
    setText($("[data-timer]"), left === null ? "–" : String(Math.ceil(left)));
    setText($("[data-timer-note]"), note);
    drawPacer($("[data-pacer]"), $("[data-pacer-word]"), state.breath, state.breath ? state.breath.elapsed + seconds : 0);
    requestAnimationFrame(frame);
  };

  const accept = (next) => {
    if (next.seq < state.seq) return; // an older poll answered after a newer post
    state = next;
    receivedAt = performance.now();
    render();
  };

  for (const form of root.querySelectorAll("[data-action-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { kind: form.querySelector("input[name=kind]").value };
      if (event.submitter && event.submitter.name === "intensity") body.intensity = Number(event.submitter.value);
      const select = form.querySelector("select[name=trigger_point]");
      if (select && select.value) body.trigger_point = select.value;
      const result = await post(root, root.dataset.eventUrl, body);
      if (result.ok) {
        showError("");
        accept(result.data);
      } else {
        showError(result.data.error || "That did not work.");
      }
    });
  }

  render();
  requestAnimationFrame(frame);
  follow(root, accept, () => {});
};

// Findings: the mean of three algometer trials as they are typed.

const KPA_PER_KG_CM2 = 98.0665;

const pptMeans = () => {
  for (const box of document.querySelectorAll("[data-ppt]")) {
    const output = box.querySelector("[data-ppt-mean]");
    const update = () => {
      const values = [...box.querySelectorAll("input")].map((input) => input.value.trim()).filter(Boolean).map(Number);
      if (values.length !== 3 || values.some((v) => !Number.isFinite(v) || v <= 0)) return;
      const mean = values.reduce((a, b) => a + b, 0) / 3;
      setText(output, `${mean.toFixed(2)} kg/cm² = ${Math.round(mean * KPA_PER_KG_CM2)} kPa`);
    };
    box.addEventListener("input", update);
  }
};

// The client's phone

const phone = (root) => {
  let state = readState("phone-state");
  let receivedAt = performance.now();
  const $ = (selector) => root.querySelector(selector);
  const errorBox = $("[data-error]");
  let polling = null;

  const showError = (message) => {
    errorBox.hidden = !message;
    setText(errorBox, message || "");
  };

  const end = () => {
    state = { ...state, ended: true, breath: null, phase: "done", phase_label: "Session finished. Thank you." };
    render();
    if (polling) polling.stop();
  };

  const render = () => {
    const phase = $("[data-phase-label]");
    phase.dataset.phase = state.phase;
    setText(phase, state.phase_label);
    $("[data-breath]").hidden = !state.breath;
    $("[data-ended]").hidden = !state.ended;
    for (const button of root.querySelectorAll("button")) button.disabled = state.ended;
    for (const button of root.querySelectorAll("[data-intensity-button]")) {
      button.setAttribute("aria-pressed", String(Number(button.value) === state.intensity));
    }
    setText($("[data-sent]"), state.intensity === null ? "" : `You said ${state.intensity}.`);
  };

  const frame = () => {
    const seconds = (performance.now() - receivedAt) / 1000;
    drawPacer($("[data-pacer]"), $("[data-pacer-word]"), state.breath, state.breath ? state.breath.elapsed + seconds : 0);
    requestAnimationFrame(frame);
  };

  const accept = (next) => {
    if (next.seq < state.seq) return;
    state = next;
    receivedAt = performance.now();
    render();
  };

  const send = async (body) => {
    const result = await post(root, root.dataset.eventUrl, body);
    if (result.status === 404) return end();
    if (!result.ok) return showError(result.data.error || "Not sent: please tell your therapist.");
    showError("");
    accept(result.data);
  };

  $("[data-report-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!event.submitter) return;
    const intensity = Number(event.submitter.value);
    for (const button of root.querySelectorAll("[data-intensity-button]")) {
      button.setAttribute("aria-pressed", String(button === event.submitter));
    }
    send({ kind: "report", intensity });
  });
  $("[data-stop-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    send({ kind: "stop" });
  });

  render();
  requestAnimationFrame(frame);
  polling = follow(root, accept, end);
};

const sessionRoot = document.querySelector("[data-session]");
if (sessionRoot) {
  therapist(sessionRoot);
  pptMeans();
}
const phoneRoot = document.querySelector("[data-phone]");
if (phoneRoot) phone(phoneRoot);
