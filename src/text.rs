//! Text as editors save it: any normalisation form, BOM or not, CRLF or LF.

use std::path::Path;

use icu_collator::options::CollatorOptions;
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Problem;
use crate::messages::{Code, Message};
use crate::model::Lang;

/// Reads a text file, naming it in the error, and normalises it (see [`normalise`]).
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path).map_err(|err| {
        Problem::error(
            shown_as,
            Message::new(Code::FileUnreadable).arg("error", err),
        )
    })?;
    decode(bytes, shown_as)
}

/// The text of a file's `bytes`, as [`read_text`] gives it.
pub fn decode(bytes: Vec<u8>, shown_as: &Path) -> Result<String, Problem> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Everything before the bad byte is valid UTF-8, so lines and characters can be counted.
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        let message = Message::new(Code::FileNotUtf8)
            .arg("line", line)
            .arg("offset", valid.len());
        Problem::error(shown_as, message)
            .at(line, column)
            .hint(Code::FileNotUtf8Hint)
    })?;
    Ok(normalise_owned(text))
}

/// Strips a UTF-8 BOM, turns CRLF into LF and composes to NFC, so that the same
/// words typed on any system give the same site.
pub fn normalise(text: &str) -> String {
    normalise_owned(text.to_string())
}

/// [`normalise`], keeping `text`'s buffer when it is already as it should be.
pub fn normalise_owned(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let composed = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => true,
        _ => unicode_normalization::is_nfc(&text),
    };
    if composed { text } else { text.nfc().collect() }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: a few
/// letters off, or the same words in another order. A looser likeness would suggest
/// ids that only share words, such as one meaning the opposite.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = (word.chars().count() / 5).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(distance, c)| *distance <= allowed || same_words(word, c))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `rate_unemployment` and `unemployment_rate`, or `poor_household` and
/// `poor_household_rate`: the same words, in any order, one more at most.
fn same_words<'a>(a: &'a str, b: &'a str) -> bool {
    let words = |s: &'a str| s.split(['_', '-']).collect::<Vec<_>>();
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let added = long.len() - short.len();
    (added == 0 || (added == 1 && short.len() >= 2)) && short.iter().all(|w| long.contains(w))
}

/// An ASCII slug: `Đắk Lắk` becomes `dak-lak`.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// The alphabetical order of `lang`: Vietnamese puts a ă â b c d đ e ê ...; ICU falls
/// back to the root order for a language it has no order of its own for. Numbers in a
/// name go by their value: "Quận 2" before "Quận 10".
pub fn collator(lang: Lang) -> CollatorBorrowed<'static> {
    let locale: Locale = lang.code().parse().expect("a language code is a locale");
    let mut preferences = CollatorPreferences::from(&locale);
    preferences.numeric_ordering = Some(CollationNumericOrdering::True);
    Collator::try_new(preferences, CollatorOptions::default())
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
    fn only_a_close_id_is_suggested() {
        let ids = [
            "special_children_assisted_rate",
            "workers_abroad",
            "unemployment_rate",
        ];
        assert_eq!(closest("worker_abroad", ids), Some("workers_abroad"));
        assert_eq!(closest("rate_unemployment", ids), Some("unemployment_rate"));
        assert_eq!(closest("special_circumstances_children_rate", ids), None);
        assert_eq!(closest("workers", ids), None);
        assert_eq!(closest("abroad_workers", ids), Some("workers_abroad"));
        assert_eq!(closest("valeu", ["value", "target"]), Some("value"));
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
        let mut numbered = vec!["Quận 10", "Quận 2", "Quận 1", "Huyện 3"];
        numbered.sort_by(|a, b| vietnamese.compare(a, b));
        assert_eq!(numbered, ["Huyện 3", "Quận 1", "Quận 2", "Quận 10"]);
    }
}
