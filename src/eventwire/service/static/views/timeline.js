// #/timeline — events per day/week/month, one series per CAMEO root, quad class or PLOVER type,
// with the mean Goldstein value of each period.

import {get} from "../api.js";
import {QUADS, add, clear, errorBox, fmtGoldstein, fmtNumber, h, loading, replace} from "../dom.js";
import {PALETTE, PLOVER_COLORS, QUAD_COLORS, ROOT_COLORS, swatchList, timelineChart} from "../charts.js";
import {navigate, routeHash} from "../router.js";
import {filtersOf} from "./events.js";

const PLOVER_ORDER = Object.keys(PLOVER_COLORS);
const INTERVALS = [["day", "Day"], ["week", "Week"], ["month", "Month"]];
const GROUPS = [["root", "CAMEO root"], ["quad", "Quad class"], ["plover", "PLOVER type"]];

/** A colour per series that stays the same across filters: by root number, quad or PLOVER type. */
function colorsOf(data) {
  const colors = new Map();
  const used = new Set();
  (data.series || []).forEach((se, i) => {
    const key = String(se.key);
    let color = null;
    if (data.by === "quad") color = QUAD_COLORS[key] || null;
    else if (data.by === "root") color = ROOT_COLORS[key.padStart(2, "0")] || null;
    else if (data.by === "plover") color = PLOVER_COLORS[key.toUpperCase()] || null;
    if (!color || used.has(color)) color = PALETTE.find((c) => !used.has(c)) || PALETTE[i % PALETTE.length];
    used.add(color);
    colors.set(se.key, color);
  });
  return colors;
}

function labelOf(data, se) {
  if (se.label && se.label !== se.key) return data.by === "root" ? `${se.key} ${se.label}` : se.label;
  if (data.by === "quad" && QUADS[se.key]) return `${se.key} ${QUADS[se.key]}`;
  return String(se.label || se.key);
}

function dataTable(data, colors) {
  const rows = [];
  for (const se of data.series || []) {
    for (const pt of se.points) rows.push([pt.period, labelOf(data, se), pt.count, pt.goldstein, colors.get(se.key)]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[2] - a[2]));
  return h("details", {class: "datatable"},
    h("summary", null, "Show the numbers as a table"),
    h("table", {class: "data"},
      h("thead", null, h("tr", null, ["Period", "Series", "Events", "Mean Goldstein"].map((t, i) =>
        h("th", {scope: "col", class: i >= 2 ? "num" : null}, t)))),
      h("tbody", null, rows.map(([p, label, count, g]) => h("tr", null,
        h("td", {class: "nowrap"}, p), h("td", null, label), h("td", {class: "num"}, fmtNumber(count)),
        h("td", {class: "num"}, fmtGoldstein(g)))))));
}

