//! TEMPORARY placeholder until the chart module lands (same API).
pub type NumberFormat<'a> = &'a dyn Fn(f64) -> String;
pub struct ChartMeta {
    pub id: String,
    pub title: String,
    pub desc: String,
}
pub enum Status {
    Met,
    NotMet,
    NoTarget,
}
pub struct AchievementBar {
    pub label: String,
    pub percent: f64,
    pub value_label: String,
    pub status: Status,
    pub note: Option<String>,
}
pub struct Achievement {
    pub meta: ChartMeta,
    pub bars: Vec<AchievementBar>,
    pub plan_label: String,
    pub legend_met: String,
    pub legend_not_met: String,
}
pub struct TrendPoint {
    pub x_label: String,
    pub value: f64,
    pub value_label: String,
    pub estimate: bool,
}
pub struct Trend {
    pub meta: ChartMeta,
    pub unit_label: String,
    pub points: Vec<TrendPoint>,
    pub targets: Vec<TrendPoint>,
    pub legend_actual: String,
    pub legend_target: String,
    pub legend_estimate: String,
}
pub fn achievement_svg(chart: &Achievement, _fmt: NumberFormat) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" role=\"img\"><title>{}</title><desc>{}</desc></svg>",
        chart.meta.title, chart.meta.desc
    )
}
pub fn trend_svg(chart: &Trend, _fmt: NumberFormat) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" role=\"img\"><title>{}</title><desc>{}</desc></svg>",
        chart.meta.title, chart.meta.desc
    )
}
