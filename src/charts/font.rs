//! The vendored Noto Sans: registered with plotters once, and used to
//! measure every piece of chart text in the units the browser will use.
//!
//! The site's CSS serves the same font (as WOFF2) under the same family
//! name, so a width measured here is the width a reader sees.

use std::cell::RefCell;
use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};
use rustc_hash::FxHashMap;
use unicode_width::UnicodeWidthChar;

/// The only font family chart text may use (matches the site's `@font-face`).
pub(crate) const FAMILY: &str = "Noto Sans";
/// The family texts are drawn with: the SVG writer writes it into every `<text>`,
/// and the fallback keeps a browser that has not loaded the web font yet from
/// falling back to a serif face. No font is registered under it, so a text style
/// carries no font data to copy (drawing SVG needs none; widths are measured in
/// [`FAMILY`]).
pub(crate) const DRAWN_FAMILY: &str = "Noto Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/NotoSans-Regular.ttf"
));
static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/fonts/NotoSans-Bold.ttf"
));

/// Font weight of a piece of chart text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub(crate) fn style(self) -> FontStyle {
        match self {
            Weight::Regular => FontStyle::Normal,
            Weight::Bold => FontStyle::Bold,
        }
    }
}

/// `(ascent - descent) / units_per_em` of each face, as ab_glyph computes it.
struct Metrics {
    regular: f64,
    bold: f64,
}

static METRICS: OnceLock<Metrics> = OnceLock::new();

/// Registers the vendored faces with plotters (exactly once per process)
/// and returns their metrics.
fn metrics() -> &'static Metrics {
    METRICS.get_or_init(|| {
        let registered = register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FAMILY, FontStyle::Bold, BOLD).is_ok();
        if !registered {
            panic!("the vendored Noto Sans is not a valid OpenType font");
        }
        Metrics {
            regular: height_per_em(REGULAR).unwrap_or(1.362),
            bold: height_per_em(BOLD).unwrap_or(1.362),
        }
    })
}

/// Makes sure the font is registered before anything is drawn or measured.
pub(crate) fn ensure_registered() {
    metrics();
}

/// Width in CSS pixels (= viewBox units) of `text` set in Noto Sans at
/// `px` pixels per em.
///
/// plotters' ab_glyph backend scales a font so that `size` is the glyph
/// *height* (ascent − descent), not the em size that CSS `font-size`
/// means; for Noto Sans that height is 1.362 em. We therefore ask for
/// `px × height/em`, and at 64× that so the integer result keeps sub-pixel
/// precision. Kerning from GPOS is not applied here, so the browser's text
/// is at most a little narrower than measured: the safe direction.
pub(crate) fn text_width(text: &str, px: f64, weight: Weight) -> f64 {
    // Charts measure the same labels, ticks and names many times over (wrapping,
    // fitting); a per-thread memo keeps measuring off the build's critical path. Chart
    // text comes in a handful of sizes: a list of them, then a map with a quick hash.
    type BySize = Vec<((Weight, u64), FxHashMap<Box<str>, f64>)>;
    thread_local! {
        static MEASURED: RefCell<BySize> = const { RefCell::new(Vec::new()) };
    }
    let key = (weight, px.to_bits());
    MEASURED.with_borrow_mut(|sizes| {
        let at = match sizes.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                sizes.push((key, FxHashMap::default()));
                sizes.len() - 1
            }
        };
        let widths = &mut sizes[at].1;
        if let Some(&w) = widths.get(text) {
            return w;
        }
        let w = measure(text, px, weight);
        widths.insert(text.into(), w);
        w
    })
}

/// East Asian wide characters (kanji, kana, hangul) are not in Noto Sans: the browser
/// sets them in a fallback face a full em wide, so each counts as one em.
fn measure(text: &str, px: f64, weight: Weight) -> f64 {
    let wide = |c: &char| c.width() == Some(2);
    let wide_count = text.chars().filter(wide).count();
    if wide_count == 0 {
        return measure_in_font(text, px, weight);
    }
    let narrow: String = text.chars().filter(|c| !wide(c)).collect();
    measure_in_font(&narrow, px, weight) + wide_count as f64 * px
}

