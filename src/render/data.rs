//! Open data: every figure of the site as CSV and JSON, per report and per period for
//! every province, described by a Frictionless Data Package (`data/datapackage.json`).
//!
//! The files are language-neutral: UTF-8, `.` as the decimal mark, ISO dates, and the
//! names of provinces and indicators in both languages side by side. They are made
//! before the pages and handed on one by one as they are made; pages show each file's
//! size next to its link, so only the sizes are kept.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::{Value, json};

use crate::analysis;
use crate::i18n;
use crate::model::*;
use crate::output::OutputFile;

use std::hash::{DefaultHasher, Hash, Hasher};

use super::select::{DataUnit, Inputs, Selection};
use super::theme::Theme;
use super::views::Urls;

/// The folder of the data files inside the output.
const DIR: &str = "data";
/// The folder of the site-wide files, one per period: `data/figures/2023.csv`.
const ALL: &str = "figures";
/// The folder of the site-wide breakdown files: `data/breakdowns/2023.csv`.
const BREAKDOWNS: &str = "breakdowns";

/// One row of a table, its columns in order: the same in CSV and JSON.
struct Row(Vec<(String, Cell)>);

/// A value of a row: as JSON, and for a number the text the CSV writes, with exactly
/// its decimals (`2.40` where the source wrote *2,40*; JSON has no trailing zeros).
struct Cell {
    json: Value,
    text: Option<String>,
}

impl Row {
    fn put(&mut self, column: &str, value: impl Into<Value>) {
        let cell = Cell {
            json: value.into(),
            text: None,
        };
        self.0.push((column.to_string(), cell));
    }

    /// The JSON value of `column`.
    fn get(&self, column: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| &v.json)
    }

    /// A name in every language of the site: `province_name_vi`, `province_name_en`.
    fn names(&mut self, column: &str, text: Option<&Text>, languages: &[Lang]) {
        for &lang in languages {
            let name = text.and_then(|t| t.get(lang)).unwrap_or("");
            self.put(&format!("{column}_{lang}"), name);
        }
    }

    /// A number with the decimals it was stated or computed with (`Number::plain`);
    /// empty when there is none.
    fn number(&mut self, column: &str, value: Option<Number>) {
        let cell = match value {
            Some(n) => {
                let text = n.plain();
                let json = text
                    .parse::<serde_json::Number>()
                    .map_or(Value::Null, Value::Number);
                Cell {
                    json,
                    text: Some(text),
                }
            }
            None => Cell {
                json: Value::Null,
                text: None,
            },
        };
        self.0.push((column.to_string(), cell));
    }
}

impl Cell {
    /// Whether the figure has a value here: `null` (no target, no bounds...) and `""`
    /// (no note, no name in a language) are what it does not have, an empty CSV cell.
    fn has_value(&self) -> bool {
        !(self.json.is_null() || self.json.as_str() == Some(""))
    }

    /// The cell as the CSV writes it.
    fn csv(&self) -> std::borrow::Cow<'_, [u8]> {
        match (&self.text, &self.json) {
            (Some(text), _) => text.as_bytes().into(),
            (None, Value::String(text)) => text.as_bytes().into(),
            (None, Value::Null) => b"".into(),
            (None, other) => other.to_string().into_bytes().into(),
        }
    }
}

