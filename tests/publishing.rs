//! What data users, search engines and web hosts get: open data files, sitemap,
//! feeds, robots.txt, search indexes and link checking, on the bundled site and fixtures.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use baocao::BuildOptions;
use common::Site;
use unicode_normalization::UnicodeNormalization;

/// The bundled site, built once into a temporary folder.
fn bundled() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut options = BuildOptions::new(root.join("content"), dir.path().join("output"));
        options.base_url = Some("https://example.vn/bao-cao/".into());
        baocao::build(&options).expect("the bundled site builds");
        dir
    })
    .path()
}

fn read(rel: &str) -> String {
    let path = bundled().join("output").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("every CSV row has as many fields as the header");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// A YAML number or range as the CSV columns write it: (value, min, max).
/// A number of the content; a quoted one is written as a Vietnamese article prints it: "30,028".
fn number(v: &serde_yaml::Value) -> Option<f64> {
    let vietnamese = |s: &str| s.replace('.', "").replace(',', ".").parse::<f64>().ok();
    v.as_f64().or_else(|| v.as_str().and_then(vietnamese))
}

fn yaml_amount(figure: &serde_yaml::Value, single: &str, range: &str) -> [String; 3] {
    // A quoted number is written as a Vietnamese article prints it: "30,028".
    let vietnamese = |s: &str| s.replace('.', "").replace(',', ".").parse::<f64>().ok();
    let text = |v: &serde_yaml::Value| match v.as_f64().or_else(|| v.as_str().and_then(vietnamese))
    {
        Some(n) => format!("{n}"),
        None => String::new(),
    };
    match (figure.get(single), figure.get(range)) {
        (Some(v), _) => [text(v), String::new(), String::new()],
        (None, Some(r)) => [String::new(), text(&r[0]), text(&r[1])],
        _ => Default::default(),
    }
}

#[test]
fn every_number_in_the_downloads_is_the_number_in_the_content() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/provinces");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        if entry.file_name() != "report.yaml" {
            continue;
        }
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        let province = yaml["province"].as_str().unwrap().to_string();
        let period = match &yaml["period"] {
            serde_yaml::Value::Number(n) => n.to_string(),
            other => other.as_str().unwrap().to_string(),
        };
        let (header, rows) = csv_rows(&read(&format!("data/{province}/{period}.csv")));
        let json: serde_json::Value =
            serde_json::from_str(&read(&format!("data/{province}/{period}.json"))).unwrap();
        let mut figures: Vec<(&str, &serde_yaml::Value)> = yaml["results"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| ("result", f))
            .collect();
        if let Some(targets) = yaml["next"]["targets"].as_sequence() {
            figures.extend(targets.iter().map(|f| ("target", f)));
        }
        assert_eq!(
            rows.len(),
            figures.len(),
            "{province} {period}: one row per figure"
        );
        assert_eq!(json.as_array().unwrap().len(), rows.len());
        for (i, (kind, figure)) in figures.iter().enumerate() {
            let row = &rows[i];
            let place = format!("{province} {period} row {}", i + 1);
            assert_eq!(row["kind"], *kind, "{place}");
            assert_eq!(
                row["indicator"],
                figure["indicator"].as_str().unwrap(),
                "{place}"
            );
            let [v, lo, hi] = yaml_amount(figure, "value", "range");
            assert_eq!(
                [&row["value"], &row["value_min"], &row["value_max"]],
                [&v, &lo, &hi],
                "{place}"
            );
            let [t, tlo, thi] = yaml_amount(figure, "target", "target_range");
            assert_eq!(
                [&row["target"], &row["target_min"], &row["target_max"]],
                [&t, &tlo, &thi],
                "{place}"
            );
            assert_what_the_page_says(row, figure, &place);
            // The JSON says the same as the CSV, with numbers as numbers.
            let j = &json[i];
            match v.parse::<f64>() {
                Ok(n) => assert_eq!(j["value"].as_f64(), Some(n), "{place}"),
                Err(_) => assert!(j.get("value").is_none(), "{place}"),
            }
            assert_same_row(&json_cells(j, header.iter()), row, &place);
            compared += 1;
        }
        compared += assert_breakdowns(&yaml, &province, &period);
    }
    assert!(
        compared > 50,
        "the bundled reports have many figures, compared {compared}"
    );
}

