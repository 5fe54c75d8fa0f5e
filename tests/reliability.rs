//! What the build guarantees when things go wrong: links never let anything in
//! from outside, theme mistakes are reported, unreadable text names its line.

mod common;

use std::collections::BTreeMap;
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
    links_are_refused(false);
}

/// A rebuild takes the content's files as its fingerprint read them, from a walk that
/// follows no link: the links put in since the last build are refused all the same.
#[cfg(unix)]
#[test]
fn links_put_in_since_the_last_build_are_refused_and_the_site_stays_as_it_was() {
    links_are_refused(true);
}

#[cfg(unix)]
fn links_are_refused(built_before: bool) {
    let site = Site::minimal();
    let published = built_before.then(|| {
        let run = site.run(&["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        common::snapshot(&site.output())
    });
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
    match published {
        Some(published) => assert!(
            common::snapshot(&site.output()) == published,
            "the site changed"
        ),
        None => assert!(!site.output().exists(), "nothing is published"),
    }
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
    site.write("theme/templates/reports.html", "{{ nothing }}");
    // A partial that an overriding template includes is in use.
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "theme/templates/base.html",
        &base.replacen("</body>", "{% include \"colophon.html\" %}</body>", 1),
    );
    site.write("theme/templates/colophon.html", "<p>Colophon</p>");
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
        err.contains("theme/templates/reports.html: warning")
            && err.contains("did you mean templates/report.html?"),
        "{err}"
    );
    assert!(!err.contains("colophon"), "{err}");
    assert!(
        site.read_output("vi/index.html")
            .contains("<p>Colophon</p>")
    );
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

/// A content folder of `provinces` × `years` reports, in version `version`: every
/// report's figures and narratives differ between versions, so most pages do.
fn generated_content(at: &Path, provinces: usize, years: usize, version: u32) {
    let jobs = |p: usize, y: usize| 18000 + p * 10 + y + version as usize;
    let narrative = |words: &str, year: usize| {
        format!("---\ntitle: {words} {version}, {year}\n---\n{words} {version}.\n")
    };
    common::generated_content(at, (provinces, years), &jobs, &narrative);
}

/// Two versions of a generated site, each built once as the reference.
struct Versions {
    work: tempfile::TempDir,
    references: [common::Snapshot; 2],
}

impl Versions {
    fn new(provinces: usize, years: usize) -> Versions {
        let work = tempfile::tempdir().unwrap();
        let mut references = Vec::new();
        for version in 0..2 {
            let content = work.path().join(format!("v{version}/content"));
            generated_content(&content, provinces, years, version);
            let reference = work.path().join(format!("reference-{version}"));
            let run = build(&content, &reference).wait_with_output().unwrap();
            assert!(run.status.success(), "{}", stderr(&run));
            references.push(common::snapshot(&reference));
        }
        assert_ne!(references[0], references[1]);
        Versions {
            work,
            references: references.try_into().unwrap(),
        }
    }

    fn content(&self, version: usize) -> std::path::PathBuf {
        self.work.path().join(format!("v{version}/content"))
    }

    /// Which version `dir` holds, failing on anything else.
    fn version_of(&self, dir: &Path) -> usize {
        let found = common::snapshot(dir);
        self.references
            .iter()
            .position(|r| *r == found)
            .unwrap_or_else(|| {
                panic!(
                    "{} holds neither version: {}",
                    dir.display(),
                    describe(&found, &self.references)
                )
            })
    }
}

/// The first few paths in which a site differs from each reference.
fn describe(found: &common::Snapshot, references: &[common::Snapshot; 2]) -> String {
    let diff = |r: &common::Snapshot| -> Vec<String> {
        let mut paths: Vec<String> = found
            .keys()
            .chain(r.keys())
            .filter(|p| found.get(*p) != r.get(*p))
            .map(|p| p.display().to_string())
            .collect();
        paths.dedup();
        paths.truncate(5);
        paths
    };
    format!(
        "differs from 0 in {:?}, from 1 in {:?}",
        diff(&references[0]),
        diff(&references[1])
    )
}

fn build(content: &Path, output: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Names in `dir` other than `keep` and its build cache: what a build left beside its output folder.
fn beside(dir: &Path, keep: &str) -> Vec<String> {
    let cache = format!(".{keep}.baocao-cache");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != keep && *n != cache)
        .collect()
}

/// Every name under `dir` with its file's identity and modification time.
type Tree = BTreeMap<std::path::PathBuf, (u64, std::time::SystemTime)>;

#[cfg(unix)]
fn tree(dir: &Path) -> Tree {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let meta = e.path().symlink_metadata().ok()?;
            Some((e.path().to_path_buf(), (meta.ino(), meta.modified().ok()?)))
        })
        .collect()
}

