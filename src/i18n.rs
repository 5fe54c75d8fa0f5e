//! Languages on the page: UI strings, numbers, dates and periods written the
//! way each language writes them (`13.989`, `72,66%`, `24/3/2024` in Vietnamese;
//! `13,989`, `72.66%`, `24 March 2024` in English).

use std::collections::BTreeMap;

use time::Date;

use crate::model::{Lang, Period, Qualifier};

/// The UI strings of one language, from `themes/<theme>/i18n/<lang>.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub map: BTreeMap<String, String>,
}

impl Strings {
    /// The string for `key`; the key itself when missing, so a gap is visible, not fatal.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The sentence `key` with its placeholders filled in: `{province}` by the value
    /// given for `province`. Which placeholders a sentence has is checked at theme load.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        debug_assert!(
            placeholders(key).is_some_and(|p| p
                .needs
                .iter()
                .chain(p.may)
                .all(|name| { values.iter().any(|(n, _)| n == name) })),
            "`{key}` is filled without all of its declared placeholders"
        );
        let text = self.get(key);
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                values
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// What is wrong with the placeholders of each sentence that has some: one that
    /// is missing, or one nothing fills. Each problem comes with the key it is in.
    pub fn placeholder_problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for declared in PLACEHOLDERS {
            let Some(text) = self.map.get(declared.key) else {
                continue;
            };
            let found = placeholder_names(text);
            for name in declared.needs.iter().filter(|n| !found.contains(n)) {
                out.push((
                    declared.key,
                    format!(
                        "the UI string `{}` lacks its placeholder `{{{name}}}`",
                        declared.key
                    ),
                ));
            }
            let known = |name: &&str| declared.needs.contains(name) || declared.may.contains(name);
            for name in found.iter().filter(|n| !known(n)) {
                out.push((
                    declared.key,
                    format!(
                        "the UI string `{}` has a placeholder `{{{name}}}` that nothing fills",
                        declared.key
                    ),
                ));
            }
        }
        out
    }
}

/// The `{name}`s written in a UI string.
fn placeholder_names(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

/// A UI string with placeholders: those it must have, and those it may leave out.
#[derive(Debug)]
pub struct Placeholders {
    pub key: &'static str,
    pub needs: &'static [&'static str],
    pub may: &'static [&'static str],
}

const fn needs(key: &'static str, needs: &'static [&'static str]) -> Placeholders {
    Placeholders {
        key,
        needs,
        may: &[],
    }
}

/// Every UI string with placeholders, filled by the code, a template or the search script.
pub const PLACEHOLDERS: &[Placeholders] = &[
    needs("plan_summary", &["met", "total"]),
    needs("achievement_desc", &["province", "period", "met", "total"]),
    needs("achievement_disputed", &["stated", "computed"]),
    needs(
        "achievement_desc_progress",
        &["province", "period", "count"],
    ),
    needs(
        "trend_fell",
        &["indicator", "from", "from_period", "to", "to_period"],
    ),
    needs(
        "trend_rose",
        &["indicator", "from", "from_period", "to", "to_period"],
    ),
    // A level that held needs no starting value.
    Placeholders {
        key: "trend_flat",
        needs: &["indicator", "to", "from_period", "to_period"],
        may: &["from"],
    },
    needs("merged_into", &["date", "province"]),
    needs("absorbed", &["date", "provinces"]),
    needs("ranking_title", &["indicator", "period"]),
    needs(
        "ranking_desc",
        &[
            "period",
            "first",
            "first_value",
            "last",
            "last_value",
            "count",
        ],
    ),
    needs(
        "ranking_desc_own",
        &["period", "province", "rank", "count", "value"],
    ),
    needs(
        "overview_desc",
        &["count", "first", "first_value", "period"],
    ),
    needs(
        "breakdown_desc",
        &["indicator", "by", "largest", "value", "share"],
    ),
    needs("breakdown_desc_gap", &["sum", "total", "gap"]),
    needs(
        "breakdown_desc_of_which",
        &["indicator", "total", "largest", "value", "share"],
    ),
    needs("search_count", &["count"]),
];

fn placeholders(key: &str) -> Option<&'static Placeholders> {
    PLACEHOLDERS.iter().find(|p| p.key == key)
}

/// What to write in the UI string `key`: `ranking_title needs {indicator} and {period}`.
pub fn placeholder_hint(key: &str) -> String {
    let Some(declared) = placeholders(key) else {
        return String::new();
    };
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut hint = format!("`{key}` needs {}", list(declared.needs));
    if !declared.may.is_empty() {
        hint.push_str(&format!(" and may use {}", list(declared.may)));
    }
    hint
}

/// Writes `value` with the separators of `lang`, with at most `max_decimals`
/// decimals and no trailing zeros: `13989` → `13.989` / `13,989`.
pub fn number(value: f64, lang: Lang, max_decimals: usize) -> String {
    let factor = 10f64.powi(max_decimals as i32);
    let rounded = (value * factor).round() / factor;
    let text = format!("{:.*}", max_decimals, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let (group, decimal) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(text.len() + 4);
    if rounded < 0.0 {
        out.push('−');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// A figure as the source gave it: up to three decimals (`30,028` tỷ đồng keeps all three).
pub fn figure_number(value: f64, lang: Lang) -> String {
    number(value, lang, 3)
}

/// A date as each language writes it: `24/3/2024`, `24 March 2024`.
pub fn date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", date.day(), u8::from(date.month()), date.year()),
        Lang::En => format!("{} {} {}", date.day(), date.month(), date.year()),
    }
}

/// A period for headings: `2023`, `9 tháng năm 2017` / `January–September 2017`.
pub fn period(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::Year(y), _) => y.to_string(),
        (Period::ToQuarter(y, 4), _) => y.to_string(),
        (Period::ToQuarter(y, 1), Lang::Vi) => format!("quý I/{y}"),
        (Period::ToQuarter(y, q), Lang::Vi) => format!("{} tháng năm {y}", u32::from(q) * 3),
        (Period::ToQuarter(y, q), Lang::En) => {
            let last = ["March", "June", "September"][usize::from(q.clamp(1, 3)) - 1];
            format!("January–{last} {y}")
        }
        (Period::Span(a, b), _) => format!("{a}–{b}"),
    }
}

