//! Rankings: provinces as horizontal bars in the order given (best first),
//! the page's own province on a pale band with a bold label, provinces that
//! no longer exist hatched and named with a suffix.

use super::bars::{Bar, Fill, amount_bars_svg, emphasis_legend, fill_legend};
use super::{BLUE, NumberFormat, Ranking, SKY};

const PROVINCE: Fill = Fill::Solid(SKY);
const FORMER: Fill = Fill::Hatched(SKY);
const OWN: Fill = Fill::Solid(BLUE);
const OWN_FORMER: Fill = Fill::Hatched(BLUE);

pub fn ranking_svg(chart: &Ranking, fmt: NumberFormat<'_>) -> String {
    let fill = |former: bool, own: bool| match (former, own) {
        (false, false) => PROVINCE,
        (true, false) => FORMER,
        (false, true) => OWN,
        (true, true) => OWN_FORMER,
    };
    let bars = chart
        .provinces
        .iter()
        .map(|p| Bar {
            label: &p.label,
            note: p.note.as_deref(),
            value: p.value,
            value_label: &p.value_label,
            fill: fill(p.former, p.highlight),
            emphasis: p.highlight,
            value_muted: false,
            open: p.open,
        })
        .collect();
    let mut legend = Vec::new();
    if let Some(own) = chart.provinces.iter().find(|p| p.highlight) {
        legend.push(emphasis_legend(
            &chart.legend_highlight,
            fill(own.former, true),
        ));
    }
    if chart.provinces.iter().any(|p| !p.highlight && !p.former) {
        legend.push(fill_legend(&chart.legend_province, PROVINCE));
    }
    if chart.provinces.iter().any(|p| p.former) {
        legend.push(fill_legend(&chart.legend_former, FORMER));
    }
    amount_bars_svg(&chart.meta, bars, legend, fmt)
}
