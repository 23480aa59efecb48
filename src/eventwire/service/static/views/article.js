// #/article/<id> — a stored article's whole text with every annotation highlighted, and its
// events; choosing an event brings out its spans.

import {get} from "../api.js";
import {add, errorBox, h, loading, replace, safeHref} from "../dom.js";
import {focusEvent, highlighted, kindsIn, legend} from "../highlight.js";
import {routeHash} from "../router.js";

/**
 * The list of events next to a highlighted text: one button per item; pressing it focuses the
 * item's spans in `textEl` (pressing it again clears the focus).
 * items: [{key, eventId, cameo, name, source, target, modality, snippet}]
 */
export function eventList(items, textEl, {link = true} = {}) {
  const buttons = [];
  const list = h("ol", {class: "eventlist"});
  for (const item of items) {
    const button = h("button", {type: "button", class: "eventitem", "aria-pressed": "false", dataset: {event: item.eventId || ""}},
      h("span", {class: "eventitem-code"}, h("span", {class: "cameo-code"}, item.cameo || "?"), " ", item.name || ""),
      h("span", {class: "eventitem-dyad"},
        h("span", {class: "actor"}, item.source || "–"), " → ", h("span", {class: "actor"}, item.target || "–"),
        item.modality && item.modality !== "asserted" ? h("span", {class: ["tag", "small", `mod-${item.modality}`]}, item.modality) : null),
      item.snippet ? h("span", {class: "eventitem-snippet"}, item.snippet) : null);
    button.addEventListener("click", () => {
      const on = button.getAttribute("aria-pressed") !== "true";
      for (const other of buttons) other.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      const first = focusEvent(textEl, on ? item.eventId : null);
      if (first) first.scrollIntoView({block: "nearest", behavior: "smooth"});
    });
    buttons.push(button);
    add(list, h("li", null, button,
      link && item.eventId ? h("a", {href: routeHash("event", item.eventId), class: "eventitem-link", "aria-label": `Open event ${item.cameo} ${item.name || ""}`}, "Open") : null));
  }
  return list;
}

function snippet(text, limit = 140) {
  if (!text) return "";
  return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}

export async function render(main, ctx) {
  add(main, loading());
  let a;
  try {
    a = await get(`/articles/${encodeURIComponent(ctx.id)}`);
  } catch (err) {
    if (ctx.stale()) return;
    replace(main, h("h1", null, "Article"), errorBox(err.message, err.status === 404 ? "No such article." : "The article could not be loaded."),
      h("p", null, h("a", {href: "#/events"}, "‹ Back to the events")));
    return;
  }
  if (ctx.stale()) return;
  const annotations = a.annotations || [];
  const mentions = a.mentions || [];
  let textEl;
  if (a.text) {
    textEl = h("div", {class: "article-text highlightable", "aria-label": "Article text"}, highlighted(a.text, annotations));
  } else {
    textEl = h("div", {class: "article-text highlightable"},
      h("p", {class: "muted"}, "The text of this article is not stored; its evidence sentences:"),
      mentions.map((m) => h("p", {class: "evidence"}, m.evidence?.text || "")));
  }
  const url = a.url ? safeHref(a.url) : null;
  replace(main, 
    h("p", {class: "crumbs"}, h("a", {href: "#/events"}, "Events"), " / ", h("span", null, "Article")),
    h("div", {class: "pagehead"},
      h("div", null,
        h("h1", null, a.title || a.doc_id || "Untitled article"),
        h("p", {class: "meta"},
          h("span", null, a.outlet || "unknown outlet"), " · ", h("span", null, a.published || "no date"), " · ",
          h("span", {class: "mono"}, a.doc_id || String(a.id)),
          url && url !== "#" ? [" · ", h("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, "original")] : null))),
    h("div", {class: "split"},
      h("section", {class: "card textcard", "aria-labelledby": "text-h"},
        h("div", {class: "sectionhead"}, h("h2", {id: "text-h"}, "Text"), legend(kindsIn(annotations))),
        textEl),
      h("aside", {class: "card sidecard", "aria-labelledby": "events-h"},
        h("h2", {id: "events-h"}, `Events (${mentions.length})`),
        h("p", {class: "muted small"}, "Choose an event to bring out its words in the text."),
        mentions.length
          ? eventList(mentions.map((m) => ({
            key: m.mention_id, eventId: m.event_id, cameo: m.cameo, name: m.cameo_name, source: m.source_code,
            target: m.target_code, modality: m.modality, snippet: snippet(m.evidence?.text),
          })), textEl)
          : h("p", {class: "muted"}, "No events were coded in this article."))));
  return null;
}
