//! Text as editors save it: any normalisation form, BOM or not, CRLF or LF.

use std::path::Path;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Problem;
use crate::model::Lang;

/// Reads a text file, naming it in the error, and normalises it (see [`normalise`]).
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path)
        .map_err(|err| Problem::error(shown_as, format!("cannot read this file: {err}")))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Everything before the bad byte is valid UTF-8, so lines and characters can be counted.
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        Problem::error(
            shown_as,
            format!(
                "this file is not UTF-8 text: line {line} has a byte that is not UTF-8 (at offset {})",
                valid.len()
            ),
        )
        .at(line, column)
        .hint("save the file as UTF-8 in your editor")
    })?;
    Ok(normalise(&text))
}

/// Strips a UTF-8 BOM, turns CRLF into LF and composes to NFC, so that the same
/// words typed on any system give the same site.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if unicode_normalization::is_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// An ASCII slug: `Đắk Lắk` becomes `dak-lak`.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// The alphabetical order of `lang`: Vietnamese puts a ă â b c d đ e ê ...; ICU falls
/// back to the root order for a language it has no order of its own for.
pub fn collator(lang: Lang) -> CollatorBorrowed<'static> {
    let locale: Locale = lang.code().parse().expect("a language code is a locale");
    Collator::try_new((&locale).into(), CollatorOptions::default())
        .expect("collation data is compiled in")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_removes_bom_crlf_and_composes() {
        let nfd = "Be\u{302}\u{301}n Tre\r\n";
        assert_eq!(normalise(&format!("\u{feff}{nfd}")), "Bến Tre\n");
    }

    #[test]
    fn slug_turns_d_with_stroke_into_d() {
        assert_eq!(slugify("Đắk Lắk"), "dak-lak");
        assert_eq!(slugify("Quảng Trị"), "quang-tri");
    }

    #[test]
    fn vietnamese_order_puts_d_with_stroke_after_d() {
        let mut names = vec![
            "Đồng Tháp",
            "Điện Biên",
            "Bến Tre",
            "An Giang",
            "Đắk Lắk",
            "Cà Mau",
            "Dĩ An",
        ];
        let vietnamese = collator(Lang::from_code("vi").unwrap());
        names.sort_by(|a, b| vietnamese.compare(a, b));
        assert_eq!(
            names,
            [
                "An Giang",
                "Bến Tre",
                "Cà Mau",
                "Dĩ An",
                "Đắk Lắk",
                "Điện Biên",
                "Đồng Tháp"
            ]
        );
    }
}
