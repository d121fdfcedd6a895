package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRolloutIsStableAndBounded(t *testing.T) {
	f := Flag{Enabled: true, Rollout: 25}
	on := 0
	for i := 0; i < 1000; i++ {
		user := string(rune('a'+i%26)) + string(rune('0'+i/26%10)) + string(rune('A'+i/260))
		if f.onFor("x", user) != f.onFor("x", user) {
			t.Fatal("not stable")
		}
		if f.onFor("x", user) {
			on++
		}
	}
	if on < 150 || on > 350 {
		t.Fatalf("25%% rollout turned on for %d of 1000 users", on)
	}
	if (Flag{Enabled: false, Rollout: 100}).onFor("x", "u") {
		t.Fatal("disabled flag is on")
	}
}

func TestFlagLookup(t *testing.T) {
	var flags map[string]Flag
	if err := json.Unmarshal(flagsJSON, &flags); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	routes(flags).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/flags/dark-mode?user=42", nil))
	if rec.Code != http.StatusOK || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	routes(flags).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/flags/nope", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status %d", rec.Code)
	}
}
