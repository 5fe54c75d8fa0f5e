//! Checks of the numbers editors type, with the hints for the typical mistakes.

use crate::content::schema::{NumberInput, UnitKind};

/// What is wrong with a number, in words, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMistake {
    pub message: String,
    pub hint: String,
}

/// Reads a number as written. `raw` is the scalar exactly as typed, when known.
pub fn check(input: &NumberInput, raw: Option<&str>, kind: UnitKind) -> Result<f64, NumberMistake> {
    let value = match input {
        NumberInput::Number(v) => *v,
        NumberInput::Text(text) => return Err(explain_text(text.trim())),
    };
    let raw = raw.unwrap_or("").trim();
    if !value.is_finite() {
        return Err(NumberMistake {
            message: format!("`{raw}` is not a number"),
            hint: "write digits, with `.` before any decimals".into(),
        });
    }
    if kind == UnitKind::Count && (value.fract() != 0.0 || has_thousands_groups(raw)) {
        if has_thousands_groups(raw) {
            let digits: String = raw.chars().filter(|c| *c != '.').collect();
            return Err(NumberMistake {
                message: format!(
                    "`{raw}` is read as {value}, not {digits}: this figure counts whole things"
                ),
                hint: format!(
                    "the dot looks like a Vietnamese thousands separator; write the number without it: {digits}"
                ),
            });
        }
        return Err(NumberMistake {
            message: format!("`{raw}` is not a whole number, but this figure counts whole things"),
            hint: "counts of persons, households, houses or dossiers have no decimals".into(),
        });
    }
    if kind == UnitKind::Percent && !(0.0..=100.0).contains(&value) {
        return Err(NumberMistake {
            message: format!("{value}% is impossible for a share, which lies between 0 and 100%"),
            hint: "if this is the result as a percentage of the plan, write it as `achievement:`; \
                   otherwise check the digits"
                .into(),
        });
    }
    Ok(value)
}

/// Explains a number that YAML read as text.
fn explain_text(text: &str) -> NumberMistake {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if has_thousands_groups(unsigned) {
        let digits: String = text.chars().filter(|c| *c != '.').collect();
        return NumberMistake {
            message: format!("`{text}` is written with a Vietnamese thousands separator"),
            hint: format!("write the number without separators and without quotes: {digits}"),
        };
    }
    if let Some((int, frac)) = unsigned.rsplit_once(',') {
        let int_ok = int
            .split('.')
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
        if int_ok && !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) {
            let sign = if text.starts_with('-') { "-" } else { "" };
            let fixed = format!("{sign}{}.{frac}", int.replace('.', ""));
            return NumberMistake {
                message: format!("`{text}` is written with a decimal comma"),
                hint: format!("YAML numbers use a dot for decimals: write {fixed}"),
            };
        }
    }
    if let Some(number) = text.strip_suffix('%') {
        return NumberMistake {
            message: format!("`{text}` has a per cent sign"),
            hint: format!(
                "write the number alone ({}); the unit comes from the indicator",
                number.trim()
            ),
        };
    }
    NumberMistake {
        message: format!("`{text}` is not a number"),
        hint: "write digits only, with `.` before any decimals, for example 13989 or 72.66".into(),
    }
}

/// `13.989`, `1.234.567`: digits in groups of three after the first, separated by dots.
fn has_thousands_groups(text: &str) -> bool {
    let mut groups = text.split('.');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64) -> NumberInput {
        NumberInput::Number(v)
    }

    #[test]
    fn vietnamese_thousands_in_a_count_is_caught_with_the_fix() {
        let err = check(&num(13.989), Some("13.989"), UnitKind::Count).unwrap_err();
        assert!(err.message.contains("`13.989`"), "{err:?}");
        assert!(err.hint.contains("thousands separator") && err.hint.ends_with("13989"));
    }

    #[test]
    fn eighteen_thousand_written_with_a_dot_is_caught() {
        // YAML reads 18.000 as 18.0, a whole number: the raw text still gives it away.
        let err = check(&num(18.0), Some("18.000"), UnitKind::Count).unwrap_err();
        assert!(err.hint.ends_with("18000"), "{err:?}");
    }

    #[test]
    fn decimal_comma_is_explained() {
        let err = check(&NumberInput::Text("72,66".into()), None, UnitKind::Percent).unwrap_err();
        assert_eq!(err.message, "`72,66` is written with a decimal comma");
        assert!(err.hint.ends_with("write 72.66"));
        let err = check(
            &NumberInput::Text("34.451,21".into()),
            None,
            UnitKind::Money,
        )
        .unwrap_err();
        assert!(err.hint.ends_with("write 34451.21"));
    }

    #[test]
    fn share_above_one_hundred_is_impossible() {
        let err = check(&num(102.1), Some("102.1"), UnitKind::Percent).unwrap_err();
        assert!(err.hint.contains("achievement"));
        assert_eq!(
            check(&num(102.1), Some("102.1"), UnitKind::Money),
            Ok(102.1)
        );
    }

    #[test]
    fn money_keeps_its_decimals() {
        assert_eq!(
            check(&num(30.028), Some("30.028"), UnitKind::Money),
            Ok(30.028)
        );
    }
}
