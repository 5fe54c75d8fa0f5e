//! The search, end to end in a real browser: a site published under a sub-path is
//! served over HTTP, and headless Chromium runs the search page's JavaScript.
//!
//! Chromium comes from Debian's `chromium` package; when `/usr/bin/chromium` is
//! missing and the tests run as root, this test installs it with apt-get.

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

/// Serves `dir` under `/<prefix>/` on a free port of 127.0.0.1, in a background thread.
fn serve(dir: &Path, prefix: &'static str) -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a free port");
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split('?').next().unwrap_or("").to_string();
            let file = path.strip_prefix(prefix).map(|rel| {
                let rel = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                dir.join(rel)
            });
            let response = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                Some((file, bytes)) => {
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("js") => "text/javascript; charset=utf-8",
                        Some("json") => "application/json",
                        Some("css") => "text/css",
                        Some("svg") => "image/svg+xml",
                        _ => "application/octet-stream",
                    };
                    let header = tiny_http::Header::from_bytes("Content-Type", kind).unwrap();
                    tiny_http::Response::from_data(bytes).with_header(header)
                }
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    port
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
    let out = site.run(&["build", "--base-url", "/bao-cao/"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let port = serve(&site.output(), "/bao-cao/");
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
