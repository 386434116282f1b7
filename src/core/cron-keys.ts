/**
 * Cron comparison for one plan: each distinct expression is parsed once, however many entries and
 * remote schedules share it, so planning stays linear and cheap.
 */
import { normalizeCron } from "./cron.js";

export interface CronKeys {
  /** The canonical form; an unparsable expression stands for its own text, whitespace collapsed. */
  key(expression: string): string;
  /** Same answer as `cronEquivalent`, memoised. */
  equivalent(a: string, b: string): boolean;
}

/** A fresh memo: create one per plan, never share it between runs. */
export function createCronKeys(): CronKeys {
  const memo = new Map<string, string>();
  const key = (expression: string): string => {
    let k = memo.get(expression);
    if (k === undefined) {
      k = normalizeCron(expression) ?? `raw:${expression.trim().split(/\s+/).join(" ")}`;
      memo.set(expression, k);
    }
    return k;
  };
  return { key, equivalent: (a, b) => a === b || key(a) === key(b) };
}
