//! What the build guarantees when things go wrong: links never let anything in
//! from outside, theme mistakes are reported, unreadable text names its line.

mod common;

use std::path::Path;

use common::{Site, stderr};

const NARRATIVE_EN: &str = "content/provinces/ben-tre/2020/report.en.md";

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
#[test]
fn links_inside_or_outside_content_are_refused_by_name_and_nothing_is_published() {
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: root:x:0:0\n---\nroot:x:0:0:root\n").unwrap();
    std::fs::create_dir(outside.path().join("ha-noi")).unwrap();
    std::fs::write(outside.path().join("ha-noi/province.yaml"), "name: x\n").unwrap();
    let content = site.content();
    let narrative = site.dir.path().join(NARRATIVE_EN);
    std::fs::remove_file(&narrative).unwrap();
    link(&secret, &narrative);
    link(
        &outside.path().join("ha-noi"),
        &content.join("provinces/ha-noi"),
    );
    // Inside the content folder too: a link is refused wherever it points.
    link(
        Path::new("ben-tre"),
        &content.join("provinces/ben-tre-copy"),
    );
    link(
        Path::new("../../../site.yaml"),
        &content.join("provinces/ben-tre/2020/notes.md"),
    );

    let run = site.run(&["build"]);
    let err = stderr(&run);
    assert!(!run.status.success(), "{err}");
    assert!(
        !err.contains("root:x:0:0"),
        "the target's text is never shown: {err}"
    );
    for (link, target, place) in [
        (
            "ben-tre/2020/report.en.md",
            secret.display().to_string(),
            "outside",
        ),
        (
            "provinces/ha-noi",
            outside.path().join("ha-noi").display().to_string(),
            "outside",
        ),
        (
            "provinces/ben-tre-copy",
            "ben-tre".to_string(),
            "even inside",
        ),
        (
            "2020/notes.md",
            "../../../site.yaml".to_string(),
            "even inside",
        ),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(link) && l.contains("error: this is a link"))
            .unwrap_or_else(|| panic!("{link} is not reported: {err}"));
        assert!(line.contains(&target) && line.contains(place), "{line}");
    }
    assert!(!err.contains("narrative is missing"), "{err}");
    assert!(!site.output().exists(), "nothing is published");
}

#[test]
fn a_missing_theme_folder_is_an_error() {
    let site = Site::minimal();
    let run = site.run(&["build", "--theme", "/no/such/theme"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("/no/such/theme: error: there is no theme folder here"),
        "{}",
        stderr(&run)
    );
    assert!(!site.output().exists());
}

#[test]
fn a_theme_file_in_the_wrong_place_gets_a_warning_saying_where_it_belongs() {
    let site = Site::minimal();
    site.write("theme/report.html", "{{ nothing }}");
    site.write("theme/notes.txt", "mine");
    site.write("theme/.DS_Store", "");
    site.write("theme/static/extra/logo.svg", "<svg/>");
    let run = site.run(&["build", "--theme", "theme"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("theme/report.html: warning: baocao does not know this theme file")
            && err.contains("move it to templates/report.html"),
        "{err}"
    );
    assert!(err.contains("theme/notes.txt: warning"), "{err}");
    assert!(
        !err.contains(".DS_Store") && !err.contains("logo.svg"),
        "{err}"
    );
    assert!(site.output().join("static/extra/logo.svg").is_file());
}

#[test]
fn a_narrative_that_is_not_utf8_is_reported_at_its_line_and_only_once() {
    let site = Site::minimal();
    let path = site.dir.path().join(NARRATIVE_EN);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\nA line with a Latin-1 \xe9 in it.\n");
    let line = bytes.iter().filter(|&&b| b == b'\n').count();
    std::fs::write(&path, bytes).unwrap();
    let run = site.run(&["check"]);
    let err = stderr(&run);
    assert!(!run.status.success());
    assert!(
        err.contains(&format!(
            "report.en.md:{line}:23: error: this file is not UTF-8 text"
        )),
        "{err}"
    );
    assert!(!err.contains("missing"), "{err}");
}
