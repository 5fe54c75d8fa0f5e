//! Languages on the page: each language's UI strings file says its wording, and ICU
//! writes its numbers, dates and ordinals (`13.989`, `72,66%`, `24/3/2024` in
//! Vietnamese; `13,989`, `72.66%`, `24 March 2024` in English; `2024年3月24日` in Japanese).
//!
//! A few keys of a strings file steer the formatting instead of being shown:
//! `locale` picks ICU's locale data (default: the language code), `minus_sign` replaces
//! ICU's minus, and `date_pattern` (`{day}/{month}/{year}`) replaces ICU's long date.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use icu_datetime::{DateTimeFormatter, fieldsets::YMD};
use icu_decimal::{DecimalFormatter, input::Decimal};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use rustc_hash::FxHashMap;
use time::Date;

use crate::messages::{Code, Message};
use crate::model::{Lang, Period, Qualifier};

/// Keys a strings file may leave out: ICU's defaults stand in for them.
pub const OPTIONAL_KEYS: [&str; 9] = [
    "locale",
    "period_year",
    "minus_sign",
    "date_pattern",
    "rank_zero",
    "rank_one",
    "rank_two",
    "rank_few",
    "rank_many",
];

/// One language's UI strings, from `themes/<theme>/i18n/<lang>.yaml`, with ICU's
/// number, date and ordinal rules for its locale.
#[derive(Debug)]
pub struct Strings {
    /// Tells these strings apart from any other set in the process (see [`Strings::write_number`]).
    id: u64,
    lang: Lang,
    map: BTreeMap<String, String>,
    decimal: DecimalFormatter,
    dates: DateTimeFormatter<YMD>,
    ordinals: PluralRules,
}