/// A row as a JSON object of the values it has, in the order of the columns: a value
/// the figure does not have is left out (the resource lists every key, see [`resource`]).
impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for (column, cell) in self.0.iter().filter(|(_, cell)| cell.has_value()) {
            map.serialize_entry(column, &cell.json)?;
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
        "How exact the value is, as the source says: nearly, over (the value is a lower bound), \
         below (an upper bound), about, or maintained; empty when the value is exact",
    ),
    (
        "value",
        "number",
        "The value, with the decimals the source gave; empty for a range or when only the rate of plan is given",
    ),
    ("value_min", "number", "Lower bound of a range"),
    ("value_max", "number", "Upper bound of a range"),
    (
        "estimate",
        "boolean",
        "The source calls the value an estimate (ước tính)",
    ),
    (
        "target_qualifier",
        "string",
        "How exact the target is: below 3% is a ceiling, over 95% a floor",
    ),
    ("target", "number", "The plan target"),
    ("target_min", "number", "Lower bound of a target range"),
    ("target_max", "number", "Upper bound of a target range"),
    (
        "plan_status",
        "string",
        "Whether the plan was met, as the page says: met, not-met, in-progress (part of the year, \
         still short of the annual plan) or not-comparable; empty without a plan",
    ),
    (
        "achievement_percent",
        "number",
        "Per cent of plan achieved: as stated, with its decimals, or computed as value ÷ target, \
         rounded to one decimal; empty for a plan that is a bound (below 3%), which is met or not",
    ),
    (
        "achievement_basis",
        "string",
        "stated (the source gives the rate of plan) or computed (value ÷ target)",
    ),
    (
        "change",
        "number",
        "The change against an earlier period that the source states, in change_unit",
    ),
    (
        "change_unit",
        "string",
        "percent (a relative change), percentage-points (a difference of shares), or the unit id \
         of the figure (a difference in its own unit)",
    ),
    (
        "change_against",
        "string",
        "The period the stated change is measured against",
    ),
    (
        "previous_value",
        "number",
        "The value of the previous period",
    ),
    ("previous_period", "string", "The previous period"),
    (
        "note",
        "string",
        "What the page notes about the figure, in {language}",
    ),
    (
        "source_title",
        "string",
        "Title of the source, in its own language",
    ),
    ("source_publisher", "string", "Publisher of the source"),
    ("source_url", "string", "Address of the source"),
    ("source_date", "date", "Date of the source"),
];

/// The columns that name a figure: one report says one indicator once per period and kind.
const KEY: &[&str] = &["province", "report_period", "kind", "indicator", "period"];

/// The Table Schema of a breakdown row, column by column, in order.
const BREAKDOWN_FIELDS: &[(&str, &str, &str)] = &[
    ("province", "string", "Province id (ASCII slug)"),
    ("report_period", "string", "Period of the report"),
    ("published", "date", "Publication date of the report"),
    (
        "breakdown",
        "integer",
        "Number of the breakdown in its report, from 1",
    ),
    (
        "part_number",
        "integer",
        "Number of the part in its breakdown, from 1",
    ),
    (
        "kind",
        "string",
        "result, or target when the breakdown splits the plan for the next period",
    ),
    ("indicator", "string", "Id of the indicator broken down"),
    ("indicator_name", "string", "Indicator name in {language}"),
    ("unit", "string", "Unit id of the values"),
    ("period", "string", "Period the breakdown covers"),
    ("by", "string", "What it is broken down by, in {language}"),
    ("part", "string", "The part, in {language}"),
    (
        "qualifier",
        "string",
        "How exact the part is, as the source says (about, nearly, over, below); empty when exact",
    ),
    (
        "value",
        "number",
        "The value of the part, with the decimals the source gave",
    ),
    (
        "total",
        "number",
        "The whole the parts belong to: stated with the breakdown, else the report's figure for the indicator",
    ),
    ("parts_sum", "number", "The parts of the breakdown added up"),
    (
        "remainder",
        "number",
        "What the parts leave of the total, when they add up to less",
    ),
    (
        "remainder_kind",
        "string",
        "rest (the rest of an of-which split, where one part is named) or gap (parts that fall short \
         of the stated total, which the source does not explain)",
    ),
    (
        "note",
        "string",
        "What the page notes about the breakdown, in {language}",
    ),
    (
        "source_title",
        "string",
        "Title of the source, in its own language",
    ),
    ("source_url", "string", "Address of the source"),
];

/// The columns that name a breakdown part.
const BREAKDOWN_KEY: &[&str] = &["province", "report_period", "breakdown", "part_number"];

/// A verdict as the data files name it; `None` when there is no plan.
fn plan_status(verdict: analysis::Verdict) -> Option<&'static str> {
    use analysis::Verdict::*;
    match verdict {
        Met => Some("met"),
        NotMet => Some("not-met"),
        InProgress => Some("in-progress"),
        NotComparable => Some("not-comparable"),
        NoPlan => None,
    }
}

