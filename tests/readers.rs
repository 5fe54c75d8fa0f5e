//! What a reader sees of bounded plans, stated and computed rates of plan, estimates in
//! rankings, a figure counted in person-times, ties, and a ranking of two provinces
//! (tests/fixtures/readers: four provinces reporting for 2023).

mod common;

use common::Site;
use scraper::{Html, Selector};

fn built() -> Site {
    let site = Site::minimal_with("readers");
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    site
}

fn words(element: scraper::ElementRef<'_>) -> String {
    let words: Vec<&str> = element.text().flat_map(str::split_whitespace).collect();
    words.join(" ")
}

/// The visible text of the elements `selector` picks on page `rel`, the charts left out.
fn texts(site: &Site, rel: &str, selector: &str) -> Vec<String> {
    let page = Html::parse_document(&site.read_output(rel));
    let selector = Selector::parse(selector).unwrap();
    page.select(&selector).map(words).collect()
}

/// The cells of a report's row for `indicator`, as text.
fn row(site: &Site, rel: &str, indicator: &str) -> Vec<String> {
    let id = indicator.replace('_', "-");
    texts(site, rel, &format!("tr#result-{id} th, tr#result-{id} td"))
}

/// The texts drawn in the chart `id` of the page in the folder `page`.
fn drawn(site: &Site, page: &str, id: &str) -> Vec<String> {
    site.chart_texts(page, id)
}

/// Whether the chart `id` has the row `row` (its cells that are not empty) in its page's CSV.
fn has_row(site: &Site, page: &str, id: &str, row: &[&str]) -> bool {
    numbers(site, page, id).iter().any(|r| r == row)
}

/// The values of each row of the chart `id` in its page's `charts.csv`, empty cells left out.
fn numbers(site: &Site, page: &str, id: &str) -> Vec<Vec<String>> {
    let svg = site.inline_chart(page, id);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title"));
    let title = title.and_then(|n| n.text()).unwrap();
    let rows = site.chart_rows(page, title);
    rows.into_iter()
        .map(|row| row.into_iter().map(|(_, value)| value).collect())
        .collect()
}

#[test]
fn a_bounded_plan_is_met_or_not_and_never_a_percentage() {
    let site = built();
    for (lang, below, met, bound) in [
        ("vi", "dưới 3%", "Đạt kế hoạch", "kế hoạch: dưới"),
        ("en", "below 3%", "Plan met", "plan: below"),
    ] {
        let cells = row(
            &site,
            &format!("{lang}/vinh-long/2023/index.html"),
            "urban_unemployment_rate",
        );
        assert_eq!(cells[2], below, "{cells:?}");
        assert!(cells[3].contains(met), "{cells:?}");
        assert!(
            !cells[3].contains('%'),
            "3 ÷ 2,4 is no rate of plan: {cells:?}"
        );
        // The chart draws no bar for it, and its table and CSV give the verdict alone,
        // the CSV's plain 3 with a note that it is a bound.
        let page = format!("{lang}/vinh-long/2023/");
        let svg = site.inline_chart(&page, "achievement");
        assert!(!svg.contains("125"), "no 125% anywhere");
        let rows = numbers(&site, &page, "achievement");
        let row = rows.iter().find(|r| r[1..3] == ["2.4", "3"]).unwrap();
        assert_eq!(
            row[3..],
            ["%", met, bound],
            "no rate of plan, the verdict alone"
        );
    }
    // Over the bound is not met.
    let cells = row(
        &site,
        "en/an-giang/2023/index.html",
        "urban_unemployment_rate",
    );
    assert!(cells[3].contains("Plan not met"), "{cells:?}");
}

