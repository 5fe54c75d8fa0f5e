//! Rebuilds: whatever was edited in between, a rebuild publishes the same bytes a
//! cold build of the same content does, writes only the files whose bytes changed,
//! and renders only the pages whose inputs changed.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use baocao::BuildOptions;
use common::{Site, snapshot, stderr};

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
    rebuild_and_count(site, what).written
}

/// [`rebuild_and_compare`], returning what the rebuild says it did.
fn rebuild_and_count(site: &Site, what: &str) -> baocao::WriteSummary {
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
    summary
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

#[test]
fn a_rebuild_after_an_edit_leaves_a_record_by_which_the_next_one_with_nothing_changed_renders_nothing()
 {
    let site = Site::minimal();
    let options = BuildOptions::new(site.content(), site.output());
    baocao::build(&options).unwrap();
    edit(&site, REPORT, "value: 18382", "value: 18391");
    let (changed, _) = baocao::build(&options).unwrap();
    assert!(
        changed.written > 0 && changed.rendered < changed.pages,
        "{changed:?}"
    );
    let (again, _) = baocao::build(&options).unwrap();
    assert_eq!((again.rendered, again.written), (0, 0), "{again:?}");
}

/// The words of every problem, as the editor reads them.
fn worded(problems: &baocao::diagnostics::Problems) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn a_rebuild_that_keeps_a_report_loaded_before_still_reports_its_warning() {
    let site = Site::minimal();
    site.remove("content/provinces/ben-tre/2020/report.en.md");
    let options = BuildOptions::new(site.content(), site.output());
    let (_, first) = baocao::build(&options).unwrap();
    assert!(
        worded(&first.problems)
            .iter()
            .any(|p| p.contains("report.en.md")),
        "{:?}",
        worded(&first.problems)
    );
    // Another province's file: the report's own files are unchanged.
    let province = "content/provinces/vinh-long/province.yaml";
    edit(&site, province, "en: Vinh Long}", "en: Vinh Long Province}");
    let (_, again) = baocao::build(&options).unwrap();
    assert_eq!(worded(&again.problems), worded(&first.problems));
    assert_eq!(
        worded(&again.problems),
        worded(&baocao::check(&options).problems)
    );
}

#[test]
fn an_unchanged_report_that_a_catalogue_edit_makes_wrong_is_refused_on_the_rebuild() {
    let site = Site::minimal();
    rebuild_and_compare(&site, "cold build");
    let before = snapshot(&site.output());
    let catalogue = "content/indicators.yaml";
    let jobs = "    unit: persons\n    better: higher\n    group: employment";
    edit(&site, catalogue, jobs, &jobs.replace("persons", "percent"));
    let options = BuildOptions::new(site.content(), site.output());
    let Err(baocao::BuildError::Invalid(problems)) = baocao::build(&options) else {
        panic!("a report of 18382 per cent was built");
    };
    let cold = worded(&baocao::check(&options).problems);
    assert_eq!(worded(&problems), cold);
    assert!(
        cold.iter().any(|p| p.contains("ben-tre/2020/report.yaml")),
        "{cold:?}"
    );
    assert!(snapshot(&site.output()) == before);
}

/// A site of `PROVINCES` provinces × 3 years (2010–2012), the jobs figure of
/// province p in year y being 18000 + 10p + y: the higher the province, the better its rank.
fn generated() -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let narrative = |words: &str, year: usize| {
        format!("---\ntitle: {words} {year}\n---\n## Kết quả\n\n{words} {year}.\n")
    };
    let jobs = |p: usize, y: usize| 18000 + 10 * p + y;
    common::generated_content(&site.content(), (PROVINCES, 3), &jobs, &narrative);
    site
}

const PROVINCES: usize = 14;

/// Rebuilds after `what`, compared with a cold build; some pages kept or none.
fn rebuild_some(site: &Site, what: &str) -> baocao::WriteSummary {
    let summary = rebuild_and_count(site, what);
    assert!(summary.written > 0, "{what}: something changed");
    assert!(
        summary.rendered < summary.pages,
        "{what}: rendered {} of {} pages",
        summary.rendered,
        summary.pages
    );
    summary
}

fn rebuild_all(site: &Site, what: &str) {
    let summary = rebuild_and_count(site, what);
    assert!(summary.written > 0, "{what}: something changed");
    assert_eq!(
        summary.rendered, summary.pages,
        "{what}: every page rendered"
    );
}

