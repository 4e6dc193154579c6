//! Load generator for the live hub (bench/live.sh runs it against a release
//! server on a generated data set). Tokens come from the API's login.
//!
//!   live_load idle  --base http://127.0.0.1:8080 --sockets 10000 --server-pid PID
//!   live_load rooms --base … --sockets 10000 --rooms 1000 --rate 200 --seconds 60
//!   live_load quiet --base … --members 12 --rate 10 --seconds 30
//!   live_load quiet --base … --members 10 --one-at-a-time 300
//!
//! `idle`: that many authenticated sockets, then the server's RSS.
//! `rooms`: every generated member connected; messages posted through the
//! API at `rate` a second in the `rooms` rooms with the most connected
//! members; send→deliver latency over every recipient but the author.
//! `quiet`: a new group of `members` (admitted, enrolled and signed in
//! through the API), nothing else connected; the same latency, after
//! `--warmup-seconds` (2) at the same rate that are not counted. The 12
//! clients run on one thread (the other modes on one a core). With
//! `--one-at-a-time N`, N messages each sent once the one before has reached
//! every other member (the Matrix comparison's first workload, see
//! bench/matrix_compare.sh).
//!
//! Generated members sign in as `member-{centre}-{nnnnnn}` with the password
//! `saathi-bench` (see `saathi demo`).

use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::tungstenite::Message;

type AnyError = Box<dyn std::error::Error + Send + Sync>;
type Res<T> = Result<T, AnyError>;

const PASSWORD: &str = "saathi-bench";

struct Args(HashMap<String, String>);

impl Args {
    fn parse() -> (String, Args) {
        let mut it = std::env::args().skip(1);
        let mode = it.next().unwrap_or_default();
        let mut m = HashMap::new();
        while let Some(k) = it.next() {
            if let Some(k) = k.strip_prefix("--") {
                m.insert(k.to_string(), it.next().unwrap_or_default());
            }
        }
        (mode, Args(m))
    }
    fn str(&self, k: &str, d: &str) -> String {
        self.0.get(k).cloned().unwrap_or_else(|| d.to_string())
    }
    fn num(&self, k: &str, d: u64) -> u64 {
        self.0.get(k).and_then(|v| v.parse().ok()).unwrap_or(d)
    }
}

/// A kept-alive HTTP/1.1 connection (enough for Saathi's JSON answers).
struct Http {
    r: BufReader<tokio::net::tcp::OwnedReadHalf>,
    w: tokio::net::tcp::OwnedWriteHalf,
    host: String,
}

impl Http {
    async fn connect(host: &str) -> Res<Http> {
        let s = TcpStream::connect(host).await?;
        s.set_nodelay(true)?;
        let (r, w) = s.into_split();
        Ok(Http { r: BufReader::new(r), w, host: host.to_string() })
    }

    async fn call(&mut self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Res<(u16, Value)> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.w.write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.r.read_line(&mut line).await?;
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or("bad status line")?;
        let mut len = 0usize;
        loop {
            line.clear();
            self.r.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse()?;
            }
        }
        let mut buf = vec![0u8; len];
        self.r.read_exact(&mut buf).await?;
        Ok((status, serde_json::from_slice(&buf).unwrap_or(Value::Null)))
    }
}

fn host_of(base: &str) -> String {
    base.trim_start_matches("http://").trim_end_matches('/').to_string()
}

/// Tokens of generated members: from `--tokens FILE` when it holds enough
/// (an earlier run's sign-ins), else signed in now (and written there).
async fn tokens_for(host: &str, a: &Args, want: usize) -> Res<Vec<String>> {
    let file = a.0.get("tokens").cloned();
    if let Some(f) = &file
        && let Ok(text) = std::fs::read_to_string(f)
    {
        let t: Vec<String> = text.lines().map(str::to_string).filter(|l| !l.is_empty()).collect();
        if t.len() >= want {
            return Ok(t.into_iter().take(want).collect());
        }
    }
    let t = generated_tokens(host, want, a.num("login-par", 8) as usize).await?;
    if let Some(f) = &file {
        std::fs::write(f, t.join("\n"))?;
    }
    Ok(t)
}

