//! View models: what templates see. They are built from the domain model and
//! hold text already written in the page's language, so templates only lay out.

use serde::Serialize;

use super::charts::Rankings;
use crate::i18n::Strings;
use crate::model::*;

/// Where pages live. All links are absolute paths under the site's base path.
#[derive(Debug, Clone)]
pub struct Urls {
    /// The path part of the base URL, always ending with `/`: `/` or `/bao-cao/`.
    pub base_path: String,
    /// The base URL as configured, for canonical links.
    pub base_url: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let base_path = match base_url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_string(), |i| rest[i..].to_string()),
            None => base_url.to_string(),
        };
        Urls {
            base_path,
            base_url: base_url.to_string(),
        }
    }

    /// The page's path inside the output folder for a page URL path (relative to base).
    pub fn href(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// A full address for canonical links and alternates when the base URL is absolute.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
    }

    pub fn home(lang: Lang) -> String {
        format!("{lang}/")
    }

    pub fn province(lang: Lang, slug: &str) -> String {
        format!("{lang}/{slug}/")
    }

    pub fn report(lang: Lang, report: &Report) -> String {
        format!("{lang}/{}/{}/", report.province, report.period.id())
    }

    /// The indicators page, in the language's own word: `vi/chi-tieu/`, `en/indicators/`.
    pub fn indicators(strings: &Strings) -> String {
        format!("{}/{}/", strings.lang(), strings.get("path_indicators"))
    }

    pub fn indicator(strings: &Strings, id: &str) -> String {
        format!("{}{}/", Urls::indicators(strings), id.replace('_', "-"))
    }

    /// The search page: `vi/tim-kiem/`, `en/search/`.
    pub fn search(strings: &Strings) -> String {
        format!("{}/{}/", strings.lang(), strings.get("path_search"))
    }
}

/// Writing figures in one language: numbers, units, qualifiers, periods.
pub struct Writer<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub strings: &'a Strings,
    /// Every indicator's rankings, made once per build.
    pub rankings: &'a Rankings<'a>,
}

impl Writer<'_> {
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    pub fn number(&self, value: f64) -> String {
        self.strings.figure_number(value)
    }

    /// A number with its unit: `72,66%`, `13.989 lượt người`, `1,77 điểm phần trăm`.
    pub fn with_unit(&self, number: &str, unit: &str) -> String {
        match self.site.unit(unit) {
            Some(Unit {
                kind: UnitKind::Rank,
                ..
            }) => self.strings.rank(number),
            Some(Unit {
                symbol: Some(symbol),
                ..
            }) => format!("{number}{symbol}"),
            Some(unit) => format!("{number} {}", unit.label.show(self.lang)),
            None => number.to_string(),
        }
    }

    pub fn amount(&self, amount: Amount, unit: &str) -> String {
        let number = match amount {
            Amount::Value(v) => self.number(v),
            Amount::Range(a, b) => format!("{}–{}", self.number(a), self.number(b)),
        };
        self.with_unit(&number, unit)
    }

    /// A figure's value as the source stated it: `gần 17.000 người (ước)`.
    pub fn figure_value(&self, figure: &Figure) -> Option<String> {
        let amount = figure.amount?;
        let mut text = self.amount(amount, &figure.unit);
        if let Some(q) = figure.qualifier {
            text = format!("{} {text}", self.strings.qualifier(q));
        }
        if figure.estimate {
            text = format!("{text} ({})", self.t("estimate_short"));
        }
        Some(text)
    }

    pub fn target(&self, figure: &Figure) -> Option<String> {
        let target = figure.target?;
        let mut text = self.amount(target, &figure.unit);
        if let Some(q) = figure.target_qualifier {
            text = format!("{} {text}", self.strings.qualifier(q));
        }
        Some(text)
    }

    pub fn percent(&self, value: f64) -> String {
        format!("{}%", self.strings.number(value, 1))
    }

    pub fn period(&self, period: Period) -> String {
        self.strings.period(period)
    }

    /// The change against the previous period, and whether it is good news.
    pub fn change(&self, figure: &Figure, better: Better) -> Option<(String, Option<bool>)> {
        let own_percent = self
            .site
            .unit(&figure.unit)
            .is_some_and(|u| u.kind == UnitKind::Percent);
        let (delta, text) =
            if let (Some((previous, period)), Some(amount)) = (figure.previous, figure.amount) {
                let delta = amount.central() - previous;
                let from = self.with_unit(&self.number(previous), &figure.unit);
                let when = period
                    .map(|p| format!(" ({})", self.period(p)))
                    .unwrap_or_default();
                let diff = if own_percent {
                    format!(
                        "{} {}",
                        signed(&self.number(delta.abs()), delta),
                        self.t("pp")
                    )
                } else {
                    signed(
                        &self.with_unit(&self.number(delta.abs()), &figure.unit),
                        delta,
                    )
                };
                (delta, format!("{diff}, {} {from}{when}", self.t("from")))
            } else if let Some(change) = &figure.change {
                let magnitude = self.number(change.value.abs());
                let amount = match change.unit {
                    ChangeUnit::Percent => format!("{magnitude}%"),
                    ChangeUnit::Absolute if own_percent => format!("{magnitude} {}", self.t("pp")),
                    ChangeUnit::Absolute => self.with_unit(&magnitude, &figure.unit),
                };
                let against = change
                    .against
                    .map(|p| format!(" {} {}", self.t("compared_with"), self.period(p)))
                    .unwrap_or_default();
                (
                    change.value,
                    format!("{}{against}", signed(&amount, change.value)),
                )
            } else {
                return None;
            };
        let good = match better {
            Better::Higher => Some(delta > 0.0),
            Better::Lower => Some(delta < 0.0),
            Better::Neutral => None,
        };
        Some((text, if delta == 0.0 { None } else { good }))
    }
}

