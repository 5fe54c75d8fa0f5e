//! The SVG writer plotters draws the charts with.
//!
//! It writes the elements, attributes and numbers of plotters' own SVG backend,
//! with the finishing the site needs done as it goes instead of in passes over
//! the finished string: no `<svg>` opening tag (the chart writes its own), no
//! newlines inside `<text>`, the hatching placeholder colour written as a
//! reference to the chart's pattern, and no attribute that says what is already
//! said: SVG's initial values (full opacity, no outline, an outline 1 wide, text
//! anchored at its start), and a text's family, size and colour when they are the
//! ones the chart's `<svg>` gives every text; and straight opaque
//! segments of one style drawn one after another (the dashes of a dashed line)
//! are one `<path>`, not a `<polyline>` each. That is a third of a chart's
//! bytes, inline in every page and again in its `.svg` file. Everything is
//! appended to one buffer, without a string allocated per attribute.
use std::cell::Cell;
use std::convert::Infallible;
use std::fmt::Write as _;

use plotters::style::FontStyle;

use super::DRAWN_FAMILY;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

/// Appends a chart's elements to a buffer; see the module's documentation.
pub(super) struct SvgWriter<'a> {
    buf: &'a mut String,
    size: (u32, u32),
    /// The id of the chart's hatching pattern (`{id}-hatch`), escaped.
    id: &'a str,
    /// Set when an element was filled with the hatching.
    hatched: &'a Cell<bool>,
    /// Straight opaque segments of one colour and width drawn one after another (the
    /// dashes of a dashed line, a grid), written as one `<path>` when the run ends.
    run: Vec<(BackendCoord, BackendCoord)>,
    run_style: ((u8, u8, u8), u32),
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
            run: Vec::new(),
            run_style: ((0, 0, 0), 0),
        }
    }

    /// Opens an element, unless its colour is fully transparent (then nothing is drawn).
    fn start(&mut self, tag: &str, color: BackendColor) -> bool {
        self.end_run();
        if color.alpha == 0.0 {
            return false;
        }
        self.buf.push('<');
        self.buf.push_str(tag);
        true
    }

    /// An outline's width, unless it is SVG's initial 1.
    fn stroke_width(&mut self, width: u32) {
        if width != 1 {
            self.int("stroke-width", width);
        }
    }

    /// An attribute whose value is one of the writer's own words (nothing to escape).
    fn word(&mut self, key: &str, value: &str) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        self.buf.push_str(value);
        self.buf.push('"');
    }

    fn attr(&mut self, key: &str, value: &str) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        escape_into(self.buf, value);
        self.buf.push('"');
    }

    fn int(&mut self, key: &str, value: impl itoa::Integer) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        self.buf.push_str(itoa::Buffer::new().format(value));
        self.buf.push('"');
    }

    /// A number as Rust's `Display` writes it (`1`, `0.55`, `15.5`). Whole and half
    /// numbers (every opacity of 1 and chart font size) are written without it.
    fn float(&mut self, key: &str, value: f64) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        let twice = value * 2.0;
        if twice.fract() == 0.0 && (0.0..1e15).contains(&value) && value.is_sign_positive() {
            self.buf.push_str(itoa::Buffer::new().format(value as u64));
            if value.fract() != 0.0 {
                self.buf.push_str(".5");
            }
        } else {
            let _ = write!(self.buf, "{value}");
        }
        self.buf.push('"');
    }

    /// Written only when the colour is see-through: full opacity is SVG's default.
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            self.float("opacity", color.alpha);
        }
    }

    /// `#RRGGBB`, or the hatching for the placeholder colour.
    fn paint(&mut self, key: &str, color: BackendColor) {
        self.buf.push(' ');
        self.buf.push_str(key);
        if key == "fill" && color.rgb == HATCH_RGB {
            self.hatched.set(true);
            self.buf.push_str("=\"url(#");
            self.buf.push_str(self.id);
            self.buf.push_str("-hatch)\"");
            return;
        }
        self.buf.push_str("=\"#");
        for byte in [color.rgb.0, color.rgb.1, color.rgb.2] {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            self.buf.push(char::from(HEX[usize::from(byte >> 4)]));
            self.buf.push(char::from(HEX[usize::from(byte & 15)]));
        }
        self.buf.push('"');
    }

    /// A rectangle's or circle's opacity, then its colour as fill or as outline.
    fn filled_or_outlined(&mut self, color: BackendColor, fill: bool) {
        self.opacity(color);
        if fill {
            // No outline is SVG's initial value.
            self.paint("fill", color);
        } else {
            self.word("fill", "none");
            self.paint("stroke", color);
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.buf.push_str(" points=\"");
        let mut n = itoa::Buffer::new();
        for (x, y) in path {
            self.buf.push_str(n.format(x));
            self.buf.push(',');
            self.buf.push_str(n.format(y));
            self.buf.push(' ');
        }
        self.buf.push('"');
    }

    fn close(&mut self) {
        self.buf.push_str("/>\n");
    }

    /// Writes the run of segments: one as the `<polyline>` any path is, more as one
    /// `<path>` of as many pieces (`M x1 y1 x2 y2` each), which draws the same pixels.
    fn end_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        let Some(&(from, to)) = run.first() else {
            return;
        };
        let (rgb, width) = self.run_style;
        self.buf
            .push_str(if run.len() > 1 { "<path" } else { "<polyline" });
        self.word("fill", "none");
        self.paint("stroke", BackendColor { alpha: 1.0, rgb });
        self.stroke_width(width);
        if run.len() == 1 {
            self.points([from, to]);
        } else {
            self.buf.push_str(" d=\"");
            let mut n = itoa::Buffer::new();
            for ((x1, y1), (x2, y2)) in run {
                self.buf.push('M');
                for (i, v) in [x1, y1, x2, y2].into_iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.buf.push_str(n.format(v));
                }
            }
            self.buf.push('"');
        }
        self.close();
    }
}

