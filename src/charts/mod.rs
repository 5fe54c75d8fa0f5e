//! Charts: accessible, deterministic SVG drawn with plotters.
//!
//! The renderer formats numbers and writes sentences; this module only
//! draws. Every chart:
//! - is an `<svg>` with a `viewBox` and no fixed size, `role="img"`, and a
//!   `<title>`/`<desc>` pair it is labelled by (the page shows the title as
//!   a heading, so it is not drawn inside the picture);
//! - is byte-for-byte deterministic (plotters and the SVG writer, `svg.rs`, work in integer
//!   coordinates; font sizes are rounded);
//! - uses the Okabe–Ito colour-blind-safe palette and never says anything
//!   by colour alone (value labels, hatching, hollow or dashed marks, a
//!   text legend);
//! - sets all text in the vendored Noto Sans, measured with the same font,
//!   at ≥ 14 units in a 440-unit-wide viewBox, so that scaled down to a
//!   358-pixel phone column no text is smaller than 11 px (the site's CSS
//!   caps the width on wide screens so that text stays near 18 px there).

mod achievement;
mod bars;
mod breakdown;
mod font;
mod ranking;
mod svg;
mod trend;

pub use achievement::achievement_svg;
pub use breakdown::breakdown_svg;
pub use ranking::ranking_svg;
pub use trend::trend_svg;

use std::cell::{Cell, RefCell};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use font::{DRAWN_FAMILY, Weight, text_width};
use svg::SvgWriter;

/// Formats a number in the page's language (vi: 13.989 / 72,66 ; en: 13,989 / 72.66).
pub type NumberFormat<'a> = &'a dyn Fn(f64) -> String;

#[derive(Debug, Clone, PartialEq)]
pub struct ChartMeta {
    /// Unique within the page, ASCII (used for the ids of <title> and <desc>).
    pub id: String,
    pub title: String,
    /// One sentence stating the finding, in the page's language.
    pub desc: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    NoTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AchievementBar {
    /// Indicator short name in the page's language.
    pub label: String,
    /// % of plan as displayed (for better=lower indicators the renderer
    /// already passes target/value*100, so >=100 always means "plan met").
    pub percent: f64,
    /// e.g. "102,1%", already formatted.
    pub value_label: String,
    pub status: Status,
    /// e.g. "thấp hơn là tốt" / "lower is better": drawn under the label.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Achievement {
    pub meta: ChartMeta,
    pub bars: Vec<AchievementBar>,
    /// "100% kế hoạch" / "100% of plan".
    pub plan_label: String,
    pub legend_met: String,
    pub legend_not_met: String,
    /// For grey bars: a plan that runs to the end of the year, or none to judge against.
    pub legend_no_target: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// "2022", "9 th. 2017".
    pub x_label: String,
    pub value: f64,
    pub value_label: String,
    pub estimate: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub meta: ChartMeta,
    /// y-axis caption, e.g. "%" or "người".
    pub unit_label: String,
    /// The actual figures, in time order (x categories = union of points'
    /// and targets' x_labels in given order).
    pub points: Vec<TrendPoint>,
    /// Plan targets, drawn as hollow markers; a target for a later period
    /// than any point is the next-period target: drawn dashed from the last point.
    pub targets: Vec<TrendPoint>,
    pub legend_actual: String,
    pub legend_target: String,
    pub legend_estimate: String,
}

/// One province in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedProvince {
    /// The province's name, with the "former" suffix already added when it
    /// no longer exists.
    pub label: String,
    /// e.g. the period, when provinces are compared across periods.
    pub note: Option<String>,
    /// In the indicator's unit; bars start at zero.
    pub value: f64,
    pub value_label: String,
    /// Merged away in 2025: drawn hatched.
    pub former: bool,
    /// The province of the page the chart is on: a band and a bold label.
    pub highlight: bool,
    /// The value is a bound ("dưới 4%"): the bar's end is drawn broken.
    pub open: bool,
}

/// Provinces ranked by one indicator, best first (the renderer orders them).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub meta: ChartMeta,
    pub provinces: Vec<RankedProvince>,
    pub legend_province: String,
    pub legend_former: String,
    pub legend_highlight: String,
}

/// One part of a total.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub label: String,
    pub value: f64,
    /// e.g. "233 người · 65,3%".
    pub value_label: String,
}

/// What is left of a total after its listed parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remainder {
    /// Parts that should add up to the total and do not: the gap is hatched grey.
    NotItemised,
    /// The rest of an "of which" split (*trong đó*): a part like the others, in a lighter blue.
    Rest,
}

/// What a total is made of; what the listed parts leave of the stated total
/// is drawn as a part of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub meta: ChartMeta,
    pub parts: Vec<Part>,
    /// The stated total minus the parts, when positive.
    pub remainder: Option<(Part, Remainder)>,
    pub legend_part: String,
}

// ---------------------------------------------------------------------------
// Shared look.

/// Width of every chart's viewBox.
const WIDTH: i32 = 440;
/// Space kept clear at the left and right edges.
const EDGE: i32 = 2;

/// Okabe–Ito blue: plan met, actual figures.
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion: plan not met.
const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito sky blue: the other provinces in a ranking.
const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// The pale band behind the reader's own province.
const HIGHLIGHT: RGBColor = RGBColor(0xFF, 0xF1, 0xC1);
/// No target: neutral grey.
const GREY: RGBColor = RGBColor(0x9E, 0x9E, 0x9E);
/// Body text (near black).
const INK: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
/// Secondary text: notes, ticks, captions (7:1 on white).
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Plan reference marks.
const REFERENCE: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Gridlines.
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// The zero baseline.
const AXIS: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);

// ---------------------------------------------------------------------------
// Drawing helpers over plotters, drawing with the chart's SVG writer
// (`svg.rs`). Drawing into a `String` cannot fail, so errors are not propagated.

type Area<'a> = DrawingArea<SvgWriter<'a>, Shift>;

fn rect(area: &Area<'_>, from: (i32, i32), to: (i32, i32), color: RGBColor) {
    let _ = area.draw(&Rectangle::new([from, to], color.filled()));
}

fn polyline(area: &Area<'_>, points: Vec<(i32, i32)>, color: RGBAColor, width: u32) {
    let _ = area.draw(&PathElement::new(points, color.stroke_width(width)));
}

fn line(area: &Area<'_>, from: (i32, i32), to: (i32, i32), color: RGBColor, width: u32) {
    polyline(area, vec![from, to], color.to_rgba(), width);
}

