package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// image is what the Dockerfile's final stage says the image is: enough of
// it to lay its files out and run it as an engine would.
type image struct {
	From        string
	Copies      []copyStep // COPY --from=<stage> source destination
	User        string
	Env         map[string]string
	Labels      map[string]string
	Entrypoint  []string
	Cmd         []string
	HealthCheck []string // the exec form after HEALTHCHECK ... CMD
	Args        map[string]string
}

type copyStep struct{ From, Src, Dst string }

// readImage parses the instructions of the Dockerfile at path that the
// project uses (a small subset of the syntax: continuation lines, global and
// stage ARGs with defaults, exec-form JSON arrays) and returns the final
// stage. Anything else in the final stage is an error, so that a new
// instruction is looked at here before the image test trusts its layout.
func readImage(path string) (image, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return image{}, err
	}
	text := strings.ReplaceAll(string(raw), "\\\n", " ")
	img := image{Env: map[string]string{}, Labels: map[string]string{}, Args: map[string]string{}}
	global := map[string]string{}
	stages := 0
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		instr, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		instr = strings.ToUpper(instr)
		fail := func(format string, a ...any) (image, error) {
			return image{}, fmt.Errorf("%s:%d: %s: %s", path, n+1, instr, fmt.Sprintf(format, a...))
		}
		if instr == "FROM" {
			stages++
			img = image{From: strings.Fields(rest)[0], Env: map[string]string{}, Labels: map[string]string{}, Args: map[string]string{}}
			continue
		}
		if instr == "ARG" {
			name, def, hasDef := strings.Cut(rest, "=")
			switch {
			case stages == 0:
				global[name] = def
			case hasDef:
				img.Args[name] = def
			default:
				img.Args[name] = global[name]
			}
			continue
		}
		if stages == 0 {
			return fail("only ARG may come before the first FROM")
		}
		expand := func(s string) string {
			return os.Expand(s, func(k string) string { return img.Args[k] })
		}
		switch instr {
		case "COPY":
			f := strings.Fields(rest)
			if len(f) != 3 || !strings.HasPrefix(f[0], "--from=") {
				img.Copies = append(img.Copies, copyStep{Src: "(context)"}) // from the build context: not in a final stage of ours
				continue
			}
			img.Copies = append(img.Copies, copyStep{From: strings.TrimPrefix(f[0], "--from="), Src: f[1], Dst: f[2]})
		case "USER":
			img.User = rest
		case "ENV":
			k, v, ok := strings.Cut(rest, "=")
			if !ok || strings.ContainsAny(v, " \"'") {
				return fail("want one KEY=value without quotes or spaces")
			}
			img.Env[k] = expand(v)
		case "LABEL":
			for _, m := range labelRE.FindAllStringSubmatch(rest, -1) {
				img.Labels[m[1]] = expand(m[2])
			}
		case "ENTRYPOINT", "CMD":
			var argv []string
			if err := json.Unmarshal([]byte(rest), &argv); err != nil {
				return fail("want the exec form (a JSON array): %v", err)
			}
			if instr == "CMD" {
				img.Cmd = argv
			} else {
				img.Entrypoint = argv
			}
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(rest, " CMD ")
			var argv []string
			if !ok || json.Unmarshal([]byte(cmd), &argv) != nil {
				return fail("want HEALTHCHECK [options] CMD [\"exec\", \"form\"]")
			}
			img.HealthCheck = argv
		case "EXPOSE", "WORKDIR", "RUN", "SHELL":
			// WORKDIR, RUN and SHELL are checked below for the final stage.
			if instr != "EXPOSE" {
				img.Copies = append(img.Copies, copyStep{Src: "(" + instr + ")"})
			}
		default:
			return fail("not understood by this test: teach readImage what it means")
		}
	}
	if stages == 0 {
		return image{}, fmt.Errorf("%s: no FROM", path)
	}
	return img, nil
}

var labelRE = regexp.MustCompile(`([A-Za-z0-9_.-]+)="([^"]*)"`)

func TestReadImage(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/Dockerfile"
	os.WriteFile(path, []byte(`ARG V=1.2
FROM golang AS build
RUN make
FROM scratch
ARG V
LABEL a.b="x" \
      version="${V}"
COPY --from=build /out/app /usr/bin/app
USER 1:1
ENV ADDR=0.0.0.0:80
HEALTHCHECK --interval=5s CMD ["/usr/bin/app", "health"]
ENTRYPOINT ["/usr/bin/app"]
CMD ["serve"]
`), 0o644)
	img, err := readImage(path)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s %v %s %v %v %v %v %v", img.From, img.Copies, img.User, img.Env, img.Labels, img.HealthCheck, img.Entrypoint, img.Cmd)
	want := "scratch [{build /out/app /usr/bin/app}] 1:1 map[ADDR:0.0.0.0:80] map[a.b:x version:1.2] [/usr/bin/app health] [/usr/bin/app] [serve]"
	if got != want {
		t.Errorf("readImage =\n  %s\nwant\n  %s", got, want)
	}

	os.WriteFile(path, []byte("FROM scratch\nVOLUME /data\n"), 0o644)
	if _, err := readImage(path); err == nil || !strings.Contains(err.Error(), "VOLUME") {
		t.Errorf("an instruction the test does not know: err = %v, want one naming it", err)
	}
}
