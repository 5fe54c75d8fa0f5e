//! Plan achievement: one horizontal bar per indicator, % of plan, with the
//! 100 % line marked.
//!
//! Layout (viewBox 640 wide, height grows with the bars):
//! ```text
//!  ▮ Đạt kế hoạch   ▨ Chưa đạt kế hoạch            legend (only statuses present)
//!                                  100% kế hoạch   plan label over the 100 % line
//!        Giải quyết việc làm ▕██████████████████┆█ 102,1%
//!  Tỷ lệ thất nghiệp thành thị ▕██████████████████┆ 100%
//!            thấp hơn là tốt ▕                   ┆
//!                             0%   20%  40%  60%  80% 100%   ticks
//! ```
//! Labels are right-aligned in a column sized to the longest one (measured
//! with the font), wrapped to two lines and cut with "…" beyond 40 % of the
//! width. The plot is then narrowed until every value label fits at its
//! bar's end.

use plotters::style::Color;
use plotters::style::text_anchor::HPos;

use super::font::{self, Weight, text_width};
use super::{
    AXIS, Achievement, Area, BLUE, EDGE, GREY, GRID, INK, LegendItem, MUTED, NumberFormat,
    REFERENCE, Status, Ticks, VERMILLION, WIDTH, dashed_line, legend, line, polyline, rect, render,
    text, wrap,
};

const LABEL_PX: f64 = 16.0;
const LABEL_LINE: i32 = 20;
const NOTE_PX: f64 = 14.0;
const NOTE_LINE: i32 = 18;
const VALUE_PX: f64 = 16.0;
const TICK_PX: f64 = 14.0;
const PLAN_PX: f64 = 14.0;

/// Bar thickness and the space above and below each row's content.
const BAR_H: i32 = 24;
const ROW_PAD: i32 = 9;
/// Gap between the label column and the bars, and between a bar and its value.
const LABEL_GAP: i32 = 10;
const VALUE_GAP: i32 = 6;
/// Labels may take at most this share of the width.
const LABEL_SHARE: f64 = 0.4;

struct Row {
    label: Vec<String>,
    note: Vec<String>,
    /// Height of the row, padding included.
    height: i32,
    percent: f64,
}