/// A dashed straight line made of `dash`-long segments `gap` apart,
/// starting and ending on a dash.
fn dashed_line(
    area: &Area<'_>,
    from: (i32, i32),
    to: (i32, i32),
    (dash, gap): (f64, f64),
    color: RGBColor,
    width: u32,
) {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return;
    }
    // Stretch the gaps slightly so the pattern ends exactly on a dash.
    let n = ((len + gap) / (dash + gap)).floor().max(1.0);
    let gap = if n > 1.0 {
        (len - n * dash) / (n - 1.0)
    } else {
        0.0
    };
    let dash = if n > 1.0 { dash } else { len };
    let at = |t: f64| {
        (
            from.0 + (dx * t / len).round() as i32,
            from.1 + (dy * t / len).round() as i32,
        )
    };
    for i in 0..n as i32 {
        let start = f64::from(i) * (dash + gap);
        line(area, at(start), at(start + dash), color, width);
    }
}

fn circle(area: &Area<'_>, c: (i32, i32), r: i32, color: RGBColor, fill: bool, width: u32) {
    let style = if fill {
        color.filled()
    } else {
        color.stroke_width(width)
    };
    let _ = area.draw(&Circle::new(c, r, style));
}

fn polygon(area: &Area<'_>, points: Vec<(i32, i32)>, color: RGBColor) {
    let _ = area.draw(&Polygon::new(points, color.filled()));
}

/// Draws one line of text whose x-height is centred on `y` (plotters'
/// SVG backend writes `dy="0.5ex"` for `VPos::Center`).
fn text(
    area: &Area<'_>,
    s: &str,
    (x, y): (i32, i32),
    px: f64,
    weight: Weight,
    color: RGBColor,
    h: HPos,
) {
    // A chart draws hundreds of texts in a few styles; looking the font up for each is most
    // of the cost. The styles of the site's charts are a handful: a list is the quickest memo.
    type Key = (u64, Weight, RGBColor, u8);
    thread_local! {
        static STYLES: RefCell<Vec<(Key, TextStyle<'static>)>> = const { RefCell::new(Vec::new()) };
    }
    let anchor = match h {
        HPos::Left => 0,
        HPos::Center => 1,
        HPos::Right => 2,
    };
    let key = (px.to_bits(), weight, color, anchor);
    // Where plotters' `Text` element would put it: clamped to the drawing area.
    let (xs, ys) = area.get_pixel_range();
    let at = (
        (x + xs.start).min(xs.end).max(xs.start) - xs.start,
        (y + ys.start).min(ys.end).max(ys.start) - ys.start,
    );
    STYLES.with_borrow_mut(|styles| {
        let found = styles.iter().position(|(k, _)| *k == key);
        let style = match found {
            Some(i) => &styles[i].1,
            None => {
                styles.push((key, new_style(px, weight, color, h)));
                &styles[styles.len() - 1].1
            }
        };
        let _ = area.draw_text(s, style, at);
    });
}

fn new_style(px: f64, weight: Weight, color: RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(
            FontFamily::Name(DRAWN_FAMILY),
            // The SVG writer writes `font-size = size / 1.24`, as plotters does. Chart
            // text sizes are ones this gives back exactly (14, 15.5, 16 do; 15 gives
            // 15.000000000000002), which the float-noise test checks.
            px * 1.24,
            weight.style(),
        ),
        color: color.to_backend_color(),
        pos: Pos::new(h, VPos::Center),
    }
}

/// Greedy word wrap of `s` into at most `max_lines` lines no wider than
/// `max_w`; whatever does not fit is cut and ends in "…".
fn wrap(s: &str, px: f64, weight: Weight, max_w: f64, max_lines: usize) -> Vec<String> {
    let fits = |t: &str| text_width(t, px, weight) <= max_w;
    if max_lines >= 2
        && let Some(lines) = wrap_in_two(s, px, weight, max_w)
    {
        return lines;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut words = s.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if lines.len() == max_lines {
            break;
        }
        let mut cur = word.to_string();
        while let Some(next) = words.peek() {
            let candidate = format!("{cur} {next}");
            if !fits(&candidate) {
                break;
            }
            cur = candidate;
            words.next();
        }
        // On the last allowed line, everything left joins it (to be cut).
        if lines.len() + 1 == max_lines {
            for rest in words.by_ref() {
                cur.push(' ');
                cur.push_str(rest);
            }
        }
        lines.push(cur);
    }
    for l in &mut lines {
        if !fits(l) {
            *l = ellipsize(l, px, weight, max_w);
        }
    }
    lines
}

/// `s` on one line, or else on the two most balanced lines that fit
/// `max_w` without cutting anything; `None` if it needs more.
fn wrap_in_two(s: &str, px: f64, weight: Weight, max_w: f64) -> Option<Vec<String>> {
    let width = |t: &str| text_width(t, px, weight);
    if width(s) <= max_w {
        return Some(vec![s.to_string()]);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..words.len())
        .map(|k| (words[..k].join(" "), words[k..].join(" ")))
        .map(|(a, b)| (width(&a), width(&b), a, b))
        .filter(|&(wa, wb, _, _)| wa <= max_w && wb <= max_w)
        .min_by(|x, y| (x.0 - x.1).abs().total_cmp(&(y.0 - y.1).abs()))
        .map(|(_, _, a, b)| vec![a, b])
}

/// Cuts `s` so that `s…` fits in `max_w`: after the last whole word that
/// fits when there is one, else inside the first word.
fn ellipsize(s: &str, px: f64, weight: Weight, max_w: f64) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        let candidate = format!(
            "{}…",
            words[..n].join(" ").trim_end_matches([',', ';', ':'])
        );
        if text_width(&candidate, px, weight) <= max_w {
            return candidate;
        }
    }
    let mut chars: Vec<char> = s.chars().collect();
    loop {
        let head: String = chars.iter().collect::<String>().trim_end().to_string();
        let candidate = format!("{head}…");
        if chars.is_empty() || text_width(&candidate, px, weight) <= max_w {
            return candidate;
        }
        chars.pop();
        // Never leave a lone combining mark at the cut.
        while chars
            .last()
            .is_some_and(|c| ('\u{300}'..='\u{36f}').contains(c))
        {
            chars.pop();
        }
    }
}

/// Axis ticks at "nice" steps (1, 2, 2.5 or 5 × 10ⁿ), computed from
/// integers so that tick values carry no float noise (0.3, not 0.30000000000000004).
#[derive(Debug, Clone, Copy)]
struct Ticks {
    /// The step is `mantissa × 10^exp`.
    mantissa: i64,
    exp: i32,
}

