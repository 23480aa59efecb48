// The service's JSON API: GET helpers, the bearer token and readable error messages.

const TOKEN_KEY = "eventwire.token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The token kept for this tab (sessionStorage), or "". */
export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || "";
  } catch {
    return "";
  }
}

export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the token lives only in the input */
  }
}

/**
 * The service prints a URL like http://127.0.0.1:8000/#token=XYZ. Keep the token in
 * sessionStorage and take it out of the address bar (and history) before anything else runs.
 */
export function takeTokenFromHash() {
  const hash = location.hash.replace(/^#/, "");
  if (!/(^|[&?/])token=/.test(hash)) return;
  const parts = hash.split(/[?&]/);
  let rest = [];
  for (const part of parts) {
    const m = /^\/?token=(.*)$/.exec(part);
    if (m) setToken(decodeURIComponent(m[1]));
    else if (part) rest.push(part);
  }
  let route = rest.length ? rest[0] : "";
  if (route && !route.startsWith("/")) route = "";
  const query = route ? rest.slice(1).join("&") : "";
  const newHash = route ? `#${route}${query ? "?" + query : ""}` : "#/events";
  history.replaceState(null, "", location.pathname + location.search + newHash);
}

/** A readable message out of an error response: {"detail": "..."} or FastAPI's 422 list. */
export function detailMessage(status, body) {
  let detail = body && typeof body === "object" ? body.detail : null;
  if (Array.isArray(detail)) {
    detail = detail.map((item) => {
      if (item && typeof item === "object") {
        const where = Array.isArray(item.loc) ? item.loc.filter((p) => p !== "body").join(".") : "";
        return where ? `${where}: ${item.msg}` : String(item.msg);
      }
      return String(item);
    }).join("; ");
  } else if (detail && typeof detail === "object") {
    detail = JSON.stringify(detail);
  }
  const prefix = {
    400: "Bad request",
    401: "Not authorised — the access token is missing or wrong",
    403: "Forbidden — this token may not do that",
    404: "Not found",
    413: "Too large — the article is bigger than the service accepts",
    422: "The request was not valid",
    429: "Too many requests — wait a moment and try again",
    500: "The service failed",
    503: "The service is unavailable",
  }[status] || `HTTP ${status}`;
  return detail ? `${prefix}: ${detail}` : `${prefix}.`;
}

async function parse(response) {
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  const text = await response.text();
  return text ? {detail: text.slice(0, 300)} : null;
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {credentials: "same-origin", ...options});
  } catch (err) {
    throw new ApiError(0, `The service cannot be reached (${err.message}).`);
  }
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, detailMessage(response.status, body));
  return body;
}

/** A query string of the non-empty values of params. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

export function get(path, params) {
  return request(path + query(params), {headers: {Accept: "application/json"}});
}

/** POST /articles with the bearer token. */
export function postArticles(body, store) {
  const token = getToken();
  const headers = {"Content-Type": "application/json", Accept: "application/json"};
  if (token) headers.Authorization = `Bearer ${token}`;
  return request(`/articles${query({store: store ? "true" : "false"})}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
}

let healthPromise = null;

/** GET /health, once per page load (refresh: true asks again). */
export function health(refresh = false) {
  if (!healthPromise || refresh) healthPromise = get("/health");
  return healthPromise;
}