pub fn achievement_svg(chart: &Achievement, fmt: NumberFormat<'_>) -> String {
    font::ensure_registered();
    let max_label_w = (f64::from(WIDTH) * LABEL_SHARE).floor() - f64::from(EDGE + LABEL_GAP);

    // Label column.
    let rows: Vec<Row> = chart
        .bars
        .iter()
        .map(|bar| {
            let label = wrap(&bar.label, LABEL_PX, Weight::Regular, max_label_w, 2);
            let note = bar
                .note
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .map(|n| wrap(n, NOTE_PX, Weight::Regular, max_label_w, 2))
                .unwrap_or_default();
            let content = LABEL_LINE * label.len() as i32 + NOTE_LINE * note.len() as i32;
            Row {
                height: content.max(BAR_H) + 2 * ROW_PAD,
                label,
                note,
                percent: if bar.percent.is_finite() {
                    bar.percent.max(0.0)
                } else {
                    0.0
                },
            }
        })
        .collect();
    let label_w = rows
        .iter()
        .flat_map(|r| {
            let l = r
                .label
                .iter()
                .map(|l| text_width(l, LABEL_PX, Weight::Regular));
            let n = r
                .note
                .iter()
                .map(|n| text_width(n, NOTE_PX, Weight::Regular));
            l.chain(n).collect::<Vec<_>>()
        })
        .fold(0.0_f64, f64::max)
        .ceil() as i32;
    let plot_left = EDGE + label_w + LABEL_GAP;
    let right = WIDTH - EDGE;

    // Scale: 0 … max(110, largest + 10) %.
    let max_percent = rows.iter().map(|r| r.percent).fold(0.0_f64, f64::max);
    let axis_max = (max_percent + 10.0).max(110.0);
    let ticks = Ticks::step_for(axis_max / 6.0);
    let tick_values: Vec<f64> = (0..=ticks.floor_index(axis_max))
        .map(|k| ticks.value(k))
        .collect();
    let tick_labels: Vec<String> = tick_values
        .iter()
        .map(|&v| format!("{}%", fmt(v)))
        .collect();

    // Plot width: as wide as possible while every value label fits after
    // its bar and every tick label fits under its tick.
    let mut plot_w = f64::from(right - plot_left);
    for (bar, row) in chart.bars.iter().zip(&rows) {
        if row.percent > 0.0 {
            let lw = text_width(&bar.value_label, VALUE_PX, value_style(bar.status).0);
            let room = f64::from(right - VALUE_GAP - plot_left) - lw;
            plot_w = plot_w.min(room * axis_max / row.percent);
        }
    }
    for (&v, l) in tick_values.iter().zip(&tick_labels) {
        if v > 0.0 {
            let room = f64::from(right - plot_left) - text_width(l, TICK_PX, Weight::Regular) / 2.0;
            plot_w = plot_w.min(room * axis_max / v);
        }
    }
    let plot_w = plot_w.floor().max(40.0);
    let x_of = |p: f64| plot_left + (p.min(axis_max) / axis_max * plot_w).round() as i32;
    let x100 = x_of(100.0);

    // Vertical layout.
    let legend_items = legend_items(chart);
    let legend_h = legend(None, &legend_items, EDGE, 0);
    let plan_y = legend_h + if legend_h > 0 { 12 } else { 0 } + 9;
    let plot_top = plan_y + 13;
    let mut row_tops = Vec::with_capacity(rows.len());
    let mut y = plot_top;
    for r in &rows {
        row_tops.push(y);
        y += r.height;
    }
    let plot_bottom = y;
    let tick_y = plot_bottom + 14;
    let height = tick_y + 12;

    render(&chart.meta, (WIDTH, height), |area| {
        // Gridlines.
        for &v in &tick_values[1..] {
            let x = x_of(v);
            line(area, (x, plot_top), (x, plot_bottom), GRID, 1);
        }

        // Bars and their value labels.
        let mut value_boxes = Vec::new();
        for ((bar, row), &top) in chart.bars.iter().zip(&rows).zip(&row_tops) {
            let cy = top + row.height / 2;
            let (y0, y1) = (cy - BAR_H / 2, cy + BAR_H / 2);
            let x1 = x_of(row.percent);
            if x1 > plot_left {
                match bar.status {
                    Status::Met => rect(area, (plot_left, y0), (x1, y1), BLUE),
                    Status::NotMet => hatched_bar(area, (plot_left, y0), (x1, y1)),
                    Status::NoTarget => rect(area, (plot_left, y0), (x1, y1), GREY),
                }
            }
            let vx = x1 + VALUE_GAP;
            let (weight, color) = value_style(bar.status);
            let vw = text_width(&bar.value_label, VALUE_PX, weight).ceil() as i32;
            text(
                area,
                &bar.value_label,
                (vx, cy),
                VALUE_PX,
                weight,
                color,
                HPos::Left,
            );
            value_boxes.push((vx - 3, vx + vw + 3, cy - 11, cy + 11));

            // Label lines, then note lines, right-aligned, centred on the bar.
            let content = LABEL_LINE * row.label.len() as i32 + NOTE_LINE * row.note.len() as i32;
            let mut ly = cy - content / 2;
            for l in &row.label {
                text(
                    area,
                    l,
                    (plot_left - LABEL_GAP, ly + LABEL_LINE / 2),
                    LABEL_PX,
                    Weight::Regular,
                    INK,
                    HPos::Right,
                );
                ly += LABEL_LINE;
            }
            for n in &row.note {
                text(
                    area,
                    n,
                    (plot_left - LABEL_GAP, ly + NOTE_LINE / 2),
                    NOTE_PX,
                    Weight::Regular,
                    MUTED,
                    HPos::Right,
                );
                ly += NOTE_LINE;
            }
        }

        // Zero baseline.
        line(
            area,
            (plot_left, plot_top),
            (plot_left, plot_bottom),
            AXIS,
            1,
        );

        // The 100 % line, dashed, interrupted where a value label crosses it.
        let mut y = plot_top - 4;
        let mut blocked: Vec<(i32, i32)> = value_boxes
            .iter()
            .filter(|&&(a, b, _, _)| a <= x100 && x100 <= b)
            .map(|&(_, _, t, b)| (t, b))
            .collect();
        blocked.sort_unstable();
        for (t, b) in blocked {
            if t > y {
                dashed_line(area, (x100, y), (x100, t), (5.0, 3.0), REFERENCE, 2);
            }
            y = y.max(b);
        }
        if plot_bottom > y {
            dashed_line(
                area,
                (x100, y),
                (x100, plot_bottom),
                (5.0, 3.0),
                REFERENCE,
                2,
            );
        }

        // Plan label above the line, kept inside the chart.
        let pw = text_width(&chart.plan_label, PLAN_PX, Weight::Bold).ceil() as i32;
        let px = (x100 - pw / 2).clamp(plot_left.min(right - pw), (right - pw).max(0));
        text(
            area,
            &chart.plan_label,
            (px, plan_y),
            PLAN_PX,
            Weight::Bold,
            REFERENCE,
            HPos::Left,
        );

        // Tick labels.
        for (&v, l) in tick_values.iter().zip(&tick_labels) {
            text(
                area,
                l,
                (x_of(v), tick_y),
                TICK_PX,
                Weight::Regular,
                MUTED,
                HPos::Center,
            );
        }

        legend(Some(area), &legend_items, EDGE, 0);
    })
}

