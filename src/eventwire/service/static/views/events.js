// #/events — the events table, its filters (kept in the hash), pagination and downloads.

import {get, query} from "../api.js";
import {CAMEO_ROOTS, MODALITIES, PLOVER_TYPES, QUADS, add, clear, dateSpan, errorBox, fmtNumber, goldsteinBadge, h, loading, replace} from "../dom.js";
import {navigate, paramsObject, routeHash} from "../router.js";

export const FILTERS = ["q", "actor", "dyad", "code", "root", "plover", "quad", "since", "until", "place", "outlet",
  "attribution", "modality", "sort"];

const FILTER_LABELS = {
  q: "Search", actor: "Actor", dyad: "Dyad", code: "CAMEO code", root: "CAMEO root", plover: "PLOVER",
  quad: "Quad class", since: "Since", until: "Until", place: "Place", outlet: "Outlet",
  attribution: "Attribution", modality: "Modality", sort: "Order",
};

const ORDERS = [["newest", "Newest first"], ["most_reported", "Most reported first"]];

const PAGE_SIZES = [25, 50, 100, 200];

/** The filter values of a route's params (only the API's filter names). */
export function filtersOf(params) {
  const all = paramsObject(params);
  const out = {};
  for (const key of FILTERS) if (all[key]) out[key] = all[key];
  return out;
}

function select(name, label, options, value, unset = "Any") {
  const id = `f-${name}`;
  return h("div", {class: "field"},
    h("label", {for: id}, label),
    h("select", {id, name},
      h("option", {value: ""}, unset),
      options.map(([v, text]) => h("option", {value: v, selected: String(v) === String(value || "")}, text))));
}

function input(name, label, value, attrs = {}) {
  const id = `f-${name}`;
  return h("div", {class: "field"},
    h("label", {for: id}, label),
    h("input", {id, name, value: value || "", autocomplete: "off", ...attrs}));
}

// the actor as the text names it, with its code: a wrong code shows next to the words it came from
function actorCell(code, country, text) {
  if (!code && !text) return h("span", {class: "muted"}, "–");
  return h("span", {class: "actor-cell"},
    text ? h("span", {class: "actor-text"}, text) : null,
    code ? h("span", {class: "actor", title: country ? `country ${country}` : null}, code) : null);
}

const EVIDENCE_CHARS = 120;