#[test]
fn a_stated_rate_keeps_its_decimals_and_a_computed_one_says_so() {
    let site = built();
    for (lang, stated, computed, mark) in [
        ("vi", "101,28%", "96,9%", "tính toán"),
        ("en", "101.28%", "96.9%", "computed"),
    ] {
        let cells = row(
            &site,
            &format!("{lang}/vinh-long/2023/index.html"),
            "vocational_enrolment",
        );
        assert!(cells[3].starts_with(stated), "{cells:?}");
        assert!(!cells[3].contains(mark), "the report states it: {cells:?}");
        let page = format!("{lang}/ca-mau/2023/index.html");
        let cells = row(&site, &page, "trained_labour_rate");
        assert_eq!(cells[1], if lang == "vi" { "72,66%" } else { "72.66%" });
        assert!(
            cells[3].starts_with(&format!("{computed} ({mark})")),
            "{cells:?}"
        );
        // What "computed" means is written on the page, not hidden in a tooltip.
        let notes = texts(&site, &page, "p.computed-note").join(" ");
        assert!(
            notes.to_lowercase().contains(mark) && notes.contains("÷"),
            "{notes}"
        );
        // The chart's label says it too, and the CSV says where each rate comes from.
        let labels = drawn(&site, &format!("{lang}/ca-mau/2023/"), "achievement");
        assert!(
            labels.contains(&format!("{computed} ({mark})")),
            "{labels:?}"
        );
        let rows = numbers(&site, &format!("{lang}/vinh-long/2023/"), "achievement");
        assert!(
            rows.iter().any(|r| r.contains(&"101.28".into())),
            "{rows:?}"
        );
    }
    let rows = numbers(&site, "en/ca-mau/2023/", "achievement");
    let row = rows.iter().find(|r| r.contains(&"96.9".into())).unwrap();
    assert!(
        row.ends_with(&["96.9", "computed", "Plan not met"].map(String::from)),
        "{row:?}"
    );
}

#[test]
fn rankings_share_ties_and_name_what_they_leave_out() {
    let site = built();
    let page = "en/indicators/jobs-created/index.html";
    let tables = texts(&site, page, "table.ranking");
    // An Giang first; Ca Mau and Vinh Long, with as many jobs, share the second place.
    let ranks = texts(&site, page, "table.ranking tbody td:first-child");
    assert_eq!(ranks, ["1", "2", "2"]);
    assert!(
        tables[0].contains("4 of 5 provinces reported"),
        "{}",
        tables[0]
    );
    // Quang Tri counts person-times: beside the ranking, with the reason.
    let apart = texts(&site, page, ".ranking-apart").join(" ");
    assert!(apart.contains("Quang Tri"), "{apart}");
    assert!(apart.contains("13,989 person-times"), "{apart}");
    assert!(
        apart.contains("counted in person-times, not in persons"),
        "{apart}"
    );
    let (page, id) = ("en/indicators/jobs-created/", "ranking-jobs-created-2023");
    let apart = ["–", "Quang Tri", "13989"];
    let reason = "counted in person-times, not in persons";
    assert!(has_row(&site, page, id, &[&apart[..], &[reason]].concat()));
}

#[test]
fn an_estimate_stays_an_estimate_in_a_ranking() {
    let site = built();
    let tables = texts(
        &site,
        "vi/chi-tieu/trained-labour-rate/index.html",
        "table.ranking",
    );
    assert!(tables[0].contains("Vĩnh Long 69,5% (ước)"), "{}", tables[0]);
    let (page, id) = (
        "vi/chi-tieu/trained-labour-rate/",
        "ranking-trained-labour-rate-2023",
    );
    let labels = drawn(&site, page, id);
    assert!(labels.contains(&"69,5% (ước)".to_string()), "{labels:?}");
    // The data file's number is plain; its note says it is an estimate.
    assert!(has_row(
        &site,
        page,
        id,
        &["3", "Vĩnh Long", "69.5", "ước tính"]
    ));
    let page = "en/indicators/urban-unemployment-rate/";
    let bound = [
        "–",
        "Ca Mau",
        "4",
        "below; given only as a bound, not ranked",
    ];
    assert!(has_row(
        &site,
        page,
        "ranking-urban-unemployment-rate-2023",
        &bound
    ));
}

