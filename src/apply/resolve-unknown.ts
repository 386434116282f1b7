/**
 * Creates whose outcome is unknown (a 5xx, a timeout or a dropped connection after the request
 * was sent) may have happened. They are never re-sent blindly: list once for all of them, bind what
 * arrived, and only then send again what did not. A few rounds, one list each.
 */
import { normalizeCron } from "../core/cron.js";
import type { RemoteSchedule } from "../core/types.js";
import { bindCreated, createFor, type ExecuteDeps } from "./execute.js";
import type { ActionOutcome } from "./outcome.js";
import { describeFailure, stopsRun } from "./remote-errors.js";

const ROUNDS = 3;

export interface ResolveResult {
  outcomes: ActionOutcome[];
  warnings: string[];
  fatal?: unknown;
}

/**
 * `seen` holds the ids the plan was made against (null: the server cannot list): a schedule that was
 * already there is not what a lost create made, so it is never taken for one.
 */
export async function resolveUnknownCreates(
  unknown: ActionOutcome[],
  seen: Set<string> | null,
  deps: ExecuteDeps,
): Promise<ResolveResult> {
  const warnings: string[] = [];
  let open = unknown;
  const done: ActionOutcome[] = [];
  for (let round = 0; round < ROUNDS && open.length > 0; round++) {
    if (deps.stop?.aborted) break;
    let listed: RemoteSchedule[] | "not-supported";
    try {
      listed = seen === null ? "not-supported" : await deps.api.listSchedules({ signal: deps.signal });
    } catch (err) {
      if (stopsRun(err)) return { outcomes: [...done, ...open], warnings, fatal: err };
      break;
    }
    const arrived = listed === "not-supported" ? null : arrivals(listed, seen ?? new Set(), deps);
    const next: ActionOutcome[] = [];
    for (const o of open) {
      const found = arrived ? claim(arrived, o) : undefined;
      const settled =
        found && o.action.target ? await bindCreated(o.action, found, o.action.target, deps) : null;
      if (settled) {
        done.push(settled);
        continue;
      }
      if (!arrived) {
        warnings.push(
          `entry "${o.action.name}": the create's outcome was unknown and the server cannot list schedules; ` +
            "sent it again, so a duplicate may exist",
        );
      }
      const again = await resend(o, deps);
      if ("fatal" in again) return { outcomes: [...done, ...open], warnings, fatal: again.fatal };
      (again.result === "unknown" ? next : done).push(again);
    }
    open = next;
    deps.store.flush().catch(() => undefined);
    // Without a list there is nothing to look at before sending again: one re-send, not several.
    if (!arrived) break;
  }
  const next = seen === null ? "the next run sends it again" : "the next run looks before sending it again";
  for (const o of open) done.push({ ...o, error: `${o.error ?? "outcome unknown"}; ${next}` });
  for (const o of done) deps.onOutcome?.(o);
  return { outcomes: done, warnings };
}

async function resend(o: ActionOutcome, deps: ExecuteDeps): Promise<ActionOutcome | { fatal: unknown }> {
  try {
    return await createFor(o.action, deps);
  } catch (err) {
    if (stopsRun(err)) return { fatal: err };
    const d = describeFailure(err);
    return { action: o.action, result: "failed", error: d.message, errorCode: d.code };
  }
}

type Pool = Map<string, RemoteSchedule[]>;

function poolKey(simulationId: string, cron: string): string {
  return `${simulationId}\n${normalizeCron(cron) ?? cron.trim()}`;
}

/** Schedules that appeared since the plan and that no entry is bound to, by (simulation, cron), newest first. */
function arrivals(listed: RemoteSchedule[], seen: Set<string>, deps: ExecuteDeps): Pool {
  const bound = new Set(Object.values(deps.store.state.schedules).map((e) => e.id));
  const pool: Pool = new Map();
  for (const r of listed) {
    if (bound.has(r.id) || seen.has(r.id)) continue;
    const key = poolKey(r.simulation_id, r.cron_expression);
    const list = pool.get(key);
    if (list) list.push(r);
    else pool.set(key, [r]);
  }
  for (const list of pool.values()) {
    list.sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? "") || a.id.localeCompare(b.id));
  }
  return pool;
}

function claim(pool: Pool, o: ActionOutcome): RemoteSchedule | undefined {
  const t = o.action.target;
  return t ? pool.get(poolKey(t.simulation_id, t.cron_expression))?.shift() : undefined;
}
