//! Open data: every figure of the site as CSV and JSON, per report and for the whole
//! site, described by a Frictionless Data Package (`data/datapackage.json`).
//!
//! The files are language-neutral: UTF-8, `.` as the decimal mark, ISO dates, and the
//! names of provinces and indicators in both languages side by side. They are rendered
//! before the pages, so that pages can show each file's size next to its link.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::i18n;
use crate::model::*;
use crate::output::OutputFile;

use super::views::Urls;

/// The folder of the data files inside the output.
const DIR: &str = "data";
/// The stem of the site-wide files: `data/figures.csv`, `data/figures.json`.
const ALL: &str = "figures";
/// The stem of the site-wide breakdown files: `data/breakdowns.csv`.
const BREAKDOWNS: &str = "breakdowns";

/// One figure as a row: a result of a report, or a target for its next period.
#[derive(Debug, Serialize)]
struct FigureRecord<'a> {
    province: &'a str,
    province_name_vi: &'a str,
    province_name_en: &'a str,
    report_period: String,
    published: String,
    /// `result` or `target` (for the next period).
    kind: &'static str,
    indicator: &'a str,
    indicator_name_vi: &'a str,
    indicator_name_en: &'a str,
    unit: &'a str,
    /// The period the figure itself covers.
    period: String,
    qualifier: Option<Qualifier>,
    #[serde(serialize_with = "number")]
    value: Option<f64>,
    #[serde(serialize_with = "number")]
    value_min: Option<f64>,
    #[serde(serialize_with = "number")]
    value_max: Option<f64>,
    estimate: bool,
    #[serde(serialize_with = "number")]
    target: Option<f64>,
    #[serde(serialize_with = "number")]
    target_min: Option<f64>,
    #[serde(serialize_with = "number")]
    target_max: Option<f64>,
    target_qualifier: Option<Qualifier>,
    #[serde(serialize_with = "number")]
    achievement_percent: Option<f64>,
    #[serde(serialize_with = "number")]
    previous_value: Option<f64>,
    previous_period: Option<String>,
    source_title: &'a str,
    source_publisher: &'a str,
    source_url: Option<&'a str>,
    source_date: Option<String>,
}

/// Writes whole numbers without a decimal part (`18382`, not `18382.0`).
fn number<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match *value {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => serializer.serialize_some(&(v as i64)),
        Some(v) => serializer.serialize_some(&v),
        None => serializer.serialize_none(),
    }
}

