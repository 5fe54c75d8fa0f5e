//! From the model to chart inputs: which charts a page gets, with their words,
//! their numbers as a table, and their files beside the page ([`ChartFiles`]).
//!
//! Which charts go where:
//! - report page: plan achievement; up to two trends, headline indicators
//!   first, then figures the report compares with an earlier period (each up
//!   to the report's period, with the next period's plan); one chart per breakdown.
//!   Where the province stands among the others is a line per ranked headline
//!   indicator ([`standings`]), linking to the ranking, which is drawn once;
//! - province page: a trend for every indicator with two or more periods;
//! - indicator page: a ranking per period with three or more ranked provinces
//!   (`analysis::Ranking::is_chart`); fewer are listed by the page, not drawn;
//! - home page: small multiples, one per headline indicator with three or more
//!   ranked provinces, of each province's latest figure.
//!
//! One axis, one unit: a series or ranking holds only figures in the
//! indicator's own unit or converted to it (money by its scale). A figure in
//! another unit (percentage points where the indicator is in per cent) gets
//! a trend of its own and stays out of rankings.

use super::views::{ChartView, Link, StandingRow, Urls, Writer, ranking_page_of};
use crate::analysis::{self, Ranked, Ranking as Ranks};
use crate::charts::{
    self, Achievement, AchievementBar, Breakdown as BreakdownChart, ChartMeta, Part,
    RankedProvince, Ranking, Status, Trend, TrendPoint,
};
use crate::i18n::Strings;
use crate::model::*;
use crate::output::OutputFile;

/// A table cell as shown on the page and as written to CSV (`.` decimals, no grouping).
struct Cell {
    shown: String,
    raw: String,
    /// A number (shown with its unit, or empty), which the page aligns right; else words.
    number: bool,
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell {
            shown: s.to_string(),
            raw: s.to_string(),
            number: false,
        }
    }

    fn number(shown: String, raw: Option<f64>) -> Cell {
        Cell {
            shown,
            raw: raw.map(|v| v.to_string()).unwrap_or_default(),
            number: true,
        }
    }

    /// A number shown one way and written with exactly its decimals.
    fn figure(shown: String, raw: Number) -> Cell {
        Cell {
            shown,
            raw: raw.plain(),
            number: true,
        }
    }

    fn amount(shown: Option<String>, amount: Option<Amount>) -> Cell {
        Cell {
            shown: shown.unwrap_or_else(|| "–".into()),
            raw: match amount {
                Some(Amount::Value(v)) => v.plain(),
                Some(Amount::Range(a, b)) => format!("{a}–{b}"),
                None => String::new(),
            },
            number: true,
        }
    }
}

/// A chart's numbers: header row in the page's language, then rows.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// A chart as the page shows it, with its numbers as the page's CSV writes them.
fn made((meta, svg): (ChartMeta, String), table: Table, table_beside: bool) -> ChartView {
    let text_columns = text_columns(&table);
    let (rows, numbers) = table
        .rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| (c.shown, c.raw)).unzip())
        .unzip();
    ChartView {
        id: meta.id,
        title: meta.title,
        desc: meta.desc,
        svg,
        file: String::new(),
        csv: String::new(),
        columns: table.columns,
        text_columns,
        rows,
        numbers,
        table_beside,
    }
}

/// The columns after the first, counted from 1, that hold words and no number.
fn text_columns(table: &Table) -> Vec<usize> {
    let words = |i: usize| {
        !table
            .rows
            .iter()
            .any(|r| r.get(i).is_some_and(|c| c.number))
    };
    (1..table.columns.len())
        .filter(|&i| words(i))
        .map(|i| i + 1)
        .collect()
}

/// The file, beside its page, that holds the numbers of all the page's charts.
const CHARTS_CSV: &str = "charts.csv";

/// What a page's charts write beside it: one CSV with the numbers of all of them
/// ([`CHARTS_CSV`]: a row per row of each chart's table), and an SVG file
/// for each chart the page lists without drawing it. A chart drawn in the page is
/// written there only.
pub struct ChartFiles<'a> {
    page_rel: String,
    strings: &'a Strings,
    /// Each chart's table, in the page's order.
    tables: Vec<ChartTable>,
    /// The titles of the charts so far, to tell two of one title apart.
    titles: Vec<String>,
    svgs: Vec<OutputFile>,
}

impl<'a> ChartFiles<'a> {
    /// No chart files yet for the page at `page_rel` (`vi/ben-tre/2020/`).
    pub fn new(w: &Writer<'a>, page_rel: &str) -> Self {
        ChartFiles {
            page_rel: page_rel.to_string(),
            strings: w.strings,
            tables: Vec::new(),
            titles: Vec::new(),
            svgs: Vec::new(),
        }
    }

    /// A chart drawn in the page: its numbers go into the page's CSV.
    fn drawn(&mut self, mut view: ChartView) -> ChartView {
        self.add_numbers(&mut view);
        view
    }

    /// A chart the page lists without drawing it: its numbers go into the page's CSV,
    /// and its drawing into a file of its own.
    fn listed(&mut self, w: &Writer, mut view: ChartView) -> ChartView {
        self.add_numbers(&mut view);
        view.file = format!("{}{}.svg", self.page_rel, view.id);
        let svg = std::mem::take(&mut view.svg);
        self.svgs.push(OutputFile {
            path: view.file.clone(),
            bytes: standalone(w, &svg).into(),
        });
        view
    }

