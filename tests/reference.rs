//! Every row of the reference tables (tests/fixtures/reference/, checked by hand against
//! the five source articles) is on its report page in both languages, as the source said
//! it: the number with its decimals, the unit, the qualifier, the plan and the rate of
//! plan; and in the report's open data. Breakdowns too: their parts, the rest of an
//! "of which" split, a stated gap, and a plan's split headed as a plan.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

/// The seed articles: the report each reference row belongs to.
fn report_of(seed: &str) -> (&'static str, &'static str) {
    match seed {
        "000" => ("quang-tri", "2023"),
        "001" => ("ben-tre", "2020"),
        "002" => ("an-giang", "2023"),
        "003" => ("thai-nguyen", "2023"),
        "004" => ("kien-giang", "2017-q3"),
        other => panic!("no report for seed {other}"),
    }
}

/// Figures the source gives as a part of a breakdown, not as a figure of their own:
/// (seed, indicator, number as written).
const IN_BREAKDOWNS: &[(&str, &str, &str)] = &[
    ("001", "merit_housing_funds", "17,365"),
    ("003", "drug_rehab_voluntary", "669"),
    ("003", "drug_rehab_compulsory", "418"),
];

struct Built {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Built {
    fn page(&self, rel: &str) -> Html {
        let text =
            std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }

