//! The bundled site: the five seed provinces, every figure on the page in both languages.

mod common;

use std::path::Path;

use baocao::model::Amount;
use baocao::{BuildOptions, i18n};
use scraper::{Html, Selector};

fn build_bundled() -> (tempfile::TempDir, baocao::model::Site) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions::new(root.join("content"), out.path().join("site"));
    let (_, checked) = baocao::build(&options).expect("the bundled site builds");
    let warnings = checked.problems;
    assert!(
        warnings.is_empty(),
        "the bundled content has no warnings: {:?}",
        warnings.into_sorted()
    );
    let (site, _) = baocao::content::load(&root.join("content"));
    (out, site.unwrap())
}

fn page(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn seed_figures_appear_in_each_languages_format() {
    let (out, _) = build_bundled();
    let cases = [
        ("quang-tri/2023", "13.989 lượt người", "13,989 person-times"),
        ("quang-tri/2023", "72,66%", "72.66%"),
        (
            "quang-tri/2023",
            "gần 17.000 người",
            "nearly 17,000 persons",
        ),
        ("ben-tre/2020", "18.382 người", "18,382 persons"),
        ("ben-tre/2020", "102,1%", "102.1%"),
        ("ben-tre/2020", "30,028 tỷ đồng", "30.028 billion VND"),
        ("an-giang/2023", "357 người", "357 persons"),
        (
            "thai-nguyen/2023",
            "34.451,21 triệu đồng",
            "34,451.21 million VND",
        ),
        ("thai-nguyen/2023", "24/3/2024", "24 March 2024"),
        ("kien-giang/2017-q3", "79,3%", "79.3%"),
        ("kien-giang/2017-q3", "1.876 căn", "1,876 houses"),
    ];
    for (report, vi, en) in cases {
        assert!(
            page(&out, &format!("vi/{report}/index.html")).contains(vi),
            "vi/{report}: {vi}"
        );
        assert!(
            page(&out, &format!("en/{report}/index.html")).contains(en),
            "en/{report}: {en}"
        );
    }
}

/// The numbers a reader reads in a cell: runs of digits with their grouping and decimal marks.
fn numbers_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|t| t.trim_matches(['.', ',']))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The data cells of the table row `tr#<id>`, as text.
fn row_cells(page: &Html, id: &str) -> Vec<String> {
    let row = Selector::parse(&format!("tr#{id}")).unwrap();
    let cell = Selector::parse("td").unwrap();
    let row = page
        .select(&row)
        .next()
        .unwrap_or_else(|| panic!("no row {id}"));
    row.select(&cell)
        .map(|td| td.text().collect::<String>().trim().to_string())
        .collect()
}

/// Asserts that a cell shows every number of `amount`, or the dash of an empty cell.
fn assert_cell_shows(cell: &str, amount: Option<Amount>, strings: &i18n::Strings, what: &str) {
    let expected: Vec<String> = match amount {
        Some(Amount::Value(v)) => vec![v],
        Some(Amount::Range(a, b)) => vec![a, b],
        None => return assert_eq!(cell, "–", "{what}: empty"),
    }
    .into_iter()
    .map(|n| strings.exact(n.value, n.decimals))
    .collect();
    let shown = numbers_in(cell);
    for number in expected {
        assert!(shown.contains(&number), "{what}: {number} in `{cell}`");
    }
}

#[test]
fn every_figure_of_every_report_is_in_its_row_in_both_languages() {
    let (out, site) = build_bundled();
    let mut rows = 0;
    for report in &site.reports {
        for &lang in &site.config.languages {
            let strings = i18n::built_in(lang.code());
            let rel = format!(
                "{lang}/{}/{}/index.html",
                report.province,
                report.period.id()
            );
            let html = Html::parse_document(&page(&out, &rel));
            for figure in &report.results {
                let id = format!("result-{}", figure.indicator.replace('_', "-"));
                let cells = row_cells(&html, &id);
                let what = format!("{rel} {id}");
                assert_cell_shows(
                    &cells[0],
                    figure.amount,
                    &strings,
                    &format!("{what} result"),
                );
                assert_cell_shows(&cells[1], figure.target, &strings, &format!("{what} plan"));
                let rate = figure
                    .achievement
                    .map(|a| strings.exact(a.percent.value, a.percent.decimals));
                assert_eq!(
                    numbers_in(&cells[2]),
                    Vec::from_iter(rate),
                    "{what} achieved: `{}`",
                    cells[2]
                );
                rows += 1;
            }
            for figure in report.next.iter().flat_map(|n| n.targets.iter()) {
                let id = format!("target-{}", figure.indicator.replace('_', "-"));
                let cells = row_cells(&html, &id);
                assert_cell_shows(&cells[0], figure.amount, &strings, &format!("{rel} {id}"));
                rows += 1;
            }
        }
    }
    assert!(rows > 100, "{rows} rows");
}

