//! Reading the numbers editors type, so that none is published with the wrong size.
//!
//! Two ways to write a number (docs/content-format.md, "Numbers"):
//! - bare, the YAML way: `13989`, `72.66`; a dot is a decimal point and there are
//!   no thousands separators;
//! - in quotes, exactly as a Vietnamese article prints it: `"13.989"`, `"72,66"`,
//!   `"1.234,5"`; a dot separates thousands and a comma comes before decimals.
//!
//! A bare number that the unit's kind lets be read two ways (`30.028` tỷ: thirty
//! thousand, or thirty point zero two eight?) is refused with both readings.

use crate::messages::{Code, Message};
use crate::model::{Qualifier, UnitKind};

/// What is wrong with a number, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMistake {
    pub message: Message,
    pub hint: Message,
}

impl NumberMistake {
    /// The mistake `code` in the number as typed, `text`, with a hint that needs no value.
    fn in_text(code: Code, text: &str, hint: Code) -> Self {
        NumberMistake {
            message: Message::new(code).arg("text", text),
            hint: hint.into(),
        }
    }
}

/// A number as written in a scalar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Written<'a> {
    /// The text as typed, without its quotes.
    pub text: &'a str,
    pub quoted: bool,
    /// YAML's own reading of a bare scalar, when it is a number.
    pub yaml: Option<f64>,
}

/// The number `written` means in a figure whose unit is of `kind`.
pub fn read(written: Written, kind: UnitKind) -> Result<f64, NumberMistake> {
    let text = written.text.trim();
    let value = if written.quoted {
        vietnamese(text).ok_or_else(|| not_vietnamese(text))?
    } else {
        bare(text, written.yaml, kind)?
    };
    check_range(text, value, kind)?;
    Ok(value)
}

/// How many decimals `written` gives: the digits after the decimal comma of a quoted
/// number (`"72,66"`: 2), after the decimal point of a bare one (`72.66`: 2).
pub fn decimals(written: Written) -> u8 {
    let decimal = if written.quoted { ',' } else { '.' };
    let text = written.text.trim();
    match text.split_once(decimal) {
        Some((_, fraction)) if fraction.bytes().all(|b| b.is_ascii_digit()) => {
            u8::try_from(fraction.len()).unwrap_or(u8::MAX)
        }
        _ => 0,
    }
}

/// A change of a figure of `kind`, in its own unit (`-2.955` households is 2955 fewer)
/// or, when `relative`, in per cent: like [`read`], but it may be negative.
pub fn read_change(written: Written, kind: UnitKind, relative: bool) -> Result<f64, NumberMistake> {
    let kind = match kind {
        _ if relative => UnitKind::PercentagePoints,
        UnitKind::Percent => UnitKind::PercentagePoints,
        other => other,
    };
    let text = written.text.trim();
    match (kind, text.strip_prefix('-')) {
        (UnitKind::Count | UnitKind::Rank, Some(magnitude)) => {
            let written = Written {
                text: magnitude,
                yaml: written.yaml.map(f64::abs),
                ..written
            };
            read(written, kind).map(|v| -v)
        }
        _ => read(written, kind),
    }
}

/// A bare scalar: YAML's number, unless the text admits another reading.
fn bare(text: &str, yaml: Option<f64>, kind: UnitKind) -> Result<f64, NumberMistake> {
    if let Some(value) = yaml {
        if !value.is_finite() {
            return Err(not_a_number(text));
        }
        let Some(grouped) = vietnamese(text).filter(|v| *v != value) else {
            return Ok(value);
        };
        return match kind {
            UnitKind::Count | UnitKind::Rank => Err(thousands_in_count(text, value, grouped)),
            _ if plausible(kind, grouped) => Err(two_readings(text, grouped)),
            _ => Ok(value),
        };
    }
    let whole = matches!(kind, UnitKind::Count | UnitKind::Rank);
    // A count has no decimals, not even `,000`: each separator can only group thousands.
    let readings: Vec<f64> = [(english(text), '.'), (vietnamese(text), ',')]
        .into_iter()
        .filter(|(_, decimal)| !(whole && text.contains(*decimal)))
        .filter_map(|(reading, _)| reading)
        .filter(|v| plausible(kind, *v))
        .collect();
    match readings.as_slice() {
        [one] | [one, _] if readings.iter().all(|v| v == one) => Err(separator(text, *one, kind)),
        [thousands, _] => Err(two_readings(text, *thousands)),
        // Written with separators, but too big or not whole for this kind: say which.
        _ => Err(match english(text).or(vietnamese(text)) {
            Some(v) => check_range(text, v, kind)
                .err()
                .unwrap_or_else(|| match kind {
                    UnitKind::Count | UnitKind::Rank => not_whole(text),
                    _ => separator(text, v, kind),
                }),
            None => explain_text(text),
        }),
    }
}

