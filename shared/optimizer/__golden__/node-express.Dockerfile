FROM node:20 AS builder
WORKDIR /usr/src/app
COPY package.json package-lock.json ./

RUN npm ci && \
    npm cache clean --force
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM gcr.io/distroless/nodejs20-debian12
ENV PATH=/nodejs/bin:$PATH

WORKDIR /usr/src/app
COPY --from=builder --chown=nonroot:nonroot /usr/src/app /usr/src/app

ENV PORT=3000
EXPOSE 3000

USER nonroot
CMD ["dist/server.js"]
