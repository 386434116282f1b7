# syntax=docker/dockerfile:1
# bluejay-sync as a container: the sidecar by default (`watch`), or `--once` in CI.
# Runs as the image's `node` user (uid 1000) on a read-only root filesystem: the schedules file
# and the lockfile live on volumes, and HOME/TMPDIR point at /tmp (mount an emptyDir there).

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20.20-bookworm-slim AS runtime
# tini is PID 1: it forwards SIGTERM/SIGINT to node and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp \
    NO_UPDATE_NOTIFIER=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY examples ./examples
# /state is where the lockfile goes by convention; owned by `node` so that a fresh named volume
# mounted there is writable.
RUN mkdir -p /state && chown node:node /state
USER node
# The schedules file is read from here (mount a ConfigMap or a checkout); pass --lockfile on a
# writable volume when this one is read-only.
WORKDIR /config
EXPOSE 9464
# No curl in the slim image: node itself asks /healthz. This assumes the default --listen port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/cli/main.js"]
CMD ["watch"]
