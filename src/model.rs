//! The validated site: what the content means, independent of how it is written or shown.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::messages::{Code, Message};
use icu_locale_core::subtags::Language;
use serde::{Deserialize, Serialize};
use time::Date;

/// A language of the site, by its ISO 639 code (`vi`, `en`, `ja`). The site's
/// `languages:` list says which exist and in what order; nothing else is built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(Language);

impl Lang {
    /// A lowercase language code such as `vi`; `None` for anything else (`VI`, `vi-VN`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let language = Language::try_from_str(code).ok()?;
        (language.as_str() == code && !language.is_unknown()).then_some(Lang(language))
    }

    pub fn code(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Lang::from_code(&code).ok_or_else(|| serde::de::Error::custom("not a language code"))
    }
}

/// A text in some of the site's languages, kept in the site's language order so that a
/// missing language falls back to the first one that has the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text(Vec<(Lang, String)>);

impl Text {
    /// The texts given, in the order of `languages`; languages not listed are left out.
    pub fn in_order<'a>(languages: &[Lang], mut text: impl FnMut(Lang) -> Option<&'a str>) -> Text {
        Text(
            languages
                .iter()
                .filter_map(|&lang| text(lang).map(|t| (lang, t.to_string())))
                .collect(),
        )
    }

    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, text)| text.as_str())
    }

    /// The text in `lang`, or in the first language that has it; `""` when none does.
    pub fn show(&self, lang: Lang) -> &str {
        self.get(lang)
            .or_else(|| self.0.first().map(|(_, text)| text.as_str()))
            .unwrap_or("")
    }

    /// The text in `lang`, or in the first language that has it, with that language.
    pub fn shown(&self, lang: Lang) -> Option<(Lang, &str)> {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .or(self.0.first())
            .map(|(l, text)| (*l, text.as_str()))
    }

    /// The language the text is shown in on a `lang` page, when it is another one:
    /// what the element showing it says in its `lang` attribute.
    pub fn other_lang(&self, lang: Lang) -> Option<Lang> {
        self.shown(lang).map(|(l, _)| l).filter(|&l| l != lang)
    }

    /// Whether `lang` has to fall back to another language.
    pub fn falls_back(&self, lang: Lang) -> bool {
        self.get(lang).is_none() && !self.0.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text in every language it has.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, text)| text.as_str())
    }

    /// This text, with each missing language taken from `other`, in `languages` order.
    pub fn or(&self, other: &Text, languages: &[Lang]) -> Text {
        Text::in_order(languages, |lang| self.get(lang).or(other.get(lang)))
    }
}

/// What a report covers: a calendar year, January to the end of a quarter, or several years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Year(i32),
    /// Cumulative from January to the end of quarter `q` (1–4).
    ToQuarter(i32, u8),
    /// Several whole years, first to last.
    Span(i32, i32),
}

impl Period {
    /// Parses `2023`, `2017-q3` or `2020-2023`.
    pub fn parse(text: &str) -> Result<Period, Message> {
        let text = text.trim();
        let year = |s: &str| -> Option<i32> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        if let Some(y) = year(text) {
            return Ok(Period::Year(y));
        }
        if let Some((a, b)) = text.split_once('-') {
            if let (Some(y), Some(q)) = (year(a), b.strip_prefix(['q', 'Q'])) {
                return match q.parse::<u8>() {
                    Ok(q @ 1..=4) => Ok(Period::ToQuarter(y, q)),
                    _ => Err(Message::new(Code::PeriodNoSuchQuarter).arg("text", text)),
                };
            }
            if let (Some(first), Some(last)) = (year(a), year(b)) {
                if first < last {
                    return Ok(Period::Span(first, last));
                }
                return Err(Message::new(Code::PeriodYearsReversed).arg("text", text));
            }
        }
        Err(Message::new(Code::PeriodInvalid).arg("text", text))
    }

    /// The id used in folders, URLs and data: `2023`, `2017-q3`, `2020-2023`.
    pub fn id(&self) -> String {
        match *self {
            Period::Year(y) => y.to_string(),
            Period::ToQuarter(y, q) => format!("{y}-q{q}"),
            Period::Span(a, b) => format!("{a}-{b}"),
        }
    }

