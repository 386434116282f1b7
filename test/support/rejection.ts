import { expect } from "vitest";
import { LockfileError } from "../../src/errors.js";

/** The LockfileError `p` rejects with (the test fails if it resolves or rejects with something else). */
export async function caught(p: Promise<unknown>): Promise<LockfileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LockfileError);
  return err as LockfileError;
}