/// The columns of a figure row that say what the page says about it: qualifiers, notes,
/// whether the rate of plan is stated or computed, a stated change, the estimate flag.
fn assert_what_the_page_says(
    row: &BTreeMap<String, String>,
    figure: &serde_yaml::Value,
    place: &str,
) {
    let text = |key: &str| figure.get(key).and_then(|v| v.as_str()).unwrap_or("");
    assert_eq!(row["qualifier"], text("qualifier"), "{place}");
    assert_eq!(row["target_qualifier"], text("target_qualifier"), "{place}");
    for lang in ["vi", "en"] {
        let note = figure["note"]
            .get(lang)
            .and_then(|n| n.as_str())
            .unwrap_or("");
        assert_eq!(
            row[&format!("note_{lang}")],
            note.trim(),
            "{place}: note in {lang}"
        );
    }
    // A stated rate of plan as stated; a computed one says so, with one decimal at most.
    match figure.get("achievement").and_then(|a| a.as_f64()) {
        Some(a) => {
            assert_eq!(row["achievement_percent"], format!("{a}"), "{place}");
            assert_eq!(row["achievement_basis"], "stated", "{place}");
        }
        None if !row["achievement_percent"].is_empty() => {
            assert_eq!(row["achievement_basis"], "computed", "{place}");
            let decimals = row["achievement_percent"]
                .split('.')
                .nth(1)
                .map_or(0, str::len);
            assert!(decimals <= 1, "{place}: {}", row["achievement_percent"]);
        }
        None => assert_eq!(row["achievement_basis"], "", "{place}"),
    }
    // A stated change, with its unit and the period it is measured against.
    let change = figure
        .get("change")
        .and_then(number)
        .map(|c| format!("{c}"));
    assert_eq!(row["change"], change.unwrap_or_default(), "{place}");
    if figure.get("change").is_some() {
        let unit = text("change_unit");
        let unit = if unit.is_empty() {
            "percentage-points"
        } else {
            unit
        };
        assert_eq!(row["change_unit"], unit, "{place}");
        let against = match figure.get("change_against") {
            Some(serde_yaml::Value::Number(n)) => n.to_string(),
            Some(other) => other.as_str().unwrap_or("").to_string(),
            None => String::new(),
        };
        assert_eq!(row["change_against"], against, "{place}");
    }
    let estimate = figure
        .get("estimate")
        .and_then(|e| e.as_bool())
        .unwrap_or(false);
    assert_eq!(row["estimate"], estimate.to_string(), "{place}");
}

/// A report's breakdowns in its period's `breakdowns/<period>.csv`: one row per part, in the
/// content's order, with the total it belongs to. Returns how many parts were compared.
fn assert_breakdowns(yaml: &serde_yaml::Value, province: &str, period: &str) -> usize {
    // Breakdowns: one row per part, in the content's order; no file for a period without any.
    let path = bundled().join(format!("output/data/breakdowns/{period}.csv"));
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all_parts = match text.is_empty() {
        true => Vec::new(),
        false => csv_rows(&text).1,
    };
    let parts: Vec<_> = all_parts
        .iter()
        .filter(|r| r["province"] == province && r["report_period"] == period)
        .collect();
    // The total is the breakdown's own, else the report's figure for the indicator.
    let result = |indicator: &serde_yaml::Value| {
        yaml["results"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|f| f["indicator"] == *indicator)
            .and_then(|f| f.get("value"))
            .and_then(number)
    };
    // (indicator, qualifier and value of the part, total)
    type Part = (String, String, String, String);
    let expected: Vec<Part> = yaml["breakdowns"]
        .as_sequence()
        .into_iter()
        .flatten()
        .flat_map(|b| {
            let total = b
                .get("total")
                .and_then(number)
                .or_else(|| result(&b["indicator"]));
            let total = total.map(|t| format!("{t}"));
            b["parts"].as_sequence().unwrap().iter().map(move |part| {
                (
                    b["indicator"].as_str().unwrap().to_string(),
                    part.get("qualifier")
                        .and_then(|q| q.as_str())
                        .unwrap_or("")
                        .to_string(),
                    format!("{}", number(&part["value"]).unwrap()),
                    total.clone().unwrap_or_default(),
                )
            })
        })
        .collect();
    let found: Vec<Part> = parts
        .iter()
        .map(|r| {
            (
                r["indicator"].clone(),
                r["qualifier"].clone(),
                r["value"].clone(),
                r["total"].clone(),
            )
        })
        .collect();
    assert_eq!(found, expected, "{province} {period}: breakdowns");
    found.len()
}