    /// Keeps the chart's table for the page's CSV and links the chart to it. A title
    /// the page's CSV has already is numbered: `(2)`.
    fn add_numbers(&mut self, view: &mut ChartView) {
        view.csv = format!("{}{CHARTS_CSV}", self.page_rel);
        let before = self.titles.iter().filter(|t| **t == view.title).count();
        self.titles.push(view.title.clone());
        let name = match before {
            0 => view.title.clone(),
            n => format!("{} ({})", view.title, n + 1),
        };
        let rows = std::mem::take(&mut view.numbers);
        let columns = view.columns.clone();
        self.tables.push(ChartTable {
            name,
            columns,
            rows,
        });
    }

    /// The files to write beside the page: none for a page without charts.
    ///
    /// The CSV has a row for each row of each chart's table: the chart's name, then
    /// its cells under its own column headers. The columns are every header of the
    /// page's charts, in the order they first appear; a header two charts share (a
    /// result in people, a note) is one column.
    pub fn into_files(self) -> Vec<OutputFile> {
        let csv = (!self.tables.is_empty()).then(|| OutputFile {
            path: format!("{}{CHARTS_CSV}", self.page_rel),
            bytes: wide_csv(self.strings.get("csv_chart"), &self.tables).into(),
        });
        csv.into_iter().chain(self.svgs).collect()
    }
}

/// A chart's table as its page's CSV holds it: the chart's name there (its title),
/// its column headers and its rows.
struct ChartTable {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The charts' tables side by side in one table, one chart's rows after another's;
/// see [`ChartFiles::into_files`]. A header a chart repeats is a column each time.
fn wide_csv(chart: &str, tables: &[ChartTable]) -> Vec<u8> {
    let mut columns: Vec<(&str, usize)> = Vec::new();
    for ChartTable { columns: own, .. } in tables {
        for i in 0..own.len() {
            let column = column_key(own, i);
            if !columns.contains(&column) {
                columns.push(column);
            }
        }
    }
    let mut out = csv::Writer::from_writer(Vec::with_capacity(4096));
    // Writing to memory cannot fail.
    let header = std::iter::once(chart).chain(columns.iter().map(|(h, _)| *h));
    let _ = out.write_record(header);
    for ChartTable {
        name,
        columns: own,
        rows,
    } in tables
    {
        let at: Vec<usize> = (0..own.len())
            .map(|i| {
                let column = column_key(own, i);
                columns
                    .iter()
                    .position(|c| *c == column)
                    .unwrap_or_default()
            })
            .collect();
        for row in rows {
            let mut cells = vec![""; columns.len()];
            for (value, &i) in row.iter().zip(&at) {
                cells[i] = value;
            }
            let _ = out.write_record(std::iter::once(name.as_str()).chain(cells));
        }
    }
    out.into_inner().unwrap_or_default()
}

/// The page CSV's column of a chart's `i`th column: its header, and how many times
/// the chart had that header before it.
fn column_key(own: &[String], i: usize) -> (&str, usize) {
    let repeat = own[..i].iter().filter(|h| **h == own[i]).count();
    (own[i].as_str(), repeat)
}

/// A chart as a file of its own: it names the font it was measured with, since the
/// page's style sheet is not there when the file is opened or downloaded on its own.
fn standalone(w: &Writer, svg: &str) -> Vec<u8> {
    let Some(end) = svg.find('>') else {
        return svg.as_bytes().to_vec();
    };
    let fonts = Urls::new(&w.site.config.base_url).base_path;
    let mut out = String::with_capacity(svg.len() + 2 * fonts.len() + 200);
    for piece in [
        &svg[..=end],
        "<style>@font-face{font-family:\"Noto Sans\";src:url(",
        &fonts,
        "static/fonts/NotoSans-Regular.woff2)}@font-face{font-family:\"Noto Sans\";\
         font-weight:bold;src:url(",
        &fonts,
        "static/fonts/NotoSans-Bold.woff2)}</style>",
        &svg[end + 1..],
    ] {
        out.push_str(piece);
    }
    out.into_bytes()
}

fn format_fn<'a>(strings: &'a Strings) -> impl Fn(f64) -> String + 'a {
    move |v| strings.number(v, 2)
}

fn province_name<'a>(w: &Writer<'a>, slug: &str) -> &'a str {
    w.site
        .province(slug)
        .map(|p| p.name.show(w.lang))
        .unwrap_or_default()
}

/// At most this many trends on a report page, so that it stays a report to read;
/// the province page has them all.
const REPORT_TRENDS: usize = 2;

/// Every chart of a report page except the breakdowns (see [`breakdown_chart`]).
// Not inlined: a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
pub fn report_charts(w: &Writer, report: &Report, files: &mut ChartFiles) -> Vec<ChartView> {
    let mut out: Vec<ChartView> = achievement_chart(w, report)
        .map(|chart| files.drawn(chart))
        .into_iter()
        .collect();
    let reports: Vec<&Report> = w.site.reports_of(&report.province).collect();
    // The latest report's trends are the province page's too: drawn once for both.
    let latest = reports.last().is_some_and(|r| std::ptr::eq(*r, report));
    for series in report_trends(w, report, &reports) {
        let made = if latest {
            w.shared
                .once(trend_key(w, &series), || trend_made(w, &series))
        } else {
            trend_made(w, &series)
        };
        out.push(files.drawn(made));
    }
    out
}

