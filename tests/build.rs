//! The site a reader gets: pages, languages, links, and an output folder that loses nothing.

mod common;
use common::{Site, snapshot, stderr};

#[test]
fn report_pages_show_figures_in_each_languages_format() {
    let site = Site::minimal();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let vi = site.read_output("vi/ben-tre/2020/index.html");
    let en = site.read_output("en/ben-tre/2020/index.html");
    assert!(vi.contains("18.382 người") && en.contains("18,382 persons"));
    assert!(vi.contains("60,6%") && en.contains("60.6%"));
    assert!(vi.contains("30,028 tỷ đồng") && en.contains("30.028 billion VND"));
    assert!(vi.contains("102,1%") && en.contains("102.1%"));
    assert!(vi.contains("15/1/2021") && en.contains("15 January 2021"));
    assert!(vi.contains("3,6% (ước)") && en.contains("3.6% (est.)"));
}

#[test]
fn every_page_declares_its_language_and_links_its_translation() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    for (page, lang, other) in [
        ("vi/ben-tre/2020/index.html", "vi", "/en/ben-tre/2020/"),
        ("en/ben-tre/2020/index.html", "en", "/vi/ben-tre/2020/"),
        (
            "vi/chi-tieu/jobs-created/index.html",
            "vi",
            "/en/indicators/jobs-created/",
        ),
        ("en/indicators/index.html", "en", "/vi/chi-tieu/"),
        ("en/index.html", "en", "/vi/"),
    ] {
        let html = site.read_output(page);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page}");
        assert!(
            html.contains(&format!(
                "hreflang=\"{}\" href=\"{other}\"",
                if lang == "vi" { "en" } else { "vi" }
            )),
            "{page}"
        );
    }
}

#[test]
fn merged_province_says_what_it_is_part_of_now() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    let vi = site.read_output("vi/ben-tre/index.html");
    assert!(
        vi.contains("Từ ngày 1/7/2025, tỉnh này là một phần của tỉnh Vĩnh Long"),
        "{vi}"
    );
    assert!(vi.contains("href=\"/vi/vinh-long/\""));
    let en = site.read_output("en/vinh-long/index.html");
    assert!(
        en.contains("Merged into this province on 1 July 2025: Ben Tre and Tra Vinh."),
        "{en}"
    );
}

#[test]
fn base_url_prefixes_every_internal_link() {
    let site = Site::minimal();
    let out = site.run(&["build", "--base-url", "https://example.vn/bao-cao/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot(&site.output()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for link in html
                .split(attr)
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                if link.starts_with('/') {
                    assert!(link.starts_with("/bao-cao/"), "{}: {link}", path.display());
                }
            }
        }
        assert!(!html.contains("url=/vi/"), "{}", path.display());
    }
    let report = site.read_output("vi/ben-tre/2020/index.html");
    assert!(
        report.contains(
            "<link rel=\"canonical\" href=\"https://example.vn/bao-cao/vi/ben-tre/2020/\">"
        )
    );
    assert!(report.contains("href=\"/bao-cao/static/style.css\""));
}

#[test]
fn script_in_markdown_never_reaches_the_page() {
    let site = Site::minimal();
    common::copy_tree(
        &common::fixtures().join("script-in-markdown"),
        site.dir.path(),
    );
    assert!(site.run(&["build"]).status.success());
    let html = site.read_output("en/ben-tre/2020/index.html");
    assert!(!html.contains("alert"), "script survived");
    assert!(!html.contains("javascript:"), "javascript: link survived");
    assert!(!html.contains("onerror"));
    assert!(
        html.contains("href=\"https://example.org/\""),
        "ordinary links stay"
    );
}

#[test]
fn same_input_gives_the_same_bytes() {
    let a = Site::minimal();
    let b = Site::minimal();
    assert!(a.run(&["build"]).status.success());
    assert!(b.run(&["build"]).status.success());
    assert_eq!(snapshot(&a.output()), snapshot(&b.output()));
}

#[test]
fn rebuild_without_changes_rewrites_nothing() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    let out = site.run(&["build"]);
    assert!(stderr(&out).contains(" 0 written,"), "{}", stderr(&out));
}

#[test]
fn failed_build_leaves_the_previous_output_as_it_was() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    let before = snapshot(&site.output());
    site.write(
        "content/provinces/ben-tre/2020/report.en.md",
        "---\ntitle: Changed\n---\nNew text.\n",
    );
    site.write("content/indicators.yaml", "indicators: [\n");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    assert_eq!(before, snapshot(&site.output()));
}

#[test]
fn removed_report_pages_are_deleted_on_rebuild() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    assert!(site.output().join("en/ben-tre/2020/index.html").exists());
    std::fs::remove_dir_all(site.content().join("provinces/ben-tre/2020")).unwrap();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.output().join("en/ben-tre/2020/index.html").exists());
}

