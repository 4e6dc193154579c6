"""Prepares the groups benchmark against a running Saathi: a group of 12
accepted members with a session now (for the attendance PUT), a generated
group with a schedule (for the quarter listing), and contended enrolment pairs.
Prints shell assignments for bench/groups.sh to eval."""
import json, os, sys, urllib.request

BASE = sys.argv[1]
OUT = sys.argv[2]

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

def login(login, password="saathi-bench"):
    s, b = call("POST", "/api/v1/auth/login", body={"login": login, "password": password})
    assert s == 200, (login, s, b)
    return b["token"]

counselor = login("counselor-1-1")
# A generated group with a schedule, for the quarter listing.
s, groups = call("GET", "/api/v1/groups", counselor)
scheduled = [g for g in groups if g.get("schedule")]
assert scheduled, "the generated data set has no scheduled groups"
list_group = scheduled[0]["id"]

# Members of centre 1 for the attendance group and the enrolment race.
members = []
offset = 0
while len(members) < 2012:
    s, page = call("GET", f"/api/v1/members?limit=100&offset={offset}", counselor)
    members += [m["id"] for m in page["items"]]
    if page["next_offset"] is None:
        break
    offset = page["next_offset"]

# Twelve new members who accept the agreement of a new group of 12.
s, g = call("POST", "/api/v1/groups", counselor, {"name": "Bench attendance", "kind": "support", "modality": "in_person", "capacity": 12})
assert s == 201, g
att_ids = []
for i in range(12):
    login_name = f"bench-att-{os.getpid()}-{i}"
    s, m = call("POST", "/api/v1/members", counselor, {
        "login": login_name, "password": "saathi-bench", "display_name": f"Bench {i}", "full_name": f"Bench Member {i}",
        "gender": "male", "birth_year": 1990, "language": "hi", "substances": ["alcohol"], "stage": "rehabilitation",
        "sobriety_start": "2026-01-01"})
    assert s == 201, m
    s, e = call("POST", f"/api/v1/groups/{g['id']}/enrollments", counselor, {"member_id": m["id"]})
    assert s == 201 and e["status"] == "active", e
    s, _ = call("POST", f"/api/v1/groups/{g['id']}/agreement", login(login_name))
    assert s == 204
    att_ids.append(m["id"])
import datetime
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
s, sess = call("POST", f"/api/v1/groups/{g['id']}/sessions", counselor, {"starts_at": now, "topic": "stress"})
assert s == 201, sess
# 32 more sessions of the same group (one per facilitator a centre might have
# recording at once), each starting within the last two hours.
many = []
for i in range(32):
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=3 * i + 1)).isoformat()
    s, x = call("POST", f"/api/v1/groups/{g['id']}/sessions", counselor, {"starts_at": at})
    assert s == 201, x
    many.append(x["id"])

# Enrolment race: 50 new groups of capacity 10; members enrol into 5 groups at a time.
race_groups = []
for i in range(50):
    s, rg = call("POST", "/api/v1/groups", counselor, {"name": f"Bench race {i}", "kind": "support", "modality": "online", "capacity": 10})
    assert s == 201, rg
    race_groups.append(rg["id"])
with open(OUT, "w") as f:
    for block in range(10):
        gs = race_groups[block * 5:(block + 1) * 5]
        for m in members[:2000]:
            f.write(f"{gs[hash(m) % 5]} {m}\n")

print(f"TOKEN={counselor}")
print(f"LIST_GROUP={list_group}")
print(f"SESSION={sess['id']}")
print(f"SESSIONS='{' '.join(many)}'")
print(f"ATT_IDS='{' '.join(att_ids)}'")
print(f"RACE_GROUPS='{' '.join(race_groups)}'")
