//! The search, end to end in a real browser: a site published under a sub-path is
//! served over HTTP, and headless Chromium runs the search page's JavaScript.
//!
//! Chromium comes from Debian's `chromium` package; when `/usr/bin/chromium` is
//! missing and the tests run as root, this test installs it with apt-get. The pages
//! are served by `python3 -m http.server`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, installed from Debian's packages when it is missing.
fn chromium() -> PathBuf {
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return path;
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    assert!(
        root,
        "{CHROMIUM} is missing: install it with `apt-get install -y chromium` (as root)"
    );
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !apt(&["install", "-y", "--no-install-recommends", "chromium"]) {
        assert!(apt(&["update"]), "apt-get update failed");
        assert!(
            apt(&["install", "-y", "--no-install-recommends", "chromium"]),
            "apt-get install chromium failed"
        );
    }
    path
}

/// A static file server on a free port of 127.0.0.1: Python's `http.server`, which
/// comes with Debian like Chromium. Stopped when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "0",
                "--directory",
            ])
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 runs");
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        let mut line = String::new();
        let stdout = child.stdout.take().expect("the server's output");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
        let port = line
            .split(" port ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in `{line}`"));
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page's DOM after its scripts ran.
fn dom_after_scripts(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// The links the search listed as results.
fn results(dom: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(dom);
    let selector = scraper::Selector::parse("#search-results li a").unwrap();
    html.select(&selector)
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn search_finds_a_province_typed_without_diacritics_under_a_sub_path() {
    let site = Site::minimal();
    site.write(
        "content/provinces/dak-lak/province.yaml",
        "name: {vi: Đắk Lắk, en: Dak Lak}\nregion: {vi: Tây Nguyên, en: Central Highlands}\n",
    );
    // Published under a sub-path: the server's root holds the site in `bao-cao/`.
    let out = site.run(&[
        "build",
        "--base-url",
        "/bao-cao/",
        "--output",
        "www/bao-cao",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let server = Server::start(&site.dir.path().join("www"));
    let port = server.port;
    let page = |lang: &str, query: &str| {
        let search = if lang == "vi" { "tim-kiem" } else { "search" };
        format!("http://127.0.0.1:{port}/bao-cao/{lang}/{search}/?q={query}")
    };

    let found = results(&dom_after_scripts(&page("vi", "dak+lak")));
    assert_eq!(
        found.first().map(String::as_str),
        Some("/bao-cao/vi/dak-lak/"),
        "{found:?}"
    );
    // `d` finds names that start with đ; the English page finds the province too.
    assert!(
        results(&dom_after_scripts(&page("vi", "d"))).contains(&"/bao-cao/vi/dak-lak/".to_string())
    );
    assert!(
        results(&dom_after_scripts(&page("en", "Đắk")))
            .contains(&"/bao-cao/en/dak-lak/".to_string())
    );
    // A narrative word, typed without its marks, finds the report.
    let report = results(&dom_after_scripts(&page("vi", "giai+quyet+viec+lam")));
    assert!(
        report.contains(&"/bao-cao/vi/ben-tre/2020/".to_string()),
        "{report:?}"
    );
    assert!(results(&dom_after_scripts(&page("vi", "khongcotu"))).is_empty());
}
