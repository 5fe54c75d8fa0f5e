//! The chart suite as readers get it: inline SVGs on the pages and each page's
//! `charts.csv` of their numbers beside it, in both languages.
//!
//! Most tests build `tests/fixtures/charts/` laid over the minimal site: Bến Tre
//! (a former province) with 2019 and 2020 reports, Vĩnh Long with a 2020 report
//! whose breakdown falls 1.000 persons short of its total, and one money figure
//! in million VND where Bến Tre's is in billion VND.

mod common;

use std::path::Path;

use common::Site;

fn built() -> Site {
    built_with(&[])
}

const BEN_TRE_2019: &str = "content/provinces/ben-tre/2019/report.yaml";
const BEN_TRE_2020: &str = "content/provinces/ben-tre/2020/report.yaml";

/// A content file and how to rewrite it.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// The charts fixture built after each of `edits` rewrote its file.
fn built_with(edits: &[Edit]) -> Site {
    let site = Site::minimal_with("charts");
    for (rel, edit) in edits {
        let text = std::fs::read_to_string(site.dir.path().join(rel)).unwrap();
        site.write(rel, &edit(&text));
    }
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    site
}

/// The rows of a Vietnamese trend's table: the period, the result, the plan, the note.
fn trend_table(site: &Site, page: &str, id: &str, unit: &str) -> Vec<Vec<String>> {
    let (result, plan) = (format!("Kết quả ({unit})"), format!("Kế hoạch ({unit})"));
    table_of(site, page, id, &["Kỳ báo cáo", &result, &plan, "Ghi chú"])
}

/// The inline `<svg>…</svg>` elements of a page.
fn inline_svgs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// What a reader's screen reader and eyes get from one chart.
struct Chart {
    id: String,
    title: String,
    desc: String,
    texts: Vec<String>,
    view_width: f64,
    min_font: f64,
}

fn parse_chart(svg: &str) -> Chart {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("width"), None, "scales to its container");
    let view: Vec<f64> = root
        .attribute("viewBox")
        .expect("a viewBox")
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let child = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no <{name}>"))
            .to_string()
    };
    let (title, desc) = (child("title"), child("desc"));
    let id = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.attribute("id"))
        .and_then(|id| id.strip_suffix("-title"))
        .expect("titled by id")
        .to_string();
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    // Each `<text>`, and each `<tspan>` placed on its own in one.
    let texts: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("tspan"))
        .collect();
    Chart {
        id,
        title,
        desc,
        texts: texts
            .iter()
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect(),
        view_width: view[2],
        min_font: texts
            .iter()
            .filter_map(|n| inherited(*n, "font-size")?.parse::<f64>().ok())
            .fold(f64::INFINITY, f64::min),
    }
}

/// An inherited property of an element: its own, or its nearest ancestor's (a `<g>`
/// that sets it for a run of elements, or the chart's `<svg>`).
fn inherited<'a>(n: roxmltree::Node<'a, '_>, key: &str) -> Option<&'a str> {
    n.ancestors().find_map(|a| a.attribute(key))
}

fn chart_on(site: &Site, page: &str, id: &str) -> Chart {
    let html = site.read_output(&format!("{page}index.html"));
    inline_svgs(&html)
        .iter()
        .map(|svg| parse_chart(svg))
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{page}: no chart {id}"))
}

/// The table of the chart `id` on the page, from the page's `charts.csv` (see
/// `Site::chart_table`).
fn table_of(site: &Site, page: &str, id: &str, columns: &[&str]) -> Vec<Vec<String>> {
    site.chart_table(page, &chart_on(site, page, id).title, columns)
}

