//! The SVG writer plotters draws the charts with.
//!
//! It draws what plotters' own SVG backend draws, in fewer bytes, with the finishing
//! the site needs done as it goes: no `<svg>` opening tag (the chart writes its own), no
//! newlines inside `<text>`, and the hatching placeholder colour written as a reference
//! to the chart's pattern. A chart's elements are kept until it is done, then written
//! in the order they were drawn, each saying only what it does not inherit:
//!
//! - no SVG initial value (full opacity, no outline, an outline 1 wide, text anchored at
//!   its start), and no text family, size or colour the chart's `<svg>` gives every text;
//! - the paint and font attributes that a run of elements drawn one after another share
//!   (the bars' colour, the bold of value labels, the size, colour and anchor of tick
//!   labels) set once on a `<g>` around them ([`write_elements`]): only inherited
//!   properties, so every element is painted as before and in the same order;
//! - lines and polygons as `<path>` data, each step absolute or relative, whichever is
//!   shorter (`M71 144l7 7-7 7`), `#RGB` for a colour whose digits pair (`#FFF`);
//! - straight opaque segments of one style drawn one after another (the dashes of a
//!   dashed line, a grid) as one `<path>`, and a filled polygon followed by the outline
//!   that goes round it (a trend's plan diamond) as one `<path>` filled and outlined;
//! - `dy=".5ex"`, the `dy="0.5ex"` plotters writes to centre a text on its point.
//!
//! That is more than half of a chart's bytes, inline in every page.
use std::cell::Cell;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::ops::Range;

use plotters::style::FontStyle;

use super::DRAWN_FAMILY;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

/// The inherited presentation attributes a `<g>` may set for the elements in it, in
/// the order an element writes them: fill, stroke, stroke-width, font-size,
/// text-anchor, font-weight.
const KEYS: usize = 6;
const FILL: usize = 0;
const STROKE: usize = 1;
const STROKE_WIDTH: usize = 2;
const FONT_SIZE: usize = 3;
const ANCHOR: usize = 4;

/// An element's value for each key, or [`ANY`] where the key changes nothing in how
/// it is drawn (a rectangle's font, the outline width of what has no outline).
type Values = [u64; KEYS];
const ANY: u64 = u64::MAX;
/// Paint values: a colour is its `0xRRGGBB`; these are above any colour.
const NO_PAINT: u64 = 1 << 32;
const HATCHING: u64 = (1 << 32) + 1;

/// The values every element inherits from the chart's `<svg>` and SVG's initial values.
const ROOT: Values = [
    rgb_value(INK_RGB),
    NO_PAINT,
    1,
    TEXT_SIZE.to_bits(),
    ANCHOR_START,
    WEIGHT_NORMAL,
];
const ANCHOR_START: u64 = 0;
const ANCHOR_MIDDLE: u64 = 1;
const ANCHOR_END: u64 = 2;
const WEIGHT_NORMAL: u64 = 0;
const WEIGHT_BOLD: u64 = 1;

const fn rgb_value((r, g, b): (u8, u8, u8)) -> u64 {
    (r as u64) << 16 | (g as u64) << 8 | b as u64
}

/// One drawn element: its tag and geometry (`head`), then the keys' attributes it
/// needs where it stands, then the rest (`tail`: opacity, transform, text, `/>`).
struct Element {
    head: Range<usize>,
    tail: Range<usize>,
    values: Values,
    /// The length of each key's attribute written with the element's value.
    lens: [u8; KEYS],
    /// A text that can be a chunk of the text before it ([`write_text_run`]).
    chunk: Option<Chunk>,
}

/// A text centred on its point (`dy=".5ex"`) with nothing of its own but its point and
/// its words, which neither start nor end with white space: its position, and where its
/// escaped words are in the parts.
struct Chunk {
    at: BackendCoord,
    words: Range<usize>,
}

/// Appends a chart's elements to a buffer; see the module's documentation.
pub(super) struct SvgWriter<'a> {
    buf: &'a mut String,
    size: (u32, u32),
    /// The id of the chart's hatching pattern (`{id}-hatch`), escaped.
    id: &'a str,
    /// Set when an element was filled with the hatching.
    hatched: &'a Cell<bool>,
    /// The elements' heads and tails, one after another.
    parts: String,
    elements: Vec<Element>,
    /// Straight opaque segments of one colour and width drawn one after another (the
    /// dashes of a dashed line, a grid), written as one `<path>` when the run ends.
    run: Vec<(BackendCoord, BackendCoord)>,
    run_style: ((u8, u8, u8), u32),
    /// An opaque polygon just filled, with its paint: written when the next element
    /// is drawn, as one path with that element when it is the polygon's outline.
    polygon: Option<(Vec<BackendCoord>, u64)>,
}

impl<'a> SvgWriter<'a> {
    pub(super) fn new(
        buf: &'a mut String,
        size: (u32, u32),
        id: &'a str,
        hatched: &'a Cell<bool>,
    ) -> Self {
        SvgWriter {
            buf,
            size,
            id,
            hatched,
            parts: String::new(),
            elements: Vec::new(),
            run: Vec::new(),
            run_style: ((0, 0, 0), 0),
            polygon: None,
        }
    }

    /// Opens an element, unless its colour is fully transparent (then nothing is drawn).
    fn start(&mut self, tag: &str, color: BackendColor) -> Option<usize> {
        self.end_run();
        if color.alpha == 0.0 {
            return None;
        }
        let start = self.parts.len();
        self.parts.push('<');
        self.parts.push_str(tag);
        Some(start)
    }

