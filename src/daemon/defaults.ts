/** The default of `--resync`: drift repair every five minutes (UTC). Kept apart so the CLI can show it without loading the scheduler. */
export const DEFAULT_RESYNC = "*/5 * * * *";