/// The rows of a report page's standings among the provinces: the indicator, the rank,
/// the figure, the note and where the indicator's name leads.
fn standings(site: &Site, page: &str) -> Vec<[String; 5]> {
    let html = scraper::Html::parse_document(&site.read_output(&format!("{page}index.html")));
    let row = scraper::Selector::parse("table.standings tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let link = scraper::Selector::parse("th a").unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    html.select(&row)
        .map(|tr| {
            let cells: Vec<String> = tr.select(&cell).map(text).collect();
            let href = tr.select(&link).next().unwrap().attr("href").unwrap();
            [&cells[0], &cells[1], &cells[2], &cells[3], href].map(str::to_string)
        })
        .collect()
}

/// Each section of `page` that draws charts links the page's `charts.csv` once, before
/// its first chart, and nothing else on the page does but the trends it lists undrawn.
fn assert_each_section_of_charts_links_its_csv(html: &str, page: &str) {
    let link = format!(r#"<p class="chart-download"><a href="/{page}charts.csv""#);
    let mut sections = 0;
    for section in html.split("<section").skip(1) {
        let section = section.split("</section>").next().unwrap();
        let Some(first_chart) = section.find(r#"<figure class="chart""#) else {
            assert!(!section.contains(&link), "{page}: a link without charts");
            continue;
        };
        sections += 1;
        assert_eq!(section.matches(&link).count(), 1, "{page}: {section}");
        assert!(section.find(&link) < Some(first_chart), "{page}: {section}");
    }
    assert!(sections > 0, "{page} has a section of charts");
}

/// Every chart of every report page, in both languages: inline, titled and
/// described, written nowhere else, with its numbers in the page's `charts.csv`, linked.
fn check_report_pages(site: &Site, reports: &[&str]) {
    for report in reports {
        let mut ids_by_lang = Vec::new();
        for lang in ["vi", "en"] {
            let page = format!("{lang}/{report}/");
            let html = site.read_output(&format!("{page}index.html"));
            let charts: Vec<Chart> = inline_svgs(&html).iter().map(|s| parse_chart(s)).collect();
            assert!(!charts.is_empty(), "{page} has charts");
            let mut files: Vec<String> = std::fs::read_dir(site.output().join(&page))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n != "index.html" && std::path::Path::new(n).extension().is_some())
                .collect();
            files.sort();
            assert_eq!(
                files,
                ["charts.csv"],
                "{page}: the charts are in the page only"
            );
            assert_each_section_of_charts_links_its_csv(&html, &page);
            let (_, records) = site.chart_numbers(&page);
            let mut in_csv: Vec<&str> = records.iter().map(|r| r[0].as_str()).collect();
            in_csv.dedup();
            let titles: Vec<&str> = charts.iter().map(|c| c.title.as_str()).collect();
            assert_eq!(
                in_csv, titles,
                "{page}: every chart's numbers, in the page's order"
            );
            let mut ids: Vec<String> = charts.iter().map(|c| c.id.clone()).collect();
            ids.sort();
            for chart in &charts {
                assert!(!chart.title.is_empty() && !chart.desc.is_empty(), "{page}");
            }
            ids_by_lang.push((ids, charts));
        }
        let (vi, en) = (&ids_by_lang[0], &ids_by_lang[1]);
        assert_eq!(vi.0, en.0, "{report}: the same charts in both languages");
        for (a, b) in vi.1.iter().zip(&en.1) {
            assert_ne!(
                a.desc, b.desc,
                "{report}/{}: described in each language",
                a.id
            );
        }
    }
}

#[test]
fn every_report_page_has_its_charts_in_both_languages() {
    let site = built();
    check_report_pages(&site, &["ben-tre/2019", "ben-tre/2020", "vinh-long/2020"]);
}

#[test]
fn every_bundled_report_page_has_its_charts_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    common::copy_tree(&root.join("content"), &site.content());
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    check_report_pages(
        &site,
        &[
            "an-giang/2023",
            "ben-tre/2020",
            "kien-giang/2017-q3",
            "quang-tri/2023",
            "thai-nguyen/2023",
        ],
    );
    // The issue's example sentence, in each language's number format.
    let vi = chart_on(&site, "vi/thai-nguyen/2023/", "trend-poor-household-rate");
    assert_eq!(
        vi.desc,
        "Tỷ lệ hộ nghèo giảm từ 4,35% (2022) xuống 3,02% (2023)."
    );
    let en = chart_on(&site, "en/thai-nguyen/2023/", "trend-poor-household-rate");
    assert!(
        en.desc.contains("from 4.35% (2022) to 3.02% (2023)"),
        "{}",
        en.desc
    );
    // Urban unemployment: two exact latest figures and An Giang's "dưới 4%", which
    // cannot be ranked: too few to draw as a ranking.
    let home = site.read_output("vi/index.html");
    assert!(!home.contains("overview-urban-unemployment-rate"));
    // An Giang: 343 itemised against 357 stated, the 14 shown as their own part.
    let gap = chart_on(&site, "vi/an-giang/2023/", "breakdown-2-overseas-workers");
    assert!(gap.texts.contains(&"Chưa phân loại".to_string()));
    assert!(gap.texts.contains(&"14 người".to_string()));
    let page = "en/an-giang/2023/";
    let title = chart_on(&site, page, "breakdown-2-overseas-workers").title;
    let rows = site.chart_rows(page, &title);
    let gap = (rows.iter())
        .find(|row| row.iter().any(|(_, value)| value == "Not itemised"))
        .expect("the gap's row");
    let result = gap.iter().find(|(column, _)| column.starts_with("Result"));
    assert_eq!(result.map(|(_, v)| v.as_str()), Some("14"), "{gap:?}");
    // Thái Nguyên: jobs "of which abroad" – the rest of the total is no gap.
    let of_which = chart_on(&site, "en/thai-nguyen/2023/", "breakdown-1-jobs-created");
    assert!(
        of_which.texts.contains(&"The rest".to_string()),
        "{:?}",
        of_which.texts
    );
    assert!(!of_which.texts.contains(&"Not itemised".to_string()));
    assert!(
        of_which.desc.contains("23,250 persons, of which"),
        "{}",
        of_which.desc
    );
    // Kiên Giang 2017 gives only rates of plan; they are charted.
    let kg = chart_on(&site, "vi/kien-giang/2017-q3/", "achievement");
    assert!(kg.texts.contains(&"79,3%".to_string()), "{:?}", kg.texts);
    // Nine months against an annual plan: grey and "in progress", not a miss.
    assert!(
        kg.texts
            .contains(&"Đang thực hiện kế hoạch năm".to_string())
    );
    assert!(!kg.texts.contains(&"Chưa đạt kế hoạch".to_string()));
}

