// Text with annotation spans highlighted: the text is cut at the annotations' offsets into text
// nodes, each covered piece wrapped in a <mark> (nested where spans nest). No HTML is parsed.

import {h} from "./dom.js";

export const KINDS = ["event", "trigger", "source", "target", "attribution", "quantity", "date", "place"];

export const KIND_LABELS = {
  event: "Event sentence",
  trigger: "Trigger",
  source: "Source actor",
  target: "Target actor",
  attribution: "Attribution",
  quantity: "Quantity",
  date: "Date",
  place: "Place",
};

// Outer kinds first when two spans start at the same place with the same length.
const DEPTH = {event: 0, attribution: 1, source: 2, target: 2, place: 3, date: 3, quantity: 4, trigger: 5};

function kindOf(kind) {
  return KINDS.includes(kind) ? kind : "other";
}

/**
 * Merge annotations with the same span and kind (several events of one article often share
 * an actor or a sentence) into one item listing every label, mention and event.
 */
function merge(annotations, text) {
  const length = text.length;
  const index = utf16Index(text);
  const byKey = new Map();
  for (const a of annotations || []) {
    if (!a || typeof a.start !== "number" || typeof a.end !== "number") continue;
    const start = Math.max(0, Math.min(length, index(a.start)));
    const end = Math.max(0, Math.min(length, index(a.end)));
    if (end <= start) continue;
    const kind = kindOf(a.kind);
    const key = `${start}:${end}:${kind}`;
    let item = byKey.get(key);
    if (!item) {
      item = {start, end, kind, labels: [], mentions: new Set(), events: new Set()};
      byKey.set(key, item);
    }
    if (a.label && !item.labels.includes(a.label)) item.labels.push(a.label);
    if (a.mention_id) item.mentions.add(String(a.mention_id));
    if (a.event_id) item.events.add(String(a.event_id));
  }
  return [...byKey.values()];
}

/**
 * The service counts offsets in code points (Python), JavaScript strings in UTF-16 units: they
 * differ after a character outside the BMP (an emoji). Returns code point → UTF-16 index.
 */
function utf16Index(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const table = [];
  let unit = 0;
  for (const ch of text) {
    table.push(unit);
    unit += ch.length;
  }
  table.push(unit);
  return (i) => (i < table.length ? table[i] : unit);
}

function order(a, b) {
  return a.start - b.start || (b.end - b.start) - (a.end - a.start) || (DEPTH[a.kind] ?? 9) - (DEPTH[b.kind] ?? 9);
}

function markFor(item) {
  const label = KIND_LABELS[item.kind] || item.kind;
  const title = item.labels.length ? `${label}: ${item.labels.join(" · ")}` : label;
  const mark = h("mark", {class: ["hl", `hl-${item.kind}`], title, dataset: {kind: item.kind}});
  if (item.mentions.size) mark.dataset.mentions = [...item.mentions].join(" ");
  if (item.events.size) mark.dataset.events = [...item.events].join(" ");
  return mark;
}

function render(parent, text, start, end, items) {
  const queue = items.slice().sort(order);
  let pos = start;
  while (queue.length) {
    const item = queue.shift();
    if (item.start < pos) {
      // starts inside a span already written: keep only what is left of it
      if (item.end > pos) queue.push({...item, start: pos});
      queue.sort(order);
      continue;
    }
    if (item.start > pos) parent.append(document.createTextNode(text.slice(pos, item.start)));
    const inside = [];
    const later = [];
    for (const other of queue) {
      if (other.start >= item.end) {
        later.push(other);
      } else if (other.end <= item.end) {
        inside.push(other);
      } else {
        // crosses the end of this span: the part inside nests, the rest comes after
        inside.push({...other, end: item.end});
        later.push({...other, start: item.end});
      }
    }
    const mark = markFor(item);
    render(mark, text, item.start, item.end, inside);
    parent.append(mark);
    pos = item.end;
    queue.length = 0;
    queue.push(...later.sort(order));
  }
  if (pos < end) parent.append(document.createTextNode(text.slice(pos, end)));
}

/** A DocumentFragment of text with every annotation as a (nested) <mark class="hl hl-KIND">. */
export function highlighted(text, annotations) {
  const fragment = document.createDocumentFragment();
  const value = text == null ? "" : String(text);
  render(fragment, value, 0, value.length, merge(annotations, value));
  return fragment;
}

/** The legend of annotation kinds (only the kinds given, in the usual order). */
export function legend(kinds = KINDS) {
  const present = KINDS.filter((k) => kinds.includes(k));
  return h("ul", {class: "legend", "aria-label": "Highlight colours"},
    present.map((kind) => h("li", null, h("mark", {class: ["hl", `hl-${kind}`, "swatch"], "aria-hidden": "true"}, " "),
      KIND_LABELS[kind])));
}

/** The kinds that occur in annotations. */
export function kindsIn(annotations) {
  return [...new Set((annotations || []).map((a) => kindOf(a.kind)))];
}

/**
 * Focus the spans of one event inside a highlighted container: its marks get class "on", the
 * others fade. eventId null clears the focus.
 */
export function focusEvent(container, eventId, attribute = "events") {
  container.classList.toggle("focused", Boolean(eventId));
  let first = null;
  for (const mark of container.querySelectorAll("mark.hl")) {
    const ids = (mark.dataset[attribute] || "").split(" ");
    const on = Boolean(eventId) && ids.includes(String(eventId));
    mark.classList.toggle("on", on);
    if (on && !first) first = mark;
  }
  return first;
}
