// Package deploy holds the files that run caremap as operators do — the
// Kubernetes manifests under kubernetes/, and check.sh, which validates them,
// docker-compose.yml and the Dockerfile without a container engine — and
// the tests of the image: the Dockerfile's final stage laid out as a root
// filesystem and run read-only, as its user, with an empty environment.
//
// It has no code of its own; it imports nothing of the project.
package deploy
