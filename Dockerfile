# The intent service as an image: built with the compiler toolchain better-sqlite3 needs, run
# on a slim image as the unprivileged `node` user, with the database on the /data volume.
#
#   docker build -t intent .
#   docker run -p 8080:8080 -v intent-data:/data intent
#
# .ci/run replays this file's build steps in a clean folder (scripts/dockerfile-dry-run.mjs),
# and test/deploy/dockerfile.test.ts checks the user, the volume and the health check.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off for the install (the build below needs the sources); better-sqlite3 is then
# compiled for this image's Node.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build-state.mjs scripts/
COPY src src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DB_PATH=/data/intent.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY models/default.json models/titles.json models/
COPY bin bin
RUN mkdir -p /data && chown node:node /data && ln -s /app/bin/intent.js /usr/local/bin/intent
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]