/// A run of segments still to be written is written when the chart is done.
impl Drop for SvgWriter<'_> {
    fn drop(&mut self) {
        self.end_run();
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
        if self.start("rect", color) {
            self.int("x", point.0);
            self.int("y", point.1);
            self.word("width", "1");
            self.word("height", "1");
            self.word("stroke", "none");
            self.opacity(color);
            self.paint("fill", color);
            self.close();
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
        if self.start("line", color) {
            self.opacity(color);
            self.paint("stroke", color);
            self.stroke_width(style.stroke_width());
            self.int("x1", from.0);
            self.int("y1", from.1);
            self.int("x2", to.0);
            self.int("y2", to.1);
            self.close();
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
        if self.start("rect", color) {
            self.int("x", upper_left.0);
            self.int("y", upper_left.1);
            self.int("width", bottom_right.0 - upper_left.0);
            self.int("height", bottom_right.1 - upper_left.1);
            self.filled_or_outlined(color, fill);
            self.close();
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
        if let ([from, to], 1.0) = (path.as_slice(), color.alpha) {
            let run_style = (color.rgb, style.stroke_width());
            if self.run_style != run_style {
                self.end_run();
                self.run_style = run_style;
            }
            self.run.push((*from, *to));
            return Ok(());
        }
        if self.start("polyline", color) {
            self.word("fill", "none");
            self.opacity(color);
            self.paint("stroke", color);
            self.stroke_width(style.stroke_width());
            self.points(path);
            self.close();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let color = style.color();
        if self.start("polygon", color) {
            self.opacity(color);
            self.paint("fill", color);
            self.points(path);
            self.close();
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
        if self.start("circle", color) {
            self.int("cx", center.0);
            self.int("cy", center.1);
            self.int("r", radius);
            self.filled_or_outlined(color, fill);
            if !fill {
                self.stroke_width(style.stroke_width());
            }
            self.close();
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
        if !self.start("text", color) {
            return Ok(());
        }
        let anchor = style.anchor();
        self.int("x", pos.0);
        self.int("y", pos.1);
        self.word(
            "dy",
            match anchor.v_pos {
                VPos::Top => "0.76em",
                VPos::Center => "0.5ex",
                VPos::Bottom => "-0.5ex",
            },
        );
        match anchor.h_pos {
            HPos::Left => {}
            HPos::Right => self.word("text-anchor", "end"),
            HPos::Center => self.word("text-anchor", "middle"),
        }
        // The chart's `<svg>` names the family, the size and the ink; a text
        // repeats them only when it differs.
        let family = style.family();
        if family.as_str() != DRAWN_FAMILY {
            self.attr("font-family", family.as_str());
        }
        let size = style.size() / 1.24;
        if size != TEXT_SIZE {
            self.float("font-size", size);
        }
        self.opacity(color);
        if color.rgb != INK_RGB {
            self.paint("fill", color);
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.word("font-weight", "bold"),
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
        self.buf.push('>');
        escape_into(self.buf, text);
        self.buf.push_str("</text>\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use plotters::coord::Shift;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::SvgWriter;

    #[test]
    fn a_run_of_segments_is_one_path_and_a_lone_segment_a_polyline() {
        let (mut ours, hatched) = (String::new(), Cell::new(false));
        {
            let area = SvgWriter::new(&mut ours, (100, 100), "c", &hatched).into_drawing_area();
            for y in [10, 20, 30] {
                let dash = PathElement::new(vec![(5, y), (5, y + 5)], BLACK.stroke_width(2));
                let _ = area.draw(&dash);
            }
            let _ = area.draw(&Circle::new((50, 50), 3, RED.filled()));
            let _ = area.draw(&PathElement::new(vec![(0, 1), (9, 1)], BLUE));
        }
        assert_eq!(
            ours,
            "<path fill=\"none\" stroke=\"#000000\" stroke-width=\"2\" \
             d=\"M5 10 5 15M5 20 5 25M5 30 5 35\"/>\n\
             <circle cx=\"50\" cy=\"50\" r=\"3\" fill=\"#FF0000\"/>\n\
             <polyline fill=\"none\" stroke=\"#0000FF\" points=\"0,1 9,1 \"/>\n"
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
        let path = vec![(0, 0), (n, 10), (30, -5), (500, 7)];
        let _ = area.draw(&PathElement::new(path, see_through.stroke_width(3)));
        let _ = area.draw(&Circle::new((n, 20), 4, GREEN.filled()));
        let _ = area.draw(&Circle::new((10, 20), 3, RED.stroke_width(2)));
        let _ = area.draw(&Polygon::new(vec![(0, 0), (5, n), (9, 3)], BLACK.filled()));
        let sizes = [14.0, 15.5, 16.0, 15.0];
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
                color: RGBColor(0x1F, 0x1F, 0x1F).to_backend_color(),
                pos: Pos::new(h, VPos::Center),
            };
            let at = (n * i as i32 - 20, 10 * i as i32);
            let _ = area.draw(&Text::new(text.as_str(), at, style));
        }
    }

    proptest::proptest! {
        /// The writer writes what plotters' SVG backend writes, finished as the charts
        /// need it: without its `<svg>` tag, newlines inside texts, the hatching
        /// placeholder, or attributes that say what SVG or the chart's `<svg>` already says.
        #[test]
        fn writes_what_plotters_svg_writes_finished(
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
            let body = &theirs[theirs.find('>').unwrap() + 2..];
            let expected = body
                .replace("fill=\"#010203\"", "fill=\"url(#c-hatch)\"")
                .replace("\">\n", "\">")
                .replace("\n</text>", "</text>")
                // Defaults left out: full opacity, and the family and ink the chart's
                // `<svg>` gives every text.
                .replace(" opacity=\"1\"", "")
                .replace(" stroke=\"none\"", "")
                .replace(" stroke-width=\"1\"", "")
                .replace(" text-anchor=\"start\"", "")
                .replace(" font-family=\"Noto Sans, sans-serif\"", "")
                .replace(" font-size=\"15.5\"", "")
                .replace(" fill=\"#1F1F1F\"", "");
            let (mut ours, hatched) = (String::new(), Cell::new(false));
            {
                let area = SvgWriter::new(&mut ours, size, "c", &hatched).into_drawing_area();
                draw(&area, &texts, n);
            }
            ours.push_str("</svg>\n");
            proptest::prop_assert_eq!(ours, expected);
            proptest::prop_assert!(hatched.get());
        }
    }
}
