// flagd: a read-only feature flag service. Flags are embedded at build time;
// GET /flags/{name}?user=ID answers whether the flag is on for that user,
// bucketing users stably by an FNV hash of flag name and user ID.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

//go:embed flags.json
var flagsJSON []byte

// Flag is one feature flag: on for `rollout` percent of users when enabled.
type Flag struct {
	Enabled     bool   `json:"enabled"`
	Rollout     int    `json:"rollout"`
	Description string `json:"description"`
}

func (f Flag) onFor(name, user string) bool {
	if !f.Enabled {
		return false
	}
	h := fnv.New32a()
	_, _ = io.WriteString(h, name+"/"+user)
	return int(h.Sum32()%100) < f.Rollout
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	check := flag.String("check", "", "GET this URL and exit 0 on HTTP 200 (health check; the image has no shell or curl)")
	flag.Parse()
	if *check != "" {
		os.Exit(runCheck(*check))
	}

	var flags map[string]Flag
	if err := json.Unmarshal(flagsJSON, &flags); err != nil {
		log.Fatalf("embedded flags.json: %v", err)
	}
	srv := &http.Server{Addr: *addr, Handler: routes(flags), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	log.Printf("flagd serving %d flags on %s", len(flags), *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func routes(flags map[string]Flag) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "flags": len(flags)})
	})
	mux.HandleFunc("/flags", func(w http.ResponseWriter, r *http.Request) {
		names := make([]string, 0, len(flags))
		for name := range flags {
			names = append(names, name)
		}
		sort.Strings(names)
		writeJSON(w, http.StatusOK, map[string]any{"flags": names})
	})
	mux.HandleFunc("/flags/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/flags/")
		f, ok := flags[name]
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no flag %q", name)})
			return
		}
		user := r.URL.Query().Get("user")
		writeJSON(w, http.StatusOK, map[string]any{"flag": name, "user": user, "on": f.onFor(name, user), "description": f.Description})
	})
	return mux
}

func runCheck(url string) int {
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.TrimSpace(string(body)))
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
