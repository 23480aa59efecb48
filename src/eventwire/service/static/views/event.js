// #/event/<id> — one deduplicated event: summary, claims by unit, and every mention with its
// evidence sentence highlighted.

import {get} from "../api.js";
import {QUADS, add, dateSpan, errorBox, fmtNumber, goldsteinBadge, h, loading, quadBadge, replace} from "../dom.js";
import {highlighted, kindsIn, legend} from "../highlight.js";
import {routeHash} from "../router.js";

const QUALIFIERS = {exact: "exact", about: "about", more_than: "more than", less_than: "less than",
  at_least: "at least", at_most: "at most"};

function fact(label, ...value) {
  return h("div", {class: "fact"}, h("dt", null, label), h("dd", null, ...value));
}

function actor(code, country) {
  if (!code) return h("span", {class: "muted"}, "unknown");
  return h("a", {href: routeHash("events", null, {actor: code}), class: "actor", title: `Events of ${code}`}, code,
    country && country !== code ? h("span", {class: "muted small"}, ` (${country})`) : null);
}

function summary(e) {
  return h("section", {class: "card summary", "aria-labelledby": "summary-h"},
    h("h2", {id: "summary-h", class: "visually-hidden"}, "Summary"),
    h("dl", {class: "facts"},
      fact("Dyad", actor(e.source_code, e.source_country), h("span", {class: "arrow", "aria-label": "to"}, " → "),
        actor(e.target_code, e.target_country)),
      fact("PLOVER", e.plover_event ? h("span", {class: "tag"}, e.plover_event) : "–",
        e.plover_mode ? h("span", {class: "muted small"}, ` ${e.plover_mode}`) : null),
      fact("Quad class", quadBadge(e.quad_class)),
      fact("Goldstein", goldsteinBadge(e.goldstein)),
      fact("Event date", dateSpan(e.date_first, e.date_last)),
      fact("Reported", dateSpan(e.first_seen, e.last_seen)),
      fact("Place", e.location_name || "–", e.location_country ? h("span", {class: "muted small"}, ` ${e.location_country}`) : null,
        e.lat != null && e.lon != null ? h("span", {class: "muted small"}, ` · ${Number(e.lat).toFixed(2)}, ${Number(e.lon).toFixed(2)}`) : null),
      fact("Reports", h("span", {class: "counts"},
        h("span", null, h("strong", null, fmtNumber(e.n_mentions)), " mentions"),
        h("span", null, h("strong", null, fmtNumber(e.n_sources)), " sources"),
        h("span", null, h("strong", null, fmtNumber(e.n_articles)), " articles")))));
}

function claimsSection(ranges) {
  const section = h("section", {class: "claims-view", "aria-labelledby": "claims-h"},
    h("h2", {id: "claims-h"}, "Claims"));
  if (!ranges || !ranges.length) {
    add(section, h("p", {class: "muted"}, "No figures are reported for this event."));
    return section;
  }
  for (const range of ranges) {
    const rows = (range.claims || []).map((c) => h("tr", null,
      h("td", {class: "num"}, fmtNumber(c.value, 2)),
      h("td", null, QUALIFIERS[c.qualifier] || c.qualifier || "exact"),
      h("td", null, c.text ? h("q", null, c.text) : "–"),
      h("td", null, c.claimant || h("span", {class: "muted"}, "–")),
      h("td", null, c.outlet || h("span", {class: "muted"}, "–"))));
    add(section, h("div", {class: "card claim-unit"},
      h("h3", null, h("span", {class: "unit"}, range.unit), " ",
        h("span", {class: "range-text"}, range.text || `${fmtNumber(range.low, 2)}–${fmtNumber(range.high, 2)}`)),
      h("table", {class: "data claims-table"},
        h("caption", {class: "visually-hidden"}, `Claims about ${range.unit}`),
        h("thead", null, h("tr", null, ["Value", "Qualifier", "Words", "Claimant", "Outlet"].map((t, i) =>
          h("th", {scope: "col", class: i === 0 ? "num" : null}, t)))),
        h("tbody", null, rows))));
  }
  return section;
}

function mentionCard(m) {
  // the annotations' offsets are into the mention's context (its evidence and the parts of the
  // event around it, such as ", the ministry said"): drawn over any other text they mark wrong words
  const shown = m.context || m.evidence || {};
  const text = shown.text ?? "";
  const sentence = h("blockquote", {class: "evidence highlightable"}, highlighted(text, m.annotations || []));
  const confidence = m.confidence == null ? "–" : `${Math.round(Number(m.confidence) * 100)}%`;
  return h("article", {class: "card mention", dataset: {mention: m.id}},
    h("header", {class: "mention-head"},
      h("div", null,
        h("h3", {class: "mention-title"}, m.title || m.doc_id || "Untitled article"),
        h("p", {class: "meta"},
          h("span", null, m.outlet || "unknown outlet"), " · ",
          h("span", null, m.published || "no date"),
          m.cameo ? [" · ", h("span", {class: "cameo-code"}, m.cameo)] : null)),
      h("a", {href: routeHash("article", m.article_id), class: "button ghost small"}, "Open article")),
    sentence,
    h("dl", {class: "mention-facts"},
      fact("Attribution", m.attribution || h("span", {class: "muted"}, "none (the outlet's own report)")),
      fact("Modality", h("span", {class: ["tag", `mod-${m.modality}`]}, m.modality || "–")),
      fact("Confidence", confidence),
      fact("Date", m.date || "–"),
      fact("Trigger", m.trigger || "–"),
      fact("Coded by", coderOf(m))));
}

// which coder coded the mention (eventwire recode replaces codings of other coders); null: stored
// before the database kept it
function coderOf(m) {
  if (!m.coder_version) return h("span", {class: "muted"}, "unknown (stored before coders were recorded)");
  const short = (m.coder_fingerprint || "").slice(0, 12);
  return h("span", {title: `data files and options: ${m.coder_fingerprint || "unknown"}`},
    m.coder_version, short ? [" · ", h("span", {class: "mono"}, short)] : null);
}

export async function render(main, ctx) {
  add(main, loading());
  let data;
  try {
    data = await get(`/events/${encodeURIComponent(ctx.id)}`);
  } catch (err) {
    if (ctx.stale()) return;
    replace(main, h("h1", null, "Event"), errorBox(err.message, err.status === 404 ? "No such event." : "The event could not be loaded."),
      h("p", null, h("a", {href: "#/events"}, "‹ Back to the events")));
    return;
  }
  if (ctx.stale()) return;
  const e = data.event;
  const mentions = data.mentions || [];
  const allAnnotations = mentions.flatMap((m) => m.annotations || []);
  replace(main, 
    h("p", {class: "crumbs"}, h("a", {href: "#/events"}, "Events"), " / ", h("span", {class: "mono"}, e.id)),
    h("div", {class: "pagehead"},
      h("div", null,
        h("h1", null, h("span", {class: "cameo-code big"}, e.cameo), " ", e.cameo_name || "Event"),
        h("p", {class: "subtitle"}, QUADS[e.quad_class] || "", e.claims ? ` · ${e.claims}` : ""))),
    summary(e),
    claimsSection(data.claims),
    h("section", {class: "mentions", "aria-labelledby": "mentions-h"},
      h("div", {class: "sectionhead"},
        h("h2", {id: "mentions-h"}, `Mentions (${mentions.length})`),
        legend(kindsIn(allAnnotations).length ? kindsIn(allAnnotations) : undefined)),
      mentions.length ? mentions.map(mentionCard) : h("p", {class: "muted"}, "No mentions stored.")));
  return null;
}
