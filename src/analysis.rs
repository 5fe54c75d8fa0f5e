//! What the figures mean, in one place: whether a plan was met, the rate of plan,
//! the change against the previous value, unit conversion and rankings.
//! The report table, the rankings, the charts and the open data all ask here,
//! so that they cannot disagree; `render` only writes the answers down.

use crate::model::{
    Achievement, Amount, Better, Breakdown, Change, Figure, Number, Period, Qualifier, Report,
    Site, UnitKind,
};

/// The decimals of a computed percentage: a rate of plan, a part's share of a total.
pub const PERCENT_DECIMALS: u8 = 1;

/// The one rounding rule for numbers the source did not state (docs/numbers.md):
/// rounded half away from zero to `decimals` decimals, then trailing zeros dropped,
/// so that 103,1666… is 103,2 and 100,0 is 100.
pub fn computed(value: f64, decimals: u8) -> Number {
    let decimals = decimals.min(12);
    let mut scaled = (value * 10f64.powi(i32::from(decimals))).round();
    let mut kept = decimals;
    while kept > 0 && scaled % 10.0 == 0.0 {
        scaled /= 10.0;
        kept -= 1;
    }
    Number::new(scaled / 10f64.powi(i32::from(kept)), kept)
}

/// Whether a plan is a bound to stay under or above ("dưới 3%", "trên 95%"): it is
/// met or not met, and has no rate of plan.
pub fn bounded(qualifier: Option<Qualifier>) -> bool {
    matches!(qualifier, Some(Qualifier::Below | Qualifier::Over))
}

/// How a figure stands against its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// Part of a year, still short of the annual plan: 79,3% after nine months is not a miss.
    InProgress,
    /// There is a plan, but not one this figure can be judged against (a ceiling given
    /// only as a rate, a range for a lower-is-better indicator).
    NotComparable,
    NoPlan,
}

impl Verdict {
    /// Whether the plan was met, for the figures that were judged.
    pub fn judged(self) -> Option<bool> {
        match self {
            Verdict::Met => Some(true),
            Verdict::NotMet => Some(false),
            Verdict::InProgress | Verdict::NotComparable | Verdict::NoPlan => None,
        }
    }
}

/// A cumulative period that ends before the year does, judged against an annual plan.
pub fn part_year(period: Period) -> bool {
    matches!(period, Period::ToQuarter(_, q) if q < 4)
}

/// Whether `figure` met its plan, for an indicator where `better` is good news.
pub fn verdict(figure: &Figure, better: Better) -> Verdict {
    match (met_at_face(figure, better), part_year(figure.period)) {
        (Some(true), _) => Verdict::Met,
        (Some(false), true) => Verdict::InProgress,
        (Some(false), false) => Verdict::NotMet,
        (None, _) if figure.target.is_none() && figure.achievement.is_none() => Verdict::NoPlan,
        (None, _) => Verdict::NotComparable,
    }
}

/// The plan judged as if the period were over.
fn met_at_face(figure: &Figure, better: Better) -> Option<bool> {
    match (figure.amount, figure.target) {
        (Some(amount), Some(Amount::Value(target))) if bounded(figure.target_qualifier) => {
            within_bound(
                amount,
                figure.qualifier,
                target.value,
                figure.target_qualifier,
            )
        }
        // A plan is a level to reach, or for lower-is-better indicators a ceiling.
        (Some(amount), Some(Amount::Value(target))) => Some(match better {
            Better::Lower => amount.central() <= target.value,
            Better::Higher | Better::Neutral => amount.central() >= target.value,
        }),
        (Some(amount), Some(Amount::Range(low, _))) => {
            (better == Better::Higher).then(|| amount.central() >= low.value)
        }
        _ => match (figure.achievement, better) {
            (Some(a), Better::Higher | Better::Neutral) => Some(a.percent.value >= 100.0 - 1e-9),
            _ => None,
        },
    }
}