#[test]
fn a_folder_baocao_did_not_create_is_refused_not_cleaned() {
    let site = Site::minimal();
    site.write("output/notes.txt", "mine");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(site.output().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(snapshot(&site.output()).len(), 1);
}

#[test]
fn charts_are_accessible_svg_in_each_language() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    for lang in ["vi", "en"] {
        let svg = site.inline_chart(&format!("{lang}/ben-tre/2020/"), "achievement");
        let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
        let root = doc.root_element();
        assert!(root.attribute("viewBox").is_some());
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a title")
            .text()
            .unwrap();
        let desc = root
            .children()
            .find(|n| n.has_tag_name("desc"))
            .expect("a desc")
            .text()
            .unwrap();
        let expected_title = if lang == "vi" {
            "Mức độ hoàn thành kế hoạch"
        } else {
            "Progress against plan"
        };
        assert_eq!(title, expected_title);
        let expected_desc = if lang == "vi" {
            "Bến Tre, 2020: đạt kế hoạch ở 3 trên 3 chỉ tiêu."
        } else {
            "Ben Tre, 2020: the plan was met for 3 of 3 indicators."
        };
        assert_eq!(desc, expected_desc);
        let page = site.read_output(&format!("{lang}/ben-tre/2020/index.html"));
        assert!(page.contains("<svg"), "the chart is inline in the page");
    }
}

#[test]
fn a_site_overrides_one_template_and_keeps_the_others() {
    let site = Site::minimal();
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lạc đường rồi</h1>{% endblock content %}",
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        site.read_output("vi/404.html")
            .contains("<h1>Lạc đường rồi</h1>")
    );
    // The narrative holds 18.382 too: the results row is the built-in template's own.
    let report = site.read_output("vi/ben-tre/2020/index.html");
    let row = report
        .split("<tr id=\"result-jobs-created\"")
        .nth(1)
        .expect("the built-in report template's results table");
    assert!(
        row.split("</tr>").next().unwrap().contains("18.382 người"),
        "{row}"
    );
}

/// A theme's template reads the UI strings of the page's language as `ui`, as `t()` gives them.
#[test]
fn a_theme_template_reads_its_ui_strings_as_ui_or_through_t() {
    let site = Site::minimal();
    let body =
        "<p id=\"ui\">{{ ui.home }}|{{ ui[\"change_\" ~ \"good\"] }}|{{ t(key=\"home\") }}</p>";
    site.write(
        "themes/default/templates/404.html",
        &format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}\n{body}\n{{% endblock content %}}"
        ),
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = |rel: &str| {
        let page = site.read_output(rel);
        let from = page.find("<p id=\"ui\">").expect("the theme's paragraph") + 11;
        page[from..from + page[from..].find("</p>").unwrap()].to_string()
    };
    assert_eq!(shown("vi/404.html"), "Trang chủ|cải thiện|Trang chủ");
    assert_eq!(shown("en/404.html"), "Home|better|Home");
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let site = Site::minimal();
    site.write("themes/default/templates/404.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ t(key=\"no_such_string\") }}\n{% endblock content %}");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(err.contains("404.html:3:"), "{err}");
    assert!(err.contains("no UI string `no_such_string`"), "{err}");
}

/// Pages are rendered from the templates without their indentation; an error is still
/// placed at the column the author sees, counting the indentation.
#[test]
fn a_template_error_on_an_indented_line_names_the_column_as_written() {
    let site = Site::minimal();
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<div>\n        <p>{{ t(key=\"no_such_string\") }}</p>\n</div>\n{% endblock content %}";
    site.write("themes/default/templates/404.html", template);
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains("404.html:4:15"), "{err}");
    assert!(
        err.contains("        <p>{{ t("),
        "the line as written: {err}"
    );

    let unclosed = template.replace("\")", "\"");
    site.write("themes/default/templates/404.html", &unclosed);
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains("404.html:4:"), "{err}");
    assert!(
        err.contains("        <p>{{ t("),
        "the line as written: {err}"
    );
}

#[test]
fn check_writes_nothing() {
    let site = Site::minimal();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("the content is valid"));
    assert!(!site.output().exists());
}

#[test]
fn a_stated_achievement_the_figures_contradict_is_shown_beside_value_over_target() {
    let site = Site::minimal();
    let report = "content/provinces/ben-tre/2020/report.yaml";
    let text = std::fs::read_to_string(site.content().join("provinces/ben-tre/2020/report.yaml"))
        .unwrap()
        .replace(
            "    achievement: 102.1\n",
            "    achievement: 110\n    note: {vi: Bài viết ghi 110%., en: The article says 110%.}\n",
        );
    site.write(report, &text);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let vi = site.read_output("vi/ben-tre/2020/index.html");
    let en = site.read_output("en/ben-tre/2020/index.html");
    assert!(
        vi.contains("110% (theo số liệu ÷ kế hoạch: 102,1%)"),
        "{vi}"
    );
    assert!(en.contains("110% (value ÷ target: 102.1%)"));
}