/// Where a report's province stands in each headline indicator's ranking of its
/// figure's period (of three or more ranked provinces): its rank, or why it has none.
/// Each links to the province's row of the ranking, which is drawn once, on its page.
pub fn standings(w: &Writer, report: &Report) -> Vec<StandingRow> {
    let headline = &w.site.config.headline_indicators;
    headline
        .iter()
        .filter_map(|id| {
            let indicator = w.site.indicator(id)?;
            let period = report.result(id)?.period;
            let ranking = w.rankings.in_period(id, period).filter(|r| r.is_chart())?;
            standing(w, indicator, (period, ranking), report)
        })
        .collect()
}

/// The report's line of one ranking; none when its province is not in it.
fn standing(
    w: &Writer,
    indicator: &Indicator,
    (period, ranking): (Period, &Ranks<'_>),
    report: &Report,
) -> Option<StandingRow> {
    let (at, r) = ranking.place_of(&report.province)?;
    // Figures set apart are on the ranking's first page.
    let page = at.map_or(1, ranking_page_of);
    let url = Urls::ranking(w.strings, &indicator.id, period, page);
    let rank = |rank: usize| {
        let count = ranking.ranked().to_string();
        let rank = w.strings.rank(&rank.to_string());
        w.fill("standing_rank", &[("rank", &rank), ("count", &count)])
    };
    let mut note = vec![ranked_remark(w, r, indicator)];
    if indicator.better == Better::Lower && r.rank.is_some() {
        note.push(w.t("lower_is_better"));
    }
    note.retain(|n| !n.is_empty());
    Some(StandingRow {
        indicator: Link {
            text: indicator.name.show(w.lang).to_string(),
            url: format!("{url}#{}", report.province),
        },
        period: (period != report.period).then(|| w.period(period)),
        rank: r.rank.map(rank),
        value: ranked_value(w, r, ranked_unit(r, indicator)),
        note: note.join("; "),
    })
}

/// The trends a report page draws: headline indicators first, in the site's order, then
/// figures the report itself compares with an earlier period; each up to its period.
fn report_trends<'a>(w: &Writer<'a>, report: &Report, reports: &[&Report]) -> Vec<Series<'a>> {
    let headline = &w.site.config.headline_indicators;
    let mut trend_ids: Vec<&str> = headline
        .iter()
        .map(String::as_str)
        .filter(|id| report.result(id).is_some())
        .collect();
    for figure in report.results.iter().filter(|f| f.previous.is_some()) {
        if !trend_ids.contains(&figure.indicator.as_str()) {
            trend_ids.push(&figure.indicator);
        }
    }
    trend_ids
        .iter()
        .filter_map(|id| w.site.indicator(id))
        .flat_map(|indicator| series(w.site, reports, indicator, Some(report.period)))
        .take(REPORT_TRENDS)
        .collect()
}

/// What a trend chart is drawn from, in full: two pages whose series have the same key
/// show the same chart.
fn trend_key(w: &Writer, series: &Series) -> String {
    format!(
        "{}/trend/{}/{}/{:?}/{:?}",
        w.lang, series.indicator.id, series.unit, series.points, series.targets
    )
}

/// The plan-achievement chart of a report, if any figure has a target or a rate.
fn achievement_chart(w: &Writer, report: &Report) -> Option<ChartView> {
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    let (mut met, mut judged) = (0, 0);
    for figure in &report.results {
        let Some(indicator) = w.site.indicator(&figure.indicator) else {
            continue;
        };
        let verdict = analysis::verdict(figure, indicator.better);
        let percent = analysis::plan_percent(figure, indicator.better);
        // A bounded plan ("dưới 3%") has a verdict and no rate: in the table, not drawn.
        if percent.is_none() && !analysis::bounded(figure.target_qualifier) {
            continue;
        }
        met += usize::from(verdict == analysis::Verdict::Met);
        judged += usize::from(verdict.judged().is_some());
        let label = indicator.short_name(w.lang).to_string();
        rows.push(achievement_row(w, figure, &label, (percent, verdict)));
        let Some(percent) = percent else {
            continue;
        };
        bars.push(AchievementBar {
            label,
            percent: percent.percent.value,
            value_label: w.rate_label(percent),
            status: match verdict {
                analysis::Verdict::Met => Status::Met,
                analysis::Verdict::NotMet => Status::NotMet,
                _ => Status::NoTarget,
            },
            note: (indicator.better == Better::Lower).then(|| w.t("lower_is_better")),
        });
    }
    if bars.is_empty() {
        return None;
    }
    let in_progress = analysis::part_year(report.period);
    let key = if judged > 0 {
        "achievement_desc"
    } else {
        "achievement_desc_progress"
    };
    let desc = w.fill(
        key,
        &[
            ("province", province_name(w, &report.province)),
            ("period", &w.period(report.period)),
            ("met", &met.to_string()),
            ("total", &judged.to_string()),
            ("count", &bars.len().to_string()),
        ],
    );
    let chart = Achievement {
        meta: ChartMeta {
            id: "achievement".into(),
            title: w.t("achievement_title"),
            desc,
        },
        bars,
        plan_label: w.t("plan_line"),
        legend_met: w.t("plan_met"),
        legend_not_met: w.t("plan_not_met"),
        legend_no_target: w.t(if in_progress {
            "plan_in_progress"
        } else {
            "plan_not_judged"
        }),
    };
    let svg = charts::achievement_svg(&chart, &format_fn(w.strings));
    let table = Table {
        columns: vec![
            w.t("indicator"),
            w.t("result"),
            w.t("target"),
            w.t("unit"),
            w.t("percent_of_plan"),
            w.t("achievement_origin"),
            w.t("status"),
            w.t("note"),
        ],
        rows,
    };
    Some(made((chart.meta, svg), table, false))
}

