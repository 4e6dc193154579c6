"""Prepares the tracking benchmark against a running Saathi with a generated
data set: tokens of many members (each check-in is a real member's day), a
member with a full 90-day history for the sobriety and progress reads.
Prints shell assignments for bench/tracking.sh to eval."""
import json, os, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor

BASE = sys.argv[1]
TOKENS_OUT = sys.argv[2]
N = int(os.environ.get("CHECKIN_MEMBERS", "512"))

def call(method, path, token=None, body=None):
    req = urllib.request.Request(BASE + path, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, data) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def login(name, password="saathi-bench"):
    s, b = call("POST", "/api/v1/auth/login", body={"login": name, "password": password})
    assert s == 200, (name, s, b)
    return b["token"], b["user"]["id"]

# Generated logins: member-<centre>-<number>, six digits.
with ThreadPoolExecutor(8) as pool:
    members = list(pool.map(lambda i: login(f"member-1-{i:06d}"), range(1, N + 1)))
with open(TOKENS_OUT, "w") as f:
    for token, _ in members:
        f.write(token + "\n")

# The member whose history is read: the one with the most check-ins among the first 50.
counselor, _ = login("counselor-1-1")
best = None
for token, mid in members[:50]:
    s, rows = call("GET", f"/api/v1/members/{mid}/checkins?days=90", counselor)
    assert s == 200, rows
    if best is None or len(rows) > best[2]:
        best = (token, mid, len(rows))
print(f"COUNSELOR={counselor}")
print(f"READER={best[0]}")
print(f"READ_MEMBER={best[1]}")
print(f"READ_MEMBER_CHECKINS={best[2]}")
