// DOM helpers. Every string that comes from the API is untrusted: it only ever reaches the page
// as a text node (textContent) or as an attribute value set with setAttribute; nothing here
// parses HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  if (!attrs) return el;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") {
      el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === "style") {
      // CSSOM properties (allowed by the CSP), never a style attribute string.
      for (const [k, v] of Object.entries(value)) el.style.setProperty(k, String(v));
    } else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "href") {
      el.setAttribute("href", safeHref(String(value)));
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("a", {href: "#/events", class: "x"}, "text", otherNode). */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Only in-app links, same-origin paths and http(s) URLs become hrefs. */
export function safeHref(value) {
  if (value.startsWith("#") || (value.startsWith("/") && !value.startsWith("//"))) return value;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch {
    /* not a URL */
  }
  return "#";
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function fmtNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toLocaleString("en-GB", {maximumFractionDigits: digits, minimumFractionDigits: 0});
}

export function fmtGoldstein(value) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  return (n > 0 ? "+" : "") + n.toFixed(1);
}

export function dateSpan(first, last) {
  if (!first && !last) return "–";
  if (!last || first === last) return first || last;
  if (!first) return last;
  return `${first} – ${last}`;
}

export const QUADS = {
  0: "Neutral",
  1: "Verbal cooperation",
  2: "Material cooperation",
  3: "Verbal conflict",
  4: "Material conflict",
};

export const CAMEO_ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
  "04": "Consult", "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation",
  "07": "Provide aid", "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove",
  "12": "Reject", "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
  "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
  "20": "Use unconventional mass violence",
};

export const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const MODALITIES = ["asserted", "intended", "expected", "hypothetical", "negated"];

/** A small badge for a quad class / Goldstein tone. */
export function toneClass(goldstein) {
  if (goldstein === null || goldstein === undefined) return "tone-none";
  if (goldstein > 0) return "tone-coop";
  if (goldstein < 0) return "tone-conflict";
  return "tone-neutral";
}

export function goldsteinBadge(value) {
  return h("span", {class: ["badge", toneClass(value)], title: "Goldstein scale (−10 conflict … +10 cooperation)"},
    fmtGoldstein(value));
}

export function quadBadge(quad) {
  if (quad === null || quad === undefined) return h("span", {class: "muted"}, "–");
  return h("span", {class: ["badge", `quad-${quad}`], title: QUADS[quad] || ""}, `Q${quad} ${QUADS[quad] || ""}`);
}

/** A loading placeholder. */
export function loading(what = "Loading…") {
  return h("p", {class: "loading", role: "status"}, what);
}

/** A readable error box. */
export function errorBox(message, title = "Something went wrong") {
  return h("div", {class: "alert alert-error", role: "alert"},
    h("strong", null, title), " ", message);
}

/** el.append(...children) that skips null/undefined/false (native append would write "null"). */
export function add(el, ...children) {
  return append(el, children);
}

/** el.replaceChildren(...children), skipping null/undefined/false. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}
