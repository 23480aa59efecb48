// SVG charts without a library: a stacked bar chart over time with a mean-Goldstein line, and a
// force-directed network layout.

import {fmtGoldstein, fmtNumber, h, s} from "./dom.js";

export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354",
  "#756bb1", "#636363"];

export const QUAD_COLORS = {"1": "#6baed6", "2": "#31a354", "3": "#fd8d3c", "4": "#cb181d"};

// CAMEO roots coloured by what they are: verbal cooperation blues (01–05), material cooperation
// greens (06–08), verbal conflict oranges (09–13), material conflict reds and purples (14–20).
export const ROOT_COLORS = {
  "01": "#c6dbef", "02": "#9ecae1", "03": "#6baed6", "04": "#3182bd", "05": "#08519c",
  "06": "#a1d99b", "07": "#41ab5d", "08": "#006d2c",
  "09": "#fdd0a2", "10": "#fdae6b", "11": "#fd8d3c", "12": "#e6550d", "13": "#a63603",
  "14": "#fcbba1", "15": "#fb6a4a", "16": "#ef3b2c", "17": "#cb181d", "18": "#99000d", "19": "#6a51a3",
  "20": "#3f007d",
};

export const PLOVER_COLORS = {
  AGREE: "#9ecae1", CONSULT: "#4292c6", SUPPORT: "#08519c",
  CONCEDE: "#c7e9c0", COOPERATE: "#74c476", AID: "#31a354", RETREAT: "#006d2c",
  REQUEST: "#fdd0a2", ACCUSE: "#fdae6b", REJECT: "#f16913", THREATEN: "#a63603",
  PROTEST: "#fcbba1", SANCTION: "#fb6a4a", MOBILIZE: "#9e9ac8", COERCE: "#cb181d", ASSAULT: "#67000d",
};

/** Round tick values covering 0..max. */
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) || raw;
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