impl Ticks {
    /// The nice step closest above `raw` (> 0).
    fn step_for(raw: f64) -> Ticks {
        let raw = if raw.is_finite() && raw > 0.0 {
            raw
        } else {
            1.0
        };
        let e = raw.log10().floor() as i32;
        let f = raw / 10f64.powi(e);
        let m = if f <= 1.0 {
            10
        } else if f <= 2.0 {
            20
        } else if f <= 2.5 {
            25
        } else if f <= 5.0 {
            50
        } else {
            100
        };
        Ticks {
            mantissa: m,
            exp: e - 1,
        }
    }

    fn step(self) -> f64 {
        self.value(1)
    }

    /// The `k`-th multiple of the step.
    fn value(self, k: i64) -> f64 {
        let n = (k * self.mantissa) as f64;
        if self.exp >= 0 {
            n * 10f64.powi(self.exp)
        } else {
            n / 10f64.powi(-self.exp)
        }
    }

    /// Smallest k with value(k) >= v.
    fn ceil_index(self, v: f64) -> i64 {
        let k = (v / self.step()).ceil() as i64;
        if self.value(k - 1) >= v { k - 1 } else { k }
    }

    /// Largest k with value(k) <= v.
    fn floor_index(self, v: f64) -> i64 {
        let k = (v / self.step()).floor() as i64;
        if self.value(k + 1) <= v { k + 1 } else { k }
    }
}

pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Stands in for the hatching pattern while plotters draws: a rectangle
/// filled with this colour is a hatched overlay (see [`hatch`]).
const HATCH_SENTINEL: RGBColor = RGBColor(0x01, 0x02, 0x03);

/// Covers a rectangle with white diagonal hatching, so that a bar differs
/// from a solid one in pattern as well as in colour. plotters has no fill
/// patterns, so it draws a placeholder that the SVG writer writes as a reference
/// to an SVG `<pattern>` ([`render`] adds it), anchored to the chart so all hatching lines up.
fn hatch(area: &Area<'_>, from: (i32, i32), to: (i32, i32)) {
    rect(area, from, to, HATCH_SENTINEL);
}

/// Draws a chart of `width`×`height` with `paint` into the SVG the site needs: a
/// scalable root (viewBox only, `role="img"`, labelled by `<title>` and `<desc>`),
/// the hatching pattern where one is used, and text elements without stray
/// whitespace (the SVG writer does the last two as it draws).
fn render(meta: &ChartMeta, (width, height): (i32, i32), paint: impl FnOnce(&Area<'_>)) -> String {
    // Drawn charts are 5–25 KB; starting at the common size saves most regrowing.
    thread_local! {
        static BODY: RefCell<String> = const { RefCell::new(String::new()) };
    }
    let (w, h) = (width.max(1) as u32, height.max(1) as u32);
    let id = xml_escape(&meta.id);
    let hatched = Cell::new(false);
    BODY.with_borrow_mut(|body| {
        body.clear();
        {
            let area = SvgWriter::new(body, (w, h), &id, &hatched).into_drawing_area();
            paint(&area);
        }
        body.push_str("</svg>\n");
        let (title, desc) = (xml_escape(&meta.title), xml_escape(&meta.desc));
        let mut out = String::with_capacity(body.len() + 2 * title.len() + desc.len() + 640);
        let (mut w_digits, mut h_digits) = (itoa::Buffer::new(), itoa::Buffer::new());
        for piece in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
            w_digits.format(w),
            " ",
            h_digits.format(h),
            "\" role=\"img\" aria-labelledby=\"",
            &id,
            "-title ",
            &id,
            "-desc\" font-family=\"",
            DRAWN_FAMILY,
            "\" font-size=\"",
            svg::TEXT_SIZE_ATTR,
            "\" fill=\"",
            svg::INK_HEX,
            "\">\n<title id=\"",
            &id,
            "-title\">",
            &title,
            "</title>\n<desc id=\"",
            &id,
            "-desc\">",
            &desc,
            "</desc>\n",
        ] {
            out.push_str(piece);
        }
        // Pattern ids share the page with other charts: prefixed with the chart's id.
        if hatched.get() {
            for piece in [
                "<defs><pattern id=\"",
                &id,
                "-hatch\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\">\
                 <path d=\"M-1,1L1,-1M0,7L7,0M6,8L8,6\" stroke=\"#FFFFFF\" \
                 stroke-opacity=\"0.55\" stroke-width=\"2\"/></pattern></defs>\n",
            ] {
                out.push_str(piece);
            }
        }
        out.push_str(body);
        out
    })
}

/// Draws a legend swatch whose left end is at the given point (vertically centred).
type Swatch<'a> = Box<dyn Fn(&Area<'_>, (i32, i32)) + 'a>;

/// One legend entry: a swatch in a `SWATCH_W`×14 box, then text.
struct LegendItem<'a> {
    label: &'a str,
    swatch: Swatch<'a>,
}

const LEGEND_PX: f64 = 15.5;
const LEGEND_LINE: i32 = 22;
const SWATCH_W: i32 = 26;

/// Lays legend items out left to right from `x0`, wrapping within the
/// chart width; returns the height used. Draws only if `area` is given.
fn legend(area: Option<&Area<'_>>, items: &[LegendItem<'_>], x0: i32, y0: i32) -> i32 {
    if items.is_empty() {
        return 0;
    }
    let (mut x, mut y) = (x0, y0 + LEGEND_LINE / 2);
    for item in items {
        let label = ellipsize_if_needed(
            item.label,
            LEGEND_PX,
            Weight::Regular,
            f64::from(WIDTH - 2 * EDGE - SWATCH_W - 6),
        );
        let w = SWATCH_W + 6 + text_width(&label, LEGEND_PX, Weight::Regular).ceil() as i32;
        if x > x0 && x + w > WIDTH - EDGE {
            x = x0;
            y += LEGEND_LINE;
        }
        if let Some(area) = area {
            (item.swatch)(area, (x, y));
            text(
                area,
                &label,
                (x + SWATCH_W + 6, y),
                LEGEND_PX,
                Weight::Regular,
                INK,
                HPos::Left,
            );
        }
        x += w + 18;
    }
    y + LEGEND_LINE / 2 - y0
}

fn ellipsize_if_needed(s: &str, px: f64, weight: Weight, max_w: f64) -> String {
    if text_width(s, px, weight) <= max_w {
        s.to_string()
    } else {
        ellipsize(s, px, weight, max_w)
    }
}

