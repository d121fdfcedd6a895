package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestOfficesAtFixedInstant(t *testing.T) {
	offices, err := loadOffices("Europe/Berlin,America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	// 14:00 UTC on a Monday in summer: 16:00 CEST in Berlin, 10:00 EDT in New York
	newMux(offices).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/offices?at=2024-05-06T14:00:00Z", nil))
	var body struct {
		Offices         []Slot `json:"offices"`
		EveryoneWorking bool   `json:"everyoneWorking"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if !body.EveryoneWorking || body.Offices[0].Abbrev != "CEST" || body.Offices[1].Offset != "-04:00" {
		t.Fatalf("unexpected answer: %s", rec.Body.String())
	}
	if id := rec.Header().Get("X-Request-Id"); len(id) != 36 {
		t.Fatalf("X-Request-Id %q is not a UUID", id)
	}
}

func TestUnknownZone(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux(nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/time?tz=Mars/Olympus", nil))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d", rec.Code)
	}
}
