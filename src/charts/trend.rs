//! Trend: an indicator's actual figures over time as a line with value
//! labels, plan targets as hollow diamonds, estimates hollow and dashed.
//!
//! Layout (viewBox 640 wide):
//! ```text
//!  ─●─ Thực hiện   ◇ Kế hoạch   ┄○┄ Ước tính     legend (only what is drawn)
//!  %                                             unit caption
//!  5                 4,35%
//!  4 ────────────────●────────────             light horizontal gridlines
//!  3                              ●────── ┄ ┄ ◇  dashed to a next-period target
//!  0 ───────────────────────────────────────────  baseline
//!                  2022          2023       2024  category labels
//! ```
//!
//! The y axis starts at 0, so bar-free readers still judge magnitudes
//! honestly (a fall from 4,35 % to 3,02 % looks like the 30 % fall it is).
//! The one exception is a series whose values all sit in a narrow band far
//! from zero (at least two different values, spread below 15 % of the
//! largest, e.g. employment of 13.989 → 14.210 thousand people): at zero
//! scale its line would be flat, so the
//! axis then starts at a round value below the smallest figure, and that
//! starting value is printed as the bottom tick label.

use plotters::style::Color;
use plotters::style::WHITE;
use plotters::style::text_anchor::HPos;

use super::font::{self, Weight, text_width};
use super::{
    AXIS, Area, BLUE, EDGE, GRID, INK, LegendItem, MUTED, NumberFormat, REFERENCE, Ticks, Trend,
    TrendPoint, WIDTH, circle, dashed_line, ellipsize_if_needed, legend, line, polygon, polyline,
    render, text, wrap_in_two,
};

const TICK_PX: f64 = 14.0;
const UNIT_PX: f64 = 14.0;
const XLABEL_PX: f64 = 15.5;
const XLABEL_LINE: i32 = 19;
const VALUE_PX: f64 = 15.5;
const TARGET_PX: f64 = 14.0;
const PLOT_H: i32 = 220;
/// Room above the plot for the value label of a point at the top tick.
const HEADROOM: i32 = 30;
/// A series is "a narrow band far from zero" when max − min < this × max.
const NARROW_BAND: f64 = 0.15;

const POINT_R: i32 = 5;
const DIAMOND_R: i32 = 7;

/// The y axis: its ends and its ticks with their labels.
struct YScale {
    lo: f64,
    hi: f64,
    tick_values: Vec<f64>,
    tick_labels: Vec<String>,
}

/// The plot's frame: maps categories and values to positions.
struct Frame {
    plot_left: i32,
    plot_right: i32,
    plot_bottom: i32,
    band: f64,
    y: YScale,
}

impl Frame {
    fn x_of(&self, i: usize) -> i32 {
        self.plot_left + (self.band * (i as f64 + 0.5)).round() as i32
    }

    fn y_of(&self, v: f64) -> i32 {
        let (lo, hi) = (self.y.lo, self.y.hi);
        self.plot_bottom - ((v - lo) / (hi - lo) * f64::from(PLOT_H)).round() as i32
    }
}

