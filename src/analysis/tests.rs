use time::macros::date;

use super::*;
use crate::model::{
    ChangeUnit, Indicator, Lang, Province, Qualifier, SiteConfig, Source, Text, Unit,
};

/// A number with the decimals it is written with here: `2.9` has one.
fn num(value: f64) -> Number {
    let written = value.to_string();
    let decimals = written.split_once('.').map_or(0, |(_, f)| f.len());
    Number::new(value, decimals as u8)
}

fn value(v: f64) -> Amount {
    Amount::Value(num(v))
}

fn figure(amount: Option<f64>, target: Option<f64>, period: Period) -> Figure {
    Figure {
        indicator: "unemployment".into(),
        amount: amount.map(value),
        unit: "percent".into(),
        qualifier: None,
        estimate: false,
        period,
        target: target.map(value),
        target_qualifier: None,
        achievement: None,
        previous: None,
        change: None,
        note: Text::default(),
    }
}

fn stated(percent: f64, period: Period) -> Figure {
    Figure {
        achievement: Some(Achievement {
            percent: num(percent),
            stated: true,
        }),
        ..figure(None, None, period)
    }
}

const YEAR: Period = Period::Year(2023);
const NINE_MONTHS: Period = Period::ToQuarter(2017, 3);

#[test]
fn a_below_3_percent_plan_is_a_ceiling_for_unemployment() {
    let mut plan = figure(Some(2.9), Some(3.0), YEAR);
    plan.target_qualifier = Some(Qualifier::Below);
    assert_eq!(verdict(&plan, Better::Lower), Verdict::Met);
    assert_eq!(
        verdict(&figure(Some(3.0), Some(3.0), YEAR), Better::Lower),
        Verdict::Met
    );
    assert_eq!(
        verdict(&figure(Some(3.2), Some(3.0), YEAR), Better::Lower),
        Verdict::NotMet
    );
}

#[test]
fn higher_is_better_plans_are_levels_to_reach() {
    assert_eq!(
        verdict(&figure(Some(18382.0), Some(18000.0), YEAR), Better::Higher),
        Verdict::Met
    );
    assert_eq!(
        verdict(&figure(Some(17000.0), Some(18000.0), YEAR), Better::Higher),
        Verdict::NotMet
    );
}

#[test]
fn a_part_year_figure_short_of_the_annual_plan_is_in_progress_not_a_miss() {
    assert_eq!(
        verdict(&stated(79.3, NINE_MONTHS), Better::Higher),
        Verdict::InProgress
    );
    assert_eq!(
        verdict(
            &figure(Some(14000.0), Some(18000.0), NINE_MONTHS),
            Better::Higher
        ),
        Verdict::InProgress
    );
    assert_eq!(
        verdict(&stated(102.1, NINE_MONTHS), Better::Higher),
        Verdict::Met
    );
    assert_eq!(
        verdict(&stated(79.3, YEAR), Better::Higher),
        Verdict::NotMet
    );
}

#[test]
fn only_the_first_three_quarters_are_part_of_a_year() {
    assert!(part_year(Period::ToQuarter(2017, 1)));
    assert!(part_year(NINE_MONTHS));
    assert!(!part_year(Period::ToQuarter(2017, 4)));
    assert!(!part_year(YEAR));
    assert!(!part_year(Period::Span(2020, 2023)));
}

#[test]
fn a_figure_without_target_or_rate_has_no_plan() {
    assert_eq!(
        verdict(&figure(Some(4.0), None, YEAR), Better::Lower),
        Verdict::NoPlan
    );
    assert_eq!(Verdict::NoPlan.judged(), None);
}

#[test]
fn a_rate_of_plan_cannot_judge_a_ceiling() {
    // 95% of a lower-is-better plan could be under or over the ceiling.
    assert_eq!(
        verdict(&stated(95.0, YEAR), Better::Lower),
        Verdict::NotComparable
    );
    let mut range = figure(Some(3.5), None, YEAR);
    range.target = Some(Amount::Range(num(3.0), num(4.0)));
    assert_eq!(verdict(&range, Better::Lower), Verdict::NotComparable);
    assert_eq!(verdict(&range, Better::Higher), Verdict::Met);
}