    /// Ends the element's head: what follows are its tail's attributes.
    fn head_end(&self) -> usize {
        self.parts.len()
    }

    /// Ends the element begun at `start`, with `values` for the keys.
    fn push(&mut self, start: usize, head_end: usize, values: Values) {
        let mut lens = [0; KEYS];
        for (k, &v) in values.iter().enumerate() {
            if v != ANY {
                lens[k] = key_len(k, v, self.id).min(255) as u8;
            }
        }
        if values[FILL] == HATCHING || values[STROKE] == HATCHING {
            self.hatched.set(true);
        }
        self.elements.push(Element {
            head: start..head_end,
            tail: head_end..self.parts.len(),
            values,
            lens,
            chunk: None,
        });
    }

    /// An attribute whose value is one of the writer's own words (nothing to escape).
    fn word(&mut self, key: &str, value: &str) {
        self.parts.push(' ');
        self.parts.push_str(key);
        self.parts.push_str("=\"");
        self.parts.push_str(value);
        self.parts.push('"');
    }

    fn attr(&mut self, key: &str, value: &str) {
        self.parts.push(' ');
        self.parts.push_str(key);
        self.parts.push_str("=\"");
        escape_into(&mut self.parts, value);
        self.parts.push('"');
    }

    fn int(&mut self, key: &str, value: impl itoa::Integer) {
        self.parts.push(' ');
        self.parts.push_str(key);
        self.parts.push_str("=\"");
        self.parts.push_str(itoa::Buffer::new().format(value));
        self.parts.push('"');
    }

    /// Written only when the colour is see-through: full opacity is SVG's default.
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            self.parts.push_str(" opacity=\"");
            push_float(&mut self.parts, color.alpha);
            self.parts.push('"');
        }
    }

    /// A path's data, `d`, going through the points of each subpath.
    fn path_data<'p>(&mut self, subpaths: impl IntoIterator<Item = &'p [BackendCoord]>) {
        self.parts.push_str(" d=\"");
        let mut d = PathData::new(&mut self.parts);
        for points in subpaths {
            if let Some((&first, rest)) = points.split_first() {
                d.move_to(first);
                for &p in rest {
                    d.line_to(p);
                }
            }
        }
        self.parts.push('"');
    }

    fn close(&mut self) {
        self.parts.push_str("/>");
    }

    /// Writes the polygon waiting for its outline, or the run of segments as one
    /// `<path>` of as many pieces, which draws the same pixels as a `<polyline>` each.
    fn end_run(&mut self) {
        let start = self.parts.len();
        let values = if let Some((points, paint)) = self.polygon.take() {
            // A path's fill closes it, as a polygon's does.
            self.parts.push_str("<path");
            self.path_data([&points[..]]);
            filled(paint)
        } else if !self.run.is_empty() {
            let run = std::mem::take(&mut self.run);
            self.parts.push_str("<path");
            let pieces: Vec<[BackendCoord; 2]> = run.iter().map(|&(a, b)| [a, b]).collect();
            self.path_data(pieces.iter().map(|p| &p[..]));
            self.run = run;
            self.run.clear();
            let (rgb, width) = self.run_style;
            outline(rgb_value(rgb), width)
        } else {
            return;
        };
        let head_end = self.head_end();
        self.close();
        self.push(start, head_end, values);
    }

    /// Writes the chart's elements after the chart's `<svg>` has been opened.
    fn finish(&mut self) {
        self.end_run();
        let elements = join_texts(&mut self.parts, std::mem::take(&mut self.elements));
        write_elements(self.buf, &self.parts, &elements, ROOT, self.id);
        self.elements.clear();
    }
}

/// The values of an outline: no fill, a stroke of `width`.
fn outline(stroke: u64, width: u32) -> Values {
    [NO_PAINT, stroke, u64::from(width), ANY, ANY, ANY]
}

/// The values of a filled shape without outline.
fn filled(fill: u64) -> Values {
    [fill, NO_PAINT, ANY, ANY, ANY, ANY]
}

/// A paint's value: the hatching for the placeholder colour, else the colour.
fn paint_value(color: BackendColor) -> u64 {
    if color.rgb == HATCH_RGB {
        HATCHING
    } else {
        rgb_value(color.rgb)
    }
}

/// A run of segments still to be written is written when the chart is done.
impl Drop for SvgWriter<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Writes `elements` where they inherit `context`: where a run of them shares values
/// the context does not give, a `<g>` setting them once around the run, when that is
/// shorter (see [`best_group`]), and inside it the run written the same way.
fn write_elements(out: &mut String, parts: &str, elements: &[Element], context: Values, id: &str) {
    let mut i = 0;
    while i < elements.len() {
        if let Some((n, group)) = best_group(&elements[i..], &context) {
            out.push_str("<g");
            let mut inner = context;
            for (k, &v) in group.iter().enumerate() {
                if v != ANY {
                    write_key(out, k, v, id);
                    inner[k] = v;
                }
            }
            out.push_str(">\n");
            write_elements(out, parts, &elements[i..i + n], inner, id);
            out.push_str("</g>\n");
            i += n;
            continue;
        }
        let e = &elements[i];
        out.push_str(&parts[e.head.clone()]);
        for (k, &v) in e.values.iter().enumerate() {
            if v != ANY && v != context[k] {
                write_key(out, k, v, id);
            }
        }
        out.push_str(&parts[e.tail.clone()]);
        out.push('\n');
        i += 1;
    }
}

