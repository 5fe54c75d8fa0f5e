//! Open data: every figure of the site as CSV and JSON, per report and for the whole
//! site, described by a Frictionless Data Package (`data/datapackage.json`).
//!
//! The files are language-neutral: UTF-8, `.` as the decimal mark, ISO dates, and the
//! names of provinces and indicators in both languages side by side. They are rendered
//! before the pages, so that pages can show each file's size next to its link.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::i18n;
use crate::model::*;
use crate::output::OutputFile;

use super::theme::Theme;
use super::views::Urls;

/// The folder of the data files inside the output.
const DIR: &str = "data";
/// The stem of the site-wide files: `data/figures.csv`, `data/figures.json`.
const ALL: &str = "figures";
/// The stem of the site-wide breakdown files: `data/breakdowns.csv`.
const BREAKDOWNS: &str = "breakdowns";

/// One row of a table, its columns in order: the same in CSV and JSON.
struct Row(Vec<(String, Value)>);

impl Row {
    fn put(&mut self, column: &str, value: impl Into<Value>) {
        self.0.push((column.to_string(), value.into()));
    }

    /// A name in every language of the site: `province_name_vi`, `province_name_en`.
    fn names(&mut self, column: &str, text: Option<&Text>, languages: &[Lang]) {
        for &lang in languages {
            let name = text.and_then(|t| t.get(lang)).unwrap_or("");
            self.put(&format!("{column}_{lang}"), name);
        }
    }

