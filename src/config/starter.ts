/**
 * The commented starter file `bluejay-sync init` writes. It must itself validate with an empty
 * environment (a test holds it to that), so it uses no `${VAR}` without a default.
 */

export const SCHEMA_MODELINE =
  "# yaml-language-server: $schema=./node_modules/bluejay-sync/schemas/bluejay.schedules.schema.json";

export const STARTER_FILE = `${SCHEMA_MODELINE}
#
# Bluejay schedules, kept equal to this file by bluejay-sync.
#   bluejay-sync validate    check this file (offline)
#   bluejay-sync plan        show what would change in Bluejay
#   bluejay-sync apply       make it so
# Times are UTC. The API key comes from BLUEJAY_API_KEY (or BLUEJAY_API_KEY_FILE), never from here.

version: 1

# Delete schedules from Bluejay when their entry is removed from this file.
# Off by default: a removed entry is reported as an orphan and left alone.
prune: false

defaults:
  enabled: true # entries that do not say otherwise are enabled

schedules:
  # Each key is the entry's name: its identity, forever. Renaming it means delete + create.
  # Letters, digits, '.', '_' and '-'.
  nightly-regression:
    simulation_id: "30595" # the Bluejay simulation to run: replace with yours
    schedule: { frequency: daily, time: "02:00" }
    description: Full regression, every night at 02:00 UTC # local only, not sent to Bluejay

  # The schedule may also be a 5-field cron expression (minute hour day-of-month month day-of-week).
  # Values may come from the environment: \${VAR}, or \${VAR:-default} when it may be unset.
  smoke:
    simulation_id: "\${SMOKE_SIMULATION_ID:-30596}"
    schedule: "*/15 * * * *"
    enabled: false # turn it on when the simulation is ready

  # The other kinds of schedule:
  #   { frequency: every_n_minutes, interval: 30 }                     1..59
  #   { frequency: every_n_hours, interval: 6 }                        1..23
  #   { frequency: weekly, day_of_week: monday, time: "06:30" }        monday..sunday
  #   { frequency: monthly, day_of_month: 1, time: "04:00" }           1..31
  #   { frequency: cron, expression: "0 9 * * 1-5" }
`;