#[test]
fn chart_words_and_numbers_follow_the_page_language() {
    let site = built();
    let vi = chart_on(&site, "vi/ben-tre/2020/", "trend-poor-household-rate");
    let en = chart_on(&site, "en/ben-tre/2020/", "trend-poor-household-rate");
    assert_eq!(vi.title, "Tỷ lệ hộ nghèo");
    assert_eq!(en.title, "Poor-household rate");
    assert_eq!(
        vi.desc,
        "Tỷ lệ hộ nghèo giảm từ 4,35% (2019) xuống 3,6% (2020)."
    );
    assert_eq!(
        en.desc,
        "Poor-household rate fell from 4.35% (2019) to 3.6% (2020)."
    );
    for (chart, texts) in [
        (&vi, ["4,35%", "Thực hiện", "Kế hoạch", "Ước tính"]),
        (&en, ["4.35%", "Actual", "Plan", "Estimate"]),
    ] {
        for t in texts {
            assert!(
                chart.texts.iter().any(|x| x == t),
                "{t} in {:?}",
                chart.texts
            );
        }
    }
    // Axis ticks use the language's grouping.
    let vi = chart_on(&site, "vi/vinh-long/2020/", "breakdown-1-jobs-created");
    let en = chart_on(&site, "en/vinh-long/2020/", "breakdown-1-jobs-created");
    assert!(vi.texts.contains(&"10.000".to_string()), "{:?}", vi.texts);
    assert!(en.texts.contains(&"10,000".to_string()), "{:?}", en.texts);
}

#[test]
fn achievement_csv_holds_the_reports_figures_with_their_units() {
    let site = built();
    let (header, _) = site.chart_numbers("en/ben-tre/2020/");
    assert_eq!(header[0], "Chart");
    let columns = [
        "Indicator",
        "Result",
        "Plan",
        "Unit",
        "% of plan",
        "Rate is",
        "Assessment",
        "Note",
    ];
    let rows = site.chart_table("en/ben-tre/2020/", "Progress against plan", &columns);
    // Poverty is lower-is-better: 4 % planned, 3.6 % reached is 111.1 % of plan.
    // Only the jobs rate is the report's; the others are worked out, and say so.
    let met = "Plan met";
    assert_eq!(
        rows,
        [
            [
                "Jobs created",
                "18382",
                "18000",
                "persons",
                "102.1",
                "stated",
                met,
                ""
            ],
            [
                "Share of workforce trained",
                "60.6",
                "60",
                "%",
                "101",
                "computed",
                met,
                ""
            ],
            [
                "Poor-household rate",
                "3.6",
                "4",
                "%",
                "111.1",
                "computed",
                met,
                "estimate"
            ],
        ]
    );
    let chart = chart_on(&site, "en/ben-tre/2020/", "achievement");
    assert!(chart.texts.contains(&"101% (computed)".to_string()));
    assert!(chart.texts.contains(&"102.1%".to_string()));
}

