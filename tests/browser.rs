//! The site in a real browser: a site published under a sub-path is served over
//! HTTP, and headless Chromium runs the search page's JavaScript and lays out every
//! page of the bundled site at a phone's width.
//!
//! Chromium comes from Debian's `chromium` package; when `/usr/bin/chromium` is
//! missing and the tests run as root, these tests install it with apt-get. Without
//! Chromium (not root, no apt-get, no network) or without `python3`, which serves the
//! pages with `python3 -m http.server`, they print why and pass without checking.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, installed from Debian's packages when it is missing and the tests run
/// as root; `None`, with a note on stderr, when it cannot be had or `python3` is missing.
fn chromium() -> Option<PathBuf> {
    static FOUND: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOUND.get_or_init(find_chromium).clone()
}

fn find_chromium() -> Option<PathBuf> {
    let runs = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !runs("python3", &["--version"]) {
        eprintln!("note: browser tests skipped: python3, which serves the pages, is missing");
        return None;
    }
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let install = ["install", "-y", "--no-install-recommends", "chromium"];
    let installed = root
        && (runs("apt-get", &install)
            || (runs("apt-get", &["update"]) && runs("apt-get", &install)));
    if installed && path.is_file() {
        return Some(path);
    }
    eprintln!(
        "note: browser tests skipped: {CHROMIUM} is missing; install it with `apt-get install -y chromium`"
    );
    None
}

/// Headless Chromium with a fresh profile and the flags that keep it quiet.
fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
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

/// The page's DOM after its scripts ran for up to `budget_ms` of virtual time.
fn dom_after_scripts(chromium: &Path, url: &str, budget_ms: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = headless(chromium, profile.path())
        .arg(format!("--virtual-time-budget={budget_ms}"))
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
    let Some(chromium) = chromium() else { return };
    let dom_after_scripts = |url: &str| dom_after_scripts(&chromium, url, 10_000);
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

/// The narrowest phone the site is made for, in CSS pixels.
const PHONE: u32 = 390;

/// A page that loads each page of `PAGES` in a frame `PHONE` pixels wide, opens every
/// `<details>`, and writes a line per page: the page, a tab, and what `LOOK`, a function
/// of the frame's document and window, says of it. The frames are sandboxed without
/// scripts, so that no `<meta http-equiv=refresh>` leaves the page.
const PHONE_PROBE: &str = r#"<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>Phone</title>
<pre id="seen"></pre>
<script>
const pages = PAGES, phone = PHONE, out = document.getElementById("seen");
const look = LOOK;
function measure(url) {
  return new Promise(resolve => {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-same-origin");
    frame.style.cssText = `width:${phone}px;height:900px;border:0`;
    frame.onload = async () => {
      const doc = frame.contentDocument;
      await doc.fonts.ready;
      doc.querySelectorAll("details").forEach(d => d.open = true);
      const seen = look(doc, frame.contentWindow);
      frame.remove();
      resolve(`${url}\t${seen}`);
    };
    frame.src = url;
    document.body.append(frame);
  });
}
(async () => {
  for (const page of pages) out.textContent += (await measure(page)) + "\n";
  out.textContent += "done\n";
})();
</script>"#;

/// What `look` says of each of `pages` of the site in `www`, each in a frame as wide as
/// a phone ([`PHONE_PROBE`]), by page.
fn on_a_phone(chromium: &Path, www: &Path, pages: &[String], look: &str) -> Vec<(String, String)> {
    let probe = PHONE_PROBE
        .replace("PAGES", &serde_json::to_string(pages).unwrap())
        .replace("PHONE", &PHONE.to_string())
        .replace("LOOK", look);
    std::fs::write(www.join("phone-probe.html"), probe).unwrap();
    let server = Server::start(www);
    let url = format!("http://127.0.0.1:{}/phone-probe.html", server.port);
    let dom = dom_after_scripts(chromium, &url, 120_000);
    let html = scraper::Html::parse_document(&dom);
    let selector = scraper::Selector::parse("#seen").unwrap();
    let text: String = html.select(&selector).flat_map(|e| e.text()).collect();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.last(),
        Some(&"done"),
        "every page was looked at:\n{text}"
    );
    assert_eq!(lines.len(), pages.len() + 1, "{text}");
    lines[..pages.len()]
        .iter()
        .map(|l| {
            let (page, seen) = l.split_once('\t').unwrap_or((l, ""));
            (page.to_string(), seen.to_string())
        })
        .collect()
}

