//! Page weight that does not grow with the site: on a generated site of many
//! provinces, every HTML page stays under 100 KB, indicator pages link a ranking
//! page per period (paged when long), the home page summarises, and trend charts
//! show a window of the latest periods.

mod common;

use std::path::Path;

/// No page of the site may be heavier than this, before compression.
const MAX_PAGE_BYTES: u64 = 100_000;
/// More provinces than one ranking page holds (70), so rankings take two pages.
const PROVINCES: usize = 120;
/// The years of most provinces; the first province has `LONG_HISTORY` years.
const YEARS: usize = 2;
const LONG_HISTORY: usize = 13;

/// A content folder of `PROVINCES` provinces: the first with `LONG_HISTORY` years of
/// reports, the others with `YEARS`, each figure different.
fn generated_site(at: &Path) {
    let minimal = common::fixtures().join("minimal/content");
    std::fs::create_dir_all(at).unwrap();
    for file in ["site.yaml", "units.yaml", "indicators.yaml"] {
        std::fs::copy(minimal.join(file), at.join(file)).unwrap();
    }
    let report =
        std::fs::read_to_string(minimal.join("provinces/ben-tre/2020/report.yaml")).unwrap();
    for p in 0..PROVINCES {
        let dir = at.join(format!("provinces/tinh-{p:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("province.yaml"),
            format!(
                "name: {{vi: Tỉnh số {p}, en: Province {p}}}\nregion: {{vi: Vùng {r}, en: Region {r}}}\n",
                r = p % 3
            ),
        )
        .unwrap();
        let years = if p == 0 { LONG_HISTORY } else { YEARS };
        for year in (2024 - years)..2024 {
            let period = dir.join(year.to_string());
            std::fs::create_dir_all(&period).unwrap();
            let yaml = report
                .replace("province: ben-tre", &format!("province: tinh-{p:03}"))
                .replace("\n  period: 2021", &format!("\n  period: {}", year + 1))
                .replace("\nperiod: 2020", &format!("\nperiod: {year}"))
                .replace(
                    "published: 2021-01-15",
                    &format!("published: {}-01-15", year + 1),
                )
                .replace(
                    "value: 18382",
                    &format!("value: {}", 10_000 + p * 37 + year),
                )
                .replace("    achievement: 102.1\n", "");
            std::fs::write(period.join("report.yaml"), yaml).unwrap();
            for (lang, words) in [("vi", "Báo cáo"), ("en", "Report")] {
                let text = format!("---\ntitle: {words} {year}\n---\n{words} {p}, {year}.\n");
                std::fs::write(period.join(format!("report.{lang}.md")), text).unwrap();
            }
        }
    }
}

/// The generated site, built once for every test of this file.
fn built() -> &'static Path {
    static SITE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        generated_site(&content);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(["build", "--content", "content", "--output", "output"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", common::stderr(&run));
        dir
    })
    .path()
}

fn page(rel: &str) -> String {
    let path = built().join("output").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn no_page_of_a_site_of_many_provinces_is_over_100_kb() {
    let output = built().join("output");
    let mut pages = 0;
    let mut heavy = Vec::new();
    for entry in walkdir::WalkDir::new(&output) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let len = entry.metadata().unwrap().len();
            if len > MAX_PAGE_BYTES {
                heavy.push(format!("{} ({len} bytes)", entry.path().display()));
            }
        }
    }
    assert!(pages > 2 * PROVINCES, "only {pages} pages");
    assert!(heavy.is_empty(), "pages over 100 KB:\n{}", heavy.join("\n"));
}

#[test]
fn an_indicator_page_shows_the_latest_ranking_and_links_every_period() {
    let html = page("vi/chi-tieu/jobs-created/index.html");
    // The latest period's first page of the ranking, and the way to the rest.
    assert!(html.contains("<caption>2023"), "{html}");
    assert!(
        !html.contains("<caption>2022"),
        "older rankings are on their own pages"
    );
    assert!(html.contains("href=\"/vi/chi-tieu/jobs-created/2023/\""));
    assert!(html.contains("Xem đủ 120 tỉnh có số liệu kỳ 2023"));
    // Every period ranked, the long history included.
    for year in 2011..=2023 {
        assert!(
            html.contains(&format!("href=\"/vi/chi-tieu/jobs-created/{year}/\"")),
            "no link to {year}"
        );
    }
}