function addPeriod(iso, interval) {
  const d = new Date(`${iso}T00:00:00Z`);
  if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Every period from the first to the last (so that gaps show as gaps), when the API's periods
 * fall on the interval's steps and there are not too many; otherwise just the periods given.
 */
export function periodsOf(series, interval) {
  const given = [...new Set(series.flatMap((se) => se.points.map((p) => p.period)))].sort();
  if (given.length < 2) return given;
  const filled = [];
  let p = given[0];
  const last = given[given.length - 1];
  while (p <= last && filled.length <= 400) {
    filled.push(p);
    p = addPeriod(p, interval);
  }
  const set = new Set(filled);
  if (filled.length > 400 || !given.every((g) => set.has(g))) return given;
  return filled;
}

/**
 * A stacked bar chart: periods on x, one colour per series; a line of the mean Goldstein value
 * of each period (weighted by counts) on the right axis (−10…+10).
 */
export function timelineChart(data, {width = 960, height = 380, colors, hidden = new Set()} = {}) {
  const series = (data.series || []).filter((se) => !hidden.has(se.key));
  const periods = periodsOf(data.series || [], data.interval);
  const margin = {top: 16, right: 52, bottom: 34, left: 48};
  const w = Math.max(200, width - margin.left - margin.right);
  const hgt = height - margin.top - margin.bottom;
  const index = new Map(periods.map((p, i) => [p, i]));
  const stacks = periods.map(() => ({total: 0, gsum: 0, gcount: 0}));
  for (const se of series) {
    for (const pt of se.points) {
      const i = index.get(pt.period);
      if (i === undefined) continue;
      stacks[i].total += pt.count;
      if (pt.goldstein !== null && pt.goldstein !== undefined) {
        stacks[i].gsum += pt.goldstein * pt.count;
        stacks[i].gcount += pt.count;
      }
    }
  }
  const max = Math.max(1, ...stacks.map((st) => st.total));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const band = w / Math.max(1, periods.length);
  const barW = Math.max(2, Math.min(48, band * 0.72));
  const y = (v) => margin.top + hgt - (v / top) * hgt;
  const gy = (g) => margin.top + hgt / 2 - (g / 10) * (hgt / 2);
  const x = (i) => margin.left + band * i + band / 2;

  const svg = s("svg", {class: "chart timeline-chart", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": `Events per ${data.interval}, by ${data.by}`});
  const grid = s("g", {class: "grid"});
  for (const t of ticks) {
    grid.append(s("line", {x1: margin.left, x2: margin.left + w, y1: y(t), y2: y(t)}),
      s("text", {x: margin.left - 8, y: y(t) + 4, "text-anchor": "end", class: "tick"}, fmtNumber(t, 1)));
  }
  for (const g of [-10, -5, 0, 5, 10]) {
    grid.append(s("text", {x: margin.left + w + 8, y: gy(g) + 4, "text-anchor": "start", class: "tick tick-g"}, g > 0 ? `+${g}` : String(g)));
  }
  grid.append(s("text", {x: 14, y: margin.top + hgt / 2, class: "axis-title", transform: `rotate(-90 14 ${margin.top + hgt / 2})`,
    "text-anchor": "middle"}, "events"));
  grid.append(s("text", {x: width - 10, y: margin.top + hgt / 2, class: "axis-title",
    transform: `rotate(90 ${width - 10} ${margin.top + hgt / 2})`, "text-anchor": "middle"}, "mean Goldstein"));
  svg.append(grid);

  const bars = s("g", {class: "bars"});
  const base = periods.map(() => 0);
  for (const se of series) {
    const color = colors.get(se.key);
    for (const pt of se.points) {
      const i = index.get(pt.period);
      if (i === undefined || !pt.count) continue;
      const y0 = base[i];
      base[i] += pt.count;
      bars.append(s("rect", {class: "bar", x: x(i) - barW / 2, y: y(base[i]), width: barW, height: Math.max(0.5, y(y0) - y(base[i])),
        fill: color, dataset: {series: se.key, period: pt.period, count: pt.count}},
      s("title", null, `${pt.period} · ${se.label || se.key}: ${fmtNumber(pt.count)} event${pt.count === 1 ? "" : "s"}` +
        (pt.goldstein == null ? "" : ` · mean Goldstein ${fmtGoldstein(pt.goldstein)}`))));
    }
  }
  svg.append(bars);

  // x axis labels: at most ~12
  const axis = s("g", {class: "xaxis"});
  axis.append(s("line", {x1: margin.left, x2: margin.left + w, y1: margin.top + hgt, y2: margin.top + hgt}));
  const every = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((p, i) => {
    if (i % every) return;
    const label = data.interval === "month" ? p.slice(0, 7) : p;
    axis.append(s("text", {x: x(i), y: margin.top + hgt + 18, "text-anchor": "middle", class: "tick"}, label));
  });
  svg.append(axis);

  // mean Goldstein line over the periods that have one
  const line = s("g", {class: "goldstein"});
  line.append(s("line", {class: "zero", x1: margin.left, x2: margin.left + w, y1: gy(0), y2: gy(0)}));
  const pts = stacks.map((st, i) => (st.gcount ? {i, g: st.gsum / st.gcount, n: st.total} : null)).filter(Boolean);
  // one polyline per run of consecutive periods: no line across periods without events
  let run = [];
  const flush = () => {
    if (run.length > 1) line.append(s("polyline", {class: "gline", points: run.map((pt) => `${x(pt.i)},${gy(pt.g)}`).join(" ")}));
    run = [];
  };
  for (const pt of pts) {
    if (run.length && pt.i !== run[run.length - 1].i + 1) flush();
    run.push(pt);
  }
  flush();
  for (const pt of pts) {
    line.append(s("circle", {class: "gpoint", cx: x(pt.i), cy: gy(pt.g), r: 3.5},
      s("title", null, `${periods[pt.i]} · mean Goldstein ${fmtGoldstein(pt.g)} over ${fmtNumber(pt.n)} events`)));
  }
  svg.append(line);
  return svg;
}

// ---- network --------------------------------------------------------------------------------

/** A small deterministic PRNG, so the same graph lays out the same way every time. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Force-directed layout (Fruchterman–Reingold style with gravity): nodes repel each other,
 * edges pull their ends together (stronger for heavier edges), a weak pull keeps components
 * near the centre. Mutates nodes with x, y inside width × height.
 */
export function forceLayout(nodes, edges, width, height, {iterations = 300, seed = 7, padding = 36} = {}) {
  const rnd = random(seed);
  const n = nodes.length;
  if (!n) return nodes;
  const cx = width / 2;
  const cy = height / 2;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / n;
    const r = Math.min(width, height) * 0.3 * (0.4 + rnd() * 0.6);
    node.x = cx + r * Math.cos(angle);
    node.y = cy + r * Math.sin(angle);
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const links = edges.map((e) => ({a: byId.get(e.source), b: byId.get(e.target), w: e.weight || 1}))
    .filter((l) => l.a && l.b && l.a !== l.b);
  const maxW = Math.max(1, ...links.map((l) => l.w));
  const k = Math.sqrt((width * height) / n) * 0.55;
  const gravity = 0.9;
  let temperature = Math.min(width, height) / 6;
  const cool = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    for (const node of nodes) {
      node.dx = 0;
      node.dy = 0;
    }
    for (let i = 0; i < n; i++) {
      const u = nodes[i];
      for (let j = i + 1; j < n; j++) {
        const v = nodes[j];
        let dx = u.x - v.x;
        let dy = u.y - v.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = rnd() - 0.5;
          dy = rnd() - 0.5;
          d2 = dx * dx + dy * dy;
        }
        const d = Math.sqrt(d2);
        const minGap = (u.r || 8) + (v.r || 8) + 18;
        const force = (k * k) / d + (d < minGap ? (minGap - d) * 6 : 0);
        u.dx += (dx / d) * force;
        u.dy += (dy / d) * force;
        v.dx -= (dx / d) * force;
        v.dy -= (dy / d) * force;
      }
    }
    for (const l of links) {
      const dx = l.a.x - l.b.x;
      const dy = l.a.y - l.b.y;
      const d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
      const force = ((d * d) / k) * (0.6 + (0.4 * l.w) / maxW);
      l.a.dx -= (dx / d) * force;
      l.a.dy -= (dy / d) * force;
      l.b.dx += (dx / d) * force;
      l.b.dy += (dy / d) * force;
    }
    for (const node of nodes) {
      // gravity keeps unconnected groups near the centre
      node.dx += (cx - node.x) * gravity;
      node.dy += (cy - node.y) * gravity;
      const d = Math.sqrt(node.dx * node.dx + node.dy * node.dy) || 1;
      const step = Math.min(d, temperature);
      node.x += (node.dx / d) * step;
      node.y += (node.dy / d) * step;
    }
    temperature = Math.max(0.5, temperature - cool);
  }
  // fit the drawing to the box
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const node of nodes) {
    minX = Math.min(minX, node.x - (node.r || 8));
    maxX = Math.max(maxX, node.x + (node.r || 8));
    minY = Math.min(minY, node.y - (node.r || 8));
    maxY = Math.max(maxY, node.y + (node.r || 8) + 14);
  }
  const sx = (width - 2 * padding) / Math.max(1, maxX - minX);
  const sy = (height - 2 * padding) / Math.max(1, maxY - minY);
  const scale = Math.min(sx, sy * 1.6, 2.5);
  const scaleY = Math.min(sy, scale);
  const offX = (width - (maxX - minX) * scale) / 2;
  const offY = (height - (maxY - minY) * scaleY) / 2;
  for (const node of nodes) {
    node.x = offX + (node.x - minX) * scale;
    node.y = offY + (node.y - minY) * scaleY;
  }
  separate(nodes, width, height, padding);
  return nodes;
}

