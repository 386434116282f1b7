/**
 * A plan's identity as a person confirmed it: which action on which entry and schedule. Apply on a
 * terminal shows a plan, asks, and then refuses to carry out a different one.
 */
export function planDigest(items: { kind: string; name: string; id?: string | undefined }[]): string {
  return items
    .filter((a) => a.kind !== "noop" && a.kind !== "orphan")
    .map((a) => `${a.kind} ${a.name} ${a.id ?? ""}`)
    .join("\n");
}