/// Whether a value stays within a bounded plan ("dưới 3%": under 3). A value that is
/// itself a bound is judged only when the bound settles it: "dưới 2%" is under 3,
/// "dưới 4%" may or may not be.
fn within_bound(
    amount: Amount,
    qualifier: Option<Qualifier>,
    bound: f64,
    plan: Option<Qualifier>,
) -> Option<bool> {
    let (low, high) = match amount {
        Amount::Value(v) => (v.value, v.value),
        Amount::Range(a, b) => (a.value, b.value),
    };
    match (plan, qualifier) {
        (Some(Qualifier::Below), Some(Qualifier::Below)) => (high <= bound).then_some(true),
        (Some(Qualifier::Below), Some(Qualifier::Over)) => (low >= bound).then_some(false),
        (Some(Qualifier::Below), _) if high < bound => Some(true),
        (Some(Qualifier::Below), _) if low >= bound => Some(false),
        (Some(Qualifier::Over), Some(Qualifier::Over)) => (low >= bound).then_some(true),
        (Some(Qualifier::Over), Some(Qualifier::Below)) => (high <= bound).then_some(false),
        (Some(Qualifier::Over), _) if low > bound => Some(true),
        (Some(Qualifier::Over), _) if high <= bound => Some(false),
        _ => None,
    }
}

/// The rate of plan: as the source states it, else value ÷ target. Not computed for
/// lower-is-better indicators, where coming in under the plan is the aim, nor against
/// a bounded plan ("dưới 3%"), which is met or not met.
pub fn achievement(
    stated: Option<Number>,
    (amount, target): (Option<Amount>, Option<Amount>),
    target_qualifier: Option<Qualifier>,
    better: Better,
) -> Option<Achievement> {
    match (stated, computed_achievement(amount, target)) {
        (Some(percent), _) => Some(Achievement {
            percent,
            stated: true,
        }),
        (None, Some(percent)) if better != Better::Lower && !bounded(target_qualifier) => {
            Some(Achievement {
                percent,
                stated: false,
            })
        }
        _ => None,
    }
}

/// Value ÷ target in per cent, when both are single numbers, rounded by [`computed`].
pub fn computed_achievement(amount: Option<Amount>, target: Option<Amount>) -> Option<Number> {
    match (amount, target) {
        (Some(Amount::Value(v)), Some(Amount::Value(t))) if t.value != 0.0 => {
            Some(computed(v.value / t.value * 100.0, PERCENT_DECIMALS))
        }
        _ => None,
    }
}

/// Whether a stated rate of plan and value ÷ target differ by more than rounding.
pub fn contradicts(stated: Number, computed: Number) -> bool {
    (stated.value - computed.value).abs() > 1.0
}

/// The share of plan to chart: for lower-is-better indicators, target ÷ value, so that
/// coming in under the plan reads as beating it; none against a bounded plan.
pub fn plan_percent(figure: &Figure, better: Better) -> Option<Achievement> {
    match (figure.amount, figure.target, better) {
        _ if bounded(figure.target_qualifier) && figure.achievement.is_none_or(|a| !a.stated) => {
            None
        }
        (Some(amount), Some(Amount::Value(target)), Better::Lower) if amount.central() > 0.0 => {
            Some(Achievement {
                percent: computed(target.value / amount.central() * 100.0, PERCENT_DECIMALS),
                stated: false,
            })
        }
        _ => figure.achievement,
    }
}

/// How a figure moved since the previous period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Movement<'a> {
    /// Worked out from the previous value, in the figure's own unit.
    FromPrevious {
        previous: Number,
        period: Option<Period>,
        delta: Number,
    },
    /// As the source states it.
    Stated(&'a Change),
}

impl Movement<'_> {
    /// The signed size of the move, in the unit it is given in.
    pub fn delta(&self) -> Number {
        match self {
            Movement::FromPrevious { delta, .. } => *delta,
            Movement::Stated(change) => change.value,
        }
    }

    /// Whether the move is good news: `None` for no move or a neutral indicator.
    pub fn good(&self, better: Better) -> Option<bool> {
        let delta = self.delta().value;
        match better {
            _ if delta == 0.0 => None,
            Better::Higher => Some(delta > 0.0),
            Better::Lower => Some(delta < 0.0),
            Better::Neutral => None,
        }
    }
}

