//! Breakdowns: each part of a total as a bar, and the part the source left
//! unexplained (stated total minus the listed parts) as a hatched grey bar
//! of its own, so that a gap is shown rather than hidden.

use super::bars::{Bar, Fill, amount_bars_svg, fill_legend};
use super::{BLUE, Breakdown, GREY, NumberFormat, Part};

const PART: Fill = Fill::Solid(BLUE);
const GAP: Fill = Fill::Hatched(GREY);

fn bar(part: &Part, fill: Fill) -> Bar<'_> {
    Bar {
        label: &part.label,
        note: None,
        value: part.value,
        value_label: &part.value_label,
        fill,
        emphasis: false,
        value_muted: false,
    }
}

pub fn breakdown_svg(chart: &Breakdown, fmt: NumberFormat<'_>) -> String {
    let mut bars: Vec<Bar<'_>> = chart.parts.iter().map(|p| bar(p, PART)).collect();
    // A legend only when there are two kinds of bar to tell apart.
    let mut legend = Vec::new();
    if let Some(gap) = &chart.gap {
        bars.push(bar(gap, GAP));
        legend.push(fill_legend(&chart.legend_part, PART));
        legend.push(fill_legend(&gap.label, GAP));
    }
    amount_bars_svg(&chart.meta, bars, legend, fmt)
}