/// Whether the unit's kind allows `value`: a count is whole, a share at most 100.
fn plausible(kind: UnitKind, value: f64) -> bool {
    match kind {
        UnitKind::Count | UnitKind::Rank => value.fract() == 0.0,
        // A rate of plan passes 100; a thousand per cent is a misread separator.
        UnitKind::Percent | UnitKind::PercentagePoints => value.abs() < 1000.0,
        UnitKind::Money | UnitKind::Score => true,
    }
}

/// What no figure of the kind can be.
fn check_range(text: &str, value: f64, kind: UnitKind) -> Result<(), NumberMistake> {
    match kind {
        UnitKind::Count | UnitKind::Rank if value.fract() != 0.0 => Err(not_whole(text)),
        UnitKind::Count | UnitKind::Rank if value < 0.0 => Err(NumberMistake::in_text(
            Code::NumberNegativeCount,
            text,
            Code::NumberNegativeCountHint,
        )),
        UnitKind::Percent if !(0.0..=100.0).contains(&value) => Err(NumberMistake {
            message: Message::new(Code::NumberShareOver100).arg("value", value),
            hint: Code::NumberShareOver100Hint.into(),
        }),
        _ => Ok(()),
    }
}

/// `-13.989,5`: dots between groups of three digits, a comma before decimals.
fn vietnamese(text: &str) -> Option<f64> {
    grouped(text, '.', ',')
}

/// `13,989.5`: commas between groups of three digits, a dot before decimals.
fn english(text: &str) -> Option<f64> {
    grouped(text, ',', '.')
}

fn grouped(text: &str, thousands: char, decimal: char) -> Option<f64> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match unsigned.split_once(decimal) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut groups = whole.split(thousands);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let groups_ok = rest.is_empty()
        || ((1..=3).contains(&first.len())
            && !first.starts_with('0')
            && rest.iter().all(|g| g.len() == 3));
    if !digits(first) || !rest.iter().all(|g| digits(g)) || !groups_ok {
        return None;
    }
    if fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let number = format!(
        "{sign}{first}{}{}",
        rest.concat(),
        fraction.map(|f| format!(".{f}")).unwrap_or_default()
    );
    number.parse().ok()
}

/// How a number would be written bare, or in quotes when bare would be ambiguous.
fn to_type(value: f64, kind: UnitKind) -> String {
    let bare = value.to_string();
    if vietnamese(&bare).is_some_and(|v| v != value && plausible(kind, v)) {
        format!("\"{}\"", bare.replace('.', ","))
    } else {
        bare
    }
}

/// `13989.5` as a Vietnamese article prints it: `13.989,5`.
pub fn in_vietnamese(value: f64) -> String {
    let plain = value.abs().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped},{f}"),
    }
}

fn thousands_in_count(text: &str, value: f64, grouped: f64) -> NumberMistake {
    NumberMistake {
        message: Message::new(Code::NumberThousandsInCount)
            .arg("text", text)
            .arg("value", value)
            .arg("grouped", grouped),
        hint: Message::new(Code::NumberThousandsInCountHint).arg("grouped", grouped),
    }
}

fn two_readings(text: &str, thousands: f64) -> NumberMistake {
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    NumberMistake {
        message: Message::new(Code::NumberTwoReadings)
            .arg("text", text)
            .arg("thousands", thousands)
            .arg("whole", whole)
            .arg("fraction", fraction),
        hint: Message::new(Code::NumberTwoReadingsHint)
            .arg("thousands", thousands)
            .arg("whole", whole)
            .arg("fraction", fraction),
    }
}

/// A number with separators YAML does not know, read one way only.
fn separator(text: &str, value: f64, kind: UnitKind) -> NumberMistake {
    let code = if text.contains(',') && value.fract() != 0.0 && vietnamese(text).is_some() {
        Code::NumberDecimalComma
    } else {
        Code::NumberThousandsSeparator
    };
    NumberMistake {
        message: Message::new(code).arg("text", text),
        hint: Message::new(Code::NumberSeparatorHint)
            .arg("bare", to_type(value, kind))
            .arg("quoted", in_vietnamese(value)),
    }
}

fn not_whole(text: &str) -> NumberMistake {
    NumberMistake::in_text(Code::NumberNotWhole, text, Code::NumberNotWholeHint)
}

fn not_vietnamese(text: &str) -> NumberMistake {
    if qualifier_word(text).is_some() {
        return explain_text(text);
    }
    NumberMistake::in_text(
        Code::NumberQuotedNotVietnamese,
        text,
        Code::NumberQuotedNotVietnameseHint,
    )
}

fn not_a_number(text: &str) -> NumberMistake {
    NumberMistake::in_text(Code::NumberNotANumber, text, Code::NumberNotANumberHint)
}