fn signed(text: &str, value: f64) -> String {
    if value > 0.0 {
        format!("▲ +{text}")
    } else if value < 0.0 {
        format!("▼ −{text}")
    } else {
        text.to_string()
    }
}

/// Whether a figure met its plan: `None` when there is nothing to judge against, and
/// for part of a year still short of the annual plan (79,3% after nine months is not a miss).
pub fn plan_met(figure: &Figure, better: Better) -> Option<bool> {
    let met = plan_met_at_face(figure, better);
    if met == Some(false) && partial_year(figure) {
        return None;
    }
    met
}

/// A cumulative figure for part of a year, judged against an annual plan.
pub fn partial_year(figure: &Figure) -> bool {
    matches!(figure.period, Period::ToQuarter(_, q) if q < 4)
}

fn plan_met_at_face(figure: &Figure, better: Better) -> Option<bool> {
    if let (Some(amount), Some(Amount::Value(target))) = (figure.amount, figure.target) {
        let value = amount.central();
        // A plan is a level to reach, or for lower-is-better indicators a ceiling.
        return Some(match better {
            Better::Lower => value <= target,
            Better::Higher | Better::Neutral => value >= target,
        });
    }
    if let (Some(amount), Some(Amount::Range(lo, _))) = (figure.amount, figure.target) {
        return match better {
            Better::Higher => Some(amount.central() >= lo),
            _ => None,
        };
    }
    match (figure.achievement, better) {
        (Some(a), Better::Higher | Better::Neutral) => Some(a.percent >= 100.0 - 1e-9),
        _ => None,
    }
}

/// The share of plan to chart: for lower-is-better indicators, target ÷ value, so that
/// coming in under the plan reads as beating it.
pub fn plan_percent(figure: &Figure, better: Better) -> Option<f64> {
    match (figure.amount, figure.target, better) {
        (Some(amount), Some(Amount::Value(target)), Better::Lower) if amount.central() > 0.0 => {
            Some(target / amount.central() * 100.0)
        }
        _ => figure.achievement.map(|a| a.percent),
    }
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct FigureRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub value: Option<String>,
    pub estimate: bool,
    pub target: Option<String>,
    pub achievement: Option<String>,
    /// `met`, `not-met` or `none`.
    pub status: &'static str,
    pub status_text: Option<String>,
    pub change: Option<String>,
    /// `good`, `bad` or `neutral`.
    pub change_sense: &'static str,
    pub period: Option<String>,
    pub note: Option<String>,
    pub better: &'static str,
}

impl Writer<'_> {
    pub fn figure_row(&self, figure: &Figure, report_period: Period) -> FigureRow {
        let indicator = self
            .site
            .indicator(&figure.indicator)
            .expect("validated indicator");
        let met = plan_met(figure, indicator.better);
        let in_progress =
            met.is_none() && plan_met_at_face(figure, indicator.better) == Some(false);
        let (change, sense) = match self.change(figure, indicator.better) {
            Some((text, Some(true))) => (Some(text), "good"),
            Some((text, Some(false))) => (Some(text), "bad"),
            Some((text, None)) => (Some(text), "neutral"),
            None => (None, "neutral"),
        };
        FigureRow {
            id: figure.indicator.clone(),
            name: indicator.name.show(self.lang).to_string(),
            url: Urls::indicator(self.strings, &indicator.id),
            value: self.figure_value(figure),
            estimate: figure.estimate,
            target: self.target(figure),
            achievement: figure.achievement.map(|a| self.percent(a.percent)),
            status: match met {
                Some(true) => "met",
                Some(false) => "not-met",
                None if in_progress => "in-progress",
                None => "none",
            },
            status_text: match met {
                Some(m) => Some(self.t(if m { "plan_met" } else { "plan_not_met" })),
                None if in_progress => Some(self.t("plan_in_progress")),
                None => None,
            },
            change,
            change_sense: sense,
            period: (figure.period != report_period).then(|| self.period(figure.period)),
            note: figure
                .note
                .shown(self.lang)
                .map(|(_, note)| note.to_string()),
            better: match indicator.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
                Better::Neutral => "neutral",
            },
        }
    }
}
