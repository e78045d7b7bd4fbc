//go:build linux

package deploy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// There is no container engine here, so the image is run without one: the
// files the Dockerfile's final stage copies are laid out as a root
// filesystem (the binary built as the Dockerfile builds it, the other files
// from this Debian machine, as the Debian build stage has them), and the
// binary runs chrooted into it in its own mount namespace, the root mounted
// read-only, as the image's user, with /proc and /dev mounted as an engine
// mounts them, and an empty environment. That needs the right to make a
// mount namespace (root has it where CI runs). Without it, as a user other
// than root, the binary runs in place with a read-only working directory
// and an empty environment, as that user (root would ignore the directory's
// mode, and becoming the image's user in place meets files of other runs
// in the host's /tmp, such as go-graphviz's compilation cache).

// build compiles caremap as the Dockerfile's build stage does.
func build(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "caremap")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../server")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

func TestImageLabelsNameWhatIsBuilt(t *testing.T) {
	img, err := readImage("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	bin := build(t, t.TempDir())
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("caremap version: %v", err)
	}
	// "caremap 0.1.0\ndataset 2013-04-01+1 sha256:..."
	var app, dataset string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "caremap" {
			app = f[1]
		} else if len(f) >= 2 && f[0] == "dataset" {
			dataset = f[1]
		}
	}
	if app == "" || dataset == "" {
		t.Fatalf("caremap version printed %q: no versions in it", out)
	}
	for label, want := range map[string]string{"org.opencontainers.image.version": app, "caremap.dataset.version": dataset} {
		if got := img.Labels[label]; got != want {
			t.Errorf("Dockerfile label %s = %q, but the binary is %s: change the ARG default", label, got, want)
		}
	}
}

func TestImageConventions(t *testing.T) {
	img, err := readImage("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if img.From != "scratch" {
		t.Errorf("final stage FROM %s: the image test lays out only what the stage copies, so it must start empty (scratch)", img.From)
	}
	uid, gid, ok := strings.Cut(img.User, ":")
	if !ok || !regexp.MustCompile(`^[1-9][0-9]*$`).MatchString(uid) || !regexp.MustCompile(`^[0-9]+$`).MatchString(gid) {
		t.Errorf("USER %q: want a numeric, non-root uid:gid (runAsNonRoot can only check a number)", img.User)
	}
	if len(img.HealthCheck) < 2 || img.HealthCheck[0] != img.Entrypoint[0] || img.HealthCheck[1] != "health" {
		t.Errorf("HEALTHCHECK %v: want the binary's own health subcommand (%v health)", img.HealthCheck, img.Entrypoint)
	}
	var certs bool
	for _, c := range img.Copies {
		if c.From == "" {
			t.Errorf("final stage has %s: the image test lays out only COPY --from=build files", c.Src)
		}
		certs = certs || c.Dst == "/etc/ssl/certs/ca-certificates.crt"
	}
	if !certs {
		t.Error("the image has no CA bundle at /etc/ssl/certs/ca-certificates.crt: neo4j+s:// would fail to verify")
	}
}

// container is the image's root filesystem and how to run a command in it.
type container struct {
	t        *testing.T
	img      image
	root     string // "" without a mount namespace: commands run in place
	tmpfs    bool   // a tmpfs at /tmp, as compose and Kubernetes give it
	bin      string // the binary, when running in place
	readOnly string // the working directory, when running in place
}