/// The rows of the file a resource names, as text by column, checked against its schema:
/// the CSV header or every JSON object has the schema's fields, and each value its type.
fn records_of(
    path: &str,
    resource: &serde_json::Value,
    schema: &serde_json::Value,
) -> Vec<BTreeMap<String, String>> {
    let fields: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let text = read(&format!("data/{path}"));
    let records: Vec<BTreeMap<String, String>> = match resource["format"].as_str().unwrap() {
        "csv" => {
            let (header, rows) = csv_rows(&text);
            assert_eq!(
                header, fields,
                "{path}: the CSV columns are the schema's fields"
            );
            rows
        }
        _ => {
            // A reader cannot take the keys from the first object, which leaves out what
            // its figure does not have: the resource lists them.
            let keys = resource["dialect"]["json"]["keys"].as_array();
            let keys: Vec<&str> = keys.unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            assert_eq!(
                keys, fields,
                "{path}: the resource names the schema's fields"
            );
            assert_keys_in_order(&text, &fields, path);
            let json: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
            json.iter().map(|o| json_cells(o, fields.iter())).collect()
        }
    };
    // Each value has the type its field declares.
    for row in &records {
        for field in schema["fields"].as_array().unwrap() {
            let name = field["name"].as_str().unwrap();
            let value = &row[name];
            if value.is_empty() {
                continue;
            }
            let ok = match field["type"].as_str().unwrap() {
                "number" => value.parse::<f64>().is_ok(),
                "integer" => value.parse::<i64>().is_ok(),
                "boolean" => value == "true" || value == "false",
                "date" => value.len() == 10 && value.as_bytes()[4] == b'-',
                _ => true,
            };
            assert!(ok, "{path}: `{value}` in {name} is not a {}", field["type"]);
        }
    }
    records
}

/// A JSON row as the CSV writes it, column by column: a key the object leaves out is an
/// empty cell; a string is its text, other values their JSON.
fn json_cells<'a>(
    object: &serde_json::Value,
    columns: impl Iterator<Item = &'a (impl AsRef<str> + 'a)>,
) -> BTreeMap<String, String> {
    let cell = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    columns
        .map(|c| c.as_ref())
        .map(|c| (c.to_string(), object.get(c).map(cell).unwrap_or_default()))
        .collect()
}

/// Every object of a JSON data file has its keys in the order of the columns, and none
/// whose value is `null` or `""`: what a figure does not have is left out.
fn assert_keys_in_order(text: &str, columns: &[&str], path: &str) {
    for line in text.lines().filter(|l| l.starts_with('{')) {
        let object: serde_json::Value = serde_json::from_str(line.trim_end_matches(',')).unwrap();
        let keys: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| object.get(c).is_some())
            .collect();
        let at = |key: &&str| line.find(&format!("\"{key}\":")).unwrap();
        assert!(keys.is_sorted_by_key(at), "{path}: {line}");
        assert_eq!(
            keys.len(),
            object.as_object().unwrap().len(),
            "{path}: {line}"
        );
        for value in object.as_object().unwrap().values() {
            assert!(!value.is_null() && *value != "", "{path}: {line}");
        }
    }
}

/// A JSON row says what its CSV row says: the same text, or for a number the same value
/// (`2.4` for the CSV's `2.40`).
fn assert_same_row(json: &BTreeMap<String, String>, csv: &BTreeMap<String, String>, place: &str) {
    assert_eq!(
        json.keys().collect::<Vec<_>>(),
        csv.keys().collect::<Vec<_>>(),
        "{place}"
    );
    for (column, text) in csv {
        let number = |t: &str| t.parse::<f64>().ok();
        let same =
            json[column] == *text || number(&json[column]).is_some_and(|n| number(text) == Some(n));
        assert!(
            same,
            "{place}: {column} is `{}` in the JSON, `{text}` in the CSV",
            json[column]
        );
    }
}

/// The files of a resource: its `path`, or each of its paths when it is in many files.
fn paths_of(resource: &serde_json::Value) -> Vec<&str> {
    match resource["path"].as_array() {
        Some(paths) => paths.iter().map(|p| p.as_str().unwrap()).collect(),
        None => vec![resource["path"].as_str().unwrap()],
    }
}

/// The reports whose rows `records` hold: `ben-tre/2020`.
fn reports_in(records: &[BTreeMap<String, String>]) -> std::collections::BTreeSet<String> {
    records
        .iter()
        .map(|r| format!("{}/{}", r["province"], r["report_period"]))
        .collect()
}

