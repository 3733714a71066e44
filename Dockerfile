# syntax=docker/dockerfile:1
# briefbot on Node 24. Two stages: production dependencies are installed in their own stage
# (no dev packages, no install scripts), then copied into a slim runtime that runs as the
# unprivileged `node` user. No build step: Node strips the TypeScript types when it loads src/.
#
# There is no Docker engine on the CI machines, so test/deploy/docker-steps.test.ts reads this
# file and performs its steps as a script (the COPY lines, the `npm ci`, the ENV, the CMD and the
# HEALTHCHECK command): change a step here and that test follows it, or fails.
#
#   docker build -t briefbot .
#   docker run --rm -p 3000:3000 --env-file .env \
#     -v ./seeds:/app/seeds:ro -v briefbot-data:/data briefbot
#
# Volumes: /app/seeds (documents, read-only is fine), /data (SQLite store when DATABASE_URL is
# not set), and your own settings file mounted anywhere, e.g. -v ./briefbot.yaml:/config/briefbot.yaml:ro
# -e BRIEFBOT_CONFIG=/config/briefbot.yaml (merged over the bundled config/default.yaml).

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-slim AS runtime
# PORT turns on the HTTP server (/healthz, /readyz, /metrics; Slack HTTP mode shares it).
ENV NODE_ENV=production \
    BRIEFBOT_DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY commands ./commands
COPY config ./config
COPY seeds ./seeds
COPY bin ./bin
# Application files stay root-owned (read-only to the process); only /data is writable.
RUN mkdir -p /data && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1 and receives SIGTERM itself (briefbot handles it: graceful shutdown).
# `docker stop` waits 10 s by default; give it more than BRIEFBOT_SHUTDOWN_TIMEOUT_MS (compose: stop_grace_period).
# A small young generation keeps RSS near the live heap (bench/load.ts: ~300 MB instead of ~490 MB).
CMD ["node", "--disable-warning=ExperimentalWarning", "--max-semi-space-size=4", "src/cli.ts", "start"]
