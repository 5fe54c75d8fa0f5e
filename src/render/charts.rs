//! From the model to chart inputs: which charts a page gets, with their words and numbers.

use serde::Serialize;

use super::views::{Urls, Writer, plan_met, plan_percent};
use crate::charts::{self, Achievement, AchievementBar, ChartMeta, Status, Trend, TrendPoint};
use crate::i18n;
use crate::model::*;
use crate::output::OutputFile;

/// A chart on a page: the inline SVG, its numbers as a table, and its file.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub file: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The chart as a file of its own: it names the font it was measured with, since the
/// page's style sheet is not there when the file is opened or downloaded on its own.
fn standalone(w: &Writer, svg: &str) -> Vec<u8> {
    let fonts = format!(
        "{}static/fonts/",
        Urls::new(&w.site.config.base_url).base_path
    );
    let style = format!(
        "<style>@font-face{{font-family:\"Noto Sans\";src:url({fonts}NotoSans-Regular.woff2)}}\
         @font-face{{font-family:\"Noto Sans\";font-weight:bold;src:url({fonts}NotoSans-Bold.woff2)}}</style>"
    );
    match svg.find('>') {
        Some(end) => format!("{}{style}{}", &svg[..=end], &svg[end + 1..]).into_bytes(),
        None => svg.as_bytes().to_vec(),
    }
}

fn format_fn(lang: Lang) -> impl Fn(f64) -> String {
    move |v| i18n::number(v, lang, 2)
}

/// The plan-achievement chart of a report, if any figure has a target or a rate.
pub fn report_charts(w: &Writer, report: &Report, files: &mut Vec<OutputFile>) -> Vec<ChartView> {
    let mut out = Vec::new();
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    for figure in &report.results {
        let Some(indicator) = w.site.indicator(&figure.indicator) else {
            continue;
        };
        let Some(percent) = plan_percent(figure, indicator.better) else {
            continue;
        };
        let status = match plan_met(figure, indicator.better) {
            Some(true) => Status::Met,
            Some(false) => Status::NotMet,
            None => Status::NoTarget,
        };
        let note = (indicator.better == Better::Lower).then(|| w.t("lower_is_better"));
        let label = indicator.short_name(w.lang).to_string();
        rows.push(vec![
            label.clone(),
            w.figure_value(figure).unwrap_or_else(|| "–".into()),
            w.target(figure).unwrap_or_else(|| "–".into()),
            w.percent(percent),
        ]);
        bars.push(AchievementBar {
            label,
            percent,
            value_label: w.percent(percent),
            status,
            note,
        });
    }
    if !bars.is_empty() {
        let province = w
            .site
            .province(&report.province)
            .map(|p| p.name.show(w.lang))
            .unwrap_or_default();
        let met = bars
            .iter()
            .filter(|b| matches!(b.status, Status::Met))
            .count();
        let judged = bars
            .iter()
            .filter(|b| !matches!(b.status, Status::NoTarget))
            .count();
        let key = if judged > 0 {
            "achievement_desc"
        } else {
            "achievement_desc_progress"
        };
        let desc = w
            .t(key)
            .replace("{province}", province)
            .replace("{period}", &w.period(report.period))
            .replace("{met}", &met.to_string())
            .replace("{total}", &judged.to_string())
            .replace("{count}", &bars.len().to_string());
        let chart = Achievement {
            meta: ChartMeta {
                id: "chart-achievement".into(),
                title: w.t("achievement_title"),
                desc: desc.clone(),
            },
            bars,
            plan_label: w.t("plan_line"),
            legend_met: w.t("plan_met"),
            legend_not_met: w.t("plan_not_met"),
        };
        let svg = charts::achievement_svg(&chart, &format_fn(w.lang));
        let file = format!("{}achievement.svg", Urls::report(w.lang, report));
        files.push(OutputFile {
            path: file.clone(),
            bytes: standalone(w, &svg),
        });
        out.push(ChartView {
            id: chart.meta.id,
            title: chart.meta.title,
            desc,
            svg,
            file,
            columns: vec![
                w.t("indicator"),
                w.t("result"),
                w.t("target"),
                w.t("percent_of_plan"),
            ],
            rows,
        });
    }
    out
}

