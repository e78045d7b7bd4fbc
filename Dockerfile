# syntax=docker/dockerfile:1
# caremap: a static binary (pure Go, no cgo: Graphviz runs as WebAssembly) on a
# distroless base, running as a non-root user.
#   docker build -t caremap .
#   docker run --rm -p 127.0.0.1:8080:8080 caremap          # embedded store
# With Neo4j, see docker-compose.yml.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/caremap ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/caremap /usr/local/bin/caremap
USER nonroot:nonroot
# Inside the container caremap listens on every interface so that a published
# port reaches it; publish it on the host's loopback only (127.0.0.1:8080:8080).
ENV CAREMAP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/caremap"]
CMD ["serve"]