/// The sample charts of the unit tests; `examples/chart_samples.rs` writes them out for a look.
#[doc(hidden)]
pub mod samples {
    use super::*;

    /// Vietnamese number format, as the renderer writes it: 13.989 / 72,66.
    pub(super) fn vi(v: f64) -> String {
        crate::i18n::built_in("vi").number(v, 2)
    }

    pub(super) fn meta(id: &str, title: &str, desc: &str) -> ChartMeta {
        ChartMeta {
            id: id.into(),
            title: title.into(),
            desc: desc.into(),
        }
    }

    pub(super) fn bar(
        label: &str,
        percent: f64,
        value_label: &str,
        status: Status,
        note: Option<&str>,
    ) -> AchievementBar {
        AchievementBar {
            label: label.into(),
            percent,
            value_label: value_label.into(),
            status,
            note: note.map(Into::into),
        }
    }

    pub(super) fn pt(x: &str, value: f64, label: &str, estimate: bool) -> TrendPoint {
        TrendPoint {
            x_label: x.into(),
            value,
            value_label: label.into(),
            estimate,
        }
    }

    pub(super) fn achievement(meta: ChartMeta, bars: Vec<AchievementBar>) -> Achievement {
        Achievement {
            meta,
            bars,
            plan_label: "100% kế hoạch".into(),
            legend_met: "Đạt kế hoạch".into(),
            legend_not_met: "Chưa đạt kế hoạch".into(),
            legend_no_target: "Đang thực hiện kế hoạch năm".into(),
        }
    }

    pub(super) fn ben_tre() -> Achievement {
        achievement(
            meta(
                "ben-tre-2023",
                "Mức độ hoàn thành kế hoạch năm 2023",
                "Bến Tre đạt cả bốn chỉ tiêu kế hoạch năm 2023.",
            ),
            vec![
                bar("Giải quyết việc làm", 102.1, "102,1%", Status::Met, None),
                bar(
                    "Tỷ lệ thất nghiệp thành thị",
                    100.0,
                    "100%",
                    Status::Met,
                    Some("thấp hơn là tốt"),
                ),
                bar(
                    "Tỷ lệ lao động qua đào tạo",
                    60.6 / 60.0 * 100.0,
                    "101%",
                    Status::Met,
                    None,
                ),
                bar(
                    "Tỷ lệ hộ nghèo",
                    4.0 / 3.6 * 100.0,
                    "111,1%",
                    Status::Met,
                    Some("thấp hơn là tốt"),
                ),
            ],
        )
    }

    pub(super) fn kien_giang() -> Achievement {
        achievement(
            meta(
                "kien-giang-2023",
                "Mức độ hoàn thành kế hoạch năm 2023",
                "Kiên Giang chưa đạt hai chỉ tiêu.",
            ),
            vec![
                bar("Giải quyết việc làm", 79.3, "79,3%", Status::NotMet, None),
                bar(
                    "Tỷ lệ lao động qua đào tạo",
                    80.7,
                    "80,7%",
                    Status::NotMet,
                    None,
                ),
            ],
        )
    }

    pub(super) fn long_labels() -> Achievement {
        achievement(
            meta("long", "Nhãn dài", "Nhãn dài được xuống dòng."),
            vec![
                bar(
                    "Tỷ lệ lao động trong độ tuổi lao động đã qua đào tạo nghề nghiệp có bằng cấp, chứng chỉ do cơ quan có thẩm quyền cấp",
                    99.5,
                    "99,5%",
                    Status::NotMet,
                    Some("thấp hơn là tốt, theo định nghĩa của Tổng cục Thống kê năm 2021"),
                ),
                bar(
                    "Số lao động đi làm việc ở nước ngoài theo hợp đồng",
                    0.0,
                    "chưa có kế hoạch",
                    Status::NoTarget,
                    None,
                ),
                bar("Thu nhập bình quân", 235.7, "235,7%", Status::Met, None),
            ],
        )
    }

    pub(super) fn trend(
        meta: ChartMeta,
        unit: &str,
        points: Vec<TrendPoint>,
        targets: Vec<TrendPoint>,
    ) -> Trend {
        Trend {
            meta,
            unit_label: unit.into(),
            points,
            targets,
            legend_actual: "Thực hiện".into(),
            legend_target: "Kế hoạch".into(),
            legend_estimate: "Ước tính".into(),
        }
    }

    pub(super) fn poverty() -> Trend {
        trend(
            meta(
                "poverty",
                "Tỷ lệ hộ nghèo",
                "Tỷ lệ hộ nghèo giảm từ 4,35% năm 2022 xuống 3,02% năm 2023.",
            ),
            "%",
            vec![
                pt("2022", 4.35, "4,35%", false),
                pt("2023", 3.02, "3,02%", false),
            ],
            vec![],
        )
    }

    pub(super) fn next_target() -> Trend {
        trend(
            meta(
                "poverty-plan",
                "Tỷ lệ hộ nghèo và kế hoạch",
                "Kế hoạch năm 2024 là 2,5%.",
            ),
            "%",
            vec![
                pt("2022", 4.35, "4,35%", false),
                pt("2023", 3.02, "3,02%", true),
            ],
            vec![
                pt("2023", 3.6, "3,6%", false),
                pt("2024", 2.5, "2,5%", false),
            ],
        )
    }

    /// Seven years of jobs against their plans: the first plan's label is wider than its
    /// period's band, and the line leaves the first point downwards.
    pub(super) fn jobs_with_plans() -> Trend {
        let label = |v: f64| format!("{} người", vi(v));
        let years = |from: i32, values: &[f64]| -> Vec<TrendPoint> {
            let at =
                |(k, &v): (usize, &f64)| pt(&(from + k as i32).to_string(), v, &label(v), false);
            values.iter().enumerate().map(at).collect()
        };
        trend(
            meta("jobs", "Số lao động được giải quyết việc làm", "Bảy năm."),
            "người",
            years(
                2014,
                &[
                    33_084.0, 26_156.0, 27_290.0, 28_199.0, 17_486.0, 26_710.0, 29_731.0,
                ],
            ),
            years(
                2014,
                &[
                    33_000.0, 26_000.0, 27_000.0, 28_000.0, 17_000.0, 26_000.0, 29_000.0, 30_000.0,
                ],
            ),
        )
    }