#[test]
fn achievement_is_stated_or_value_over_target() {
    let (v, t) = (Some(value(18382.0)), Some(value(18000.0)));
    let computed = achievement(None, (v, t), None, Better::Higher).unwrap();
    assert_eq!(
        computed.percent,
        Number::new(102.1, 1),
        "rounded to one decimal"
    );
    assert_eq!(computed.origin(), "computed");
    let stated = Number::new(101.28, 2);
    assert_eq!(
        achievement(Some(stated), (v, t), None, Better::Higher),
        Some(Achievement {
            percent: stated,
            stated: true
        })
    );
    // Under a ceiling, value ÷ target is no rate of plan.
    let (v, t) = (Some(value(2.9)), Some(value(3.0)));
    assert_eq!(achievement(None, (v, t), None, Better::Lower), None);
    assert_eq!(computed_achievement(v, Some(value(0.0))), None);
    // Nor against a bound: "trên 95%" is met or not met.
    let (v, t) = (Some(value(96.2)), Some(value(95.0)));
    let over = Some(Qualifier::Over);
    assert_eq!(achievement(None, (v, t), over, Better::Higher), None);
}

#[test]
fn computed_numbers_are_rounded_by_one_rule() {
    assert_eq!(computed(103.16666, 1), Number::new(103.2, 1));
    assert_eq!(
        computed(100.0, 1),
        Number::new(100.0, 0),
        "no trailing zero"
    );
    assert_eq!(
        computed(-0.45, 1),
        Number::new(-0.5, 1),
        "half away from zero"
    );
    assert_eq!(computed(2.30, 2), Number::new(2.3, 1));
}

#[test]
fn coming_in_under_a_ceiling_charts_as_beating_the_plan() {
    let under = figure(Some(2.5), Some(3.0), YEAR);
    let percent = |f: &Figure, better| plan_percent(f, better).map(|a| a.percent);
    assert_eq!(percent(&under, Better::Lower), Some(Number::new(120.0, 0)));
    assert_eq!(
        percent(&stated(79.3, YEAR), Better::Higher),
        Some(Number::new(79.3, 1))
    );
}

#[test]
fn change_is_computed_from_the_previous_value_else_as_stated() {
    let mut fell = figure(Some(2.1), None, YEAR);
    fell.previous = Some((num(2.5), Some(Period::Year(2022))));
    let moved = movement(&fell).unwrap();
    assert_eq!(moved.delta(), Number::new(-0.4, 1));
    assert_eq!(moved.good(Better::Lower), Some(true));
    assert_eq!(moved.good(Better::Higher), Some(false));
    assert_eq!(moved.good(Better::Neutral), None);

    let mut rose = figure(Some(72.66), None, YEAR);
    rose.change = Some(Change {
        value: num(1.77),
        unit: ChangeUnit::Absolute,
        against: None,
    });
    let moved = movement(&rose).unwrap();
    assert!(matches!(moved, Movement::Stated(_)));
    assert_eq!(moved.good(Better::Higher), Some(true));
    assert_eq!(movement(&figure(Some(1.0), None, YEAR)), None);

    let mut held = figure(Some(3.0), None, YEAR);
    held.previous = Some((num(3.0), None));
    assert_eq!(movement(&held).unwrap().good(Better::Higher), None);
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).unwrap()
}

/// A text in Vietnamese and English.
fn both(vi: &str, en: &str) -> Text {
    let languages = [lang("vi"), lang("en")];
    Text::in_order(&languages, |l| {
        Some(if l == languages[0] { vi } else { en })
    })
}

fn unit(id: &str, kind: UnitKind, scale: Option<f64>) -> Unit {
    Unit {
        id: id.into(),
        label: both(id, id),
        symbol: None,
        kind,
        scale,
    }
}