export async function render(main, ctx) {
  const filters = filtersOf(ctx.params);
  const interval = ["day", "week", "month"].includes(ctx.params.get("interval")) ? ctx.params.get("interval") : "week";
  const by = ["root", "quad", "plover"].includes(ctx.params.get("by")) ? ctx.params.get("by") : "root";
  const go = (change) => navigate("timeline", null, {...filters, interval, by, ...change});

  const controls = h("form", {class: "toolbar", "aria-label": "Timeline options"},
    h("div", {class: "field"}, h("label", {for: "t-interval"}, "Interval"),
      h("select", {id: "t-interval", onchange: (e) => go({interval: e.target.value})},
        INTERVALS.map(([v, t]) => h("option", {value: v, selected: v === interval}, t)))),
    h("div", {class: "field"}, h("label", {for: "t-by"}, "Group by"),
      h("select", {id: "t-by", onchange: (e) => go({by: e.target.value})},
        GROUPS.map(([v, t]) => h("option", {value: v, selected: v === by}, t)))),
    h("div", {class: "field"}, h("label", {for: "t-actor"}, "Actor"),
      h("input", {id: "t-actor", name: "actor", value: filters.actor || "", placeholder: "any", autocomplete: "off"})),
    h("div", {class: "field"}, h("label", {for: "t-since"}, "Since"),
      h("input", {id: "t-since", name: "since", type: "date", value: filters.since || ""})),
    h("div", {class: "field"}, h("label", {for: "t-until"}, "Until"),
      h("input", {id: "t-until", name: "until", type: "date", value: filters.until || ""})),
    h("div", {class: "field actions"}, h("button", {type: "submit", class: "primary"}, "Apply")));
  controls.addEventListener("submit", (e) => {
    e.preventDefault();
    const form = new FormData(controls);
    go({actor: String(form.get("actor") || "").trim(), since: form.get("since"), until: form.get("until")});
  });
  const otherFilters = Object.keys(filters).filter((k) => !["actor", "since", "until"].includes(k));
  add(main, 
    h("div", {class: "pagehead"}, h("div", null, h("h1", null, "Timeline"),
      h("p", {class: "subtitle"}, "Events per period; the line is the mean Goldstein value (−10 conflict … +10 cooperation)."))),
    controls,
    otherFilters.length
      ? h("p", {class: "muted small"}, `Also filtered by ${otherFilters.map((k) => `${k}=${filters[k]}`).join(", ")} · `,
        h("a", {href: routeHash("timeline", null, {interval, by})}, "clear"))
      : null);
  const card = h("section", {class: "card chartcard", "aria-label": "Timeline chart"}, loading());
  add(main, card);

  let data;
  try {
    data = await get("/timeseries", {...filters, interval, by});
  } catch (err) {
    if (ctx.stale()) return;
    replace(card, errorBox(err.message, "The timeline could not be loaded."));
    return;
  }
  if (ctx.stale()) return;
  clear(card);
  data.interval = data.interval || interval;
  data.by = data.by || by;
  // stack in the codebook's order (cooperation at the bottom, conflict on top), not by size
  const rank = (key) => {
    const k = String(key);
    if (data.by === "plover") {
      const i = PLOVER_ORDER.indexOf(k.toUpperCase());
      return i < 0 ? 1000 : i;
    }
    return /^\d+$/.test(k) ? Number(k) : 1000;
  };
  data.series = (data.series || []).slice().sort((a, b) => rank(a.key) - rank(b.key) || String(a.key).localeCompare(String(b.key)));
  const series = data.series;
  if (!series.some((se) => se.points && se.points.length)) {
    add(card, h("p", {class: "empty"}, "No dated events match these filters."));
    return;
  }
  const colors = colorsOf(data);
  const hidden = new Set();
  const holder = h("div", {class: "chart-holder"});
  const total = series.reduce((n, se) => n + se.points.reduce((m, p) => m + p.count, 0), 0);
  const draw = () => {
    const width = Math.max(480, Math.round(holder.clientWidth || card.clientWidth || 960));
    replace(holder, timelineChart(data, {width, height: 380, colors, hidden}));
  };
  const legendItems = series
    .map((se) => [se, se.points.reduce((n, p) => n + p.count, 0)])
    .map(([se, n]) => [colors.get(se.key), `${labelOf(data, se)} (${fmtNumber(n)})`,
      {class: "toggle", role: "button", tabindex: "0", "aria-pressed": "true", dataset: {key: se.key}, title: "Show or hide this series"}]);
  const legendEl = swatchList(legendItems, {"aria-label": "Series (click to show or hide)"});
  const toggle = (li) => {
    const key = li.dataset.key;
    if (hidden.has(key)) hidden.delete(key);
    else hidden.add(key);
    li.setAttribute("aria-pressed", hidden.has(key) ? "false" : "true");
    draw();
  };
  legendEl.addEventListener("click", (e) => {
    const li = e.target.closest("li[data-key]");
    if (li) toggle(li);
  });
  legendEl.addEventListener("keydown", (e) => {
    const li = e.target.closest("li[data-key]");
    if (li && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      toggle(li);
    }
  });
  add(card, 
    h("div", {class: "sectionhead"},
      h("h2", null, `${fmtNumber(total)} events by ${GROUPS.find(([v]) => v === by)[1]}, per ${interval}`),
      h("span", {class: "gline-key"}, h("span", {class: "gline-swatch", "aria-hidden": "true"}), "mean Goldstein")),
    holder, legendEl, dataTable(data, colors));
  draw();
  const onResize = () => draw();
  window.addEventListener("resize", onResize);
  return () => window.removeEventListener("resize", onResize);
}
