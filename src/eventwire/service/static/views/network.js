// #/network — actors (nodes sized by their events) and dyads (edges: width by weight, colour by
// mean Goldstein), laid out by a force-directed simulation; a node opens its events.

import {get} from "../api.js";
import {add, clear, errorBox, fmtGoldstein, fmtNumber, goldsteinBadge, h, loading, replace, s} from "../dom.js";
import {forceLayout, goldsteinColor, swatchList} from "../charts.js";
import {navigate, routeHash} from "../router.js";
import {filtersOf} from "./events.js";

const HEIGHT = 560;

function radius(events, maxEvents) {
  return 6 + 20 * Math.sqrt((events || 0) / Math.max(1, maxEvents));
}

function edgePath(a, b, curved) {
  // a slight curve when both directions exist, so A→B and B→A do not overlap
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const d = Math.sqrt(dx * dx + dy * dy) || 1;
  const ux = dx / d;
  const uy = dy / d;
  const x1 = a.x + ux * a.r;
  const y1 = a.y + uy * a.r;
  const x2 = b.x - ux * (b.r + 3);
  const y2 = b.y - uy * (b.r + 3);
  if (!curved) return `M${x1.toFixed(1)},${y1.toFixed(1)} L${x2.toFixed(1)},${y2.toFixed(1)}`;
  const mx = (x1 + x2) / 2 - uy * d * 0.12;
  const my = (y1 + y2) / 2 + ux * d * 0.12;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

function graph(data, width) {
  const nodes = (data.nodes || []).map((n) => ({...n}));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const maxEvents = Math.max(1, ...nodes.map((n) => n.events || 0));
  for (const n of nodes) n.r = radius(n.events, maxEvents);
  const edges = (data.edges || []).filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target);
  const maxW = Math.max(1, ...edges.map((e) => e.weight || 1));
  forceLayout(nodes, edges, width, HEIGHT, {iterations: nodes.length > 120 ? 150 : 300});
  const pairs = new Set(edges.map((e) => `${e.source}\u0000${e.target}`));

  const svg = s("svg", {class: "chart network-chart", viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img",
    "aria-label": `Network of ${nodes.length} actors and ${edges.length} dyads`});
  svg.append(s("defs", null, s("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
    orient: "auto-start-reverse", markerUnits: "userSpaceOnUse"}, s("path", {d: "M0,1.5 L9,5 L0,8.5 z", class: "arrowhead"}))));
  const edgeLayer = s("g", {class: "edges"});
  const nodeLayer = s("g", {class: "nodes"});
  svg.append(edgeLayer, nodeLayer);

  const edgeEls = [];
  for (const e of edges) {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    const curved = pairs.has(`${e.target}\u0000${e.source}`);
    const path = s("path", {class: "edge", d: edgePath(a, b, curved), stroke: goldsteinColor(e.goldstein),
      "stroke-width": (1 + 7 * ((e.weight || 1) / maxW)).toFixed(2), fill: "none", "marker-end": "url(#arrow)",
      dataset: {source: e.source, target: e.target}},
    s("title", null, `${e.source} → ${e.target}: ${fmtNumber(e.weight)} event${e.weight === 1 ? "" : "s"}` +
      `, mean Goldstein ${fmtGoldstein(e.goldstein)}`));
    edgeEls.push({el: path, a, b, curved});
    edgeLayer.append(path);
  }

  const redraw = () => {
    for (const ed of edgeEls) ed.el.setAttribute("d", edgePath(ed.a, ed.b, ed.curved));
  };

  for (const n of nodes) {
    const label = n.label && n.label !== n.id ? `${n.id} · ${n.label}` : n.id;
    const g = s("g", {class: "node", tabindex: "0", role: "link", transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`,
      "aria-label": `${label}: ${n.events} events — show its events`, dataset: {id: n.id}},
    s("circle", {r: n.r.toFixed(1)}),
    s("text", {class: "node-label", y: (n.r + 12).toFixed(1), "text-anchor": "middle"}, n.id),
    s("title", null, `${label}\n${fmtNumber(n.events)} events — click to list them`));
    const open = () => navigate("events", null, {actor: n.id});
    let drag = null;
    g.addEventListener("pointerdown", (ev) => {
      drag = {x: ev.clientX, y: ev.clientY, nx: n.x, ny: n.y, moved: false};
      g.setPointerCapture(ev.pointerId);
    });
    g.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const scale = width / (svg.getBoundingClientRect().width || width);
      const dx = (ev.clientX - drag.x) * scale;
      const dy = (ev.clientY - drag.y) * scale;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      n.x = Math.max(n.r, Math.min(width - n.r, drag.nx + dx));
      n.y = Math.max(n.r, Math.min(HEIGHT - n.r, drag.ny + dy));
      g.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
      redraw();
    });
    g.addEventListener("pointerup", () => {
      const wasDrag = drag && drag.moved;
      drag = null;
      if (!wasDrag) open();
    });
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        open();
      }
    });
    const hover = (on) => {
      svg.classList.toggle("hovering", on);
      for (const ed of edgeEls) ed.el.classList.toggle("near", on && (ed.a === n || ed.b === n));
      g.classList.toggle("near", on);
    };
    g.addEventListener("pointerenter", () => hover(true));
    g.addEventListener("pointerleave", () => hover(false));
    g.addEventListener("focus", () => hover(true));
    g.addEventListener("blur", () => hover(false));
    nodeLayer.append(g);
  }
  return svg;
}

function topDyads(data) {
  const edges = (data.edges || []).slice().sort((a, b) => b.weight - a.weight).slice(0, 12);
  if (!edges.length) return null;
  return h("table", {class: "data compact"},
    h("caption", null, "Strongest dyads"),
    h("thead", null, h("tr", null, h("th", {scope: "col"}, "Dyad"), h("th", {scope: "col", class: "num"}, "Events"),
      h("th", {scope: "col"}, "Goldstein"))),
    h("tbody", null, edges.map((e) => h("tr", null,
      h("td", null, h("a", {href: routeHash("events", null, {dyad: `${e.source},${e.target}`})}, `${e.source} → ${e.target}`)),
      h("td", {class: "num"}, fmtNumber(e.weight)),
      h("td", null, goldsteinBadge(e.goldstein))))));
}

export async function render(main, ctx) {
  const filters = filtersOf(ctx.params);
  const minWeight = Math.max(1, Number(ctx.params.get("min_weight")) || 1);
  const limit = Math.max(5, Math.min(2000, Number(ctx.params.get("limit")) || 100));
  const level = ctx.params.get("level") === "code" ? "code" : "country";
  const go = (change) => navigate("network", null, {...filters, level, min_weight: minWeight, limit, ...change});
  const controls = h("form", {class: "toolbar", "aria-label": "Network options"},
    h("div", {class: "field"}, h("label", {for: "n-level"}, "Actors"),
      h("select", {id: "n-level", name: "level", onchange: (e) => go({level: e.target.value})},
        h("option", {value: "country", selected: level === "country"}, "Countries (RUS)"),
        h("option", {value: "code", selected: level === "code"}, "Full codes (RUSGOV)"))),
    h("div", {class: "field"}, h("label", {for: "n-min"}, "Min. events per dyad"),
      h("input", {id: "n-min", name: "min_weight", type: "number", min: 1, value: minWeight})),
    h("div", {class: "field"}, h("label", {for: "n-limit"}, "Most dyads"),
      h("input", {id: "n-limit", name: "limit", type: "number", min: 5, max: 2000, value: limit})),
    h("div", {class: "field"}, h("label", {for: "n-since"}, "Since"),
      h("input", {id: "n-since", name: "since", type: "date", value: filters.since || ""})),
    h("div", {class: "field"}, h("label", {for: "n-until"}, "Until"),
      h("input", {id: "n-until", name: "until", type: "date", value: filters.until || ""})),
    h("div", {class: "field actions"}, h("button", {type: "submit", class: "primary"}, "Apply")));
  controls.addEventListener("submit", (e) => {
    e.preventDefault();
    const form = new FormData(controls);
    go({min_weight: form.get("min_weight"), limit: form.get("limit"), since: form.get("since"), until: form.get("until")});
  });
  add(main, 
    h("div", {class: "pagehead"}, h("div", null, h("h1", null, "Network"),
      h("p", {class: "subtitle"}, "Who acts on whom. Drag a node to move it; click it to list its events."))),
    controls);
  const layout = h("div", {class: "split split-wide"});
  const card = h("section", {class: "card chartcard", "aria-label": "Actor network"}, loading());
  const side = h("aside", {class: "card sidecard", "aria-label": "Network legend"});
  add(layout, card, side);
  add(main, layout);

  let data;
  try {
    data = await get("/network", {...filters, level, min_weight: minWeight, limit});
  } catch (err) {
    if (ctx.stale()) return;
    replace(card, errorBox(err.message, "The network could not be loaded."));
    return;
  }
  if (ctx.stale()) return;
  clear(card);
  if (!(data.nodes || []).length) {
    add(card, h("p", {class: "empty"}, "No dyads match these filters."));
    return;
  }
  const holder = h("div", {class: "chart-holder"});
  add(card, h("h2", {class: "visually-hidden"}, "Graph"), holder);
  const width = Math.max(480, Math.round(holder.clientWidth || card.clientWidth || 900));
  add(holder, graph(data, width));
  add(side, 
    h("h2", null, "Legend"),
    h("p", {class: "muted small"}, `${fmtNumber(data.nodes.length)} actors · ${fmtNumber((data.edges || []).length)} dyads`),
    h("h3", {class: "small-h"}, "Edge colour: mean Goldstein"),
    swatchList([[goldsteinColor(7), "cooperative (> 0)"], [goldsteinColor(0), "neutral or unknown"],
      [goldsteinColor(-7), "conflictual (< 0)"]]),
    h("p", {class: "muted small"}, "Edge width: number of events of the dyad (arrow: source → target). Node size: events of the actor."),
    topDyads(data));
  return null;
}