pub fn trend_svg(chart: &Trend, fmt: NumberFormat<'_>) -> String {
    font::ensure_registered();
    let cats = categories(chart);
    let n = cats.len().max(1);
    let (points, targets) = (
        on_axis(&chart.points, &cats),
        on_axis(&chart.targets, &cats),
    );
    let y = y_scale(&points, &targets, fmt);

    // Horizontal layout.
    let tick_w = y
        .tick_labels
        .iter()
        .map(|l| text_width(l, TICK_PX, Weight::Regular))
        .fold(0.0, f64::max);
    let plot_left = EDGE + tick_w.ceil() as i32 + 8;
    let plot_right = WIDTH - EDGE;
    let band = f64::from(plot_right - plot_left) / n as f64;
    let x_labels = category_labels(&cats, band);
    let x_lines = x_labels.iter().map(Vec::len).max().unwrap_or(1) as i32;

    // Vertical layout.
    let items = legend_items(chart, &points, &targets);
    let legend_h = legend(None, &items, EDGE, 0);
    let unit_y = legend_h + if legend_h > 0 { 10 } else { 0 } + 9;
    let plot_top = unit_y + 9 + HEADROOM;
    let frame = Frame {
        plot_left,
        plot_right,
        plot_bottom: plot_top + PLOT_H,
        band,
        y,
    };
    let x_label_top = frame.plot_bottom + 10;
    let height = x_label_top + XLABEL_LINE * x_lines + 2;

    let (actual_segments, target_links) = segments(&frame, &points, &targets);
    // Value labels: placed greedily, most important first, never overlapping.
    let obstacles: Vec<Segment> = actual_segments
        .iter()
        .chain(&target_links)
        .copied()
        .collect();
    let labels = place_value_labels(
        &points,
        &targets,
        (&|i| frame.x_of(i), &|v| frame.y_of(v)),
        &obstacles,
        (frame.plot_left, plot_top - HEADROOM, frame.plot_bottom),
    );

    render(&chart.meta, (WIDTH, height), |area| {
        draw_axes(area, &frame, &chart.unit_label, unit_y);
        draw_category_labels(area, &frame, &x_labels, x_label_top);
        for &(from, to, _) in &target_links {
            dashed_line(area, from, to, (6.0, 4.0), REFERENCE, 2);
        }
        for &(a, b, dashed) in &actual_segments {
            if dashed {
                dashed_line(area, a, b, (7.0, 5.0), BLUE, 3);
            } else {
                polyline(area, vec![a, b], BLUE.to_rgba(), 3);
            }
        }
        // Markers: targets under actuals.
        for &(i, t) in &targets {
            diamond(area, (frame.x_of(i), frame.y_of(t.value)));
        }
        for &(i, p) in &points {
            point_marker(area, (frame.x_of(i), frame.y_of(p.value)), p.estimate);
        }
        for l in &labels {
            l.draw(area);
        }
        legend(Some(area), &items, EDGE, 0);
    })
}

/// The finite points of `list` with the index of their category.
fn on_axis<'a>(list: &'a [TrendPoint], cats: &[String]) -> Vec<(usize, &'a TrendPoint)> {
    list.iter()
        .filter(|p| p.value.is_finite())
        .filter_map(|p| Some((cats.iter().position(|c| *c == p.x_label)?, p)))
        .collect()
}

/// Y scale (see the module comment for when it does not start at 0).
fn y_scale(
    points: &[(usize, &TrendPoint)],
    targets: &[(usize, &TrendPoint)],
    fmt: NumberFormat<'_>,
) -> YScale {
    let values = points.iter().chain(targets).map(|(_, p)| p.value);
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let narrow_band = lo > 0.0 && hi > lo && hi - lo < NARROW_BAND * hi;
    let (ticks, k_min, k_max) = if narrow_band {
        let t = Ticks::step_for((hi - lo) / 4.0);
        let k = t.floor_index(lo);
        // Keep the lowest point off the bottom gridline.
        let k = if lo - t.value(k) < 0.3 * t.step() {
            k - 1
        } else {
            k
        };
        (t, k, t.ceil_index(hi))
    } else {
        let t = Ticks::step_for((hi.max(0.0) - lo.min(0.0)).max(f64::MIN_POSITIVE) / 5.0);
        (t, t.floor_index(lo.min(0.0)), t.ceil_index(hi.max(0.0)))
    };
    let k_max = k_max.max(k_min + 1);
    let tick_values: Vec<f64> = (k_min..=k_max).map(|k| ticks.value(k)).collect();
    YScale {
        lo: ticks.value(k_min),
        hi: ticks.value(k_max),
        tick_labels: tick_values.iter().map(|&v| fmt(v)).collect(),
        tick_values,
    }
}

/// The actual line (dashed into and out of estimates), and dashed links
/// from the last actual figure to the next-period target(s), chained in
/// period order.
fn segments(
    frame: &Frame,
    points: &[(usize, &TrendPoint)],
    targets: &[(usize, &TrendPoint)],
) -> (Vec<Segment>, Vec<Segment>) {
    let at = |i: usize, v: f64| (frame.x_of(i), frame.y_of(v));
    let actual_segments: Vec<Segment> = points
        .windows(2)
        .map(|pair| {
            let ((i0, p0), (i1, p1)) = (pair[0], pair[1]);
            (
                at(i0, p0.value),
                at(i1, p1.value),
                p0.estimate || p1.estimate,
            )
        })
        .collect();
    let mut target_links: Vec<Segment> = Vec::new();
    if let Some(&(li, lp)) = points.iter().max_by_key(|&&(i, _)| i) {
        let mut later: Vec<&(usize, &TrendPoint)> =
            targets.iter().filter(|&&(ti, _)| ti > li).collect();
        later.sort_by_key(|&&(ti, _)| ti);
        let mut from = at(li, lp.value);
        for &&(ti, tp) in &later {
            let to = at(ti, tp.value);
            target_links.push((from, to, true));
            from = to;
        }
    }
    (actual_segments, target_links)
}

