FROM golang:1.19 AS builder
WORKDIR /app
COPY . .
ENV CGO_ENABLED=0

RUN go build -o /app/server .

FROM gcr.io/distroless/static-debian12

WORKDIR /app
COPY --from=builder /app/server /app/server

EXPOSE 8080

USER nonroot:nonroot
CMD ["/app/server"]
