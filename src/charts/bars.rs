//! Labelled horizontal bars: the layout shared by plan achievement, rankings,
//! breakdowns and the home page's small multiples.
//!
//! Layout (viewBox `WIDTH` wide, height grows with the rows):
//! ```text
//!  ▮ legend item   ▨ legend item                  legend (only what is drawn)
//!                                  100% kế hoạch   optional reference label
//!        Giải quyết việc làm ▕██████████████████┆█ 102,1%
//!  Tỷ lệ thất nghiệp thành thị ▕██████████████████┆ 100%
//!            thấp hơn là tốt ▕                   ┆
//!                             0%   50%  100%        ticks
//! ```
//! Labels are right-aligned in a column sized to the longest one (measured
//! with the font), wrapped to two lines and cut with "…" beyond 40 % of the
//! width. The plot is then narrowed until every value label fits at its
//! bar's end.

use plotters::style::RGBColor;
use plotters::style::text_anchor::HPos;

use super::font::{self, Weight, text_width};
use super::{
    AXIS, Area, ChartMeta, EDGE, GRID, HIGHLIGHT, INK, LegendItem, MUTED, REFERENCE, Ticks, WIDTH,
    dashed_line, hatch, legend, line, rect, render, text, wrap,
};

const LABEL_PX: f64 = 15.5;
const LABEL_LINE: i32 = 19;
const NOTE_PX: f64 = 14.0;
const NOTE_LINE: i32 = 18;
const VALUE_PX: f64 = 15.5;
const TICK_PX: f64 = 14.0;
const PLAN_PX: f64 = 14.0;

/// Bar thickness and the space above and below each row's content.
const BAR_H: i32 = 22;
const ROW_PAD: i32 = 8;
/// Gap between the label column and the bars, and between a bar and its value.
const LABEL_GAP: i32 = 8;
const VALUE_GAP: i32 = 6;
/// Labels may take at most this share of the width.
const LABEL_SHARE: f64 = 0.4;

/// How a bar is filled: never by colour alone, so "hatched" is a second channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    Solid(RGBColor),
    Hatched(RGBColor),
}

/// One bar with its words.
pub(crate) struct Bar<'a> {
    pub label: &'a str,
    /// Muted line(s) under the label.
    pub note: Option<&'a str>,
    /// Length in axis units; negative or not finite draws no bar.
    pub value: f64,
    pub value_label: &'a str,
    pub fill: Fill,
    /// The reader's own row: a pale band behind it and a bold label.
    pub emphasis: bool,
    /// The value label is an explanation ("no plan"), not a figure.
    pub value_muted: bool,
    /// The value is a bound ("dưới 4%"), not an exact figure: the bar's end is drawn
    /// broken, so that its length does not read as the value.
    pub open: bool,
}

/// A bar chart: rows, scale, optional reference line, legend.
pub(crate) struct Bars<'a> {
    pub meta: &'a ChartMeta,
    pub bars: Vec<Bar<'a>>,
    /// The axis reaches at least this far.
    pub axis_max: f64,
    /// Extend the axis to the next round tick above `axis_max`.
    pub round_up: bool,
    pub tick_label: &'a dyn Fn(f64) -> String,
    /// A dashed vertical line at a value, with its caption (the 100 % plan line).
    pub reference: Option<(f64, &'a str)>,
    pub legend: Vec<LegendItem<'a>>,
}

struct Row {
    label: Vec<String>,
    note: Vec<String>,
    /// Height of the row, padding included.
    height: i32,
    value: f64,
}

/// Where everything goes: worked out before anything is drawn.
struct Layout {
    rows: Vec<Row>,
    row_tops: Vec<i32>,
    plot_left: i32,
    right: i32,
    plot_top: i32,
    plot_bottom: i32,
    reference_y: i32,
    tick_y: i32,
    height: i32,
    scale: Scale,
}

