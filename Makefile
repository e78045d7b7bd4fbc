# The two commands of the README, and the checks CI runs.
.PHONY: run test check soak bench-peer

run: ## serve the API, playground and diagrams on the embedded store
	go run ./server

test: ## the whole suite; starts a throw-away Neo4j when NEO4J_URI is unset
	neo4j/test.sh -count=1

soak: ## 10 minutes of users and every hostile class at once (not in CI); prints throughput, p50/p99, answers by class, peak RSS
	go test -tags soak -run '^TestSoak$$' -count=1 -timeout 20m -v ./server -soak.duration $${SOAK:-10m}

check: ## what .ci/run checks besides the tests
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	go vet ./...
	go generate ./... && git diff --exit-code
	deploy/check.sh

bench-peer: ## caremap on Neo4j side by side with @neo4j/graphql (bench/run.sh; minutes; not in CI)
	bench/run.sh
