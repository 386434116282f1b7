/**
 * Diagnostics of an input file, for people (`file:line:column: error[code]: message` and a hint)
 * and for GitHub Actions (`::error file=…,line=…,col=…::message` workflow commands).
 */
import type { Diagnostic } from "../../core/types.js";
import { redact } from "../../errors.js";
import { makeStyle } from "./style.js";

/** One diagnostic per line, each followed by its hint; "" for none. Colour only when asked. */
export function formatDiagnostics(diags: Diagnostic[], opts: { color: boolean }): string {
  const style = makeStyle(opts.color);
  const lines: string[] = [];
  for (const d of diags) {
    const label = d.severity === "error" ? style.red(`error[${d.code}]`) : style.yellow(`warning[${d.code}]`);
    lines.push(`${style.bold(`${d.file}:${d.line}:${d.column}`)}: ${label}: ${redact(d.message)}`);
    if (d.hint !== undefined) lines.push(style.dim(`  hint: ${redact(d.hint)}`));
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/**
 * Workflow-command lines, one per diagnostic (the caller decides whether it runs under GitHub
 * Actions). The hint goes on a second line of the message so the annotation says what to do.
 */
export function githubAnnotations(diags: Diagnostic[]): string {
  const lines = diags.map((d) => {
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `title=${escapeProperty(`bluejay-sync ${d.code}`)}`,
    ].join(",");
    const text = d.hint === undefined ? d.message : `${d.message}\n${d.hint}`;
    return `::${d.severity} ${props}::${escapeData(redact(text))}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** Message text of a workflow command: `%`, CR and LF are escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command: also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