/// One part of a breakdown per row: workers abroad in Japan, trainees at college level.
fn breakdown_records(site: &Site, report: &Report) -> Vec<Row> {
    let languages = &site.config.languages;
    let mut rows = Vec::new();
    for (index, b) in report.breakdowns.iter().enumerate() {
        let indicator = site.indicator(&b.indicator);
        let split = analysis::split(report, b);
        let (remainder, remainder_kind) = match split.remainder {
            Some(analysis::Remainder::Rest(r)) => (Some(r), Some("rest")),
            Some(analysis::Remainder::Gap(r)) => (Some(r), Some("gap")),
            None => (None, None),
        };
        for (number, part) in b.parts.iter().enumerate() {
            let mut row = Row(Vec::new());
            row.put("province", report.province.as_str());
            row.put("report_period", report.period.id());
            row.put("published", report.published.to_string());
            row.put("breakdown", index + 1);
            row.put("part_number", number + 1);
            row.put("kind", if split.of_plan { "target" } else { "result" });
            row.put("indicator", b.indicator.as_str());
            row.names("indicator_name", indicator.map(|i| &i.name), languages);
            row.put("unit", indicator.map_or("", |i| i.unit.as_str()));
            row.put("period", b.period.id());
            row.names("by", Some(&b.by), languages);
            row.names("part", Some(&part.label), languages);
            row.put("qualifier", to_value(part.qualifier));
            row.number("value", Some(part.value));
            row.number("total", split.total);
            row.number("parts_sum", Some(split.sum));
            row.number("remainder", remainder);
            row.put("remainder_kind", remainder_kind);
            row.names("note", Some(&b.note), languages);
            row.put("source_title", report.source.title.as_str());
            row.put("source_url", report.source.url.as_deref());
            rows.push(row);
        }
    }
    rows
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
            figure_columns(&mut row, site, figure);
            row.names("note", Some(&figure.note), languages);
            source_columns(&mut row, &report.source);
            row
        })
        .collect()
}

/// What a figure says: its value, bounds and qualifiers, plan, rate of plan and change.
fn figure_columns(row: &mut Row, site: &Site, figure: &Figure) {
    let indicator = site.indicator(&figure.indicator);
    row.put("qualifier", to_value(figure.qualifier));
    let bounds = |amount: Option<Amount>| amount.map_or((None, None, None), |a| a.bounds());
    let (value, value_min, value_max) = bounds(figure.amount);
    row.number("value", value);
    row.number("value_min", value_min);
    row.number("value_max", value_max);
    row.put("estimate", figure.estimate);
    row.put("target_qualifier", to_value(figure.target_qualifier));
    let (target, target_min, target_max) = bounds(figure.target);
    row.number("target", target);
    row.number("target_min", target_min);
    row.number("target_max", target_max);
    let verdict = indicator.map(|i| analysis::verdict(figure, i.better));
    row.put("plan_status", verdict.and_then(plan_status));
    row.number("achievement_percent", figure.achievement.map(|a| a.percent));
    row.put("achievement_basis", figure.achievement.map(|a| a.origin()));
    let change = figure.change.as_ref();
    row.number("change", change.map(|c| c.value));
    row.put(
        "change_unit",
        change.map(|c| change_unit(site, figure, c.unit)),
    );
    row.put(
        "change_against",
        change.and_then(|c| c.against).map(|p| p.id()),
    );
    row.number("previous_value", figure.previous.map(|(v, _)| v));
    let previous_period = figure.previous.and_then(|(_, p)| p).map(|p| p.id());
    row.put("previous_period", previous_period);
}

/// The unit of a stated change as the content writes it: `percent` for a relative
/// change, else `percentage-points` for shares or the figure's own unit id.
fn change_unit<'a>(site: &Site, figure: &'a Figure, unit: ChangeUnit) -> &'a str {
    let share = site
        .unit(&figure.unit)
        .is_some_and(|u| u.kind == UnitKind::Percent);
    match unit {
        ChangeUnit::Percent => "percent",
        ChangeUnit::Absolute if share => "percentage-points",
        ChangeUnit::Absolute => &figure.unit,
    }
}

fn source_columns(row: &mut Row, source: &Source) {
    row.put("source_title", source.title.as_str());
    row.put("source_publisher", source.publisher.as_str());
    row.put("source_url", source.url.as_deref());
    row.put("source_date", source.date.map(|d| d.to_string()));
}

/// A plain value as JSON: a qualifier by its name.
fn to_value(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// UTF-8 with a byte order mark, which Excel on Windows needs to read UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows formatted once for every file they go into: a report's figures are in its
/// own files and in its period's.
struct Formatted {
    /// The rows as CSV lines.
    csv: Vec<u8>,
    /// The rows as JSON objects, joined by `,\n`.
    json: Vec<u8>,
    rows: usize,
    /// Whether no two of the rows have the same key.
    unique: bool,
}

impl Formatted {
    fn of(rows: &[Row], key: &[&str]) -> Formatted {
        let mut csv = csv::Writer::from_writer(Vec::new());
        let mut json = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            // Writing plain values to memory cannot fail.
            let _ = csv.write_record(row.0.iter().map(|(_, cell)| cell.csv()));
            if i > 0 {
                json.extend_from_slice(b",\n");
            }
            let _ = serde_json::to_writer(&mut json, row);
        }
        Formatted {
            csv: csv.into_inner().unwrap_or_default(),
            json,
            rows: rows.len(),
            unique: unique(rows, key),
        }
    }
}

