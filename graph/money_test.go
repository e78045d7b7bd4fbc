package graph

import "testing"

func TestFormatGBP(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{95_600_000_000, "£95.6bn"}, {64_700_000_000, "£64.7bn"}, {2_000_000_000, "£2bn"}, {1_000_000_000, "£1bn"},
		{2_660_000_000, "£2.66bn"}, {1_300_000_000, "£1.3bn"}, {9_999_000_000, "£10bn"},
		{900_000_000, "£900m"}, {676_000_000, "£676m"}, {42_000_000, "£42m"}, {4_880_000, "£4.9m"},
		{12_500, "£12,500"}, {1_500, "£1,500"}, {900, "£900"}, {0, "£0"}, {-3_000_000_000, "-£3bn"},
	} {
		if got := FormatGBP(tc.in); got != tc.want {
			t.Errorf("FormatGBP(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