/// The change against the previous value: computed when the previous value is
/// given (with the decimals of the more precise of the two), else as stated.
pub fn movement(figure: &Figure) -> Option<Movement<'_>> {
    if let (Some((previous, period)), Some(Amount::Value(value))) = (figure.previous, figure.amount)
    {
        let decimals = value.decimals.max(previous.decimals);
        return Some(Movement::FromPrevious {
            previous,
            period,
            delta: computed(value.value - previous.value, decimals),
        });
    }
    figure.change.as_ref().map(Movement::Stated)
}

/// `value` in unit `from` expressed in unit `to`: the same unit, or money converted by
/// scale, keeping the precision written (30,028 tỷ is 30.028 triệu, 500 triệu is 0,5 tỷ).
pub fn convert(site: &Site, value: Number, from: &str, to: &str) -> Option<Number> {
    if from == to {
        return Some(value);
    }
    let (a, b) = (site.unit(from)?, site.unit(to)?);
    match (a.kind, b.kind, a.scale, b.scale) {
        (UnitKind::Money, UnitKind::Money, Some(sa), Some(sb)) if sb > 0.0 && sa > 0.0 => {
            let shift = (sb / sa).log10().round() as i32;
            let decimals = (i32::from(value.decimals) + shift).clamp(0, 12) as u8;
            Some(computed(value.value * sa / sb, decimals))
        }
        _ => None,
    }
}

/// What the parts of a breakdown leave of its total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Remainder {
    /// The rest of an "of which" split (one part named): what the source did not split off.
    Rest(Number),
    /// Parts that add up to less than the stated total: a gap the split does not explain.
    Gap(Number),
}

/// A breakdown's total, the sum of its parts, and what they leave of the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// As stated with the breakdown, else the report's figure of the same indicator.
    pub total: Option<Number>,
    pub sum: Number,
    pub remainder: Option<Remainder>,
    /// Whether the breakdown splits the next period's plan rather than a result.
    pub of_plan: bool,
}

impl Split {
    /// Whether the breakdown names one part of a total ("of which abroad").
    pub fn of_which(breakdown: &Breakdown) -> bool {
        breakdown.parts.len() == 1
    }
}

/// How a breakdown's parts add up to its total.
pub fn split(report: &Report, breakdown: &Breakdown) -> Split {
    let of_plan = report
        .next
        .as_ref()
        .is_some_and(|n| n.period == breakdown.period && breakdown.period != report.period);
    let figures: Vec<&Figure> = match (&report.next, of_plan) {
        (Some(next), true) => next.targets.iter().collect(),
        _ => report.results.iter().collect(),
    };
    let total = breakdown.total.or_else(|| {
        let same = |f: &&&Figure| f.indicator == breakdown.indicator;
        figures
            .iter()
            .filter(same)
            .find(|f| f.period == breakdown.period)
            .or_else(|| figures.iter().find(same))
            .and_then(|f| match f.amount {
                Some(Amount::Value(v)) => Some(v),
                _ => None,
            })
    });
    let sum = breakdown.parts_sum();
    let remainder = total
        .map(|t| computed(t.value - sum.value, t.decimals.max(sum.decimals)))
        .filter(|r| r.value > 1e-9)
        .map(|r| match Split::of_which(breakdown) {
            true => Remainder::Rest(r),
            false => Remainder::Gap(r),
        });
    Split {
        total,
        sum,
        remainder,
        of_plan,
    }
}

/// The number to compare an amount by: its value, or a range's middle, with one more
/// decimal than the range's bounds have.
pub fn central(amount: Amount) -> Number {
    match amount {
        Amount::Value(v) => v,
        Amount::Range(a, b) => computed(amount.central(), a.decimals.max(b.decimals) + 1),
    }
}

mod rankings;
pub use rankings::{Ranked, Ranking, Rankings};

#[cfg(test)]
mod tests;
