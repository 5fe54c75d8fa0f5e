//! Breakdowns: each part of a total as a bar, and what the parts leave of the
//! stated total as a bar of its own: hatched grey where the source's parts
//! should have added up (a gap is shown, not hidden), lighter blue for the
//! rest of an "of which" split.

use super::bars::{Bar, Fill, amount_bars_svg, fill_legend};
use super::{BLUE, Breakdown, GREY, NumberFormat, Part, Remainder, SKY};

const PART: Fill = Fill::Solid(BLUE);
const GAP: Fill = Fill::Hatched(GREY);
const REST: Fill = Fill::Solid(SKY);

fn bar(part: &Part, fill: Fill) -> Bar<'_> {
    Bar {
        label: &part.label,
        note: None,
        value: part.value,
        value_label: &part.value_label,
        fill,
        emphasis: false,
        value_muted: false,
        open: false,
    }
}

pub fn breakdown_svg(chart: &Breakdown, fmt: NumberFormat<'_>) -> String {
    let mut bars: Vec<Bar<'_>> = chart.parts.iter().map(|p| bar(p, PART)).collect();
    // A legend only when there are two kinds of bar to tell apart.
    let mut legend = Vec::new();
    if let Some((remainder, kind)) = &chart.remainder {
        let fill = match kind {
            Remainder::NotItemised => GAP,
            Remainder::Rest => REST,
        };
        bars.push(bar(remainder, fill));
        legend.push(fill_legend(&chart.legend_part, PART));
        legend.push(fill_legend(&remainder.label, fill));
    }
    amount_bars_svg(&chart.meta, bars, legend, fmt)
}