#[test]
fn provinces_are_listed_in_vietnamese_alphabetical_order() {
    let (out, _) = build_bundled();
    let home = page(&out, "vi/index.html");
    let list = home
        .split("province-list")
        .nth(1)
        .expect("the province list");
    let order = [
        "An Giang",
        "Bến Tre",
        "Kiên Giang",
        "Quảng Trị",
        "Thái Nguyên",
        "Vĩnh Long",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|name| {
            list.find(&format!(">{name}</a>"))
                .unwrap_or_else(|| panic!("{name}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn breakdown_that_does_not_add_up_shows_the_gap() {
    let (out, _) = build_bundled();
    // An Giang: 357 workers abroad stated, 343 listed by destination.
    for (lang, gap, gap_value, sum, total) in [
        (
            "vi",
            "⚠ Chưa phân loại",
            "14 người",
            "343 người",
            "357 người",
        ),
        (
            "en",
            "⚠ Not itemised",
            "14 persons",
            "343 persons",
            "357 persons",
        ),
    ] {
        let html = Html::parse_document(&page(&out, &format!("{lang}/an-giang/2023/index.html")));
        let rows = Selector::parse("table.breakdown tr").unwrap();
        // Each row as `label | cell | cell`, the table as a reader reads it.
        let rows: Vec<String> = html
            .select(&rows)
            .map(|tr| {
                tr.child_elements()
                    .map(|c| c.text().collect::<String>().trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        let gap_row = rows
            .iter()
            .find(|r| r.starts_with(gap))
            .unwrap_or_else(|| panic!("{lang}: the gap is named: {rows:#?}"));
        assert!(
            gap_row.ends_with(&format!(" | {gap_value} | ")),
            "{gap_row}"
        );
        let sum_at = rows
            .iter()
            .position(|r| r.contains(&format!(" | {sum} | ")));
        let total_at = rows
            .iter()
            .position(|r| r.contains(&format!(" | {total} | ")));
        assert!(
            matches!((sum_at, total_at), (Some(s), Some(t)) if t == s + 1),
            "{lang}: the sum of the parts, then the stated total: {rows:#?}"
        );
    }
}

#[test]
fn merged_provinces_point_to_their_successor() {
    let (out, _) = build_bundled();
    assert!(page(&out, "en/kien-giang/index.html").contains("href=\"/en/an-giang/\""));
    assert!(page(&out, "vi/ben-tre/index.html").contains("href=\"/vi/vinh-long/\""));
    assert!(page(&out, "en/vinh-long/index.html").contains("Ben Tre"));
}

#[test]
fn part_year_figures_are_not_judged_as_missing_the_annual_plan() {
    let (out, _) = build_bundled();
    // Kiên Giang, January–September 2017: jobs at 79,3% of the annual plan.
    for (lang, achieved) in [
        ("en", "79.3% … Annual plan in progress"),
        ("vi", "79,3% … Đang thực hiện kế hoạch năm"),
    ] {
        let html = page(&out, &format!("{lang}/kien-giang/2017-q3/index.html"));
        let cells = row_cells(&Html::parse_document(&html), "result-jobs-created");
        assert_eq!(
            cells[2], achieved,
            "{lang}: the status says the year is not over"
        );
    }
    let en = page(&out, "en/kien-giang/2017-q3/index.html");
    assert!(!en.contains("Plan not met"));
}
