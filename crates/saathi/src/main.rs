//! The `saathi` command: serve a centre, manage centres and users, migrate,
//! back up, and generate demo data.

mod demo;
mod generate;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use saathi_domain::{FieldErrors, Role, center, validation};
use saathi_server::auth::password;
use saathi_store::{NewCenter, NewUser, NoteKeys, Store, now_ms};
use std::io::Read;

#[derive(Parser)]
#[command(name = "saathi", version, about = "Peer support and group therapy for de-addiction centres")]
struct Cli {
    /// sqlite://FILE (default, created) or postgres://…
    #[arg(long, global = true, env = "SAATHI_DATABASE_URL", default_value = "sqlite://saathi.db")]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the API.
    Serve {
        #[arg(long, env = "SAATHI_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo centre into an empty database and print its logins.
        #[arg(long)]
        demo: bool,
        /// Minutes of inactivity after which a staff session ends.
        #[arg(long, env = "SAATHI_STAFF_IDLE_MINUTES", default_value_t = 30)]
        staff_idle_minutes: i64,
        /// Seconds of inactivity after which a sign-in on the centre's shared tablet (kiosk) ends.
        #[arg(long, env = "SAATHI_KIOSK_IDLE_SECS", default_value_t = 120)]
        kiosk_idle_secs: i64,
        /// Send cookies without the Secure flag (only for plain-HTTP test set-ups).
        #[arg(long, env = "SAATHI_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// Replace every centre's crisis acknowledgement timeout (seconds; for drills and tests).
        #[arg(long, env = "SAATHI_CRISIS_TIMEOUT_SECONDS")]
        crisis_timeout_seconds: Option<i64>,
    },
    /// Centres.
    Center {
        #[command(subcommand)]
        command: CenterCommand,
    },
    /// Users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Apply schema migrations.
    Migrate,
    /// Write a consistent copy of the database while it is in use.
    Backup { file: std::path::PathBuf },
    /// Generate a large realistic data set for benchmarks.
    Demo {
        #[arg(long, default_value_t = 100_000)]
        members: usize,
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
}

#[derive(Subcommand)]
enum CenterCommand {
    /// Create a centre; prints its id alone on stdout.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = center::DEFAULT_TIMEZONE)]
        timezone: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; prints its id alone on stdout.
    Add {
        #[arg(long)]
        role: String,
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        center: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The allocator: jemalloc, for every allocation of the process (Rust's,
/// and SQLite's and other C code's `malloc`, which it replaces on Linux).
/// Measured on the attendance benchmark, glibc's malloc took a third of the
/// server's time (its arena locks, consolidation of freed blocks); with
/// jemalloc the same saves run about half as fast again, and memory freed
/// (a sign-in's 19 MiB of hashing memory among it) is reused or handed back
/// as it ages. jemalloc's background purging thread is left off: its purges
/// cost a quiet chat room's next messages their warm pages (p99 2.2–2.7 ms
/// against 1.8–1.9 without). jemalloc's `MALLOC_CONF` environment variable
/// changes its settings (`background_thread:true` to turn it on).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging();
    let store = Store::connect(&cli.database_url)
        .await
        .with_context(|| format!("cannot open the database at {}", cli.database_url))?;
    store.migrate().await.context("migrations failed")?;
    match cli.command {
        Command::Serve {
            addr,
            demo,
            staff_idle_minutes,
            kiosk_idle_secs,
            insecure_cookies,
            crisis_timeout_seconds,
        } => {
            let store = with_note_keys(store)?;
            let empty = store.is_empty().await?;
            if demo {
                if !empty {
                    bail!(
                        "this database ({}) already holds data, so the demo centre was not loaded.\n\
                         To serve it as it is, run without --demo. To try the demo afresh, use a new \
                         database, e.g. --database-url sqlite://demo-2.db",
                        cli.database_url
                    );
                }
                let logins = demo::load(&store).await?;
                eprintln!("\nDemo centre loaded. Sign in at http://{addr}/ with any of these:\n");
                for l in &logins.accounts {
                    eprintln!("  {:<12} login: {:<16} password: {}", l.role, l.login, l.password);
                }
                eprintln!(
                    "\nOn the centre's shared tablet (set it up at http://{addr}/kiosk/setup as the counsellor),\n\
                     these members sign in at http://{addr}/kiosk with a member code and PIN:\n"
                );
                for k in &logins.kiosk {
                    eprintln!("  {:<12} member code: {:<9} PIN: {}", k.name, k.code, k.pin);
                }
                eprintln!();
            } else if empty {
                eprintln!("{}", first_start_help(&cli.database_url));
            }
            let config = saathi_server::Config {
                staff_idle_ms: staff_idle_minutes * 60_000,
                kiosk_idle_ms: kiosk_idle_secs.max(1) * 1000,
                secure_cookies: !insecure_cookies,
                smtp: saathi_server::jobs::email::SmtpConfig::from_env(),
                crisis_timeout_seconds: crisis_timeout_seconds.filter(|s| *s > 0),
            };
            saathi_server::serve(store, config, &addr).await
        }
        Command::Center { command: CenterCommand::Add { name, timezone } } => {
            let mut e = FieldErrors::new();
            e.text("name", &name, validation::limits::NAME);
            center::check_timezone(&mut e, &timezone);
            if !e.is_empty() {
                bail!("cannot create the centre: {e}");
            }
            let c = store.create_center(&NewCenter { name: name.trim().to_string(), timezone }, now_ms()).await?;
            println!("{}", c.id);
            Ok(())
        }
        Command::User { command: UserCommand::Add { role, login, name, center, password_stdin } } => {
            let Some(role) = Role::parse(&role) else {
                bail!("unknown role {role:?}: use one of admin, counselor, peer_mentor, member, family");
            };
            if role == Role::Member {
                bail!(
                    "members have a record as well as an account: admit them from the web app or POST /api/v1/members"
                );
            }
            if store.get_center(&center).await?.is_none() {
                bail!("no centre with id {center:?}; create one with `saathi center add --name …`");
            }
            let (pw, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                (s.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (password::generate(), true)
            };
            let mut e = FieldErrors::new();
            validation::check_login(&mut e, &login);
            validation::check_password(&mut e, &pw);
            e.text("name", &name, validation::limits::NAME);
            if !e.is_empty() {
                bail!("cannot create the user: {e}");
            }
            let u = store
                .create_user(
                    &NewUser {
                        center_id: center,
                        role,
                        login,
                        phone: None,
                        password_hash: password::hash_async(pw.clone()).await?,
                        display_name: name.trim().to_string(),
                        full_name: None,
                        language: "en".into(),
                    },
                    None,
                    now_ms(),
                )
                .await?;
            println!("{}", u.id);
            if generated {
                eprintln!("one-time password: {pw}");
            }
            Ok(())
        }
        Command::Migrate => {
            eprintln!("database is up to date");
            Ok(())
        }
        Command::Backup { file } => {
            if file.exists() {
                bail!("{} already exists; choose a new file name", file.display());
            }
            store.backup(&file).await?;
            eprintln!("backup written to {}", file.display());
            Ok(())
        }
        Command::Demo { members, days } => generate::run(&with_note_keys(store)?, members, days).await,
    }
}

/// The note-encryption key: `SAATHI_SECRET_KEY_FILE`, else `saathi-notes.key`
/// beside the SQLite database (or in the working directory for PostgreSQL),
/// created at first start.
fn with_note_keys(store: Store) -> anyhow::Result<Store> {
    let path = match std::env::var_os("SAATHI_SECRET_KEY_FILE") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let dir = store.sqlite_path().and_then(|p| p.parent().map(|d| d.to_path_buf())).unwrap_or_default();
            dir.join("saathi-notes.key")
        }
    };
    let (keys, created) =
        NoteKeys::load_or_create(&path).with_context(|| format!("note-encryption key {}", path.display()))?;
    if created {
        eprintln!(
            "Created the note-encryption key {}. Back it up with the database: without it the notes cannot be read. \
             Every instance serving this database must use the same key (SAATHI_SECRET_KEY_FILE).",
            path.display()
        );
    }
    Ok(store.with_note_keys(keys))
}

fn first_start_help(db: &str) -> String {
    format!(
        "This database has no centre yet. Create the first centre and its admin:\n\n  \
         saathi --database-url {db} center add --name \"My Kendra\"\n  \
         saathi --database-url {db} user add --role admin --login admin --name \"Admin\" --center <the id printed above>\n\n\
         The second command prints a one-time password. Or start again with `saathi serve --demo` \
         on a new database to try Saathi with a demo centre.\n"
    )
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("SAATHI_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