/// A figure's row in the achievement chart's table: its rate of plan, stated or
/// computed, or for a bounded plan none; and its verdict.
fn achievement_row(
    w: &Writer,
    figure: &Figure,
    label: &str,
    (percent, verdict): (Option<crate::model::Achievement>, analysis::Verdict),
) -> Vec<Cell> {
    let (rate, origin) = match percent {
        Some(a) => (
            Cell::figure(w.percent_of(a.percent), a.percent),
            w.origin(a),
        ),
        None => (Cell::text(""), String::new()),
    };
    vec![
        Cell::text(label),
        Cell::amount(w.figure_value(figure), figure.amount),
        Cell::amount(w.target(figure), figure.target),
        Cell::text(&unit_caption(w, &figure.unit)),
        rate,
        Cell::text(&origin),
        Cell::text(&w.status_text(verdict).unwrap_or_default()),
        Cell::text(&w.exactness_with_plan(
            Some((figure.qualifier, figure.estimate)),
            figure.target_qualifier.filter(|_| figure.target.is_some()),
        )),
    ]
}

/// One figure of a trend, in its series' unit.
#[derive(Debug, Clone, Copy)]
struct Point {
    period: Period,
    value: Number,
    estimate: bool,
    /// "under 4%" stays "under 4%" on the chart.
    qualifier: Option<Qualifier>,
}

/// One indicator's figures over time in one unit.
struct Series<'a> {
    indicator: &'a Indicator,
    unit: String,
    /// In time order, one per period.
    points: Vec<Point>,
    /// In time order, one per period: a plan keeps its qualifier ("dưới 3%").
    targets: Vec<Point>,
}

/// At most this many periods in a trend chart: the latest. The open data files have them all.
pub const TREND_PERIODS: usize = 10;

/// An indicator's series in a province's reports, one per unit that cannot be
/// converted to the indicator's own; only figures up to `until`, if given.
fn series<'a>(
    site: &Site,
    reports: &[&Report],
    indicator: &'a Indicator,
    until: Option<Period>,
) -> Vec<Series<'a>> {
    let upto = |p: Period| until.is_none_or(|u| p.sort_key() <= u.sort_key());
    let mut out: Vec<Series<'a>> = Vec::new();
    // A figure, or a target when `target`.
    let mut add = |unit: &str, point: Point, target: bool| {
        let value = point.value;
        let (unit, value) = match analysis::convert(site, value, unit, &indicator.unit) {
            Some(v) => (indicator.unit.as_str(), v),
            None => (unit, value),
        };
        let at = match out.iter().position(|s| s.unit == unit) {
            Some(i) => i,
            None => {
                out.push(Series {
                    indicator,
                    unit: unit.to_string(),
                    points: Vec::new(),
                    targets: Vec::new(),
                });
                out.len() - 1
            }
        };
        let point = Point { value, ..point };
        match target {
            false => out[at].points.push(point),
            true => out[at].targets.push(point),
        }
    };
    // A figure the source states as exact and not estimated, or a plan.
    let stated = |value: Number, period: Period, qualifier: Option<Qualifier>| Point {
        period,
        value,
        estimate: false,
        qualifier,
    };
    for report in reports.iter().filter(|r| upto(r.period)) {
        for figure in report
            .results
            .iter()
            .filter(|f| f.indicator == indicator.id && upto(f.period))
        {
            if let Some(amount) = figure.amount {
                let point = Point {
                    period: figure.period,
                    value: analysis::central(amount),
                    estimate: figure.estimate,
                    qualifier: figure.qualifier,
                };
                add(&figure.unit, point, false);
                if let Some((previous, Some(period))) = figure.previous {
                    add(&figure.unit, stated(previous, period, None), false);
                }
            }
            if let Some(Amount::Value(t)) = figure.target {
                let plan = stated(t, figure.period, figure.target_qualifier);
                add(&figure.unit, plan, true);
            }
        }
    }
    // The targets an earlier report set for a later period come after the period's own:
    // where a period's report states its plan, that plan is the one its figures are judged
    // against, on the chart as in the results table beside it.
    for report in reports.iter().filter(|r| upto(r.period)) {
        let next = report.next.iter().flat_map(|n| &n.targets);
        for target in next.filter(|f| f.indicator == indicator.id) {
            if let Some(Amount::Value(t)) = target.amount {
                add(
                    &target.unit,
                    stated(t, target.period, target.qualifier),
                    true,
                );
            }
        }
    }
    for s in &mut out {
        s.points.sort_by_key(|p| p.period.sort_key());
        s.points.dedup_by_key(|p| p.period);
        // A stable sort: of two targets for one period, the first added stays.
        s.targets.sort_by_key(|t| t.period.sort_key());
        s.targets.dedup_by_key(|t| t.period);
        // The latest periods only, so a chart stays the same size however long the history.
        let cut = s.points.len().saturating_sub(TREND_PERIODS);
        s.points.drain(..cut);
        let from = s.points.first().map(|p| p.period.sort_key());
        s.targets
            .retain(|t| from.is_none_or(|f| t.period.sort_key() >= f));
    }
    out.retain(|s| s.points.len() >= 2);
    out
}