    /// Writes whole numbers without a decimal part (`18382`, not `18382.0`).
    fn number(&mut self, column: &str, value: Option<f64>) {
        let value = match value {
            Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => Value::from(v as i64),
            Some(v) => Value::from(v),
            None => Value::Null,
        };
        self.put(column, value);
    }
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, value) in &self.0 {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

/// A column of a table: name, Table Schema type, description.
type Field = (String, &'static str, String);

/// The columns of a table as written, with one name column per site language after
/// each `*_name`, `by` and `part` column.
fn fields(table: &[(&str, &'static str, &str)], languages: &Languages) -> Vec<Field> {
    let mut out = Vec::new();
    for &(name, kind, description) in table {
        if let Some(described) = description.strip_suffix(" in {language}") {
            for (lang, english) in languages {
                out.push((
                    format!("{name}_{lang}"),
                    kind,
                    format!("{described} in {english}"),
                ));
            }
        } else {
            out.push((name.to_string(), kind, description.to_string()));
        }
    }
    out
}

/// The site's languages with their names in English, for the data's descriptions.
type Languages = Vec<(Lang, String)>;

/// The Table Schema of a figure row, column by column, in order.
const FIELDS: &[(&str, &str, &str)] = &[
    ("province", "string", "Province id (ASCII slug)"),
    ("province_name", "string", "Province name in {language}"),
    (
        "report_period",
        "string",
        "Period of the report: 2023, 2017-q3 (January to the end of the quarter)",
    ),
    ("published", "date", "Publication date of the report"),
    ("kind", "string", "result, or target for the next period"),
    ("indicator", "string", "Indicator id"),
    ("indicator_name", "string", "Indicator name in {language}"),
    ("unit", "string", "Unit id, as in units.yaml"),
    ("period", "string", "Period the figure covers"),
    (
        "qualifier",
        "string",
        "nearly, over, below, about or maintained, as the source says",
    ),
    (
        "value",
        "number",
        "The value; empty for a range or when only the rate of plan is given",
    ),
    ("value_min", "number", "Lower end of a range"),
    ("value_max", "number", "Upper end of a range"),
    (
        "estimate",
        "boolean",
        "The source calls the value an estimate",
    ),
    ("target", "number", "The plan target"),
    ("target_min", "number", "Lower end of a target range"),
    ("target_max", "number", "Upper end of a target range"),
    ("target_qualifier", "string", "Qualifier of the target"),
    ("achievement_percent", "number", "Per cent of plan achieved"),
    (
        "previous_value",
        "number",
        "The value of the previous period",
    ),
    ("previous_period", "string", "The previous period"),
    ("source_title", "string", "Title of the source"),
    ("source_publisher", "string", "Publisher of the source"),
    ("source_url", "string", "Address of the source"),
    ("source_date", "date", "Date of the source"),
];

/// The Table Schema of a breakdown row, column by column, in order.
const BREAKDOWN_FIELDS: &[(&str, &str, &str)] = &[
    ("province", "string", "Province id (ASCII slug)"),
    ("report_period", "string", "Period of the report"),
    ("published", "date", "Publication date of the report"),
    ("indicator", "string", "Id of the indicator broken down"),
    ("indicator_name", "string", "Indicator name in {language}"),
    ("unit", "string", "Unit id of the values"),
    ("period", "string", "Period the breakdown covers"),
    ("by", "string", "What it is broken down by, in {language}"),
    ("part", "string", "The part, in {language}"),
    ("value", "number", "The value of the part"),
    (
        "total",
        "number",
        "The total the source states, when it states one",
    ),
    ("source_title", "string", "Title of the source"),
    ("source_url", "string", "Address of the source"),
];

/// One part of a breakdown per row: workers abroad in Japan, trainees at college level.
fn breakdown_records(site: &Site, report: &Report) -> Vec<Row> {
    let languages = &site.config.languages;
    let mut rows = Vec::new();
    for b in &report.breakdowns {
        let indicator = site.indicator(&b.indicator);
        for part in &b.parts {
            let mut row = Row(Vec::new());
            row.put("province", report.province.as_str());
            row.put("report_period", report.period.id());
            row.put("published", report.published.to_string());
            row.put("indicator", b.indicator.as_str());
            row.names("indicator_name", indicator.map(|i| &i.name), languages);
            row.put("unit", indicator.map_or("", |i| i.unit.as_str()));
            row.put("period", b.period.id());
            row.names("by", Some(&b.by), languages);
            row.names("part", Some(&part.label), languages);
            row.number("value", Some(part.value.value));
            row.number("total", b.total.map(|t| t.value));
            row.put("source_title", report.source.title.as_str());
            row.put("source_url", report.source.url.as_deref());
            rows.push(row);
        }
    }
    rows
}

/// Splits an amount into (value, min, max).
fn amount_columns(amount: Option<Amount>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match amount {
        Some(Amount::Value(v)) => (Some(v.value), None, None),
        Some(Amount::Range(a, b)) => (None, Some(a.value), Some(b.value)),
        None => (None, None, None),
    }
}

/// One figure per row: a result of a report, or a target for its next period.
fn records(site: &Site, report: &Report) -> Vec<Row> {
    let languages = &site.config.languages;
    let province = site.province(&report.province);
    let results = report.results.iter().map(|f| ("result", f));
    let targets = report
        .next
        .iter()
        .flat_map(|n| n.targets.iter().map(|f| ("target", f)));
    let as_value = |v: Option<String>| v.map_or(Value::Null, Value::from);
    results
        .chain(targets)
        .map(|(kind, figure)| {
            let mut row = Row(Vec::new());
            row.put("province", report.province.as_str());
            row.names("province_name", province.map(|p| &p.name), languages);
            row.put("report_period", report.period.id());
            row.put("published", report.published.to_string());
            row.put("kind", kind);
            row.put("indicator", figure.indicator.as_str());
            let indicator = site.indicator(&figure.indicator);
            row.names("indicator_name", indicator.map(|i| &i.name), languages);
            row.put("unit", figure.unit.as_str());
            row.put("period", figure.period.id());
            row.put("qualifier", to_value(figure.qualifier));
            let (value, value_min, value_max) = amount_columns(figure.amount);
            row.number("value", value);
            row.number("value_min", value_min);
            row.number("value_max", value_max);
            row.put("estimate", figure.estimate);
            let (target, target_min, target_max) = amount_columns(figure.target);
            row.number("target", target);
            row.number("target_min", target_min);
            row.number("target_max", target_max);
            row.put("target_qualifier", to_value(figure.target_qualifier));
            row.number(
                "achievement_percent",
                figure.achievement.map(|a| a.percent.value),
            );
            row.number("previous_value", figure.previous.map(|(v, _)| v.value));
            let previous_period = figure.previous.and_then(|(_, p)| p).map(|p| p.id());
            row.put("previous_period", as_value(previous_period));
            row.put("source_title", report.source.title.as_str());
            row.put("source_publisher", report.source.publisher.as_str());
            row.put("source_url", report.source.url.as_deref());
            row.put(
                "source_date",
                as_value(report.source.date.map(|d| d.to_string())),
            );
            row
        })
        .collect()
}

/// A plain value as JSON: a qualifier by its name.
fn to_value(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn to_csv(records: &[Row], fields: &[Field]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing plain values to memory cannot fail.
    let _ = writer.write_record(fields.iter().map(|f| &f.0));
    for record in records {
        let cells: Vec<&Value> = record.0.iter().map(|(_, v)| v).collect();
        let _ = writer.serialize(cells);
    }
    writer.into_inner().unwrap_or_default()
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The output path of a report's data file: `data/ben-tre/2020.csv`.
fn report_path(report: &Report, ext: &str) -> String {
    format!("{DIR}/{}/{}.{ext}", report.province, report.period.id())
}

/// The data files, rendered, with their sizes by output path.
pub struct DataFiles {
    pub files: Vec<OutputFile>,
    sizes: BTreeMap<String, usize>,
}

/// Renders every data file of the site.
pub fn render(site: &Site, theme: &Theme) -> DataFiles {
    let languages: Languages = site
        .config
        .languages
        .iter()
        .map(|&l| (l, theme.strings(l).get("language_name_english").to_string()))
        .collect();
    let (fields, breakdown_fields) = (
        fields(FIELDS, &languages),
        fields(BREAKDOWN_FIELDS, &languages),
    );
    let mut files = Vec::new();
    let mut all = Vec::new();
    let mut breakdowns = Vec::new();
    for report in &site.reports {
        breakdowns.extend(breakdown_records(site, report));
        let rows = records(site, report);
        files.push(OutputFile {
            path: report_path(report, "csv"),
            bytes: to_csv(&rows, &fields).into(),
        });
        files.push(OutputFile {
            path: report_path(report, "json"),
            bytes: to_json(&rows).into(),
        });
        all.extend(rows);
    }
    files.push(OutputFile {
        path: format!("{DIR}/{ALL}.csv"),
        bytes: to_csv(&all, &fields).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{ALL}.json"),
        bytes: to_json(&all).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{BREAKDOWNS}.csv"),
        bytes: to_csv(&breakdowns, &breakdown_fields).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{BREAKDOWNS}.json"),
        bytes: to_json(&breakdowns).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/datapackage.json"),
        bytes: to_json(&datapackage(site, &fields, &breakdown_fields)).into(),
    });
    let sizes = files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.len()))
        .collect();
    DataFiles { files, sizes }
}

/// The Frictionless Data Package describing the site-wide files.
fn datapackage(site: &Site, figures: &[Field], breakdowns: &[Field]) -> Value {
    let resource = |stem: &str, fields: &[Field], format: &str, mediatype: &str| {
        let fields: Vec<_> = fields
            .iter()
            .map(|(name, kind, description)| {
                json!({"name": name, "type": kind, "description": description})
            })
            .collect();
        json!({
            "name": format!("{stem}-{format}"),
            "path": format!("{stem}.{format}"),
            "profile": "tabular-data-resource",
            "format": format,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "schema": {"fields": fields},
        })
    };
    let licences: Vec<_> = site
        .config
        .licence
        .iter()
        .map(|l| json!({"name": l.name, "path": l.url}))
        .collect();
    // The package describes itself in English, as its schema does, when the site has English.
    let english = Lang::from_code("en").expect("a language code");
    json!({
        "profile": "tabular-data-package",
        "name": "baocao-figures",
        "title": site.config.title.show(english),
        "description": site.config.description.show(english),
        "licenses": licences,
        "resources": [
            resource(ALL, figures, "csv", "text/csv"),
            resource(ALL, figures, "json", "application/json"),
            resource(BREAKDOWNS, breakdowns, "csv", "text/csv"),
            resource(BREAKDOWNS, breakdowns, "json", "application/json"),
        ],
    })
}

/// A link to a data file, as the download list of a page shows it.
#[derive(Debug, Serialize)]
pub struct Download {
    pub label: String,
    pub url: String,
    /// The size in the page's language: `12,3 kB`.
    pub size: String,
    pub format: &'static str,
}

/// What a page's figures can be downloaded as.
enum Scope<'a> {
    Report(&'a Report),
    Site,
}

impl DataFiles {
    /// The download links of a page that shows figures (`None` for other pages):
    /// a report page offers its own files and the whole site's, other pages the site's.
    pub fn downloads_for(
        &self,
        site: &Site,
        rel: &str,
        template: &str,
        strings: &i18n::Strings,
        urls: &Urls,
    ) -> Option<Vec<Download>> {
        let scope = match template {
            "report.html" => {
                let mut parts = rel.split('/').skip(1);
                let (province, period) = (parts.next()?, parts.next()?);
                Scope::Report(
                    site.reports_of(province)
                        .find(|r| r.period.id() == period)?,
                )
            }
            "home.html" | "province.html" | "indicator.html" => Scope::Site,
            _ => return None,
        };
        Some(self.downloads(scope, strings, urls))
    }

    /// The download links for a page: its report's files first, then the whole site's.
    fn downloads(&self, scope: Scope, strings: &i18n::Strings, urls: &Urls) -> Vec<Download> {
        let mut paths = Vec::new();
        if let Scope::Report(report) = scope {
            for ext in ["csv", "json"] {
                paths.push((strings.get("data_report"), report_path(report, ext)));
            }
        }
        for ext in ["csv", "json"] {
            paths.push((strings.get("data_all"), format!("{DIR}/{ALL}.{ext}")));
        }
        paths.push((
            strings.get("data_breakdowns"),
            format!("{DIR}/{BREAKDOWNS}.csv"),
        ));
        paths.push((
            strings.get("data_package"),
            format!("{DIR}/datapackage.json"),
        ));
        paths
            .into_iter()
            .filter_map(|(label, path)| {
                let bytes = *self.sizes.get(&path)?;
                let format = if path.ends_with(".csv") {
                    "CSV"
                } else {
                    "JSON"
                };
                Some(Download {
                    label: label.to_string(),
                    url: urls.href(&path),
                    size: file_size(bytes, strings),
                    format,
                })
            })
            .collect()
    }
}

/// A file size as readers of the language write it: `850 B`, `12,3 kB`, `1,2 MB`.
pub fn file_size(bytes: usize, strings: &i18n::Strings) -> String {
    let bytes = bytes as f64;
    if bytes < 1000.0 {
        format!("{} B", strings.number(bytes, 0))
    } else if bytes < 1_000_000.0 {
        format!("{} kB", strings.number(bytes / 1000.0, 1))
    } else {
        format!("{} MB", strings.number(bytes / 1_000_000.0, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::built_in;

    #[test]
    fn sizes_follow_the_page_language() {
        assert_eq!(file_size(12_345, &built_in("vi")), "12,3 kB");
        assert_eq!(file_size(12_345, &built_in("en")), "12.3 kB");
        assert_eq!(file_size(850, &built_in("vi")), "850 B");
        assert_eq!(file_size(2_500_000, &built_in("en")), "2.5 MB");
    }
}