/// Gridlines, then y tick labels (left of the lines) and the unit caption.
fn draw_axes(area: &Area<'_>, frame: &Frame, unit_label: &str, unit_y: i32) {
    for &v in &frame.y.tick_values {
        let color = if v == 0.0 { AXIS } else { GRID };
        let y = frame.y_of(v);
        line(area, (frame.plot_left, y), (frame.plot_right, y), color, 1);
    }
    for (&v, l) in frame.y.tick_values.iter().zip(&frame.y.tick_labels) {
        let y = frame.y_of(v);
        text(
            area,
            l,
            (frame.plot_left - 8, y),
            TICK_PX,
            Weight::Regular,
            MUTED,
            HPos::Right,
        );
    }
    text(
        area,
        unit_label,
        (EDGE, unit_y),
        UNIT_PX,
        Weight::Regular,
        MUTED,
        HPos::Left,
    );
}

/// Category labels under the plot.
fn draw_category_labels(area: &Area<'_>, frame: &Frame, x_labels: &[Vec<String>], top: i32) {
    for (i, lines) in x_labels.iter().enumerate() {
        for (j, l) in lines.iter().enumerate() {
            let y = top + XLABEL_LINE * j as i32 + XLABEL_LINE / 2;
            // A label wider than its band (thinned labels) stays inside the chart.
            let half = (text_width(l, XLABEL_PX, Weight::Regular) / 2.0).ceil() as i32 + 1;
            let x = frame
                .x_of(i)
                .clamp(EDGE + half, (WIDTH - EDGE - half).max(EDGE + half));
            text(
                area,
                l,
                (x, y),
                XLABEL_PX,
                Weight::Regular,
                INK,
                HPos::Center,
            );
        }
    }
}

/// The x categories: the points' labels in order, with each target's label
/// that is not among them inserted before the next target that is, or
/// after the previous target, or at the end (a next-period target).
fn categories(chart: &Trend) -> Vec<String> {
    let mut cats: Vec<String> = Vec::new();
    for p in &chart.points {
        if !cats.contains(&p.x_label) {
            cats.push(p.x_label.clone());
        }
    }
    for (k, t) in chart.targets.iter().enumerate() {
        if cats.contains(&t.x_label) {
            continue;
        }
        let pos_of = |l: &str| cats.iter().position(|c| c == l);
        let before_next = chart.targets[k + 1..]
            .iter()
            .find_map(|n| pos_of(&n.x_label));
        let after_prev = chart.targets[..k]
            .iter()
            .rev()
            .find_map(|p| pos_of(&p.x_label))
            .map(|i| i + 1);
        let at = before_next.or(after_prev).unwrap_or(cats.len());
        cats.insert(at, t.x_label.clone());
    }
    cats
}

/// Category labels that fit their band: on one line, else wrapped on two;
/// if even that is too wide, only every k-th label (always including the
/// last) is shown, with k bands of room.
fn category_labels(cats: &[String], band: f64) -> Vec<Vec<String>> {
    let n = cats.len();
    let last = n.saturating_sub(1);
    for every in 1..=n.max(1) {
        let room = band * every as f64 - 8.0;
        let shown = |i: usize| (last - i).is_multiple_of(every);
        let labels: Option<Vec<Vec<String>>> = cats
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if shown(i) {
                    wrap_in_two(c, XLABEL_PX, Weight::Regular, room)
                } else {
                    Some(Vec::new())
                }
            })
            .collect();
        if let Some(labels) = labels {
            return labels;
        }
    }
    // A label wider than the whole chart even on two lines: cut it.
    let room = f64::from(WIDTH - 2 * EDGE);
    cats.iter()
        .enumerate()
        .map(|(i, c)| {
            if i == last {
                vec![ellipsize_if_needed(c, XLABEL_PX, Weight::Regular, room)]
            } else {
                Vec::new()
            }
        })
        .collect()
}

struct ValueLabel {
    text: String,
    x: i32,
    y: i32,
    target: bool,
}

impl ValueLabel {
    fn draw(&self, area: &Area<'_>) {
        let (px, weight, color) = if self.target {
            (TARGET_PX, Weight::Regular, MUTED)
        } else {
            (VALUE_PX, Weight::Bold, INK)
        };
        text(
            area,
            &self.text,
            (self.x, self.y),
            px,
            weight,
            color,
            HPos::Center,
        );
    }
}