/// One trend chart per indicator and unit with at least two figures over time in the
/// province: the first `drawn` to draw in the page, and the others to list, each with
/// its drawing as a file. Those the latest report draws the same are drawn once for both pages.
// Not inlined: a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
pub fn province_trends(
    w: &Writer,
    province: &Province,
    drawn: usize,
    files: &mut ChartFiles,
) -> (Vec<ChartView>, Vec<ChartView>) {
    let reports: Vec<&Report> = w.site.reports_of(&province.slug).collect();
    let in_latest: Vec<String> = reports
        .last()
        .map(|latest| report_trends(w, latest, &reports))
        .unwrap_or_default()
        .iter()
        .map(|s| trend_key(w, s))
        .collect();
    let mut trends = w
        .site
        .indicators
        .iter()
        .flat_map(|indicator| series(w.site, &reports, indicator, None))
        .enumerate()
        .map(|(i, s)| {
            let key = trend_key(w, &s);
            let made = if in_latest.contains(&key) {
                w.shared.once(key, || trend_made(w, &s))
            } else {
                trend_made(w, &s)
            };
            if i < drawn {
                files.drawn(made)
            } else {
                files.listed(w, made)
            }
        })
        .collect::<Vec<_>>();
    let listed = trends.split_off(trends.len().min(drawn));
    (trends, listed)
}

fn unit_caption(w: &Writer, unit: &str) -> String {
    w.site
        .unit(unit)
        .map(|u| {
            u.symbol
                .clone()
                .unwrap_or_else(|| u.label.show(w.lang).to_string())
        })
        .unwrap_or_default()
}

/// A column header with the unit: `Kết quả (người)`, `Result (%)`.
fn with_unit_header(w: &Writer, key: &str, unit: &str) -> String {
    format!("{} ({})", w.t(key), unit_caption(w, unit))
}

fn trend_made(w: &Writer, series: &Series) -> ChartView {
    let indicator = series.indicator;
    let unit = &series.unit;
    let number = |v: Number| w.figure_with_unit(v, unit);
    let qualified = |p: &Point| w.qualified(p.qualifier, number(p.value));
    let point = |p: &Point| TrendPoint {
        x_label: w.strings.period_short(p.period),
        value: p.value.value,
        value_label: qualified(p),
        estimate: p.estimate,
    };
    let points = &series.points;
    let (first, last) = (&points[0], &points[points.len() - 1]);
    let name = indicator.name.show(w.lang);
    let verb = if last.value.value < first.value.value {
        "trend_fell"
    } else if last.value.value > first.value.value {
        "trend_rose"
    } else {
        "trend_flat"
    };
    let desc = w.fill(
        verb,
        &[
            ("indicator", name),
            ("from", &qualified(first)),
            ("from_period", &w.period(first.period)),
            ("to", &qualified(last)),
            ("to_period", &w.period(last.period)),
        ],
    );
    let rows = trend_rows(w, series, &qualified);
    let mut id = format!("trend-{}", indicator.id.replace('_', "-"));
    if *unit != indicator.unit {
        id = format!("{id}-{unit}");
    }
    let chart = Trend {
        meta: ChartMeta {
            id,
            title: name.to_string(),
            desc,
        },
        unit_label: unit_caption(w, unit),
        points: points.iter().map(point).collect(),
        targets: series.targets.iter().map(point).collect(),
        legend_actual: w.t("actual"),
        legend_target: w.t("target"),
        legend_estimate: w.t("estimate"),
    };
    let svg = charts::trend_svg(&chart, &format_fn(w.strings));
    let table = Table {
        columns: vec![
            w.t("period"),
            with_unit_header(w, "result", unit),
            with_unit_header(w, "target", unit),
            w.t("note"),
        ],
        rows,
    };
    made((chart.meta, svg), table, false)
}

/// The trend's table: a row per period, its figure and its target; the note says how
/// exact each is, for the CSV's plain numbers.
fn trend_rows(w: &Writer, series: &Series, qualified: &dyn Fn(&Point) -> String) -> Vec<Vec<Cell>> {
    let points = &series.points;
    let mut rows: Vec<Vec<Cell>> = points
        .iter()
        .map(|p| {
            let shown = w.estimated(p.estimate, qualified(p));
            vec![
                Cell::text(&w.period(p.period)),
                Cell::figure(shown, p.value),
                Cell::number(String::new(), None),
                Cell::text(&w.exactness(p.qualifier, p.estimate)),
            ]
        })
        .collect();
    for t in &series.targets {
        let plan = Cell::figure(qualified(t), t.value);
        let at = points.iter().position(|p| p.period == t.period);
        let (row, figure) = match at {
            Some(i) => (&mut rows[i], Some(&points[i])),
            None => {
                rows.push(vec![
                    Cell::text(&w.period(t.period)),
                    Cell::number(String::new(), None),
                    Cell::text(""),
                    Cell::text(""),
                ]);
                (rows.last_mut().expect("just pushed"), None)
            }
        };
        let exactness = figure.map(|p| (p.qualifier, p.estimate));
        row[2] = plan;
        row[3] = Cell::text(&w.exactness_with_plan(exactness, t.qualifier));
    }
    rows
}

