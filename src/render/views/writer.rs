//! Writing figures in one language: numbers, units, qualifiers, periods,
//! changes and plan verdicts, as the pages and charts show them.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::{ChartView, FigureRow, Urls};
use crate::analysis::{self, Movement, Rankings, Verdict};
use crate::i18n::Strings;
use crate::model::*;

/// Writing figures in one language: numbers, units, qualifiers, periods.
pub struct Writer<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub strings: &'a Strings,
    /// Every indicator's rankings, made once per build.
    pub rankings: &'a Rankings<'a>,
    /// Charts one page draws and another shows again, made once per build.
    pub shared: &'a SharedCharts,
}

/// A chart that two pages show: drawn by whichever comes first and taken by the other,
/// so nothing stays once both are made.
#[derive(Default)]
pub struct SharedCharts(Mutex<FxHashMap<String, ChartView>>);

impl SharedCharts {
    /// The chart `key` if the other page drew it, else `draw`s it and keeps it for that page.
    pub fn once(&self, key: String, draw: impl FnOnce() -> ChartView) -> ChartView {
        if let Some(drawn) = crate::output::lock(&self.0).remove(&key) {
            return drawn;
        }
        let drawn = draw();
        crate::output::lock(&self.0).insert(key, drawn.clone());
        drawn
    }
}

impl Writer<'_> {
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    /// The UI sentence `key` with its placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(key, values)
    }

    /// A number with exactly its decimals: as the source wrote it, or as computed.
    pub fn figure(&self, number: Number) -> String {
        self.strings.exact(number.value, number.decimals)
    }

    /// A number with its unit, its decimals kept: `101,28%`.
    pub fn figure_with_unit(&self, number: Number, unit: &str) -> String {
        self.with_unit(&self.figure(number), unit)
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
            }) => [number, symbol].concat(),
            Some(unit) => [number, " ", unit.label.show(self.lang)].concat(),
            None => number.to_string(),
        }
    }

    pub fn amount(&self, amount: Amount, unit: &str) -> String {
        let number = match amount {
            Amount::Value(v) => self.figure(v),
            Amount::Range(a, b) => format!("{}–{}", self.figure(a), self.figure(b)),
        };
        self.with_unit(&number, unit)
    }

    /// A figure's value as the source stated it: `gần 17.000 người (ước)`.
    pub fn figure_value(&self, figure: &Figure) -> Option<String> {
        let text = self.amount(figure.amount?, &figure.unit);
        Some(self.estimated(figure.estimate, self.qualified(figure.qualifier, text)))
    }

    pub fn target(&self, figure: &Figure) -> Option<String> {
        let text = self.amount(figure.target?, &figure.unit);
        Some(self.qualified(figure.target_qualifier, text))
    }

    /// A number with how exact the source says it is: `dưới 4%`, `nearly 17,000 persons`.
    pub fn qualified(&self, qualifier: Option<Qualifier>, text: String) -> String {
        match qualifier {
            Some(q) => format!("{} {text}", self.strings.qualifier(q)),
            None => text,
        }
    }

    /// How exact a figure is, in words, for a data file's note column beside its plain
    /// number: `dưới; ước tính`, `nearly`; empty for an exact figure.
    pub fn exactness(&self, qualifier: Option<Qualifier>, estimate: bool) -> String {
        let mut words: Vec<String> = qualifier
            .map(|q| self.strings.qualifier(q).to_string())
            .into_iter()
            .collect();
        if estimate {
            words.push(self.t("estimate").to_lowercase());
        }
        words.join("; ")
    }

    /// How exact a figure and its plan are, for a note column beside their plain numbers:
    /// `ước tính; kế hoạch: dưới`, `plan: below`; empty when both are exact.
    pub fn exactness_with_plan(
        &self,
        figure: Option<(Option<Qualifier>, bool)>,
        plan: Option<Qualifier>,
    ) -> String {
        let figure = figure.map(|(q, estimate)| self.exactness(q, estimate));
        let plan = plan.map(|q| {
            self.fill(
                "plan_exactness",
                &[("qualifier", self.strings.qualifier(q))],
            )
        });
        let words: Vec<String> = figure
            .into_iter()
            .chain(plan)
            .filter(|w| !w.is_empty())
            .collect();
        words.join("; ")
    }

    /// A value marked as an estimate when the source calls it one: `17.000 người (ước)`.
    pub fn estimated(&self, estimate: bool, text: String) -> String {
        if estimate {
            format!("{text} ({})", self.t("estimate_short"))
        } else {
            text
        }
    }

    /// A computed share in per cent, rounded by the one rule (`analysis::computed`).
    pub fn percent(&self, value: f64) -> String {
        self.percent_of(analysis::computed(value, analysis::PERCENT_DECIMALS))
    }

    /// A percentage with its own decimals: `101,28%` as stated, `103,2%` as computed.
    pub fn percent_of(&self, number: Number) -> String {
        format!("{}%", self.figure(number))
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
        let movement = analysis::movement(figure)?;
        let delta = movement.delta();
        let magnitude = self.figure(Number::new(delta.value.abs(), delta.decimals));
        let text = match movement {
            Movement::FromPrevious {
                previous, period, ..
            } => {
                let from = self.figure_with_unit(previous, &figure.unit);
                let when = period
                    .map(|p| format!(" ({})", self.period(p)))
                    .unwrap_or_default();
                let diff = if own_percent {
                    format!("{} {}", signed(&magnitude, delta.value), self.t("pp"))
                } else {
                    signed(&self.with_unit(&magnitude, &figure.unit), delta.value)
                };
                format!("{diff}, {} {from}{when}", self.t("from"))
            }
            Movement::Stated(change) => {
                let amount = match change.unit {
                    ChangeUnit::Percent => format!("{magnitude}%"),
                    ChangeUnit::Absolute if own_percent => format!("{magnitude} {}", self.t("pp")),
                    ChangeUnit::Absolute => self.with_unit(&magnitude, &figure.unit),
                };
                let against = change
                    .against
                    .map(|p| format!(" {} {}", self.t("compared_with"), self.period(p)))
                    .unwrap_or_default();
                format!("{}{against}", signed(&amount, change.value.value))
            }
        };
        Some((text, movement.good(better)))
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

impl Writer<'_> {
    pub fn figure_row(&self, figure: &Figure, report_period: Period) -> FigureRow {
        let indicator = self
            .site
            .indicator(&figure.indicator)
            .expect("validated indicator");
        let verdict = analysis::verdict(figure, indicator.better);
        let (change, sense) = match self.change(figure, indicator.better) {
            Some((text, Some(true))) => (Some(text), "good"),
            Some((text, Some(false))) => (Some(text), "bad"),
            Some((text, None)) => (Some(text), "neutral"),
            None => (None, "neutral"),
        };
        FigureRow {
            id: figure.indicator.clone(),
            anchor: figure.indicator.replace('_', "-"),
            name: indicator.name.show(self.lang).to_string(),
            url: Urls::indicator(self.strings, &indicator.id),
            value: self.figure_value(figure),
            estimate: figure.estimate,
            target: self.target(figure),
            achievement: self.achievement(figure),
            achievement_computed: figure.achievement.is_some_and(|a| !a.stated),
            status: status_class(verdict),
            status_text: self.status_text(verdict),
            change,
            change_sense: sense,
            period: (figure.period != report_period).then(|| self.period(figure.period)),
            note: figure
                .note
                .shown(self.lang)
                .map(|(_, note)| note.to_string()),
            note_lang: figure.note.other_lang(self.lang),
            better: match indicator.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
                Better::Neutral => "neutral",
            },
        }
    }
}

