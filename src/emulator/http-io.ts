/**
 * Reading request bodies and writing responses, for the emulator's node:http server.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestBody } from "./routes.js";
import type { RouteResult } from "./types.js";

/** Bodies past this size are cut off: the emulator is not a load-test target for uploads. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error("request body too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(parseBody(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

/** An empty body is "none" (FastAPI then reports the required body as missing). */
export function parseBody(text: string): RequestBody {
  if (text.length === 0) return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid", text };
  }
}

export function writeResult(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload: string;
  if (result.raw) {
    headers["content-type"] = result.raw.contentType;
    payload = result.raw.text;
  } else {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(result.body);
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}
