/**
 * What happened to one action when it was carried out.
 */
import type { Action, ActionResult } from "../core/types.js";

export interface ActionOutcome {
  action: Action;
  result: ActionResult;
  /** The remote id bound or acted on after the action (the new id for create/recreate/replace). */
  id?: string;
  /** Redacted, user-facing. */
  error?: string;
  /** Stable code of the error (e.g. `remote-validation`). */
  errorCode?: string;
}

/** Actions that send nothing and need no outcome from the server. */
export function isPassive(action: Action): boolean {
  return action.kind === "noop" || action.kind === "orphan";
}

/** Actions that create a remote schedule and so leave a pending intent first. */
export function createsSchedule(action: Action): boolean {
  return action.kind === "create" || action.kind === "recreate" || action.kind === "replace";
}
