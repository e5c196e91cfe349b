# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci needs every workspace's package.json (packages/sdk).
COPY packages/sdk/package.json ./packages/sdk/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# The dashboard bundles the SDK from its source (packages/sdk/src, generated code included).
COPY packages/sdk/src ./packages/sdk/src
RUN npx nest build api && npm run -s build:web

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/sdk/package.json ./packages/sdk/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# The same image runs the API (default), the worker (`node dist/apps/worker/src/main.js`)
# and one-off commands such as migrations (`node dist/apps/cli/src/main.js db:migrate`).
CMD ["node", "dist/apps/api/src/main.js"]
