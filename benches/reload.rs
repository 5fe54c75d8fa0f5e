//! Save-to-reload benchmark: how long from saving a narrative of the bundled site
//! until `baocao serve` sends the open pages their reload event. The bar is 300 ms.
//! Run with `cargo bench --bench reload`; it exits non-zero when the median misses the bar.
//!
//! `BAOCAO_RELOAD_SITE=folder` serves the site in that folder instead (its `content/`
//! and `themes/` are copied), saving the narrative of province `tinh-31`'s 2019
//! report: the national site that `BAOCAO_BENCH_DIR=folder cargo bench --bench build`
//! generates is `folder/site-63`.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/serve_client.rs"]
mod serve_client;

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serve_client::Server;

const SAVES: usize = 20;
const BAR: Duration = Duration::from_millis(300);
const NARRATIVE: &str = "content/provinces/thai-nguyen/2023/report.vi.md";
const PAGE: &str = "/vi/thai-nguyen/2023/";
const NATIONAL_NARRATIVE: &str = "content/provinces/tinh-31/2019/report.vi.md";
const NATIONAL_PAGE: &str = "/vi/tinh-31/2019/";

fn main() -> ExitCode {
    let national = std::env::var_os("BAOCAO_RELOAD_SITE").map(std::path::PathBuf::from);
    let root = national
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf());
    let national_site = national.is_some();
    let (narrative, page) = match national {
        Some(_) => (NATIONAL_NARRATIVE, NATIONAL_PAGE),
        None => (NARRATIVE, PAGE),
    };
    let scratch = tempfile::tempdir().expect("a temporary folder");
    for folder in ["content", "themes"].map(|f| root.join(f)) {
        if folder.is_dir() {
            let name = folder.file_name().expect("a folder name");
            common::copy_tree(&folder, &scratch.path().join(name));
        }
    }
    let server = Server::start(env!("CARGO_BIN_EXE_baocao"), scratch.path(), &[]);
    let events = server.events();
    let narrative = scratch.path().join(narrative);
    let original = std::fs::read_to_string(&narrative).expect("the bundled narrative");

    let mut times = Vec::with_capacity(SAVES);
    for save in 0..SAVES {
        let marker = format!("Lần lưu thứ {save} trong phép đo.");
        let saved = Instant::now();
        std::fs::write(&narrative, format!("{original}\n{marker}\n")).expect("saves");
        let Some(reloaded) = events.next_reload(Duration::from_secs(10)) else {
            eprintln!("save {save}: no reload event within 10 s");
            return ExitCode::FAILURE;
        };
        times.push(reloaded.duration_since(saved));
        if !server.get(page).body.contains(&marker) {
            eprintln!("save {save}: the reloaded page does not show the change");
            return ExitCode::FAILURE;
        }
        // Let the watcher settle, as between two saves by an editor.
        std::thread::sleep(Duration::from_millis(150));
    }
    times.sort();
    let median = times[times.len() / 2];
    let p90 = times[times.len() * 9 / 10];
    let slowest = times[times.len() - 1];
    println!(
        "save → reload, {} site, {SAVES} saves: median {} ms, 90th percentile {} ms, slowest {} ms (bar: {} ms)",
        if national_site { "national" } else { "bundled" },
        median.as_millis(),
        p90.as_millis(),
        slowest.as_millis(),
        BAR.as_millis()
    );
    if median <= BAR {
        ExitCode::SUCCESS
    } else {
        eprintln!("the median save-to-reload time is over the bar");
        ExitCode::FAILURE
    }
}
