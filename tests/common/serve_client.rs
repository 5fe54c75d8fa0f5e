//! A `baocao serve` process and a minimal HTTP/1.0 client for it, over raw TCP
//! so that paths reach the server exactly as written (clients normalise `..`).
//! Shared by the serve tests and the save-to-reload benchmark.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `baocao serve` on a free port; stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The address it printed, e.g. `http://127.0.0.1:41234/bao-cao/`.
    pub home: String,
}

impl Server {
    /// Starts `baocao serve --port 0 <args>` in `dir` and waits until it serves.
    pub fn start(binary: &str, dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(binary)
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(dir)
            // English unless the test asks for another language with `--lang`.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("baocao serve starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("baocao serve prints its address");
        let home = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let port = home["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the address");
        Server { child, port, home }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `GET <raw path>`: the status and the body.
    pub fn get(&self, raw_path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        write!(stream, "GET {raw_path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("sends");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("reads the response");
        let text = String::from_utf8_lossy(&bytes).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// Subscribes to the reload events.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        write!(
            stream,
            "GET /__baocao/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("sends");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if lines.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        let events = Events { received };
        // The response head arrives once the server has subscribed us.
        events.wait_for_line(|l| l.is_empty(), Duration::from_secs(10));
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// The lines of an open event stream, with the instant each arrived.
pub struct Events {
    received: mpsc::Receiver<(Instant, String)>,
}

impl Events {
    /// Waits for the next `reload` event; returns when it arrived.
    pub fn next_reload(&self, timeout: Duration) -> Option<Instant> {
        self.wait_for_line(|l| l == "event: reload", timeout)
    }

    fn wait_for_line(&self, wanted: impl Fn(&str) -> bool, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (at, line) = self.received.recv_timeout(left).ok()?;
            if wanted(line.trim_end()) {
                return Some(at);
            }
        }
    }
}