fn province(slug: &str) -> Province {
    Province {
        slug: slug.into(),
        name: both(slug, slug),
        region: Text::default(),
        valid_to: None,
        successor: None,
        absorbed: Vec::new(),
    }
}

fn report(province: &str, period: Period, results: Vec<Figure>) -> Report {
    Report {
        province: province.into(),
        period,
        published: date!(2024 - 01 - 15),
        department: Text::default(),
        scope: Text::default(),
        source: Source {
            title: String::new(),
            publisher: String::new(),
            url: None,
            date: None,
        },
        results,
        breakdowns: Vec::new(),
        next: None,
        narratives: Vec::new(),
    }
}

fn site(better: Better, reports: Vec<Report>) -> Site {
    Site {
        config: SiteConfig {
            languages: vec![lang("vi"), lang("en")],
            title: Text::default(),
            description: Text::default(),
            base_url: "/".into(),
            publisher: Text::default(),
            licence: None,
            headline_indicators: Vec::new(),
        },
        units: vec![
            unit("percent", UnitKind::Percent, None),
            unit("pp", UnitKind::PercentagePoints, None),
            unit("million-vnd", UnitKind::Money, Some(1e6)),
            unit("billion-vnd", UnitKind::Money, Some(1e9)),
        ],
        groups: Vec::new(),
        indicators: vec![Indicator {
            id: "unemployment".into(),
            name: both("Tỷ lệ thất nghiệp", "Unemployment rate"),
            short: Text::default(),
            unit: "percent".into(),
            better,
            group: None,
            definition: Text::default(),
            part_of: None,
        }],
        provinces: vec![
            province("an-giang"),
            province("ben-tre"),
            province("ca-mau"),
        ],
        reports,
        index: Default::default(),
    }
}

#[test]
fn money_converts_by_scale_and_other_units_do_not() {
    let site = site(Better::Lower, Vec::new());
    assert_eq!(
        convert(&site, Number::new(30.028, 3), "billion-vnd", "million-vnd"),
        Some(Number::new(30028.0, 0))
    );
    assert_eq!(
        convert(&site, Number::new(500.0, 0), "million-vnd", "billion-vnd"),
        Some(Number::new(0.5, 1)),
        "a smaller unit's whole number keeps its digits in the larger one"
    );
    assert_eq!(
        convert(&site, num(1.5), "percent", "percent"),
        Some(num(1.5))
    );
    assert_eq!(convert(&site, num(1.77), "pp", "percent"), None);
    assert_eq!(convert(&site, num(1.0), "nowhere", "percent"), None);
}

#[test]
fn lower_is_better_rankings_put_the_lowest_first_and_skip_other_units() {
    let mut pp = figure(Some(0.5), None, YEAR);
    pp.unit = "pp".into();
    let site = site(
        Better::Lower,
        vec![
            report("an-giang", YEAR, vec![figure(Some(3.1), None, YEAR)]),
            report("ben-tre", YEAR, vec![figure(Some(2.2), None, YEAR)]),
            report(
                "ben-tre",
                Period::Year(2024),
                vec![figure(Some(2.0), None, Period::Year(2024))],
            ),
            report("ca-mau", YEAR, vec![pp]),
        ],
    );
    let rankings = Rankings::new(&site);
    let periods: Vec<Period> = rankings
        .of("unemployment")
        .iter()
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(periods, [Period::Year(2024), YEAR], "newest period first");
    let order: Vec<&str> = rankings
        .in_period("unemployment", YEAR)
        .unwrap()
        .list
        .iter()
        .map(|r| r.province.slug.as_str())
        .collect();
    assert_eq!(order, ["ben-tre", "an-giang"]);
    let latest: Vec<(&str, f64)> = rankings
        .latest("unemployment", Better::Lower)
        .list
        .iter()
        .map(|r| (r.province.slug.as_str(), r.value.value))
        .collect();
    assert_eq!(latest, [("ben-tre", 2.0), ("an-giang", 3.1)]);
    assert!(rankings.of("jobs").is_empty());
}

