package main

import (
	"net/http"
	"time"
)

func newMux(offices []Office) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": version, "offices": len(offices)})
	})

	// GET /time?tz=Europe/Berlin: the current time in any IANA zone
	mux.HandleFunc("/time", func(w http.ResponseWriter, r *http.Request) {
		tz := r.URL.Query().Get("tz")
		if tz == "" {
			tz = "Europe/Berlin"
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, Office{Zone: tz, Location: loc}.slot(time.Now()))
	})

	// GET /offices: every office now; GET /offices?at=2024-05-06T14:00:00Z: at that instant
	mux.HandleFunc("/offices", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		if s := r.URL.Query().Get("at"); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "at must be RFC 3339"})
				return
			}
			at = t
		}
		slots := make([]Slot, 0, len(offices))
		everyone := true
		for _, o := range offices {
			s := o.slot(at)
			everyone = everyone && s.WorkingHour
			slots = append(slots, s)
		}
		writeJSON(w, http.StatusOK, map[string]any{"at": at.UTC().Format(time.RFC3339), "offices": slots, "everyoneWorking": everyone})
	})
	return mux
}
