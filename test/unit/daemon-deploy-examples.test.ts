/**
 * The container and the deployment examples, checked by reading them (no container engine here):
 * the properties the sidecar's security and lifecycle depend on, and every embedded schedules file
 * valid.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { parseSchedules } from "../../src/config/load.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (p: string) => readFile(path.join(root, p), "utf8");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe("Dockerfile", () => {
  it.each([
    [/^FROM node:20\.20-bookworm-slim AS build$/m, "a pinned build stage"],
    [/^FROM node:20\.20-bookworm-slim AS runtime$/m, "a pinned runtime stage"],
    [/npm ci --omit=dev/, "production dependencies only"],
    [/apt-get install -y --no-install-recommends tini/, "tini from Debian"],
    [/^USER node$/m, "a non-root user"],
    [/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "\/app\/dist\/cli\/main\.js"\]$/m, "tini as PID 1"],
    [/^CMD \["watch"\]$/m, "the sidecar by default"],
    [/^HEALTHCHECK .*\n?.*\/healthz/m, "a health check on /healthz"],
    [/^EXPOSE 9464$/m, "the metrics port"],
    [/HOME=\/tmp/, "HOME off the root filesystem"],
  ])("has %s (%s)", async (pattern) => {
    expect(await read("Dockerfile")).toMatch(pattern);
  });

  it("copies nothing the runtime stage does not run", async () => {
    const runtime = (await read("Dockerfile")).split(/^FROM .* AS runtime$/m)[1] ?? "";
    expect(runtime).not.toMatch(/COPY (src|test|node_modules)\b/);
    expect(runtime).not.toMatch(/npm run build/);
  });
});

describe("Kubernetes example", () => {
  const load = async () =>
    parseAllDocuments(await read("examples/kubernetes/bluejay-sync.yaml")).map((d) => d.toJS() as Any);

  it("runs bluejay-sync as a native sidecar, locked down, with probes", async () => {
    const docs = await load();
    const deploy = docs.find((d) => d.kind === "Deployment");
    const pod = deploy.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const sidecar = pod.initContainers.find((c: Any) => c.name === "bluejay-sync");
    expect(sidecar.restartPolicy).toBe("Always");
    expect(sidecar.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(sidecar.livenessProbe.httpGet.path).toBe("/healthz");
    expect(sidecar.readinessProbe.httpGet.path).toBe("/readyz");
    expect(sidecar.args).toContain("--lockfile=/state/bluejay.schedules.lock.json");
    expect(sidecar.env.map((e: Any) => e.name)).toContain("BLUEJAY_API_KEY_FILE");
    const mounts = Object.fromEntries(sidecar.volumeMounts.map((m: Any) => [m.name, m]));
    expect(mounts.schedules).toMatchObject({ mountPath: "/config", readOnly: true });
    expect(mounts.schedules.subPath).toBeUndefined();
    const volumes = Object.fromEntries(pod.volumes.map((v: Any) => [v.name, v]));
    expect(volumes.schedules.configMap).toBeDefined();
    expect(volumes["api-key"].secret).toBeDefined();
  });

  it("embeds a valid schedules file in its ConfigMap", async () => {
    const cm = (await load()).find((d) => d.kind === "ConfigMap");
    const result = parseSchedules(cm.data["bluejay.schedules.yaml"], "configmap.yaml", {});
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe("compose and GitHub Actions examples", () => {
  it("compose runs the sidecar read-only, as non-root, against the emulator", async () => {
    const c = parse(await read("examples/compose.yaml")) as Any;
    expect(c.services.emulator.command[0]).toBe("emulator");
    const s = c.services.sidecar;
    expect(s.read_only).toBe(true);
    expect(s.user).toBe("1000:1000");
    expect(s.cap_drop).toEqual(["ALL"]);
    expect(s.command[0]).toBe("watch");
    const text = await read("examples/sidecar/bluejay.schedules.yaml");
    expect(parseSchedules(text, "bluejay.schedules.yaml", {}).ok).toBe(true);
  });

  it("the workflow validates and plans on pull requests and applies once on main", async () => {
    const w = parse(await read("examples/github-actions/bluejay-sync.yml")) as Any;
    expect(Object.keys(w.on)).toEqual(["pull_request", "push"]);
    expect(w.on.push.branches).toEqual(["main"]);
    const runs = (job: Any) => job.steps.map((s: Any) => s.run ?? "").join("\n");
    expect(runs(w.jobs.plan)).toMatch(/bluejay-sync@\S+ validate/);
    expect(runs(w.jobs.plan)).toMatch(/bluejay-sync@\S+ plan/);
    expect(runs(w.jobs.apply)).toMatch(/bluejay-sync@\S+ --once/);
  });
});