/// Makes each run of texts of one style drawn one after another one text: the texts
/// after the first become chunks of it, `<tspan>`s placed at their own x and moved
/// down from the chunk before by their distance (`dy`), so that each stays where it
/// was, `0.5ex` below its point, and is anchored on its own x, as a chunk is.
fn join_texts(parts: &mut String, elements: Vec<Element>) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::with_capacity(elements.len());
    let mut run_y = 0;
    for e in elements {
        let joins = |last: &Element| last.chunk.is_some() && last.values == e.values;
        match (&e.chunk, out.last_mut().filter(|last| joins(last))) {
            (Some(next), Some(last)) => {
                if last.tail.end == parts.len() && parts[last.tail.clone()].ends_with("</text>") {
                    parts.truncate(parts.len() - "</text>".len());
                } else {
                    // Its first text: its tail again, to add to.
                    let words = last.chunk.as_ref().map_or(0..0, |c| c.words.clone());
                    let start = parts.len();
                    parts.push('>');
                    parts.extend_from_within(words);
                    last.tail = start..parts.len();
                    run_y = last.chunk.as_ref().map_or(0, |c| c.at.1);
                }
                parts.push_str("<tspan x=\"");
                parts.push_str(itoa::Buffer::new().format(next.at.0));
                parts.push('"');
                if next.at.1 != run_y {
                    parts.push_str(" dy=\"");
                    parts.push_str(itoa::Buffer::new().format(next.at.1 - run_y));
                    parts.push('"');
                }
                parts.push('>');
                parts.extend_from_within(next.words.clone());
                parts.push_str("</tspan></text>");
                last.tail.end = parts.len();
                run_y = next.at.1;
            }
            _ => out.push(e),
        }
    }
    out
}

/// The `<g>` that saves the most bytes around a run starting at the first element:
/// it sets some of the values where the first element differs from `context`; an
/// element in it that has another value for a key writes its own, which wins over the
/// group's, as it did over the context. Returns how many elements it holds and its
/// values ([`ANY`] for the keys it leaves), or `None` when no group is shorter.
fn best_group(elements: &[Element], context: &Values) -> Option<(usize, Values)> {
    let first = elements.first()?;
    let differing: Vec<usize> = (0..KEYS)
        .filter(|&k| first.values[k] != ANY && first.values[k] != context[k])
        .collect();
    let mut best: Option<(i64, usize, Values)> = None;
    for mask in 1u32..(1 << differing.len()) {
        let mut group = [ANY; KEYS];
        // "<g", ">\n" and "</g>\n", then the group's attributes.
        let mut cost = 9;
        for (bit, &k) in differing.iter().enumerate() {
            if mask >> bit & 1 == 1 {
                group[k] = first.values[k];
                cost += i64::from(first.lens[k]);
            }
        }
        let (n, saved) = run_savings(elements, context, &group);
        let gain = saved - cost;
        if n >= 2 && gain > 0 && best.is_none_or(|(g, ..)| gain > g) {
            best = Some((gain, n, group));
        }
    }
    best.map(|(_, n, group)| (n, group))
}

/// How long a run under `group` saves the most bytes, and how many: an element saves
/// its attributes that the group gives and the context does not, and pays for those
/// the context gives and the group changes. The run stops once it has not saved for a
/// while, or has lost more than a group costs.
fn run_savings(elements: &[Element], context: &Values, group: &Values) -> (usize, i64) {
    let (mut sum, mut top, mut n, mut idle) = (0i64, 0i64, 0usize, 0);
    for (j, e) in elements.iter().enumerate() {
        for k in 0..KEYS {
            let v = e.values[k];
            if group[k] == ANY || v == ANY {
                continue;
            }
            if v == group[k] {
                sum += i64::from(e.lens[k]);
            } else if v == context[k] {
                sum -= i64::from(e.lens[k]);
            }
        }
        if sum > top {
            (top, n, idle) = (sum, j + 1, 0);
        } else {
            idle += 1;
            if idle > 12 || sum < top - 64 {
                break;
            }
        }
    }
    (n, top)
}

/// Writes a key's attribute with value `v`.
/// The attribute each key is written as.
const KEY_NAMES: [&str; KEYS] = [
    "fill",
    "stroke",
    "stroke-width",
    "font-size",
    "text-anchor",
    "font-weight",
];

fn write_key(out: &mut String, k: usize, v: u64, id: &str) {
    let name = KEY_NAMES[k];
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    match k {
        FILL | STROKE => push_paint(out, v, id),
        STROKE_WIDTH => out.push_str(itoa::Buffer::new().format(v)),
        FONT_SIZE => push_float(out, f64::from_bits(v)),
        ANCHOR => out.push_str(["start", "middle", "end"][v as usize]),
        _ => out.push_str(if v == WEIGHT_BOLD { "bold" } else { "normal" }),
    }
    out.push('"');
}

/// How long [`write_key`] writes the key `k` with the value `v`, worked out without
/// writing it but for a size that is not a whole or half number.
fn key_len(k: usize, v: u64, id: &str) -> usize {
    let value = match k {
        FILL | STROKE => match v {
            NO_PAINT => "none".len(),
            HATCHING => "url(#".len() + id.len() + "-hatch)".len(),
            _ if paint_pairs(v) => 4,
            _ => 7,
        },
        STROKE_WIDTH => itoa::Buffer::new().format(v).len(),
        FONT_SIZE => {
            let mut size = String::new();
            push_float(&mut size, f64::from_bits(v));
            size.len()
        }
        ANCHOR => ["start", "middle", "end"][v as usize].len(),
        _ => if v == WEIGHT_BOLD { "bold" } else { "normal" }.len(),
    };
    KEY_NAMES[k].len() + " =\"\"".len() + value
}

