//! Bad input gets a clear error: file, line, column, what is wrong and how to fix it.

mod common;
use common::{Site, stderr};

/// Runs `baocao check` on an invalid fixture and returns what it printed; it must fail.
fn check_fails(case: &str) -> String {
    let site = Site::invalid(case);
    let out = site.run(&["check"]);
    assert!(!out.status.success(), "check should fail for {case}");
    stderr(&out)
}

const REPORT: &str = "content/provinces/ben-tre/2020/report.yaml";

#[test]
fn yaml_syntax_error_names_the_line() {
    let err = check_fails("yaml-syntax");
    assert!(err.contains(&format!("{REPORT}:16:")), "{err}");
    assert!(err.contains("not valid YAML"), "{err}");
    assert!(err.contains("hint: check the indentation"), "{err}");
}

#[test]
fn unknown_key_suggests_the_intended_one() {
    let err = check_fails("unknown-key");
    assert!(
        err.contains(&format!("{REPORT}:12:5: error: unknown key `valeu`")),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `value`?"), "{err}");
}

#[test]
fn unknown_indicator_suggests_the_closest_id() {
    let err = check_fails("unknown-indicator");
    assert!(
        err.contains(&format!(
            "{REPORT}:15:16: error: there is no indicator `trained_labor_rate`"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `trained_labour_rate`?"), "{err}");
}

#[test]
fn thousands_separator_in_a_count_gets_a_hint() {
    let err = check_fails("thousands-separator");
    assert!(
        err.contains(&format!(
            "{REPORT}:12:12: error: `18.382` is read as 18.382, not 18382"
        )),
        "{err}"
    );
    assert!(
        err.contains("Vietnamese thousands separator; write the number without it: 18382"),
        "{err}"
    );
    // 18.000 parses as the whole number 18: only the text as written gives it away.
    assert!(
        err.contains(&format!(
            "{REPORT}:13:13: error: `18.000` is read as 18, not 18000"
        )),
        "{err}"
    );
}

#[test]
fn decimal_comma_gets_a_hint() {
    let err = check_fails("decimal-comma");
    assert!(
        err.contains(&format!(
            "{REPORT}:16:12: error: `60,6` is written with a decimal comma"
        )),
        "{err}"
    );
    assert!(err.contains("write 60.6"), "{err}");
}

#[test]
fn share_above_one_hundred_is_refused() {
    let err = check_fails("share-over-100");
    assert!(
        err.contains(&format!(
            "{REPORT}:16:12: error: 102.1% is impossible for a share"
        )),
        "{err}"
    );
    assert!(err.contains("`achievement:`"), "{err}");
}

#[test]
fn report_for_a_province_that_does_not_exist() {
    let err = check_fails("unknown-province");
    assert!(
        err.contains(
            "content/provinces/ben-tr/2020/report.yaml:1:11: error: there is no province `ben-tr`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `ben-tre`?"), "{err}");
}

#[test]
fn duplicate_indicator_id_is_refused() {
    let err = check_fails("duplicate-id");
    assert!(
        err.contains(
            "content/indicators.yaml:24:9: error: the indicator id `jobs_created` is used twice"
        ),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = check_fails("several-mistakes");
    assert!(
        err.contains(&format!("{REPORT}:3:12: error: `15/1/2021` is not a date")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{REPORT}:12:12: error: `18.382`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{REPORT}:18:16: error: there is no indicator `poor_household`"
        )),
        "{err}"
    );
    assert!(err.contains("3 error(s)"), "{err}");
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
