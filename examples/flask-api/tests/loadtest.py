"""Replays tests/fixtures/load-users.csv against a running server and logs latencies as CSV.

    python tests/loadtest.py http://127.0.0.1:5000 > docs/benchmarks/recommendations-$(date +%F).csv
"""

import csv
import json
import random
import sys
import threading
import time
import urllib.request


def worker(base, users, thread_no, out, lock, n=500):
    rnd = random.Random(thread_no)
    for _ in range(n):
        path = rnd.choice(["/health", "/users", "/users/%d/recommendations?limit=5" % rnd.randint(1, users)])
        start = time.time()
        with urllib.request.urlopen(base + path) as resp:
            body = resp.read()
            status = resp.status
        with lock:
            out.writerow([int(start * 1000), thread_no, path, status, round((time.time() - start) * 1000, 3), len(body)])


def main(base):
    with open("tests/fixtures/load-users.csv", newline="") as fh:
        for row in list(csv.DictReader(fh))[:200]:
            interests = dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in row["interests"].split(";"))
            req = urllib.request.Request(
                base + "/users",
                data=json.dumps({"name": row["name"], "city": row["city"], "interests": interests,
                                 "languages": row["languages"].split(";")}).encode(),
                method="POST",
            )
            urllib.request.urlopen(req).read()
    out = csv.writer(sys.stdout)
    out.writerow(["timestamp_ms", "thread", "endpoint", "status", "latency_ms", "bytes"])
    lock = threading.Lock()
    threads = [threading.Thread(target=worker, args=(base, 200, i + 1, out, lock)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000")