/// One trend chart per indicator with at least two figures over time in the province.
pub fn province_trends(
    w: &Writer,
    province: &Province,
    files: &mut Vec<OutputFile>,
) -> Vec<ChartView> {
    let reports: Vec<&Report> = w.site.reports_of(&province.slug).collect();
    let mut out = Vec::new();
    for indicator in &w.site.indicators {
        let mut points: Vec<(Period, f64, bool)> = Vec::new();
        let mut targets: Vec<(Period, f64)> = Vec::new();
        let mut unit = indicator.unit.clone();
        for report in &reports {
            for figure in report
                .results
                .iter()
                .filter(|f| f.indicator == indicator.id)
            {
                if let Some(amount) = figure.amount {
                    unit = figure.unit.clone();
                    points.push((figure.period, amount.central(), figure.estimate));
                }
                if let (Some((previous, Some(period))), true) =
                    (figure.previous, figure.amount.is_some())
                {
                    points.push((period, previous, false));
                }
                if let Some(Amount::Value(t)) = figure.target {
                    targets.push((figure.period, t));
                }
            }
            if let Some(next) = &report.next {
                for target in next.targets.iter().filter(|f| f.indicator == indicator.id) {
                    if let Some(Amount::Value(t)) = target.amount {
                        targets.push((target.period, t));
                    }
                }
            }
        }
        points.sort_by_key(|p| p.0.sort_key());
        points.dedup_by_key(|p| p.0);
        if points.len() < 2 {
            continue;
        }
        targets.sort_by_key(|t| t.0.sort_key());
        targets.dedup_by_key(|t| t.0);
        let number = |v: f64| w.with_unit(&w.number(v), &unit);
        let point = |(period, value, estimate): (Period, f64, bool)| TrendPoint {
            x_label: i18n::period_short(period, w.lang),
            value,
            value_label: number(value),
            estimate,
        };
        let first = points[0];
        let last = points[points.len() - 1];
        let name = indicator.name.show(w.lang);
        let verb = if last.1 < first.1 {
            "trend_fell"
        } else if last.1 > first.1 {
            "trend_rose"
        } else {
            "trend_flat"
        };
        let desc = w
            .t(verb)
            .replace("{indicator}", name)
            .replace("{from}", &number(first.1))
            .replace("{from_period}", &w.period(first.0))
            .replace("{to}", &number(last.1))
            .replace("{to_period}", &w.period(last.0));
        let mut rows: Vec<Vec<String>> = points
            .iter()
            .map(|p| vec![w.period(p.0), number(p.1), String::new()])
            .collect();
        for (period, t) in &targets {
            match points.iter().position(|p| p.0 == *period) {
                Some(i) => rows[i][2] = number(*t),
                None => rows.push(vec![w.period(*period), String::new(), number(*t)]),
            }
        }
        let id = format!("trend-{}", indicator.id.replace('_', "-"));
        let chart = Trend {
            meta: ChartMeta {
                id: id.clone(),
                title: name.to_string(),
                desc: desc.clone(),
            },
            unit_label: w
                .site
                .unit(&unit)
                .map(|u| {
                    u.symbol
                        .clone()
                        .unwrap_or_else(|| u.label.show(w.lang).to_string())
                })
                .unwrap_or_default(),
            points: points.iter().copied().map(point).collect(),
            targets: targets
                .iter()
                .map(|(p, t)| point((*p, *t, false)))
                .collect(),
            legend_actual: w.t("actual"),
            legend_target: w.t("target"),
            legend_estimate: w.t("estimate"),
        };
        let svg = charts::trend_svg(&chart, &format_fn(w.lang));
        let file = format!("{}{id}.svg", Urls::province(w.lang, &province.slug));
        files.push(OutputFile {
            path: file.clone(),
            bytes: standalone(w, &svg),
        });
        out.push(ChartView {
            id,
            title: name.to_string(),
            desc,
            svg,
            file,
            columns: vec![w.t("period"), w.t("result"), w.t("target")],
            rows,
        });
    }
    out
}
