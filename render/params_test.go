package render

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"caremap/graph"
)

func TestParseView(t *testing.T) {
	for _, tc := range []struct {
		query   string
		want    View
		invalid string // the parameter an error names
	}{
		{"", View{Depth: 1, Direction: graph.Both}, ""},
		{"depth=3&direction=incoming&instances=true", View{Depth: 3, Direction: graph.Incoming, Instances: true}, ""},
		{"types=funds,ACCOUNTABLE_TO&types=funds", View{Depth: 1, Direction: graph.Both, Types: []graph.RelType{graph.AccountableTo, graph.Funds}}, ""},
		{"types=,", View{Depth: 1, Direction: graph.Both}, ""},
		{"depth=9", View{}, "depth"},
		{"depth=two", View{}, "depth"},
		{"types=FUNDS,OWNS", View{}, "types"},
		{"direction=up", View{}, "direction"},
		{"instances=maybe", View{}, "instances"},
	} {
		q, _ := url.ParseQuery(tc.query)
		got, err := ParseView(q)
		var inv *graph.InvalidError
		switch {
		case tc.invalid != "":
			if !errors.As(err, &inv) || inv.Param != tc.invalid || inv.Allowed == "" {
				t.Errorf("%q: err = %v, want an invalid %s naming what is allowed", tc.query, err, tc.invalid)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.query, err)
		case !reflect.DeepEqual(got, tc.want):
			t.Errorf("%q: got %+v, want %+v", tc.query, got, tc.want)
		}
	}
	_, err := ParseView(url.Values{"types": {"OWNS"}})
	if err == nil || !strings.Contains(err.Error(), "ACCOUNTABLE_TO") {
		t.Errorf("err = %v, want the allowed types listed", err)
	}
}