    pub(super) fn employment() -> Trend {
        let months = [
            "9 th. 2017",
            "9 th. 2018",
            "9 th. 2019",
            "9 th. 2020",
            "9 th. 2021",
        ];
        let values = [13_989.0, 14_120.0, 14_210.0, 14_050.0, 14_302.0];
        trend(
            meta(
                "employment",
                "Lao động có việc làm",
                "Số lao động có việc làm tăng nhẹ.",
            ),
            "nghìn người",
            months
                .iter()
                .zip(values)
                .map(|(m, v)| pt(m, v, &vi(v), false))
                .collect(),
            vec![],
        )
    }

    pub(super) fn province(
        label: &str,
        value: f64,
        former: bool,
        highlight: bool,
    ) -> RankedProvince {
        RankedProvince {
            label: label.into(),
            note: None,
            value,
            value_label: format!("{}%", vi(value)),
            former,
            highlight,
            open: false,
        }
    }

    pub(super) fn ranking() -> Ranking {
        Ranking {
            meta: meta(
                "ranking-poverty",
                "Tỷ lệ hộ nghèo năm 2023",
                "Thái Nguyên có tỷ lệ hộ nghèo thấp nhất trong 4 tỉnh.",
            ),
            provinces: vec![
                province("Thái Nguyên", 3.02, false, true),
                province("Thừa Thiên Huế", 3.6, false, false),
                province("Bà Rịa – Vũng Tàu (tỉnh cũ)", 4.1, true, false),
                RankedProvince {
                    note: Some("9 tháng năm 2017".into()),
                    ..province("Kiên Giang (tỉnh cũ)", 4.35, true, false)
                },
            ],
            legend_province: "Tỉnh khác".into(),
            legend_former: "Tỉnh cũ, đã sáp nhập năm 2025".into(),
            legend_highlight: "Tỉnh đang xem".into(),
        }
    }

    pub(super) fn part(label: &str, value: f64) -> Part {
        Part {
            label: label.into(),
            value,
            value_label: format!("{} người", vi(value)),
        }
    }

    pub(super) fn destinations() -> Breakdown {
        Breakdown {
            meta: meta(
                "breakdown-overseas",
                "Người lao động đi làm việc ở nước ngoài theo nước đến",
                "Nhật Bản chiếm nhiều nhất; 14 người không được phân loại.",
            ),
            parts: vec![
                part("Nhật Bản", 233.0),
                part("Đài Loan (Trung Quốc)", 106.0),
                part("Hàn Quốc", 2.0),
                part("Liên bang Nga", 1.0),
                part("Indonesia", 1.0),
            ],
            remainder: Some((part("Chưa phân loại", 14.0), Remainder::NotItemised)),
            legend_part: "Theo nước đến".into(),
        }
    }

    /// Parts of very different sizes with five-digit values: tick labels are wide.
    pub(super) fn levels() -> Breakdown {
        Breakdown {
            meta: meta(
                "breakdown-levels",
                "Tuyển sinh theo trình độ đào tạo",
                "Sơ cấp và dưới 3 tháng chiếm phần lớn.",
            ),
            parts: vec![
                part("Cao đẳng", 3379.0),
                part("Trung cấp", 7290.0),
                part("Sơ cấp và đào tạo thường xuyên dưới 3 tháng", 64240.0),
            ],
            remainder: None,
            legend_part: "Theo trình độ".into(),
        }
    }

    /// Every sample chart, named, as SVG.
    pub fn all_charts() -> Vec<(String, String)> {
        let f: NumberFormat<'_> = &vi;
        vec![
            ("ben_tre".into(), achievement_svg(&ben_tre(), f)),
            ("kien_giang".into(), achievement_svg(&kien_giang(), f)),
            ("long_labels".into(), achievement_svg(&long_labels(), f)),
            ("poverty".into(), trend_svg(&poverty(), f)),
            ("next_target".into(), trend_svg(&next_target(), f)),
            ("employment".into(), trend_svg(&employment(), f)),
            ("jobs_with_plans".into(), trend_svg(&jobs_with_plans(), f)),
            ("ranking".into(), ranking_svg(&ranking(), f)),
            ("breakdown".into(), breakdown_svg(&destinations(), f)),
            ("levels".into(), breakdown_svg(&levels(), f)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;
    // trend.rs's tests build their charts with these.
    pub(super) use super::samples::{meta, pt};

    /// Parses `svg` and checks the root and its accessible name.
    fn check_root(svg: &str, meta: &ChartMeta) -> (f64, f64) {
        let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("width"), None, "no fixed width");
        assert_eq!(root.attribute("height"), None, "no fixed height");
        assert_eq!(root.attribute("role"), Some("img"));
        let ids = format!("{0}-title {0}-desc", meta.id);
        assert_eq!(root.attribute("aria-labelledby"), Some(ids.as_str()));
        let vb: Vec<f64> = root
            .attribute("viewBox")
            .expect("viewBox")
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(&vb[..3], &[0.0, 0.0, f64::from(WIDTH)]);
        let mut children = root.children().filter(|n| n.is_element());
        let title = children.next().unwrap();
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(
            title.attribute("id"),
            Some(format!("{}-title", meta.id).as_str())
        );
        assert_eq!(title.text(), Some(meta.title.as_str()));
        let desc = children.next().unwrap();
        assert_eq!(desc.tag_name().name(), "desc");
        assert_eq!(
            desc.attribute("id"),
            Some(format!("{}-desc", meta.id).as_str())
        );
        assert_eq!(desc.text(), Some(meta.desc.as_str()));
        (vb[2], vb[3])
    }

    /// A drawn text's extent, measured with the vendored font.
    #[derive(Debug)]
    struct TextBox {
        text: String,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
    }

    /// A text's size: its own, or the one a `<g>` or the chart's `<svg>` gives it.
    fn font_size(n: roxmltree::Node) -> f64 {
        inherited(n, "font-size")
            .expect("a font size")
            .parse()
            .unwrap()
    }

    /// An inherited property of an element: its own, or its nearest ancestor's.
    fn inherited<'a>(n: roxmltree::Node<'a, '_>, key: &str) -> Option<&'a str> {
        n.ancestors().find_map(|a| a.attribute(key))
    }

    /// An inherited property of the text that reads `text`.
    fn text_style(svg: &str, text: &str, key: &str) -> Option<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let chunks = svg::tests::text_chunks(&doc);
        let chunk = chunks.iter().find(|c| c.words == text);
        let node = chunk.unwrap_or_else(|| panic!("no text {text}")).node;
        inherited(node, key).map(str::to_string)
    }

    /// The texts of a chart, in the order they are drawn.
    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let chunks = svg::tests::text_chunks(&doc);
        chunks.into_iter().map(|c| c.words).collect()
    }

    /// Whether the chart draws the text `text`.
    fn has_text(svg: &str, text: &str) -> bool {
        texts(svg).iter().any(|t| t == text)
    }