fn measure_in_font(text: &str, px: f64, weight: Weight) -> f64 {
    const OVERSAMPLE: f64 = 64.0;
    let m = metrics();
    let ratio = match weight {
        Weight::Regular => m.regular,
        Weight::Bold => m.bold,
    };
    let desc = FontDesc::new(
        FontFamily::Name(FAMILY),
        px * ratio * OVERSAMPLE,
        weight.style(),
    );
    match desc.box_size(text) {
        Ok((w, _)) => f64::from(w) / OVERSAMPLE,
        // Unreachable with the vendored font; a generous guess keeps layout sane.
        Err(_) => text.chars().count() as f64 * px * 0.62,
    }
}

/// Reads `head.unitsPerEm` and the ascent/descent pair that ttf-parser
/// (hence ab_glyph) uses: OS/2 typo metrics when `USE_TYPO_METRICS` is
/// set, the `hhea` ones otherwise.
fn height_per_em(font: &[u8]) -> Option<f64> {
    let u16_at = |o: usize| Some(u16::from_be_bytes([*font.get(o)?, *font.get(o + 1)?]));
    let i16_at = |o: usize| u16_at(o).map(|v| v as i16);
    let u32_at = |o: usize| {
        Some(u32::from_be_bytes([
            *font.get(o)?,
            *font.get(o + 1)?,
            *font.get(o + 2)?,
            *font.get(o + 3)?,
        ]))
    };
    let table = |tag: &[u8; 4]| -> Option<usize> {
        let n = usize::from(u16_at(4)?);
        (0..n)
            .map(|i| 12 + 16 * i)
            .find(|&rec| font.get(rec..rec + 4) == Some(&tag[..]))
            .and_then(|rec| u32_at(rec + 8))
            .map(|off| off as usize)
    };
    let upem = f64::from(u16_at(table(b"head")? + 18)?);
    let hhea = table(b"hhea")?;
    let (mut asc, mut desc) = (i16_at(hhea + 4)?, i16_at(hhea + 6)?);
    if let Some(os2) = table(b"OS/2") {
        let use_typo = u16_at(os2 + 62).is_some_and(|sel| sel & 0x80 != 0);
        if use_typo {
            asc = i16_at(os2 + 68)?;
            desc = i16_at(os2 + 70)?;
        }
    }
    (upem > 0.0).then(|| (f64::from(asc) - f64::from(desc)) / upem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_read_from_the_vendored_faces() {
        let r = height_per_em(REGULAR).unwrap();
        let b = height_per_em(BOLD).unwrap();
        assert!((r - 1.362).abs() < 0.05, "{r}");
        assert!((b - 1.362).abs() < 0.05, "{b}");
    }

    #[test]
    fn widths_are_in_em_units_of_the_css_font_size() {
        // Noto Sans digits advance 0.572 em; "0000000000" at 10 px = 57.2 px.
        let w = text_width("0000000000", 10.0, Weight::Regular);
        assert!((w - 57.2).abs() < 0.2, "{w}");
        // Bold is wider; Vietnamese letters are measured, not guessed.
        assert!(
            text_width("Tỷ lệ", 15.0, Weight::Bold) > text_width("Tỷ lệ", 15.0, Weight::Regular)
        );
        assert!(text_width("Tỷ lệ hộ nghèo", 15.0, Weight::Regular) > 80.0);
    }

    #[test]
    fn east_asian_characters_are_a_full_em_wide() {
        // Twelve kanji and kana at 12 px: the fallback face sets each 12 px wide.
        let w = text_width("訓練を受けた労働者の割合", 12.0, Weight::Regular);
        assert!((w - 144.0).abs() < 0.01, "{w}");
        let mixed = text_width("2020年", 10.0, Weight::Regular);
        assert!((mixed - (text_width("2020", 10.0, Weight::Regular) + 10.0)).abs() < 0.01);
    }
}