#[test]
fn report_trends_stop_at_the_report_and_show_the_next_target() {
    let site = built();
    let html = site.read_output("vi/ben-tre/2019/index.html");
    assert!(!html.contains("id=\"trend-"), "one period is not a trend");
    let jobs = chart_on(&site, "vi/ben-tre/2020/", "trend-jobs-created");
    // 2019, 2020 and the 2021 plan.
    for t in [
        "2019",
        "2020",
        "2021",
        "17.250 người",
        "18.382 người",
        "20.000 người",
    ] {
        assert!(jobs.texts.iter().any(|x| x == t), "{t} in {:?}", jobs.texts);
    }
}

#[test]
fn a_trend_shows_the_plan_a_period_was_judged_against() {
    // The 2019 report set 17.500 as the plan for 2020; the 2020 report states 18.000,
    // and its results table judges the year against that.
    let next =
        "next:\n  period: 2020\n  targets:\n    - indicator: jobs_created\n      value: 17500\n";
    let site = built_with(&[(BEN_TRE_2019, &|yaml| format!("{yaml}{next}"))]);
    let rows = trend_table(&site, "vi/ben-tre/2020/", "trend-jobs-created", "người");
    assert_eq!(
        rows,
        [
            ["2019", "17250", "17000", ""],
            ["2020", "18382", "18000", ""],
            ["2021", "", "20000", ""],
        ]
    );
    let jobs = chart_on(&site, "vi/ben-tre/2020/", "trend-jobs-created");
    assert!(
        !jobs.texts.iter().any(|t| t.contains("17.500")),
        "{:?}",
        jobs.texts
    );
    // The province page draws the same series.
    let rows = trend_table(&site, "vi/ben-tre/", "trend-jobs-created", "người");
    assert_eq!(rows[1], ["2020", "18382", "18000", ""]);
}

#[test]
fn a_trend_keeps_a_plan_s_qualifier() {
    // 2019: "tỷ lệ hộ nghèo dưới 4,5%"; 2020 sets "dưới 3%" for 2021.
    let bounded = "target: 4.5\n    target_qualifier: below\n";
    let next =
        "    - indicator: poor_household_rate\n      value: 3\n      qualifier: below\n  tasks:";
    let site = built_with(&[
        (BEN_TRE_2019, &|yaml| {
            yaml.replacen("target: 4.5\n", bounded, 1)
        }),
        (BEN_TRE_2020, &|yaml| yaml.replacen("  tasks:", next, 1)),
    ]);
    let chart = chart_on(&site, "vi/ben-tre/2020/", "trend-poor-household-rate");
    for label in ["dưới 4,5%", "4%", "dưới 3%"] {
        assert!(
            chart.texts.iter().any(|t| t == label),
            "{label} in {:?}",
            chart.texts
        );
    }
    let html = site.read_output("vi/ben-tre/2020/index.html");
    assert!(
        html.contains("<td>dưới 4,5%</td>"),
        "the table says the bound"
    );
    let rows = trend_table(&site, "vi/ben-tre/2020/", "trend-poor-household-rate", "%");
    assert_eq!(
        rows,
        [
            ["2019", "4.35", "4.5", "kế hoạch: dưới"],
            ["2020", "3.6", "4", "ước tính"],
            ["2021", "", "3", "kế hoạch: dưới"],
        ]
    );
    let chart = chart_on(&site, "en/ben-tre/2020/", "trend-poor-household-rate");
    assert!(
        chart.texts.iter().any(|t| t == "below 3%"),
        "{:?}",
        chart.texts
    );
}

