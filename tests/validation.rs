//! Bad input gets a clear error: file, line, column, what is wrong and how to fix it.

mod common;
use common::{Site, stderr};

/// `baocao check` on an invalid fixture, all of it as the editor sees it, in English.
fn check_output(case: &str) -> String {
    check_output_in(case, "en")
}

/// The same in the language `lang`, as `--lang` chooses it.
fn check_output_in(case: &str, lang: &str) -> String {
    let site = Site::invalid(case);
    let out = site.run(&["check", "--lang", lang]);
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    )
}

/// The whole `check` output of every fixture under `tests/fixtures/invalid/`, pinned: each
/// problem with its file, line, column, quoted line and hint, the count, and exit code 1.
/// An extra or a lost problem fails here. After a deliberate change, review the new
/// output with `cargo insta review` or rerun with `INSTA_UPDATE=always`.
///
/// Worth knowing when reviewing: `thousands-separator`'s `18.000` parses as the whole
/// number 18, so only the text as written gives the mistake away; `several-mistakes`
/// must list all three problems at once. Every fixture is pinned in Vietnamese too
/// (`<case>.vi`), the language of the editors: each message and hint, and the counts.
#[test]
fn check_output_of_every_invalid_fixture_is_pinned_in_both_languages() {
    let mut cases: Vec<String> = std::fs::read_dir(common::fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        insta::assert_snapshot!(case.clone(), check_output(&case));
        insta::assert_snapshot!(format!("{case}.vi"), check_output_in(&case, "vi"));
    }
}

#[test]
fn build_with_errors_exits_non_zero_and_writes_nothing() {
    let site = Site::invalid("several-mistakes");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(!site.output().exists());
}

#[test]
fn missing_translation_is_a_warning_and_the_page_falls_back_with_a_notice() {
    let site = Site::minimal();
    site.remove("content/provinces/ben-tre/2020/report.en.md");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "content/provinces/ben-tre/2020/report.en.md: warning: the English narrative is missing"
        ),
        "{err}"
    );
    let page = site.read_output("en/ben-tre/2020/index.html");
    assert!(
        page.contains("has not been translated into English yet"),
        "the notice is visible"
    );
    assert!(
        page.contains("Năm 2020 tỉnh giải quyết việc làm cho 18.382 người."),
        "the Vietnamese text is shown"
    );
}

#[test]
fn input_in_nfd_with_bom_and_crlf_gives_the_same_site() {
    let plain = Site::minimal();
    assert!(plain.run(&["build"]).status.success());
    let odd = Site::minimal();
    for rel in [
        "content/provinces/ben-tre/province.yaml",
        "content/provinces/ben-tre/2020/report.vi.md",
    ] {
        let text = std::fs::read_to_string(odd.dir.path().join(rel)).unwrap();
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(text.as_str()).collect();
        odd.write(rel, &format!("\u{feff}{}", nfd.replace('\n', "\r\n")));
    }
    assert!(odd.run(&["build"]).status.success());
    assert_eq!(
        common::snapshot(&plain.output()),
        common::snapshot(&odd.output())
    );
}

/// An editor fixes a whole file in one round: every mistake of a file with fourteen of
/// different kinds is reported in one run, each at its own line.
#[test]
fn a_dozen_mistakes_in_one_file_are_all_reported_in_one_run() {
    let out = check_output("a-dozen-mistakes");
    let lines: std::collections::BTreeSet<&str> = out
        .lines()
        .filter(|l| l.contains(": error: "))
        .filter_map(|l| l.split("report.yaml:").nth(1))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(lines.len(), 14, "{out}");
    assert!(out.contains("14 error(s), 0 warning(s)"), "{out}");
}

/// A broken link in a narrative is reported at the `.md` file, line and column that
/// wrote it, not at the generated page (`narrative-broken-link` pins the whole output).
#[test]
fn a_broken_link_in_a_narrative_names_its_file_and_line() {
    let out = check_output("narrative-broken-link");
    let at = "content/provinces/ben-tre/2020/report.vi.md:9:";
    assert!(
        out.contains(&format!("{at}10: error: broken link href=\"../2019/\"")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{at}42: error: broken link href=\"#ket-qua-chi-tiet\""
        )),
        "{out}"
    );
    assert!(!out.contains("index.html"), "{out}");
    assert!(out.contains("2 error(s), 0 warning(s)"), "{out}");
}
