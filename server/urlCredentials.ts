/**
 * Credentials a URL can carry: its user-info (`http://user:password@host`) and its query values
 * (`?key=...`). Wherever a URL is shown (errors, logs, CLI output, exports, bundles, the settings
 * page) it goes through redactUrl, or redactUrlsIn for a text that may quote one; before a request
 * is made, splitUrlCredentials takes the user-info out of the URL to send it as a header instead.
 *
 * One rule for every URL (model endpoints, PostgreSQL, Redis): the whole user-info becomes ***
 * (a user name alone can be a token: https://<token>@host), and so does every query value (servers
 * take keys under many names: key, api_key, sig, code...). Scheme, host, port and path stay.
 */

const HIDDEN = "***";

/** Schemes read as the HTTP client reads them (WHATWG URL); other URLs are connection strings. */
const HTTP_URL = /^https?:\/\//i;

/**
 * The URL with its credentials hidden. An http(s) URL is shown in the form the HTTP client sends
 * (parsed, without a trailing slash), which run pins and cache keys were always made of. Other URLs
 * and text that does not parse are treated as connection strings: the user-info ends at the last
 * "@" before the query, so a password holding an unescaped "@" or "/" does not leak its tail.
 */
export function redactUrl(url: string): string {
  if (HTTP_URL.test(url)) {
    try {
      return redactHttpUrl(new URL(url));
    } catch {
      // Not a URL the client could use: hide what looks like credentials in the text as it is.
    }
  }
  return redactConnectionString(url);
}

function redactHttpUrl(parsed: URL): string {
  if (parsed.username || parsed.password) {
    parsed.username = HIDDEN;
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, HIDDEN);
  return parsed.toString().replace(/\/$/, "");
}

function redactConnectionString(text: string): string {
  const schemeEnd = text.indexOf("://");
  if (schemeEnd === -1) return hideQueryValues(text);
  const authorityStart = schemeEnd + 3;
  const queryStart = text.slice(authorityStart).search(/[?#]/);
  const authorityEnd = queryStart === -1 ? text.length : authorityStart + queryStart;
  const at = text.lastIndexOf("@", authorityEnd - 1);
  const withoutUserInfo = at >= authorityStart ? `${text.slice(0, authorityStart)}${HIDDEN}${text.slice(at)}` : text;
  return hideQueryValues(withoutUserInfo);
}

function hideQueryValues(text: string): string {
  const queryStart = text.indexOf("?");
  if (queryStart === -1) return text;
  const fragmentStart = text.indexOf("#", queryStart);
  const end = fragmentStart === -1 ? text.length : fragmentStart;
  const query = text.slice(queryStart + 1, end).replace(/(^|&)([^=&]*)=[^&]*/g, `$1$2=${HIDDEN}`);
  return `${text.slice(0, queryStart + 1)}${query}${text.slice(end)}`;
}

/** Anything that looks like a URL inside a text (an error message, a log line). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi;

/** The text with every URL in it redacted (messages of other libraries quote the URLs they failed on). */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

/**
 * The URL without its user-info, and that user-info as an HTTP Basic `Authorization` value (as curl
 * sends it): fetch refuses to make a request to a URL with credentials, and they do not belong in
 * the request line anyway. A URL without credentials comes back unchanged.
 */
export function splitUrlCredentials(url: string): { url: string; authorization?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (!parsed.username && !parsed.password) return { url };
  const userInfo = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.toString(), authorization: `Basic ${Buffer.from(userInfo, "utf8").toString("base64")}` };
}