impl Strings {
    /// The strings of `lang`; an error when the file's `locale` is not a locale ICU can use.
    pub fn new(lang: Lang, map: BTreeMap<String, String>) -> Result<Strings, Message> {
        let code = map.get("locale").map_or(lang.code(), String::as_str);
        let locale: Locale = code
            .parse()
            .map_err(|_| Message::new(Code::ThemeBadLocale).arg("locale", code))?;
        let no_data = |kind| {
            Message::new(Code::ThemeNoLocaleData)
                .arg("kind", kind)
                .arg("locale", code)
        };
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        Ok(Strings {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            lang,
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(|_| no_data("number"))?,
            dates: DateTimeFormatter::try_new((&locale).into(), YMD::long())
                .map_err(|_| no_data("date"))?,
            ordinals: PluralRules::try_new_ordinal((&locale).into())
                .map_err(|_| no_data("ordinal"))?,
            map,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The string for `key`; the key itself when missing, so a gap is visible, not fatal.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The string for `key`, when the file has it.
    pub fn find(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
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
        fill_template(self.get(key), values)
    }

    /// What is wrong with the placeholders of each sentence that has some: one that
    /// is missing, or one nothing fills. Each problem comes with the key it is in.
    pub fn placeholder_problems(&self) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        for declared in PLACEHOLDERS {
            let Some(text) = self.map.get(declared.key) else {
                continue;
            };
            let found = placeholder_names(text);
            for name in declared.needs.iter().filter(|n| !found.contains(n)) {
                out.push((
                    declared.key,
                    Message::new(Code::ThemePlaceholderMissing)
                        .arg("key", declared.key)
                        .arg("name", name),
                ));
            }
            let known = |name: &&str| declared.needs.contains(name) || declared.may.contains(name);
            for name in found.iter().filter(|n| !known(n)) {
                out.push((
                    declared.key,
                    Message::new(Code::ThemePlaceholderUnknown)
                        .arg("key", declared.key)
                        .arg("name", name),
                ));
            }
        }
        out
    }

    /// Writes `value` with the language's separators, with at most `max_decimals`
    /// decimals and no trailing zeros: `13989` → `13.989` / `13,989`.
    pub fn number(&self, value: f64, max_decimals: usize) -> String {
        self.write_number(value, max_decimals, true)
    }

    /// Writes `value` with exactly `decimals` decimals, zeros kept, as the source gave
    /// them: `101.28` with 2 → `101,28` / `101.28`; `72.6` with 2 → `72,60`.
    pub fn exact(&self, value: f64, decimals: u8) -> String {
        self.write_number(value, usize::from(decimals), false)
    }

    /// A number written by [`Strings::format_number`], remembered per thread: a site
    /// writes the same few thousand numbers (axis ticks, rates, counts) over and over.
    fn write_number(&self, value: f64, max_decimals: usize, trim: bool) -> String {
        type Key = (u64, u64, usize, bool);
        thread_local! {
            static WRITTEN: RefCell<FxHashMap<Key, String>> = RefCell::default();
        }
        let key = (self.id, value.to_bits(), max_decimals, trim);
        WRITTEN.with_borrow_mut(|written| {
            if let Some(text) = written.get(&key) {
                return text.clone();
            }
            if written.len() >= 1 << 14 {
                written.clear();
            }
            let text = self.format_number(value, max_decimals, trim);
            written.insert(key, text.clone());
            text
        })
    }

    fn format_number(&self, value: f64, max_decimals: usize, trim: bool) -> String {
        // Rounded in binary as always, so every figure keeps its digits; ICU writes them.
        let factor = 10f64.powi(max_decimals as i32);
        let rounded = (value * factor).round() / factor;
        // Only a negative number needs the language's minus sign.
        let minus = if rounded < 0.0 {
            self.find("minus_sign")
        } else {
            None
        };
        if !rounded.is_finite() {
            // A degenerate chart value: written as Rust writes it, never a panic.
            let sign = if rounded < 0.0 {
                minus.unwrap_or("-")
            } else {
                ""
            };
            return format!("{sign}{}", rounded.abs());
        }
        let sign = if rounded < 0.0 && minus.is_none() {
            "-"
        } else {
            ""
        };
        let digits = crate::model::fixed_digits(sign, rounded.abs(), max_decimals);
        let mut decimal: Decimal = digits.parse().expect("a formatted float is a decimal");
        if trim {
            decimal.absolute.trim_end();
        }
        let written = self.decimal.format(&decimal).to_string();
        match minus {
            Some(minus) if rounded < 0.0 => format!("{minus}{written}"),
            _ => written,
        }
    }

    /// A figure as the source gave it: up to three decimals (`30,028` tỷ đồng keeps all three).
    pub fn figure_number(&self, value: f64) -> String {
        self.number(value, 3)
    }

    /// A date by the file's `date_pattern`, else by ICU's long date for the locale.
    pub fn date(&self, date: Date) -> String {
        if self.find("date_pattern").is_some() {
            let (day, month) = (date.day().to_string(), u8::from(date.month()).to_string());
            let year = date.year().to_string();
            let values = [("day", day.as_str()), ("month", &month), ("year", &year)];
            return self.fill("date_pattern", &values);
        }
        let iso =
            icu_datetime::input::Date::try_new_iso(date.year(), u8::from(date.month()), date.day())
                .expect("a calendar date is an ISO date");
        self.dates.format(&iso).to_string()
    }

    /// A period for headings: `2023`, `9 tháng năm 2017` / `January–September 2017`.
    pub fn period(&self, period: Period) -> String {
        match period {
            Period::Year(y) | Period::ToQuarter(y, 4) => match self.find("period_year") {
                Some(_) => self.year_pattern("period_year", y),
                None => y.to_string(),
            },
            Period::ToQuarter(y, q) => self.year_pattern(&format!("period_q{q}"), y),
            Period::Span(a, b) => self.fill(
                "period_span",
                &[("first", &a.to_string()), ("last", &b.to_string())],
            ),
        }
    }

    /// A short period label for chart axes: `2023`, `9T/2017`, `Q1–3 2017`.
    pub fn period_short(&self, period: Period) -> String {
        match period {
            Period::ToQuarter(y, q) if q < 4 => self.year_pattern(&format!("period_short_q{q}"), y),
            _ => self.period(period),
        }
    }

    fn year_pattern(&self, key: &str, year: i32) -> String {
        self.fill(key, &[("year", &year.to_string())])
    }

    /// A place in a ranking: `thứ 12` / `12th`, by the language's ordinal rules.
    pub fn rank(&self, number: &str) -> String {
        let n: u64 = number
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        let category = match self.ordinals.category_for(n) {
            PluralCategory::Zero => "rank_zero",
            PluralCategory::One => "rank_one",
            PluralCategory::Two => "rank_two",
            PluralCategory::Few => "rank_few",
            PluralCategory::Many => "rank_many",
            PluralCategory::Other => "rank_other",
        };
        let key = match self.find(category) {
            Some(_) => category,
            None => "rank_other",
        };
        self.fill(key, &[("rank", number)])
    }

    /// How exact a figure is, written before the number.
    pub fn qualifier(&self, qualifier: Qualifier) -> &str {
        self.get(match qualifier {
            Qualifier::Nearly => "qualifier_nearly",
            Qualifier::Over => "qualifier_over",
            Qualifier::Below => "qualifier_below",
            Qualifier::About => "qualifier_about",
            Qualifier::Maintained => "qualifier_maintained",
        })
    }
}

/// `text` with each `{name}` replaced by the value given for `name`; a placeholder
/// without a value stays as written, so a gap is visible. UI strings and baocao's own
/// messages ([`crate::messages`]) are both filled here.
pub(crate) fn fill_template(text: &str, values: &[(&str, &str)]) -> String {
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

/// The `{name}`s written in a UI string or a message.
pub(crate) fn placeholder_names(text: &str) -> Vec<&str> {
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
    needs("plan_exactness", &["qualifier"]),
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
    needs("standing_rank", &["rank", "count"]),
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
    needs("search_placeholder", &["province", "indicator"]),
    needs("ranking_reported", &["reported", "provinces"]),
    needs("ranking_all", &["count", "period"]),
    needs("ranking_page_title", &["indicator", "period"]),
    needs("ranking_page_n", &["page"]),
    needs("ranking_apart_reason", &["unit", "indicator_unit"]),
    needs("downloads_note", &["languages"]),
    needs("data_period", &["period"]),
    needs("data_breakdowns", &["period"]),
    needs("list_two", &["first", "second"]),
    needs("list_more", &["init", "last"]),
    // The per-language wording of numbers, dates and periods.
    needs("date_pattern", &["day", "month", "year"]),
    needs("period_year", &["year"]),
    needs("period_q1", &["year"]),
    needs("period_q2", &["year"]),
    needs("period_q3", &["year"]),
    needs("period_short_q1", &["year"]),
    needs("period_short_q2", &["year"]),
    needs("period_short_q3", &["year"]),
    needs("period_span", &["first", "last"]),
    needs("rank_zero", &["rank"]),
    needs("rank_one", &["rank"]),
    needs("rank_two", &["rank"]),
    needs("rank_few", &["rank"]),
    needs("rank_many", &["rank"]),
    needs("rank_other", &["rank"]),
    // What `baocao new` writes.
    needs("new_title", &["province", "period"]),
    needs("new_next", &["period"]),
    needs("new_department", &["province"]),
];

fn placeholders(key: &str) -> Option<&'static Placeholders> {
    PLACEHOLDERS.iter().find(|p| p.key == key)
}

/// What to write in the UI string `key`: `ranking_title needs {indicator} and {period}`.
pub fn placeholder_hint(key: &str) -> Option<Message> {
    let declared = placeholders(key)?;
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hint = Message::new(Code::ThemePlaceholderHint)
        .arg("key", key)
        .arg("needs", list(declared.needs));
    Some(if declared.may.is_empty() {
        hint
    } else {
        Message::new(Code::ThemePlaceholderMayHint)
            .with("needs", hint)
            .arg("may", list(declared.may))
    })
}

/// The default theme's strings of `vi` or `en`, for what is written before a theme is loaded.
pub fn built_in(code: &str) -> Strings {
    let text = match code {
        "vi" => include_str!("../themes/default/i18n/vi.yaml"),
        _ => include_str!("../themes/default/i18n/en.yaml"),
    };
    let lang = Lang::from_code(code).expect("a built-in language");
    let map = crate::yaml::parse(std::path::Path::new(code), text)
        .expect("the built-in strings parse")
        .value;
    Strings::new(lang, map).expect("the built-in strings have a locale")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// A language that leaves numbers, dates and ordinals to ICU.
    fn japanese() -> Strings {
        let map = [
            ("rank_other", "{rank}位"),
            ("period_q3", "{year}年1～9月"),
            ("period_year", "{year}年"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        Strings::new(Lang::from_code("ja").unwrap(), map.into()).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        let (vi, en) = (built_in("vi"), built_in("en"));
        assert_eq!(vi.number(13989.0, 3), "13.989");
        assert_eq!(en.number(13989.0, 3), "13,989");
        assert_eq!(vi.number(72.66, 3), "72,66");
        assert_eq!(en.number(72.66, 3), "72.66");
        assert_eq!(vi.number(34451.21, 3), "34.451,21");
        assert_eq!(en.number(1234567.0, 0), "1,234,567");
        assert_eq!(vi.number(-1.28, 2), "−1,28");
        assert_eq!(en.number(102.1234, 1), "102.1");
        assert_eq!(vi.number(100.0, 1), "100");
        assert_eq!(vi.number(-0.001, 2), "0");
    }

    #[test]
    fn a_figure_keeps_the_decimals_its_source_wrote() {
        let (vi, en) = (built_in("vi"), built_in("en"));
        assert_eq!(vi.exact(101.28, 2), "101,28");
        assert_eq!(en.exact(101.28, 2), "101.28");
        assert_eq!(vi.exact(72.6, 2), "72,60");
        assert_eq!(en.exact(13989.0, 0), "13,989");
        assert_eq!(vi.exact(30.028, 3), "30,028");
    }

    #[test]
    fn numbers_without_a_minus_sign_take_icus() {
        assert_eq!(japanese().number(-34451.21, 3), "-34,451.21");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(built_in("vi").date(date!(2024 - 03 - 24)), "24/3/2024");
        assert_eq!(built_in("en").date(date!(2024 - 03 - 24)), "24 March 2024");
        assert_eq!(japanese().date(date!(2024 - 03 - 24)), "2024年3月24日");
    }

    #[test]
    fn cumulative_periods_say_which_months() {
        let (vi, en) = (built_in("vi"), built_in("en"));
        assert_eq!(vi.period(Period::ToQuarter(2017, 3)), "9 tháng năm 2017");
        assert_eq!(vi.period(Period::ToQuarter(2017, 1)), "quý I/2017");
        assert_eq!(
            en.period(Period::ToQuarter(2017, 3)),
            "January–September 2017"
        );
        assert_eq!(en.period(Period::Span(2020, 2023)), "2020–2023");
        assert_eq!(vi.period(Period::ToQuarter(2017, 4)), "2017");
        assert_eq!(vi.period_short(Period::ToQuarter(2017, 3)), "9T/2017");
        assert_eq!(en.period_short(Period::ToQuarter(2017, 3)), "Q1–3 2017");
        assert_eq!(
            japanese().period(Period::ToQuarter(2017, 3)),
            "2017年1～9月"
        );
        assert_eq!(japanese().period(Period::Year(2017)), "2017年");
    }

    fn strings(pairs: &[(&str, &str)]) -> Strings {
        let map = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Strings::new(Lang::from_code("en").unwrap(), map).unwrap()
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
                Message::new(Code::ThemePlaceholderMissing)
                    .arg("key", "merged_into")
                    .arg("name", "province")
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
        let messages: Vec<String> = s
            .placeholder_problems()
            .into_iter()
            .map(|p| p.1.to_string())
            .collect();
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
        let (vi, en) = (built_in("vi"), built_in("en"));
        assert_eq!(vi.rank("12"), "thứ 12");
        assert_eq!(vi.rank("1"), "thứ 1");
        assert_eq!(en.rank("12"), "12th");
        assert_eq!(en.rank("1"), "1st");
        assert_eq!(en.rank("22"), "22nd");
        assert_eq!(en.rank("23"), "23rd");
        assert_eq!(en.rank("113"), "113th");
        assert_eq!(japanese().rank("1"), "1位");
    }

    #[test]
    fn qualifiers_come_from_the_strings_file() {
        assert_eq!(built_in("vi").qualifier(Qualifier::Maintained), "duy trì");
        assert_eq!(built_in("en").qualifier(Qualifier::Nearly), "nearly");
    }

    #[test]
    fn a_locale_that_is_not_one_is_an_error() {
        let map = [("locale".to_string(), "not a locale".to_string())].into();
        let err = Strings::new(Lang::from_code("ja").unwrap(), map).unwrap_err();
        assert!(err.to_string().contains("`locale: not a locale`"), "{err}");
    }
}