/// The HTML pages of the site in `www`, as paths from its root.
fn html_pages(www: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(www)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| format!("/{}", e.path().strip_prefix(www).unwrap().display()))
        .collect();
    pages.sort();
    pages
}

/// The bundled site built under `/bao-cao/` in `www/bao-cao/` of a temporary folder.
fn bundled_under_sub_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    let mut options = baocao::BuildOptions::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        www.join("bao-cao"),
    );
    options.base_url = Some("/bao-cao/".into());
    baocao::build(&options).expect("the bundled site builds");
    (dir, www)
}

#[test]
fn the_example_in_the_search_box_finds_what_it_names() {
    let Some(chromium) = chromium() else { return };
    let (_dir, www) = bundled_under_sub_path();
    let server = Server::start(&www);
    for (lang, search) in [("vi", "tim-kiem"), ("en", "search")] {
        let page = std::fs::read_to_string(www.join(format!("bao-cao/{lang}/{search}/index.html")))
            .unwrap();
        for example in common::search_examples(&page) {
            let query = example.replace(' ', "+");
            let url = format!(
                "http://127.0.0.1:{}/bao-cao/{lang}/{search}/?q={query}",
                server.port
            );
            let found = results(&dom_after_scripts(&chromium, &url, 10_000));
            assert!(!found.is_empty(), "{lang}: `{example}` finds nothing");
        }
    }
}

#[test]
fn no_page_of_the_bundled_site_is_wider_than_a_phone_with_every_details_open() {
    let Some(chromium) = chromium() else { return };
    let (_dir, www) = bundled_under_sub_path();
    let pages = html_pages(&www);
    assert!(pages.len() > 100, "{} pages", pages.len());
    // The page's width, then up to three elements that stick out.
    let look = r#"(doc) => {
      const name = e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).replace(/ /g, ".") : "");
      const sticksOut = e => e.getBoundingClientRect().right > phone + 0.5;
      const culprits = [...doc.querySelectorAll("body *")]
        .filter(e => sticksOut(e) && ![...e.children].some(sticksOut)).slice(0, 3).map(name);
      return `${doc.documentElement.scrollWidth} ${culprits.join(" ")}`;
    }"#;
    let wide: Vec<String> = on_a_phone(&chromium, &www, &pages, look)
        .into_iter()
        .filter(|(_, seen)| {
            let width = seen.split(' ').next().and_then(|w| w.parse::<u32>().ok());
            width.is_none_or(|w| w > PHONE)
        })
        .map(|(page, seen)| format!("{page} {seen}"))
        .collect();
    assert!(
        wide.is_empty(),
        "pages wider than {PHONE} px (page, width, what sticks out):\n{}",
        wide.join("\n")
    );
}

/// On a phone a table of results, changes or rankings is a card per row, and each
/// value is labelled with its column's heading, which the page hides.
#[test]
fn on_a_phone_each_value_in_a_card_is_labelled_with_its_column() {
    let Some(chromium) = chromium() else { return };
    let (_dir, www) = bundled_under_sub_path();
    let pages: Vec<String> = html_pages(&www)
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(www.join(&p[1..]))
                .unwrap()
                .contains(" stack\"")
        })
        .collect();
    assert!(pages.len() > 50, "{} pages", pages.len());
    // The cells labelled, then each cell whose label is not its column's heading.
    let look = r#"(doc, win) => {
      let labelled = 0;
      const wrong = [];
      doc.querySelectorAll("table.stack").forEach(table => {
        const heads = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
        table.querySelectorAll("tbody tr").forEach(tr => [...tr.children].forEach((cell, i) => {
          // A ranking's rank, first, is a numbered circle without a label.
          if (cell.tagName !== "TD" || cell.matches(".ranking td:first-child")) return;
          const label = win.getComputedStyle(cell, "::before").content;
          if (label === JSON.stringify(heads[i])) labelled++;
          else wrong.push(`${label} under ${heads[i]}`);
        }));
      });
      return `${labelled} ${wrong.slice(0, 3).join("; ")}`;
    }"#;
    let seen = on_a_phone(&chromium, &www, &pages, look);
    let unlabelled: Vec<String> = seen
        .iter()
        .filter(|(_, seen)| seen.starts_with("0 ") || !seen.ends_with(' '))
        .map(|(page, seen)| format!("{page} {seen}"))
        .collect();
    assert!(
        unlabelled.is_empty(),
        "cards without their labels (page, cells labelled, wrong labels):\n{}",
        unlabelled.join("\n")
    );
}
