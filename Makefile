# The two commands of the README, and the checks CI runs.
.PHONY: run test check

run: ## serve the API, playground and diagrams on the embedded store
	go run ./server

test: ## the whole suite; starts a throw-away Neo4j when NEO4J_URI is unset
	neo4j/test.sh -count=1

check: ## what .ci/run checks besides the tests
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	go vet ./...
	go generate ./... && git diff --exit-code
	deploy/check.sh
