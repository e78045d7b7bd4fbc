package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// safeLink matches the absolute links a drawing may carry: an http(s)
// origin (Options.BaseURL) and a path of plain characters.
var safeLink = regexp.MustCompile(`^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._~#-]*)*$`)

// errUnsafeSVG is returned when a rendered SVG contains something a page
// embedding it must never run.
var errUnsafeSVG = errors.New("render: unsafe svg")

// CheckSVG parses svg and refuses it (an error wrapping errUnsafeSVG)
// when it is not well-formed XML or holds anything active: a script,
// foreignObject, iframe, object, embed, use, image or animation element,
// an event-handler attribute (on*), a style that loads anything, or a link
// that is not a site path ("/…"), a fragment ("#…") or a plain http(s)
// link (an explorer page under Options.BaseURL). Tooltips and text may
// say anything: they are inert. The renderer never produces these — node links are built from
// validated ids — so this is a last check, and a refusal rather than a
// repair.
func CheckSVG(svg []byte) error {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	inStyle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: not well-formed: %v", errUnsafeSVG, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			inStyle = false
		case xml.CharData:
			if inStyle && activeStyle(string(t)) {
				return fmt.Errorf("%w: active style sheet", errUnsafeSVG)
			}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		inStyle = strings.EqualFold(se.Name.Local, "style")
		switch strings.ToLower(se.Name.Local) {
		case "script", "foreignobject", "iframe", "object", "embed", "handler", "listener",
			"animate", "set", "animatemotion", "animatetransform", "use", "image", "feimage":
			return fmt.Errorf("%w: <%s> element", errUnsafeSVG, se.Name.Local)
		}
		for _, a := range se.Attr {
			name := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(name, "on") {
				return fmt.Errorf("%w: %s attribute", errUnsafeSVG, a.Name.Local)
			}
			switch name {
			case "href", "src", "action", "formaction", "values", "from", "to", "by":
				if a.Value != "" && !strings.HasPrefix(a.Value, "#") && !safeLink.MatchString(a.Value) &&
					!(strings.HasPrefix(a.Value, "/") && !strings.HasPrefix(a.Value, "//") && !strings.HasPrefix(a.Value, "/\\")) {
					return fmt.Errorf("%w: link in %s is not a site path or an http(s) explorer link", errUnsafeSVG, a.Name.Local)
				}
			case "style":
				if activeStyle(a.Value) {
					return fmt.Errorf("%w: active style", errUnsafeSVG)
				}
			}
		}
	}
}

// activeStyle reports CSS that loads or runs anything.
func activeStyle(css string) bool {
	v := strings.ToLower(strings.Join(strings.Fields(css), ""))
	return strings.Contains(v, "url(") || strings.Contains(v, "expression(") || strings.Contains(v, "@import") || strings.Contains(v, "\\")
}
