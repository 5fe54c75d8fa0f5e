//! The editors' commands end to end: `new` starts a report that passes `check`,
//! `check` explains problems (text or JSON) and says how complete each language is.

mod common;
use common::{Site, stderr};

const NEW_DIR: &str = "content/provinces/ben-tre/2021";
const REPORT_YAML: &str = "content/provinces/ben-tre/2020/report.yaml";

#[test]
fn a_new_report_lists_every_indicator_and_passes_check() {
    let site = Site::minimal();
    let out = site.run(&["new", "ben-tre", "2021"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("created {NEW_DIR}/report.yaml")));

    let yaml = std::fs::read_to_string(site.dir.path().join(NEW_DIR).join("report.yaml")).unwrap();
    // Every catalogue indicator, empty, with its Vietnamese name and unit.
    let catalogue: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(site.content().join("indicators.yaml")).unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = catalogue["indicators"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(yaml.matches("  - indicator: ").count(), ids.len(), "{yaml}");
    for id in &ids {
        let entry = format!("  - indicator: {id}\n    # ");
        assert!(yaml.contains(&entry), "{id} missing:\n{yaml}");
    }
    for comment in [
        "    # Số lao động được giải quyết việc làm (người)\n    value:\n    target:\n",
        "    # Kinh phí nhà ở người có công (tỷ đồng)\n",
    ] {
        assert!(yaml.contains(comment), "{comment:?} missing:\n{yaml}");
    }
    assert!(yaml.contains("next:\n  period: 2022"), "{yaml}");

    let vi = std::fs::read_to_string(site.dir.path().join(NEW_DIR).join("report.vi.md")).unwrap();
    assert!(vi.starts_with("---\ntitle: \"Bến Tre 2021\""), "{vi}");
    for heading in ["## Kết quả nổi bật", "## Hạn chế", "## Nhiệm vụ năm 2022"] {
        assert!(vi.contains(heading), "{vi}");
    }
    let en = std::fs::read_to_string(site.dir.path().join(NEW_DIR).join("report.en.md")).unwrap();
    for heading in ["## Highlights", "## Difficulties", "## Priorities for 2022"] {
        assert!(en.contains(heading), "{en}");
    }

    let check = site.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let err = stderr(&check);
    assert!(err.contains("0 error(s), 4 warning(s)"), "{err}");
    // The only reminders: the source and the narratives still to be written.
    assert!(
        err.contains(&format!(
            "{NEW_DIR}/report.yaml:11:10: warning: the source has no title yet"
        )),
        "{err}"
    );
    assert!(
        err.contains("warning: the source has no publisher yet"),
        "{err}"
    );
    for lang in ["vi", "en"] {
        assert!(
            err.contains(&format!(
                "{NEW_DIR}/report.{lang}.md: warning: this narrative has headings but no text yet; it is not published"
            )),
            "{err}"
        );
    }

    // It builds; the skeleton narratives and the empty `next:` publish nothing.
    let build = site.run(&["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = site.read_output("vi/ben-tre/2021/index.html");
    assert!(
        !page.contains("Kết quả nổi bật"),
        "an empty heading was published"
    );
    assert!(
        !page.contains("Đoạn mở đầu"),
        "a guidance comment was published"
    );
    assert!(
        !page.contains("năm 2022"),
        "an empty next period was published"
    );
}

#[test]
fn a_second_new_for_the_same_report_is_refused_and_changes_nothing() {
    let site = Site::minimal();
    assert!(site.run(&["new", "ben-tre", "2021"]).status.success());
    let yaml = site.dir.path().join(NEW_DIR).join("report.yaml");
    std::fs::write(&yaml, "province: ben-tre # edited\n").unwrap();

    let again = site.run(&["new", "ben-tre", "2021"]);
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(
        err.contains("the report ben-tre 2021 already exists"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&yaml).unwrap(),
        "province: ben-tre # edited\n"
    );

    // An existing report from the fixture is refused the same way.
    let before = common::snapshot(&site.content());
    let existing = site.run(&["new", "ben-tre", "2020"]);
    assert_eq!(existing.status.code(), Some(1));
    assert_eq!(common::snapshot(&site.content()), before, "nothing changed");
}

#[test]
fn new_names_the_closest_province_and_refuses_a_span_of_years() {
    let site = Site::minimal();
    let typo = site.run(&["new", "bentre", "2021"]);
    assert_eq!(typo.status.code(), Some(1));
    let err = stderr(&typo);
    assert!(err.contains("there is no province `bentre`"), "{err}");
    assert!(err.contains("hint: did you mean `ben-tre`?"), "{err}");

    let span = site.run(&["new", "ben-tre", "2020-2023"]);
    assert_eq!(span.status.code(), Some(1));
    assert!(stderr(&span).contains("spans several years"));
    assert!(
        !site
            .dir
            .path()
            .join("content/provinces/ben-tre/2020-2023")
            .exists()
    );
}

#[test]
fn check_quotes_the_line_with_a_caret_under_the_value() {
    let site = Site::invalid("thousands-separator");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{REPORT_YAML}: 2 errors, 0 warnings")),
        "grouped under the file:\n{err}"
    );
    assert!(
        err.contains("12 |     value: 18.382\n        |            ^^^^^^\n"),
        "{err}"
    );
    // Not a terminal: no colour codes.
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn check_json_carries_what_ci_annotations_need() {
    let site = Site::invalid("thousands-separator");
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(report["errors"], 2);
    let first = &report["problems"][0];
    assert_eq!(first["file"], REPORT_YAML);
    assert_eq!(first["line"], 12);
    assert_eq!(first["column"], 12);
    assert_eq!(first["severity"], "error");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("`18.382` is read as 18.382, not 18382")
    );
    assert!(
        first["hint"]
            .as_str()
            .unwrap()
            .contains("write the number without it: 18382")
    );
}

/// Every problem carries its stable code beside the message and hint, which come in
/// the chosen language; the other fields stay as they were.
#[test]
fn check_json_gives_each_problem_its_code_and_words_it_in_the_chosen_language() {
    let site = Site::invalid("several-mistakes");
    let json = |lang: &str| -> serde_json::Value {
        let out = site.run(&["check", "--format", "json", "--lang", lang]);
        assert_eq!(out.status.code(), Some(1));
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    };
    let (en, vi) = (json("en"), json("vi"));
    let problems = |report: &serde_json::Value| report["problems"].as_array().unwrap().clone();
    let codes: Vec<String> = problems(&en)
        .iter()
        .map(|p| {
            p["code"]
                .as_str()
                .expect("every problem has a code")
                .to_string()
        })
        .collect();
    assert_eq!(
        codes,
        ["date.invalid", "number.thousands-in-count", "id.unknown"]
    );
    for (en, vi) in problems(&en).iter().zip(&problems(&vi)) {
        assert_eq!(en["code"], vi["code"]);
        for key in ["file", "line", "column", "severity"] {
            assert_eq!(en[key], vi[key], "{key}");
        }
        assert_ne!(en["message"], vi["message"]);
        assert_ne!(en["hint"], vi["hint"]);
    }
    let date = &problems(&vi)[0];
    assert_eq!(date["message"], "`15/1/2021` không phải là một ngày");
    assert_eq!(
        date["hint"],
        "viết ngày theo thứ tự năm-tháng-ngày: 24/3/2024 thành 2024-03-24"
    );
    assert_eq!(problems(&en)[0]["message"], "`15/1/2021` is not a date");
    assert_eq!(vi["errors"], 3);
}

/// The locale of messages chooses the language, and `--lang` overrides it.
#[test]
fn a_vietnamese_locale_speaks_vietnamese_unless_lang_says_otherwise() {
    let site = Site::invalid("thousands-separator");
    let run = |args: &[&str]| {
        let out = site
            .command(args)
            .env("LANG", "vi_VN.UTF-8")
            .output()
            .unwrap();
        stderr(&out)
    };
    let vi = run(&["check"]);
    assert!(
        vi.contains("report.yaml:12:12: lỗi: `18.382` được đọc là 18.382, không phải 18382"),
        "{vi}"
    );
    assert!(
        vi.contains("gợi ý: dấu chấm trông như dấu phân cách hàng nghìn"),
        "{vi}"
    );
    assert!(vi.trim_end().ends_with("2 lỗi, 0 cảnh báo"), "{vi}");
    let en = run(&["check", "--lang", "en"]);
    assert!(
        en.contains("error: `18.382` is read as 18.382, not 18382"),
        "{en}"
    );
    assert!(en.trim_end().ends_with("2 error(s), 0 warning(s)"), "{en}");
    assert!(!en.contains("lỗi"), "{en}");
    // LC_ALL comes before LANG.
    let out = site
        .command(&["check"])
        .env("LANG", "vi_VN.UTF-8")
        .env("LC_ALL", "en_GB.UTF-8")
        .output()
        .unwrap();
    assert!(stderr(&out).contains("2 error(s)"), "{}", stderr(&out));
}

#[test]
fn an_unknown_language_is_refused_naming_the_ones_there_are() {
    let site = Site::minimal();
    let out = site.run(&["check", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`fr` is not a language baocao speaks; the languages are: en, vi"),
        "{err}"
    );
}

/// `build` and `new` say what they did, and why they did nothing, in Vietnamese too.
#[test]
fn build_and_new_speak_vietnamese() {
    let site = Site::minimal();
    let out = site.run(&["build", "--lang", "vi"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("ngôn ngữ (1 báo cáo):\n  vi: bài viết 1/1, nhiệm vụ trọng tâm 1/1\n"),
        "{err}"
    );
    assert!(err.contains("đã dựng output trong "), "{err}");
    assert!(err.contains(" tệp không đổi, xoá 0 tệp"), "{err}");

    let out = site.run(&["new", "ben-tre", "2021", "--lang", "vi"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("đã tạo {NEW_DIR}/report.yaml")),
        "{err}"
    );
    assert!(
        err.contains("hãy điền số liệu, rồi chạy `baocao check` hoặc `baocao serve`"),
        "{err}"
    );
    let out = site.run(&["new", "Hà Tĩnh", "2023", "--lang", "vi"]);
    let err = stderr(&out);
    assert!(err.contains("lỗi: không có tỉnh `Hà Tĩnh`"), "{err}");
    assert!(
        err.contains("tỉnh được gọi theo tên rút gọn (slug) của nó, `ha-tinh`"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("không ghi gì cả"), "{err}");

    let broken = Site::invalid("decimal-comma");
    let out = broken.run(&["build", "--lang", "vi"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("`60,6` được viết bằng dấu phẩy thập phân"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("không ghi gì cả; output vẫn giữ nguyên"),
        "{err}"
    );
}

#[test]
fn check_says_which_reports_and_tasks_lack_a_translation() {
    let site = Site::minimal();
    site.remove("content/provinces/ben-tre/2020/report.en.md");
    let path = site.dir.path().join(REPORT_YAML);
    let yaml = std::fs::read_to_string(&path).unwrap();
    let english_task = "      en: Step up vocational training.\n";
    assert!(
        yaml.contains(english_task),
        "the fixture's task is translated"
    );
    std::fs::write(&path, yaml.replace(english_task, "")).unwrap();

    let out = site.run(&["check"]);
    assert!(out.status.success(), "a missing translation is a warning");
    let err = stderr(&out);
    assert!(
        err.contains(concat!(
            "languages (1 reports):\n",
            "  vi: narratives 1/1, key tasks 1/1\n",
            "  en: narratives 0/1, key tasks 0/1; no narrative: ben-tre/2020; untranslated: ben-tre/2020 task 1\n",
        )),
        "{err}"
    );

    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let [vi, en] = ["vi", "en"].map(|lang| {
        report["completeness"]["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["lang"] == lang)
            .unwrap_or_else(|| panic!("{lang} in {report}"))
            .clone()
    });
    assert_eq!(
        en["reports_without_narrative"],
        serde_json::json!(["ben-tre/2020"])
    );
    assert_eq!(
        en["key_tasks_without_translation"],
        serde_json::json!(["ben-tre/2020 task 1"])
    );
    assert_eq!(vi["reports_without_narrative"], serde_json::json!([]));
    assert_eq!(vi["key_tasks_without_translation"], serde_json::json!([]));
}

#[test]
fn check_colours_its_report_only_when_asked_for_a_terminal() {
    let site = Site::invalid("thousands-separator");
    let coloured = site
        .command(&["check"])
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let err = stderr(&coloured);
    // Bold red `error`, then back to normal.
    assert!(
        err.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: `18.382`"),
        "{err:?}"
    );
    // Captured output is no terminal, and nothing asks for colour: plain text.
    let plain = site
        .command(&["check"])
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .output()
        .unwrap();
    let err = stderr(&plain);
    assert!(err.contains("error: `18.382`"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

/// `check` on the minimal site with one edit to its report; it must fail.
fn check_with_report_edit(from: &str, to: &str) -> String {
    let site = Site::minimal();
    let path = site.dir.path().join(REPORT_YAML);
    let yaml = std::fs::read_to_string(&path).unwrap();
    assert!(yaml.contains(from), "the fixture has no {from:?}");
    std::fs::write(&path, yaml.replace(from, to)).unwrap();
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    stderr(&out)
}

#[test]
fn a_tab_in_the_indentation_is_pointed_at_with_a_plain_hint() {
    let err = check_with_report_edit("    value: 60.6", "\tvalue: 60.6");
    assert!(
        err.contains("report.yaml:16:1: error: this line is indented with a tab"),
        "{err}"
    );
    assert!(err.contains("hint: indent with spaces"), "{err}");
}

#[test]
fn a_value_of_the_wrong_kind_says_what_the_key_takes() {
    let err = check_with_report_edit("estimate: true", "estimate: yes please");
    assert!(
        err.contains(
            "report.yaml:20:15: error: `estimate` of the 3rd figure (`poor_household_rate`) must be true or false, not the text \"yes please\""
        ),
        "{err}"
    );
    assert!(
        err.contains("20 |     estimate: yes please\n        |               ^^^^^^^^^^\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: write `true` or `false`, without quotes"),
        "{err}"
    );
}

#[test]
fn build_prints_the_same_language_summary_as_check() {
    let site = Site::minimal();
    let summary = |args: &[&str]| {
        let err = stderr(&site.run(args));
        let start = err.find("languages (").unwrap_or_else(|| panic!("{err}"));
        err[start..].lines().take(3).collect::<Vec<_>>().join("\n")
    };
    let from_check = summary(&["check"]);
    assert!(from_check.contains("vi: narratives 1/1"), "{from_check}");
    assert_eq!(summary(&["build"]), from_check);
}