#[test]
fn rankings_put_the_best_first_and_mark_former_provinces() {
    let site = built();
    // Lower is better for the poverty rate: Vĩnh Long (2,9%) ranks above Bến Tre (3,6%).
    let (header, _) = site.chart_numbers("vi/chi-tieu/poor-household-rate/");
    assert_eq!(header[0], "Biểu đồ");
    let page = "vi/chi-tieu/poor-household-rate/";
    let rows = table_of(
        &site,
        page,
        "ranking-poor-household-rate-2020",
        &["Hạng", "Tỉnh", "Kết quả (%)", "Ghi chú"],
    );
    assert_eq!(
        rows,
        [
            ["1", "Vĩnh Long", "2.9", ""],
            ["2", "Cà Mau", "3.1", ""],
            ["3", "Bến Tre (tỉnh cũ)", "3.6", "ước tính"]
        ]
    );
    let chart = chart_on(
        &site,
        "en/indicators/poor-household-rate/",
        "ranking-poor-household-rate-2020",
    );
    assert!(chart.texts.contains(&"3. Ben Tre (former)".to_string()));
    assert!(
        chart.desc.ends_with("3 of 3 provinces reported."),
        "{}",
        chart.desc
    );
    assert!(chart.desc.contains("Lower is better"), "{}", chart.desc);
    // A report page says where its province stands and links to the row of the
    // ranking, drawn once on its own page; it draws no ranking of its own.
    let standing = standings(&site, "vi/vinh-long/2020/");
    assert_eq!(
        standing[1],
        [
            "Tỷ lệ hộ nghèo",
            "thứ 1 trong 3 tỉnh",
            "2,9%",
            "thấp hơn là tốt",
            "/vi/chi-tieu/poor-household-rate/2020/#vinh-long"
        ],
        "{standing:?}"
    );
    let ranking = site.read_output("vi/chi-tieu/poor-household-rate/2020/index.html");
    assert!(ranking.contains(r#"<tr id="vinh-long">"#));
    let standing = standings(&site, "en/ben-tre/2020/");
    assert_eq!(
        standing[0],
        [
            "Jobs created",
            "1st of 3 provinces",
            "18,382 persons",
            "",
            "/en/indicators/jobs-created/2020/#ben-tre"
        ],
        "{standing:?}"
    );
    assert!(standing[1][2].ends_with("(est.)"), "{standing:?}");
    for page in ["vi/vinh-long/2020/", "en/ben-tre/2020/"] {
        let html = site.read_output(&format!("{page}index.html"));
        assert!(!html.contains(r#"id="ranking-"#), "{page} draws no ranking");
    }
    // Vĩnh Long and Cà Mau created as many jobs: they share the second place.
    let page = "en/indicators/jobs-created/";
    let rows = table_of(
        &site,
        page,
        "ranking-jobs-created-2020",
        &["Rank", "Province", "Result (persons)", "Note"],
    );
    let ranks: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ranks, ["1", "2", "2"]);
}

#[test]
fn money_in_different_units_is_ranked_on_one_axis() {
    let site = built();
    let page = "en/indicators/merit-housing-funds/";
    let rows = table_of(
        &site,
        page,
        "ranking-merit-housing-funds-2020",
        &["Rank", "Province", "Result (billion VND)", "Note"],
    );
    // 41.250,5 million VND is 41,2505 billion.
    assert_eq!(rows[0], ["1", "Vinh Long", "41.2505", ""]);
    assert_eq!(rows[1], ["2", "Ben Tre (former)", "30.028", ""]);
}

#[test]
fn money_in_different_units_is_one_trend_in_the_indicators_unit() {
    let site = built();
    // 2019 in million VND, 2020 in billion VND: one axis, in billion VND.
    let chart = chart_on(&site, "en/ben-tre/", "trend-merit-housing-funds");
    for t in ["25 billion VND", "30.028 billion VND", "billion VND"] {
        assert!(
            chart.texts.iter().any(|x| x == t),
            "{t} in {:?}",
            chart.texts
        );
    }
    let rows = site.chart_table(
        "en/ben-tre/",
        &chart.title,
        &[
            "Period",
            "Result (billion VND)",
            "Plan (billion VND)",
            "Note",
        ],
    );
    assert_eq!(rows, [["2019", "25", "", ""], ["2020", "30.028", "", ""]]);
}

#[test]
fn breakdown_gap_is_drawn_listed_and_downloadable() {
    let site = built();
    let chart = chart_on(&site, "en/vinh-long/2020/", "breakdown-1-jobs-created");
    assert!(chart.texts.contains(&"Not itemised".to_string()));
    assert!(chart.texts.contains(&"1,000 persons".to_string()));
    assert!(
        chart
            .desc
            .contains("add up to 14,000 persons, less than the stated total of 15,000"),
        "{}",
        chart.desc
    );
    let vi = chart_on(&site, "vi/vinh-long/2020/", "breakdown-1-jobs-created");
    let rows = site.chart_table(
        "vi/vinh-long/2020/",
        &vi.title,
        &["Nơi làm việc", "Kết quả (người)", "Tỷ trọng (%)", "Ghi chú"],
    );
    // "khoảng 5.000": the part keeps its qualifier on the chart and in the data.
    assert_eq!(
        rows,
        [
            ["Trong tỉnh", "9000", "60", ""],
            ["Ngoài tỉnh", "5000", "33.3", "khoảng"],
            ["Chưa phân loại", "1000", "6.7", ""],
            ["Tổng số công bố", "15000", "100", ""],
        ]
    );
    assert!(
        vi.texts.contains(&"khoảng 5.000 người".to_string()),
        "{:?}",
        vi.texts
    );
}

#[test]
fn every_charts_csv_has_a_header_in_its_language_and_plain_numbers() {
    let site = built();
    let pages: Vec<_> = walkdir::WalkDir::new(site.output())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| {
            let rel = e.path().strip_prefix(site.output()).unwrap();
            rel.to_string_lossy().to_string()
        })
        // Chart CSVs sit beside their pages; the open data under `data/` is bilingual.
        .filter(|rel| rel.starts_with("vi/") || rel.starts_with("en/"))
        .map(|rel| {
            let page = rel.strip_suffix("charts.csv");
            page.unwrap_or_else(|| panic!("{rel}: one CSV a page"))
                .to_string()
        })
        .collect();
    assert!(pages.len() >= 10, "{pages:?}");
    for page in &pages {
        let (header, records) = site.chart_numbers(page);
        let other = if page.starts_with("vi/") {
            page.replacen("vi/", "en/", 1)
                .replace("/chi-tieu/", "/indicators/")
        } else {
            page.replacen("en/", "vi/", 1)
                .replace("/indicators/", "/chi-tieu/")
        };
        let (other_header, other_records) = site.chart_numbers(&other);
        assert_ne!(
            header, other_header,
            "{page}: header in the page's language"
        );
        assert_eq!(records.len(), other_records.len(), "{page}");
        let html = site.read_output(&format!("{page}index.html"));
        assert_eq!(header.len(), other_header.len(), "{page}");
        for (record, other) in records.iter().zip(&other_records) {
            assert!(
                html.contains(&format!("<h3>{}</h3>", record[0])),
                "{page}: {record:?}"
            );
            assert!(
                record[1..].iter().any(|v| !v.is_empty()),
                "{page}: {record:?}"
            );
            // Columns with a unit in their header hold plain numbers, the same in each language.
            for (column, (value, other)) in header.iter().zip(record.iter().zip(other)) {
                if column.ends_with(')') && !value.is_empty() {
                    assert!(value.parse::<f64>().is_ok(), "{page}: {record:?}");
                    assert_eq!(value, other, "{page}");
                }
            }
        }
    }
}

#[test]
fn every_chart_stays_legible_on_a_phone() {
    let site = built();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        let in_a_language = ["vi", "en"]
            .iter()
            .any(|lang| entry.path().starts_with(site.output().join(lang)));
        if entry.path().extension().is_none_or(|x| x != "html") || !in_a_language {
            continue;
        }
        for svg in inline_svgs(&std::fs::read_to_string(entry.path()).unwrap()) {
            let chart = parse_chart(&svg);
            // Scaled to 356 pixels: a 390-pixel phone less the page's margins and the
            // chart card's border (the drawing bleeds over the card's padding there).
            let smallest = chart.min_font * 356.0 / chart.view_width;
            assert!(
                smallest >= 11.0,
                "{} {}: text at {smallest:.1} px on a phone",
                entry.path().display(),
                chart.id
            );
            checked += 1;
        }
    }
    // Every chart kind is there: achievement, trends, rankings, breakdowns, overviews.
    assert!(checked >= 20, "only {checked} charts were found");
}

#[test]
fn the_home_page_shows_headline_indicators_as_small_multiples() {
    let site = built();
    let html = site.read_output("en/index.html");
    let charts: Vec<Chart> = inline_svgs(&html).iter().map(|s| parse_chart(s)).collect();
    let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["overview-jobs-created", "overview-poor-household-rate"]
    );
    let jobs = &charts[0];
    // Each province's latest figure, with its period under the name.
    assert!(jobs.texts.contains(&"Ben Tre (former)".to_string()));
    assert!(jobs.texts.contains(&"18,382 persons".to_string()));
    assert!(jobs.texts.contains(&"15,000 persons".to_string()));
    assert!(jobs.texts.contains(&"2020".to_string()));
}

