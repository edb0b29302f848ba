# One image for web, the hook ingress, worker, migrations and the Custify simulator (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@10.34.9
WORKDIR /app

FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @konnect/db generate \
 && pnpm --filter @konnect/web build \
 && pnpm --filter @konnect/worker build
 && pnpm --filter @konnect/ingress build

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=build /app /app
EXPOSE 3000
CMD ["pnpm", "--filter", "@konnect/web", "start"]