/// The ranking chart of an indicator page for one period (of three or more ranked provinces).
/// `rows` are the ranks the page shows. The latest period's first
/// ranks are on the indicator's page and on the period's first ranking page: drawn once.
// Not inlined: a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
pub fn indicator_ranking(
    w: &Writer,
    indicator: &Indicator,
    ranked: (Period, &Ranks<'_>),
    rows: std::ops::Range<usize>,
    files: &mut ChartFiles,
) -> ChartView {
    let latest = w.rankings.of(&indicator.id).first().map(|(p, _)| *p);
    let draw = || ranking_made(w, indicator, ranked, rows.clone());
    let made = if latest == Some(ranked.0) && rows.start == 0 {
        let key = format!("{}/{}/{}/{rows:?}", w.lang, indicator.id, ranked.0.id());
        w.shared.once(key, draw)
    } else {
        draw()
    };
    files.drawn(made)
}

/// A ranked figure in the unit it is ranked in, as the source gave it: `dưới 4%`,
/// `69,5% (ước)`.
fn ranked_value(w: &Writer, r: &Ranked<'_>, unit: &str) -> String {
    let value = w.figure_with_unit(r.value, unit);
    w.estimated(r.figure.estimate, w.qualified(r.figure.qualifier, value))
}

/// Why a figure in or beside a ranking has no rank: it is a bound, or a figure of
/// another kind; empty for a ranked one (its value already says "ước" when estimated).
pub fn ranked_remark(w: &Writer, r: &Ranked<'_>, indicator: &Indicator) -> String {
    match (r.rank, r.is_bound()) {
        (Some(_), _) => String::new(),
        (None, true) => w.t("ranking_bound"),
        (None, false) => w.fill(
            "ranking_apart_reason",
            &[
                ("unit", &unit_caption(w, &r.figure.unit)),
                ("indicator_unit", &unit_caption(w, &indicator.unit)),
            ],
        ),
    }
}

/// "3 of 7 provinces reported", for a ranking.
pub fn reported(w: &Writer, ranking: &Ranks<'_>) -> String {
    w.fill(
        "ranking_reported",
        &[
            ("reported", &ranking.reported().to_string()),
            ("provinces", &ranking.provinces.to_string()),
        ],
    )
}

/// A province's name in charts, marked when it no longer exists.
fn ranked_label(w: &Writer, province: &Province) -> String {
    let name = province.name.show(w.lang);
    if province.valid_to.is_some() {
        format!("{name} ({})", w.t("former_short"))
    } else {
        name.to_string()
    }
}

/// The sentence that says who leads a ranking and who is last, and how many reported.
fn ranking_desc(
    w: &Writer,
    indicator: &Indicator,
    (period, ranking): (Period, &Ranks<'_>),
) -> String {
    let unit = &indicator.unit;
    let ranked: Vec<&Ranked<'_>> = ranking.list.iter().filter(|r| r.rank.is_some()).collect();
    let (count, period_text) = (ranked.len().to_string(), w.period(period));
    let mut desc = match (ranked.first(), ranked.last()) {
        (Some(first), Some(last)) => w.fill(
            "ranking_desc",
            &[
                ("first", first.province.name.show(w.lang)),
                ("first_value", &ranked_value(w, first, unit)),
                ("last", last.province.name.show(w.lang)),
                ("last_value", &ranked_value(w, last, unit)),
                ("count", &count),
                ("period", &period_text),
            ],
        ),
        _ => String::new(),
    };
    if indicator.better == Better::Lower {
        desc = format!("{desc} {}", w.t("ranking_lower_first"));
    }
    format!("{desc} {}.", reported(w, ranking))
}

/// Provinces ranked for one period: the ranks in `rows`.
/// A bound is drawn with an open end and no rank; figures of another kind are in the
/// table, with the reason, but not drawn.
fn ranking_made(
    w: &Writer,
    indicator: &Indicator,
    (period, ranking): (Period, &Ranks<'_>),
    rows: std::ops::Range<usize>,
) -> ChartView {
    let unit = &indicator.unit;
    let desc = ranking_desc(w, indicator, (period, ranking));
    let id = format!("ranking-{}-{}", indicator.id.replace('_', "-"), period.id());
    let shown = &ranking.list[rows];
    let label = |r: &Ranked<'_>| match r.rank {
        Some(rank) => format!("{rank}. {}", ranked_label(w, r.province)),
        None => ranked_label(w, r.province),
    };
    let meta = ChartMeta {
        id,
        title: w.fill(
            "ranking_title",
            &[
                ("indicator", indicator.short_name(w.lang)),
                ("period", &w.period(period)),
            ],
        ),
        desc,
    };
    let provinces = shown
        .iter()
        .map(|r| ranked_province(w, r, unit, label(r), None))
        .collect();
    let table = ranking_table(w, indicator, (shown, &ranking.apart), false);
    made(draw_ranking(w, meta, provinces), table, true)
}

/// The unit a figure in a ranking is shown in: the indicator's, but a figure of
/// another kind, set apart, keeps its own.
fn ranked_unit<'a>(r: &'a Ranked<'_>, indicator: &'a Indicator) -> &'a str {
    if r.rank.is_none() && !r.is_bound() {
        &r.figure.unit
    } else {
        &indicator.unit
    }
}

