//! Who ranks where: like with like, ties sharing a place, bounds and other kinds of
//! figures named beside the ranking rather than dropped or ranked as if exact.

use std::collections::HashMap;

use super::{bounded, central, convert};
use crate::model::{Better, Figure, Number, Period, Province, Report, Site};

/// A province's figure in a ranking.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub report: &'a Report,
    pub figure: &'a Figure,
    pub province: &'a Province,
    /// In the indicator's own unit, or, for a figure set apart, in its own.
    pub value: Number,
    /// The place, shared by equal values (1, 2, 2, 4); `None` for a figure given only
    /// as a bound ("dưới 4%"), which is placed by its bound but cannot be ranked.
    pub rank: Option<usize>,
}

impl Ranked<'_> {
    /// Whether the figure is given only as a bound ("dưới 4%", "trên 14").
    pub fn is_bound(&self) -> bool {
        bounded(self.figure.qualifier)
    }
}

/// One ranking: comparable figures best first, and the figures of another kind.
#[derive(Debug, Clone, Default)]
pub struct Ranking<'a> {
    /// Figures in the indicator's unit or converted to it, best first (lower first
    /// where lower is better); a bound placed by its bound, without a rank.
    pub list: Vec<Ranked<'a>>,
    /// Figures in a unit that does not convert to the indicator's (person-times where
    /// the indicator counts persons): another definition, shown beside the ranking.
    pub apart: Vec<Ranked<'a>>,
    /// How many of the site's provinces existed then, reported or not.
    pub provinces: usize,
}

/// A ranking needs at least this many ranked provinces to be drawn as one; fewer
/// are listed.
pub const MIN_RANKED: usize = 3;

impl<'a> Ranking<'a> {
    /// How many provinces reported a figure, of any kind.
    pub fn reported(&self) -> usize {
        let mut slugs: Vec<&str> = self
            .list
            .iter()
            .chain(&self.apart)
            .map(|r| r.province.slug.as_str())
            .collect();
        slugs.sort_unstable();
        slugs.dedup();
        slugs.len()
    }

    /// How many figures hold a rank.
    pub fn ranked(&self) -> usize {
        self.list.iter().filter(|r| r.rank.is_some()).count()
    }

    /// Whether there are enough ranked provinces to draw a ranking chart.
    pub fn is_chart(&self) -> bool {
        self.ranked() >= MIN_RANKED
    }

    /// Where the province `slug` is: its place in the list (none for a figure set
    /// apart) and its figure; none when it gave no figure.
    pub fn place_of(&self, slug: &str) -> Option<(Option<usize>, &Ranked<'a>)> {
        let own = |r: &&Ranked<'a>| r.province.slug == slug;
        match self.list.iter().position(|r| own(&r)) {
            Some(i) => Some((Some(i), &self.list[i])),
            None => self.apart.iter().find(own).map(|r| (None, r)),
        }
    }

    fn push(&mut self, ranked: Ranked<'a>, comparable: bool) {
        match comparable {
            true => self.list.push(ranked),
            false => self.apart.push(ranked),
        }
    }

    /// Sorts best first and gives ranks: equal values share one, bounds get none.
    fn rank(&mut self, better: Better) {
        self.list.sort_by(|a, b| match better {
            Better::Lower => a.value.value.total_cmp(&b.value.value),
            Better::Higher | Better::Neutral => b.value.value.total_cmp(&a.value.value),
        });
        let mut place = 0;
        let mut previous: Option<f64> = None;
        for (exact, r) in (0..).zip(self.list.iter_mut().filter(|r| !r.is_bound())) {
            if previous != Some(r.value.value) {
                place = exact + 1;
            }
            previous = Some(r.value.value);
            r.rank = Some(place);
        }
    }
}

/// Ranked figures grouped by period, newest first.
type ByPeriod<'a> = Vec<(Period, Ranking<'a>)>;

/// Every indicator's figures by the period they refer to, newest period first, each
/// a [`Ranking`]. Made once per build, in one pass over the reports, and shared by
/// every page and language.
pub struct Rankings<'a> {
    site: &'a Site,
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
                let Some((ranked, comparable)) = place(site, report, figure, province) else {
                    continue;
                };
                let by_period = by_indicator.entry(figure.indicator.as_str()).or_default();
                let at = match by_period.iter().position(|(p, _)| *p == figure.period) {
                    Some(at) => at,
                    None => {
                        let ranking = Ranking {
                            provinces: existing(site, figure.period),
                            ..Ranking::default()
                        };
                        by_period.push((figure.period, ranking));
                        by_period.len() - 1
                    }
                };
                by_period[at].1.push(ranked, comparable);
            }
        }
        for (id, by_period) in &mut by_indicator {
            let better = site.indicator(id).map_or(Better::Neutral, |i| i.better);
            by_period.sort_by_key(|b| std::cmp::Reverse(b.0.sort_key()));
            for (_, ranking) in by_period.iter_mut() {
                ranking.rank(better);
            }
        }
        Rankings { site, by_indicator }
    }

    /// An indicator's rankings, newest period first.
    pub fn of(&self, indicator: &str) -> &[(Period, Ranking<'a>)] {
        self.by_indicator.get(indicator).map_or(&[], Vec::as_slice)
    }

    /// An indicator's ranking for one period.
    pub fn in_period(&self, indicator: &str, period: Period) -> Option<&Ranking<'a>> {
        self.of(indicator)
            .iter()
            .find(|(p, _)| *p == period)
            .map(|(_, ranking)| ranking)
    }

    /// Each province's latest figure for an indicator, ranked like a period's.
    pub fn latest(&self, indicator: &str, better: Better) -> Ranking<'a> {
        let mut latest = Ranking {
            provinces: self.site.provinces.len(),
            ..Ranking::default()
        };
        let seen = |l: &Ranking<'a>, r: &Ranked<'a>| {
            l.list
                .iter()
                .chain(&l.apart)
                .any(|x| x.province.slug == r.province.slug)
        };
        for (_, ranking) in self.of(indicator) {
            for (r, comparable) in ranking
                .list
                .iter()
                .map(|r| (r, true))
                .chain(ranking.apart.iter().map(|r| (r, false)))
            {
                if !seen(&latest, r) {
                    latest.push(*r, comparable);
                }
            }
        }
        latest.rank(better);
        latest
    }
}

/// A figure's place: in the indicator's unit (comparable), or in its own (apart).
fn place<'a>(
    site: &Site,
    report: &'a Report,
    figure: &'a Figure,
    province: &'a Province,
) -> Option<(Ranked<'a>, bool)> {
    let indicator = site.indicator(&figure.indicator)?;
    let own = central(figure.amount?);
    let converted = convert(site, own, &figure.unit, &indicator.unit);
    let ranked = Ranked {
        report,
        figure,
        province,
        value: converted.unwrap_or(own),
        rank: None,
    };
    Some((ranked, converted.is_some()))
}

/// How many of the site's provinces existed during `period`.
fn existing(site: &Site, period: Period) -> usize {
    let first_year = match period {
        Period::Year(y) | Period::ToQuarter(y, _) | Period::Span(y, _) => y,
    };
    site.provinces
        .iter()
        .filter(|p| p.valid_to.is_none_or(|d| d.year() >= first_year))
        .count()
}
