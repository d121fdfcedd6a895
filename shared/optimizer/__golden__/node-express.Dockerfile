FROM node:20 AS builder
WORKDIR /usr/src/app
COPY package.json package-lock.json ./

RUN npm ci && \
    npm cache clean --force
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-slim

WORKDIR /usr/src/app
COPY --from=builder /usr/src/app /usr/src/app

ENV PORT=3000
EXPOSE 3000

RUN chown node:node /usr/src/app
USER node
CMD ["node", "dist/server.js"]
