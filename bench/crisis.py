#!/usr/bin/env python3
"""Crisis benchmark client (issue 6), against a running `saathi serve --demo`
started with `--crisis-timeout-seconds 1`:

1. press → first tier-1 socket: the demo member presses the crisis button;
   the WebSocket of every demo staff and mentor account is open; the time
   until the first socket of someone in tier 1 receives the `crisis_alert`
   frame; the alert is then resolved and the next press made.
2. escalation lateness: several members press at once and nobody answers;
   each tier 2 and tier 3 step's time minus its due time (created + 1 s,
   tier 2 + 1 s), from the steps the API reports.

With ACCOUNTS=generated it runs against a set made by `saathi demo --members
N` (password `saathi-bench`): the watchers are centre 1's admin, every
counsellor and every peer mentor; the member is member-1-000001.

A minimal WebSocket client is built in (no extra packages)."""
import base64, json, os, socket, statistics, sys, threading, time, urllib.error, urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
N = int(os.environ.get("PRESSES", "200"))
HOST, PORT = BASE.split("//")[1].split(":")[0], int(BASE.rsplit(":", 1)[1])
GENERATED = os.environ.get("ACCOUNTS") == "generated"
if GENERATED:
    PASSWORD = "saathi-bench"
    WATCHERS = None  # found by signing in counselor-1-1, -2, … and mentor-1-1, … until one is refused
    MEMBER, CLOSER = "member-1-000001", "counselor-1-1"
    PRESSERS = [f"member-1-{i:06}" for i in range(2, 8)]
else:
    PASSWORD = "saathi-demo"
    WATCHERS = ["mentor", "mentor2", "counselor", "counselor2", "admin"]
    MEMBER, CLOSER = "member", "counselor"
    PRESSERS = ["manoj.tiwari", "farhan.shaikh", "harpreet.singh", "rahul.mehta", "deepak.chauhan", "neha.joshi"]


def call(method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        return r.status, json.loads(r.read() or b"null")


def login(name):
    return call("POST", "/api/v1/auth/login", body={"login": name, "password": PASSWORD})[1]


def watchers():
    """The staff whose sockets are watched, by login: their sign-ins."""
    if not GENERATED:
        return {w: login(w) for w in WATCHERS}
    found = {"admin-1": login("admin-1")}
    for kind in ("counselor", "mentor"):
        j = 1
        while True:
            try:
                found[f"{kind}-1-{j}"] = login(f"{kind}-1-{j}")
            except urllib.error.HTTPError:
                break
            j += 1
    return found


class Socket(threading.Thread):
    """Reads server frames; remembers when each crisis alert first arrived."""

    def __init__(self, user_id, token):
        super().__init__(daemon=True)
        self.user_id, self.seen = user_id, {}
        self.s = socket.create_connection((HOST, PORT))
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /api/v1/ws?token={token} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.s.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def exact(self, n):
        b = b""
        while len(b) < n:
            chunk = self.s.recv(n - len(b))
            if not chunk:
                raise EOFError
            b += chunk
        return b

    def run(self):
        try:
            while True:
                h = self.exact(2)
                n = h[1] & 0x7F
                if n == 126:
                    n = int.from_bytes(self.exact(2), "big")
                elif n == 127:
                    n = int.from_bytes(self.exact(8), "big")
                payload = self.exact(n)
                now = time.perf_counter()
                if h[0] & 0x0F != 1:
                    continue
                f = json.loads(payload)
                if f.get("type") == "crisis_alert":
                    self.seen.setdefault(f["alert_id"], now)
        except (EOFError, OSError):
            return


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def ms_of(rfc):
    from datetime import datetime
    return int(datetime.fromisoformat(rfc.replace("Z", "+00:00")).timestamp() * 1000)


def main():
    staff = watchers()
    sockets = [Socket(s["user"]["id"], s["token"]) for s in staff.values()]
    for s in sockets:
        s.start()
    time.sleep(0.3)
    closer = staff[CLOSER]["token"]
    member = login(MEMBER)["token"]

    lat = []
    for _ in range(N):
        t0 = time.perf_counter()
        st, body = call("POST", "/api/v1/crisis", member, {})
        alert = body["alert_id"]
        _, a = call("GET", f"/api/v1/crisis/alerts/{alert}", closer)
        tier1 = {p["id"] for s in a["steps"] if s["kind"] == "notified" and s["tier"] == 1 for p in s["recipients"]}
        watched = [s for s in sockets if s.user_id in tier1]
        if not watched:
            sys.exit("none of the watched accounts is in tier 1 of the demo member")
        deadline = time.perf_counter() + 2
        while time.perf_counter() < deadline and not any(alert in s.seen for s in watched):
            time.sleep(0.0005)
        arrivals = [s.seen[alert] for s in watched if alert in s.seen]
        if arrivals:
            lat.append((min(arrivals) - t0) * 1000)
        call("POST", f"/api/v1/crisis/alerts/{alert}/resolve", closer, {"note": "bench"})
    print(f"press -> first tier-1 socket: n={len(lat)} of {N}, p50 {pct(lat, 50):.1f} ms, "
          f"p99 {pct(lat, 99):.1f} ms, max {max(lat):.1f} ms")

    # Escalation lateness: nobody answers; tiers 2 and 3 are due 1 s apart.
    tokens = [login(m)["token"] for m in PRESSERS]
    rounds = int(os.environ.get("ROUNDS", "3"))
    late = []
    for _ in range(rounds):
        ids = [call("POST", "/api/v1/crisis", t, {})[1]["alert_id"] for t in tokens]
        time.sleep(2.8)
        for i in ids:
            _, a = call("GET", f"/api/v1/crisis/alerts/{i}", closer)
            at = {s["tier"]: ms_of(s["at"]) for s in a["steps"] if s["kind"] in ("notified", "skipped") and s["tier"]}
            created = ms_of(a["created_at"])
            if 1 in at and 2 in at:
                late.append(at[2] - (at[1] + 1000))
            if 2 in at and 3 in at:
                late.append(at[3] - (at[2] + 1000))
            call("POST", f"/api/v1/crisis/alerts/{i}/resolve", closer, {"note": "bench"})
            del created
    print(f"escalation lateness vs due time: n={len(late)}, p50 {pct(late, 50)} ms, "
          f"p99 {pct(late, 99)} ms, max {max(late)} ms")


if __name__ == "__main__":
    main()