/// Signs in generated members (`member-{c}-{n}`) until `want` tokens, `par` at a time.
async fn generated_tokens(host: &str, want: usize, par: usize) -> Res<Vec<String>> {
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let mut center = 1;
    let started = Instant::now();
    'centers: loop {
        // Logins of one centre, in parallel batches; a centre ends at its first unknown login.
        let mut n = 1;
        loop {
            let need = want.saturating_sub(tokens.lock().map(|t| t.len()).unwrap_or(0));
            if need == 0 {
                break 'centers;
            }
            let batch: Vec<String> = (n..n + need.min(par * 8)).map(|i| format!("member-{center}-{i:06}")).collect();
            n += batch.len();
            let sem = Arc::new(Semaphore::new(par));
            let mut handles = Vec::new();
            for login in batch {
                let (host, sem, tokens) = (host.to_string(), sem.clone(), tokens.clone());
                handles.push(tokio::spawn(async move {
                    let _p = sem.acquire().await;
                    let mut h = Http::connect(&host).await.ok()?;
                    let (s, b) = h
                        .call(
                            "POST",
                            "/api/v1/auth/login",
                            None,
                            Some(&json!({ "login": login, "password": PASSWORD })),
                        )
                        .await
                        .ok()?;
                    if s == 200 {
                        tokens.lock().ok()?.push(b["token"].as_str()?.to_string());
                        Some(())
                    } else {
                        None
                    }
                }));
            }
            let mut failed = 0;
            for h in handles {
                if h.await.ok().flatten().is_none() {
                    failed += 1;
                }
            }
            if failed > 0 {
                if n - 1 == failed {
                    break 'centers; // this centre does not exist: no more members
                }
                center += 1;
                continue 'centers;
            }
        }
    }
    let t = tokens.lock().map(|t| t.clone()).unwrap_or_default();
    eprintln!("signed in {} members in {:.1} s", t.len(), started.elapsed().as_secs_f64());
    Ok(t)
}

/// A socket's view: its hello's rooms, and the frames it receives.
struct Client {
    user_id: String,
    rooms: Vec<String>,
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn open(host: &str, token: &str) -> Res<(Ws, Client)> {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{host}/api/v1/ws?token={token}")).await?;
    loop {
        match tokio::time::timeout(Duration::from_secs(30), ws.next()).await?.ok_or("closed")?? {
            Message::Text(t) => {
                let v: Value = serde_json::from_str(&t)?;
                if v["type"] == "hello" {
                    let rooms = v["rooms"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|r| r["id"].as_str().map(str::to_string)).collect())
                        .unwrap_or_default();
                    let user_id = v["user_id"].as_str().unwrap_or_default().to_string();
                    return Ok((ws, Client { user_id, rooms }));
                }
            }
            _ => continue,
        }
    }
}