/// Whether the colour `v` (`0xRRGGBB`) is written `#RGB`: each of its digits pairs.
fn paint_pairs(v: u64) -> bool {
    let digit = |s: u32| (v >> s) & 15;
    digit(20) == digit(16) && digit(12) == digit(8) && digit(4) == digit(0)
}

/// `none`, the chart's hatching, or a colour as `#RGB` when its digits pair, else `#RRGGBB`.
fn push_paint(out: &mut String, v: u64, id: &str) {
    match v {
        NO_PAINT => out.push_str("none"),
        HATCHING => {
            out.push_str("url(#");
            out.push_str(id);
            out.push_str("-hatch)");
        }
        _ => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let digits = [20, 16, 12, 8, 4, 0].map(|s| HEX[((v >> s) & 15) as usize]);
            let short = paint_pairs(v);
            out.push('#');
            for (i, &d) in digits.iter().enumerate() {
                if !short || i % 2 == 0 {
                    out.push(char::from(d));
                }
            }
        }
    }
}

/// A number as Rust's `Display` writes it (`1`, `0.55`, `15.5`). Whole and half
/// numbers (every opacity of 1 and chart font size) are written without it.
fn push_float(out: &mut String, value: f64) {
    let twice = value * 2.0;
    if twice.fract() == 0.0 && (0.0..1e15).contains(&value) && value.is_sign_positive() {
        out.push_str(itoa::Buffer::new().format(value as u64));
        if value.fract() != 0.0 {
            out.push_str(".5");
        }
    } else {
        let _ = write!(out, "{value}");
    }
}

/// Path data written step by step, each step absolute or relative, whichever is
/// shorter, without a command letter where it repeats the one before.
struct PathData<'b> {
    out: &'b mut String,
    at: BackendCoord,
    /// The command a bare pair of numbers would continue (`L` after `M`), 0 at first.
    command: u8,
    scratch: [String; 2],
}

impl<'b> PathData<'b> {
    fn new(out: &'b mut String) -> Self {
        PathData {
            out,
            at: (0, 0),
            command: 0,
            scratch: [String::new(), String::new()],
        }
    }

    fn move_to(&mut self, p: BackendCoord) {
        let first = self.command == 0;
        let (dx, dy) = (p.0 - self.at.0, p.1 - self.at.1);
        if first {
            self.step([(b'M', &[p.0, p.1][..])]);
        } else {
            self.step([(b'M', &[p.0, p.1][..]), (b'm', &[dx, dy][..])]);
        }
        self.at = p;
    }

    fn line_to(&mut self, p: BackendCoord) {
        let (dx, dy) = (p.0 - self.at.0, p.1 - self.at.1);
        if dy == 0 {
            self.step([(b'H', &[p.0][..]), (b'h', &[dx][..])]);
        } else if dx == 0 {
            self.step([(b'V', &[p.1][..]), (b'v', &[dy][..])]);
        } else {
            self.step([(b'L', &[p.0, p.1][..]), (b'l', &[dx, dy][..])]);
        }
        self.at = p;
    }

    /// Writes the shortest of the candidate commands.
    fn step<const N: usize>(&mut self, candidates: [(u8, &[i32]); N]) {
        let after_digit = self.out.as_bytes().last().is_some_and(u8::is_ascii_digit);
        for (text, &(letter, args)) in self.scratch.iter_mut().zip(&candidates) {
            text.clear();
            let mut digit_before = after_digit;
            if letter != self.command {
                text.push(char::from(letter));
                digit_before = false;
            }
            for &a in args {
                if digit_before && a >= 0 {
                    text.push(' ');
                }
                text.push_str(itoa::Buffer::new().format(a));
                digit_before = true;
            }
        }
        let chosen = (1..N).fold(0, |best, i| {
            if self.scratch[i].len() < self.scratch[best].len() {
                i
            } else {
                best
            }
        });
        self.out.push_str(&self.scratch[chosen]);
        // A moveto's bare pairs that follow are linetos.
        self.command = match candidates[chosen].0 {
            b'M' => b'L',
            b'm' => b'l',
            other => other,
        };
    }
}

/// The placeholder colour of hatching (`super::HATCH_SENTINEL`).
const HATCH_RGB: (u8, u8, u8) = (0x01, 0x02, 0x03);

/// The colour of text (`super::INK`); the chart's `<svg>` sets it as the fill of
/// every text, with [`INK_HEX`], and a text repeats it only when it differs.
const INK_RGB: (u8, u8, u8) = (super::INK.0, super::INK.1, super::INK.2);

/// [`INK_RGB`] as the chart's `<svg>` writes it.
pub(super) const INK_HEX: &str = "#1F1F1F";

/// The size of most chart text (labels and values); the chart's `<svg>` sets it
/// for every text, with [`TEXT_SIZE_ATTR`], and a text repeats it only when it differs.
pub(super) const TEXT_SIZE: f64 = 15.5;

/// [`TEXT_SIZE`] as the chart's `<svg>` writes it.
pub(super) const TEXT_SIZE_ATTR: &str = "15.5";

