//! The bundled site: the five seed provinces, every figure on the page in both languages.

mod common;

use std::path::Path;

use baocao::model::Amount;
use baocao::{BuildOptions, i18n};

fn build_bundled() -> (tempfile::TempDir, baocao::model::Site) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions::new(root.join("content"), out.path().join("site"));
    let (_, warnings) = baocao::build(&options).expect("the bundled site builds");
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

#[test]
fn every_figure_of_every_report_is_on_its_page_in_both_languages() {
    let (out, site) = build_bundled();
    for report in &site.reports {
        for &lang in &site.config.languages {
            let strings = i18n::built_in(lang.code());
            let html = page(
                &out,
                &format!(
                    "{lang}/{}/{}/index.html",
                    report.province,
                    report.period.id()
                ),
            );
            let figures = report
                .results
                .iter()
                .chain(report.next.iter().flat_map(|n| n.targets.iter()));
            for figure in figures {
                let numbers: Vec<f64> = match figure.amount {
                    Some(Amount::Value(v)) => vec![v],
                    Some(Amount::Range(a, b)) => vec![a, b],
                    None => vec![],
                };
                let rate = figure.achievement.map(|a| strings.number(a.percent, 1));
                for text in numbers
                    .into_iter()
                    .map(|n| strings.figure_number(n))
                    .chain(rate)
                {
                    assert!(
                        html.contains(&text),
                        "{lang} {} {}: {text}",
                        report.province,
                        figure.indicator
                    );
                }
            }
        }
    }
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
    let vi = page(&out, "vi/an-giang/2023/index.html");
    assert!(
        vi.contains("343 người") && vi.contains("357 người"),
        "both totals are shown"
    );
    assert!(vi.contains("Chưa phân loại"), "the gap is named");
    let en = page(&out, "en/an-giang/2023/index.html");
    assert!(en.contains("Not itemised"));
    assert!(en.contains(">14 persons<"), "the gap of 14 is shown");
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
    let en = page(&out, "en/kien-giang/2017-q3/index.html");
    assert!(
        en.contains("Annual plan in progress"),
        "the status says the year is not over"
    );
    assert!(!en.contains("Plan not met"));
    let vi = page(&out, "vi/kien-giang/2017-q3/index.html");
    assert!(vi.contains("Đang thực hiện kế hoạch năm"));
}