/// The value axis: its end, its ticks with their labels, and the plot's width.
struct Scale {
    axis_max: f64,
    tick_values: Vec<f64>,
    tick_labels: Vec<String>,
    plot_w: f64,
}

impl Layout {
    fn x_of(&self, p: f64) -> i32 {
        let s = &self.scale;
        self.plot_left + (p.min(s.axis_max) / s.axis_max * s.plot_w).round() as i32
    }
}

/// Draws `chart` as an accessible SVG.
pub(crate) fn bars_svg(chart: &Bars<'_>) -> String {
    font::ensure_registered();
    let layout = layout(chart);
    render(chart.meta, (WIDTH, layout.height), |area| {
        draw_bands_and_grid(area, chart, &layout);
        let value_boxes = draw_rows(area, chart, &layout);
        // Zero baseline.
        line(
            area,
            (layout.plot_left, layout.plot_top),
            (layout.plot_left, layout.plot_bottom),
            AXIS,
            1,
        );
        if let Some((at, caption)) = chart.reference {
            draw_reference(area, &layout, (at, caption), &value_boxes);
        }
        for (&v, l) in layout
            .scale
            .tick_values
            .iter()
            .zip(&layout.scale.tick_labels)
        {
            text(
                area,
                l,
                (layout.x_of(v), layout.tick_y),
                TICK_PX,
                Weight::Regular,
                MUTED,
                HPos::Center,
            );
        }
        legend(Some(area), &chart.legend, EDGE, 0);
    })
}

/// The label column, the scale and the vertical positions of every row.
fn layout(chart: &Bars<'_>) -> Layout {
    let max_label_w = (f64::from(WIDTH) * LABEL_SHARE).floor() - f64::from(EDGE + LABEL_GAP);
    let rows: Vec<Row> = chart.bars.iter().map(|bar| row(bar, max_label_w)).collect();
    let plot_left = EDGE + label_width(chart, &rows) + LABEL_GAP;
    let right = WIDTH - EDGE;
    let scale = choose_scale(chart, &rows, (plot_left, right));

    let legend_h = legend(None, &chart.legend, EDGE, 0);
    let gap_under_legend = if legend_h > 0 { 10 } else { 0 };
    let (reference_y, plot_top) = match chart.reference {
        Some(_) => {
            let y = legend_h + gap_under_legend + 9;
            (y, y + 13)
        }
        None => (0, legend_h + gap_under_legend + 2),
    };
    let mut row_tops = Vec::with_capacity(rows.len());
    let mut y = plot_top;
    for r in &rows {
        row_tops.push(y);
        y += r.height;
    }
    let plot_bottom = y;
    let tick_y = plot_bottom + 14;
    Layout {
        rows,
        row_tops,
        plot_left,
        right,
        plot_top,
        plot_bottom,
        reference_y,
        tick_y,
        height: tick_y + 12,
        scale,
    }
}

/// A bar's label and note, wrapped to the label column, and its row height.
fn row(bar: &Bar<'_>, max_label_w: f64) -> Row {
    let label = wrap(bar.label, LABEL_PX, label_weight(bar), max_label_w, 2);
    let note = bar
        .note
        .filter(|n| !n.trim().is_empty())
        .map(|n| wrap(n, NOTE_PX, Weight::Regular, max_label_w, 2))
        .unwrap_or_default();
    let content = LABEL_LINE * label.len() as i32 + NOTE_LINE * note.len() as i32;
    Row {
        height: content.max(BAR_H) + 2 * ROW_PAD,
        label,
        note,
        value: if bar.value.is_finite() {
            bar.value.max(0.0)
        } else {
            0.0
        },
    }
}

/// The width of the label column: its longest line.
fn label_width(chart: &Bars<'_>, rows: &[Row]) -> i32 {
    rows.iter()
        .zip(&chart.bars)
        .flat_map(|(r, bar)| {
            let weight = label_weight(bar);
            let l = r.label.iter().map(move |l| text_width(l, LABEL_PX, weight));
            let n = r
                .note
                .iter()
                .map(|n| text_width(n, NOTE_PX, Weight::Regular));
            l.chain(n).collect::<Vec<_>>()
        })
        .fold(0.0_f64, f64::max)
        .ceil() as i32
}