/// A ranking's table: the rank ("–" for none), the province, the period when
/// `with_period`, the value as the source gave it, and a remark; then the figures set apart.
fn ranking_table(
    w: &Writer,
    indicator: &Indicator,
    (list, apart): (&[Ranked<'_>], &[Ranked<'_>]),
    with_period: bool,
) -> Table {
    let unit = &indicator.unit;
    let row = |r: &Ranked<'_>| {
        let first = match r.rank {
            Some(rank) => Cell::number(rank.to_string(), Some(rank as f64)),
            None => Cell::text("–"),
        };
        let shown_unit = ranked_unit(r, indicator);
        let mut cells = vec![first, Cell::text(&ranked_label(w, r.province))];
        if with_period {
            cells.push(Cell::text(&w.period(r.figure.period)));
        }
        cells.push(Cell::figure(ranked_value(w, r, shown_unit), r.value));
        let exactness = w.exactness(r.figure.qualifier, r.figure.estimate);
        let remark = ranked_remark(w, r, indicator);
        let note: Vec<&str> = [exactness.as_str(), remark.as_str()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
        cells.push(Cell::text(&note.join("; ")));
        cells
    };
    let mut columns = vec![w.t("rank"), w.t("province")];
    if with_period {
        columns.push(w.t("period"));
    }
    columns.push(with_unit_header(w, "result", unit));
    columns.push(w.t("note"));
    let rows = list.iter().chain(apart).map(row).collect();
    Table { columns, rows }
}

/// A ranked province's bar: its value in the indicator's unit, former provinces
/// marked, a bound drawn open.
fn ranked_province(
    w: &Writer,
    r: &Ranked<'_>,
    unit: &str,
    label: String,
    note: Option<String>,
) -> RankedProvince {
    let note = match (note, r.is_bound()) {
        (Some(note), true) => Some(format!("{note} · {}", w.t("ranking_bound"))),
        (None, true) => Some(w.t("ranking_bound")),
        (note, false) => note,
    };
    RankedProvince {
        label,
        note,
        value: r.value.value,
        value_label: ranked_value(w, r, unit),
        former: r.province.valid_to.is_some(),
        highlight: false,
        open: r.is_bound(),
    }
}

/// Draws a ranking with the legend's words. No page emphasises one province: a report
/// page states its own province's rank, and links to the ranking.
fn draw_ranking(
    w: &Writer,
    meta: ChartMeta,
    provinces: Vec<RankedProvince>,
) -> (ChartMeta, String) {
    let chart = Ranking {
        meta,
        provinces,
        legend_province: w.t("legend_provinces"),
        legend_former: w.t("former_province"),
        legend_highlight: String::new(),
    };
    let svg = charts::ranking_svg(&chart, &format_fn(w.strings));
    (chart.meta, svg)
}

/// At most this many provinces in each of the home page's charts: the leaders.
const OVERVIEW_ROWS: usize = 5;

/// The home page's small multiples: for each headline indicator with three or more
/// ranked provinces, the leading provinces' latest figures (the period noted under
/// each name), best first; the indicator page ranks them all.
// Not inlined: a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
pub fn overview(w: &Writer, files: &mut ChartFiles) -> Vec<ChartView> {
    let mut out = Vec::new();
    for indicator in w
        .site
        .config
        .headline_indicators
        .iter()
        .filter_map(|id| w.site.indicator(id))
    {
        let latest = w.rankings.latest(&indicator.id, indicator.better);
        let Some(first) = latest.list.first().filter(|_| latest.is_chart()) else {
            continue;
        };
        let unit = &indicator.unit;
        let mut desc = w.fill(
            "overview_desc",
            &[
                ("count", &latest.ranked().to_string()),
                ("first", first.province.name.show(w.lang)),
                ("first_value", &ranked_value(w, first, unit)),
                ("period", &w.period(first.figure.period)),
            ],
        );
        if indicator.better == Better::Lower {
            desc = format!("{desc} {}", w.t("ranking_lower_first"));
        }
        let meta = ChartMeta {
            id: format!("overview-{}", indicator.id.replace('_', "-")),
            title: indicator.short_name(w.lang).to_string(),
            desc: format!("{desc} {}.", reported(w, &latest)),
        };
        let leaders = &latest.list[..latest.list.len().min(OVERVIEW_ROWS)];
        let provinces = leaders
            .iter()
            .map(|r| {
                let label = ranked_label(w, r.province);
                ranked_province(w, r, unit, label, Some(w.period(r.figure.period)))
            })
            .collect();
        let drawn = draw_ranking(w, meta, provinces);
        let table = ranking_table(w, indicator, (leaders, &[]), true);
        out.push(files.drawn(made(drawn, table, false)));
    }
    out
}