/// One chart of each kind, pinned byte for byte (review changes with `cargo insta review`
/// or rerun with `INSTA_UPDATE=always`).
#[test]
fn one_chart_of_each_kind_is_pinned() {
    let site = built();
    for (name, page, id) in [
        ("achievement", "vi/ben-tre/2020/", "achievement"),
        ("trend", "vi/ben-tre/2020/", "trend-jobs-created"),
        (
            "ranking",
            "vi/chi-tieu/poor-household-rate/",
            "ranking-poor-household-rate-2020",
        ),
        (
            "breakdown",
            "vi/vinh-long/2020/",
            "breakdown-1-jobs-created",
        ),
        ("overview", "en/", "overview-jobs-created"),
    ] {
        insta::assert_snapshot!(name, site.inline_chart(page, id));
    }
}

/// A province page draws six trends; the others are listed, each with its drawing as a
/// file of its own that names its font, and their numbers in the page's CSV with the rest.
#[test]
fn trends_a_province_page_lists_are_files_of_their_own() {
    let site = Site::minimal();
    let extra = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let mut indicators = std::fs::read_to_string(site.content().join("indicators.yaml")).unwrap();
    let mut results = String::new();
    for (i, x) in extra.iter().enumerate() {
        indicators.push_str(&format!(
            "  - id: extra_{x}\n    name: {{vi: Chỉ tiêu {x}, en: Indicator {x}}}\n    \
             unit: percent\n    better: higher\n"
        ));
        results.push_str(&format!(
            "  - indicator: extra_{x}\n    value: {}\n    previous: {i}\n    previous_period: 2019\n",
            i + 1
        ));
    }
    site.write("content/indicators.yaml", &indicators);
    let report = site.content().join("provinces/ben-tre/2020/report.yaml");
    let report = std::fs::read_to_string(report).unwrap();
    let report = report.replace("next:\n", &format!("{results}next:\n"));
    site.write("content/provinces/ben-tre/2020/report.yaml", &report);
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let page = "en/ben-tre/";
    let html = site.read_output(&format!("{page}index.html"));
    let drawn: Vec<Chart> = inline_svgs(&html).iter().map(|s| parse_chart(s)).collect();
    assert_eq!(drawn.len(), 6, "six trends drawn");
    let mut files: Vec<String> = std::fs::read_dir(site.output().join(page))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["trend-extra-g.svg", "trend-extra-h.svg"],
        "the listed ones only"
    );
    for file in &files {
        let href = format!("href=\"/{page}{file}\"");
        assert!(html.contains(&href), "{href}");
        let svg = site.read_output(&format!("{page}{file}"));
        assert!(
            svg.contains("@font-face{font-family:\"Noto Sans\""),
            "{svg}"
        );
        assert!(parse_chart(&svg).desc.contains("rose from"), "{svg}");
    }
    assert_each_section_of_charts_links_its_csv(&html, page);
    assert_eq!(
        html.matches(&format!("href=\"/{page}charts.csv\"")).count(),
        3,
        "once for the six drawn, once for each listed trend"
    );
    let rows = site.chart_table(
        page,
        "Indicator h",
        &["Period", "Result (%)", "Plan (%)", "Note"],
    );
    assert_eq!(rows, [["2019", "7", "", ""], ["2020", "8", "", ""]]);
}