/// Without a target the "value" is an explanation, not a figure.
fn value_style(status: Status) -> (Weight, plotters::style::RGBColor) {
    match status {
        Status::NoTarget => (Weight::Regular, MUTED),
        Status::Met | Status::NotMet => (Weight::Bold, INK),
    }
}

fn legend_items(chart: &Achievement) -> Vec<LegendItem<'_>> {
    let has = |s: Status| chart.bars.iter().any(|b| b.status == s);
    let mut items = Vec::new();
    if has(Status::Met) {
        items.push(LegendItem {
            label: &chart.legend_met,
            swatch: Box::new(|area: &Area<'_>, (x, y): (i32, i32)| {
                rect(area, (x, y - 7), (x + 26, y + 7), BLUE)
            }),
        });
    }
    if has(Status::NotMet) {
        items.push(LegendItem {
            label: &chart.legend_not_met,
            swatch: Box::new(|area: &Area<'_>, (x, y): (i32, i32)| {
                hatched_bar(area, (x, y - 7), (x + 26, y + 7))
            }),
        });
    }
    items
}

/// A "not met" bar: vermillion with white diagonal hatching, so it differs
/// from a "met" bar in pattern as well as in colour.
fn hatched_bar(area: &Area<'_>, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
    const SPACING: i32 = 7;
    rect(area, (x0, y0), (x1, y1), VERMILLION);
    let stripe = plotters::style::WHITE.mix(0.55);
    // Lines x + y = c, anchored to a global grid so all bars line up.
    let first = (x0 + y0).div_euclid(SPACING) * SPACING + SPACING;
    let mut c = first;
    while c < x1 + y1 {
        let (mut sx, mut sy) = (c - y1, y1);
        if sx < x0 {
            sx = x0;
            sy = c - x0;
        }
        let (mut ex, mut ey) = (c - y0, y0);
        if ex > x1 {
            ex = x1;
            ey = c - x1;
        }
        if ex - sx > 1 {
            polyline(area, vec![(sx, sy), (ex, ey)], stripe, 2);
        }
        c += SPACING;
    }
}
