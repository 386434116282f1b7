/**
 * Which Bluejay to talk to: `--api-url`, else `BLUEJAY_API_URL`, else the public API. Plain
 * `http://` is refused before any network use unless the host is loopback or the user insists.
 */
import { DEFAULT_API_URL, isLoopbackHost, normalizeApiUrl } from "../core/api-url.js";
import { UsageError } from "../errors.js";

export const API_URL_ENV = "BLUEJAY_API_URL";

export interface TargetInput {
  /** `--api-url`, when given. */
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  /** `--allow-insecure-http`. */
  allowInsecureHttp?: boolean;
}

/** The API URL to use, as given (trimmed); UsageError when it is not a usable http(s) URL. */
export function resolveApiUrl(input: TargetInput): string {
  const fromFlag = input.flag?.trim();
  const fromEnv = input.env[API_URL_ENV]?.trim();
  const raw = fromFlag || fromEnv || DEFAULT_API_URL;
  const source = fromFlag ? "--api-url" : fromEnv ? API_URL_ENV : "the default";
  if (normalizeApiUrl(raw) === null) {
    throw new UsageError(
      "api-url-invalid",
      `The API URL from ${source} is not an http(s) URL without credentials, query or fragment: ${shown(raw)}`,
    );
  }
  const url = new URL(raw);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && input.allowInsecureHttp !== true) {
    throw new UsageError(
      "insecure-http",
      `Refusing plain http:// for ${url.host} (from ${source}): the API key would travel unencrypted. ` +
        "Use https://, or pass --allow-insecure-http if you must",
    );
  }
  return raw;
}

// A URL with credentials in it is refused, and they are not repeated in the message: a key pasted
// as `https://bj_KEY@host` sits in the username, and it is not registered as a secret yet.
function shown(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString();
  } catch {
    // Not a URL, but it may still carry userinfo (`bj_KEY@host`, `https//bj_KEY@host`).
    return raw.replace(/^([^/@]*\/\/)?[^/]*@/, "$1***@");
  }
}
