// Progressive enhancement of the server-built SVG charts (src/web/charts, docs/web.md).
//
// Without JavaScript a chart is one image (role="img", with a title and description) followed by
// a table of the same data. With it, the chart becomes a group whose points are reachable from
// the keyboard (one tab stop per chart, arrow keys between points: a roving tabindex), each point
// announces its label, value and detail, and a tooltip shows the same on hover and focus.
// Escape hides the tooltip. Positions are set through the CSSOM, which the CSP allows.

const POINT = ".app-chart__point";

function describe(point) {
  const { label = "", value = "", detail = "" } = point.dataset;
  return { label, value, detail, text: [`${label}: ${value}`, detail].filter(Boolean).join(". ") };
}

function enhanceChart(svg) {
  if (svg.dataset.appChartEnhanced === "true") return;
  const points = Array.from(svg.querySelectorAll(POINT));
  if (points.length === 0) return;
  svg.dataset.appChartEnhanced = "true";

  const [titleId, descId] = (svg.getAttribute("aria-labelledby") || "").split(/\s+/);
  svg.setAttribute("role", "group");
  if (titleId) svg.setAttribute("aria-labelledby", titleId);
  if (descId) svg.setAttribute("aria-describedby", descId);

  // The latest period (or the selected organisation) is where a person most often starts.
  const selected = points.find((p) => p.classList.contains("app-chart__point--selected"));
  let current =
    selected ?? (svg.dataset.appChart === "bars" ? points[0] : points[points.length - 1]);
  for (const p of points) {
    p.setAttribute("role", "img");
    p.setAttribute("aria-label", describe(p).text);
    p.setAttribute("tabindex", p === current ? "0" : "-1");
  }

  const container = svg.closest("[data-app-chart-plot]") || svg.parentElement;
  container.classList.add("app-chart__plot--enhanced");
  // One tooltip per plot, shared by its wide and compact drawings (only one of them is shown).
  let tooltip = container.querySelector(".app-chart__tooltip");
  if (!tooltip) {
    tooltip = document.createElement("div");
    tooltip.className = "app-chart__tooltip";
    tooltip.hidden = true;
    // Screen readers hear the focused point's label; the tooltip is for eyes only.
    tooltip.setAttribute("aria-hidden", "true");
    container.appendChild(tooltip);
  }

  function show(point) {
    const { label, value, detail } = describe(point);
    tooltip.replaceChildren();
    const strong = document.createElement("strong");
    strong.textContent = label;
    const val = document.createElement("span");
    val.className = "app-chart__tooltip-value";
    val.textContent = value;
    tooltip.append(strong, val);
    if (detail) {
      const d = document.createElement("span");
      d.className = "app-chart__tooltip-detail";
      d.textContent = detail;
      tooltip.append(d);
    }
    tooltip.hidden = false;
    const box = container.getBoundingClientRect();
    const target = (
      point.querySelector(".app-chart__marker, .app-chart__bar") || point
    ).getBoundingClientRect();
    const tip = tooltip.getBoundingClientRect();
    let left = target.left - box.left + target.width / 2 - tip.width / 2;
    left = Math.max(0, Math.min(left, box.width - tip.width));
    let top = target.top - box.top - tip.height - 8;
    if (top < 0) top = target.bottom - box.top + 8;
    tooltip.style.left = `${Math.round(left)}px`;
    tooltip.style.top = `${Math.round(top)}px`;
    for (const p of points) p.classList.toggle("app-chart__point--active", p === point);
  }

  function hide() {
    tooltip.hidden = true;
    for (const p of points) p.classList.remove("app-chart__point--active");
  }

  function moveTo(point) {
    if (!point) return;
    current.setAttribute("tabindex", "-1");
    point.setAttribute("tabindex", "0");
    current = point;
    point.focus();
  }

  svg.addEventListener("keydown", (event) => {
    const i = points.indexOf(current);
    switch (event.key) {
      case "ArrowRight":
      case "ArrowDown":
        moveTo(points[Math.min(points.length - 1, i + 1)]);
        break;
      case "ArrowLeft":
      case "ArrowUp":
        moveTo(points[Math.max(0, i - 1)]);
        break;
      case "Home":
        moveTo(points[0]);
        break;
      case "End":
        moveTo(points[points.length - 1]);
        break;
      case "Escape":
        if (tooltip.hidden) return;
        hide();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // Focus listeners go on the HTML container: Chrome makes an SVG element with focus listeners
  // focusable itself, which would add a second, silent tab stop.
  container.addEventListener("focusin", (event) => {
    const point = event.target.closest && event.target.closest(POINT);
    if (!point || !svg.contains(point)) return;
    if (point !== current) {
      current.setAttribute("tabindex", "-1");
      point.setAttribute("tabindex", "0");
      current = point;
    }
    show(point);
  });
  container.addEventListener("focusout", (event) => {
    if (!svg.contains(event.relatedTarget)) hide();
  });
  svg.addEventListener("pointerover", (event) => {
    const point = event.target.closest && event.target.closest(POINT);
    if (point) show(point);
  });
  // Leaving the plot (the tooltip is inside it, so it can be hovered) hides the tooltip unless a
  // point has keyboard focus.
  container.addEventListener("pointerleave", () => {
    if (!svg.contains(document.activeElement)) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !tooltip.hidden) hide();
  });
}

// A link to a table inside a closed <details> opens it first, then moves focus to the table.
function openDetailsFor(hash) {
  if (!hash || hash.length < 2) return;
  const target = document.getElementById(decodeURIComponent(hash.slice(1)));
  if (!target) return;
  const details = target.closest("details");
  if (details && !details.open) details.open = true;
  return target;
}

export function enhanceCharts(root = document) {
  for (const svg of root.querySelectorAll("svg[data-app-chart]")) enhanceChart(svg);
  for (const link of root.querySelectorAll("a.app-chart__table-link")) {
    link.addEventListener("click", () => {
      const target = openDetailsFor(link.hash);
      if (target) {
        if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        // Let the browser scroll to the target first, then move focus there.
        window.setTimeout(() => target.focus(), 0);
      }
    });
  }
  openDetailsFor(window.location.hash);
}
