// eventwire analyst UI: a hash-routed single-page app over the service's JSON API.
//   #/events[?filters]   #/event/<id>   #/article/<id>   #/timeline[?…]   #/network[?…]   #/code

import {health, takeTokenFromHash} from "./api.js";
import {add, clear, errorBox, fmtNumber, h} from "./dom.js";
import * as articleView from "./views/article.js";
import * as codeView from "./views/code.js";
import * as eventView from "./views/event.js";
import * as eventsView from "./views/events.js";
import * as networkView from "./views/network.js";
import * as timelineView from "./views/timeline.js";
import {navigate, parseHash, routeHash} from "./router.js";

const ROUTES = {
  events: {view: eventsView, nav: "events"},
  event: {view: eventView, nav: "events", needsId: true},
  article: {view: articleView, nav: "events", needsId: true},
  timeline: {view: timelineView, nav: "timeline"},
  network: {view: networkView, nav: "network"},
  code: {view: codeView, nav: "code"},
};

let generation = 0;
let cleanup = null;

function setNav(active) {
  for (const link of document.querySelectorAll(".mainnav a")) {
    if (link.dataset.route === active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  const {name, id, params} = parseHash();
  const spec = ROUTES[name];
  const main = document.getElementById("view");
  const mine = ++generation;
  if (typeof cleanup === "function") cleanup();
  cleanup = null;
  clear(main);
  if (!spec || (spec.needsId && !id)) {
    setNav(null);
    add(main, h("h1", null, "Page not found"),
      errorBox(h("span", null, "There is no view here. ", h("a", {href: "#/events"}, "Back to the events")), "Not found."));
    return;
  }
  setNav(spec.nav);
  const context = {
    id,
    params,
    stale: () => mine !== generation,
    navigate,
    routeHash,
  };
  try {
    cleanup = await spec.view.render(main, context);
  } catch (err) {
    if (mine !== generation) return;
    console.warn(err);
    add(main, errorBox(err.message || String(err)));
  }
  if (mine === generation && document.activeElement === document.body) {
    const heading = main.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({preventScroll: true});
    }
  }
}

async function showStatus() {
  const status = document.getElementById("status");
  try {
    const info = await health();
    clear(status);
    const c = info.counts || {};
    add(status, 
      h("span", {class: "status-db", title: `Database: ${info.database || "?"}`},
        String(info.database || "database").split(/[/\\]/).pop()),
      h("span", {class: "status-counts"},
        `${fmtNumber(c.events)} events · ${fmtNumber(c.mentions)} mentions · ${fmtNumber(c.articles)} articles`),
      info.read_only ? h("span", {class: "badge badge-ro", title: "This service does not accept new articles"}, "read-only") : null,
      h("span", {class: "status-version"}, info.version ? `v${info.version}` : ""),
    );
    if (info.read_only) document.getElementById("nav-code")?.setAttribute("hidden", "");
  } catch (err) {
    clear(status);
    add(status, h("span", {class: "badge tone-conflict"}, "service unreachable"));
  }
}

takeTokenFromHash();
window.addEventListener("hashchange", route);
showStatus();
route();