#[test]
fn site_wide_files_hold_every_report_and_match_the_data_package() {
    let package: serde_json::Value = serde_json::from_str(&read("data/datapackage.json")).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let names: Vec<&str> = resources
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "figures-csv",
            "figures-excel-csv",
            "figures-2017-q3-json",
            "figures-2020-json",
            "figures-2023-json",
            "breakdowns-csv",
            "breakdowns-excel-csv",
            "breakdowns-2020-json",
            "breakdowns-2023-json",
        ],
        "each table as one CSV resource in a file per period, its Excel twin, and a JSON file \
         per period (2017-q3 has no breakdowns)"
    );
    let mut listed = std::collections::BTreeSet::new();
    // The rows of each period's CSV file, by its path without extension: `figures/2023`.
    let mut csv_of = BTreeMap::new();
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        // Tables with the same columns share one schema file.
        let schema_path = resource["schema"].as_str().expect("a schema file");
        let schema: serde_json::Value =
            serde_json::from_str(&read(&format!("data/{schema_path}"))).unwrap();
        for key in ["name", "title", "description"] {
            assert!(
                resource[key].as_str().is_some_and(|t| !t.is_empty()),
                "{name}: {key}"
            );
        }
        // Every table is keyed: a figure by report, kind, indicator and period; a part by its place.
        let key = schema["primaryKey"].as_array().expect(name);
        assert!(key.iter().any(|k| k == "report_period"), "{name}: {key:?}");
        let mut records = Vec::new();
        for path in paths_of(resource) {
            listed.insert(path.to_string());
            if let Some(stem) = path.strip_suffix(".excel.csv") {
                let excel = std::fs::read(bundled().join("output/data").join(path)).unwrap();
                let plain =
                    std::fs::read(bundled().join(format!("output/data/{stem}.csv"))).unwrap();
                assert_eq!(
                    excel,
                    [b"\xEF\xBB\xBF".as_slice(), &plain].concat(),
                    "{path}: the CSV with a BOM"
                );
                assert_eq!(resource["encoding"], "utf-8-sig", "{path}");
            }
            // A period's file holds the reports of that period only.
            let period = path.rsplit('/').next().unwrap().split('.').next().unwrap();
            let rows = records_of(path, resource, &schema);
            if let Some(stem) = path.strip_suffix(".json") {
                let csv: &Vec<_> = &csv_of[stem];
                assert_eq!(rows.len(), csv.len(), "{path}: the rows of {stem}.csv");
                for (i, (json, csv)) in rows.iter().zip(csv).enumerate() {
                    assert_same_row(json, csv, &format!("{path} row {}", i + 1));
                }
            } else if let Some(stem) = path.strip_suffix(".csv").filter(|s| !s.ends_with(".excel"))
            {
                csv_of.insert(stem.to_string(), rows.clone());
            }
            assert!(
                reports_in(&rows)
                    .iter()
                    .all(|r| r.ends_with(&format!("/{period}"))),
                "{path}: {:?}",
                reports_in(&rows)
            );
            records.extend(rows);
        }
        let reports = reports_in(&records);
        match name {
            "figures-csv" | "figures-excel-csv" => {
                assert_eq!(reports.len(), 5, "{name}: all five bundled reports")
            }
            "figures-2023-json" => assert_eq!(reports.len(), 3, "{name}: the 2023 reports"),
            "breakdowns-csv" => assert!(reports.len() >= 3, "{name}: the reports with breakdowns"),
            _ => assert!(!reports.is_empty(), "{name}"),
        }
    }
    // Every site-wide file is in the package, so a data user finds every period there.
    for table in ["figures", "breakdowns"] {
        let dir = bundled().join("output/data").join(table);
        for file in std::fs::read_dir(dir).unwrap() {
            let file = format!("{table}/{}", file.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(&file), "{file} is not in datapackage.json");
        }
    }
}

#[test]
fn a_reports_own_file_holds_its_rows_of_its_periods_file() {
    let (header, own) = csv_rows(&read("data/an-giang/2023.csv"));
    let (period_header, all) = csv_rows(&read("data/figures/2023.csv"));
    assert_eq!(header, period_header);
    let of_an_giang: Vec<_> = all
        .into_iter()
        .filter(|r| r["province"] == "an-giang")
        .collect();
    assert!(!own.is_empty());
    assert_eq!(own, of_an_giang);
    let json: serde_json::Value = serde_json::from_str(&read("data/figures/2023.json")).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), csv_rows(&read("data/figures/2023.csv")).1.len());
}