/// Opens sockets for every token, `par` handshakes at a time.
async fn open_all(host: &str, tokens: &[String], par: usize) -> Vec<(Ws, Client, String)> {
    let sem = Arc::new(Semaphore::new(par));
    let mut handles = Vec::new();
    for t in tokens {
        let (host, t, sem) = (host.to_string(), t.clone(), sem.clone());
        handles.push(tokio::spawn(async move {
            let _p = sem.acquire().await;
            open(&host, &t).await.ok().map(|(ws, c)| (ws, c, t))
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        if let Ok(Some(c)) = h.await {
            out.push(c);
        }
    }
    out
}

fn rss_kib(pid: u64) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Send times of bench messages by their tag, and the latencies measured.
#[derive(Default)]
struct Clock {
    sent: Mutex<HashMap<String, Instant>>,
    lat_ms: Mutex<Vec<f64>>,
    /// Per message: its first and last delivery (ms after it was sent).
    spread_ms: Mutex<HashMap<String, (f64, f64)>>,
    /// How long each post took to be answered.
    answered_ms: Mutex<Vec<f64>>,
    resyncs: std::sync::atomic::AtomicU64,
    /// Told after every delivery measured (the one-at-a-time driver waits on it).
    delivered: tokio::sync::Notify,
}

impl Clock {
    /// Forgets what was measured so far (after a warm-up).
    fn forget(&self) {
        self.lat_ms.lock().map(|mut l| l.clear()).ok();
        self.spread_ms.lock().map(|mut l| l.clear()).ok();
        self.answered_ms.lock().map(|mut l| l.clear()).ok();
    }
}

/// Reads a socket's frames until it closes, recording each bench message's latency.
fn receive(mut ws: Ws, me: String, clock: Arc<Clock>) {
    tokio::spawn(async move {
        while let Some(Ok(m)) = ws.next().await {
            let Message::Text(t) = m else { continue };
            let Ok(v) = serde_json::from_str::<Value>(&t) else { continue };
            match v["type"].as_str() {
                Some("message") => {
                    let now = Instant::now();
                    if v["message"]["author_id"] == me.as_str() {
                        continue;
                    }
                    let Some(tag) = v["message"]["body"].as_str() else { continue };
                    let sent = clock.sent.lock().ok().and_then(|s| s.get(tag).copied());
                    if let Some(s) = sent
                        && let Ok(mut l) = clock.lat_ms.lock()
                    {
                        let ms = now.duration_since(s).as_secs_f64() * 1000.0;
                        l.push(ms);
                        drop(l);
                        if let Ok(mut p) = clock.spread_ms.lock() {
                            let e = p.entry(tag.to_string()).or_insert((ms, ms));
                            *e = (e.0.min(ms), e.1.max(ms));
                        }
                        clock.delivered.notify_waiters();
                    }
                }
                Some("resync") => {
                    clock.resyncs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                _ => {}
            }
        }
        let _ = ws.close(None).await;
    });
}

/// A post to make: room, author's token, tag.
type Post = (String, String, String);

/// Posts at `rate` a second for `seconds`, through `conns` kept-alive connections.
async fn drive(
    host: &str,
    plan: Vec<(String, String)>,
    rate: u64,
    seconds: u64,
    conns: usize,
    clock: Arc<Clock>,
) -> Res<u64> {
    let (tx, rx) = mpsc::channel::<Post>(10_000);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let mut workers = Vec::new();
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    for _ in 0..conns {
        let (host, rx, clock, errors) = (host.to_string(), rx.clone(), clock.clone(), errors.clone());
        workers.push(tokio::spawn(async move {
            let mut h = Http::connect(&host).await.ok()?;
            loop {
                let next = rx.lock().await.recv().await;
                let Some((room, token, tag)) = next else { break };
                let sent = Instant::now();
                if let Ok(mut s) = clock.sent.lock() {
                    s.insert(tag.clone(), sent);
                }
                let r = h
                    .call(
                        "POST",
                        &format!("/api/v1/rooms/{room}/messages"),
                        Some(&token),
                        Some(&json!({ "body": tag })),
                    )
                    .await;
                if let Ok(mut a) = clock.answered_ms.lock() {
                    a.push(sent.elapsed().as_secs_f64() * 1000.0);
                }
                if !matches!(r, Ok((201, _))) {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if r.is_err() {
                        h = Http::connect(&host).await.ok()?;
                    }
                }
            }
            Some(())
        }));
    }
    let total = rate * seconds;
    let every = Duration::from_secs_f64(1.0 / rate as f64);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let run = std::process::id();
    for k in 0..total {
        tick.tick().await;
        let (room, token) = &plan[(k as usize) % plan.len()];
        if tx.try_send((room.clone(), token.clone(), format!("bench {run} {k}"))).is_err() {
            errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    drop(tx);
    for w in workers {
        let _ = w.await;
    }
    Ok(errors.load(std::sync::atomic::Ordering::Relaxed))
}

fn report(label: &str, clock: &Clock, sent: u64, errors: u64) {
    let mut l = clock.lat_ms.lock().map(|l| l.clone()).unwrap_or_default();
    l.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label}: {sent} messages posted ({errors} failed), {} deliveries, send→deliver p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, resyncs {}",
        l.len(),
        pct(&l, 0.50),
        pct(&l, 0.99),
        l.last().copied().unwrap_or(f64::NAN),
        clock.resyncs.load(std::sync::atomic::Ordering::Relaxed)
    );
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v
    };
    let spread = clock.spread_ms.lock().map(|p| p.values().copied().collect::<Vec<_>>()).unwrap_or_default();
    let first = sorted(spread.iter().map(|s| s.0).collect());
    let width = sorted(spread.iter().map(|s| s.1 - s.0).collect());
    let answered = sorted(clock.answered_ms.lock().map(|a| a.clone()).unwrap_or_default());
    println!(
        "  where it goes: post answered p50 {:.2} / p99 {:.2} ms; first delivery p50 {:.2} / p99 {:.2} ms; \
         first to last delivery of a message p50 {:.2} / p99 {:.2} ms",
        pct(&answered, 0.50),
        pct(&answered, 0.99),
        pct(&first, 0.50),
        pct(&first, 0.99),
        pct(&width, 0.50),
        pct(&width, 0.99)
    );
}

/// Waits for the last deliveries after the last post.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(2)).await;
}

async fn idle(host: &str, a: &Args) -> Res<()> {
    let n = a.num("sockets", 10_000) as usize;
    let pid = a.num("server-pid", 0);
    let before = rss_kib(pid);
    let tokens = tokens_for(host, a, n).await?;
    let signed_in = rss_kib(pid);
    let started = Instant::now();
    let socks = open_all(host, &tokens, 64).await;
    println!("idle: {} sockets open in {:.1} s", socks.len(), started.elapsed().as_secs_f64());
    // Let the server settle (each socket said hello), then measure.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let with = rss_kib(pid);
    let mb = |k: Option<u64>| k.map(|k| format!("{:.1} MB", k as f64 / 1024.0)).unwrap_or_else(|| "?".into());
    println!(
        "idle: server RSS before {} | after sign-ins {} | with {} idle sockets {} ({:.1} KiB a socket over the signed-in figure)",
        mb(before),
        mb(signed_in),
        socks.len(),
        mb(with),
        match (with, signed_in) {
            (Some(w), Some(s)) if !socks.is_empty() => (w as f64 - s as f64) / socks.len() as f64,
            _ => f64::NAN,
        }
    );
    drop(socks);
    Ok(())
}

async fn rooms(host: &str, a: &Args) -> Res<()> {
    let n = a.num("sockets", 10_000) as usize;
    let want_rooms = a.num("rooms", 1_000) as usize;
    let tokens = tokens_for(host, a, n).await?;
    let socks = open_all(host, &tokens, 64).await;
    // Rooms by their connected members.
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    for (_, c, t) in &socks {
        for r in &c.rooms {
            members.entry(r.clone()).or_default().push(t.clone());
        }
    }
    let mut by_size: Vec<(String, Vec<String>)> = members.into_iter().filter(|(_, m)| m.len() >= 2).collect();
    by_size.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    by_size.truncate(want_rooms);
    let avg = by_size.iter().map(|r| r.1.len()).sum::<usize>() as f64 / by_size.len().max(1) as f64;
    println!("rooms: {} sockets connected; {} rooms used, {avg:.1} connected members each", socks.len(), by_size.len());
    if by_size.is_empty() {
        return Err("no room with two connected members".into());
    }
    // Posts go round the rooms, each by the next of its members.
    let mut plan = Vec::new();
    let rounds = by_size.iter().map(|r| r.1.len()).max().unwrap_or(1);
    for i in 0..rounds {
        for (room, m) in &by_size {
            plan.push((room.clone(), m[i % m.len()].clone()));
        }
    }
    let clock = Arc::new(Clock::default());
    for (ws, c, _) in socks {
        receive(ws, c.user_id, clock.clone());
    }
    let (rate, seconds) = (a.num("rate", 200), a.num("seconds", 60));
    let errors = drive(host, plan, rate, seconds, a.num("conns", 16) as usize, clock.clone()).await?;
    settle().await;
    report(&format!("rooms ({} rooms, {rate}/s for {seconds} s)", by_size.len()), &clock, rate * seconds, errors);
    if let Some(kib) = rss_kib(a.num("server-pid", 0)) {
        println!("rooms: server RSS with every socket still open {:.1} MB", kib as f64 / 1024.0);
    }
    Ok(())
}

async fn quiet(host: &str, a: &Args) -> Res<()> {
    let size = a.num("members", 12) as usize;
    let mut h = Http::connect(host).await?;
    let (s, b) = h
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(&json!({ "login": a.str("counselor", "counselor-1-1"), "password": PASSWORD })),
        )
        .await?;
    if s != 200 {
        return Err(format!("counsellor login: {s} {b}").into());
    }
    let staff = b["token"].as_str().ok_or("token")?.to_string();
    let run = std::process::id();
    let (s, g) = h
        .call(
            "POST",
            "/api/v1/groups",
            Some(&staff),
            Some(&json!({ "name": format!("Quiet {run}"), "kind": "support", "modality": "online", "capacity": size })),
        )
        .await?;
    if s != 201 {
        return Err(format!("group: {s} {g}").into());
    }
    let gid = g["id"].as_str().ok_or("group id")?.to_string();
    let mut tokens = Vec::new();
    for i in 0..size {
        let login = format!("quiet-{run}-{i}");
        let body = json!({ "login": login, "password": PASSWORD, "display_name": format!("Quiet {i}"),
            "full_name": format!("Quiet Member {i}"), "gender": "male", "birth_year": 1990, "language": "hi",
            "substances": ["alcohol"], "stage": "rehabilitation", "sobriety_start": "2026-01-01" });
        let (s, m) = h.call("POST", "/api/v1/members", Some(&staff), Some(&body)).await?;
        if s != 201 {
            return Err(format!("member: {s} {m}").into());
        }
        let (s, e) = h
            .call(
                "POST",
                &format!("/api/v1/groups/{gid}/enrollments"),
                Some(&staff),
                Some(&json!({ "member_id": m["id"] })),
            )
            .await?;
        if s != 201 {
            return Err(format!("enrol: {s} {e}").into());
        }
        let (_, l) =
            h.call("POST", "/api/v1/auth/login", None, Some(&json!({ "login": login, "password": PASSWORD }))).await?;
        tokens.push(l["token"].as_str().ok_or("token")?.to_string());
    }
    let socks = open_all(host, &tokens, 4).await;
    let room = socks.first().and_then(|(_, c, _)| c.rooms.first().cloned()).ok_or("no room")?;
    let plan: Vec<(String, String)> = socks.iter().map(|(_, _, t)| (room.clone(), t.clone())).collect();
    let clock = Arc::new(Clock::default());
    for (ws, c, _) in socks {
        receive(ws, c.user_id, clock.clone());
    }
    if let Some(n) = a.0.get("one-at-a-time").and_then(|n| n.parse::<u64>().ok()) {
        let errors = one_at_a_time(host, &plan, n, size - 1, &clock).await?;
        report(&format!("one room of {size}, {n} messages one at a time"), &clock, n, errors);
        return Ok(());
    }
    let (rate, seconds) = (a.num("rate", 10), a.num("seconds", 30));
    // A new server's first messages pay for what is done once: each pooled
    // SQLite connection preparing its statements, the room's first
    // fan-out. Sent at the same rate, and not counted.
    let warmup = a.num("warmup-seconds", 2);
    if warmup > 0 {
        drive(host, plan.clone(), rate, warmup, 1, clock.clone()).await?;
        settle().await;
        clock.forget();
    }
    let errors = drive(host, plan, rate, seconds, 1, clock.clone()).await?;
    settle().await;
    report(&format!("quiet room of {size} ({rate}/s for {seconds} s)"), &clock, rate * seconds, errors);
    Ok(())
}

/// Posts `n` messages in turn by the room's members, each once the one
/// before has reached all `others` recipients (or 5 s have passed).
async fn one_at_a_time(host: &str, plan: &[(String, String)], n: u64, others: usize, clock: &Clock) -> Res<u64> {
    let mut h = Http::connect(host).await?;
    let (mut errors, run) = (0, std::process::id());
    let measured = || clock.lat_ms.lock().map(|l| l.len()).unwrap_or(0);
    for k in 0..n {
        let (room, token) = &plan[(k as usize) % plan.len()];
        let tag = format!("one {run} {k}");
        let want = measured() + others;
        if let Ok(mut s) = clock.sent.lock() {
            s.insert(tag.clone(), Instant::now());
        }
        let body = json!({ "body": tag });
        match h.call("POST", &format!("/api/v1/rooms/{room}/messages"), Some(token), Some(&body)).await {
            Ok((201, _)) => {}
            _ => errors += 1,
        }
        let all_there = async {
            loop {
                let told = clock.delivered.notified();
                if measured() >= want {
                    break;
                }
                told.await;
            }
        };
        if tokio::time::timeout(Duration::from_secs(5), all_there).await.is_err() {
            errors += 1;
        }
    }
    Ok(errors)
}

fn main() -> Res<()> {
    let (mode, a) = Args::parse();
    let host = host_of(&a.str("base", "http://127.0.0.1:8080"));
    // The quiet room's 12 clients are light: on one thread (as a phone
    // is), a frame's arrival wakes one thread, not a worker that then
    // wakes another. The busy runs keep a thread per core.
    let runtime = match mode.as_str() {
        "quiet" => tokio::runtime::Builder::new_current_thread().enable_all().build()?,
        _ => tokio::runtime::Builder::new_multi_thread().enable_all().build()?,
    };
    runtime.block_on(async {
        match mode.as_str() {
            "idle" => idle(&host, &a).await,
            "rooms" => rooms(&host, &a).await,
            "quiet" => quiet(&host, &a).await,
            _ => {
                eprintln!(
                    "usage: live_load idle|rooms|quiet --base http://host:port [options] (see the source's header)"
                );
                std::process::exit(2)
            }
        }
    })
}
