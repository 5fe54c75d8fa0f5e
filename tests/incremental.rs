//! Rebuilds: whatever was edited in between, a rebuild publishes the same bytes a
//! cold build of the same content does, and writes only the files whose bytes changed.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use baocao::BuildOptions;
use common::{Site, snapshot};

/// Every file of the output with its identity: a file written again is a new file.
fn inodes(dir: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, e.metadata().unwrap().ino())
        })
        .collect()
}

/// Builds `site` into its output folder, as a rebuild, and checks it against a cold
/// build of the same content: the same files with the same bytes, and only the files
/// whose bytes changed were written. Returns how many were written.
fn rebuild_and_compare(site: &Site, what: &str) -> usize {
    let output = site.output();
    std::fs::create_dir_all(&output).unwrap();
    let (bytes_before, inodes_before) = (snapshot(&output), inodes(&output));
    let (summary, _) = baocao::build(&BuildOptions::new(site.content(), &output))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let cold = tempfile::tempdir().unwrap();
    baocao::build(&BuildOptions::new(
        site.content(),
        cold.path().join("output"),
    ))
    .unwrap();
    let after = snapshot(&output);
    assert!(
        after == snapshot(&cold.path().join("output")),
        "{what}: the rebuild differs from a cold build"
    );
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, bytes)| bytes_before.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    let inodes_after = inodes(&output);
    let written: Vec<&PathBuf> = inodes_after
        .iter()
        .filter(|(path, ino)| inodes_before.get(*path) != Some(*ino))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(written, changed, "{what}: written files");
    let removed = bytes_before.keys().filter(|p| !after.contains_key(*p));
    assert_eq!(summary.removed, removed.count(), "{what}: removed files");
    // The manifest is not counted among the site's files.
    let manifest = Path::new(".baocao-manifest.json");
    let counted = changed.iter().filter(|p| **p != manifest).count();
    assert_eq!(summary.written, counted, "{what}: files counted as written");
    summary.written
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.dir.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const REPORT: &str = "content/provinces/ben-tre/2020/report.yaml";

#[test]
fn a_series_of_edits_rebuilt_one_by_one_gives_the_bytes_of_a_cold_build() {
    let site = Site::minimal();
    rebuild_and_compare(&site, "cold build");
    assert_eq!(rebuild_and_compare(&site, "nothing changed"), 0);

    edit(&site, REPORT, "value: 18382", "value: 18391");
    assert!(rebuild_and_compare(&site, "a figure") > 0);
    assert_eq!(
        rebuild_and_compare(&site, "nothing changed after a figure"),
        0
    );

    let narrative = "content/provinces/ben-tre/2020/report.vi.md";
    edit(&site, narrative, "## Kết quả", "## Kết quả chính");
    assert!(rebuild_and_compare(&site, "a narrative") > 0);

    let yaml = std::fs::read_to_string(site.dir.path().join(REPORT)).unwrap();
    let next_year = yaml
        .replace("period: 2020", "period: 2021")
        .replace("published: 2021-01-15", "published: 2022-01-15")
        .replace("period: 2021\n  targets", "period: 2022\n  targets");
    site.write("content/provinces/ben-tre/2021/report.yaml", &next_year);
    assert!(rebuild_and_compare(&site, "a new report") > 0);

    site.remove("content/provinces/ben-tre/2021/report.yaml");
    std::fs::remove_dir(site.dir.path().join("content/provinces/ben-tre/2021")).unwrap();
    assert!(rebuild_and_compare(&site, "a removed report") > 0);

    let strings = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml");
    let strings = std::fs::read_to_string(strings).unwrap();
    let skip = "skip_to_content: Skip to main content\n";
    assert!(strings.contains(skip));
    let changed = strings.replace(skip, "skip_to_content: Skip to the report\n");
    site.write("themes/default/i18n/en.yaml", &changed);
    assert!(rebuild_and_compare(&site, "a theme string") > 0);
    assert_eq!(rebuild_and_compare(&site, "nothing changed at the end"), 0);
}

#[test]
fn a_hand_edited_or_deleted_output_file_is_put_back_even_when_nothing_else_changed() {
    let site = Site::minimal();
    rebuild_and_compare(&site, "cold build");
    let page = site.output().join("vi/index.html");
    std::fs::write(&page, "edited by hand").unwrap();
    assert_eq!(rebuild_and_compare(&site, "a hand-edited page"), 1);
    std::fs::remove_file(&page).unwrap();
    assert_eq!(rebuild_and_compare(&site, "a deleted page"), 1);
    let cache = site.dir.path().join(".output.baocao-cache");
    assert!(cache.is_dir(), "the cache lives beside the output");
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(rebuild_and_compare(&site, "without the cache"), 0);
}

#[test]
fn a_failed_build_leaves_the_output_and_a_fixed_one_rebuilds_nothing() {
    let site = Site::minimal();
    rebuild_and_compare(&site, "cold build");
    let before = snapshot(&site.output());
    edit(&site, REPORT, "value: 18382", "value: eighteen");
    let options = BuildOptions::new(site.content(), site.output());
    assert!(baocao::build(&options).is_err());
    assert!(snapshot(&site.output()) == before);
    edit(&site, REPORT, "value: eighteen", "value: 18382");
    assert_eq!(rebuild_and_compare(&site, "the error undone"), 0);
}

#[test]
fn a_rebuild_with_nothing_changed_reports_what_the_build_before_it_did() {
    let site = Site::minimal();
    let options = BuildOptions::new(site.content(), site.output());
    let (first, checked) = baocao::build(&options).unwrap();
    let (again, rechecked) = baocao::build(&options).unwrap();
    assert_eq!(again.unchanged, first.written);
    let text = |problems: &baocao::diagnostics::Problems| {
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(text(&rechecked.problems), text(&checked.problems));
    assert_eq!(rechecked.completeness, checked.completeness);
}
