// Command load is the one load generator of bench/run.sh: it sends the same
// GraphQL questions to caremap and to the peer (@neo4j/graphql on Apollo
// Server, bench/peer) over loopback, from a fixed number of closed-loop
// clients for a fixed time, and prints requests per second, p50 and p99
// latency, the CPU the Neo4j server (and each GraphQL server) spent per
// request, and caremap's throughput as a multiple of the peer's.
//
// Before measuring it asks each server every question once and requires
// the same answer from both (lists compared as sets unless their order is
// part of the answer). During the measurement any response that is not
// 200 with data and no errors counts as an error. It refuses targets that
// are not on the loopback interface, and every run is bounded by -d and
// -max-requests.
//
// Run it through bench/run.sh, which starts Neo4j, seeds it and starts both
// servers; on its own:
//
//	go run ./bench/load -caremap http://127.0.0.1:8080/graphql -peer http://127.0.0.1:4000/ -neo4j-pid PID
package main
