# The Percorsi application image: one image for every role (PERCORSI_ROLE=api | worker | all).
# TypeScript runs through tsx at run time (bin/percorsi.js), as in development.

# --- build: dependencies with native modules, the UI bundle -----------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 and argon2 compile from source when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf test .ci

# --- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
# xmllint validates generated CDA documents against the national XSD.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libxml2-utils tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/percorsi \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN install -d -o node -g node /var/lib/percorsi
USER node
EXPOSE 3000
# tini reaps children and forwards SIGTERM, so `serve` shuts down cleanly on `docker stop`.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/percorsi.js", "serve"]