/// A CSV table being written, for Excel: a byte order mark, its header, then rows as
/// they come. The plain CSV is the same bytes after the mark.
struct Csv(Vec<u8>);

impl Csv {
    fn new(fields: &[Field]) -> Csv {
        let mut writer = csv::Writer::from_writer(BOM.to_vec());
        let _ = writer.write_record(fields.iter().map(|f| &f.0));
        Csv(writer.into_inner().unwrap_or_default())
    }

    fn push(&mut self, rows: &Formatted) {
        self.0.extend_from_slice(&rows.csv);
    }

    /// The CSV for Excel, and the plain CSV: the same bytes.
    fn finish(self) -> (bytes::Bytes, bytes::Bytes) {
        let excel = bytes::Bytes::from(self.0);
        (excel.slice(BOM.len()..), excel)
    }
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A JSON array of rows being written, row by row, one row a line: a period's file of
/// every province reads and compares line by line, and is 20% smaller than indented.
struct JsonRows(Vec<u8>);

impl JsonRows {
    fn new() -> JsonRows {
        JsonRows(b"[".to_vec())
    }

    fn push(&mut self, rows: &Formatted) {
        if rows.rows == 0 {
            return;
        }
        self.0
            .extend_from_slice(if self.0.len() > 1 { b",\n" } else { b"\n" });
        self.0.extend_from_slice(&rows.json);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.0.len() > 1 {
            self.0.push(b'\n');
        }
        self.0.extend_from_slice(b"]\n");
        self.0
    }
}

/// Where a report's data files are, relative to `data/` and without extension: `ben-tre/2020`.
fn report_stem(report: &Report) -> String {
    format!("{}/{}", report.province, report.period.id())
}

/// Where a period's site-wide files of `table` are, relative to `data/` and without
/// extension: `figures/2020`, `breakdowns/2017-q3`.
fn period_stem(table: &str, period: Period) -> String {
    format!("{table}/{}", period.id())
}

/// The extension of the CSV files for Excel, with a byte order mark: `figures.excel.csv`.
const EXCEL_CSV: &str = "excel.csv";

/// The formats each table is written in: extension, media type, encoding, what the title adds.
const FORMATS: [(&str, &str, &str, &str); 3] = [
    ("csv", "text/csv", "utf-8", ""),
    (
        EXCEL_CSV,
        "text/csv",
        "utf-8-sig",
        " (UTF-8 with a byte order mark, for Excel)",
    ),
    ("json", "application/json", "utf-8", ""),
];

/// A Table Schema, written once as `data/<name>.schema.json` and named by every
/// resource whose files have its columns, so the package stays small with many periods.
struct Schema {
    /// `figures.schema.json`, relative to `data/`.
    path: String,
    fields: Vec<Field>,
}

impl Schema {
    fn new(name: &str, fields: Vec<Field>) -> Schema {
        let path = format!("{name}.schema.json");
        Schema { path, fields }
    }

    /// The schema's file; `key` is its primary key when `unique` (no two rows share it).
    fn file(&self, key: &[&str], unique: bool) -> OutputFile {
        let columns: Vec<_> = self
            .fields
            .iter()
            .map(|(name, kind, description)| {
                json!({"name": name, "type": kind, "description": description})
            })
            .collect();
        let mut schema = json!({ "fields": columns, "missingValues": [""] });
        if unique {
            schema["primaryKey"] = json!(key);
        }
        OutputFile {
            path: format!("{DIR}/{}", self.path),
            bytes: to_json(&schema).into(),
        }
    }
}

/// Whether no two rows have the same values in the `key` columns.
fn unique(rows: &[Row], key: &[&str]) -> bool {
    let mut seen = std::collections::HashSet::new();
    rows.iter().all(|row| {
        let values: Vec<&Value> = key.iter().filter_map(|k| row.get(k)).collect();
        seen.insert(serde_json::to_string(&values).unwrap_or_default())
    })
}

/// A table written as its rows come, in CSV and JSON, and whether its rows so far
/// are unique on the key.
struct Stream {
    csv: Csv,
    json: JsonRows,
    rows: usize,
    unique: bool,
}

impl Stream {
    fn new(schema: &Schema) -> Stream {
        Stream {
            csv: Csv::new(&schema.fields),
            json: JsonRows::new(),
            rows: 0,
            unique: true,
        }
    }

