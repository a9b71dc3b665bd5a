#!/usr/bin/env python3
"""Measures GET /events/{id}/seats for a 50,000-seat event against a running API (not part of the test suite).

Start the API in embedded mode with a bootstrap admin, then run this script:
  Auth__Bootstrap__AdminEmail=admin@example.test Auth__Bootstrap__AdminPassword=measure-password-1 \
  Ticketing__RateLimits__Enabled=false dotnet run -c Release --project Api --urls http://127.0.0.1:5080 &
  scripts/measure-seat-map.py --base http://127.0.0.1:5080

It creates and publishes one event (sections x rows x seats), then times: the first read (the view builds itself
from every row), repeated reads of an unchanged map (cached rendering), conditional reads (If-None-Match -> 304),
reads right after a hold changed the map (a fresh rendering each time) and concurrent reads.
"""
import argparse
import datetime
import http.client
import json
import statistics
import threading
import time
import urllib.parse


class Api:
    def __init__(self, base, token=None):
        url = urllib.parse.urlparse(base)
        self.host, self.port = url.hostname, url.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        h = {"Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body)
        h.update(headers or {})
        self.conn.request(method, path, body=body, headers=h)
        response = self.conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name, samples_ms, size=None):
    extra = f", {size / 1024:.0f} KiB" if size is not None else ""
    print(f"{name:<44} n={len(samples_ms):<4} p50={percentile(samples_ms, 50):7.2f} ms  p95={percentile(samples_ms, 95):7.2f} ms  "
          f"max={max(samples_ms):7.2f} ms{extra}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5080")
    parser.add_argument("--email", default="admin@example.test")
    parser.add_argument("--password", default="measure-password-1")
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()

    status, _, body = Api(args.base).call("POST", "/auth/login", {"email": args.email, "password": args.password})
    assert status == 200, (status, body)
    api = Api(args.base, json.loads(body)["accessToken"])

    starts = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).isoformat()
    event = {
        "name": "Seat map measurement", "description": "50,000 seats", "venue": "Big Arena", "city": "London",
        "startsAt": starts, "timeZone": "Europe/London", "currency": "GBP",
        "categories": [{"id": "STD", "name": "Standard", "price": 5000}],
        "sections": [{"id": f"S{s}", "name": f"Section {s}",
                      "rows": [{"id": f"R{r}", "seats": args.seats, "categoryId": "STD"} for r in range(args.rows)]}
                     for s in range(args.sections)],
    }
    seats = args.sections * args.rows * args.seats
    status, _, body = api.call("POST", "/events", event)
    assert status == 201, (status, body[:500])
    event_id = json.loads(body)["id"]
    t = time.perf_counter()
    status, _, body = api.call("POST", f"/events/{event_id}/publish")
    assert status == 200, (status, body[:500])
    print(f"event {event_id}: {seats} seats in {args.sections * args.rows} rows; publish took {(time.perf_counter() - t) * 1000:.0f} ms")

    path = f"/events/{event_id}/seats"
    t = time.perf_counter()
    status, headers, body = api.call("GET", path)
    assert status == 200 and len(json.loads(body)["seats"]) == seats
    report("first read (view builds from every row)", [(time.perf_counter() - t) * 1000], len(body))

    def timed(n, extra_headers=None, expect=200):
        samples = []
        for _ in range(n):
            t0 = time.perf_counter()
            s, h, b = api.call("GET", path, headers=extra_headers)
            samples.append((time.perf_counter() - t0) * 1000)
            assert s == expect, s
        return samples, h, b

    samples, headers, body = timed(args.reads)
    report("unchanged map, full body", samples, len(body))
    samples, _, gz = timed(args.reads, {"Accept-Encoding": "gzip"})
    report("unchanged map, gzip", samples, len(gz))
    samples, _, _ = timed(args.reads, {"If-None-Match": headers["ETag"]}, expect=304)
    report("unchanged map, If-None-Match -> 304", samples)

    # Each hold (and each cancel of it) changes one row; wait for the view to show it (new ETag), so every timed
    # read renders afresh.
    changed = []

    def read_until_changed(etag):
        deadline = time.time() + 5
        while True:
            t0 = time.perf_counter()
            s, h, b = api.call("GET", path)
            elapsed = (time.perf_counter() - t0) * 1000
            if h["ETag"] != etag or time.time() > deadline:
                return elapsed, h, b

    for i in range(20):
        s, _, b = api.call("POST", "/reservations", {"eventId": event_id, "seatIds": [f"S{i % args.sections}-R{i}-1"]})
        assert s == 201, (s, b[:300])
        reservation = json.loads(b)["id"]
        elapsed, headers, b = read_until_changed(headers["ETag"])
        changed.append(elapsed)
        if i < 19:
            s, _, _ = api.call("DELETE", f"/reservations/{reservation}")
            assert s in (200, 204), s
            elapsed, headers, b = read_until_changed(headers["ETag"])
            changed.append(elapsed)
    report("read right after a change (fresh render)", changed, len(b))
    print(f"held seats in the last map: {sum(1 for x in json.loads(b)['seats'] if x['status'] == 'held')}")

    def reader(out):
        client = Api(args.base)
        for _ in range(args.reads // 4):
            t0 = time.perf_counter()
            s, _, _ = client.call("GET", path)
            out.append((time.perf_counter() - t0) * 1000)
            assert s == 200

    concurrent = []
    threads = [threading.Thread(target=reader, args=(concurrent,)) for _ in range(8)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    report("8 concurrent anonymous readers", concurrent)
    print(f"8 concurrent readers: {len(concurrent) / wall:.0f} full reads/s ({len(concurrent) * len(body) / wall / 1024 / 1024:.0f} MiB/s)")


if __name__ == "__main__":
    main()
