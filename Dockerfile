# The Docket worker image (docker-compose.yml builds it). Not built on the project's own machines (no Docker engine).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
CMD ["node", "bin/docket.mjs", "worker"]