/// A column of a table: name, Table Schema type, description.
type Field = (&'static str, &'static str, &'static str);

/// The Table Schema of [`FigureRecord`], field by field, in the same order.
const FIELDS: &[Field] = &[
    ("province", "string", "Province id (ASCII slug)"),
    ("province_name_vi", "string", "Province name in Vietnamese"),
    ("province_name_en", "string", "Province name in English"),
    (
        "report_period",
        "string",
        "Period of the report: 2023, 2017-q3 (January to the end of the quarter)",
    ),
    ("published", "date", "Publication date of the report"),
    ("kind", "string", "result, or target for the next period"),
    ("indicator", "string", "Indicator id"),
    (
        "indicator_name_vi",
        "string",
        "Indicator name in Vietnamese",
    ),
    ("indicator_name_en", "string", "Indicator name in English"),
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

/// One part of a breakdown: workers abroad in Japan, trainees at college level.
#[derive(Debug, Serialize)]
struct BreakdownRecord<'a> {
    province: &'a str,
    report_period: String,
    published: String,
    indicator: &'a str,
    indicator_name_vi: &'a str,
    indicator_name_en: &'a str,
    unit: &'a str,
    period: String,
    by_vi: &'a str,
    by_en: &'a str,
    part_vi: &'a str,
    part_en: &'a str,
    #[serde(serialize_with = "number")]
    value: Option<f64>,
    #[serde(serialize_with = "number")]
    total: Option<f64>,
    source_title: &'a str,
    source_url: Option<&'a str>,
}

/// The Table Schema of [`BreakdownRecord`], field by field, in the same order.
const BREAKDOWN_FIELDS: &[Field] = &[
    ("province", "string", "Province id (ASCII slug)"),
    ("report_period", "string", "Period of the report"),
    ("published", "date", "Publication date of the report"),
    ("indicator", "string", "Id of the indicator broken down"),
    (
        "indicator_name_vi",
        "string",
        "Indicator name in Vietnamese",
    ),
    ("indicator_name_en", "string", "Indicator name in English"),
    ("unit", "string", "Unit id of the values"),
    ("period", "string", "Period the breakdown covers"),
    (
        "by_vi",
        "string",
        "What it is broken down by, in Vietnamese",
    ),
    ("by_en", "string", "What it is broken down by, in English"),
    ("part_vi", "string", "The part, in Vietnamese"),
    ("part_en", "string", "The part, in English"),
    ("value", "number", "The value of the part"),
    (
        "total",
        "number",
        "The total the source states, when it states one",
    ),
    ("source_title", "string", "Title of the source"),
    ("source_url", "string", "Address of the source"),
];

fn breakdown_records<'a>(site: &'a Site, report: &'a Report) -> Vec<BreakdownRecord<'a>> {
    report
        .breakdowns
        .iter()
        .flat_map(|b| {
            let indicator = site.indicator(&b.indicator);
            let name = move |lang| indicator.and_then(|i| i.name.get(lang)).unwrap_or("");
            b.parts.iter().map(move |part| BreakdownRecord {
                province: &report.province,
                report_period: report.period.id(),
                published: report.published.to_string(),
                indicator: &b.indicator,
                indicator_name_vi: name(Lang::Vi),
                indicator_name_en: name(Lang::En),
                unit: indicator.map_or("", |i| i.unit.as_str()),
                period: b.period.id(),
                by_vi: b.by.get(Lang::Vi).unwrap_or(""),
                by_en: b.by.get(Lang::En).unwrap_or(""),
                part_vi: part.label.get(Lang::Vi).unwrap_or(""),
                part_en: part.label.get(Lang::En).unwrap_or(""),
                value: Some(part.value),
                total: b.total,
                source_title: &report.source.title,
                source_url: report.source.url.as_deref(),
            })
        })
        .collect()
}

/// Splits an amount into (value, min, max).
fn amount_columns(amount: Option<Amount>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match amount {
        Some(Amount::Value(v)) => (Some(v), None, None),
        Some(Amount::Range(a, b)) => (None, Some(a), Some(b)),
        None => (None, None, None),
    }
}

fn records<'a>(site: &'a Site, report: &'a Report) -> Vec<FigureRecord<'a>> {
    let province = site.province(&report.province);
    let name = |lang| province.and_then(|p| p.name.get(lang)).unwrap_or("");
    let results = report.results.iter().map(|f| ("result", f));
    let targets = report
        .next
        .iter()
        .flat_map(|n| n.targets.iter().map(|f| ("target", f)));
    results
        .chain(targets)
        .map(|(kind, figure)| {
            let indicator = site.indicator(&figure.indicator);
            let indicator_name = |lang| indicator.and_then(|i| i.name.get(lang)).unwrap_or("");
            let (value, value_min, value_max) = amount_columns(figure.amount);
            let (target, target_min, target_max) = amount_columns(figure.target);
            FigureRecord {
                province: &report.province,
                province_name_vi: name(Lang::Vi),
                province_name_en: name(Lang::En),
                report_period: report.period.id(),
                published: report.published.to_string(),
                kind,
                indicator: &figure.indicator,
                indicator_name_vi: indicator_name(Lang::Vi),
                indicator_name_en: indicator_name(Lang::En),
                unit: &figure.unit,
                period: figure.period.id(),
                qualifier: figure.qualifier,
                value,
                value_min,
                value_max,
                estimate: figure.estimate,
                target,
                target_min,
                target_max,
                target_qualifier: figure.target_qualifier,
                achievement_percent: figure.achievement.map(|a| a.percent),
                previous_value: figure.previous.map(|(v, _)| v),
                previous_period: figure.previous.and_then(|(_, p)| p).map(|p| p.id()),
                source_title: &report.source.title,
                source_publisher: &report.source.publisher,
                source_url: report.source.url.as_deref(),
                source_date: report.source.date.map(|d| d.to_string()),
            }
        })
        .collect()
}

fn to_csv<R: Serialize>(records: &[R], fields: &[Field]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if records.is_empty() {
        // The header alone, so that an empty file still says what it would hold.
        let _ = writer.write_record(fields.iter().map(|f| f.0));
    }
    for record in records {
        // Writing plain values to memory cannot fail.
        let _ = writer.serialize(record);
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
pub fn render(site: &Site) -> DataFiles {
    let mut files = Vec::new();
    let mut all = Vec::new();
    let mut breakdowns = Vec::new();
    for report in &site.reports {
        breakdowns.extend(breakdown_records(site, report));
        let rows = records(site, report);
        files.push(OutputFile {
            path: report_path(report, "csv"),
            bytes: to_csv(&rows, FIELDS).into(),
        });
        files.push(OutputFile {
            path: report_path(report, "json"),
            bytes: to_json(&rows).into(),
        });
        all.extend(rows);
    }
    files.push(OutputFile {
        path: format!("{DIR}/{ALL}.csv"),
        bytes: to_csv(&all, FIELDS).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{ALL}.json"),
        bytes: to_json(&all).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{BREAKDOWNS}.csv"),
        bytes: to_csv(&breakdowns, BREAKDOWN_FIELDS).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/{BREAKDOWNS}.json"),
        bytes: to_json(&breakdowns).into(),
    });
    files.push(OutputFile {
        path: format!("{DIR}/datapackage.json"),
        bytes: to_json(&datapackage(site)).into(),
    });
    let sizes = files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.len()))
        .collect();
    DataFiles { files, sizes }
}

/// The Frictionless Data Package describing the site-wide files.
fn datapackage(site: &Site) -> serde_json::Value {
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
    json!({
        "profile": "tabular-data-package",
        "name": "baocao-figures",
        "title": site.config.title.show(Lang::En),
        "description": site.config.description.show(Lang::En),
        "licenses": licences,
        "resources": [
            resource(ALL, FIELDS, "csv", "text/csv"),
            resource(ALL, FIELDS, "json", "application/json"),
            resource(BREAKDOWNS, BREAKDOWN_FIELDS, "csv", "text/csv"),
            resource(BREAKDOWNS, BREAKDOWN_FIELDS, "json", "application/json"),
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
        lang: Lang,
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
        Some(self.downloads(scope, lang, strings, urls))
    }

    /// The download links for a page: its report's files first, then the whole site's.
    fn downloads(
        &self,
        scope: Scope,
        lang: Lang,
        strings: &i18n::Strings,
        urls: &Urls,
    ) -> Vec<Download> {
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
                    size: file_size(bytes, lang),
                    format,
                })
            })
            .collect()
    }
}

/// A file size as readers of `lang` write it: `850 B`, `12,3 kB`, `1,2 MB`.
pub fn file_size(bytes: usize, lang: Lang) -> String {
    let bytes = bytes as f64;
    if bytes < 1000.0 {
        format!("{} B", i18n::number(bytes, lang, 0))
    } else if bytes < 1_000_000.0 {
        format!("{} kB", i18n::number(bytes / 1000.0, lang, 1))
    } else {
        format!("{} MB", i18n::number(bytes / 1_000_000.0, lang, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_page_language() {
        assert_eq!(file_size(12_345, Lang::Vi), "12,3 kB");
        assert_eq!(file_size(12_345, Lang::En), "12.3 kB");
        assert_eq!(file_size(850, Lang::Vi), "850 B");
        assert_eq!(file_size(2_500_000, Lang::En), "2.5 MB");
    }
}