#[test]
fn a_ranking_shares_ties_places_bounds_without_a_rank_and_sets_other_units_apart() {
    let mut bound = figure(Some(4.0), None, YEAR);
    bound.qualifier = Some(Qualifier::Below);
    let mut pp = figure(Some(0.5), None, YEAR);
    pp.unit = "pp".into();
    let mut site = site(
        Better::Lower,
        vec![
            report("an-giang", YEAR, vec![bound]),
            report("ben-tre", YEAR, vec![figure(Some(2.2), None, YEAR)]),
            report("ca-mau", YEAR, vec![figure(Some(2.2), None, YEAR)]),
            report("dak-lak", YEAR, vec![figure(Some(3.5), None, YEAR)]),
            report("gia-lai", YEAR, vec![pp]),
        ],
    );
    site.provinces
        .extend(["dak-lak", "gia-lai", "ha-noi"].map(province));
    let rankings = Rankings::new(&site);
    let ranking = rankings.in_period("unemployment", YEAR).unwrap();
    let places: Vec<(&str, Option<usize>)> = ranking
        .list
        .iter()
        .map(|r| (r.province.slug.as_str(), r.rank))
        .collect();
    assert_eq!(
        places,
        [
            ("ben-tre", Some(1)),
            ("ca-mau", Some(1)),
            ("dak-lak", Some(3)),
            ("an-giang", None),
        ],
        "a tie shares its place; a bound is placed by its bound, with no rank"
    );
    assert_eq!(ranking.apart.len(), 1, "percentage points are set apart");
    assert_eq!(ranking.apart[0].province.slug, "gia-lai");
    assert_eq!((ranking.reported(), ranking.provinces), (5, 6));
    assert_eq!(ranking.ranked(), 3);
    assert!(ranking.is_chart());
}

#[test]
fn fewer_than_three_ranked_provinces_are_no_ranking_chart() {
    let mut bound = figure(Some(4.0), None, YEAR);
    bound.qualifier = Some(Qualifier::Below);
    let site = site(
        Better::Lower,
        vec![
            report("an-giang", YEAR, vec![bound]),
            report("ben-tre", YEAR, vec![figure(Some(2.2), None, YEAR)]),
            report("ca-mau", YEAR, vec![figure(Some(3.0), None, YEAR)]),
        ],
    );
    let rankings = Rankings::new(&site);
    let ranking = rankings.in_period("unemployment", YEAR).unwrap();
    assert_eq!((ranking.ranked(), ranking.reported()), (2, 3));
    assert!(!ranking.is_chart());
}

#[test]
fn a_bounded_plan_is_met_or_not_by_its_bound() {
    let judged = |value: f64, qualifier: Option<Qualifier>, plan: Qualifier, better| {
        let mut f = figure(Some(value), Some(3.0), YEAR);
        f.qualifier = qualifier;
        f.target_qualifier = Some(plan);
        verdict(&f, better)
    };
    assert_eq!(
        judged(2.4, None, Qualifier::Below, Better::Lower),
        Verdict::Met
    );
    assert_eq!(
        judged(3.0, None, Qualifier::Below, Better::Lower),
        Verdict::NotMet
    );
    assert_eq!(
        judged(2.0, Some(Qualifier::Below), Qualifier::Below, Better::Lower),
        Verdict::Met
    );
    assert_eq!(
        judged(4.0, Some(Qualifier::Below), Qualifier::Below, Better::Lower),
        Verdict::NotComparable,
        "under 4 may or may not be under 3"
    );
    assert_eq!(
        judged(3.5, None, Qualifier::Over, Better::Higher),
        Verdict::Met
    );
    assert_eq!(
        judged(3.0, None, Qualifier::Over, Better::Higher),
        Verdict::NotMet
    );
    let mut plan = figure(Some(2.4), Some(3.0), YEAR);
    plan.target_qualifier = Some(Qualifier::Below);
    assert_eq!(plan_percent(&plan, Better::Lower), None, "no 125%");
}