/// A short period label for chart axes: `2023`, `9T/2017`, `Q1–3 2017`.
pub fn period_short(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::ToQuarter(y, q), Lang::Vi) if q < 4 => format!("{}T/{y}", u32::from(q) * 3),
        (Period::ToQuarter(y, q), Lang::En) if q < 4 => format!("Q1–{q} {y}"),
        (p, lang) => self::period(p, lang),
    }
}

/// A place in a ranking: `thứ 12` / `12th` (not "12 thứ hạng").
pub fn rank(number: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("thứ {number}"),
        Lang::En => {
            let n: u64 = number.parse().unwrap_or(0);
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{number}{suffix}")
        }
    }
}

/// How exact a figure is, written before the number.
pub fn qualifier(qualifier: Qualifier, lang: Lang) -> &'static str {
    match (qualifier, lang) {
        (Qualifier::Nearly, Lang::Vi) => "gần",
        (Qualifier::Over, Lang::Vi) => "trên",
        (Qualifier::Below, Lang::Vi) => "dưới",
        (Qualifier::About, Lang::Vi) => "khoảng",
        (Qualifier::Maintained, Lang::Vi) => "duy trì",
        (Qualifier::Nearly, Lang::En) => "nearly",
        (Qualifier::Over, Lang::En) => "over",
        (Qualifier::Below, Lang::En) => "below",
        (Qualifier::About, Lang::En) => "about",
        (Qualifier::Maintained, Lang::En) => "maintained at",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(13989.0, Lang::Vi, 3), "13.989");
        assert_eq!(number(13989.0, Lang::En, 3), "13,989");
        assert_eq!(number(72.66, Lang::Vi, 3), "72,66");
        assert_eq!(number(72.66, Lang::En, 3), "72.66");
        assert_eq!(number(34451.21, Lang::Vi, 3), "34.451,21");
        assert_eq!(number(1234567.0, Lang::En, 0), "1,234,567");
        assert_eq!(number(-1.28, Lang::Vi, 2), "−1,28");
        assert_eq!(number(102.1234, Lang::En, 1), "102.1");
        assert_eq!(number(100.0, Lang::Vi, 1), "100");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(date(date!(2024 - 03 - 24), Lang::Vi), "24/3/2024");
        assert_eq!(date(date!(2024 - 03 - 24), Lang::En), "24 March 2024");
    }

    #[test]
    fn cumulative_periods_say_which_months() {
        assert_eq!(
            period(Period::ToQuarter(2017, 3), Lang::Vi),
            "9 tháng năm 2017"
        );
        assert_eq!(
            period(Period::ToQuarter(2017, 3), Lang::En),
            "January–September 2017"
        );
        assert_eq!(period(Period::Span(2020, 2023), Lang::En), "2020–2023");
    }

    fn strings(pairs: &[(&str, &str)]) -> Strings {
        Strings {
            map: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn fill_puts_each_value_in_its_placeholder() {
        let s = strings(&[(
            "absorbed",
            "Merged into this province on {date}: {provinces}.",
        )]);
        assert_eq!(
            s.fill(
                "absorbed",
                &[
                    ("date", "1 July 2025"),
                    ("provinces", "Bến Tre and Trà Vinh")
                ]
            ),
            "Merged into this province on 1 July 2025: Bến Tre and Trà Vinh."
        );
    }

    #[test]
    fn a_sentence_without_its_placeholder_is_a_problem() {
        let s = strings(&[
            (
                "merged_into",
                "Since {date} this province has been part of another.",
            ),
            ("absorbed", "Merged on {date}: {provinces}."),
        ]);
        let problems = s.placeholder_problems();
        assert_eq!(
            problems,
            [(
                "merged_into",
                "the UI string `merged_into` lacks its placeholder `{province}`".to_string()
            )]
        );
    }

    #[test]
    fn a_misspelt_placeholder_is_a_problem_and_an_optional_one_is_not() {
        let s = strings(&[
            ("ranking_title", "{indicatr}: provinces compared, {period}"),
            (
                "trend_flat",
                "{indicator} held at {to} from {from_period} to {to_period}.",
            ),
        ]);
        let messages: Vec<String> = s.placeholder_problems().into_iter().map(|p| p.1).collect();
        assert_eq!(
            messages,
            [
                "the UI string `ranking_title` lacks its placeholder `{indicator}`",
                "the UI string `ranking_title` has a placeholder `{indicatr}` that nothing fills",
            ]
        );
    }

    #[test]
    fn ranks_read_as_places() {
        assert_eq!(rank("12", Lang::Vi), "thứ 12");
        assert_eq!(rank("12", Lang::En), "12th");
        assert_eq!(rank("1", Lang::En), "1st");
        assert_eq!(rank("22", Lang::En), "22nd");
        assert_eq!(rank("113", Lang::En), "113th");
    }
}
