# syntax=docker/dockerfile:1
# caremap: one static binary (pure Go, no cgo: Graphviz runs as WebAssembly)
# on an empty base, with the CA certificates it needs to reach Neo4j over TLS
# (neo4j+s://, Aura) and nothing else: no shell, no package manager, no curl.
# It runs as a non-root user and needs no writable path, so the root
# filesystem can be read-only. Given a writable /tmp, go-graphviz keeps its
# compiled Graphviz there (about 6 MB, in /tmp/caremap-<uid>, private to the user:
# render/tmpguard), which spares every caremap process
# (server, render workers, health checks) about a second of compiling at
# start: so name a small tmpfs for it. Images are named, never pulled from a
# registry host written here.
#   docker build -t caremap .
#   docker run --rm --read-only --tmpfs /tmp:size=16m -p 127.0.0.1:8080:8080 caremap   # embedded store
# With Neo4j, see docker-compose.yml; on Kubernetes, deploy/kubernetes/.
# deploy/check.sh lints this file; deploy/image_test.go runs the final stage's
# files (without an engine) read-only, as its user, with an empty environment.

# The image's labels. The build stops if they do not name what it built
# (deploy/image_test.go checks them too): change them with appVersion in
# server/serve.go and the dataset's version in seed/data.
ARG CAREMAP_VERSION=0.1.0
ARG DATASET_VERSION=2013-04-01+3

FROM golang:1.26-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/caremap ./server
ARG CAREMAP_VERSION
ARG DATASET_VERSION
RUN built="$(/out/caremap version | awk '{print $2}' | paste -sd ' ')"; \
    if [ "$built" != "$CAREMAP_VERSION $DATASET_VERSION" ]; then \
      echo "labels say caremap $CAREMAP_VERSION, dataset $DATASET_VERSION; the binary is $built" >&2; exit 1; \
    fi

FROM scratch
ARG CAREMAP_VERSION
ARG DATASET_VERSION
LABEL org.opencontainers.image.title="caremap" \
      org.opencontainers.image.description="The English health and care system of 1 April 2013 as a graph: GraphQL API, explorer and diagrams" \
      org.opencontainers.image.version="${CAREMAP_VERSION}" \
      caremap.dataset.version="${DATASET_VERSION}"
# TLS roots (Debian's ca-certificates bundle, where Go looks first).
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/caremap /usr/local/bin/caremap
# A numeric user: the image has no /etc/passwd, and Kubernetes' runAsNonRoot
# can only verify a numeric one.
USER 10001:10001
# Inside the container caremap listens on every interface so that a published
# port reaches it; publish it on the host's loopback only (127.0.0.1:8080:8080).
ENV CAREMAP_ADDR=0.0.0.0:8080
EXPOSE 8080
# Alive = the process answers /healthz (not /readyz: a Neo4j outage must not
# get every replica restarted; readiness is for load balancers).
# The timeout leaves room for the compiling at start when /tmp is not
# writable.
HEALTHCHECK --interval=15s --timeout=10s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/caremap", "health", "--timeout", "4s"]
ENTRYPOINT ["/usr/local/bin/caremap"]
CMD ["serve"]