    fn push(&mut self, rows: &Formatted) {
        self.csv.push(rows);
        self.json.push(rows);
        self.rows += rows.rows;
        self.unique &= rows.unique;
    }

    /// The table's files at `stem` (relative to `data/`): CSV, CSV for Excel, JSON.
    fn files(self, stem: &str) -> [OutputFile; 3] {
        let (csv, excel) = self.csv.finish();
        let file = |ext: &str, bytes: bytes::Bytes| OutputFile {
            path: format!("{DIR}/{stem}.{ext}"),
            bytes,
        };
        [
            file("csv", csv),
            file(EXCEL_CSV, excel),
            file("json", self.json.finish().into()),
        ]
    }
}

/// The sizes of the data files, by output path: pages show them next to their links.
pub struct DataFiles {
    sizes: FxHashMap<String, usize>,
    /// The latest period with reports: site-wide pages offer its files.
    latest: Option<Period>,
}

/// What the files of one period held: whether it had breakdowns, and whether the
/// figures and the breakdown parts were unique on their keys.
struct PeriodWritten {
    period: Period,
    breakdowns: bool,
    unique: (bool, bool),
}

/// The site's reports by period, in the order of periods.
fn by_period(site: &Site) -> Vec<(Period, Vec<&Report>)> {
    let mut periods: BTreeMap<_, Vec<&Report>> = BTreeMap::new();
    for report in &site.reports {
        let key = (report.period.sort_key(), report.period.id());
        periods.entry(key).or_default().push(report);
    }
    let period = |reports: &[&Report]| reports[0].period;
    periods.into_values().map(|r| (period(&r), r)).collect()
}

/// The keys of the data files, when a rebuild keeps those whose inputs did not
/// change: a report's files read its own files (not its narratives) and the global
/// part; a period's files read its reports'.
struct Keys<'a> {
    select: &'a dyn Selection,
    inputs: Option<&'a Inputs>,
}

impl Keys<'_> {
    /// A report's key; `None` renders its files.
    fn report(&self, report: &Report) -> Option<u64> {
        let inputs = self.inputs?;
        let own = inputs.reports.get(&report_stem(report))?;
        let mut h = DefaultHasher::new();
        (inputs.global, report_stem(report), own).hash(&mut h);
        Some(h.finish())
    }

    /// A period's key, from its reports' keys; `None` renders its files.
    fn period(&self, period: Period, reports: &[Option<u64>]) -> Option<u64> {
        let inputs = self.inputs?;
        let mut h = DefaultHasher::new();
        (inputs.global, period_stem(ALL, period)).hash(&mut h);
        for key in reports {
            key.as_ref()?.hash(&mut h);
        }
        Some(h.finish())
    }

    /// The files of `unit` as they were, when its key is the one they were made with.
    fn kept(&self, unit: &str, key: Option<u64>) -> Option<DataUnit> {
        self.select.data_kept(unit, key?)
    }

    /// The files of `unit`, just made.
    fn made(&self, unit: &str, key: Option<u64>, files: &[OutputFile], facts: u8) {
        if let Some(key) = key {
            let files = files.iter().map(|f| (f.path.clone(), f.bytes.len()));
            let files = files.collect();
            self.select
                .data_rendered(unit, key, DataUnit { files, facts });
        }
    }
}

/// Where the data files go, and their sizes.
struct Sink<'a> {
    emit: &'a super::Emit<'a>,
    sizes: std::sync::Mutex<FxHashMap<String, usize>>,
}

impl Sink<'_> {
    fn put(&self, file: OutputFile) {
        self.size(&file.path, file.bytes.len());
        (self.emit)(file);
    }

    fn size(&self, path: &str, bytes: usize) {
        let mut sizes = self.sizes.lock().unwrap_or_else(|e| e.into_inner());
        sizes.insert(path.to_string(), bytes);
    }

    fn sizes_of(&self, kept: &DataUnit) {
        kept.files
            .iter()
            .for_each(|(path, bytes)| self.size(path, *bytes));
    }
}

/// The unit of a report's data files, or of a period's, as the selection names it.
fn unit(stem: &str) -> String {
    format!("{DIR}/{stem}")
}

