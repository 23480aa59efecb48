// #/code — paste an article, code it (POST /articles with the bearer token), see its events
// and the text with their spans highlighted; optionally store it.

import {getToken, health, postArticles, setToken} from "../api.js";
import {add, errorBox, h, replace} from "../dom.js";
import {highlighted, kindsIn, legend} from "../highlight.js";
import {routeHash} from "../router.js";
import {eventList} from "./article.js";

const STATUS_TEXT = {
  stored: "Stored: new article in the database",
  known: "Already in the database (not stored again)",
  coded: "Coded (not stored)",
  error: "Could not be coded",
};

function field(id, label, control, hint) {
  return h("div", {class: "field"}, h("label", {for: id}, label), control,
    hint ? h("p", {class: "hint", id: `${id}-hint`}, hint) : null);
}

function result(article) {
  const events = article.events || [];
  const annotations = article.annotations || [];
  const section = h("section", {class: "code-result", "aria-labelledby": "result-h"});
  add(section, h("div", {class: "sectionhead"},
    h("h2", {id: "result-h"}, "Result"),
    h("span", {class: ["badge", `status-${article.status}`], "data-testid": "status"}, STATUS_TEXT[article.status] || article.status),
    article.article_id != null
      ? h("a", {href: routeHash("article", article.article_id), class: "button ghost small"}, "Open the stored article")
      : null));
  if (article.status === "error") {
    add(section, errorBox(article.error || "unknown error", "The article could not be coded."));
    return section;
  }
  const textEl = h("div", {class: "article-text highlightable", "aria-label": "Coded text"},
    highlighted(article.text || "", annotations));
  add(section, h("div", {class: "split"},
    h("div", {class: "card textcard"},
      h("div", {class: "sectionhead"}, h("h3", null, "Text"), legend(kindsIn(annotations))), textEl),
    h("aside", {class: "card sidecard", "aria-labelledby": "coded-h"},
      h("h3", {id: "coded-h"}, `Events (${events.length})`),
      events.length
        ? eventList(events.map((e) => ({
          key: e.event_id, eventId: e.event_id, cameo: e.cameo, name: e.cameo_name,
          source: e.source?.code || e.source?.text, target: e.target?.code || e.target?.text,
          modality: e.modality, snippet: e.evidence?.text,
        })), textEl, {link: false})
        : h("p", {class: "muted"}, "No events were found in this text."))));
  return section;
}

export async function render(main) {
  let info = null;
  try {
    info = await health();
  } catch {
    /* the POST will tell */
  }
  add(main, h("div", {class: "pagehead"}, h("div", null, h("h1", null, "Code an article"),
    h("p", {class: "subtitle"}, "Paste a news article: eventwire finds its events, actors, figures, dates and places."))));
  if (info && info.read_only) {
    add(main, h("div", {class: "alert alert-info", role: "status"},
      h("strong", null, "Coding is switched off."),
      " This service was started read-only: it serves the event database but does not accept articles. ",
      "Start it without the read-only option to code and store articles here."));
    return null;
  }

  const text = h("textarea", {id: "c-text", name: "text", rows: 9, spellcheck: "false",
    "aria-required": "true", placeholder: "Paste the text of a news article here…"});
  const date = h("input", {id: "c-date", name: "date", type: "date"});
  const title = h("input", {id: "c-title", name: "title", autocomplete: "off"});
  const outlet = h("input", {id: "c-outlet", name: "source", autocomplete: "off"});
  const store = h("input", {id: "c-store", name: "store", type: "checkbox"});
  const token = h("input", {id: "c-token", name: "token", type: "password", autocomplete: "off",
    "aria-describedby": "c-token-hint"});
  token.value = getToken();  // the property, not an attribute: the token stays out of the DOM's markup
  token.addEventListener("change", () => setToken(token.value.trim()));
  const button = h("button", {type: "submit", class: "primary", id: "c-submit"}, "Code");
  const out = h("div", {class: "code-out", "aria-live": "polite"});

  const form = h("form", {class: "card codeform", "aria-label": "Article to code"},
    field("c-text", "Article text", text),
    h("div", {class: "formrow"},
      field("c-date", "Published (anchors “on Friday”)", date),
      field("c-title", "Title", title),
      field("c-outlet", "Outlet", outlet)),
    h("div", {class: "formrow formrow-end"},
      field("c-token", "Access token", token, "Printed by `eventwire serve`; kept for this tab only."),
      h("div", {class: "field checkfield"}, store, h("label", {for: "c-store"}, "Store it in the database")),
      h("div", {class: "field actions"}, button)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {text: text.value};
    if (!body.text.trim()) {
      replace(out, errorBox("Paste the text of an article first.", "Nothing to code."));
      text.focus();
      return;
    }
    if (date.value) body.date = date.value;
    if (title.value.trim()) body.title = title.value.trim();
    if (outlet.value.trim()) body.source = outlet.value.trim();
    setToken(token.value.trim());
    button.disabled = true;
    button.textContent = "Coding…";
    replace(out, h("p", {class: "loading", role: "status"}, "Coding the article…"));
    try {
      const data = await postArticles(body, store.checked);
      const articles = data.articles || [];
      replace(out, ...articles.map(result));
      if (store.checked) health(true).catch(() => {});
    } catch (err) {
      const title = err.status === 401 || err.status === 403
        ? "The service refused the token."
        : "The article could not be coded.";
      replace(out, errorBox(err.message, title));
      if (err.status === 401 || err.status === 403) token.focus();
    } finally {
      button.disabled = false;
      button.textContent = "Code";
    }
  });
  add(main, form, out);
  return null;
}