impl Writer<'_> {
    /// The rate of plan; a stated one that value ÷ target contradicts is shown beside
    /// it, since sources disagree with themselves (the figure's note says why).
    fn achievement(&self, figure: &Figure) -> Option<String> {
        let achievement = figure.achievement?;
        let shown = self.percent_of(achievement.percent);
        match analysis::computed_achievement(figure.amount, figure.target) {
            Some(computed)
                if achievement.stated && analysis::contradicts(achievement.percent, computed) =>
            {
                Some(self.fill(
                    "achievement_disputed",
                    &[("stated", &shown), ("computed", &self.percent_of(computed))],
                ))
            }
            _ => Some(shown),
        }
    }

    /// A rate of plan for a chart's label: `101,28%`, or `103,2% (tính toán)` when computed.
    pub fn rate_label(&self, achievement: Achievement) -> String {
        let rate = self.percent_of(achievement.percent);
        match achievement.stated {
            true => rate,
            false => format!("{rate} ({})", self.t("computed_short")),
        }
    }

    /// Where a rate of plan comes from, in words: `công bố` / `tính toán`.
    pub fn origin(&self, achievement: Achievement) -> String {
        self.t(if achievement.stated {
            "stated_short"
        } else {
            "computed_short"
        })
    }

    /// A verdict in words, for the figures that have one.
    pub fn status_text(&self, verdict: Verdict) -> Option<String> {
        let key = match verdict {
            Verdict::Met => "plan_met",
            Verdict::NotMet => "plan_not_met",
            Verdict::InProgress => "plan_in_progress",
            Verdict::NotComparable | Verdict::NoPlan => return None,
        };
        Some(self.t(key))
    }
}

/// A verdict as a class name for styling: `met`, `not-met`, `in-progress` or `none`.
pub fn status_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "met",
        Verdict::NotMet => "not-met",
        Verdict::InProgress => "in-progress",
        Verdict::NotComparable | Verdict::NoPlan => "none",
    }
}
