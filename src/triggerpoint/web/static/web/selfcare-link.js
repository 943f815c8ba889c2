// The "self-care plan" link follows the drawing: its address carries the marks in the
// body map's ?mark=region:intensity form, so the plan can be bookmarked and shared.
const link = document.querySelector("[data-selfcare-link]");
if (link) {
  const base = link.getAttribute("href").split("?")[0];
  document.addEventListener("drawing-change", (event) => {
    const marks = (event.detail.marks || []).filter((mark) => mark.intensity > 0);
    const query = new URLSearchParams();
    for (const mark of marks) query.append("mark", `${mark.region}:${mark.intensity}`);
    link.href = marks.length ? `${base}?${query}` : base;
    link.hidden = marks.length === 0;
  });
}
