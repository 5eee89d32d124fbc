// Go's encoding/json and net/url byte for byte, for writing keys and values the way Go frameworks write them.

/** A Go value: struct fields keep their declared order (a plain object), Go maps are JS Maps (keys sorted). */
/** @typedef {null | string | number | boolean | GoValue[] | Map<string, GoValue> | { [field: string]: GoValue }} GoValue */

/** `encoding/json` escapes <, > and & (HTMLEscape) and U+2028/U+2029 inside strings; JSON.stringify does not. */
function goString(/** @type {string} */ text) {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** json.Marshal: no spaces, struct fields in declared order, map keys sorted, nil map/slice/interface as null. */
export function goJson(/** @type {GoValue} */ value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  /** @type {Array<[string, GoValue]>} */
  const fields =
    value instanceof Map
      ? [...value.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : Object.entries(value);
  return `{${fields.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
}

/** A string map as Go holds it: nil (`null`) when absent. @param {Record<string, string> | undefined} record */
export function goMap(record) {
  return record ? new Map(Object.entries(record)) : null;
}

/** url.QueryEscape: keeps A-Z a-z 0-9 - _ . ~, space becomes +, the rest %XX (upper case). */
export function goQueryEscape(/** @type {string} */ text) {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** url.QueryUnescape: + is a space, %XX a byte. */
export function goQueryUnescape(/** @type {string} */ text) {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** url.Values.Encode: keys sorted, each value `QueryEscape(k)=QueryEscape(v)`, joined by &. @param {Array<[string, string]>} pairs */
export function goValuesEncode(pairs) {
  /** @type {Map<string, string[]>} */
  const values = new Map();
  for (const [k, v] of pairs) values.set(k, [...(values.get(k) ?? []), v]);
  return [...values.keys()]
    .sort()
    .flatMap((k) => (values.get(k) ?? []).map((v) => `${goQueryEscape(k)}=${goQueryEscape(v)}`))
    .join('&');
}