#[test]
fn a_period_ranking_is_paged_with_every_province_once() {
    let first = page("vi/chi-tieu/jobs-created/2023/index.html");
    let second = page("vi/chi-tieu/jobs-created/2023/2/index.html");
    assert!(
        !built()
            .join("output/vi/chi-tieu/jobs-created/2023/3")
            .exists()
    );
    // The breadcrumb goes back to the indicator; the pages link each other.
    assert!(first.contains("<li><a href=\"/vi/chi-tieu/jobs-created/\">Số lao động được giải quyết việc làm</a></li>"), "{first}");
    assert!(first.contains("<span aria-current=\"page\">1–70</span>"));
    assert!(first.contains("href=\"/vi/chi-tieu/jobs-created/2023/2/\">71–120</a>"));
    assert!(second.contains("href=\"/vi/chi-tieu/jobs-created/2023/\">1–70</a>"));
    assert!(
        second.contains("<title>Số lao động được giải quyết việc làm: xếp hạng kỳ 2023 (trang 2)")
    );
    // Each province is on exactly one of the pages, with its rank.
    let row = |html: &str, p: usize| {
        html.matches(&format!("href=\"/vi/tinh-{p:03}/\">Tỉnh số {p}</a></th>"))
            .count()
    };
    for p in 0..PROVINCES {
        assert_eq!(row(&first, p) + row(&second, p), 1, "province {p}");
    }
    // The ranks run on from one page to the next.
    let ranks = |html: &str| {
        let page = scraper::Html::parse_document(html);
        let cell = scraper::Selector::parse("table.ranking tbody td:first-child").unwrap();
        page.select(&cell)
            .map(|td| td.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let (first_ranks, second_ranks) = (ranks(&first), ranks(&second));
    assert_eq!(first_ranks.first().map(String::as_str), Some("1"));
    assert_eq!(first_ranks.last().map(String::as_str), Some("70"));
    assert_eq!(second_ranks.first().map(String::as_str), Some("71"));
    assert_eq!(second_ranks.last().map(String::as_str), Some("120"));
    assert!(first.contains("120 trên 120 tỉnh có số liệu"));
    // A province ranked on the second page: its report's standing links to its row there.
    let html = scraper::Html::parse_document(&second);
    let row = scraper::Selector::parse("table.ranking tbody tr").unwrap();
    let last = html
        .select(&row)
        .next_back()
        .unwrap()
        .attr("id")
        .unwrap()
        .to_string();
    let report = page(&format!("vi/{last}/2023/index.html"));
    let link = format!("href=\"/vi/chi-tieu/jobs-created/2023/2/#{last}\"");
    assert!(report.contains(&link), "{link} in {report}");
    assert!(report.contains("thứ 120 trong 120 tỉnh"), "{report}");
    // The English page is its alternate, at the English path.
    assert!(
        first.contains("hreflang=\"en\" href=\"/en/indicators/jobs-created/2023/\""),
        "{first}"
    );
    let english = page("en/indicators/jobs-created/2023/2/index.html");
    assert!(english.contains("Jobs created: ranking for 2023 (page 2)"));
    let sitemap = page("sitemap.xml");
    assert!(sitemap.contains("<loc>/vi/chi-tieu/jobs-created/2023/2/</loc>"));
    assert!(sitemap.contains("<loc>/en/indicators/jobs-created/2011/</loc>"));
}

#[test]
fn the_home_page_summarises_and_links_the_rankings() {
    let html = page("vi/index.html");
    // Too many provinces for a table of each one's figures: the leaders, and the links.
    assert!(!html.contains("id=\"headline-title\""));
    assert!(html.contains("Xếp hạng đủ mọi tỉnh:"));
    assert!(html.contains("href=\"/vi/chi-tieu/jobs-created/\">"));
    // The newest reports only; every province is still linked.
    assert_eq!(html.matches("class=\"card-title\"").count(), 12);
    for p in 0..PROVINCES {
        assert!(
            html.contains(&format!("href=\"/vi/tinh-{p:03}/\"")),
            "province {p}"
        );
    }
}

#[test]
fn trend_charts_show_the_latest_ten_periods() {
    let html = page("vi/tinh-000/index.html");
    let trend = html
        .split("id=\"trend-jobs-created\"")
        .nth(1)
        .expect("a trend of jobs created");
    let table = &trend[..trend.find("</table>").unwrap()];
    assert!(table.contains("<th scope=\"row\">2023</th>"), "{table}");
    assert!(table.contains("<th scope=\"row\">2014</th>"));
    assert!(!table.contains("<th scope=\"row\">2013</th>"), "{table}");
    assert!(html.contains("tối đa 10 kỳ gần nhất"));
}