    fn data(&self, rel: &str) -> Vec<csv::StringRecord> {
        let mut reader = csv::Reader::from_path(self.root.join(rel)).unwrap();
        let header = reader.headers().unwrap().clone();
        let mut rows = vec![header];
        rows.extend(reader.records().map(Result::unwrap));
        rows
    }
}

fn build() -> Built {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let options = baocao::BuildOptions::new(root.join("content"), out.clone());
    baocao::build(&options).expect("the bundled site builds");
    Built {
        _dir: dir,
        root: out,
    }
}

fn reference(name: &str) -> Vec<csv::StringRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reference")
        .join(name);
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

/// A number as a page prints what a Vietnamese article wrote: as written in Vietnamese;
/// in English `13.989` → `13,989`, `72,66` → `72.66`.
fn in_language(vi: &str, english: bool) -> String {
    if !english {
        return vi.to_string();
    }
    vi.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

/// `1 - 1,5` → `1–1,5`, as a page writes a range; a single number as it is.
fn as_shown(raw: &str) -> String {
    match raw.split_once(" - ") {
        Some((a, b)) => format!("{a}–{b}"),
        None => raw.to_string(),
    }
}

/// The words a page writes after a number of the reference's unit, in Vietnamese and English.
fn unit_words(unit: &str) -> Option<(&'static str, &'static str)> {
    Some(match unit {
        "%" => ("%", "%"),
        "persons" => ("người", "persons"),
        "person-times" => ("lượt người", "person-times"),
        "households" => ("hộ", "households"),
        "houses" => ("căn", "houses"),
        "packages" => ("suất", "packages"),
        "dossiers" => ("hồ sơ", "dossiers"),
        "points" => ("điểm", "points"),
        "billion VND" => ("tỷ đồng", "billion VND"),
        "million VND" => ("triệu đồng", "million VND"),
        "percentage points" | "pp" | "pp/year" => ("điểm phần trăm", "percentage points"),
        _ => return None,
    })
}

/// How a page says the reference's qualifier, in Vietnamese and English.
fn qualifier_words(qualifier: &str) -> Option<(&'static str, &'static str)> {
    [
        ("gần", ("gần", "nearly")),
        ("trên", ("trên", "over")),
        ("dưới", ("dưới", "below")),
        ("ước", ("(ước)", "(est.)")),
        ("khoảng", ("khoảng", "about")),
        ("duy trì", ("duy trì", "maintained at")),
        ("maintain", ("duy trì", "maintained at")),
    ]
    .into_iter()
    .find(|(word, _)| qualifier.contains(word))
    .map(|(_, words)| words)
}

fn text(element: ElementRef<'_>) -> String {
    let words: Vec<&str> = element.text().flat_map(str::split_whitespace).collect();
    words.join(" ")
}

/// The cells of row `tr#<id>`: the header cell, then the data cells.
fn row(page: &Html, id: &str) -> Option<Vec<String>> {
    let row = Selector::parse(&format!("tr#{id}")).unwrap();
    let cell = Selector::parse("th, td").unwrap();
    let row = page.select(&row).next()?;
    Some(row.select(&cell).map(text).collect())
}

/// Every breakdown table of a page, as text.
fn breakdown_tables(page: &Html) -> Vec<String> {
    let table = Selector::parse("table.breakdown").unwrap();
    page.select(&table).map(text).collect()
}

#[test]
fn every_reference_figure_is_on_its_report_page_in_both_languages_and_in_its_data() {
    let site = build();
    let mut checked = 0;
    for r in reference("indicators.csv") {
        let (seed, period, id, raw, unit) = (&r[0], &r[2], &r[3], &r[6], &r[8]);
        let (qualifier, target_raw, rate) = (&r[9], &r[10], &r[12]);
        let (slug, report) = report_of(seed);
        let what = format!("{seed} {id} {period} `{raw}`");
        for (lang, english) in [("vi", false), ("en", true)] {
            let page = site.page(&format!("{lang}/{slug}/{report}/index.html"));
            let local = |vi: &str| in_language(vi, english);
            if IN_BREAKDOWNS.contains(&(seed, id, raw)) {
                let tables = breakdown_tables(&page).join(" ");
                assert!(tables.contains(&local(raw)), "{lang} {what}: {tables}");
                continue;
            }
            let prefix = if period.contains("target") {
                "target"
            } else {
                "result"
            };
            let row_id = format!("{prefix}-{}", id.replace('_', "-"));
            let cells = row(&page, &row_id).unwrap_or_else(|| panic!("{lang} {what}: no row"));
            let figure = cells[1..].join(" | ");
            if unit == "% of plan" {
                // Only the rate of plan is given: it is the figure.
                assert_eq!(cells[1], "–", "{lang} {what}");
                assert!(
                    cells[3].contains(&format!("{}%", local(raw))),
                    "{lang} {what}: {figure}"
                );
                continue;
            }
            let value = &cells[1];
            assert!(
                value.contains(&local(&as_shown(raw))),
                "{lang} {what}: {figure}"
            );
            if let Some((vi, en)) = unit_words(unit) {
                let word = if english { en } else { vi };
                assert!(
                    value.contains(word),
                    "{lang} {what}: unit {word} in {value}"
                );
            }
            if let Some((vi, en)) = qualifier_words(qualifier) {
                let word = if english { en } else { vi };
                assert!(value.contains(word), "{lang} {what}: {word} in {value}");
            }
            if prefix == "target" {
                continue;
            }
            let (target, achieved) = (&cells[2], &cells[3]);
            if let Some(bound) = target_raw.strip_prefix('<') {
                let below = if english { "below" } else { "dưới" };
                assert!(
                    target.contains(&format!("{below} {}", local(bound))),
                    "{lang} {what}: {figure}"
                );
                assert!(
                    !achieved.contains('%'),
                    "{lang} {what}: a bound has no rate: {achieved}"
                );
            } else if !target_raw.is_empty()
                && target_raw
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            {
                assert!(
                    target.contains(&local(target_raw)),
                    "{lang} {what}: {figure}"
                );
            }
            let computed = if english { "computed" } else { "tính toán" };
            if rate.is_empty() {
                assert!(
                    !achieved.contains('%') || achieved.contains(computed),
                    "{lang} {what}: a rate the source does not state is marked: {achieved}"
                );
            } else {
                let stated = if english {
                    rate.to_string()
                } else {
                    rate.replace('.', ",")
                };
                assert!(
                    achieved.contains(&format!("{stated}%")),
                    "{lang} {what}: {achieved}"
                );
                assert!(!achieved.contains(computed), "{lang} {what}: {achieved}");
            }
        }
        if !IN_BREAKDOWNS.contains(&(seed, id, raw)) {
            assert_in_data(&site, (slug, report), &r);
        }
        checked += 1;
    }
    assert_eq!(checked, 79, "every row of indicators.csv");
}

/// The report's open data holds the figure with the number the source gave.
fn assert_in_data(site: &Built, (slug, report): (&str, &str), r: &csv::StringRecord) {
    let (period, id, value, unit, rate) = (&r[2], &r[3], &r[7], &r[8], &r[12]);
    let rows = site.data(&format!("data/{slug}/{report}.csv"));
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let kind = if period.contains("target") {
        "target"
    } else {
        "result"
    };
    let found: Vec<&csv::StringRecord> = rows[1..]
        .iter()
        .filter(|row| &row[column("indicator")] == id && &row[column("kind")] == kind)
        .collect();
    let what = format!("data/{slug}/{report}.csv {kind} {id}");
    assert!(!found.is_empty(), "{what}: no row");
    if unit != "% of plan" && value.parse::<f64>().is_ok() {
        let expected: f64 = value.parse().unwrap();
        assert!(
            found
                .iter()
                .any(|row| row[column("value")].parse::<f64>().ok() == Some(expected)),
            "{what}: value {value}"
        );
    }
    if !rate.is_empty() {
        let expected: f64 = rate.parse().unwrap();
        assert!(
            found
                .iter()
                .any(|row| row[column("achievement_percent")].parse::<f64>().ok() == Some(expected)),
            "{what}: rate {rate}"
        );
    }
}

/// `12.500 incl. 1.200 abroad` → the numbers written, as on a Vietnamese page.
fn numbers_written(values: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in values.chars().chain([' ']) {
        if c.is_ascii_digit() || (!current.is_empty() && (c == '.' || c == ',')) {
            current.push(c);
        } else if !current.is_empty() {
            let number = current.trim_end_matches(['.', ',']).to_string();
            // "02" and "03 tháng" are written with a leading zero the page does not keep.
            let number = match number.trim_start_matches('0') {
                "" => "0".to_string(),
                n => n.to_string(),
            };
            out.push(number);
            current.clear();
        }
    }
    out
}

#[test]
fn every_reference_breakdown_is_on_its_report_page_in_both_languages() {
    let site = build();
    let mut checked = 0;
    for r in reference("breakdowns.csv") {
        let (seed, period, dimension, values) = (&r[0], &r[1], &r[3], &r[4]);
        let (slug, report) = report_of(seed);
        let numbers: Vec<String> = numbers_written(values)
            .into_iter()
            // "< 3 months" is part of a label, not a number of the breakdown.
            .filter(|n| n != "3")
            .collect();
        for (lang, english) in [("vi", false), ("en", true)] {
            let page = site.page(&format!("{lang}/{slug}/{report}/index.html"));
            let local = |vi: &str| in_language(vi, english);
            let tables = breakdown_tables(&page);
            let what = format!("{lang} {seed} {dimension} {values}");
            let table = tables
                .iter()
                .find(|t| numbers.iter().all(|n| t.contains(&local(n))))
                .unwrap_or_else(|| panic!("{what}: no table with {numbers:?} in {tables:#?}"));
            let (rest, gap, plan, about) = if english {
                ("The rest", "Not itemised", "Plan", "about")
            } else {
                ("Còn lại", "Chưa phân loại", "Kế hoạch", "khoảng")
            };
            if dimension.contains("of which") {
                assert!(table.contains(rest), "{what}: {table}");
                assert!(!table.contains(gap), "{what}: the rest is no gap: {table}");
            }
            if values.contains('≠') {
                assert!(table.contains(gap), "{what}: {table}");
            }
            if period.contains("target") {
                assert!(table.contains(plan), "{what}: a plan's split: {table}");
            }
            if values.contains('~') {
                assert!(
                    table.contains(&format!("{about} {}", local("1.500"))),
                    "{what}: {table}"
                );
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 7, "every row of breakdowns.csv");
}
