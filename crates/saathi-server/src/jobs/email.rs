//! A small SMTP client for one thing: handing a plain-text notification to
//! the centre's local mail relay (`SAATHI_SMTP=host:port`, plain SMTP, no
//! TLS and no login: the relay on the same machine or network does the
//! rest). EHLO, MAIL FROM, RCPT TO, DATA, QUIT over a TCP stream.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// How long any one step (connecting, one reply) may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest reply line read from the server.
const LINE_MAX: usize = 2048;

/// Where e-mail goes and who it is from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// `host:port` of the relay.
    pub addr: String,
    /// The sender address.
    pub from: String,
}

impl SmtpConfig {
    /// From `SAATHI_SMTP` (`host:port`) and `SAATHI_SMTP_FROM` (default
    /// `saathi@localhost`); `None` when `SAATHI_SMTP` is unset or empty.
    pub fn from_env() -> Option<SmtpConfig> {
        let addr = std::env::var("SAATHI_SMTP").ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())?;
        let from = std::env::var("SAATHI_SMTP_FROM")
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "saathi@localhost".into());
        Some(SmtpConfig { addr, from })
    }
}

/// One e-mail: plain text, UTF-8.
#[derive(Debug, Clone)]
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Sends one mail; an error says which step failed and what the server said.
pub async fn send(cfg: &SmtpConfig, mail: &Mail<'_>) -> Result<(), String> {
    for addr in [cfg.from.as_str(), mail.to] {
        if !plausible_address(addr) {
            return Err(format!("unusable address {addr:?}"));
        }
    }
    let stream = tokio::time::timeout(STEP_TIMEOUT, TcpStream::connect(&cfg.addr))
        .await
        .map_err(|_| "connect: timed out".to_string())?
        .map_err(|e| format!("connect: {e}"))?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    expect(&mut read, "greeting", 220).await?;
    command(&mut read, &mut write, "EHLO saathi\r\n", "EHLO", 250).await?;
    command(&mut read, &mut write, &format!("MAIL FROM:<{}>\r\n", cfg.from), "MAIL FROM", 250).await?;
    command(&mut read, &mut write, &format!("RCPT TO:<{}>\r\n", mail.to), "RCPT TO", 250).await?;
    command(&mut read, &mut write, "DATA\r\n", "DATA", 354).await?;
    let message = message(cfg, mail);
    write.write_all(message.as_bytes()).await.map_err(|e| format!("DATA: {e}"))?;
    command(&mut read, &mut write, ".\r\n", "end of data", 250).await?;
    // The mail is accepted; a relay that hangs up before answering QUIT changes nothing.
    let _ = command(&mut read, &mut write, "QUIT\r\n", "QUIT", 221).await;
    Ok(())
}

/// Safe to put in an SMTP command: ASCII (no SMTPUTF8 is asked for), no
/// spaces, angle brackets or line breaks (which could inject commands), one
/// `@` with something on both sides. (The sender may be `saathi@localhost`;
/// the addresses people give are checked by the domain's stricter rule.)
fn plausible_address(a: &str) -> bool {
    let bad = |c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | ',' | ';');
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !a.chars().any(bad) && a.len() <= 254
        }
        None => false,
    }
}

/// The message: headers, then the body in base64 (safe for any relay,
/// whatever the script).
fn message(cfg: &SmtpConfig, mail: &Mail<'_>) -> String {
    let subject = format!("=?UTF-8?B?{}?=", STANDARD.encode(mail.subject));
    let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S +0000");
    let host = cfg.from.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost");
    let encoded = STANDARD.encode(mail.body);
    let mut body = String::new();
    for chunk in encoded.as_bytes().chunks(76) {
        body.push_str(&String::from_utf8_lossy(chunk));
        body.push_str("\r\n");
    }
    format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nDate: {date}\r\n\
         Message-ID: <{id}@{host}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n{body}",
        from = cfg.from,
        to = mail.to,
        id = saathi_store::new_id(),
    )
}

async fn command<R, W>(read: &mut R, write: &mut W, line: &str, step: &str, code: u16) -> Result<(), String>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWriteExt + Unpin,
{
    write.write_all(line.as_bytes()).await.map_err(|e| format!("{step}: {e}"))?;
    write.flush().await.map_err(|e| format!("{step}: {e}"))?;
    expect(read, step, code).await
}

/// Reads one reply (all its lines) and checks its code.
async fn expect<R: AsyncBufRead + Unpin>(read: &mut R, step: &str, code: u16) -> Result<(), String> {
    loop {
        let mut line = String::new();
        let n = tokio::time::timeout(STEP_TIMEOUT, (&mut *read).take(LINE_MAX as u64).read_line(&mut line))
            .await
            .map_err(|_| format!("{step}: no answer"))?
            .map_err(|e| format!("{step}: {e}"))?;
        if n == 0 {
            return Err(format!("{step}: connection closed"));
        }
        let got: u16 = line.get(..3).and_then(|c| c.parse().ok()).ok_or_else(|| format!("{step}: bad reply"))?;
        let last = line.as_bytes().get(3) != Some(&b'-');
        if got != code {
            return Err(format!("{step}: {}", line.trim_end()));
        }
        if last {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(plausible_address("ravi@example.org"));
        for bad in ["", "ravi", "@x", "ravi@", "a b@x", "a@x\r\nRCPT TO:<b@y>", "a<b@x", "a@b@c", "राम@x.in"] {
            assert!(!plausible_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_body_is_base64_and_the_subject_an_encoded_word() {
        let cfg = SmtpConfig { addr: "x:25".into(), from: "saathi@kendra.example".into() };
        let m = message(&cfg, &Mail { to: "r@x.example", subject: "नई सूचना", body: "Hello\n.\nthere" });
        assert!(m.contains(&format!("Subject: =?UTF-8?B?{}?=", STANDARD.encode("नई सूचना"))));
        assert!(m.contains(&STANDARD.encode("Hello\n.\nthere")));
        assert!(!m.contains("\r\n.\r\n"), "no line of a lone dot in the data");
    }
}
