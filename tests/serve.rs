//! `baocao serve` end to end: the real binary on a free port, serving a copy of a
//! fixture site, edited while it runs.

mod common;
#[path = "common/serve_client.rs"]
mod serve_client;

use std::time::Duration;

use common::Site;
use serve_client::Server;

const BINARY: &str = env!("CARGO_BIN_EXE_baocao");
const REPORT_YAML: &str = "content/provinces/ben-tre/2020/report.yaml";
const REPORT_PAGE: &str = "/vi/ben-tre/2020/";
/// Long enough for a debug build on a busy machine; a reload normally takes a fraction of it.
const WAIT: Duration = Duration::from_secs(20);

#[test]
fn pages_are_served_with_the_live_reload_client_and_nothing_is_written() {
    let site = Site::minimal();
    let server = Server::start(BINARY, site.dir.path(), &[]);
    assert!(
        server.home.starts_with("http://127.0.0.1:"),
        "{}",
        server.home
    );

    let page = server.get(REPORT_PAGE);
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(
        page.head.contains("text/html; charset=utf-8"),
        "{}",
        page.head
    );
    assert!(
        page.body
            .contains("Bến Tre vượt kế hoạch việc làm năm 2020")
    );
    assert!(page.body.contains("new EventSource(\"/__baocao/events\")"));
    assert!(!page.body.contains("baocao-overlay"));

    let missing = server.get("/en/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "the site's own 404 page");
    // The preview lives in memory: the output folder is left alone.
    assert!(!site.output().exists());
}

#[test]
fn a_saved_narrative_shows_on_the_next_request_after_a_reload_event() {
    let site = Site::minimal();
    let server = Server::start(BINARY, site.dir.path(), &[]);
    let events = server.events();

    let path = "content/provinces/ben-tre/2020/report.vi.md";
    let text = std::fs::read_to_string(site.dir.path().join(path)).unwrap();
    site.write(
        path,
        &format!("{text}\nTỉnh mở thêm ba phiên giao dịch việc làm lưu động.\n"),
    );

    assert!(events.next_reload(WAIT).is_some(), "no reload event");
    let page = server.get(REPORT_PAGE);
    assert!(
        page.body
            .contains("Tỉnh mở thêm ba phiên giao dịch việc làm lưu động."),
        "the edit is not on the page"
    );
}

#[test]
fn a_broken_file_shows_an_overlay_until_it_is_fixed() {
    let site = Site::minimal();
    let server = Server::start(BINARY, site.dir.path(), &[]);
    let events = server.events();
    let good = std::fs::read_to_string(site.dir.path().join(REPORT_YAML)).unwrap();

    site.write(REPORT_YAML, &good.replace("value: 60.6", "value: 60,6"));
    assert!(events.next_reload(WAIT).is_some(), "no reload event");
    let page = server.get(REPORT_PAGE);
    assert_eq!(page.status, 200, "the server keeps answering");
    assert!(page.body.contains("id=\"baocao-overlay\""), "no overlay");
    for part in [
        "content/provinces/ben-tre/2020/report.yaml:16:12",
        "`60,6` is written with a decimal comma",
        "hint: write 60.6, or in quotes as a Vietnamese article prints it",
        "16 |     value: 60,6",
        ">^^^^<",
    ] {
        assert!(page.body.contains(part), "the overlay lacks {part:?}");
    }
    // The last good page is still underneath, and other pages carry the overlay too.
    assert!(
        page.body
            .contains("Bến Tre vượt kế hoạch việc làm năm 2020")
    );
    assert!(server.get("/en/").body.contains("id=\"baocao-overlay\""));

    site.write(REPORT_YAML, &good);
    assert!(
        events.next_reload(WAIT).is_some(),
        "no reload event after the fix"
    );
    let page = server.get(REPORT_PAGE);
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("baocao-overlay"),
        "the fix did not clear the overlay"
    );
}

/// An editor who works in Vietnamese reads the overlay in Vietnamese: its heading,
/// the fold button, the counts, the sentence about the last good version, each
/// problem and its hint.
#[test]
fn the_overlay_speaks_the_editors_language() {
    let site = Site::minimal();
    let server = Server::start(BINARY, site.dir.path(), &["--lang", "vi"]);
    let events = server.events();
    let good = std::fs::read_to_string(site.dir.path().join(REPORT_YAML)).unwrap();
    site.write(REPORT_YAML, &good.replace("value: 60.6", "value: 60,6"));
    assert!(events.next_reload(WAIT).is_some(), "no reload event");
    let page = server.get(REPORT_PAGE);
    for part in [
        "lang=\"vi\"",
        "Chưa dựng lại được trang",
        "(bấm để thu gọn)",
        "1 lỗi, 0 cảnh báo. Sửa tệp rồi lưu lại: trang sẽ tự tải lại. \
         Thu gọn khung này để xem bản tốt gần nhất.",
        ">lỗi</strong>",
        "`60,6` được viết bằng dấu phẩy thập phân",
        "gợi ý: viết 60.6, hoặc đặt trong dấu ngoặc kép",
    ] {
        assert!(page.body.contains(part), "the overlay lacks {part:?}");
    }
    assert!(!page.body.contains("could not be rebuilt"), "English left");
}

#[test]
fn requests_that_try_to_leave_the_site_fail() {
    let site = Site::minimal();
    site.write("secret.txt", "the editor's private notes");
    let server = Server::start(BINARY, site.dir.path(), &[]);
    for path in [
        "/../secret.txt",
        "/vi/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/vi/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/vi/%5c..%5csecret.txt",
        "/../content/site.yaml",
    ] {
        let response = server.get(path);
        // 400, not 404: the address is refused, not looked up.
        assert_eq!(response.status, 400, "{path} answered {}", response.status);
        assert!(
            !response.body.contains("private notes"),
            "{path} leaked a file"
        );
        assert!(
            !response.body.contains("headline_indicators"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn the_site_is_served_under_its_base_path() {
    let site = Site::minimal();
    let server = Server::start(
        BINARY,
        site.dir.path(),
        &["--base-url", "https://example.vn/bao-cao/"],
    );
    assert!(server.home.ends_with("/bao-cao/"), "{}", server.home);

    let page = server.get("/bao-cao/vi/ben-tre/");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.body.contains("href=\"/bao-cao/vi/ben-tre/2020/\""));
    let root = server.get("/");
    assert_eq!(root.status, 307);
    assert!(root.head.contains("location: /bao-cao/"), "{}", root.head);
    assert_eq!(server.get("/vi/ben-tre/").status, 404);
}

#[test]
fn a_site_broken_from_the_start_is_served_as_its_problems() {
    let site = Site::invalid("unknown-key");
    let server = Server::start(BINARY, site.dir.path(), &[]);
    let page = server.get("/vi/");
    assert_eq!(page.status, 500, "no good build to show yet");
    assert!(page.body.contains("id=\"baocao-overlay\""));
    assert!(
        page.body.contains("unknown key `valeu`"),
        "the problem is named"
    );
    assert!(
        page.body.contains("new EventSource"),
        "it reloads once fixed"
    );
}