/** The evidence sentence, cut at a word near EVIDENCE_CHARS; the whole of it in the title. */
function evidenceCell(text) {
  if (!text) return h("span", {class: "muted"}, "–");
  const whole = String(text);
  if (whole.length <= EVIDENCE_CHARS) return h("span", {class: "evidence-short"}, whole);
  const cut = whole.slice(0, EVIDENCE_CHARS);
  const space = cut.lastIndexOf(" ");
  const shown = `${(space > EVIDENCE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  return h("span", {class: "evidence-short", title: whole}, shown);
}

/** CAMEO roots in numeric order: an object's keys "10"–"20" would come before "01"–"09". */
function rootOptions() {
  return Object.entries(CAMEO_ROOTS).sort(([a], [b]) => Number(a) - Number(b)).map(([k, v]) => [k, `${k} ${v}`]);
}

function filterForm(filters, onSubmit) {
  const form = h("form", {class: "filters", role: "search", "aria-label": "Filter events"});
  const datalist = h("datalist", {id: "actor-list"});
  get("/actors", {limit: 500}).then((data) => {
    for (const actor of data.actors || []) {
      add(datalist, h("option", {value: actor.code}, `${actor.label || actor.code} (${actor.events})`));
    }
  }).catch(() => {});
  add(form, 
    h("div", {class: "searchrow"},
      h("label", {for: "f-q", class: "visually-hidden"}, "Search the events"),
      h("input", {id: "f-q", name: "q", type: "search", value: filters.q || "", placeholder: "Search evidence, actors, places…",
        autocomplete: "off"}),
      h("button", {type: "submit", class: "primary"}, "Search"),
      h("button", {type: "button", class: "ghost", onclick: () => navigate("events")}, "Clear all")),
    h("div", {class: "filtergrid"},
      input("actor", "Actor", filters.actor, {list: "actor-list", placeholder: "RUS, UKRGOV…"}),
      input("dyad", "Dyad (source,target)", filters.dyad, {placeholder: "RUS,UKR"}),
      input("code", "CAMEO code", filters.code, {placeholder: "190", inputmode: "numeric"}),
      select("root", "CAMEO root", rootOptions(), filters.root),
      select("plover", "PLOVER type", PLOVER_TYPES.map((p) => [p, p]), filters.plover),
      select("quad", "Quad class", Object.entries(QUADS).map(([k, v]) => [k, `${k} ${v}`]), filters.quad),
      input("since", "Since", filters.since, {type: "date"}),
      input("until", "Until", filters.until, {type: "date"}),
      input("place", "Place", filters.place, {placeholder: "Kharkiv"}),
      input("outlet", "Outlet", filters.outlet),
      input("attribution", "Attribution", filters.attribution, {placeholder: "ministry, UKRGOV…"}),
      select("modality", "Modality", MODALITIES.map((m) => [m, m]), filters.modality),
      select("sort", "Order", ORDERS, filters.sort, "Oldest first")),
    datalist);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const [key, value] of new FormData(form).entries()) {
      const text = String(value).trim();
      if (text) values[key] = text;
    }
    onSubmit(values);
  });
  // a select applies at once; text inputs on Enter / Search
  for (const sel of form.querySelectorAll("select")) sel.addEventListener("change", () => form.requestSubmit());
  return form;
}

function chips(filters, extra) {
  const keys = Object.keys(filters);
  if (!keys.length) return null;
  return h("ul", {class: "chips", "aria-label": "Active filters"},
    keys.map((key) => {
      const rest = {...filters};
      delete rest[key];
      return h("li", null, h("span", {class: "chip-key"}, FILTER_LABELS[key] || key), " ",
        h("span", {class: "chip-value"}, filters[key]), " ",
        h("a", {href: routeHash("events", null, {...rest, ...extra}), class: "chip-remove",
          "aria-label": `Remove filter ${FILTER_LABELS[key] || key}`, title: "Remove this filter"}, "×"));
    }));
}

function table(events) {
  const head = h("thead", null, h("tr", null,
    ["Date", "CAMEO", "PLOVER", "Source", "Target", "Evidence", "Place", "Claims", "Mentions", "Sources", "Goldstein"]
      .map((t, i) => h("th", {scope: "col", class: i >= 8 && i <= 9 ? "num" : null}, t))));
  const body = h("tbody");
  for (const e of events) {
    const row = h("tr", {class: "clickable", dataset: {id: e.id}, onclick: (ev) => {
      if (ev.target.closest("a")) return;
      navigate("event", e.id);
    }},
    h("td", {class: "nowrap"}, dateSpan(e.date_first, e.date_last)),
    h("td", null, h("a", {href: routeHash("event", e.id), class: "code-link"},
      h("span", {class: "cameo-code"}, e.cameo), " ", e.cameo_name || "")),
    h("td", null, e.plover_event ? h("span", {class: "tag"}, e.plover_event) : h("span", {class: "muted"}, "–"),
      e.plover_mode ? h("span", {class: "muted small"}, ` ${e.plover_mode}`) : null),
    h("td", null, actorCell(e.source_code, e.source_country, e.source_text)),
    h("td", null, actorCell(e.target_code, e.target_country, e.target_text)),
    h("td", {class: "evidence-cell"}, evidenceCell(e.evidence)),
    h("td", null, e.location_name || h("span", {class: "muted"}, "–"),
      e.location_country ? h("span", {class: "muted small"}, ` ${e.location_country}`) : null),
    h("td", {class: "claims"}, e.claims || ""),
    h("td", {class: "num"}, fmtNumber(e.n_mentions)),
    h("td", {class: "num"}, fmtNumber(e.n_sources)),
    h("td", null, goldsteinBadge(e.goldstein)));
    body.append(row);
  }
  return h("div", {class: "tablewrap"},
    h("table", {class: "data events-table"}, h("caption", {class: "visually-hidden"}, "Events"), head, body));
}

function pager(total, limit, offset, filters) {
  const first = total ? offset + 1 : 0;
  const last = Math.min(offset + limit, total);
  const prev = offset > 0 ? {...filters, limit, offset: Math.max(0, offset - limit)} : null;
  const next = offset + limit < total ? {...filters, limit, offset: offset + limit} : null;
  const sizeSelect = h("select", {id: "page-size", onchange: (ev) => navigate("events", null, {...filters, limit: ev.target.value})},
    [...new Set([...PAGE_SIZES, limit])].sort((a, b) => a - b).map((n) => h("option", {value: n, selected: n === limit}, String(n))));
  return h("nav", {class: "pager", "aria-label": "Pages"},
    h("button", {type: "button", class: "ghost", disabled: !prev, onclick: () => prev && navigate("events", null, prev)}, "‹ Prev"),
    h("span", {class: "range", "data-testid": "range"}, `${fmtNumber(first)}–${fmtNumber(last)} of ${fmtNumber(total)}`),
    h("button", {type: "button", class: "ghost", disabled: !next, onclick: () => next && navigate("events", null, next)}, "Next ›"),
    h("label", {for: "page-size", class: "muted small pagesize"}, "per page"), sizeSelect);
}

export async function render(main, ctx) {
  const filters = filtersOf(ctx.params);
  const limit = Math.max(1, Math.min(500, Number(ctx.params.get("limit")) || 50));
  const offset = Math.max(0, Number(ctx.params.get("offset")) || 0);
  const extra = limit !== 50 ? {limit} : {};

  const downloads = h("div", {class: "downloads"},
    h("span", {class: "muted small"}, "Download:"),
    h("a", {href: `/events${query({...filters, format: "csv"})}`, download: "events.csv", class: "button ghost small"}, "CSV"),
    h("a", {href: `/events${query({...filters, format: "jsonl"})}`, download: "events.jsonl", class: "button ghost small"}, "JSONL"));
  const summary = h("p", {class: "subtitle", "aria-live": "polite"});
  add(main, 
    h("div", {class: "pagehead"}, h("div", null, h("h1", null, "Events"), summary), downloads),
    filterForm(filters, (values) => navigate("events", null, {...values, ...extra})),
    chips(filters, extra));
  const results = h("section", {class: "results", "aria-label": "Event list"}, loading());
  add(main, results);

  let data;
  try {
    data = await get("/events", {...filters, limit, offset});
  } catch (err) {
    if (ctx.stale()) return;
    replace(results, errorBox(err.message, "The events could not be loaded."));
    return;
  }
  if (ctx.stale()) return;
  clear(results);
  const total = data.total ?? data.events.length;
  summary.textContent = Object.keys(filters).length
    ? `${fmtNumber(total)} events match the filters`
    : `${fmtNumber(total)} events in the database`;
  if (!data.events.length) {
    add(results, h("div", {class: "empty"}, h("p", null, "No events match these filters."),
      h("a", {href: "#/events"}, "Show all events")));
    return;
  }
  add(results, table(data.events), pager(total, data.limit ?? limit, data.offset ?? offset, {...filters}));
}