/// A line segment from one point to another; `true` if drawn dashed.
type Segment = ((i32, i32), (i32, i32), bool);

/// A value label to place, with its preferred side.
struct Candidate<'a> {
    p: &'a TrendPoint,
    i: usize,
    target: bool,
    above_first: bool,
}

/// The labels in order of importance, each with its preferred side (see
/// [`place_value_labels`]).
fn label_candidates<'a>(
    points: &[(usize, &'a TrendPoint)],
    targets: &[(usize, &'a TrendPoint)],
) -> Vec<Candidate<'a>> {
    let n = points.len();
    let mut order: Vec<usize> = Vec::new();
    let mut push = |k: Option<usize>| {
        if let Some(k) = k.filter(|k| !order.contains(k)) {
            order.push(k);
        }
    };
    push(n.checked_sub(1));
    push((n > 0).then_some(0));
    let extreme = |higher: bool| {
        (0..n).reduce(|a, b| {
            let (va, vb) = (points[a].1.value, points[b].1.value);
            if (higher && vb > va) || (!higher && vb < va) {
                b
            } else {
                a
            }
        })
    };
    push(extreme(true));
    push(extreme(false));
    (0..n).for_each(|k| push(Some(k)));

    let last_point = points.iter().map(|&(i, _)| i).max();
    let next_period = |k: usize| Some(targets[k].0) > last_point;
    // A plan is labelled where it changes: a run of equal plans, level on the chart, once
    // (the next period's plan always).
    let changed = |k: usize| k == 0 || targets[k - 1].1.value_label != targets[k].1.value_label;
    let mut target_order: Vec<usize> = (0..targets.len())
        .filter(|&k| changed(k) || next_period(k))
        .collect();
    target_order.sort_by_key(|&k| std::cmp::Reverse(next_period(k)));

    let mut candidates: Vec<Candidate<'a>> = Vec::new();
    for k in order {
        let (i, p) = points[k];
        let target = targets
            .iter()
            .find(|&&(ti, _)| ti == i)
            .map(|(_, t)| t.value);
        let neighbours = [k.checked_sub(1), Some(k + 1).filter(|&j| j < n)];
        let values: Vec<f64> = neighbours
            .iter()
            .flatten()
            .map(|&j| points[j].1.value)
            .collect();
        let dip = !values.is_empty() && values.iter().all(|&v| v > p.value);
        let above_first = match target {
            Some(t) => p.value >= t,
            None => !dip,
        };
        candidates.push(Candidate {
            p,
            i,
            target: false,
            above_first,
        });
    }
    for k in target_order {
        let (i, t) = targets[k];
        let actual = points
            .iter()
            .find(|&&(pi, _)| pi == i)
            .map(|(_, p)| p.value);
        candidates.push(Candidate {
            p: t,
            i,
            target: true,
            above_first: actual.is_none_or(|p| t.value > p),
        });
    }
    candidates
}

/// Places each value label above or below its marker and returns them.
///
/// Preferred side: the higher of an actual/target pair of one period goes
/// above, the lower below; a point lower than its neighbours (a dip, or a
/// start or end below the next or previous figure) is labelled below, any
/// other above. A place is taken if the label stays in the chart, overlaps
/// no other label or marker, and does not cross a line: centred over or
/// under the marker, else beside it (up or down, right or left), where a
/// sloping line leaves room. Failing that, an actual figure's label is
/// centred on a side where it only crosses a line, and a target's is left
/// out (the chart's table has its number, and the diamond shows it). A label
/// never reaches left of the plot, over the axis's tick labels. Importance:
/// last point, first point, highest, lowest, the other points, then targets
/// (next-period ones first).
fn place_value_labels(
    points: &[(usize, &TrendPoint)],
    targets: &[(usize, &TrendPoint)],
    (x_of, y_of): (&dyn Fn(usize) -> i32, &dyn Fn(f64) -> i32),
    lines: &[Segment],
    (left, top, bottom): (i32, i32, i32),
) -> Vec<ValueLabel> {
    type Box = (i32, i32, i32, i32);
    let candidates = label_candidates(points, targets);
    // Boxes nothing may overlap: the markers, then each label as it is placed.
    let mut boxes: Vec<Box> = Vec::new();
    for &(i, p) in points {
        let (x, y) = (x_of(i), y_of(p.value));
        boxes.push((x - POINT_R, x + POINT_R, y - POINT_R, y + POINT_R));
    }
    for &(i, t) in targets {
        let (x, y) = (x_of(i), y_of(t.value));
        boxes.push((x - DIAMOND_R, x + DIAMOND_R, y - DIAMOND_R, y + DIAMOND_R));
    }
    let overlaps = |a: Box, b: &Box| a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3;
    let crosses_line = |b: Box| lines.iter().any(|&(p, q, _)| segment_hits_box(p, q, b));
    let in_plot = |b: Box| b.0 >= left && b.1 <= WIDTH - EDGE && b.2 >= top && b.3 <= bottom + 8;
    // A label's places, best first: centred over or under its marker (the preferred side
    // first), then beside it, starting at its centre, up or down, right or left.
    let places = |c: &Candidate| {
        let (px, weight) = if c.target {
            (TARGET_PX, Weight::Regular)
        } else {
            (VALUE_PX, Weight::Bold)
        };
        let half = text_width(&c.p.value_label, px, weight).ceil() as i32 / 2 + 1;
        let (mx, my) = (x_of(c.i), y_of(c.p.value));
        // A label at the first period wider than its band moves right, off the tick labels.
        let x = mx.clamp(left + half, (WIDTH - EDGE - half).max(left + half));
        let r = if c.target { DIAMOND_R } else { POINT_R + 2 };
        let (above, below) = (my - r - 9, my + r + 11);
        let sides = if c.above_first {
            [above, below]
        } else {
            [below, above]
        };
        let label_box = move |(x, y): (i32, i32)| (x - half, x + half, y - 10, y + 9);
        let centred = sides.map(|y| (x, y));
        let beside = sides.map(|y| [(mx + half + 2, y), (mx - half - 2, y)]);
        (centred, beside.concat(), label_box)
    };

    // First the labels in order of importance, each centred where it crosses no line if it
    // can; an actual figure's, failing that, where it only crosses one, or beside its
    // marker when both centred places are taken. A plan's label may go beside its marker
    // at once: every actual figure's is placed by then. Each label keeps its candidate.
    let mut placed: Vec<(ValueLabel, &Candidate)> = Vec::new();
    for c in &candidates {
        let (centred, beside, label_box) = places(c);
        let free = |at: (i32, i32)| {
            let b = label_box(at);
            in_plot(b) && !boxes.iter().any(|o| overlaps(b, o))
        };
        let clear = |at: &(i32, i32)| free(*at) && !crosses_line(label_box(*at));
        let choice = match c.target {
            true => centred.iter().chain(&beside).find(|at| clear(at)),
            false => (centred.iter().find(|at| clear(at)))
                .or_else(|| centred.iter().find(|at| free(**at)))
                .or_else(|| beside.iter().find(|at| clear(at))),
        };
        if let Some(&(x, y)) = choice {
            boxes.push(label_box((x, y)));
            let text = c.p.value_label.clone();
            placed.push((
                ValueLabel {
                    text,
                    x,
                    y,
                    target: c.target,
                },
                c,
            ));
        }
    }
    // Then each label left across a line moves beside its marker, where that is clear of
    // every other label, marker and line.
    let markers = points.len() + targets.len();
    for k in 0..placed.len() {
        let c = placed[k].1;
        if c.target || !crosses_line(boxes[markers + k]) {
            continue;
        }
        let (_, beside, label_box) = places(c);
        let others =
            |b: Box| (boxes.iter().enumerate()).any(|(j, o)| j != markers + k && overlaps(b, o));
        let to = beside.into_iter().find(|&at| {
            let b = label_box(at);
            in_plot(b) && !others(b) && !crosses_line(b)
        });
        if let Some((x, y)) = to {
            boxes[markers + k] = label_box((x, y));
            placed[k].0.x = x;
            placed[k].0.y = y;
        }
    }
    placed.into_iter().map(|(label, _)| label).collect()
}

/// Whether the segment p–q, drawn 3 px wide, passes through the box (x0, x1, y0, y1):
/// the part of the segment within the box's bounds grown by half the line's width, found
/// along x and along y in turn (Liang–Barsky), is not empty.
fn segment_hits_box(p: (i32, i32), q: (i32, i32), (x0, x1, y0, y1): (i32, i32, i32, i32)) -> bool {
    let (mut from, mut to) = (0.0_f64, 1.0_f64);
    for (start, end, lo, hi) in [(p.0, q.0, x0, x1), (p.1, q.1, y0, y1)] {
        let (start, d) = (f64::from(start), f64::from(end - start));
        let (lo, hi) = (f64::from(lo) - 1.5, f64::from(hi) + 1.5);
        if d == 0.0 {
            if start < lo || start > hi {
                return false;
            }
            continue;
        }
        let (a, b) = ((lo - start) / d, (hi - start) / d);
        from = from.max(a.min(b));
        to = to.min(a.max(b));
        if from > to {
            return false;
        }
    }
    true
}

fn point_marker(area: &Area<'_>, c: (i32, i32), estimate: bool) {
    if estimate {
        circle(area, c, POINT_R + 1, WHITE, true, 0);
        circle(area, c, POINT_R, BLUE, false, 2);
    } else {
        circle(area, c, POINT_R + 2, WHITE, true, 0);
        circle(area, c, POINT_R, BLUE, true, 0);
    }
}

fn diamond(area: &Area<'_>, (x, y): (i32, i32)) {
    let r = DIAMOND_R;
    polygon(
        area,
        vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
        WHITE,
    );
    polyline(
        area,
        vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)],
        REFERENCE.to_rgba(),
        2,
    );
}

