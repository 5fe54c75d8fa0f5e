//! What the figures mean, in one place: whether a plan was met, the rate of plan,
//! the change against the previous value, unit conversion and rankings.
//! The report table, the rankings, the charts and the open data all ask here,
//! so that they cannot disagree; `render` only writes the answers down.

use std::collections::HashMap;

use crate::model::{
    Achievement, Amount, Better, Change, Figure, Period, Province, Report, Site, UnitKind,
};

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
        // A plan is a level to reach, or for lower-is-better indicators a ceiling.
        (Some(amount), Some(Amount::Value(target))) => Some(match better {
            Better::Lower => amount.central() <= target,
            Better::Higher | Better::Neutral => amount.central() >= target,
        }),
        (Some(amount), Some(Amount::Range(low, _))) => {
            (better == Better::Higher).then(|| amount.central() >= low)
        }
        _ => match (figure.achievement, better) {
            (Some(a), Better::Higher | Better::Neutral) => Some(a.percent >= 100.0 - 1e-9),
            _ => None,
        },
    }
}

/// The rate of plan: as the source states it, else value ÷ target. Not computed for
/// lower-is-better indicators, where coming in under the plan is the aim.
pub fn achievement(
    stated: Option<f64>,
    amount: Option<Amount>,
    target: Option<Amount>,
    better: Better,
) -> Option<Achievement> {
    match (stated, computed_achievement(amount, target)) {
        (Some(percent), _) => Some(Achievement {
            percent,
            stated: true,
        }),
        (None, Some(percent)) if better != Better::Lower => Some(Achievement {
            percent,
            stated: false,
        }),
        _ => None,
    }
}

/// Value ÷ target in per cent, when both are single numbers.
pub fn computed_achievement(amount: Option<Amount>, target: Option<Amount>) -> Option<f64> {
    match (amount, target) {
        (Some(Amount::Value(v)), Some(Amount::Value(t))) if t != 0.0 => Some(v / t * 100.0),
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

/// How a figure moved since the previous period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Movement<'a> {
    /// Worked out from the previous value, in the figure's own unit.
    FromPrevious {
        previous: f64,
        period: Option<Period>,
        delta: f64,
    },
    /// As the source states it.
    Stated(&'a Change),
}

impl Movement<'_> {
    /// The signed size of the move, in the unit it is given in.
    pub fn delta(&self) -> f64 {
        match self {
            Movement::FromPrevious { delta, .. } => *delta,
            Movement::Stated(change) => change.value,
        }
    }

    /// Whether the move is good news: `None` for no move or a neutral indicator.
    pub fn good(&self, better: Better) -> Option<bool> {
        let delta = self.delta();
        match better {
            _ if delta == 0.0 => None,
            Better::Higher => Some(delta > 0.0),
            Better::Lower => Some(delta < 0.0),
            Better::Neutral => None,
        }
    }
}

/// The change against the previous value: computed when the previous value is
/// given, else as stated.
pub fn movement(figure: &Figure) -> Option<Movement<'_>> {
    if let (Some((previous, period)), Some(amount)) = (figure.previous, figure.amount) {
        return Some(Movement::FromPrevious {
            previous,
            period,
            delta: amount.central() - previous,
        });
    }
    figure.change.as_ref().map(Movement::Stated)
}

/// `value` in unit `from` expressed in unit `to`: the same unit, or money converted by scale.
pub fn convert(site: &Site, value: f64, from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(value);
    }
    let (a, b) = (site.unit(from)?, site.unit(to)?);
    match (a.kind, b.kind, a.scale, b.scale) {
        (UnitKind::Money, UnitKind::Money, Some(sa), Some(sb)) if sb > 0.0 => Some(value * sa / sb),
        _ => None,
    }
}

/// A province's figure in a ranking, in the indicator's own unit.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub report: &'a Report,
    pub figure: &'a Figure,
    pub province: &'a Province,
    pub value: f64,
}

/// Ranked figures grouped by period, newest first.
type ByPeriod<'a> = Vec<(Period, Vec<Ranked<'a>>)>;

/// Every indicator's figures by the period they refer to, newest period first,
/// each ranked best first (lower first where lower is better). Figures in a unit
/// that cannot be converted to the indicator's own are left out. Made once per
/// build, in one pass over the reports, and shared by every page and language.
pub struct Rankings<'a> {
    by_indicator: HashMap<&'a str, ByPeriod<'a>>,
}

impl<'a> Rankings<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut by_indicator: HashMap<&'a str, ByPeriod<'a>> = HashMap::new();
        // Reports come grouped by province: look each province up once.
        let mut province: Option<&Province> = None;
        for report in &site.reports {
            if province.is_none_or(|p| p.slug != report.province) {
                province = site.province(&report.province);
            }
            let Some(province) = province else {
                continue;
            };
            for figure in &report.results {
                let Some(indicator) = site.indicator(&figure.indicator) else {
                    continue;
                };
                let Some(value) = figure
                    .amount
                    .and_then(|a| convert(site, a.central(), &figure.unit, &indicator.unit))
                else {
                    continue;
                };
                let ranked = Ranked {
                    report,
                    figure,
                    province,
                    value,
                };
                let by_period = by_indicator.entry(indicator.id.as_str()).or_default();
                match by_period.iter_mut().find(|(p, _)| *p == figure.period) {
                    Some((_, list)) => list.push(ranked),
                    None => by_period.push((figure.period, vec![ranked])),
                }
            }
        }
        for (id, by_period) in &mut by_indicator {
            let better = site.indicator(id).map_or(Better::Neutral, |i| i.better);
            by_period.sort_by_key(|b| std::cmp::Reverse(b.0.sort_key()));
            for (_, list) in by_period.iter_mut() {
                sort_best_first(list, better);
            }
        }
        Rankings { by_indicator }
    }

    /// An indicator's rankings, newest period first.
    pub fn of(&self, indicator: &str) -> &[(Period, Vec<Ranked<'a>>)] {
        self.by_indicator.get(indicator).map_or(&[], Vec::as_slice)
    }

    /// An indicator's ranking for one period.
    pub fn in_period(&self, indicator: &str, period: Period) -> Option<&[Ranked<'a>]> {
        self.of(indicator)
            .iter()
            .find(|(p, _)| *p == period)
            .map(|(_, list)| list.as_slice())
    }

    /// Each province's latest figure for an indicator, best first.
    pub fn latest(&self, indicator: &str, better: Better) -> Vec<Ranked<'a>> {
        let mut latest: Vec<Ranked<'a>> = Vec::new();
        for (_, list) in self.of(indicator) {
            for r in list {
                if !latest.iter().any(|l| l.province.slug == r.province.slug) {
                    latest.push(*r);
                }
            }
        }
        sort_best_first(&mut latest, better);
        latest
    }
}

fn sort_best_first(list: &mut [Ranked<'_>], better: Better) {
    list.sort_by(|a, b| match better {
        Better::Lower => a.value.total_cmp(&b.value),
        Better::Higher | Better::Neutral => b.value.total_cmp(&a.value),
    });
}

#[cfg(test)]
mod tests;