/// A report's own files, unless they are kept; `rows` are its figure rows.
fn report_files(
    (report, rows): (&Report, &Formatted),
    schema: &Schema,
    (keys, key): (&Keys, Option<u64>),
    sink: &Sink,
) {
    let stem = report_stem(report);
    if let Some(kept) = keys.kept(&unit(&stem), key) {
        return sink.sizes_of(&kept);
    }
    let mut own = Stream::new(schema);
    own.push(rows);
    let files = own.files(&stem);
    keys.made(&unit(&stem), key, &files, 0);
    files.into_iter().for_each(|f| sink.put(f));
}

/// The files of one period: each report's own, as it comes, then the period's
/// figures and breakdowns of every province. Only one period's rows are held; a
/// period whose reports did not change keeps its files, and is not read at all.
fn period_files(
    site: &Site,
    (period, reports): &(Period, Vec<&Report>),
    schemas: (&Schema, &Schema),
    (keys, sink): (&Keys, &Sink),
) -> PeriodWritten {
    let report_keys: Vec<Option<u64>> = reports.iter().map(|r| keys.report(r)).collect();
    let key = keys.period(*period, &report_keys);
    let stem = unit(&period_stem(ALL, *period));
    if let Some(kept) = keys.kept(&stem, key) {
        sink.sizes_of(&kept);
        for (report, &key) in reports.iter().zip(&report_keys) {
            let rows = || Formatted::of(&records(site, report), KEY);
            match keys.kept(&unit(&report_stem(report)), key) {
                Some(own) => sink.sizes_of(&own),
                None => report_files((report, &rows()), schemas.0, (keys, key), sink),
            }
        }
        return PeriodWritten::from_facts(*period, kept.facts);
    }
    // The reports' rows are made side by side (a rebuild may have this period alone to
    // make), then joined in the reports' order.
    let rows: Vec<(Formatted, Formatted)> = (reports.par_iter().zip(&report_keys))
        .map(|(report, &own_key)| {
            let rows = Formatted::of(&records(site, report), KEY);
            report_files((report, &rows), schemas.0, (keys, own_key), sink);
            let breakdowns = breakdown_records(site, report);
            (rows, Formatted::of(&breakdowns, BREAKDOWN_KEY))
        })
        .collect();
    let (mut figures, mut parts) = (Stream::new(schemas.0), Stream::new(schemas.1));
    for (rows, breakdowns) in &rows {
        figures.push(rows);
        parts.push(breakdowns);
    }
    let written = PeriodWritten {
        period: *period,
        breakdowns: parts.rows > 0,
        unique: (figures.unique, parts.unique),
    };
    let mut files = figures.files(&period_stem(ALL, *period)).to_vec();
    if written.breakdowns {
        files.extend(parts.files(&period_stem(BREAKDOWNS, *period)));
    }
    keys.made(&stem, key, &files, written.facts());
    files.into_iter().for_each(|f| sink.put(f));
    written
}

impl PeriodWritten {
    /// What a period's files told, as the selection keeps it.
    fn facts(&self) -> u8 {
        u8::from(self.breakdowns) | u8::from(self.unique.0) << 1 | u8::from(self.unique.1) << 2
    }

    fn from_facts(period: Period, facts: u8) -> PeriodWritten {
        PeriodWritten {
            period,
            breakdowns: facts & 1 != 0,
            unique: (facts & 2 != 0, facts & 4 != 0),
        }
    }
}

/// Renders every data file of the site, handing each to `emit` as it is made, and
/// the Data Package that lists them; keeps only their sizes. A rebuild renders only
/// the report's and the period's files whose inputs changed (`select`), and keeps
/// the others as they were, with their sizes.
pub fn render(site: &Site, theme: &Theme, select: &dyn Selection, emit: &super::Emit) -> DataFiles {
    let languages: Languages = site
        .config
        .languages
        .iter()
        .map(|&l| (l, theme.strings(l).get("language_name_english").to_string()))
        .collect();
    let figures = Schema::new(ALL, fields(FIELDS, &languages));
    let parts = Schema::new(BREAKDOWNS, fields(BREAKDOWN_FIELDS, &languages));
    let sink = Sink {
        emit,
        sizes: Default::default(),
    };
    let keys = Keys {
        select,
        inputs: select.inputs(),
    };
    let periods: Vec<PeriodWritten> = by_period(site)
        .par_iter()
        .map(|period| period_files(site, period, (&figures, &parts), (&keys, &sink)))
        .collect();
    // A report's rows are keyed by its province and period, so rows of different reports differ.
    let (figures_unique, parts_unique) = periods
        .iter()
        .fold((true, true), |(f, p), w| (f && w.unique.0, p && w.unique.1));
    sink.put(figures.file(KEY, figures_unique));
    sink.put(parts.file(BREAKDOWN_KEY, parts_unique));
    let resources = resources(&periods, &figures, &parts);
    sink.put(OutputFile {
        path: format!("{DIR}/datapackage.json"),
        bytes: to_json(&datapackage(site, resources)).into(),
    });
    DataFiles {
        sizes: sink.sizes.into_inner().unwrap_or_else(|e| e.into_inner()),
        latest: periods.last().map(|w| w.period),
    }
}

