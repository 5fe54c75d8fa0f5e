//! Plan achievement: one horizontal bar per indicator, % of plan, with the
//! 100 % line marked. Met plans are solid blue, missed ones hatched
//! vermillion; a figure without a plan to judge is grey with its reason.

use super::bars::{Bar, Bars, Fill, bars_svg, fill_legend};
use super::{Achievement, BLUE, GREY, NumberFormat, Status, VERMILLION};

const MET: Fill = Fill::Solid(BLUE);
const NOT_MET: Fill = Fill::Hatched(VERMILLION);
const NO_TARGET: Fill = Fill::Solid(GREY);

pub fn achievement_svg(chart: &Achievement, fmt: NumberFormat<'_>) -> String {
    let bars = chart
        .bars
        .iter()
        .map(|bar| Bar {
            label: &bar.label,
            note: bar.note.as_deref(),
            value: bar.percent,
            value_label: &bar.value_label,
            fill: match bar.status {
                Status::Met => MET,
                Status::NotMet => NOT_MET,
                Status::NoTarget => NO_TARGET,
            },
            emphasis: false,
            value_muted: bar.status == Status::NoTarget,
            open: false,
        })
        .collect();
    let has = |s: Status| chart.bars.iter().any(|b| b.status == s);
    let mut legend = Vec::new();
    if has(Status::Met) {
        legend.push(fill_legend(&chart.legend_met, MET));
    }
    if has(Status::NotMet) {
        legend.push(fill_legend(&chart.legend_not_met, NOT_MET));
    }
    if has(Status::NoTarget) {
        legend.push(fill_legend(&chart.legend_no_target, NO_TARGET));
    }
    let largest = chart
        .bars
        .iter()
        .map(|b| b.percent)
        .filter(|p| p.is_finite())
        .fold(0.0_f64, f64::max);
    let tick_label = |v: f64| format!("{}%", fmt(v));
    bars_svg(&Bars {
        meta: &chart.meta,
        bars,
        // 0 … max(110, largest + 10) %, so the 100 % line never sits at the edge.
        axis_max: (largest + 10.0).max(110.0),
        round_up: false,
        tick_label: &tick_label,
        reference: Some((100.0, &chart.plan_label)),
        legend,
    })
}