#[test]
fn each_edit_renders_only_the_pages_that_show_it_and_gives_the_bytes_of_a_cold_build() {
    let site = generated();
    let cold = rebuild_and_count(&site, "cold build");
    assert_eq!(cold.rendered, cold.pages);
    let again = rebuild_and_count(&site, "nothing changed");
    assert_eq!((again.written, again.rendered), (0, 0));
    assert_eq!(again.pages, cold.pages);

    let report =
        |p: usize, year: usize| format!("content/provinces/tinh-{p:02}/{year}/report.yaml");
    edit(&site, &report(5, 2011), "value: 18051", "value: 18052");
    let figure = rebuild_some(&site, "a figure that keeps every rank");
    // The data files read are the report's and its period's, and no other; the
    // search index, feeds and sitemap read no figure.
    assert_eq!(
        figure.files_rendered,
        ["data/figures/2011", "data/tinh-05/2011"],
        "a figure: files rendered"
    );
    // Province 13 falls from first to last: the ranks of many provinces change.
    edit(&site, &report(13, 2011), "value: 18131", "value: 18001");
    rebuild_some(&site, "a figure that moves other provinces' ranks");
    let narrative = "content/provinces/tinh-03/2012/report.vi.md";
    edit(&site, narrative, "## Kết quả", "## Kết quả chính");
    let narrated = rebuild_some(&site, "a narrative");
    let data = narrated
        .files_rendered
        .iter()
        .filter(|f| f.starts_with("data/"));
    assert_eq!(data.count(), 0, "a narrative: no data file is rendered");

    let yaml = std::fs::read_to_string(site.dir.path().join(report(2, 2012))).unwrap();
    let next_year = yaml
        .replace("period: 2013", "period: 2014")
        .replace("period: 2012", "period: 2013")
        .replace("published: 2013-01-15", "published: 2014-01-15");
    // A report more or less changes the sizes of the site's data files that every
    // province, report and indicator page shows (by a tenth of a kB on a site this
    // small): those pages are all rendered again.
    site.write(&report(2, 2013), &next_year);
    assert!(rebuild_and_compare(&site, "a new report in a new period") > 0);
    site.remove(&report(2, 2013));
    std::fs::remove_dir(site.dir.path().join("content/provinces/tinh-02/2013")).unwrap();
    assert!(rebuild_and_compare(&site, "a removed report") > 0);
    site.remove(&report(7, 2010));
    site.remove("content/provinces/tinh-07/2010/report.vi.md");
    site.remove("content/provinces/tinh-07/2010/report.en.md");
    std::fs::remove_dir(site.dir.path().join("content/provinces/tinh-07/2010")).unwrap();
    assert!(rebuild_and_compare(&site, "a removed report of an earlier period") > 0);

    let province = "content/provinces/tinh-04/province.yaml";
    edit(&site, province, "Tỉnh số 4,", "Tỉnh Bốn,");
    rebuild_all(&site, "a province's name");
    let strings = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml");
    let strings = std::fs::read_to_string(strings).unwrap();
    let skip = "skip_to_content: Skip to main content\n";
    site.write(
        "themes/default/i18n/en.yaml",
        &strings.replace(skip, "skip_to_content: Skip to the report\n"),
    );
    rebuild_all(&site, "a theme string");
    edit(
        &site,
        "content/site.yaml",
        "en: Test reports",
        "en: Reports under test",
    );
    rebuild_all(&site, "site.yaml");
    assert_eq!(rebuild_and_compare(&site, "nothing changed at the end"), 0);
}

/// `build` says how many pages it rendered, of how many.
#[test]
fn build_says_how_many_pages_it_rendered() {
    let site = generated();
    let build = || {
        let out = site.run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        let line = err
            .lines()
            .find(|l| l.starts_with("rendered "))
            .unwrap_or_else(|| panic!("{err}"));
        let numbers: Vec<usize> = line.split(' ').filter_map(|w| w.parse().ok()).collect();
        assert!(line.ends_with(" pages"), "{line}");
        (numbers[0], numbers[1])
    };
    let (rendered, pages) = build();
    assert_eq!(rendered, pages);
    assert!(pages > 2 * PROVINCES * 3, "{pages}");
    edit(
        &site,
        "content/provinces/tinh-03/2012/report.en.md",
        "## Kết quả",
        "## Results",
    );
    let (rendered, again) = build();
    assert_eq!(again, pages);
    assert!(rendered < pages / 4, "rendered {rendered} of {pages}");
    assert_eq!(build(), (0, pages), "nothing changed");
}