/// Waits until `child` changes anything in `dir` (the output folder's parent) or ends.
#[cfg(unix)]
fn wait_for_writing(child: &mut std::process::Child, dir: &Path, before: &Tree) {
    while tree(dir) == *before && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one_and_no_debris() {
    let versions = Versions::new(6, 3);
    let site = versions.work.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let output = site.join("public");
    assert!(
        build(&versions.content(0), &output)
            .wait()
            .unwrap()
            .success()
    );
    let mut current = 0;
    // Enough kills that timing on a loaded machine evens out: a third must land mid-write.
    let kills = 16;
    let mut mid_write = 0;
    // How long a build takes from its first change on disk to its end: the shortest of the
    // complete ones, so that a kill spread over it lands before the end however loaded the
    // machine is.
    let mut write_phase: Option<std::time::Duration> = None;
    for kill in 0..kills {
        let next = 1 - current;
        let before = tree(&site);
        let mut child = build(&versions.content(next), &output);
        // Most kills land at a spread of points while the build writes; a few before it does.
        if kill % 4 != 0 {
            wait_for_writing(&mut child, &site, &before);
            let phase = write_phase.unwrap_or_default();
            std::thread::sleep(phase.mul_f64((kill * 5 % 9) as f64 / 9.0));
        }
        if child.try_wait().unwrap().is_none() && tree(&site) != before {
            mid_write += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let after_kill = versions.version_of(&output);
        assert!(after_kill == current || after_kill == next);

        let before = tree(&site);
        let mut child = build(&versions.content(next), &output);
        wait_for_writing(&mut child, &site, &before);
        let started = std::time::Instant::now();
        let run = child.wait_with_output().unwrap();
        let elapsed = started.elapsed();
        write_phase = Some(write_phase.map_or(elapsed, |w| w.min(elapsed)));
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(versions.version_of(&output), next);
        assert_eq!(beside(&site, "public"), Vec::<String>::new());
        current = next;
    }
    eprintln!("{mid_write} of {kills} kills landed while a build was writing");
    assert!(
        mid_write >= kills / 3,
        "only {mid_write} kills landed while a build was writing"
    );
}

#[test]
fn two_builds_at_once_into_one_folder_leave_one_complete_site() {
    let versions = Versions::new(4, 2);
    let site = versions.work.path().join("site");
    std::fs::create_dir(&site).unwrap();
    let output = site.join("public");
    for _ in 0..4 {
        let first = build(&versions.content(0), &output);
        let second = build(&versions.content(1), &output);
        for child in [first, second] {
            let run = child.wait_with_output().unwrap();
            assert!(run.status.success(), "{}", stderr(&run));
        }
        versions.version_of(&output);
        assert_eq!(beside(&site, "public"), Vec::<String>::new());
    }
}

#[cfg(unix)]
#[test]
fn a_build_waits_for_the_one_writing_the_same_folder_and_names_it() {
    let site = Site::minimal();
    let lock = site.dir.path().join(".output.baocao-lock");
    std::fs::write(&lock, "4242").unwrap();
    let holder = std::process::Command::new("flock")
        .arg(&lock)
        .args(["sleep", "1"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let run = site.run(&["build"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("waiting for another baocao build (process 4242) to finish writing"),
        "{err}"
    );
    let mut holder = holder;
    assert!(
        holder.try_wait().unwrap().is_some(),
        "the build went on only after the other ended"
    );
    assert!(site.output().join("index.html").is_file());
    assert!(!lock.exists());
}

#[cfg(unix)]
#[test]
fn serve_reports_a_link_out_and_does_not_watch_where_it_points() {
    #[path = "common/serve_client.rs"]
    mod serve_client;
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.md"), "private").unwrap();
    link(outside.path(), &site.content().join("provinces/ha-noi"));
    let server = serve_client::Server::start(env!("CARGO_BIN_EXE_baocao"), site.dir.path(), &[]);
    let events = server.events();
    let page = server.get("/vi/");
    assert!(
        page.body.contains("content/provinces/ha-noi") && page.body.contains("this is a link to"),
        "the overlay names the link"
    );
    assert!(!page.body.contains("private"));

    std::fs::write(outside.path().join("notes.md"), "changed").unwrap();
    assert!(
        events
            .next_reload(std::time::Duration::from_millis(1500))
            .is_none(),
        "a change outside the content folder made a rebuild"
    );
    site.write(
        "content/provinces/ben-tre/2020/report.vi.md",
        "---\ntitle: Mới\n---\nMới.\n",
    );
    assert!(
        events
            .next_reload(std::time::Duration::from_secs(20))
            .is_some()
    );
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_link_out_of_the_content_folder() {
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    link(
        outside.path(),
        &site.content().join("provinces/ben-tre/2024"),
    );
    let run = site.run(&["new", "ben-tre", "2024"]);
    let err = stderr(&run);
    assert!(!run.status.success(), "{err}");
    assert!(
        err.contains("content/provinces/ben-tre/2024: error: this is a link to"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}