#[test]
fn a_figures_json_object_leaves_out_what_the_figure_does_not_have() {
    // Bến Tre 2020: jobs created beat a plan of 18 000; houses repaired had no plan, no note.
    for path in ["data/ben-tre/2020.json", "data/figures/2020.json"] {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&read(path)).unwrap();
        let figure = |indicator: &str| {
            rows.iter()
                .find(|r| {
                    r["province"] == "ben-tre"
                        && r["kind"] == "result"
                        && r["indicator"] == indicator
                })
                .unwrap()
        };
        let jobs = figure("jobs_created");
        assert_eq!(jobs["target"], 18000, "{path}: {jobs}");
        assert_eq!(jobs["plan_status"], "met", "{path}: {jobs}");
        let houses = figure("merit_houses_repaired");
        assert_eq!(houses["value"], 65, "{path}: {houses}");
        assert_eq!(
            houses["estimate"], false,
            "{path}: `false` is a value: {houses}"
        );
        for absent in [
            "qualifier",
            "target_qualifier",
            "target",
            "target_min",
            "target_max",
            "plan_status",
            "achievement_percent",
            "note_vi",
            "note_en",
            "source_url",
        ] {
            assert!(houses.get(absent).is_none(), "{path}: {absent} in {houses}");
        }
    }
    // The CSV has the same figure's empty cells.
    let (_, rows) = csv_rows(&read("data/ben-tre/2020.csv"));
    let houses = rows
        .iter()
        .find(|r| r["indicator"] == "merit_houses_repaired");
    let houses = houses.unwrap();
    assert_eq!([&houses["target"], &houses["note_vi"]], ["", ""]);
}