/// Scale: 0 … axis_max, with at most five ticks, fewer when their labels would touch.
fn choose_scale(chart: &Bars<'_>, rows: &[Row], (plot_left, right): (i32, i32)) -> Scale {
    let largest = rows.iter().map(|r| r.value).fold(0.0_f64, f64::max);
    // Nothing to draw (no bars, or all zero) still gets a 0–1 axis.
    let wanted = Some(chart.axis_max.max(largest))
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(1.0);
    let scale = |intervals: f64| {
        let ticks = Ticks::step_for(wanted / intervals);
        let axis_max = if chart.round_up {
            ticks.value(ticks.ceil_index(wanted))
        } else {
            wanted
        };
        let tick_values: Vec<f64> = (0..=ticks.floor_index(axis_max))
            .map(|k| ticks.value(k))
            .collect();
        let tick_labels: Vec<String> = tick_values.iter().map(|&v| (chart.tick_label)(v)).collect();
        let plot_w = plot_width(
            chart,
            rows,
            (plot_left, right),
            axis_max,
            (&tick_values, &tick_labels),
        );
        Scale {
            axis_max,
            tick_values,
            tick_labels,
            plot_w,
        }
    };
    let fits = |s: &Scale| {
        let x = |v: f64| v / s.axis_max * s.plot_w;
        let half = |l: &String| text_width(l, TICK_PX, Weight::Regular) / 2.0;
        s.tick_values
            .windows(2)
            .zip(s.tick_labels.windows(2))
            .all(|(v, l)| x(v[0]) + half(&l[0]) + 8.0 <= x(v[1]) - half(&l[1]))
    };
    [4.0, 3.0, 2.0]
        .into_iter()
        .map(scale)
        .find(fits)
        .unwrap_or_else(|| scale(1.0))
}

/// Bands behind emphasised rows, then gridlines.
fn draw_bands_and_grid(area: &Area<'_>, chart: &Bars<'_>, layout: &Layout) {
    for ((bar, row), &top) in chart.bars.iter().zip(&layout.rows).zip(&layout.row_tops) {
        if bar.emphasis {
            rect(
                area,
                (EDGE, top + 2),
                (layout.right, top + row.height - 2),
                HIGHLIGHT,
            );
        }
    }
    for &v in &layout.scale.tick_values[1..] {
        let x = layout.x_of(v);
        line(area, (x, layout.plot_top), (x, layout.plot_bottom), GRID, 1);
    }
}

/// Bars, then their value labels, then their labels, each kind one after another (they
/// do not overlap, and the SVG writer sets what a run shares once); returns the value
/// labels' boxes.
fn draw_rows(area: &Area<'_>, chart: &Bars<'_>, layout: &Layout) -> Vec<(i32, i32, i32, i32)> {
    let rows = || {
        chart
            .bars
            .iter()
            .zip(&layout.rows)
            .zip(&layout.row_tops)
            .map(|((bar, row), &top)| (bar, row, top + row.height / 2, layout.x_of(row.value)))
    };
    for (bar, _, cy, x1) in rows() {
        draw_bar(
            area,
            bar,
            layout.plot_left,
            (cy - BAR_H / 2, cy + BAR_H / 2),
            x1,
        );
    }
    let mut value_boxes = Vec::new();
    for (bar, _, cy, x1) in rows() {
        let vx = x1 + VALUE_GAP;
        let (weight, color) = value_style(bar);
        let vw = text_width(bar.value_label, VALUE_PX, weight).ceil() as i32;
        text(
            area,
            bar.value_label,
            (vx, cy),
            VALUE_PX,
            weight,
            color,
            HPos::Left,
        );
        value_boxes.push((vx - 3, vx + vw + 3, cy - 11, cy + 11));
    }
    for (bar, row, cy, _) in rows() {
        draw_label(area, bar, row, (layout.plot_left - LABEL_GAP, cy));
    }
    value_boxes
}

