/**
 * API URLs compared as targets: lower-case scheme and host, default port and trailing slash
 * dropped. `localhost` and `127.0.0.1` stay different targets.
 */

export const DEFAULT_API_URL = "https://api.getbluejay.ai";

/** Returns the normalised form of `raw`, or null when it is not an http(s) URL. */
export function normalizeApiUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  // URL already lower-cases scheme and host and drops a default port.
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** True for `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