/// The package's resources: each site-wide table as one CSV resource in one file per
/// period (a Frictionless multipart resource), its Excel twin likewise, and one JSON
/// resource per period (JSON arrays do not join into one).
fn resources(periods: &[PeriodWritten], figures: &Schema, parts: &Schema) -> Vec<Value> {
    let tables = [
        (
            ALL,
            "All figures",
            "Every figure of every report: results, and targets for the next period, one per \
             row; one file per report period",
            figures,
        ),
        (
            BREAKDOWNS,
            "Breakdowns",
            "The parts of the figures that reports break down (by destination, level, use…), \
             one part per row, with the total they belong to; one file per report period",
            parts,
        ),
    ];
    let mut out = Vec::new();
    for (table, title, description, schema) in tables {
        let periods: Vec<Period> = periods
            .iter()
            .filter(|w| table == ALL || w.breakdowns)
            .map(|w| w.period)
            .collect();
        if periods.is_empty() {
            continue;
        }
        for format in FORMATS {
            let (ext, _, _, note) = format;
            let path = |p: &Period| format!("{}.{ext}", period_stem(table, *p));
            let resource = |name: String, path: Value, title: String| {
                resource(name, path, title, description, format, schema)
            };
            if ext == "json" {
                out.extend(periods.iter().map(|p| {
                    let name = format!("{table}-{}-json", p.id());
                    let title = format!("{title}, reports for {}", p.id());
                    resource(name, json!(path(p)), title)
                }));
            } else {
                let name = format!("{table}-{}", ext.replace('.', "-"));
                let paths: Vec<String> = periods.iter().map(path).collect();
                out.push(resource(name, json!(paths), format!("{title}{note}")));
            }
        }
    }
    out
}

/// A Data Package resource: a table in the file or files at `path` (relative to `data/`).
/// A JSON table names its keys: its objects leave out what a figure does not have, so
/// a reader cannot take them from the first object, as Frictionless otherwise does.
fn resource(
    name: String,
    path: Value,
    title: String,
    description: &str,
    (ext, mediatype, encoding, _): (&str, &str, &str, &str),
    schema: &Schema,
) -> Value {
    let mut resource = json!({
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "profile": "tabular-data-resource",
        "format": if ext == "json" { "json" } else { "csv" },
        "mediatype": mediatype,
        "encoding": encoding,
        "schema": schema.path,
    });
    if ext == "json" {
        let keys: Vec<&str> = schema.fields.iter().map(|f| f.0.as_str()).collect();
        resource["dialect"] = json!({"json": {"keys": keys}});
    }
    resource
}

/// The Frictionless Data Package describing every site-wide data file.
fn datapackage(site: &Site, resources: Vec<Value>) -> Value {
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
        "resources": resources,
    })
}

/// A set of figures in the download list of a page: a label and its files.
#[derive(Debug, Serialize)]
pub struct Download {
    pub label: String,
    pub files: Vec<DownloadFile>,
}

/// One file of a [`Download`].
#[derive(Debug, Serialize)]
pub struct DownloadFile {
    pub url: String,
    /// The size in the page's language: `12,3 kB`.
    pub size: String,
    /// `CSV`, `JSON`, or the words for the CSV file made for Excel.
    pub format: String,
}

