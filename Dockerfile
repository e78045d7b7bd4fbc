# syntax=docker/dockerfile:1
# caremap: a static binary (pure Go, no cgo: Graphviz runs as WebAssembly) on a
# slim Debian base, running as a non-root user. Images are named, never pulled
# from a registry host written here.
#   docker build -t caremap .
#   docker run --rm -p 127.0.0.1:8080:8080 caremap          # embedded store
# With Neo4j, see docker-compose.yml.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/caremap ./server

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --no-create-home caremap
COPY --from=build /out/caremap /usr/local/bin/caremap
USER caremap
# Inside the container caremap listens on every interface so that a published
# port reaches it; publish it on the host's loopback only (127.0.0.1:8080:8080).
ENV CAREMAP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/caremap"]
CMD ["serve"]
