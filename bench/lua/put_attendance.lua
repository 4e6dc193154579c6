-- PUT the same 12-member attendance body on every request (an upsert of 12 rows).
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