/** Push overlapping nodes apart (room for their labels too), inside the box. */
function separate(nodes, width, height, padding) {
  for (let pass = 0; pass < 120; pass++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      const u = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const v = nodes[j];
        const dx = v.x - u.x;
        const dy = v.y - u.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        const min = (u.r || 8) + (v.r || 8) + 16;
        if (d >= min) continue;
        const push = (min - d) / 2 + 0.5;
        const ux = d > 0.01 ? dx / d : 1;
        const uy = d > 0.01 ? dy / d : 0;
        u.x -= ux * push;
        u.y -= uy * push;
        v.x += ux * push;
        v.y += uy * push;
        moved = true;
      }
    }
    for (const node of nodes) {
      const r = node.r || 8;
      node.x = Math.max(padding / 2 + r, Math.min(width - padding / 2 - r, node.x));
      node.y = Math.max(padding / 2 + r, Math.min(height - padding / 2 - r - 14, node.y));
    }
    if (!moved) break;
  }
}

/** Colour of a mean Goldstein value: red (conflict) … grey … green (cooperation). */
export function goldsteinColor(g) {
  if (g === null || g === undefined) return "#9aa3ad";
  const t = Math.max(-1, Math.min(1, g / 10));
  const grey = [154, 163, 173];
  const end = t < 0 ? [196, 48, 43] : [26, 150, 65];
  const a = Math.min(1, Math.abs(t) * 1.6 + (t === 0 ? 0 : 0.25));
  const mix = grey.map((c, i) => Math.round(c + (end[i] - c) * a));
  return `rgb(${mix.join(",")})`;
}

/** Swatches for a legend: [color, label] pairs as <li>. */
export function swatchList(items, attrs = {}) {
  return h("ul", {class: "chart-legend", ...attrs}, items.map(([color, label, extra]) => {
    const sw = h("span", {class: "sw", "aria-hidden": "true"});
    sw.style.background = color;
    return h("li", extra || null, sw, label);
  }));
}