/// Explains a text that is not a number in any writing.
fn explain_text(text: &str) -> NumberMistake {
    if let Some((word, number)) = qualifier_word(text) {
        return NumberMistake {
            message: Message::new(Code::NumberQualifierWord)
                .arg("text", text)
                .arg("word", word),
            hint: Message::new(Code::NumberQualifierWordNoKeyHint)
                .arg("number", number)
                .arg("word", word),
        };
    }
    match text.strip_suffix('%') {
        Some(number) => NumberMistake {
            message: Message::new(Code::NumberPercentSign).arg("text", text),
            hint: Message::new(Code::NumberPercentSignHint).arg("number", number.trim()),
        },
        None => not_a_number(text),
    }
}

/// `trên 22.500`: the article's qualifier word (one or two words, `duy trì`) and the
/// number after it, without any per cent sign.
fn qualifier_word(text: &str) -> Option<(&str, &str)> {
    let word_ends = text.char_indices().filter(|(_, c)| c.is_whitespace());
    word_ends.take(2).find_map(|(end, _)| {
        let (word, rest) = (&text[..end], text[end..].trim());
        let number = rest.trim_end_matches('%').trim_end();
        let digits = number.starts_with(|c: char| c.is_ascii_digit());
        (digits && Qualifier::from_word(word).is_some()).then_some((word, number))
    })
}

/// The key that holds the qualifier of the number at `path` (`results[2].target` →
/// `target_qualifier`), if it has one.
pub fn qualifier_key(path: &str) -> Option<&'static str> {
    let key = path.rsplit('.').next()?;
    match key.split('[').next()? {
        "value" | "range" => Some("qualifier"),
        "target" | "target_range" => Some("target_qualifier"),
        _ => None,
    }
}

