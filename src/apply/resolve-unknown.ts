/**
 * Creates whose outcome is unknown (a 5xx, a timeout or a dropped connection after the request
 * was sent) may have happened. They are never re-sent blindly: list once for all of them, bind what
 * arrived, and only then send again what did not. A few rounds, one list each.
 */
import { cronEquivalent } from "../core/cron.js";
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

export async function resolveUnknownCreates(
  unknown: ActionOutcome[],
  deps: ExecuteDeps,
): Promise<ResolveResult> {
  const warnings: string[] = [];
  let open = unknown;
  const done: ActionOutcome[] = [];
  for (let round = 0; round < ROUNDS && open.length > 0; round++) {
    if (deps.stop?.aborted) break;
    let listed: RemoteSchedule[] | "not-supported";
    try {
      listed = await deps.api.listSchedules({ signal: deps.signal });
    } catch (err) {
      if (stopsRun(err)) return { outcomes: [...done, ...open], warnings, fatal: err };
      break;
    }
    const next: ActionOutcome[] = [];
    const arrived = listed === "not-supported" ? null : unboundPool(listed, deps);
    for (const o of open) {
      const found = arrived ? claim(arrived, o) : undefined;
      if (found && o.action.target) {
        done.push(await bindCreated(o.action, found, o.action.target, deps));
        continue;
      }
      if (!arrived) {
        warnings.push(
          `entry "${o.action.name}": the create's outcome was unknown and the server cannot list schedules; ` +
            "sent it again, so a duplicate may exist",
        );
      }
      const again = await createFor(o.action, deps).catch((err: unknown) => {
        const d = describeFailure(err);
        return {
          action: o.action,
          result: "failed",
          error: d.message,
          errorCode: d.code,
        } satisfies ActionOutcome;
      });
      (again.result === "unknown" ? next : done).push(again);
    }
    open = next;
    deps.store.flush().catch(() => undefined);
  }
  for (const o of open) {
    done.push({
      ...o,
      error: `${o.error ?? "outcome unknown"}; the create may have happened: the next run looks before sending it again`,
    });
  }
  return { outcomes: done, warnings };
}

/** Remote schedules bound to no entry, newest first: the candidates for what a lost create made. */
function unboundPool(listed: RemoteSchedule[], deps: ExecuteDeps): RemoteSchedule[] {
  const bound = new Set(Object.values(deps.store.state.schedules).map((e) => e.id));
  return listed
    .filter((r) => !bound.has(r.id))
    .sort((a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? "") || a.id.localeCompare(b.id));
}

function claim(pool: RemoteSchedule[], o: ActionOutcome): RemoteSchedule | undefined {
  const t = o.action.target;
  if (!t) return undefined;
  const i = pool.findIndex(
    (r) => r.simulation_id === t.simulation_id && cronEquivalent(r.cron_expression, t.cron_expression),
  );
  if (i < 0) return undefined;
  const [found] = pool.splice(i, 1);
  return found;
}
