//! Languages come from `site.yaml`: a third language needs only its strings file and its
//! narratives, and a Vietnamese-only site shows no trace of English.

mod common;

use std::path::Path;

use common::Site;

fn built(fixture: &str) -> Site {
    let site = Site::minimal_with(fixture);
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    site
}

/// Every file the build wrote, as text, by its path inside the output.
fn texts(dir: &Path) -> Vec<(String, String)> {
    common::snapshot(dir)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("static"))
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(&bytes).to_string();
            (path.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn a_third_language_reads_in_its_own_words_and_formats() {
    let site = built("japanese");
    let report = site.read_output("ja/ben-tre/2020/index.html");
    assert!(report.contains(r#"<html lang="ja">"#));
    // Its narrative, its UI strings, and ICU's Japanese number and date.
    assert!(report.contains("ベンチェ省、2020年の雇用計画を上回る"));
    assert!(report.contains("報告部局"), "the UI string `department`");
    assert!(
        report.contains("18,382 人"),
        "ICU's ja grouping and the unit"
    );
    assert!(report.contains("2021年1月15日"), "ICU's ja long date");
    assert!(
        report.contains("職業訓練を強化する。"),
        "the key task in Japanese"
    );
    assert!(report.contains(r#"<meta property="og:locale" content="ja_JP">"#));
    assert!(
        report.contains("省と指標の名前はベトナム語、英語と日本語で記載。"),
        "the open data's note names the site's three languages"
    );
    // Every language's page is an alternate of every other.
    for (lang, href) in [
        ("vi", "/vi/ben-tre/2020/"),
        ("en", "/en/ben-tre/2020/"),
        ("ja", "/ja/ben-tre/2020/"),
    ] {
        let link = format!(r#"<link rel="alternate" hreflang="{lang}" href="{href}">"#);
        for page in ["vi", "en", "ja"] {
            let html = site.read_output(&format!("{page}/ben-tre/2020/index.html"));
            assert!(html.contains(&link), "{page} page lacks {link}");
        }
    }
    let vi = site.read_output("vi/ben-tre/2020/index.html");
    assert!(
        vi.contains(r#"hreflang="ja" lang="ja">日本語</a>"#),
        "a switch to Japanese"
    );
    assert!(
        vi.contains(r#"hreflang="en" lang="en">English</a>"#),
        "a switch to English"
    );
    // The language's own words in its addresses.
    let indicators = site.read_output("ja/shihyo/index.html");
    assert!(indicators.contains("雇用創出数"));
    assert!(indicators.contains(r#"hreflang="vi" href="/vi/chi-tieu/""#));
    site.read_output("ja/kensaku/index.html");
    let sitemap = site.read_output("sitemap.xml");
    assert!(sitemap.contains(r#"hreflang="ja" href="/ja/shihyo/jobs-created/""#));
}

#[test]
fn a_third_language_has_its_names_in_the_open_data() {
    let site = built("japanese");
    let csv = site.read_output("data/figures/2020.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("province,province_name_vi,province_name_en,province_name_ja,"),
        "{header}"
    );
    assert!(csv.contains(",Bến Tre,Ben Tre,ベンチェ,"), "{csv}");
    let schema = site.read_output("data/figures.schema.json");
    assert!(schema.contains("Province name in Japanese"));
}

#[test]
fn a_vietnamese_only_site_has_no_english_page_string_link_or_column() {
    let site = built("vi-only");
    let out = site.output();
    assert!(!out.join("en").exists(), "no English pages");
    assert!(out.join("vi/ben-tre/2020/index.html").is_file());
    let english = [
        "Skip to main content",
        "Reporting department",
        "Download the data",
        ">English<",
        "Ben Tre",
        "Jobs created",
        "beats its 2020 jobs plan",
        "hreflang=\"en\"",
        "/en/",
        "_en",
        "en_GB",
        "tiếng Anh",
    ];
    let files = texts(&out);
    assert!(files.len() > 10, "{} files", files.len());
    for (path, text) in &files {
        for word in english {
            assert!(!text.contains(word), "{path} contains {word}");
        }
    }
    let report = site.read_output("vi/ben-tre/2020/index.html");
    assert!(report.contains("Chuyển đến nội dung chính"));
    assert!(report.contains("18.382 người"));
    assert!(report.contains("tên tỉnh và chỉ tiêu có tiếng Việt."));
    let header = site.read_output("data/figures/2020.csv");
    assert!(header.starts_with("province,province_name_vi,report_period,"));
}

#[test]
fn a_site_language_without_ui_strings_is_an_error_with_a_hint() {
    let site = Site::minimal_with("vi-only");
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        &yaml.replace("languages: [vi]", "languages: [vi, ko]"),
    );
    let output = site.run(&["check"]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string() + &common::stderr(&output);
    assert!(!output.status.success());
    assert!(
        stdout.contains(
            "themes/default/i18n/ko.yaml: error: the site language `ko` has no UI strings"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("hint: add i18n/ko.yaml to the theme folder"),
        "{stdout}"
    );
}

#[test]
fn a_missing_ui_string_names_the_file_and_the_key() {
    let site = Site::minimal_with("japanese");
    let path = "themes/default/i18n/ja.yaml";
    let strings = std::fs::read_to_string(site.dir.path().join(path)).unwrap();
    site.write(
        path,
        &strings.replace("search_none: 見つかりませんでした。\n", ""),
    );
    let output = site.run(&["check"]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string() + &common::stderr(&output);
    assert!(!output.status.success());
    assert!(
        stdout.contains("ja.yaml: error: the UI string `search_none` is missing"),
        "{stdout}"
    );
}

#[test]
fn a_new_report_has_a_narrative_in_each_language_in_its_words() {
    let site = Site::minimal_with("japanese");
    let output = site.run(&["new", "ben-tre", "2021-q3"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let dir = site.content().join("provinces/ben-tre/2021-q3");
    let ja = std::fs::read_to_string(dir.join("report.ja.md")).unwrap();
    assert!(
        ja.starts_with("---\ntitle: \"ベンチェ 2021年1～9月\""),
        "{ja}"
    );
    for heading in ["## 主な成果", "## 課題", "## 2021年の重点任務"] {
        assert!(ja.contains(heading), "{ja}");
    }
    let yaml = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    assert!(
        yaml.contains("\n  ja: \"ベンチェ省労働・傷病兵・社会局\"\n"),
        "{yaml}"
    );
    let check = site.run(&["check"]);
    assert!(check.status.success(), "{}", common::stderr(&check));
}

/// The words of a text that are written with Vietnamese letters (`Bến`, `Lắk`); single
/// letters such as the `đ` of an English search hint are not words of another language.
fn vietnamese_words(text: &str) -> Vec<&str> {
    let vietnamese = |c: char| {
        "ăâđêôơưĂÂĐÊÔƠƯ".contains(c)
            || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
            || "àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ".contains(c)
    };
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 1 && w.chars().any(vietnamese))
        .collect()
}

/// Texts on a page written in Vietnamese without an element saying so: `(element, text)`.
fn vietnamese_without_lang(html: &str) -> Vec<(String, String)> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        if vietnamese_words(text).is_empty() {
            continue;
        }
        let elements = node.ancestors().filter_map(scraper::ElementRef::wrap);
        let parent = elements
            .clone()
            .next()
            .map(|e| e.value().name().to_string())
            .unwrap_or_default();
        let lang = elements.filter_map(|e| e.value().attr("lang")).next();
        if lang != Some("vi") && !["script", "style", "title"].contains(&parent.as_str()) {
            found.push((parent, text.trim().chars().take(80).collect()));
        }
    }
    found
}

#[test]
fn on_english_pages_every_vietnamese_text_says_it_is_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let options = baocao::BuildOptions::new(content, dir.path().join("output"));
    baocao::build(&options).expect("the bundled site builds");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(dir.path().join("output/en")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let found = vietnamese_without_lang(&html);
        assert!(found.is_empty(), "{}: {found:?}", entry.path().display());
        pages += 1;
    }
    assert!(pages > 50, "{pages} English pages");
    // The check sees Vietnamese: the source of a report is named as it was published.
    let report =
        std::fs::read_to_string(dir.path().join("output/en/ben-tre/2020/index.html")).unwrap();
    assert!(
        report.contains(r#"<cite lang="vi">Ngành LĐ-TB&amp;XH tỉnh Bến Tre"#),
        "{report}"
    );
}

#[test]
fn a_text_missing_in_english_is_shown_in_vietnamese_marked_as_vietnamese() {
    let site = Site::minimal();
    let replace = |rel: &str, from: &str, to: &str| {
        let path = site.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(path, text.replace(from, to)).unwrap();
    };
    replace("content/site.yaml", "  en: Test team\n", "");
    replace(
        "content/provinces/ben-tre/2020/report.yaml",
        "  en: Ben Tre Department of Labour, Invalids and Social Affairs\n",
        "",
    );
    replace(
        "content/provinces/ben-tre/2020/report.yaml",
        "    achievement: 102.1\n",
        "    achievement: 102.1\n    note:\n      vi: Theo báo cáo của Sở.\n",
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let en = site.read_output("en/ben-tre/2020/index.html");
    for shown in [
        r#"<span lang="vi">Nhóm thử nghiệm</span>"#,
        r#"<dd lang="vi">Sở Lao động – Thương binh và Xã hội tỉnh Bến Tre</dd>"#,
        r#"<span class="figure-note" lang="vi">Theo báo cáo của Sở.</span>"#,
    ] {
        assert!(en.contains(shown), "{shown}");
    }
    assert_eq!(vietnamese_without_lang(&en), Vec::<(String, String)>::new());
    // On the Vietnamese page the same texts are in the page's own language.
    let vi = site.read_output("vi/ben-tre/2020/index.html");
    assert!(vi.contains("<dd>Sở Lao động – Thương binh và Xã hội tỉnh Bến Tre</dd>"));
    assert!(!vi.contains(r#"<dd lang="vi">"#));
}