    fn text_boxes(svg: &str) -> Vec<TextBox> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        svg::tests::text_chunks(&doc)
            .into_iter()
            .map(|chunk| {
                let n = chunk.node;
                let (x, y, size) = (chunk.x as f64, chunk.y as f64, font_size(n));
                let family = inherited(n, "font-family");
                assert_eq!(
                    family,
                    Some(DRAWN_FAMILY),
                    "texts are in the measured font, with a fallback"
                );
                // A chunk is the same offset from its point as its `<text>`.
                let text_element = n.ancestors().find(|a| a.has_tag_name("text")).unwrap();
                assert_eq!(text_element.attribute("dy"), Some(".5ex"));
                let weight = if inherited(n, "font-weight") == Some("bold") {
                    Weight::Bold
                } else {
                    Weight::Regular
                };
                let text = chunk.words;
                let w = text_width(&text, size, weight);
                let x0 = match inherited(n, "text-anchor") {
                    Some("end") => x - w,
                    Some("middle") => x - w / 2.0,
                    _ => x,
                };
                // dy = 0.5ex puts the baseline ~0.27 em below y; stacked
                // Vietnamese marks reach ~0.9 em above it, descenders 0.24 em below.
                let baseline = y + 0.268 * size;
                TextBox {
                    text,
                    x0,
                    x1: x0 + w,
                    y0: baseline - 0.9 * size,
                    y1: baseline + 0.24 * size,
                }
            })
            .collect()
    }

    /// Every filled rectangle or polygon, each piece of a path on its own: its fill and
    /// its corners.
    fn filled_pieces(svg: &str) -> Vec<(String, Vec<(i64, i64)>)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let mut out = Vec::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            let fill = inherited(n, "fill").unwrap_or_default().to_string();
            if n.has_tag_name("path") && fill != "none" {
                for (points, _) in svg::tests::path_points(n.attribute("d").unwrap()) {
                    out.push((fill.clone(), points));
                }
            } else if n.has_tag_name("rect") && fill != "none" {
                let num = |a: &str| n.attribute(a).unwrap().parse::<i64>().unwrap();
                let (x, y) = (num("x"), num("y"));
                let corners = vec![(x, y), (x + num("width"), y + num("height"))];
                out.push((fill, corners));
            }
        }
        out
    }

    /// How many shapes are hatched with the chart's own pattern (which must be defined).
    fn hatched(svg: &str, id: &str) -> usize {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let pattern = format!("{id}-hatch");
        let defined = doc
            .descendants()
            .any(|n| n.has_tag_name("pattern") && n.attribute("id") == Some(pattern.as_str()));
        let fill = format!("url(#{pattern})");
        let uses = filled_pieces(svg)
            .iter()
            .filter(|(f, _)| *f == fill)
            .count();
        assert!(uses == 0 || defined, "{id}: pattern used but not defined");
        uses
    }

    #[test]
    fn every_chart_is_an_accessible_scalable_svg() {
        let f: NumberFormat<'_> = &vi;
        check_root(&achievement_svg(&ben_tre(), f), &ben_tre().meta);
        check_root(&achievement_svg(&kien_giang(), f), &kien_giang().meta);
        check_root(&achievement_svg(&long_labels(), f), &long_labels().meta);
        check_root(&trend_svg(&poverty(), f), &poverty().meta);
        check_root(&trend_svg(&next_target(), f), &next_target().meta);
        check_root(&trend_svg(&employment(), f), &employment().meta);
        check_root(&ranking_svg(&ranking(), f), &ranking().meta);
        check_root(&breakdown_svg(&destinations(), f), &destinations().meta);
    }

    #[test]
    fn rankings_mark_former_provinces_by_pattern_and_the_own_one_by_band() {
        let svg = ranking_svg(&ranking(), &vi);
        // Two former provinces hatched, and the legend's swatch.
        assert_eq!(hatched(&svg, "ranking-poverty"), 3);
        assert!(has_text(&svg, "Tỉnh cũ, đã sáp nhập năm 2025"));
        assert!(texts(&svg).iter().any(|t| t.ends_with("(tỉnh cũ)")));
        // The page's own province: a pale band and a bold label, in the legend too.
        assert!(svg.contains("fill=\"#FFF1C1\""));
        assert_eq!(
            text_style(&svg, "Thái Nguyên", "font-weight").as_deref(),
            Some("bold")
        );
        assert!(has_text(&svg, "Tỉnh đang xem"));
        // Bars in the given order, values in the page's locale.
        let order = texts(&svg);
        let pos = |s: &str| order.iter().position(|t| t == s).unwrap();
        assert!(pos("3,02%") < pos("3,6%") && pos("3,6%") < pos("4,35%"));
        let plain = Ranking {
            provinces: ranking().provinces[..2]
                .iter()
                .cloned()
                .map(|p| RankedProvince {
                    highlight: false,
                    ..p
                })
                .collect(),
            ..ranking()
        };
        let svg = ranking_svg(&plain, &vi);
        assert!(!svg.contains("Tỉnh cũ") && !svg.contains("Tỉnh đang xem"));
        assert!(!svg.contains("#FFF1C1"));
    }

    #[test]
    fn breakdown_gap_is_a_labelled_hatched_bar() {
        let svg = breakdown_svg(&destinations(), &vi);
        assert!(has_text(&svg, "Chưa phân loại") && has_text(&svg, "14 người"));
        assert!(has_text(&svg, "233 người"));
        assert!(svg.contains("fill=\"#9E9E9E\""), "grey gap bar");
        assert_eq!(hatched(&svg, "breakdown-overseas"), 2, "gap and its swatch");
        let of_which = Breakdown {
            parts: vec![part("Đi làm việc ở nước ngoài", 2749.0)],
            remainder: Some((part("Còn lại", 20501.0), Remainder::Rest)),
            ..destinations()
        };
        let svg = breakdown_svg(&of_which, &vi);
        assert!(has_text(&svg, "Còn lại") && has_text(&svg, "20.501 người"));
        assert!(!svg.contains("<pattern"), "the rest of a total is no gap");
        assert!(svg.contains("fill=\"#56B4E9\""), "the rest is lighter");
        let complete = Breakdown {
            remainder: None,
            ..destinations()
        };
        let svg = breakdown_svg(&complete, &vi);
        assert!(!svg.contains("Chưa phân loại") && !svg.contains("#9E9E9E"));
        assert!(
            !svg.contains("Theo nước đến"),
            "one kind of bar needs no legend"
        );
    }

    #[test]
    fn title_and_desc_are_escaped() {
        let mut chart = poverty();
        chart.meta = meta(
            "esc",
            "Lao động & việc làm <2023>",
            "Tỷ lệ \"giảm\" 'mạnh' & đều.",
        );
        let svg = trend_svg(&chart, &vi);
        check_root(&svg, &chart.meta);
        assert!(svg.contains("Lao động &amp; việc làm &lt;2023&gt;"));
    }

    #[test]
    fn output_is_deterministic_and_free_of_float_noise() {
        let a = all_charts();
        let b = all_charts();
        assert_eq!(a, b);
        for (name, svg) in &a {
            assert!(!svg.contains("0000"), "{name}: float noise");
            assert!(!svg.contains("9999"), "{name}: float noise");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{name}");
            assert!(
                !svg.contains("<text>\n") && !svg.contains("\n</text>"),
                "{name}: padded text"
            );
        }
    }

    #[test]
    fn text_is_legible_inside_the_chart_and_never_overlaps() {
        for (name, svg) in all_charts() {
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let vb: Vec<f64> = doc
                .root_element()
                .attribute("viewBox")
                .unwrap()
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            let (w, h) = (vb[2], vb[3]);
            for chunk in svg::tests::text_chunks(&doc) {
                let size = font_size(chunk.node);
                assert!(size >= 14.0, "{name}: font-size {size}");
            }
            let boxes = text_boxes(&svg);
            assert!(!boxes.is_empty());
            for b in &boxes {
                assert!(
                    b.x0 >= 0.0 && b.x1 <= w,
                    "{name}: {b:?} clipped horizontally (width {w})"
                );
                assert!(
                    b.y0 >= 0.0 && b.y1 <= h,
                    "{name}: {b:?} clipped vertically (height {h})"
                );
            }
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
                    assert!(!overlap, "{name}: {a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn vietnamese_text_keeps_its_diacritics() {
        let svg = achievement_svg(&ben_tre(), &vi);
        for s in [
            "Giải quyết việc làm",
            "Tỷ lệ hộ nghèo",
            "thấp hơn là tốt",
            "100% kế hoạch",
            "Đạt kế hoạch",
            "102,1%",
            "111,1%",
        ] {
            assert!(has_text(&svg, s), "missing {s}");
        }
        // Longer names wrap onto two lines, each keeping its diacritics.
        for s in [
            "Tỷ lệ thất",
            "nghiệp thành thị",
            "Tỷ lệ lao động",
            "qua đào tạo",
        ] {
            assert!(has_text(&svg, s), "missing {s}");
        }
        let svg = trend_svg(&next_target(), &vi);
        for s in [
            "Thực hiện",
            "Kế hoạch",
            "Ước tính",
            "4,35%",
            "3,02%",
            "2,5%",
        ] {
            assert!(has_text(&svg, s), "missing {s}");
        }
    }

    #[test]
    fn long_labels_are_wrapped_within_the_left_margin() {
        let svg = achievement_svg(&long_labels(), &vi);
        let boxes = text_boxes(&svg);
        let labels: Vec<&TextBox> = boxes
            .iter()
            .filter(|b| b.text.starts_with("Tỷ lệ lao động"))
            .collect();
        assert_eq!(labels.len(), 1, "{boxes:?}");
        // The label column may take at most 40 % of the width…
        let bars_start = filled_pieces(&svg)
            .iter()
            .flat_map(|(_, corners)| corners.iter().map(|&(x, _)| x as f64))
            .fold(f64::INFINITY, f64::min);
        assert!(
            bars_start <= 0.4 * f64::from(WIDTH),
            "bars start at {bars_start}"
        );
        // …and every label line ends before the bars and starts inside the chart.
        for b in boxes.iter().filter(|b| b.x1 <= bars_start) {
            assert!(b.x0 >= 0.0 && b.x1 <= bars_start - 8.0, "{b:?}");
        }
        // Two lines, the second cut with an ellipsis after a whole word.
        let cut = boxes
            .iter()
            .find(|b| b.text.ends_with('…'))
            .expect("an ellipsis");
        assert!(cut.text.starts_with("độ tuổi lao động"), "{cut:?}");
        assert!(has_text(&svg, "thấp hơn là tốt, theo"), "note wraps");
    }

    #[test]
    fn wrap_and_ellipsize_measure_with_the_font() {
        let lines = wrap(
            "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ",
            16.0,
            Weight::Regular,
            200.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        for l in &lines {
            assert!(text_width(l, 16.0, Weight::Regular) <= 200.0, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"
        );
        let cut = ellipsize("Giảiquyếtviệclàm", 16.0, Weight::Regular, 60.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 16.0, Weight::Regular) <= 60.0,
            "{cut}"
        );
    }

    #[test]
    fn not_met_bars_are_hatched_and_the_legend_lists_what_is_drawn() {
        let stripes = |svg: &str| hatched(svg, "kien-giang-2023");
        let ben_tre = achievement_svg(&ben_tre(), &vi);
        let kien_giang = achievement_svg(&kien_giang(), &vi);
        assert_eq!(stripes(&ben_tre), 0);
        assert!(
            !ben_tre.contains("<pattern"),
            "no pattern when nothing is hatched"
        );
        assert_eq!(stripes(&kien_giang), 3, "two bars and the legend's swatch");
        assert!(has_text(&ben_tre, "Đạt kế hoạch") && !ben_tre.contains("Chưa đạt"));
        assert!(
            has_text(&kien_giang, "Chưa đạt kế hoạch") && !kien_giang.contains(">Đạt kế hoạch<")
        );
        assert!(kien_giang.contains("fill=\"#D55E00\"") && ben_tre.contains("fill=\"#0072B2\""));
    }

    #[test]
    fn achievement_axis_reaches_past_the_largest_bar() {
        // 0 … max(110, largest + 10): ticks every 50 up to 245.7 for 235,7 %.
        let svg = achievement_svg(&long_labels(), &vi);
        assert!(has_text(&svg, "200%") && !has_text(&svg, "250%"));
        let svg = achievement_svg(&kien_giang(), &vi);
        assert!(has_text(&svg, "100%"));
        // Height grows with the number of bars.
        let h = |svg: &str| check_root(svg, &kien_giang().meta).1;
        let mut more = kien_giang();
        more.bars.extend(more.bars.clone());
        assert!(h(&achievement_svg(&more, &vi)) > h(&svg) + 80.0);
    }

    #[test]
    fn trend_axis_starts_at_zero_unless_values_sit_in_a_narrow_band() {
        let svg = trend_svg(&poverty(), &vi);
        assert!(has_text(&svg, "0") && has_text(&svg, "5"));
        let svg = trend_svg(&employment(), &vi);
        assert!(!has_text(&svg, "0"), "employment zooms in");
        assert!(
            has_text(&svg, "13.900") && has_text(&svg, "14.400"),
            "ticks use fmt"
        );
    }

    #[test]
    fn the_latest_figure_is_labelled_beside_its_marker_when_it_must() {
        // Its plan just under it and the next plan level with it leave no room centred
        // over or under the marker.
        let svg = trend_svg(&jobs_with_plans(), &vi);
        assert!(has_text(&svg, "29.731 người"), "{:?}", texts(&svg));
        assert!(has_text(&svg, "33.084 người"), "{:?}", texts(&svg));
    }

    #[test]
    fn a_plan_is_labelled_where_it_changes() {
        let year = |y: i32, v: f64| pt(&y.to_string(), v, &format!("{}%", vi(v)), false);
        let below = |y: i32, v: f64| pt(&y.to_string(), v, &format!("dưới {}%", vi(v)), false);
        let chart = |plans: Vec<TrendPoint>| {
            let points = vec![
                year(2020, 2.4),
                year(2021, 3.1),
                year(2022, 2.2),
                year(2023, 1.9),
            ];
            trend(meta("u", "Thất nghiệp", "Bốn năm."), "%", points, plans)
        };
        let count = |svg: &str, label: &str| texts(svg).iter().filter(|t| *t == label).count();
        // Four years under one plan: it is written once, level with its diamonds.
        let steady = trend_svg(&chart((2020..=2023).map(|y| below(y, 3.0)).collect()), &vi);
        assert_eq!(count(&steady, "dưới 3%"), 1, "{:?}", texts(&steady));
        // A lower plan from 2022 on is written where it starts; the next period's always.
        let plans = [
            (2020, 3.0),
            (2021, 3.0),
            (2022, 2.5),
            (2023, 2.5),
            (2024, 2.5),
        ];
        let lowered = trend_svg(&chart(plans.map(|(y, v)| below(y, v)).to_vec()), &vi);
        assert_eq!(count(&lowered, "dưới 3%"), 1, "{:?}", texts(&lowered));
        assert_eq!(count(&lowered, "dưới 2,5%"), 2, "{:?}", texts(&lowered));
    }

    #[test]
    fn trend_marks_estimates_and_next_period_targets() {
        let svg = trend_svg(&next_target(), &vi);
        // Categories: 2022, 2023 and the next-period 2024, in order.
        let order = texts(&svg);
        let pos = |s: &str| order.iter().position(|t| t == s).unwrap();
        assert!(pos("2022") < pos("2023") && pos("2023") < pos("2024"));
        // Dashed = many short segments, one path of them: the estimate link (blue)
        // and the link to the next-period target (dark grey).
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let drawn = |tag: &str, style: [(&str, &str); 3]| {
            doc.descendants()
                .filter(|n| n.has_tag_name(tag))
                .filter(|n| style.iter().all(|&(k, v)| inherited(*n, k) == Some(v)))
                .collect::<Vec<_>>()
        };
        let segments = |stroke: &str, width: &str| {
            drawn(
                "path",
                [
                    ("fill", "none"),
                    ("stroke", stroke),
                    ("stroke-width", width),
                ],
            )
            .iter()
            .map(|n| n.attribute("d").unwrap().matches(['M', 'm']).count())
            .sum::<usize>()
        };
        assert!(segments("#0072B2", "3") > 5);
        assert!(segments("#333", "2") > 5);
        // Estimates are hollow: a blue outline, no blue fill, for that point.
        let hollow = [
            ("fill", "none"),
            ("stroke", "#0072B2"),
            ("stroke-width", "2"),
        ];
        assert!(!drawn("circle", hollow).is_empty());
        assert!(has_text(&svg, "Ước tính") && has_text(&svg, "3,6%"));
        // Without estimates or targets, no legend entry for them.
        let plain = trend_svg(&poverty(), &vi);
        assert!(!plain.contains("Ước tính") && !plain.contains("Kế hoạch"));
    }

    #[test]
    fn ticks_are_exact_decimals() {
        let t = Ticks::step_for(0.27);
        assert_eq!((t.mantissa, t.exp), (50, -2));
        assert_eq!(Ticks::step_for(0.09).value(3), 0.3);
        assert_eq!(Ticks::step_for(180.0).value(3), 600.0);
        assert_eq!(Ticks::step_for(2.2).value(3), 7.5);
        let t = Ticks::step_for(0.2);
        assert_eq!((t.floor_index(0.6), t.ceil_index(0.6)), (3, 3));
    }

    #[test]
    fn degenerate_input_still_gives_valid_svg() {
        let f: NumberFormat<'_> = &vi;
        let nobody = Ranking {
            provinces: vec![],
            ..ranking()
        };
        check_root(&ranking_svg(&nobody, f), &nobody.meta);
        let odd = Breakdown {
            parts: vec![part("Âm", -3.0), part("NaN", f64::NAN), part("Không", 0.0)],
            ..destinations()
        };
        check_root(&breakdown_svg(&odd, f), &odd.meta);
        let empty = achievement(meta("e", "Trống", "Không có dữ liệu."), vec![]);
        check_root(&achievement_svg(&empty, f), &empty.meta);
        let odd = achievement(
            meta("o", "Lạ", "Giá trị lạ."),
            vec![
                bar("Âm", -5.0, "-5%", Status::NotMet, None),
                bar("NaN", f64::NAN, "–", Status::NoTarget, Some("")),
            ],
        );
        check_root(&achievement_svg(&odd, f), &odd.meta);
        let none = trend(meta("n", "Trống", "Không có dữ liệu."), "%", vec![], vec![]);
        check_root(&trend_svg(&none, f), &none.meta);
        let one = trend(
            meta("one", "Một", "Một điểm."),
            "%",
            vec![pt("2023", 72.66, "72,66", false)],
            vec![pt("2023", 72.66, "72,66", false)],
        );
        let svg = trend_svg(&one, f);
        check_root(&svg, &one.meta);
        assert!(has_text(&svg, "0"), "a single value is shown from zero");
        let zeros = trend(
            meta("z", "Không", "Bằng không."),
            "người",
            vec![pt("2022", 0.0, "0", false), pt("2023", 0.0, "0", false)],
            vec![],
        );
        check_root(&trend_svg(&zeros, f), &zeros.meta);
    }
}