/// A breakdown's chart: its parts, and what they leave of the total: the rest of an
/// "of which" split, or a gap. `index` keeps ids unique when an indicator is broken down twice.
// Not inlined: a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
pub fn breakdown_chart(
    w: &Writer,
    (index, breakdown): (usize, &Breakdown),
    split: &analysis::Split,
    files: &mut ChartFiles,
) -> Option<ChartView> {
    let indicator = w.site.indicator(&breakdown.indicator)?;
    let unit = &indicator.unit;
    let number = |v: Number| w.figure_with_unit(v, unit);
    let whole = split.total.filter(|t| t.value > 0.0).unwrap_or(split.sum);
    let share = |v: f64| (whole.value > 0.0).then(|| v / whole.value * 100.0);
    let part = |label: &str, value: Number, qualifier: Option<Qualifier>| Part {
        label: label.to_string(),
        value: value.value,
        value_label: w.qualified(qualifier, number(value)),
    };
    let parts: Vec<Part> = breakdown
        .parts
        .iter()
        .map(|p| part(p.label.show(w.lang), p.value, p.qualifier))
        .collect();
    let largest = parts.iter().max_by(|a, b| a.value.total_cmp(&b.value))?;
    let gap = match split.remainder {
        Some(analysis::Remainder::Gap(g)) => Some(g),
        _ => None,
    };
    let desc = breakdown_desc(
        w,
        (indicator, breakdown),
        (largest, share(largest.value)),
        (whole, split.sum, gap.and(split.total)),
    );
    let remainder = split.remainder.map(|r| remainder_of(w, r));
    let by = breakdown.by.show(w.lang);
    let rows = breakdown_rows(
        w,
        (&breakdown.parts, &parts),
        (
            remainder.as_ref().map(|(l, v, _)| (l.as_str(), *v)),
            split.total,
        ),
        &number,
        &share,
    );
    let chart = BreakdownChart {
        meta: ChartMeta {
            id: format!("breakdown-{}-{}", index + 1, indicator.id.replace('_', "-")),
            title: format!("{} – {}", indicator.name.show(w.lang), by),
            desc,
        },
        remainder: remainder.map(|(l, v, kind)| (part(&l, v, None), kind)),
        parts,
        legend_part: sentence_case(by),
    };
    let svg = charts::breakdown_svg(&chart, &format_fn(w.strings));
    let heading = w.t(if split.of_plan { "target" } else { "result" });
    let table = Table {
        columns: vec![
            sentence_case(by),
            format!("{heading} ({})", unit_caption(w, unit)),
            format!("{} (%)", w.t("share")),
            w.t("note"),
        ],
        rows,
    };
    Some(files.drawn(made((chart.meta, svg), table, true)))
}

/// What a breakdown's parts leave of its total, as drawn: its words, its size and its look.
fn remainder_of(w: &Writer, remainder: analysis::Remainder) -> (String, Number, charts::Remainder) {
    match remainder {
        analysis::Remainder::Rest(v) => (w.t("breakdown_rest"), v, charts::Remainder::Rest),
        analysis::Remainder::Gap(v) => (
            w.t("breakdown_gap_short"),
            v,
            charts::Remainder::NotItemised,
        ),
    }
}

/// The sentence that says what a breakdown shows: its largest part, and the gap
/// between the parts and a stated `total` when they fall short of it.
fn breakdown_desc(
    w: &Writer,
    (indicator, breakdown): (&Indicator, &Breakdown),
    (largest, largest_share): (&Part, Option<f64>),
    (whole, sum, total): (Number, Number, Option<Number>),
) -> String {
    let number = |v: Number| w.figure_with_unit(v, &indicator.unit);
    // A single part is an "of which" split: the rest of the total is no gap.
    let key = if breakdown.parts.len() == 1 {
        "breakdown_desc_of_which"
    } else {
        "breakdown_desc"
    };
    let desc = w.fill(
        key,
        &[
            ("indicator", indicator.name.show(w.lang)),
            ("total", &number(whole)),
            ("by", breakdown.by.show(w.lang)),
            ("largest", &largest.label),
            ("value", &largest.value_label),
            (
                "share",
                &largest_share.map_or_else(String::new, |s| w.percent(s)),
            ),
        ],
    );
    match total {
        Some(t) => {
            let gap = analysis::computed(t.value - sum.value, t.decimals.max(sum.decimals));
            let values = [
                ("sum", number(sum)),
                ("total", number(t)),
                ("gap", number(gap)),
            ];
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            format!("{desc} {}", w.fill("breakdown_desc_gap", &values))
        }
        None => desc,
    }
}

/// The breakdown's table: each part, the remainder when there is one, and the stated total.
fn breakdown_rows(
    w: &Writer,
    (parts, drawn): (&[crate::model::Part], &[Part]),
    (remainder, total): (Option<(&str, Number)>, Option<Number>),
    number: &dyn Fn(Number) -> String,
    share: &dyn Fn(f64) -> Option<f64>,
) -> Vec<Vec<Cell>> {
    let total_label = w.t("breakdown_total");
    let more = remainder
        .into_iter()
        .chain(total.map(|t| (total_label.as_str(), t)))
        .map(|(label, value)| (label, number(value), value, None));
    drawn
        .iter()
        .zip(parts)
        .map(|(p, part)| {
            let label = p.label.as_str();
            (label, p.value_label.clone(), part.value, part.qualifier)
        })
        .chain(more)
        .map(|(label, value_label, value, qualifier)| {
            vec![
                Cell::text(label),
                Cell::figure(value_label, value),
                share_cell(w, share(value.value)),
                Cell::text(&w.exactness(qualifier, false)),
            ]
        })
        .collect()
}

/// `nước đến` → `Nước đến`, for a phrase used as a heading.
fn sentence_case(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn share_cell(w: &Writer, share: Option<f64>) -> Cell {
    match share {
        Some(s) => {
            let share = analysis::computed(s, analysis::PERCENT_DECIMALS);
            Cell::figure(w.percent_of(share), share)
        }
        None => Cell::number(String::new(), None),
    }
}