fn legend_items<'a>(
    chart: &'a Trend,
    points: &[(usize, &TrendPoint)],
    targets: &[(usize, &TrendPoint)],
) -> Vec<LegendItem<'a>> {
    let mut items = Vec::new();
    if !points.is_empty() {
        items.push(LegendItem {
            label: &chart.legend_actual,
            swatch: Box::new(|area: &Area<'_>, (x, y): (i32, i32)| {
                line(area, (x, y), (x + 26, y), BLUE, 3);
                circle(area, (x + 13, y), POINT_R, BLUE, true, 0);
            }),
        });
    }
    if !targets.is_empty() {
        items.push(LegendItem {
            label: &chart.legend_target,
            swatch: Box::new(|area: &Area<'_>, (x, y): (i32, i32)| diamond(area, (x + 13, y))),
        });
    }
    if points.iter().any(|(_, p)| p.estimate) {
        items.push(LegendItem {
            label: &chart.legend_estimate,
            swatch: Box::new(|area: &Area<'_>, (x, y): (i32, i32)| {
                line(area, (x, y), (x + 5, y), BLUE, 3);
                line(area, (x + 21, y), (x + 26, y), BLUE, 3);
                point_marker(area, (x + 13, y), true);
            }),
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::super::tests::{meta, pt};
    use super::*;

    #[test]
    fn categories_merge_points_and_targets_in_order() {
        let chart = Trend {
            meta: meta("c", "C", "C."),
            unit_label: "%".into(),
            points: vec![pt("2021", 1.0, "1", false), pt("2023", 2.0, "2", false)],
            targets: vec![
                pt("2021", 1.0, "1", false),
                pt("2022", 1.5, "1,5", false),
                pt("2023", 2.0, "2", false),
                pt("2024", 2.5, "2,5", false),
                pt("2025", 3.0, "3", false),
            ],
            legend_actual: "a".into(),
            legend_target: "t".into(),
            legend_estimate: "e".into(),
        };
        assert_eq!(categories(&chart), ["2021", "2022", "2023", "2024", "2025"]);
    }

    #[test]
    fn a_line_hits_a_label_it_passes_within_half_its_width() {
        let label = (100, 140, 50, 69);
        // Through it, along it, and in a corner.
        assert!(segment_hits_box((80, 60), (160, 60), label));
        assert!(segment_hits_box((90, 40), (150, 80), label));
        assert!(segment_hits_box((95, 40), (105, 55), label));
        // 1 px off its edge, the 3 px line still touches it; 2 px off, it does not.
        assert!(segment_hits_box((141, 0), (141, 100), label));
        assert!(!segment_hits_box((142, 0), (142, 100), label));
        // Towards it but ending short, and past its corner.
        assert!(!segment_hits_box((60, 60), (97, 60), label));
        assert!(!segment_hits_box((90, 46), (96, 40), label));
        assert!(!segment_hits_box((145, 45), (170, 80), label));
    }

    #[test]
    fn long_category_labels_wrap_then_thin_out() {
        let cats: Vec<String> = (1..=12).map(|m| format!("tháng {m} năm 2023")).collect();
        let wide = category_labels(&cats[..3], 180.0);
        assert!(wide.iter().all(|l| l.len() == 1));
        let two = category_labels(&cats[..6], 90.0);
        assert!(two.iter().all(|l| l.len() == 2), "{two:?}");
        let thin = category_labels(&cats, 45.0);
        assert!(!thin[11].is_empty(), "the last period is always labelled");
        assert!(thin.iter().any(Vec::is_empty));
    }
}