/// A bar from `plot_left` to `x1`, solid or hatched; an open bar stops short of its
/// bound and ends in two thinning steps.
fn draw_bar(area: &Area<'_>, bar: &Bar<'_>, plot_left: i32, (y0, y1): (i32, i32), x1: i32) {
    if x1 <= plot_left {
        return;
    }
    let solid_end = if bar.open {
        (x1 - OPEN_END).max(plot_left + 1)
    } else {
        x1
    };
    let color = match bar.fill {
        Fill::Solid(color) => {
            rect(area, (plot_left, y0), (solid_end, y1), color);
            color
        }
        Fill::Hatched(color) => {
            hatched_bar(area, (plot_left, y0), (solid_end, y1), color);
            color
        }
    };
    if bar.open {
        open_end(area, (solid_end, x1), (y0, y1), color);
    }
}

/// Label lines, then note lines, right-aligned at `x`, centred on `cy`.
fn draw_label(area: &Area<'_>, bar: &Bar<'_>, row: &Row, (x, cy): (i32, i32)) {
    let content = LABEL_LINE * row.label.len() as i32 + NOTE_LINE * row.note.len() as i32;
    let mut ly = cy - content / 2;
    for l in &row.label {
        text(
            area,
            l,
            (x, ly + LABEL_LINE / 2),
            LABEL_PX,
            label_weight(bar),
            INK,
            HPos::Right,
        );
        ly += LABEL_LINE;
    }
    for n in &row.note {
        text(
            area,
            n,
            (x, ly + NOTE_LINE / 2),
            NOTE_PX,
            Weight::Regular,
            MUTED,
            HPos::Right,
        );
        ly += NOTE_LINE;
    }
}

/// The reference line with its caption above it, kept inside the chart.
fn draw_reference(
    area: &Area<'_>,
    layout: &Layout,
    (at, caption): (f64, &str),
    value_boxes: &[(i32, i32, i32, i32)],
) {
    let x = layout.x_of(at);
    reference_line(
        area,
        x,
        (layout.plot_top - 4, layout.plot_bottom),
        value_boxes,
    );
    let (plot_left, right) = (layout.plot_left, layout.right);
    let pw = text_width(caption, PLAN_PX, Weight::Bold).ceil() as i32;
    let px = (x - pw / 2).clamp(plot_left.min(right - pw), (right - pw).max(0));
    text(
        area,
        caption,
        (px, layout.reference_y),
        PLAN_PX,
        Weight::Bold,
        REFERENCE,
        HPos::Left,
    );
}

/// The plot's width: as wide as possible while every value label fits after
/// its bar and every tick label fits under its tick.
fn plot_width(
    chart: &Bars<'_>,
    rows: &[Row],
    (plot_left, right): (i32, i32),
    axis_max: f64,
    (tick_values, tick_labels): (&[f64], &[String]),
) -> f64 {
    let mut plot_w = f64::from(right - plot_left);
    for (bar, row) in chart.bars.iter().zip(rows) {
        if row.value > 0.0 {
            let lw = text_width(bar.value_label, VALUE_PX, value_style(bar).0);
            let room = f64::from(right - VALUE_GAP - plot_left) - lw;
            plot_w = plot_w.min(room * axis_max / row.value.min(axis_max));
        }
    }
    for (&v, l) in tick_values.iter().zip(tick_labels) {
        if v > 0.0 {
            let room = f64::from(right - plot_left) - text_width(l, TICK_PX, Weight::Regular) / 2.0;
            plot_w = plot_w.min(room * axis_max / v);
        }
    }
    plot_w.floor().max(40.0)
}

