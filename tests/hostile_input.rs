//! Hostile input never panics and stays bounded: random and mutated YAML,
//! Markdown and front matter, written into a content folder and checked as a
//! whole (load, validate and render), each end in problems or a valid site.
//!
//! `cargo test` runs a few cases of each; for a longer run:
//! `PROPTEST_CASES=2000 cargo test --release --test hostile_input`.

mod common;

use std::time::{Duration, Instant};

use baocao::BuildOptions;
use common::Site;
use proptest::prelude::*;

const REPORT: &str = "content/provinces/ben-tre/2020/report.yaml";
const NARRATIVE: &str = "content/provinces/ben-tre/2020/report.vi.md";
const SITE: &str = "content/site.yaml";
const INDICATORS: &str = "content/indicators.yaml";
/// Far above what one check of the minimal site takes, even in a debug build on a busy machine.
const BOUND: Duration = Duration::from_secs(20);

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 12;
    }
    config
}

fn original(rel: &str) -> String {
    std::fs::read_to_string(common::fixtures().join("minimal").join(rel)).unwrap()
}

/// Pieces that mean something to YAML, Markdown or HTML, and some that mean nothing.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-:#&*!|>'\"%@`{}\\[\\],?~ \n\t]{1,4}",
        "\\PC{0,12}",
        "[#*_\\[\\]()!<>|`~\\\\-]{1,6}",
        Just("&a [*a, *a, *a]".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("\n---\n".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("[x]: javascript:alert(1)".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("-1e308".to_string()),
        Just(".nan".to_string()),
        Just("!!binary AAAA".to_string()),
        Just("{{ 1 }}".to_string()),
    ]
}

/// `base` with a few pieces cut out and others put in at random places.
fn mutated(base: String) -> impl Strategy<Value = String> {
    let edit = (any::<prop::sample::Index>(), 0..12usize, piece());
    prop::collection::vec(edit, 1..6).prop_map(move |edits| {
        let mut chars: Vec<char> = base.chars().collect();
        for (at, cut, insert) in edits {
            let start = at.index(chars.len() + 1);
            let end = (start + cut).min(chars.len());
            chars.splice(start..end, insert.chars());
        }
        chars.into_iter().collect()
    })
}

/// Writes `bytes` at `rel` in a fresh minimal site and checks it as `baocao check` would.
fn check_with(rel: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let site = Site::minimal();
    std::fs::write(site.dir.path().join(rel), bytes).unwrap();
    let options = BuildOptions::new(site.content(), site.output());
    let started = Instant::now();
    let checked = baocao::check(&options);
    prop_assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    // Either the site is valid, or the editor is told why not.
    prop_assert!(checked.completeness.is_some() || checked.problems.has_errors());
    prop_assert!(!site.output().exists(), "check writes nothing");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_report_yaml_ends_in_problems(text in mutated(original(REPORT))) {
        check_with(REPORT, text.as_bytes())?;
    }

    #[test]
    fn mutated_narrative_and_front_matter_end_in_problems(text in mutated(original(NARRATIVE))) {
        check_with(NARRATIVE, text.as_bytes())?;
    }

    #[test]
    fn mutated_site_and_catalogue_end_in_problems(
        site in mutated(original(SITE)),
        indicators in mutated(original(INDICATORS)),
        which in 0..2usize,
    ) {
        let (rel, text) = if which == 0 { (SITE, site) } else { (INDICATORS, indicators) };
        check_with(rel, text.as_bytes())?;
    }

    #[test]
    fn random_bytes_in_any_file_end_in_problems(
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
        which in 0..4usize,
    ) {
        check_with([REPORT, NARRATIVE, SITE, INDICATORS][which], &bytes)?;
    }

    #[test]
    fn random_markdown_ends_in_problems_or_a_page(
        pieces in prop::collection::vec(piece(), 0..60),
    ) {
        let text = format!("---\ntitle: Thử\n---\n{}", pieces.concat());
        check_with(NARRATIVE, text.as_bytes())?;
    }
}

#[test]
fn deeply_nested_narratives_are_refused_at_once() {
    for (nest, depth) in [("> ", 50_000), ("<div>", 50_000), ("- ", 20_000)] {
        let site = Site::minimal();
        let text = format!("---\ntitle: Sâu\n---\n{}x\n", nest.repeat(depth));
        std::fs::write(site.dir.path().join(NARRATIVE), text).unwrap();
        let started = Instant::now();
        let checked = baocao::check(&BuildOptions::new(site.content(), site.output()));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{nest:?} took {:?}",
            started.elapsed()
        );
        assert!(
            checked
                .problems
                .iter()
                .any(|p| p.is_error() && p.message.to_string().contains("levels deep")),
            "{nest:?}: {:?}",
            checked.problems.into_sorted()
        );
    }
}
