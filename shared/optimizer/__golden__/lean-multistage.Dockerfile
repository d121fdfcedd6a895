# Build stage: the full toolchain, thrown away after the build.
FROM golang:1.19 AS build
WORKDIR /src

# Module files first, so the dependency layer is cached across source edits.
COPY go.mod ./
RUN go mod download

COPY . .
# Static binary (no cgo, no libc), reproducible paths, no symbol tables.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/flagd .

# Runtime stage: no shell, no package manager; CA bundle, tzdata and a nonroot user only.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/flagd /usr/local/bin/flagd
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["/usr/local/bin/flagd", "-check", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["/usr/local/bin/flagd"]
CMD ["-addr", ":8080"]