func newContainer(t *testing.T) *container {
	t.Helper()
	img, err := readImage("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "caremap-image")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	bin := build(t, dir)
	c := &container{t: t, img: img}
	if err := os.Chmod(dir, 0o755); err != nil { // MkdirTemp made it 0700; the image's user must reach the files
		t.Fatal(err)
	}
	if err := exec.Command("unshare", "--mount", "--propagation", "private", "true").Run(); err != nil {
		if os.Geteuid() == 0 {
			t.Fatalf("running as root, but no mount namespace can be made (unshare: %v): a read-only directory would not bind root", err)
		}
		t.Logf("no mount namespace (unshare: %v): running the binary in place with a read-only working directory, not in the image's root", err)
		c.bin, c.readOnly = bin, filepath.Join(dir, "ro")
		if err := os.Mkdir(c.readOnly, 0o555); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c.root = filepath.Join(dir, "root")
	for _, d := range []string{"proc", "dev", "tmp"} { // mount points an engine adds
		if err := os.MkdirAll(filepath.Join(c.root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, cp := range img.Copies {
		src := cp.Src
		if src == "/out/caremap" {
			src = bin
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatalf("COPY --from=%s %s: this machine has no such file to stand for it: %v", cp.From, cp.Src, err)
		}
		dst := filepath.Join(c.root, cp.Dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// command returns argv to run in the container with exactly the environment env.
func (c *container) command(ctx context.Context, env []string, argv ...string) *exec.Cmd {
	if c.root == "" {
		cmd := exec.CommandContext(ctx, c.bin, argv[1:]...)
		cmd.Env, cmd.Dir = env, c.readOnly
		if cmd.Env == nil {
			cmd.Env = []string{}
		}
		return cmd
	}
	chroot, err := exec.LookPath("chroot")
	if err != nil {
		c.t.Fatal(err)
	}
	// Mount the root on itself, add /proc and /dev, then make the root
	// read-only; the new mount namespace is private, so none of it is
	// seen outside, and it goes when its last process ends.
	script := `set -e
root="$1"; shift
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
if [ "$tmpfs" = yes ]; then mount -t tmpfs -o size=16m,mode=1777 tmpfs "$root/tmp"; fi
mount -o remount,bind,ro "$root"
exec "$@"`
	tmpfs := "no"
	if c.tmpfs {
		tmpfs = "yes"
	}
	args := []string{"--mount", "--propagation", "private", "--", "sh", "-c", "tmpfs=" + tmpfs + "\n" + script, "sh", c.root,
		"env", "-i"}
	args = append(args, env...)
	args = append(args, chroot, "--userspec="+c.img.User, c.root)
	args = append(args, argv...)
	cmd := exec.CommandContext(ctx, "unshare", args...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"} // for sh to find mount and env
	return cmd
}

func TestImageServesReadOnlyWithAnEmptyEnvironment(t *testing.T) {
	c := newContainer(t)
	t.Run("no writable path", func(t *testing.T) {
		c.tmpfs = false
		serveInImage(t, c, "/diagram/nhs-england.svg?depth=2", "/diagram/nhs-england.pdf", "/diagram/nhs-england.png")
	})
	if c.root == "" {
		return // in place: no tmpfs can be mounted
	}
	t.Run("a tmpfs at /tmp", func(t *testing.T) {
		c.tmpfs = true
		serveInImage(t, c, "/diagram/nhs-england.svg")
	})
}

// serveInImage runs the image's command (with --addr on a free loopback
// port) in c, checks that it serves /healthz, /readyz and the diagrams at
// paths, that the image's HEALTHCHECK passes, and, once it is stopped, fails.
func serveInImage(t *testing.T, c *container, paths ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// docker run --read-only caremap serve --addr 127.0.0.1:0, but with not
	// even the image's ENV: the binary needs no environment at all. (No
	// warming, so that the cold renders below do not queue behind it; it
	// draws through the same workers.)
	argv := append(slices.Clone(c.img.Entrypoint), c.img.Cmd...)
	argv = append(argv, "--addr", "127.0.0.1:0", "--render-warm=false")
	srv := c.command(ctx, nil, argv...)
	srv.Cancel = func() error { return srv.Process.Signal(syscall.SIGTERM) }
	srv.WaitDelay = 20 * time.Second
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			srv.Process.Kill()
			srv.Wait()
		}
	}()
	lines := bufio.NewScanner(stdout)
	re := regexp.MustCompile(`GraphQL:\s+http://(\S+)/graphql`)
	var addr string
	var logs []string
	for addr == "" && lines.Scan() {
		logs = append(logs, lines.Text())
		if m := re.FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		srv.Wait()
		t.Fatalf("the server did not start:\n%s\n%s", strings.Join(logs, "\n"), stderr.String())
	}
	go io.Copy(io.Discard, stdout)

	client := &http.Client{Timeout: 60 * time.Second}
	checks := []struct{ path, want string }{{"/healthz", "ok"}, {"/readyz", `"ready":true`}}
	// Cold renders: the worker processes start and draw.
	for _, p := range paths {
		want := map[string]string{".svg": "<svg", ".pdf": "%PDF-", ".png": "\x89PNG"}[filepath.Ext(strings.Split(p, "?")[0])]
		checks = append(checks, struct{ path, want string }{p, want})
	}
	for _, tc := range checks {
		resp, err := client.Get("http://" + addr + tc.path)
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", tc.path, err, stderr.String())
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body[:min(len(body), 512)]), tc.want) {
			t.Errorf("GET %s = %d %.80q, want 200 with %q\n%s", tc.path, resp.StatusCode, body, tc.want, stderr.String())
		}
	}

	if c.tmpfs {
		// go-graphviz keeps its compiled Graphviz in the tmpfs, in the
		// directory render/tmpguard makes private to the image's user: the
		// reason compose and the manifests give caremap one.
		uid, _, _ := strings.Cut(c.img.User, ":")
		cache := fmt.Sprintf("/proc/%d/root/tmp/caremap-%s/go-graphviz", srv.Process.Pid, uid)
		if dirs, err := os.ReadDir(cache); err != nil || len(dirs) == 0 {
			t.Errorf("no compilation cache in the tmpfs at /tmp: %v %v", dirs, err)
		}
	}

	// The image's HEALTHCHECK, run as the engine runs it: in the container,
	// with the image's environment (its CAREMAP_ADDR names the port the
	// server listens on inside the container; here, the one it chose).
	healthEnv := func() []string {
		var env []string
		for k, v := range c.img.Env {
			if k == "CAREMAP_ADDR" {
				v = addr
			}
			env = append(env, k+"="+v)
		}
		return env
	}
	if out, err := c.command(ctx, healthEnv(), c.img.HealthCheck...).CombinedOutput(); err != nil {
		t.Errorf("HEALTHCHECK %v against the running server: %v\n%s", c.img.HealthCheck, err, out)
	}

	// Stopping is clean (SIGTERM, as an engine sends), and then the health
	// check fails.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = srv.Wait()
	stopped = true
	if err != nil {
		t.Errorf("the server stopped with %v\n%s", err, stderr.String())
	}
	out, err := c.command(ctx, healthEnv(), c.img.HealthCheck...).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("HEALTHCHECK with the server stopped: %v (%s), want exit status 1", err, out)
	}
	if s := stderr.String(); strings.Contains(s, "read-only") || strings.Contains(s, "permission denied") {
		t.Errorf("the server tried to write:\n%s", s)
	}
}