impl NumberMistake {
    /// Points a qualifier-word hint at the key for the number at `path`, where there is one.
    pub fn at_path(mut self, path: &str) -> Self {
        if self.message.code == Code::NumberQualifierWord
            && let Some(key) = qualifier_key(path)
        {
            self.hint.code = Code::NumberQualifierWordHint;
            self.hint = self.hint.arg("key", key);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mistake as an English-speaking editor reads it.
    #[derive(Debug, PartialEq)]
    struct Shown {
        message: String,
        hint: String,
    }

    fn shown(mistake: NumberMistake) -> Shown {
        Shown {
            message: mistake.message.to_string(),
            hint: mistake.hint.to_string(),
        }
    }

    fn bare(text: &str, kind: UnitKind) -> Result<f64, Shown> {
        let yaml = text.parse().ok();
        read(
            Written {
                text,
                quoted: false,
                yaml,
            },
            kind,
        )
        .map_err(shown)
    }

    fn quoted(text: &str, kind: UnitKind) -> Result<f64, Shown> {
        read(
            Written {
                text,
                quoted: true,
                yaml: None,
            },
            kind,
        )
        .map_err(shown)
    }

    #[test]
    fn vietnamese_thousands_in_a_count_is_caught_with_the_fix() {
        let err = bare("13.989", UnitKind::Count).unwrap_err();
        assert!(err.message.contains("`13.989`"), "{err:?}");
        assert!(err.hint.contains("thousands separator") && err.hint.ends_with("13989"));
        // YAML reads 18.000 as 18.0, a whole number: the raw text still gives it away.
        assert!(
            bare("18.000", UnitKind::Count)
                .unwrap_err()
                .hint
                .ends_with("18000")
        );
    }

    #[test]
    fn a_comma_in_a_count_is_a_thousands_separator_and_the_hint_gives_the_digits() {
        let err = bare("11,572", UnitKind::Count).unwrap_err();
        assert_eq!(
            err.message,
            "`11,572` is written with a thousands separator"
        );
        assert_eq!(
            err.hint,
            "write 11572, or in quotes as a Vietnamese article prints it: \"11.572\""
        );
    }

    #[test]
    fn a_comma_and_three_zeros_in_a_count_are_thousands() {
        let err = bare("18,000", UnitKind::Count).unwrap_err();
        assert!(err.hint.starts_with("write 18000,"), "{err:?}");
    }

    #[test]
    fn a_comma_in_a_share_is_a_decimal_comma() {
        let err = bare("72,66", UnitKind::Percent).unwrap_err();
        assert_eq!(err.message, "`72,66` is written with a decimal comma");
        assert!(err.hint.starts_with("write 72.66,"), "{err:?}");
        assert!(
            bare("11,572", UnitKind::Percent)
                .unwrap_err()
                .hint
                .starts_with("write 11.572,")
        );
        let err = bare("34.451,21", UnitKind::Money).unwrap_err();
        assert!(err.hint.starts_with("write 34451.21,"), "{err:?}");
    }

    #[test]
    fn money_that_reads_two_ways_is_refused_with_both_readings() {
        for text in ["1,460", "1.460", "30.028"] {
            let err = bare(text, UnitKind::Money).unwrap_err();
            assert!(err.message.contains("two ways"), "{text}: {err:?}");
        }
        let err = bare("30.028", UnitKind::Money).unwrap_err();
        assert_eq!(
            err.message,
            "`30.028` can be read two ways: 30028 (with a thousands separator) or 30 point 028 (with a decimal separator)"
        );
        assert!(err.hint.ends_with("\"30,028\""), "{err:?}");
        assert_eq!(bare("1.46", UnitKind::Money), Ok(1.46));
        assert_eq!(bare("1460", UnitKind::Money), Ok(1460.0));
    }

    #[test]
    fn quoted_numbers_are_read_as_a_vietnamese_article_prints_them() {
        assert_eq!(quoted("13.989", UnitKind::Count), Ok(13989.0));
        assert_eq!(quoted("72,66", UnitKind::Percent), Ok(72.66));
        assert_eq!(quoted("30,028", UnitKind::Money), Ok(30.028));
        assert_eq!(quoted("1.460", UnitKind::Money), Ok(1460.0));
        assert_eq!(quoted("34.451,21", UnitKind::Money), Ok(34451.21));
        assert_eq!(quoted("-1,33", UnitKind::PercentagePoints), Ok(-1.33));
        let err = quoted("1.46", UnitKind::Money).unwrap_err();
        assert!(err.message.contains("in quotes"), "{err:?}");
    }

    #[test]
    fn a_share_with_three_decimals_is_not_a_thousand() {
        assert_eq!(bare("12.345", UnitKind::Percent), Ok(12.345));
        assert_eq!(bare("0.125", UnitKind::Money), Ok(0.125));
    }

    #[test]
    fn a_rate_of_plan_with_a_decimal_comma_gets_the_dot() {
        let err = bare("102,7", UnitKind::PercentagePoints).unwrap_err();
        assert_eq!(err.message, "`102,7` is written with a decimal comma");
        assert_eq!(bare("102.125", UnitKind::PercentagePoints), Ok(102.125));
    }

    #[test]
    fn a_fall_in_a_count_is_read_with_its_thousands() {
        let change = |text: &str, relative| {
            let yaml = text.parse().ok();
            read_change(
                Written {
                    text,
                    quoted: false,
                    yaml,
                },
                UnitKind::Count,
                relative,
            )
            .map_err(shown)
        };
        assert_eq!(change("-2955", false), Ok(-2955.0));
        assert!(change("-2.955", false).unwrap_err().hint.ends_with("2955"));
        assert_eq!(change("-0.75", true), Ok(-0.75));
    }

    #[test]
    fn a_negative_count_is_refused() {
        let err = bare("-5", UnitKind::Count).unwrap_err();
        assert!(err.message.contains("negative"), "{err:?}");
        assert_eq!(bare("-5", UnitKind::Score), Ok(-5.0));
    }

    #[test]
    fn share_above_one_hundred_is_impossible() {
        let err = bare("102.1", UnitKind::Percent).unwrap_err();
        assert!(err.hint.contains("achievement"));
        assert_eq!(bare("102.1", UnitKind::Money), Ok(102.1));
    }

    #[test]
    fn a_per_cent_sign_or_words_are_not_numbers() {
        assert_eq!(
            bare("4%", UnitKind::Percent).unwrap_err().message,
            "`4%` has a per cent sign"
        );
        assert_eq!(
            bare("yes", UnitKind::Count).unwrap_err().message,
            "`yes` is not a number"
        );
    }

    #[test]
    fn the_articles_qualifier_word_before_a_number_is_split_off_into_its_key() {
        let over = read(
            Written {
                text: "trên 22.500",
                quoted: false,
                yaml: None,
            },
            UnitKind::Count,
        )
        .unwrap_err()
        .at_path("next.targets[0].target");
        assert_eq!(
            shown(over),
            Shown {
                message:
                    "`trên 22.500` starts with the word `trên`; a number key holds the number alone"
                        .into(),
                hint: "write the number here, `\"22.500\"`, and the word on a line of its own: \
                       `target_qualifier: trên`"
                    .into(),
            }
        );
        let nearly = quoted("duy trì 100%", UnitKind::Percent).unwrap_err();
        assert!(nearly.message.contains("`duy trì`"), "{}", nearly.message);
        let rate = bare("hơn 116", UnitKind::PercentagePoints).unwrap_err();
        assert!(rate.hint.contains("`note`"), "{}", rate.hint);
        assert_eq!(
            bare("nhiều 5", UnitKind::Count).unwrap_err().message,
            "`nhiều 5` is not a number"
        );
    }
}
