/**
 * The emulator's request log. Keys are scrubbed from paths and bodies on the way in, so that
 * neither `requests()` nor `GET /__emulator/requests` can ever hand one out.
 */
import { REQUEST_LOG_LIMIT } from "./assumed.js";
import type { RequestBody } from "./routes.js";
import type { RequestLogEntry } from "./types.js";

const MARK = "[REDACTED]";

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly secrets: string[];

  constructor(
    secrets: string[],
    private readonly limit: number = REQUEST_LOG_LIMIT,
  ) {
    this.secrets = secrets.filter((s) => s.length > 0);
  }

  private scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(MARK);
    return out;
  }

  private scrubBody(body: RequestBody): unknown {
    if (body.kind === "none") return undefined;
    if (body.kind === "invalid") return this.scrub(body.text);
    const json = JSON.stringify(body.value);
    if (json === undefined) return undefined;
    const clean = this.scrub(json);
    if (clean === json) return body.value;
    try {
      return JSON.parse(clean) as unknown;
    } catch {
      return MARK;
    }
  }

  add(e: {
    method: string;
    path: string;
    status: number;
    dropped: boolean;
    at: string;
    body: RequestBody;
  }): void {
    const entry: RequestLogEntry = {
      method: e.method,
      path: this.scrub(e.path),
      status: e.status,
      dropped: e.dropped,
      at: e.at,
    };
    const body = this.scrubBody(e.body);
    if (body !== undefined) entry.body = body;
    this.entries.push(entry);
    // Trim in batches so that a full log costs O(1) amortised per request.
    if (this.entries.length > this.limit * 1.1) this.entries = this.entries.slice(-this.limit);
  }

  list(): RequestLogEntry[] {
    const all = this.entries.length > this.limit ? this.entries.slice(-this.limit) : this.entries;
    return all.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