#[test]
fn pages_with_figures_link_their_downloads_with_sizes_in_the_page_language() {
    let size = std::fs::metadata(bundled().join("output/data/ben-tre/2020.csv"))
        .unwrap()
        .len();
    let kb = size as f64 / 1000.0;
    let vi = read("vi/ben-tre/2020/index.html");
    assert!(vi.contains(r#"href="/bao-cao/data/ben-tre/2020.csv""#));
    let shown = format!("{:.1}", kb).replace('.', ",");
    let shown = shown.trim_end_matches(",0");
    assert!(
        vi.contains(&format!("{shown} kB")),
        "Vietnamese size {shown} kB"
    );
    let en = read("en/ben-tre/2020/index.html");
    let shown = format!("{:.1}", kb);
    assert!(en.contains(&format!("{} kB", shown.trim_end_matches(".0"))));
    // A report page offers its period's files of every province, and the package.
    for link in [
        "data/figures/2020.csv",
        "data/figures/2020.excel.csv",
        "data/figures/2020.json",
        "data/breakdowns/2020.csv",
        "data/datapackage.json",
    ] {
        assert!(vi.contains(&format!(r#"href="/bao-cao/{link}""#)), "{link}");
    }
    assert!(vi.contains("Số liệu của mọi tỉnh, kỳ 2020"));
    assert!(en.contains("Every province&#39;s figures for 2020"));
    assert!(!vi.contains("data/figures/2023.csv"), "only its own period");
    // Kiên Giang's nine months of 2017 had no breakdowns: no link to a file that is not there.
    let kien_giang = read("vi/kien-giang/2017-q3/index.html");
    assert!(kien_giang.contains(r#"href="/bao-cao/data/figures/2017-q3.csv""#));
    assert!(kien_giang.contains("kỳ 9 tháng năm 2017"));
    assert!(!kien_giang.contains("data/breakdowns/"));
    // Pages about the whole site offer the latest period, and the package lists every period.
    for page in [
        "vi/index.html",
        "en/ben-tre/index.html",
        "vi/chi-tieu/jobs-created/index.html",
    ] {
        let html = read(page);
        assert!(
            html.contains(r#"href="/bao-cao/data/figures/2023.csv""#),
            "{page}"
        );
        assert!(
            html.contains(r#"href="/bao-cao/data/datapackage.json""#),
            "{page}"
        );
    }
    assert!(read("vi/index.html").contains("Mọi kỳ: danh sách tệp và mô tả dữ liệu"));
    assert!(!read("vi/404.html").contains("data/figures"));
}

#[test]
fn fixture_reports_give_one_row_per_figure() {
    let site = Site::minimal();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let (_, rows) = csv_rows(&site.read_output("data/ben-tre/2020.csv"));
    let jobs = rows
        .iter()
        .find(|r| r["indicator"] == "jobs_created" && r["kind"] == "result")
        .unwrap();
    assert_eq!(jobs["value"], "18382");
    assert_eq!(jobs["target"], "18000");
    assert_eq!(jobs["achievement_percent"], "102.1");
    assert_eq!(jobs["province_name_vi"], "Bến Tre");
    assert_eq!(jobs["published"], "2021-01-15");
    let poor = rows
        .iter()
        .find(|r| r["indicator"] == "poor_household_rate")
        .unwrap();
    assert_eq!(poor["estimate"], "true");
    assert_eq!(poor["value"], "3.6");
    let next = rows.iter().find(|r| r["kind"] == "target").unwrap();
    assert_eq!(
        (next["value"].as_str(), next["period"].as_str()),
        ("20000", "2021")
    );
}

#[test]
fn a_broken_internal_link_fails_the_build_naming_where_the_narrative_wrote_it() {
    let site = Site::minimal();
    assert!(site.run(&["build"]).status.success());
    let before = common::snapshot(&site.output());
    site.write(
        "content/provinces/ben-tre/2020/report.en.md",
        "---\ntitle: Ben Tre 2020\nsummary: Jobs.\n---\n## Results\n\n\
         See [the 2019 report](/en/ben-tre/2019/), [the results](#no-such-section) \
         and [the jobs row](/en/ben-tre/2020/#results-title); relative links work too: \
         [jobs](../../indicators/jobs-created/) in [the province](../).\n",
    );
    for command in ["check", "build"] {
        let out = site.run(&[command]);
        let stderr = common::stderr(&out);
        assert!(!out.status.success(), "{command} fails:\n{stderr}");
        // Reported where the editor wrote them: the narrative's file, line and column.
        assert!(
            stderr.contains(
                "content/provinces/ben-tre/2020/report.en.md:7:5: error: broken link \
                 href=\"/en/ben-tre/2019/\": no such page or file is generated"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "content/provinces/ben-tre/2020/report.en.md:7:43: error: broken link \
                 href=\"#no-such-section\": the page has no element with id `no-such-section`"
            ),
            "{stderr}"
        );
        assert!(!stderr.contains("index.html"), "{stderr}");
        assert_eq!(
            stderr.matches("broken link").count(),
            2,
            "only the two broken links are reported:\n{stderr}"
        );
    }
    assert_eq!(
        common::snapshot(&site.output()),
        before,
        "the last good output is untouched"
    );
}

const BASE: &str = "https://example.vn/bao-cao/";

#[test]
fn sitemap_lists_every_page_in_both_languages_with_alternates_and_lastmod() {
    let text = read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
        .collect();
    let child = |n: &roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ns, name)))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let locs: Vec<String> = urls.iter().map(|u| child(u, "loc").unwrap()).collect();
    // Every generated page but the 404s and the language chooser is listed, with its full address.
    let out = bundled().join("output");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(dir) = rel.strip_suffix("index.html").filter(|d| !d.is_empty()) {
            assert!(
                locs.contains(&format!("{BASE}{dir}")),
                "{dir} is in the sitemap"
            );
        }
    }
    assert!(!locs.iter().any(|l| l.contains("404")));
    let report = urls
        .iter()
        .find(|u| child(u, "loc").unwrap() == format!("{BASE}en/ben-tre/2020/"))
        .unwrap();
    assert_eq!(
        child(report, "lastmod").unwrap(),
        "2021-12-08",
        "the report's publication date"
    );
    let alternates: Vec<(String, String)> = report
        .children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|c| {
            (
                c.attribute("hreflang").unwrap().into(),
                c.attribute("href").unwrap().into(),
            )
        })
        .collect();
    assert!(alternates.contains(&("vi".into(), format!("{BASE}vi/ben-tre/2020/"))));
    assert!(alternates.contains(&("en".into(), format!("{BASE}en/ben-tre/2020/"))));
    assert!(alternates.contains(&("x-default".into(), format!("{BASE}vi/ben-tre/2020/"))));
    let indicator = format!("{BASE}en/indicators/jobs-created/");
    assert!(locs.contains(&indicator));
    assert!(read("robots.txt").contains(&format!("Sitemap: {BASE}sitemap.xml")));
    // The pages name the same alternates, with full addresses, x-default included.
    let page = read("en/ben-tre/2020/index.html");
    for (lang, path) in [
        ("vi", "vi/ben-tre/2020/"),
        ("en", "en/ben-tre/2020/"),
        ("x-default", "vi/ben-tre/2020/"),
    ] {
        let link = format!(r#"<link rel="alternate" hreflang="{lang}" href="{BASE}{path}">"#);
        assert!(page.contains(&link), "{link}");
    }
}

#[test]
fn each_language_has_an_atom_feed_of_reports_newest_first() {
    for (lang, title) in [("vi", "Thái Nguyên năm 2023"), ("en", "Thai Nguyen")] {
        let text = read(&format!("{lang}/feed.xml"));
        let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
        let atom = "http://www.w3.org/2005/Atom";
        let root = doc.root_element();
        assert!(root.has_tag_name((atom, "feed")));
        let entries: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .collect();
        assert_eq!(entries.len(), 5, "{lang}: one entry per report");
        let text_of = |n: &roxmltree::Node, name: &str| {
            n.children()
                .find(|c| c.has_tag_name((atom, name)))
                .and_then(|c| c.text())
                .unwrap_or("")
                .to_string()
        };
        let published: Vec<String> = entries.iter().map(|e| text_of(e, "published")).collect();
        let mut sorted = published.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, sorted, "{lang}: newest first");
        assert!(
            text_of(&entries[0], "title").starts_with(title),
            "{lang}: {}",
            text_of(&entries[0], "title")
        );
        assert_eq!(
            text_of(&entries[0], "id"),
            format!("{BASE}{lang}/thai-nguyen/2023/")
        );
        assert_eq!(text_of(&root, "updated"), published[0]);
        let page = read(&format!("{lang}/index.html"));
        assert!(page.contains(&format!(
            r#"type="application/atom+xml" href="/bao-cao/{lang}/feed.xml""#
        )));
    }
}

#[test]
fn pages_carry_sharing_meta_a_favicon_and_a_search_entry_point() {
    let page = read("vi/ben-tre/2020/index.html");
    assert!(page.contains(r#"<meta property="og:type" content="article">"#));
    assert!(page.contains(&format!(
        r#"<meta property="og:url" content="{BASE}vi/ben-tre/2020/">"#
    )));
    assert!(page.contains(r#"<meta property="og:title" content="Bến Tre năm 2020"#));
    assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
    assert!(page.contains(r#"<meta property="og:locale" content="vi_VN">"#));
    assert!(page.contains(r#"<link rel="icon" href="/bao-cao/static/favicon.svg""#));
    assert!(bundled().join("output/static/favicon.svg").is_file());
    assert!(page.contains(r#"href="/bao-cao/vi/tim-kiem/""#));
    let en = read("en/indicators/index.html");
    assert!(en.contains(r#"<meta property="og:type" content="website">"#));
    assert!(en.contains(r#"<meta property="og:locale" content="en_GB">"#));
    // Each language has its own 404 page.
    assert!(read("vi/404.html").contains(r#"<html lang="vi">"#));
    assert!(read("en/404.html").contains(r#"<html lang="en">"#));
}

#[test]
fn search_indexes_are_per_language_small_and_folded() {
    for lang in ["vi", "en"] {
        let path = bundled().join(format!("output/{lang}/search-index.json"));
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(
            size < 60_000,
            "{lang}: the index is small enough for a phone ({size} bytes)"
        );
        let index: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let docs = index["docs"].as_array().unwrap();
        let thai = docs
            .iter()
            .find(|d| {
                d["kind"] == "province" && d["url"] == format!("/bao-cao/{lang}/thai-nguyen/")
            })
            .unwrap();
        assert_eq!(thai["t"], "thai nguyen");
        for doc in docs {
            for field in ["t", "x"] {
                let text = doc[field].as_str().unwrap();
                let unfolded = text
                    .chars()
                    .any(|c| c == 'đ' || c.is_uppercase() || c.to_string().nfd().count() > 1);
                assert!(!unfolded, "{lang}: the index holds folded words: {text}");
            }
        }
    }
    // Without JavaScript, the search page lists every province and indicator.
    let page = read("vi/tim-kiem/index.html");
    assert!(page.contains(r#"<a href="/bao-cao/vi/thai-nguyen/">Thái Nguyên</a>"#));
    assert!(page.contains(r#"href="/bao-cao/vi/chi-tieu/jobs-created/""#));
    assert!(page.contains(r#"action="/bao-cao/vi/tim-kiem/""#));
    assert!(read("en/search/index.html").contains(r#"href="/bao-cao/vi/tim-kiem/" hreflang="vi""#));
}

#[test]
fn the_search_box_suggests_words_of_the_site_that_find_something() {
    for (lang, page) in [
        ("vi", "vi/tim-kiem/index.html"),
        ("en", "en/search/index.html"),
    ] {
        let examples = common::search_examples(&read(page));
        assert_eq!(examples.len(), 2, "{lang}: a province and an indicator");
        let index: serde_json::Value =
            serde_json::from_str(&read(&format!("{lang}/search-index.json"))).unwrap();
        for example in &examples {
            // Folded as the search script folds what is typed.
            let folded: String = example
                .nfd()
                .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
                .collect::<String>()
                .replace('đ', "d")
                .to_lowercase();
            let finds = index["docs"].as_array().unwrap().iter().any(|d| {
                folded
                    .split(' ')
                    .all(|w| d["t"].as_str().unwrap().split(' ').any(|t| t == w))
            });
            assert!(
                finds,
                "{lang}: `{example}` names a province or indicator of the site"
            );
        }
    }
    // The province is typed without diacritics, as the hint under the box says one may.
    let province = &common::search_examples(&read("vi/tim-kiem/index.html"))[0];
    assert!(province.is_ascii() && province.contains(' '), "{province}");
}

#[test]
fn with_a_bare_base_path_feeds_get_stable_urn_ids_and_the_sitemap_holds_paths() {
    let site = Site::minimal();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let feed = site.read_output("vi/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("id"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(ids, ["urn:baocao:vi", "urn:baocao:vi:ben-tre:2020"]);
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/en/ben-tre/2020/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read_output("robots.txt")
            .contains("Sitemap: /sitemap.xml")
    );
}

/// What Frictionless's command (`pip install "frictionless[json]"`) answers about the
/// bundled site's data package, as JSON; `None` when it is not installed.
fn frictionless(command: &str) -> Option<serde_json::Value> {
    let version = std::process::Command::new("frictionless")
        .arg("--version")
        .output();
    if !version.is_ok_and(|v| v.status.success()) {
        eprintln!(
            "note: frictionless is not installed (pip install \"frictionless[json]\"); not run"
        );
        return None;
    }
    let package = bundled().join("output/data/datapackage.json");
    let answer = std::process::Command::new("frictionless")
        .args([command, "--json"])
        .arg(&package)
        .output()
        .expect("frictionless runs");
    let answer = serde_json::from_slice(&answer.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&answer.stderr)));
    Some(answer)
}

/// Frictionless's own validator, when it is installed.
#[test]
fn frictionless_finds_the_data_package_valid() {
    let Some(report) = frictionless("validate") else {
        return;
    };
    let pretty = serde_json::to_string_pretty(&report["tasks"]).unwrap();
    assert_eq!(
        report["valid"], true,
        "frictionless validate found problems:\n{pretty}"
    );
    let tasks = report["tasks"].as_array().unwrap();
    assert_eq!(
        tasks.len(),
        9,
        "every resource was checked: figures and breakdowns in CSV and CSV for Excel, \
         each in a file per period, and a JSON file per period:\n{pretty}"
    );
    assert!(
        tasks
            .iter()
            .all(|t| t["valid"] == true && t["stats"]["rows"].as_u64() > Some(0))
    );
}

/// A reader of a period's JSON file gets the rows of its CSV file: a key left out is a
/// value the figure does not have, as an empty CSV cell is.
#[test]
fn frictionless_reads_the_json_files_as_the_csv_files() {
    let Some(tables) = frictionless("extract") else {
        return;
    };
    let tables = tables.as_object().unwrap();
    let mut compared = 0;
    for (name, rows) in tables {
        let Some((table, period)) = name.strip_suffix("-json").and_then(|n| n.split_once('-'))
        else {
            continue;
        };
        let csv: Vec<&serde_json::Value> = tables[&format!("{table}-csv")]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["report_period"] == period)
            .collect();
        let json: Vec<&serde_json::Value> = rows.as_array().unwrap().iter().collect();
        assert_eq!(json, csv, "{name}");
        compared += json.len();
    }
    assert!(
        compared > 50,
        "the JSON files hold every figure: {compared}"
    );
}
