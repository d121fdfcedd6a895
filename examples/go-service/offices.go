package main

import (
	"fmt"
	"strings"
	"time"
)

// Office is a team location with its working hours in local time.
type Office struct {
	Zone      string
	Location  *time.Location
	StartHour int
	EndHour   int
}

// loadOffices resolves IANA zone names with time.LoadLocation, which reads the
// system's zoneinfo (/usr/share/zoneinfo, or $GOROOT/lib/time/zoneinfo.zip).
func loadOffices(list string) ([]Office, error) {
	var offices []Office
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		offices = append(offices, Office{Zone: name, Location: loc, StartHour: 9, EndHour: 17})
	}
	return offices, nil
}

// Slot is one office's view of an instant.
type Slot struct {
	Zone        string `json:"zone"`
	Local       string `json:"local"`
	Offset      string `json:"utcOffset"`
	Abbrev      string `json:"abbreviation"`
	WorkingHour bool   `json:"workingHours"`
}

func (o Office) slot(t time.Time) Slot {
	local := t.In(o.Location)
	name, _ := local.Zone()
	return Slot{
		Zone:        o.Zone,
		Local:       local.Format("2006-01-02 15:04 Mon"),
		Offset:      local.Format("-07:00"),
		Abbrev:      name,
		WorkingHour: local.Weekday() != time.Saturday && local.Weekday() != time.Sunday && local.Hour() >= o.StartHour && local.Hour() < o.EndHour,
	}
}
