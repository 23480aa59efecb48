// Hash routes: "#/event/abc?x=1" ↔ {name: "event", id: "abc", params}.

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, "");
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const search = cut < 0 ? "" : raw.slice(cut + 1);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return {name: parts[0] || "events", id: parts[1] || null, params: new URLSearchParams(search)};
}

export function routeHash(name, id = null, params = null) {
  let hash = `#/${name}`;
  if (id !== null && id !== undefined) hash += `/${encodeURIComponent(id)}`;
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `${hash}?${text}` : hash;
}

/** Go to a route: navigate("events", null, {actor: "RUS"}). */
export function navigate(name, id = null, params = null) {
  location.hash = routeHash(name, id, params);
}

/** URLSearchParams → plain object of its non-empty values. */
export function paramsObject(params) {
  const out = {};
  for (const [key, value] of params.entries()) if (value !== "") out[key] = value;
  return out;
}