/// Escapes the five XML specials, as plotters does, a run of plain bytes at a time.
fn escape_into(buf: &mut String, value: &str) {
    if !value
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        buf.push_str(value);
        return;
    }
    let mut start = 0;
    for (i, byte) in value.bytes().enumerate() {
        let entity = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        buf.push_str(&value[start..i]);
        buf.push_str(entity);
        start = i + 1;
    }
    buf.push_str(&value[start..]);
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    /// The chart closes the `<svg>` itself.
    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if let Some(start) = self.start("rect", color) {
            self.int("x", point.0);
            self.int("y", point.1);
            self.word("width", "1");
            self.word("height", "1");
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            self.push(start, head_end, filled(paint_value(color)));
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if let Some(start) = self.start("line", color) {
            self.int("x1", from.0);
            self.int("y1", from.1);
            self.int("x2", to.0);
            self.int("y2", to.1);
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            let mut values = outline(paint_value(color), style.stroke_width());
            // A line has no inside to fill.
            values[FILL] = ANY;
            self.push(start, head_end, values);
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        let ((x0, y0), (x1, y1)) = (upper_left, bottom_right);
        if let Some(start) = self.start("rect", color) {
            self.int("x", x0);
            self.int("y", y0);
            self.int("width", x1 - x0);
            self.int("height", y1 - y0);
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            self.push(start, head_end, filled_or_outlined(color, fill));
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        let path: Vec<BackendCoord> = path.into_iter().collect();
        if color.alpha == 1.0 && self.outlines_polygon(&path) {
            self.outline_polygon(&path, color, style.stroke_width());
            return Ok(());
        }
        if let ([from, to], 1.0) = (path.as_slice(), color.alpha) {
            if self.polygon.is_some() {
                self.end_run();
            }
            let run_style = (color.rgb, style.stroke_width());
            if self.run_style != run_style {
                self.end_run();
                self.run_style = run_style;
            }
            self.run.push((*from, *to));
            return Ok(());
        }
        if let Some(start) = self.start("path", color) {
            self.path_data([&path[..]]);
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            self.push(
                start,
                head_end,
                outline(paint_value(color), style.stroke_width()),
            );
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        let points: Vec<BackendCoord> = path.into_iter().collect();
        if color.alpha == 1.0 {
            self.end_run();
            self.polygon = Some((points, paint_value(color)));
        } else if let Some(start) = self.start("path", color) {
            // A path's fill closes it, as a polygon's does.
            self.path_data([&points[..]]);
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            self.push(start, head_end, filled(paint_value(color)));
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let color = style.color();
        if let Some(start) = self.start("circle", color) {
            self.int("cx", center.0);
            self.int("cy", center.1);
            self.int("r", radius);
            let head_end = self.head_end();
            self.opacity(color);
            self.close();
            let mut values = filled_or_outlined(color, fill);
            if !fill {
                values[STROKE_WIDTH] = u64::from(style.stroke_width());
            }
            self.push(start, head_end, values);
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn {
        let color = style.color();
        let Some(start) = self.start("text", color) else {
            return Ok(());
        };
        let anchor = style.anchor();
        self.int("x", pos.0);
        self.int("y", pos.1);
        self.word(
            "dy",
            match anchor.v_pos {
                VPos::Top => "0.76em",
                VPos::Center => ".5ex",
                VPos::Bottom => "-.5ex",
            },
        );
        let head_end = self.head_end();
        // The chart's `<svg>` names the family; a text repeats it only when it differs.
        let family = style.family();
        if family.as_str() != DRAWN_FAMILY {
            self.attr("font-family", family.as_str());
        }
        self.opacity(color);
        match style.style() {
            FontStyle::Normal | FontStyle::Bold => {}
            other => self.attr("font-style", other.as_str()),
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = degrees {
            let (x, y) = pos;
            self.attr("transform", &format!("rotate({degrees}, {x}, {y})"));
        }
        let plain = self.parts.len() == head_end;
        self.parts.push('>');
        let words_start = self.parts.len();
        escape_into(&mut self.parts, text);
        let words = words_start..self.parts.len();
        self.parts.push_str("</text>");
        let values = [
            paint_value(color),
            NO_PAINT,
            ANY,
            (style.size() / 1.24).to_bits(),
            match anchor.h_pos {
                HPos::Left => ANCHOR_START,
                HPos::Center => ANCHOR_MIDDLE,
                HPos::Right => ANCHOR_END,
            },
            if matches!(style.style(), FontStyle::Bold) {
                WEIGHT_BOLD
            } else {
                WEIGHT_NORMAL
            },
        ];
        self.push(start, head_end, values);
        let bare = |c: Option<char>| c.is_some_and(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'));
        if plain
            && matches!(anchor.v_pos, VPos::Center)
            && bare(text.chars().next())
            && bare(text.chars().last())
        {
            let chunk = Chunk { at: pos, words };
            self.elements.last_mut().expect("the text").chunk = Some(chunk);
        }
        Ok(())
    }
}

/// A rectangle's or circle's values: its colour as fill, or as outline (width 1).
fn filled_or_outlined(color: BackendColor, fill: bool) -> Values {
    if fill {
        filled(paint_value(color))
    } else {
        outline(paint_value(color), 1)
    }
}

impl SvgWriter<'_> {
    /// Whether `path` goes round the polygon filled just before, back to its start.
    fn outlines_polygon(&self, path: &[BackendCoord]) -> bool {
        let Some((polygon, _)) = &self.polygon else {
            return false;
        };
        path.len() == polygon.len() + 1
            && path[..polygon.len()] == polygon[..]
            && path.last() == polygon.first()
    }

    /// Turns the polygon filled just before into one path filled and outlined, which
    /// paints its fill, then the outline over it, as the two elements did.
    fn outline_polygon(&mut self, path: &[BackendCoord], color: BackendColor, width: u32) {
        let Some((_, fill)) = self.polygon.take() else {
            return;
        };
        let start = self.parts.len();
        self.parts.push_str("<path");
        self.path_data([path]);
        let head_end = self.head_end();
        self.close();
        let mut values = filled(fill);
        values[STROKE] = paint_value(color);
        values[STROKE_WIDTH] = u64::from(width);
        self.push(start, head_end, values);
    }
}

#[cfg(test)]
pub(super) mod tests {
    #[test]
    fn an_attributes_length_is_worked_out_as_it_is_written() {
        use super::*;
        let values: [&[u64]; KEYS] = [
            &[
                NO_PAINT, HATCHING, 0xFFFFFF, 0x1F1F1F, 0x0072B2, 0x333333, 0x000000,
            ],
            &[NO_PAINT, HATCHING, 0xE3E3E3, 0x8C8C8C],
            &[0, 1, 2, 10, 123],
            &[
                15.5f64.to_bits(),
                14f64.to_bits(),
                12.25f64.to_bits(),
                9f64.to_bits(),
            ],
            &[ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END],
            &[WEIGHT_NORMAL, WEIGHT_BOLD],
        ];
        for (k, values) in values.iter().enumerate() {
            for &v in *values {
                let mut written = String::new();
                write_key(&mut written, k, v, "ranking-jobs-2023");
                assert_eq!(
                    key_len(k, v, "ranking-jobs-2023"),
                    written.len(),
                    "{written}"
                );
            }
        }
    }

    use std::cell::Cell;

    use plotters::coord::Shift;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::SvgWriter;

    /// Draws with the writer, inside the chart's `<svg>` that gives every text its
    /// family, size and ink.
    fn ours(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SvgWriter<'_>, Shift>)) -> String {
        let (mut body, hatched) = (String::new(), Cell::new(false));
        {
            let area = SvgWriter::new(&mut body, size, "c", &hatched).into_drawing_area();
            draw(&area);
        }
        body
    }

    #[test]
    fn shared_paint_is_set_once_around_a_run_and_shapes_are_short_paths() {
        let svg = ours((100, 100), |area| {
            for y in [10, 20, 30] {
                let dash = PathElement::new(vec![(5, y), (5, y + 5)], BLACK.stroke_width(3));
                let _ = area.draw(&dash);
            }
            for x in [10, 40, 70] {
                let _ = area.draw(&Rectangle::new([(x, 50), (x + 20, 60)], CYAN.filled()));
            }
            let _ = area.draw(&Rectangle::new([(0, 70), (9, 80)], RED.filled()));
            let diamond = vec![(50, 43), (57, 50), (50, 57), (43, 50)];
            let _ = area.draw(&Polygon::new(diamond.clone(), WHITE.filled()));
            let outline = [&diamond[..], &diamond[..1]].concat();
            let _ = area.draw(&PathElement::new(outline, BLACK.stroke_width(2)));
            let _ = area.draw(&PathElement::new(vec![(0, 1), (9, 1)], BLUE));
        });
        // The outlines share no fill; the cyan bars share theirs, the red one says its own.
        assert_eq!(
            svg,
            "<g fill=\"none\">\n\
             <path d=\"M5 10v5m0 5v5m0 5v5\" stroke=\"#000\" stroke-width=\"3\"/>\n\
             <g fill=\"#0FF\">\n\
             <rect x=\"10\" y=\"50\" width=\"20\" height=\"10\"/>\n\
             <rect x=\"40\" y=\"50\" width=\"20\" height=\"10\"/>\n\
             <rect x=\"70\" y=\"50\" width=\"20\" height=\"10\"/>\n\
             </g>\n\
             <rect x=\"0\" y=\"70\" width=\"9\" height=\"10\" fill=\"#F00\"/>\n\
             <path d=\"M50 43l7 7-7 7-7-7 7-7\" fill=\"#FFF\" stroke=\"#000\" stroke-width=\"2\"/>\n\
             <path d=\"M0 1H9\" stroke=\"#00F\"/>\n\
             </g>\n"
        );
    }

    #[test]
    fn the_ink_the_svg_element_names_is_the_ink_texts_are_drawn_in() {
        let RGBColor(r, g, b) = super::super::INK;
        assert_eq!(super::INK_HEX, format!("#{r:02X}{g:02X}{b:02X}"));
    }

    /// Every kind of element the charts draw, in several styles, some of them clipped.
    fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, texts: &[String], n: i32) {
        let hatch = RGBColor(1, 2, 3);
        let see_through = RGBAColor(0, 114, 178, 0.55);
        let _ = area.draw(&Rectangle::new([(n, 2), (40, 30)], hatch.filled()));
        let _ = area.draw(&Rectangle::new([(5, 5), (20, n)], BLUE.stroke_width(2)));
        let _ = area.draw(&Rectangle::new([(1, 1), (2, 2)], TRANSPARENT.filled()));
        let _ = area.draw(&Rectangle::new([(9, 1), (n, 2)], BLUE.filled()));
        let path = vec![(0, 0), (n, 10), (30, -5), (500, 7)];
        let _ = area.draw(&PathElement::new(path, see_through.stroke_width(3)));
        for y in [n, 2 * n, 40] {
            let _ = area.draw(&PathElement::new(vec![(n, y), (60, y)], GREEN));
        }
        let _ = area.draw(&Circle::new((n, 20), 4, GREEN.filled()));
        let _ = area.draw(&Circle::new((10, 20), 3, RED.stroke_width(2)));
        let diamond = vec![(n, 0), (5, n), (9, 3)];
        let _ = area.draw(&Polygon::new(diamond.clone(), WHITE.filled()));
        let outline = [&diamond[..], &diamond[..1]].concat();
        let _ = area.draw(&PathElement::new(outline, BLACK.stroke_width(2)));
        let sizes = [14.0, 15.5, 16.0, 15.0];
        let inks = [RGBColor(0x1F, 0x1F, 0x1F), RGBColor(0x55, 0x55, 0x55)];
        for (i, text) in texts.iter().enumerate() {
            let weight = if i % 2 == 0 {
                FontStyle::Normal
            } else {
                FontStyle::Bold
            };
            let h = [HPos::Left, HPos::Center, HPos::Right][i % 3];
            let style = TextStyle {
                font: FontDesc::new(
                    FontFamily::Name(super::super::DRAWN_FAMILY),
                    sizes[i % 4] * 1.24,
                    weight,
                ),
                color: inks[i / 2 % 2].to_backend_color(),
                pos: Pos::new(h, VPos::Center),
            };
            let at = (n * i as i32 - 20, 10 * i as i32);
            let _ = area.draw(&Text::new(text.as_str(), at, style.clone()));
            // The same style again, below: a run of texts.
            let _ = area.draw(&Text::new(text.as_str(), (at.0 + 7, at.1 + 13), style));
        }
    }

    /// What an element draws: its kind and geometry (a polygon's or polyline's points as
    /// a path's), and the value of each property it uses, its own or inherited.
    type Drawing = (String, String, Vec<(&'static str, String)>);

    /// The drawings of a document, in painting order; a path filled and outlined is
    /// two, its fill then its outline, as it paints them.
    fn drawings(svg: &str) -> Vec<Drawing> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let mut out = Vec::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            let inherited = |key: &str, initial: &str| {
                let v = n
                    .ancestors()
                    .find_map(|a| a.attribute(key))
                    .unwrap_or(initial);
                normal_value(v)
            };
            let own = |key: &str| normal_value(n.attribute(key).unwrap_or("-"));
            let opacity = normal_value(n.attribute("opacity").unwrap_or("1"));
            let (fill, stroke) = (inherited("fill", "#000000"), inherited("stroke", "none"));
            let width = inherited("stroke-width", "1");
            let kind = n.tag_name().name();
            let num = |key: &str| n.attribute(key).unwrap().parse::<i64>().unwrap();
            let subpaths = match kind {
                "rect" => {
                    let (x, y, w, h) = (num("x"), num("y"), num("width"), num("height"));
                    vec![(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)], true)]
                }
                "circle" => vec![(vec![(num("cx"), num("cy")), (num("r"), 0)], true)],
                "line" => vec![(vec![(num("x1"), num("y1")), (num("x2"), num("y2"))], false)],
                "polygon" | "polyline" => vec![(points(n.attribute("points").unwrap()), false)],
                "path" => path_points(n.attribute("d").unwrap()),
                "text" => {
                    for chunk in chunks(n) {
                        let inherited = |key: &str, initial: &str| {
                            let v = chunk.node.ancestors().find_map(|a| a.attribute(key));
                            normal_value(v.unwrap_or(initial))
                        };
                        let props = vec![
                            ("fill", inherited("fill", "#000000")),
                            ("stroke", inherited("stroke", "none")),
                            ("font-size", inherited("font-size", "medium")),
                            ("font-family", inherited("font-family", "serif")),
                            ("text-anchor", inherited("text-anchor", "start")),
                            ("font-weight", inherited("font-weight", "normal")),
                            ("opacity", opacity.clone()),
                            ("dy", own("dy")),
                            ("transform", own("transform")),
                        ];
                        let (x, y, words) = (chunk.x, chunk.y, chunk.words);
                        out.push(("text".into(), format!("{x},{y} {words:?}"), props));
                    }
                    continue;
                }
                _ => continue,
            };
            let shape = if kind == "circle" { "circle" } else { "shape" };
            // Opaque pieces apart from each other paint as one piece each would.
            if kind != "line" && fill != "none" {
                for (mut points, _) in subpaths.clone() {
                    // A fill closes its path: a last point back at the first changes nothing.
                    if points.len() > 2 && points.first() == points.last() {
                        points.pop();
                    }
                    let props = vec![("fill", fill.clone()), ("opacity", opacity.clone())];
                    out.push((format!("{shape} fill"), format!("{points:?}"), props));
                }
            }
            if stroke != "none" {
                for (points, closed) in subpaths {
                    let props = vec![
                        ("stroke", stroke.clone()),
                        ("stroke-width", width.clone()),
                        ("opacity", opacity.clone()),
                    ];
                    let geometry = format!("{points:?} closed: {closed}");
                    out.push((format!("{shape} outline"), geometry, props));
                }
            }
        }
        out
    }

    /// A piece of text placed on its own: a `<text>`, or a `<tspan>` chunk of one.
    pub(in crate::charts) struct Chunk<'a, 'input> {
        /// The element whose inherited properties it has.
        pub(in crate::charts) node: roxmltree::Node<'a, 'input>,
        pub(in crate::charts) x: i64,
        /// Where its point is: a chunk's `dy` moves it from the chunk before; the
        /// `<text>`'s own `dy` is the same offset from its point for every chunk.
        pub(in crate::charts) y: i64,
        pub(in crate::charts) words: String,
    }

    /// The chunks of the `<text>` element `text`, in order.
    pub(in crate::charts) fn chunks<'a, 'input>(
        text: roxmltree::Node<'a, 'input>,
    ) -> Vec<Chunk<'a, 'input>> {
        let num =
            |n: roxmltree::Node, key: &str| n.attribute(key).map(|v| v.parse::<i64>().unwrap());
        let (x, mut y) = (num(text, "x").unwrap(), num(text, "y").unwrap());
        let mut out = vec![Chunk {
            node: text,
            x,
            y,
            words: text.text().unwrap_or_default().to_string(),
        }];
        for tspan in text.children().filter(|n| n.has_tag_name("tspan")) {
            assert_eq!(
                tspan.attributes().len(),
                1 + usize::from(tspan.has_attribute("dy"))
            );
            y += num(tspan, "dy").unwrap_or(0);
            let words = tspan.text().unwrap_or_default().to_string();
            out.push(Chunk {
                node: tspan,
                x: num(tspan, "x").unwrap(),
                y,
                words,
            });
        }
        out
    }

    /// Every chunk of text of a chart, in the order they are drawn.
    pub(in crate::charts) fn text_chunks<'a, 'input>(
        doc: &'a roxmltree::Document<'input>,
    ) -> Vec<Chunk<'a, 'input>> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .flat_map(chunks)
            .collect()
    }

    /// A colour as `#RRGGBB`, a number as a number, `0.5ex` however written.
    fn normal_value(v: &str) -> String {
        if let (Some(hex), 4) = (v.strip_prefix('#'), v.len()) {
            let doubled: String = hex.chars().flat_map(|c| [c, c]).collect();
            return format!("#{}", doubled.to_uppercase());
        }
        if v.starts_with('#') {
            return v.to_uppercase();
        }
        match v.strip_suffix("ex").and_then(|n| n.parse::<f64>().ok()) {
            Some(n) => format!("{n}ex"),
            None => v.parse::<f64>().map_or(v.to_string(), |n| n.to_string()),
        }
    }

    /// A `points` list.
    fn points(list: &str) -> Vec<(i64, i64)> {
        list.split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    /// The subpaths of a path's data: the points each goes through, and whether it is
    /// closed.
    pub(in crate::charts) fn path_points(d: &str) -> Vec<(Vec<(i64, i64)>, bool)> {
        let mut tokens = Vec::new();
        let mut number = String::new();
        for c in d.chars() {
            if c.is_ascii_digit() || (c == '-' && number.is_empty()) {
                number.push(c);
                continue;
            }
            if !number.is_empty() {
                tokens.push(std::mem::take(&mut number));
            }
            if c == '-' {
                number.push(c);
            } else if c.is_ascii_alphabetic() {
                tokens.push(c.to_string());
            }
        }
        if !number.is_empty() {
            tokens.push(number);
        }
        let mut out: Vec<(Vec<(i64, i64)>, bool)> = Vec::new();
        let (mut at, mut command) = ((0i64, 0i64), 'M');
        let mut it = tokens.into_iter();
        while let Some(t) = it.next() {
            let first: i64 = match t.chars().next() {
                Some(c) if c.is_ascii_alphabetic() => {
                    command = c;
                    it.next().unwrap().parse().unwrap()
                }
                _ => t.parse().unwrap(),
            };
            let mut arg = || it.next().unwrap().parse::<i64>().unwrap();
            at = match command {
                'M' | 'L' => (first, arg()),
                'm' | 'l' => (at.0 + first, at.1 + arg()),
                'H' => (first, at.1),
                'h' => (at.0 + first, at.1),
                'V' => (at.0, first),
                'v' => (at.0, at.1 + first),
                other => panic!("command {other}"),
            };
            if command.eq_ignore_ascii_case(&'m') {
                out.push((Vec::new(), false));
            }
            out.last_mut().unwrap().0.push(at);
            command = match command {
                'M' => 'L',
                'm' => 'l',
                other => other,
            };
        }
        out
    }

    proptest::proptest! {
        /// The writer draws what plotters' SVG backend draws: the same shapes and texts
        /// in the same order, each with the same paint, font and opacity, whether it
        /// says them itself or a `<g>` or the chart's `<svg>` gives them.
        #[test]
        fn draws_what_plotters_svg_draws(
            texts in proptest::collection::vec("[a-zA-Zđạ <>&\"'\n]{0,12}", 0..6),
            n in -10i32..200,
        ) {
            let size = (120, 90);
            let mut theirs = String::new();
            {
                let area = SVGBackend::with_string(&mut theirs, size).into_drawing_area();
                draw(&area, &texts, n);
                let _ = area.present();
            }
            let theirs = theirs
                .replace("fill=\"#010203\"", "fill=\"url(#c-hatch)\"")
                .replace("\">\n", "\">")
                .replace("\n</text>", "</text>");
            let mut chart = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">",
                super::super::DRAWN_FAMILY,
                super::TEXT_SIZE_ATTR,
                super::INK_HEX
            );
            let hatched = Cell::new(false);
            {
                let area = SvgWriter::new(&mut chart, size, "c", &hatched).into_drawing_area();
                draw(&area, &texts, n);
            }
            chart.push_str("</svg>");
            let (theirs, ours) = (drawings(&theirs), drawings(&chart));
            proptest::prop_assert_eq!(ours, theirs);
            proptest::prop_assert!(hatched.get());
        }
    }
}
