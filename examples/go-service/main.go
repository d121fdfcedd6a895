// meetingclock: tells a distributed team what time it is in each office and
// whether a proposed meeting falls inside everybody's working hours.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/google/uuid"
)

var version = "1.4.0"

func main() {
	addr := flag.String("addr", envOr("ADDR", ":8080"), "listen address")
	check := flag.String("check", "", "GET this URL, print the body and exit 0 on HTTP 200 (container health check)")
	flag.Parse()

	if *check != "" {
		os.Exit(runCheck(*check))
	}

	offices, err := loadOffices(envOr("OFFICES", "Europe/Berlin,America/New_York,Asia/Tokyo"))
	if err != nil {
		// fails at start-up when the image has no time zone database
		log.Fatalf("loading office time zones: %v", err)
	}

	srv := &http.Server{
		Addr:              *addr,
		Handler:           newMux(offices),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	log.Printf("meetingclock %s listening on %s (%d offices)", version, *addr, len(offices))
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
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
	fmt.Println(string(body))
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	// every answer carries an id, so a report from the offices can be matched to the server's log
	w.Header().Set("X-Request-Id", uuid.NewString())
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