impl DataFiles {
    /// The download links of a page that shows figures (`None` for other pages): a
    /// report page offers its own files and its period's site-wide files, other pages
    /// the latest period's; every page links the package, which lists every period's.
    pub fn downloads_for(
        &self,
        site: &Site,
        rel: &str,
        template: &str,
        strings: &i18n::Strings,
        urls: &Urls,
    ) -> Option<Vec<Download>> {
        let tables = ["csv", EXCEL_CSV, "json"].as_slice();
        let mut sets = Vec::new();
        let (period, package) = match template {
            "report.html" => {
                let mut parts = rel.split('/').skip(1);
                let (province, period) = (parts.next()?, parts.next()?);
                let period = Period::parse(period).ok()?;
                let report = site.reports_of(province).find(|r| r.period == period)?;
                let label = strings.get("data_report").to_string();
                sets.push((label, report_stem(report), tables));
                (Some(report.period), "data_package")
            }
            "home.html" | "province.html" | "indicator.html" => (self.latest, "data_all"),
            _ => return None,
        };
        if let Some(period) = period {
            let shown = strings.period(period);
            let label = |key| strings.fill(key, &[("period", &shown)]);
            sets.push((label("data_period"), period_stem(ALL, period), tables));
            let stem = period_stem(BREAKDOWNS, period);
            sets.push((label("data_breakdowns"), stem, &tables[..2]));
        }
        let label = strings.get(package).to_string();
        sets.push((label, "datapackage".to_string(), &["json"]));
        let downloads = sets.into_iter().map(|(label, stem, extensions)| Download {
            label,
            files: extensions
                .iter()
                .filter_map(|ext| self.download_file(&format!("{DIR}/{stem}.{ext}"), strings, urls))
                .collect(),
        });
        Some(downloads.filter(|d| !d.files.is_empty()).collect())
    }

    /// The link to the data file at `path`, when the build wrote it.
    fn download_file(
        &self,
        path: &str,
        strings: &i18n::Strings,
        urls: &Urls,
    ) -> Option<DownloadFile> {
        let bytes = *self.sizes.get(path)?;
        let format = if path.ends_with(EXCEL_CSV) {
            strings.get("data_excel")
        } else if path.ends_with(".csv") {
            "CSV"
        } else {
            "JSON"
        };
        Some(DownloadFile {
            url: urls.href(path),
            size: file_size(bytes, strings),
            format: format.to_string(),
        })
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
    fn a_number_keeps_its_decimals_in_the_csv_and_its_value_in_the_json() {
        let mut row = Row(Vec::new());
        row.number("value", Some(Number::new(2.4, 2)));
        row.put("estimate", false);
        row.number("target", Some(Number::whole(18000.0)));
        row.number("achievement_percent", None);
        row.put("note_vi", "");
        row.number("change", Some(Number::whole(0.0)));
        let fields: Vec<Field> = row
            .0
            .iter()
            .map(|(n, _)| (n.clone(), "", String::new()))
            .collect();
        let mut csv = Csv::new(&fields);
        csv.push(&Formatted::of(std::slice::from_ref(&row), &[]));
        let (csv, excel) = csv.finish();
        assert_eq!(excel, [BOM, &csv].concat());
        let csv = String::from_utf8(csv.to_vec()).unwrap();
        assert_eq!(
            csv,
            "value,estimate,target,achievement_percent,note_vi,change\n2.40,false,18000,,,0\n"
        );
        // What the figure does not have is left out of its object; `false` and `0` are
        // kept, in the order of the columns.
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"value":2.4,"estimate":false,"target":18000,"change":0}"#
        );
    }

    #[test]
    fn rows_written_one_by_one_are_a_json_array_of_one_row_a_line() {
        let row = |text: &str, n: f64| {
            let mut row = Row(Vec::new());
            row.put("note", text);
            row.number("value", Some(Number::new(n, 1)));
            row
        };
        let rows = [row("a\nb \"c\"", 2.5), row("", 3.0), row("đ", -1.0)];
        let mut json = JsonRows::new();
        json.push(&Formatted::of(&rows[..1], &[]));
        json.push(&Formatted::of(&rows[..0], &[]));
        json.push(&Formatted::of(&rows[1..], &[]));
        let text = String::from_utf8(json.finish()).unwrap();
        assert_eq!(
            text,
            "[\n{\"note\":\"a\\nb \\\"c\\\"\",\"value\":2.5},\n{\"value\":3.0},\n\
             {\"note\":\"đ\",\"value\":-1.0}\n]\n"
        );
        let parsed: Value = serde_json::from_str(&text).unwrap();
        let whole: Value = serde_json::from_slice(&to_json(&rows.as_slice())).unwrap();
        assert_eq!(parsed, whole);
        assert_eq!(JsonRows::new().finish(), b"[]\n");
    }

    #[test]
    fn sizes_follow_the_page_language() {
        assert_eq!(file_size(12_345, &built_in("vi")), "12,3 kB");
        assert_eq!(file_size(12_345, &built_in("en")), "12.3 kB");
        assert_eq!(file_size(850, &built_in("vi")), "850 B");
        assert_eq!(file_size(2_500_000, &built_in("en")), "2.5 MB");
    }
}
