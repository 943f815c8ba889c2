// What every page script shares: the CSRF token, JSON requests to our own views and API,
// and moving keyboard focus. One copy here; the page scripts import it.

// Django's token from the page's {% csrf_token %} field, looked for under `root` first
// (a page may hold several forms), then anywhere on the page; "" when there is none.
export function csrfToken(root = document) {
  const input =
    root.querySelector("input[name=csrfmiddlewaretoken]") ||
    document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// A JSON request: resolves to { ok, status, data }, never throws for an HTTP error. `data`
// is the parsed answer, or {} when the answer is not JSON (a proxy's error page), and then
// `ok` is false even on a 2xx, so a caller only reads `data` it can trust. A dropped
// connection rejects, as fetch does: the caller says so in its own words.
// `headers` adds request headers (an If-None-Match); `etag` is the answer's ETag header.
export async function requestJson(url, { method = "GET", body, root = document, headers: extra = {} } = {}) {
  const headers = { ...extra, Accept: "application/json" };
  const options = { method, headers, cache: "no-store" };
  if (method !== "GET") {
    headers["X-CSRFToken"] = csrfToken(root);
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
  }
  const response = await fetch(url, options);
  let data;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const parsed = data !== null && typeof data === "object";
  const etag = response.headers.get("ETag");
  return { ok: response.ok && parsed, status: response.status, data: parsed ? data : {}, etag };
}

export const postJson = (url, body, root = document) => requestJson(url, { method: "POST", body, root });

// Moves keyboard focus to `node` (a heading or a result that is not focusable by itself
// becomes a programmatic focus target, outside the Tab order). `reveal` scrolls it to the
// middle of the screen first; `preventScroll` keeps the page where it is.
export function focusOn(node, { reveal = false, preventScroll = false } = {}) {
  if (!node) return;
  const focusable = node.matches("a[href], button, input, select, textarea, [tabindex]");
  if (!focusable) node.setAttribute("tabindex", "-1");
  if (reveal) node.scrollIntoView({ block: "center" });
  node.focus({ preventScroll: preventScroll || reveal });
}