    /// Orders periods by when they end, then by how much they cover (longer first).
    pub fn sort_key(&self) -> (i32, u8, i32) {
        match *self {
            Period::Year(y) => (y, 4, -1),
            Period::ToQuarter(y, q) => (y, q, -1),
            Period::Span(a, b) => (b, 4, -(b - a + 1)),
        }
    }

    /// The last year the period touches.
    pub fn end_year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::ToQuarter(y, _) | Period::Span(_, y) => y,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// A number with the precision it is given in: as many decimals as the source wrote
/// (`72,66` has two, `13.989` none), or, for a computed number, as many as
/// `analysis::computed` keeps. Pages, charts and data files write exactly these decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

impl Number {
    pub fn new(value: f64, decimals: u8) -> Number {
        Number { value, decimals }
    }

    /// A whole number, as written without decimals.
    pub fn whole(value: f64) -> Number {
        Number { value, decimals: 0 }
    }

    /// The number for data files: a dot before exactly its decimals, no grouping (`72.66`, `13989`).
    pub fn plain(&self) -> String {
        let sign = if self.value.is_sign_negative() {
            "-"
        } else {
            ""
        };
        fixed_digits(sign, self.value.abs(), usize::from(self.decimals))
    }
}

/// `{sign}{value:.decimals$}` for a `value` of zero or more, from the digits of the integer
/// n nearest value × 10^d when that product is within a quarter of n and below 10¹⁵ (< 2⁵⁰,
/// where the product is off the exact one by less than 0.07): the formatter rounds to n
/// too. It skips the formatter's slow exact mode, which a figure's number otherwise takes.
pub(crate) fn fixed_digits(sign: &str, value: f64, decimals: usize) -> String {
    let product = value * 10f64.powi(decimals as i32);
    let scaled = product.round();
    if decimals > 15 || !(0.0..1e15).contains(&scaled) || (product - scaled).abs() >= 0.25 {
        return format!("{sign}{value:.decimals$}");
    }
    let digits = itoa::Buffer::new().format(scaled as u64).to_string();
    let mut out = String::with_capacity(sign.len() + digits.len() + decimals + 2);
    out.push_str(sign);
    if digits.len() > decimals {
        let (int, frac) = digits.split_at(digits.len() - decimals);
        out.push_str(int);
        if decimals > 0 {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', decimals - digits.len()));
        out.push_str(&digits);
    }
    out
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

/// A figure's number: one value, a range, or none (a report may give only the rate of plan).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Amount {
    Value(Number),
    Range(Number, Number),
}

impl Amount {
    /// A single number to compare and chart: the value, or a range's middle.
    pub fn central(&self) -> f64 {
        match *self {
            Amount::Value(v) => v.value,
            Amount::Range(a, b) => (a.value + b.value) / 2.0,
        }
    }

    /// The single value, or a range's low and high bounds, for data files.
    pub fn bounds(&self) -> (Option<Number>, Option<Number>, Option<Number>) {
        match *self {
            Amount::Value(v) => (Some(v), None, None),
            Amount::Range(a, b) => (None, Some(a), Some(b)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// Whole things: persons, households, houses, dossiers. Never fractional.
    Count,
    /// A share of a whole, 0 to 100.
    Percent,
    /// A difference between two percentages.
    PercentagePoints,
    /// Money, with a scale to compare million and billion VND.
    Money,
    /// A score on a scale, such as an index.
    Score,
    /// A position in a ranking.
    Rank,
}

/// Which direction is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
    Neutral,
}

/// How exact a figure is, as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// gần
    #[serde(alias = "gần")]
    Nearly,
    /// trên, hơn
    #[serde(alias = "trên", alias = "hơn")]
    Over,
    /// dưới
    #[serde(alias = "dưới")]
    Below,
    /// khoảng, ước
    #[serde(alias = "khoảng", alias = "ước")]
    About,
    /// duy trì: a level held from the previous period
    #[serde(alias = "duy trì")]
    Maintained,
}

impl Qualifier {
    /// The qualifier an editor's word names, English or Vietnamese (`trên`, `over`).
    pub fn from_word(word: &str) -> Option<Qualifier> {
        use serde::de::IntoDeserializer;
        let word: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            word.into_deserializer();
        Qualifier::deserialize(word).ok()
    }
}

/// A unit of measurement with its labels.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub label: Text,
    pub symbol: Option<String>,
    pub kind: UnitKind,
    pub scale: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: Text,
    pub short: Text,
    pub unit: String,
    pub better: Better,
    pub group: Option<String>,
    pub definition: Text,
    pub part_of: Option<String>,
}

impl Indicator {
    /// The short name where there is one, for charts.
    pub fn short_name(&self, lang: Lang) -> &str {
        match self.short.get(lang) {
            Some(short) => short,
            None => self.name.show(lang),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Province {
    pub slug: String,
    pub name: Text,
    pub region: Text,
    pub valid_to: Option<Date>,
    pub successor: Option<String>,
    pub absorbed: Vec<(Text, Date)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    pub date: Option<Date>,
}

/// The achievement rate, in % of plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    /// As stated, with the source's decimals, or computed and rounded by `analysis::computed`.
    pub percent: Number,
    /// Stated by the source rather than computed from value and target.
    pub stated: bool,
}

impl Achievement {
    /// `stated` or `computed`, as data files say where the rate comes from.
    pub fn origin(&self) -> &'static str {
        if self.stated { "stated" } else { "computed" }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeUnit {
    /// A difference in the figure's own unit (percentage points for shares).
    Absolute,
    /// A relative change, in per cent.
    Percent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub value: Number,
    pub unit: ChangeUnit,
    pub against: Option<Period>,
}

/// One figure of a report: a result, or a target for the next period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub indicator: String,
    pub amount: Option<Amount>,
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    pub estimate: bool,
    pub period: Period,
    pub target: Option<Amount>,
    pub target_qualifier: Option<Qualifier>,
    pub achievement: Option<Achievement>,
    pub previous: Option<(Number, Option<Period>)>,
    pub change: Option<Change>,
    pub note: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub label: Text,
    pub indicator: Option<String>,
    pub value: Number,
    /// How exact the part is, as the source says it: `khoảng 1.500`.
    pub qualifier: Option<Qualifier>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Breakdown {
    pub indicator: String,
    pub by: Text,
    pub total: Option<Number>,
    pub period: Period,
    pub parts: Vec<Part>,
    pub note: Text,
}

impl Breakdown {
    /// The parts added up, with the most decimals any part has.
    pub fn parts_sum(&self) -> Number {
        Number {
            value: self.parts.iter().map(|p| p.value.value).sum(),
            decimals: self
                .parts
                .iter()
                .map(|p| p.value.decimals)
                .max()
                .unwrap_or(0),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Next {
    pub period: Period,
    pub targets: Vec<Figure>,
    pub tasks: Vec<Text>,
}

/// A narrative in one language: front matter and Markdown body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Narrative {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub markdown: String,
    /// The line of the `.md` file where `markdown` starts, after the front matter:
    /// where a problem found in the body is reported.
    pub body_line: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub province: String,
    pub period: Period,
    pub published: Date,
    pub department: Text,
    pub scope: Text,
    pub source: Source,
    pub results: Vec<Figure>,
    pub breakdowns: Vec<Breakdown>,
    pub next: Option<Next>,
    /// The narratives written, in the site's language order.
    pub narratives: Vec<(Lang, Narrative)>,
}

impl Report {
    pub fn narrative(&self, lang: Lang) -> Option<&Narrative> {
        self.narratives
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, n)| n)
    }

    /// The narrative in `lang`, or else the first one written, with its language.
    pub fn narrative_shown(&self, lang: Lang) -> Option<(Lang, &Narrative)> {
        self.narratives
            .iter()
            .find(|(l, _)| *l == lang)
            .or(self.narratives.first())
            .map(|(l, n)| (*l, n))
    }

    pub fn result(&self, indicator: &str) -> Option<&Figure> {
        self.results.iter().find(|f| f.indicator == indicator)
    }
}

#[derive(Debug, Clone)]
pub struct Licence {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The site's languages; the first is the default, and the fallback for missing text.
    pub languages: Vec<Lang>,
    pub title: Text,
    pub description: Text,
    /// Always ends with `/`: `/` or `https://example.vn/bao-cao/`.
    pub base_url: String,
    pub publisher: Text,
    pub licence: Option<Licence>,
    pub headline_indicators: Vec<String>,
}

/// Everything the content says, validated. Provinces are in Vietnamese alphabetical
/// order; reports by province in that order, then by period.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub units: Vec<Unit>,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    pub provinces: Vec<Province>,
    pub reports: Vec<Report>,
    /// Where each province and its reports are, and how many reports give each indicator,
    /// built on first use: the lists above are not changed once a page has been asked for.
    pub index: SiteIndex,
}

/// Positions of provinces and reports by slug, so that a page finds them without a
/// scan of the whole site (a scan per page grows with the square of the site).
#[derive(Debug, Clone, Default)]
pub struct SiteIndex(OnceLock<Positions>);

#[derive(Debug, Clone)]
struct Positions {
    provinces: HashMap<String, usize>,
    reports: HashMap<String, Vec<usize>>,
    /// How many reports give a result for each indicator.
    reporting: HashMap<String, usize>,
}

impl Site {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn province(&self, slug: &str) -> Option<&Province> {
        let at = *self.positions().provinces.get(slug)?;
        Some(&self.provinces[at])
    }

    /// The province's reports, in the site's order (by period).
    pub fn reports_of<'a>(
        &'a self,
        slug: &'a str,
    ) -> impl DoubleEndedIterator<Item = &'a Report> + 'a {
        let positions = self.positions().reports.get(slug);
        positions.into_iter().flatten().map(|&at| &self.reports[at])
    }

    /// How many reports give a result for `indicator`.
    pub fn reports_with_result(&self, indicator: &str) -> usize {
        self.positions()
            .reporting
            .get(indicator)
            .copied()
            .unwrap_or(0)
    }

    fn positions(&self) -> &Positions {
        self.index.0.get_or_init(|| {
            let mut reports: HashMap<String, Vec<usize>> = HashMap::new();
            let mut reporting: HashMap<String, usize> = HashMap::new();
            for (at, report) in self.reports.iter().enumerate() {
                reports.entry(report.province.clone()).or_default().push(at);
                let mut given: Vec<&str> = report
                    .results
                    .iter()
                    .map(|f| f.indicator.as_str())
                    .collect();
                given.sort_unstable();
                given.dedup();
                for indicator in given {
                    *reporting.entry(indicator.to_string()).or_default() += 1;
                }
            }
            let provinces = self.provinces.iter().enumerate();
            Positions {
                provinces: provinces.map(|(at, p)| (p.slug.clone(), at)).collect(),
                reports,
                reporting,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A number keeps exactly the digits the float formatter gives it, whether it was
        /// rounded to its decimals before (a figure's value) or not (a computed share).
        #[test]
        fn fixed_digits_are_the_float_formatters(value in -1e12f64..1e12, decimals in 0usize..5) {
            let factor = 10f64.powi(decimals as i32);
            let rounded = (value * factor).round() / factor;
            for v in [value, rounded] {
                proptest::prop_assert_eq!(
                    Number::new(v, decimals as u8).plain(),
                    format!("{v:.decimals$}")
                );
            }
        }
    }

    #[test]
    fn halves_round_as_the_float_formatter_rounds_them() {
        for (value, decimals) in [
            (0.125, 2),
            (0.15, 1),
            (2.5, 0),
            (-0.25, 1),
            (-0.0, 1),
            (1e16, 1),
        ] {
            assert_eq!(
                Number::new(value, decimals).plain(),
                format!("{value:.*}", usize::from(decimals))
            );
        }
    }
}