#[test]
fn a_bounded_value_is_placed_in_a_ranking_without_a_rank_and_drawn_open() {
    let site = built();
    let page = "vi/chi-tieu/urban-unemployment-rate/index.html";
    let rows = texts(&site, page, "table.ranking tbody tr");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[3].starts_with("– Cà Mau dưới 4%"), "{rows:?}");
    assert!(
        rows[3].contains("chỉ nêu ngưỡng, không xếp hạng"),
        "{rows:?}"
    );
    let (page, id) = (
        "vi/chi-tieu/urban-unemployment-rate/",
        "ranking-urban-unemployment-rate-2023",
    );
    let labels = drawn(&site, page, id);
    assert!(labels.contains(&"dưới 4%".to_string()), "{labels:?}");
    assert!(
        labels.contains(&"Cà Mau".to_string()),
        "no rank number: {labels:?}"
    );
    assert!(labels.contains(&"3. An Giang".to_string()), "{labels:?}");
    // The open end: the bound's bar is drawn in pieces, not one rectangle of its length.
    let bounded = site.inline_chart(page, id);
    let plain = site.inline_chart(
        "vi/chi-tieu/trained-labour-rate/",
        "ranking-trained-labour-rate-2023",
    );
    let bars = |svg: &str| svg.matches("<rect").count();
    assert!(bars(&bounded) > bars(&plain), "an open end adds its pieces");
}

#[test]
fn two_provinces_are_listed_not_ranked() {
    let site = built();
    let page = "vi/chi-tieu/vocational-enrolment/index.html";
    let html = site.read_output(page);
    assert!(!html.contains("<svg"), "no ranking chart of two provinces");
    assert!(
        texts(&site, page, "table.ranking th.rank-col").is_empty(),
        "no rank column"
    );
    let notes = texts(&site, page, "p.table-note").join(" ");
    assert!(notes.contains("Có dưới ba tỉnh"), "{notes}");
    let caption = texts(&site, page, "table.ranking caption").join(" ");
    assert!(caption.contains("2 trên 5 tỉnh có số liệu"), "{caption}");
    // Nor on the report page: it states no rank in a ranking of two.
    let standings = texts(&site, "vi/ca-mau/2023/index.html", "table.standings").join(" ");
    assert!(!standings.contains("Tuyển sinh"), "{standings}");
}

/// A report page states its province's rank in each headline indicator's ranking, or
/// why it has none, with the figure as the source gave it.
#[test]
fn a_report_page_says_where_its_province_ranks_or_why_it_is_not_ranked() {
    let site = built();
    let rows = texts(
        &site,
        "vi/ca-mau/2023/index.html",
        "table.standings tbody tr",
    );
    assert_eq!(
        rows,
        [
            "Số lao động được giải quyết việc làm thứ 2 trong 3 tỉnh 15.000 người",
            "Tỷ lệ lao động qua đào tạo thứ 2 trong 3 tỉnh 72,66%",
            "Tỷ lệ thất nghiệp khu vực thành thị – dưới 4% chỉ nêu ngưỡng, không xếp hạng",
        ]
    );
    // Vĩnh Long created as many jobs: it shares the place; its estimate says so.
    let rows = texts(
        &site,
        "vi/vinh-long/2023/index.html",
        "table.standings tbody tr",
    );
    assert!(
        rows[0].contains("thứ 2 trong 3 tỉnh 15.000 người"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("thứ 3 trong 3 tỉnh 69,5% (ước)"),
        "{rows:?}"
    );
    // Person-times where the ranking counts persons: set apart, with the reason.
    let rows = texts(
        &site,
        "en/quang-tri/2023/index.html",
        "table.standings tbody tr",
    );
    assert_eq!(
        rows[0],
        "Jobs created – 13,989 person-times counted in person-times, not in persons"
    );
}

#[test]
fn a_province_with_one_report_shows_the_changes_it_states() {
    let site = built();
    let changes = texts(&site, "vi/ca-mau/index.html", "table.changes tbody tr").join(" ");
    assert!(changes.contains("▲ +1,5 điểm % so với 2022"), "{changes}");
    let changes = texts(&site, "en/ca-mau/index.html", "table.changes tbody tr").join(" ");
    assert!(changes.contains("+1.5 pp compared with 2022"), "{changes}");
    let page = site.read_output("en/ca-mau/index.html");
    assert!(!page.contains("No indicator has figures for two or more periods yet"));
}
