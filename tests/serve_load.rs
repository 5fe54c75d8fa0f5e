//! `baocao serve` under load: many readers while the editor keeps saving.

mod common;
#[path = "common/serve_client.rs"]
mod serve_client;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::Site;
use serve_client::Server;

const BINARY: &str = env!("CARGO_BIN_EXE_baocao");
const NARRATIVE: &str = "content/provinces/ben-tre/2020/report.vi.md";
const PAGES: [&str; 4] = [
    "/vi/ben-tre/2020/",
    "/vi/",
    "/en/ben-tre/2020/",
    "/vi/ben-tre/",
];
const CLIENTS: usize = 50;
const SAVES: usize = 20;
/// Each client's most requests, so the test stays bounded whatever the speed.
const MOST_REQUESTS: usize = 400;

/// The version marks a page carries: one saved narrative shows one mark.
fn marks(body: &str) -> Vec<usize> {
    body.split("Dấu phiên bản v")
        .skip(1)
        .filter_map(|rest| rest.split('v').next()?.parse().ok())
        .collect()
}

fn save(site: &Site, version: usize) {
    site.write(
        NARRATIVE,
        &format!("---\ntitle: Bến Tre\n---\nDấu phiên bản v{version}v.\n\nMột đoạn văn nữa.\n"),
    );
}

/// Resident memory of a process, in kB.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// One reader: fetches pages until told to stop; returns the number of requests.
fn reader(server: Arc<Server>, stop: Arc<AtomicBool>, id: usize) -> usize {
    let mut count = 0;
    while !stop.load(Ordering::Relaxed) && count < MOST_REQUESTS {
        let path = PAGES[(id + count) % PAGES.len()];
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}: {}", page.head);
        assert!(
            page.body.trim_end().ends_with("</html>"),
            "{path} is cut short"
        );
        let marks = marks(&page.body);
        assert!(
            marks.windows(2).all(|w| w[0] == w[1]),
            "{path} mixes versions {marks:?}"
        );
        count += 1;
    }
    count
}

#[cfg(target_os = "linux")]
#[test]
fn fifty_readers_while_the_content_is_saved_twenty_times_get_whole_pages() {
    let site = Site::minimal();
    save(&site, 0);
    let server = Arc::new(Server::start(BINARY, site.dir.path(), &[]));
    let events = server.events();
    // Warm up: every page once, and one rebuild, before memory is measured.
    for path in PAGES {
        assert_eq!(server.get(path).status, 200);
    }
    let started_with = rss_kb(server.pid());

    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let (server, stop) = (Arc::clone(&server), Arc::clone(&stop));
            std::thread::spawn(move || reader(server, stop, id))
        })
        .collect();
    let started = Instant::now();
    for version in 1..=SAVES {
        save(&site, version);
        assert!(
            events.next_reload(Duration::from_secs(30)).is_some(),
            "no reload after save {version}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    let requests: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(requests >= CLIENTS, "only {requests} requests were made");

    // A save can come as two events (the file emptied, then written), each with its
    // rebuild and reload: the last save is served after a reload at most.
    let mut last = server.get(PAGES[0]);
    while marks(&last.body) != [SAVES] && events.next_reload(Duration::from_secs(30)).is_some() {
        last = server.get(PAGES[0]);
    }
    assert_eq!(marks(&last.body), [SAVES], "the last save is served");
    let ended_with = rss_kb(server.pid());
    eprintln!(
        "{requests} requests; resident memory {started_with} kB before, {ended_with} kB after"
    );
    assert!(
        ended_with < started_with + started_with / 2 + 16_000,
        "memory grew from {started_with} kB to {ended_with} kB"
    );
}