/// Bars of amounts from zero to a round number past the largest, with no
/// reference line (rankings, breakdowns).
pub(crate) fn amount_bars_svg(
    meta: &ChartMeta,
    bars: Vec<Bar<'_>>,
    legend: Vec<LegendItem<'_>>,
    tick_label: &dyn Fn(f64) -> String,
) -> String {
    bars_svg(&Bars {
        meta,
        bars,
        axis_max: 0.0,
        round_up: true,
        tick_label,
        reference: None,
        legend,
    })
}

/// A dashed vertical line at `x` from `top` to `bottom`, interrupted where a
/// value label (x0, x1, y0, y1) crosses it.
fn reference_line(
    area: &Area<'_>,
    x: i32,
    (top, bottom): (i32, i32),
    value_boxes: &[(i32, i32, i32, i32)],
) {
    let mut y = top;
    let mut blocked: Vec<(i32, i32)> = value_boxes
        .iter()
        .filter(|&&(a, b, _, _)| a <= x && x <= b)
        .map(|&(_, _, t, b)| (t, b))
        .collect();
    blocked.sort_unstable();
    for (t, b) in blocked {
        if t > y {
            dashed_line(area, (x, y), (x, t), (5.0, 3.0), REFERENCE, 2);
        }
        y = y.max(b);
    }
    if bottom > y {
        dashed_line(area, (x, y), (x, bottom), (5.0, 3.0), REFERENCE, 2);
    }
}

fn label_weight(bar: &Bar<'_>) -> Weight {
    if bar.emphasis {
        Weight::Bold
    } else {
        Weight::Regular
    }
}

fn value_style(bar: &Bar<'_>) -> (Weight, RGBColor) {
    if bar.value_muted {
        (Weight::Regular, MUTED)
    } else {
        (Weight::Bold, INK)
    }
}

/// A legend entry for bars drawn with `fill`.
pub(crate) fn fill_legend(label: &str, fill: Fill) -> LegendItem<'_> {
    LegendItem {
        label,
        swatch: Box::new(move |area: &Area<'_>, (x, y): (i32, i32)| match fill {
            Fill::Solid(color) => rect(area, (x, y - 7), (x + 26, y + 7), color),
            Fill::Hatched(color) => hatched_bar(area, (x, y - 7), (x + 26, y + 7), color),
        }),
    }
}

/// A legend entry for the emphasised row: the pale band with a bar in it.
pub(crate) fn emphasis_legend(label: &str, fill: Fill) -> LegendItem<'_> {
    LegendItem {
        label,
        swatch: Box::new(move |area: &Area<'_>, (x, y): (i32, i32)| {
            rect(area, (x, y - 9), (x + 26, y + 9), HIGHLIGHT);
            match fill {
                Fill::Solid(color) => rect(area, (x + 3, y - 5), (x + 23, y + 5), color),
                Fill::Hatched(color) => hatched_bar(area, (x + 3, y - 5), (x + 23, y + 5), color),
            }
        }),
    }
}

/// A bar in `color` with white diagonal hatching over it.
/// How much of an open bar's length is its broken end.
const OPEN_END: i32 = 18;

/// The broken end of an open bar: two blocks, each thinner and further apart, up to `x1`.
fn open_end(area: &Area<'_>, (from, x1): (i32, i32), (y0, y1): (i32, i32), color: RGBColor) {
    let step = (x1 - from) / 3;
    if step < 2 {
        return;
    }
    let inset = (y1 - y0) / 6;
    rect(
        area,
        (from + 2, y0 + inset),
        (from + step, y1 - inset),
        color,
    );
    rect(
        area,
        (from + step + 4, y0 + 2 * inset),
        (x1 - 2, y1 - 2 * inset),
        color,
    );
}

fn hatched_bar(area: &Area<'_>, from: (i32, i32), to: (i32, i32), color: RGBColor) {
    rect(area, from, to, color);
    hatch(area, from, to);
}
