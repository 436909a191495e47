package pagesample

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.html", i)), []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "style.css"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		step, max int
		want      string
	}{
		{1, 10, "[0 1 2 3 4]"},
		{2, 10, "[0 2 4]"},
		{2, 2, "[0 2]"},
		{10, 10, "[0]"},
	} {
		got := fmt.Sprintf("%s", Read(dir, tc.step, tc.max))
		if got != tc.want {
			t.Errorf("Read(step %d, max %d) = %s, want %s", tc.step, tc.max, got, tc.want)
		}
	}
	if got := Read(filepath.Join(dir, "missing"), 1, 10); len(got) != 0 {
		t.Errorf("a missing directory gave %d pages", len(got))
	}
}
