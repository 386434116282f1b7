import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/types.js";
import {
  escapeData,
  escapeProperty,
  formatDiagnostics,
  githubAnnotations,
} from "../../src/cli/output/diagnostics.js";

const error: Diagnostic = {
  code: "unknown-key",
  severity: "error",
  message: "schedules.a: unknown key 'tme'; did you mean 'time'?",
  hint: "allowed keys here: frequency, time",
  file: "dir,1/bluejay.schedules.yaml",
  line: 5,
  column: 7,
  path: "/schedules/a/tme",
};
const warning: Diagnostic = {
  ...error,
  code: "duplicate-schedule",
  severity: "warning",
  message: "50% alike\nreally",
};
delete warning.hint;

describe("formatDiagnostics", () => {
  it("renders file:line:column, severity and code, then the hint", () => {
    expect(formatDiagnostics([error, warning], { color: false })).toBe(
      [
        "dir,1/bluejay.schedules.yaml:5:7: error[unknown-key]: schedules.a: unknown key 'tme'; did you mean 'time'?",
        "  hint: allowed keys here: frequency, time",
        "dir,1/bluejay.schedules.yaml:5:7: warning[duplicate-schedule]: 50% alike\nreally",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked", () => {
    expect(formatDiagnostics([error], { color: false })).not.toContain("\u001b[");
    expect(formatDiagnostics([error], { color: true })).toContain("\u001b[31merror[unknown-key]");
  });

  it("prints nothing for no diagnostics", () => {
    expect(formatDiagnostics([], { color: true })).toBe("");
    expect(githubAnnotations([])).toBe("");
  });
});

describe("githubAnnotations", () => {
  it("escapes per the workflow-command rules", () => {
    expect(githubAnnotations([error, warning]).split("\n")).toEqual([
      "::error file=dir%2C1/bluejay.schedules.yaml,line=5,col=7,title=bluejay-sync unknown-key::schedules.a: unknown key 'tme'; did you mean 'time'?%0Aallowed keys here: frequency, time",
      "::warning file=dir%2C1/bluejay.schedules.yaml,line=5,col=7,title=bluejay-sync duplicate-schedule::50%25 alike%0Areally",
      "",
    ]);
  });

  it.each([
    ["a%b\r\nc", "a%25b%0D%0Ac", "a%25b%0D%0Ac"],
    ["x:y,z", "x:y,z", "x%3Ay%2Cz"],
  ])("%j", (raw, data, property) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(property);
  });
});
