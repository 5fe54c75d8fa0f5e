//! A figure (a result or a target) and a breakdown of a report: numbers, units,
//! qualifiers, ranges, targets, achievement, change and periods.

use super::catalogue::Catalogue;
use super::fields::{Checked, Doc, Fields, Reported, require_all, text};
use super::numbers::{self, Written};
use super::schema::{LocalText, PeriodInput};
use crate::analysis;
use crate::messages::{Code, Message};
use crate::model::*;
use crate::yaml::{Kind, Node};

const FIGURE_KEYS: &[&str] = &[
    "indicator",
    "value",
    "range",
    "unit",
    "qualifier",
    "estimate",
    "period",
    "target",
    "target_range",
    "target_qualifier",
    "achievement",
    "exceeded_by",
    "previous",
    "previous_period",
    "change",
    "change_unit",
    "change_against",
    "note",
];

/// A figure of the report's `period` (`None` when the report's own is wrong).
/// `Ok(None)` for an entry that names its indicator and nothing else, as `baocao
/// new` writes it: not entered yet, so not published.
pub(super) fn figure(
    doc: &Doc,
    node: &Node,
    path: &str,
    period: Option<Period>,
    cat: &Catalogue,
) -> Checked<Option<Figure>> {
    let f = doc.fields(node, path, FIGURE_KEYS)?;
    let indicator = f
        .required::<String>("indicator")
        .and_then(|id| cat.indicator(doc, f.node("indicator").unwrap_or(node), &id));
    if is_placeholder(node) {
        return indicator.and(f.clean).map(|_| None);
    }
    let unit = unit(doc, &f, indicator, cat);
    // Numbers count in the unit written, even a mismatched one; without one, as scores.
    let kind = f
        .node("unit")
        .and_then(Node::raw)
        .or(indicator.as_ref().ok().map(|i| i.unit.as_str()))
        .and_then(|id| cat.units.iter().find(|u| u.id == id))
        .map_or(UnitKind::Score, |u| u.kind);
    let amounts = amounts(doc, &f, kind);
    let figure_period = read_period(doc, &f, "period").map(|p| p.or(period));
    let previous = number(doc, &f, "previous", kind);
    let previous_period = read_period(doc, &f, "previous_period");
    let change = change(doc, &f, unit.as_ref().ok(), kind);
    let (qualifier, estimate, target_qualifier, note) = (
        f.optional::<Qualifier>("qualifier"),
        f.or_default::<bool>("estimate"),
        f.optional::<Qualifier>("target_qualifier"),
        f.or_default::<LocalText>("note"),
    );
    let (indicator, unit, (amount, target, stated)) = (indicator?, unit?, amounts?);
    let target_qualifier = target_qualifier?;
    f.clean?;
    let note = text(doc, &note?);
    let achievement = achievement(
        doc,
        &f,
        (indicator, target_qualifier),
        (amount, target, stated),
        !note.is_empty(),
    )?;
    let previous_period = previous_period?;
    let previous = previous?.map(|v| (v, previous_period));
    Ok(Some(Figure {
        indicator: indicator.id.clone(),
        amount,
        unit: unit.id.clone(),
        qualifier: qualifier?,
        estimate: estimate?,
        period: figure_period?.ok_or(Reported)?,
        target,
        target_qualifier,
        achievement,
        previous,
        change: change?,
        note,
    }))
}

/// Only `indicator:` has a value.
fn is_placeholder(node: &Node) -> bool {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .all(|e| e.key == "indicator" || e.value.is_null()),
        _ => false,
    }
}

/// The figure's unit: its own, or the indicator's; it must measure the same kind of thing.
fn unit<'c>(
    doc: &Doc,
    f: &Fields,
    indicator: Checked<&Indicator>,
    cat: &'c Catalogue,
) -> Checked<&'c Unit> {
    let own = f.optional::<String>("unit")?;
    let at = f.node("unit").unwrap_or(f.node);
    let Some(id) = own
        .as_deref()
        .or(indicator.as_ref().ok().map(|i| i.unit.as_str()))
    else {
        return Err(Reported);
    };
    let unit = cat.unit(doc, at, id)?;
    let Ok(indicator) = indicator else {
        return Ok(unit);
    };
    let indicator_kind = cat
        .units
        .iter()
        .find(|u| u.id == indicator.unit)
        .map(|u| u.kind);
    if indicator_kind.is_some_and(|k| k != unit.kind) {
        let message = Message::new(Code::UnitOtherKind)
            .arg("unit", id)
            .arg("indicator_unit", &indicator.unit)
            .arg("indicator", &indicator.id);
        return Err(doc.error(at, message, Code::UnitOtherKindHint));
    }
    Ok(unit)
}

/// The amount, the target and the stated achievement, each as written.
type Amounts = (Option<Amount>, Option<Amount>, Option<Number>);

fn amounts(doc: &Doc, f: &Fields, kind: UnitKind) -> Checked<Amounts> {
    let value = number(doc, f, "value", kind).map(|v| v.map(Amount::Value));
    let values = range(doc, f, "range", kind);
    let target = number(doc, f, "target", kind).map(|v| v.map(Amount::Value));
    let target_range = range(doc, f, "target_range", kind);
    let stated = stated_achievement(doc, f);
    let amount = one_of(doc, f, (value, values), "range", Code::FigureValueAndRange);
    let target = one_of(
        doc,
        f,
        (target, target_range),
        "target_range",
        Code::FigureTargetAndRange,
    );
    let (amount, target, stated) = (amount?, target?, stated?);
    if amount.is_none() && stated.is_none() {
        let indicator = f.node("indicator").and_then(Node::raw).unwrap_or_default();
        return Err(doc.error(
            f.node,
            Message::new(Code::FigureNoNumber).arg("indicator", indicator),
            Code::FigureNoNumberHint,
        ));
    }
    Ok((amount, target, stated))
}

/// The rate of plan as the source states it: `achievement: 114.1`, or for
/// "vượt 14,1% kế hoạch" `exceeded_by: 14.1`.
fn stated_achievement(doc: &Doc, f: &Fields) -> Checked<Option<Number>> {
    let rate = number(doc, f, "achievement", UnitKind::PercentagePoints);
    let above = number(doc, f, "exceeded_by", UnitKind::PercentagePoints);
    match (rate?, above?) {
        (Some(_), Some(_)) => Err(doc.error(
            f.node("exceeded_by").unwrap_or(f.node),
            Code::FigureAchievementAndExceeded,
            Code::FigureAchievementAndExceededHint,
        )),
        (rate, above) => Ok(rate.or(above.map(|x| Number::new(100.0 + x.value, x.decimals)))),
    }
}

/// A single value or a range, not both.
fn one_of(
    doc: &Doc,
    f: &Fields,
    (single, range): (Checked<Option<Amount>>, Checked<Option<Amount>>),
    range_key: &str,
    message: Code,
) -> Checked<Option<Amount>> {
    match (single?, range?) {
        (Some(_), Some(_)) => Err(doc.error_alone(f.node(range_key).unwrap_or(f.node), message)),
        (single, range) => Ok(single.or(range)),
    }
}

/// A number as written, checked against the kind of unit it counts in.
fn number(doc: &Doc, f: &Fields, key: &str, kind: UnitKind) -> Checked<Option<Number>> {
    f.node(key)
        .map(|node| read_number(doc, node, &f.path(key), kind))
        .transpose()
}

/// The number a scalar means, bare or quoted (see [`numbers`]).
fn read_number(doc: &Doc, node: &Node, path: &str, kind: UnitKind) -> Checked<Number> {
    read_scalar(doc, node, path, |written| numbers::read(written, kind))
}

/// A scalar as written, read by `read`, with the decimals written; its mistake
/// reported at the scalar.
fn read_scalar(
    doc: &Doc,
    node: &Node,
    path: &str,
    read: impl FnOnce(Written) -> Result<f64, numbers::NumberMistake>,
) -> Checked<Number> {
    let Kind::Scalar { text, plain } = &node.kind else {
        doc.push(node.wrong_shape(doc.file, path, "a number"));
        return Err(Reported);
    };
    let yaml = plain
        .then(|| node.deserialize::<f64>(doc.file, path).ok())
        .flatten();
    let written = Written {
        text,
        quoted: !plain,
        yaml,
    };
    read(written)
        .map(|value| Number::new(value, numbers::decimals(written)))
        .map_err(|mistake| doc.error(node, mistake.message, mistake.hint))
}

/// `[1, 1.5]`: two numbers, the smaller first.
fn range(doc: &Doc, f: &Fields, key: &str, kind: UnitKind) -> Checked<Option<Amount>> {
    let Some(node) = f.node(key) else {
        return Ok(None);
    };
    let items = f.list(key)?;
    let wrong = || doc.error(node, Code::FigureRange, Code::FigureRangeHint);
    let [(a, a_path), (b, b_path)] = items.as_slice() else {
        return Err(wrong());
    };
    let (low, high) = (
        read_number(doc, a, a_path, kind),
        read_number(doc, b, b_path, kind),
    );
    match (low?, high?) {
        (low, high) if low.value < high.value => Ok(Some(Amount::Range(low, high))),
        _ => Err(wrong()),
    }
}

/// The achievement as stated, or computed from value and target when more is better.
/// A stated rate that value ÷ target contradicts is an error, unless a `note` explains
/// the source's number: the page then shows both.
fn achievement(
    doc: &Doc,
    f: &Fields,
    (indicator, target_qualifier): (&Indicator, Option<Qualifier>),
    (amount, target, stated): Amounts,
    noted: bool,
) -> Checked<Option<Achievement>> {
    let computed = analysis::computed_achievement(amount, target);
    if let (Some(stated), Some(computed)) = (stated, computed)
        && indicator.better != Better::Lower
        && analysis::contradicts(stated, computed)
        && !noted
    {
        let at = f
            .node("achievement")
            .or(f.node("exceeded_by"))
            .unwrap_or(f.node);
        let (stated, computed) = (stated.value, computed.value);
        let hint = if stated < 100.0 && computed >= 100.0 {
            Message::new(Code::FigureAchievementExceededHint)
                .arg("stated", stated)
                .arg("plan", 100.0 + stated)
        } else {
            Code::FigureAchievementCheckHint.into()
        };
        let message = Message::new(Code::FigureAchievementContradicts)
            .arg("stated", stated)
            .arg("computed", format!("{computed:.1}"));
        return Err(doc.error(at, message, hint));
    }
    Ok(analysis::achievement(
        stated,
        (amount, target),
        target_qualifier,
        indicator.better,
    ))
}

/// A change as stated, in per cent or in the figure's own unit.
fn change(doc: &Doc, f: &Fields, unit: Option<&&Unit>, kind: UnitKind) -> Checked<Option<Change>> {
    let relative = f.node("change_unit").and_then(Node::raw) == Some("percent");
    let value = f
        .node("change")
        .map(|node| {
            read_scalar(doc, node, &f.path("change"), |written| {
                numbers::read_change(written, kind, relative)
            })
        })
        .transpose();
    let against = read_period(doc, f, "change_against");
    let change_unit = f.optional::<String>("change_unit");
    let (Some(value), against, change_unit) = (value?, against?, change_unit?) else {
        return Ok(None);
    };
    let unit_id = unit.map(|u| u.id.as_str()).ok_or(Reported)?;
    let unit = match change_unit.as_deref() {
        Some("percent") => ChangeUnit::Percent,
        None | Some("percentage-points") => ChangeUnit::Absolute,
        Some(id) if id == unit_id => ChangeUnit::Absolute,
        Some(other) => {
            let own = if kind == UnitKind::Percent {
                "percentage-points"
            } else {
                unit_id
            };
            return Err(doc.error(
                f.node("change_unit").unwrap_or(f.node),
                Message::new(Code::FigureChangeUnit).arg("unit", other),
                Message::new(Code::FigureChangeUnitHint).arg("own", own),
            ));
        }
    };
    Ok(Some(Change {
        value,
        unit,
        against,
    }))
}

/// A period at `key`: `2023`, `2017-q3` or `2020-2023`.
pub(super) fn read_period(doc: &Doc, f: &Fields, key: &str) -> Checked<Option<Period>> {
    let (Some(input), Some(node)) = (f.optional::<PeriodInput>(key)?, f.node(key)) else {
        return Ok(None);
    };
    Period::parse(&input.0)
        .map(Some)
        .map_err(|message| doc.error(node, message, Code::PeriodHint))
}

/// A breakdown of an indicator's total into parts.
pub(super) fn breakdown(
    doc: &Doc,
    node: &Node,
    path: &str,
    period: Option<Period>,
    cat: &Catalogue,
) -> Checked<Breakdown> {
    let f = doc.fields(
        node,
        path,
        &["indicator", "by", "total", "period", "parts", "note"],
    )?;
    let indicator = f
        .required::<String>("indicator")
        .and_then(|id| cat.indicator(doc, f.node("indicator").unwrap_or(node), &id));
    let kind = indicator
        .ok()
        .and_then(|i| cat.units.iter().find(|u| u.id == i.unit))
        .map_or(UnitKind::Score, |u| u.kind);
    let by = f.name("by");
    let total = number(doc, &f, "total", kind);
    let parts = f.present("parts").and(f.list("parts")).and_then(|items| {
        let read: Vec<Checked<Part>> = items
            .into_iter()
            .map(|(node, path)| part(doc, node, &path, kind, cat))
            .collect();
        read.into_iter().collect::<Checked<Vec<_>>>()
    });
    let (by, total, note) = (by, total, f.text("note"));
    let own_period = read_period(doc, &f, "period");
    f.clean?;
    Ok(Breakdown {
        indicator: indicator?.id.clone(),
        by: by?,
        total: total?,
        period: own_period?.or(period).ok_or(Reported)?,
        parts: parts?,
        note: note?,
    })
}

fn part(doc: &Doc, node: &Node, path: &str, kind: UnitKind, cat: &Catalogue) -> Checked<Part> {
    let f = doc.fields(node, path, &["label", "indicator", "value", "qualifier"])?;
    let value = f
        .present("value")
        .and_then(|at| read_number(doc, at, &f.path("value"), kind));
    let label = f.or_default::<LocalText>("label");
    let indicator = f.optional::<String>("indicator");
    let qualifier = f.optional::<Qualifier>("qualifier");
    let (label, indicator, qualifier) = (label?, indicator?, qualifier?);
    let shown = match &indicator {
        Some(id) => {
            let found = cat.indicator(doc, f.node("indicator").unwrap_or(node), id)?;
            let label = text(doc, &label);
            if label.is_empty() {
                found.short.or(&found.name, &doc.languages)
            } else {
                label
            }
        }
        None if text(doc, &label).is_empty() => {
            return Err(doc.error_alone(node, Code::PartNoLabel));
        }
        None => {
            require_all(doc, f.node("label").unwrap_or(node), &label);
            text(doc, &label)
        }
    };
    f.clean?;
    Ok(Part {
        label: shown,
        indicator,
        value: value?,
        qualifier,
    })
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{indicators, units};
    use super::super::fields::tests::{lines, tree, vi_en};
    use super::*;
    use std::path::Path;

    const UNITS: &str = "units:
  - {id: persons, label: {vi: người, en: persons}, kind: count}
  - {id: person-times, label: {vi: lượt người, en: person-times}, kind: count}
  - {id: percent, label: {vi: phần trăm, en: per cent}, symbol: '%', kind: percent}
  - {id: billion-vnd, label: {vi: tỷ đồng, en: billion VND}, kind: money}
";
    const INDICATORS: &str = "indicators:
  - {id: jobs_created, name: {vi: Việc làm, en: Jobs}, unit: persons, better: higher}
  - {id: workers_abroad, name: {vi: Đi làm việc ở nước ngoài, en: Abroad}, unit: persons, better: higher}
  - {id: unemployment_rate, name: {vi: Thất nghiệp, en: Unemployment}, unit: percent, better: lower}
  - {id: funds, name: {vi: Quỹ, en: Funds}, unit: billion-vnd, better: higher}
";

    fn catalogue() -> Catalogue {
        let doc = Doc::new(Path::new("c.yaml"), &vi_en());
        let mut cat = Catalogue::default();
        (cat.units, _) = units(&doc, &tree(UNITS));
        indicators(&doc, &tree(INDICATORS), &mut cat);
        assert!(doc.into_problems().is_empty());
        cat
    }

    /// The figure written in `yaml`, for the year 2023, and the problems as `check` shows them.
    fn read(yaml: &str) -> (Checked<Option<Figure>>, Vec<String>) {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let figure = figure(
            &doc,
            &tree(yaml),
            "results[0]",
            Some(Period::Year(2023)),
            &catalogue(),
        );
        (figure, lines(doc))
    }

    fn valid(yaml: &str) -> Figure {
        let (figure, problems) = read(yaml);
        assert_eq!(problems, Vec::<String>::new());
        figure.unwrap().unwrap()
    }

    #[test]
    fn value_and_target_give_the_computed_achievement() {
        let figure = valid("indicator: jobs_created\nvalue: 18382\ntarget: 18000\n");
        assert_eq!(figure.amount, Some(Amount::Value(Number::whole(18382.0))));
        assert_eq!(figure.target, Some(Amount::Value(Number::whole(18000.0))));
        let achievement = figure.achievement.unwrap();
        assert!(!achievement.stated);
        assert_eq!(achievement.percent, Number::new(102.1, 1));
        assert_eq!(figure.period, Period::Year(2023));
        assert_eq!(figure.unit, "persons");
    }

    #[test]
    fn a_stated_achievement_alone_is_a_figure() {
        let figure = valid("indicator: jobs_created\nachievement: 79.3\n");
        assert_eq!(figure.amount, None);
        assert_eq!(
            figure.achievement,
            Some(Achievement {
                percent: Number::new(79.3, 1),
                stated: true
            })
        );
    }

    #[test]
    fn a_stated_achievement_that_value_over_target_contradicts_is_an_error() {
        let (figure, problems) =
            read("indicator: jobs_created\nvalue: 18382\ntarget: 18000\nachievement: 110\n");
        assert!(figure.is_err());
        assert_eq!(
            problems,
            ["4:14: error: the stated achievement 110% contradicts value ÷ target = 102.1%"]
        );
        // "vượt 14,1% kế hoạch" written as the achievement gets the fix in its hint.
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root =
            tree("indicator: jobs_created\nvalue: 11410\ntarget: 10000\nachievement: 14.1\n");
        assert!(figure_of(&doc, &root).is_err());
        let problems = doc.into_problems().into_sorted();
        assert!(
            problems[0].hint.as_ref().unwrap().to_string().starts_with(
                "\"vượt 14.1% kế hoạch\" is 114.1% of the plan: write `exceeded_by: 14.1`"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn a_note_lets_a_contradicting_achievement_through() {
        let figure = valid(
            "indicator: jobs_created\nvalue: 18382\ntarget: 18000\nachievement: 110\nnote: {vi: Bài viết ghi 110%., en: The article says 110%.}\n",
        );
        assert_eq!(figure.achievement.unwrap().percent.value, 110.0);
    }

    #[test]
    fn exceeded_by_is_the_rate_of_plan_above_one_hundred() {
        let figure =
            valid("indicator: jobs_created\nvalue: 11410\ntarget: 10000\nexceeded_by: 14.1\n");
        let achievement = figure.achievement.unwrap();
        assert!(achievement.stated);
        assert_eq!(achievement.percent, Number::new(114.1, 1));
        let (_, problems) =
            read("indicator: jobs_created\nachievement: 114.1\nexceeded_by: 14.1\n");
        assert_eq!(
            problems,
            ["3:14: error: a figure has either an `achievement` or an `exceeded_by`, not both"]
        );
    }

    fn figure_of(doc: &Doc, root: &Node) -> Checked<Option<Figure>> {
        figure(
            doc,
            root,
            "results[0]",
            Some(Period::Year(2023)),
            &catalogue(),
        )
    }

    #[test]
    fn thousands_separator_in_a_count_is_an_error_at_the_number() {
        let (figure, problems) = read("indicator: jobs_created\nvalue: 13.989\ntarget: 18.000\n");
        assert!(figure.is_err());
        assert_eq!(
            problems,
            [
                "2:8: error: `13.989` is read as 13.989, not 13989: this figure counts whole things",
                "3:9: error: `18.000` is read as 18, not 18000: this figure counts whole things",
            ]
        );
    }

    #[test]
    fn decimal_comma_is_an_error_and_the_dot_is_read() {
        let (_, problems) = read("indicator: unemployment_rate\nvalue: 72,66\n");
        assert_eq!(
            problems,
            ["2:8: error: `72,66` is written with a decimal comma"]
        );
        let figure = valid("indicator: unemployment_rate\nvalue: 72.66\n");
        assert_eq!(figure.amount, Some(Amount::Value(Number::new(72.66, 2))));
        // Money copied in quotes as the article prints it keeps its decimals.
        let figure = valid("indicator: funds\nvalue: \"30,028\"\n");
        assert_eq!(figure.amount, Some(Amount::Value(Number::new(30.028, 3))));
        let figure = valid("indicator: jobs_created\nvalue: \"13.989\"\n");
        assert_eq!(figure.amount, Some(Amount::Value(Number::whole(13989.0))));
        // A zero the source wrote is a decimal it gave.
        let figure = valid("indicator: unemployment_rate\nvalue: \"2,40\"\nachievement: 101.28\n");
        assert_eq!(figure.amount, Some(Amount::Value(Number::new(2.4, 2))));
        assert_eq!(figure.achievement.unwrap().percent, Number::new(101.28, 2));
    }

    #[test]
    fn qualifiers_are_read_and_an_unknown_one_is_named() {
        let figure = valid(
            "indicator: unemployment_rate\nvalue: 4\nqualifier: below\ntarget_qualifier: about\ntarget: 4.5\n",
        );
        assert_eq!(figure.qualifier, Some(Qualifier::Below));
        assert_eq!(figure.target_qualifier, Some(Qualifier::About));
        // Lower is better: no achievement is computed from value and target.
        assert_eq!(figure.achievement, None);
        // The words of the articles are accepted too.
        for (word, qualifier) in [
            ("gần", Qualifier::Nearly),
            ("hơn", Qualifier::Over),
            ("ước", Qualifier::About),
        ] {
            let figure = valid(&format!(
                "indicator: jobs_created\nvalue: 100\nqualifier: {word}\n"
            ));
            assert_eq!(figure.qualifier, Some(qualifier));
        }
        let (_, problems) = read("indicator: jobs_created\nvalue: 100\nqualifier: nearly-over\n");
        assert_eq!(
            problems,
            ["3:12: error: `qualifier` of the 1st figure cannot be `nearly-over`"]
        );
    }

    #[test]
    fn a_unit_of_another_kind_is_refused_and_one_of_the_same_kind_kept() {
        let figure = valid("indicator: jobs_created\nvalue: 20000\nunit: person-times\n");
        assert_eq!(figure.unit, "person-times");
        let (_, problems) = read("indicator: jobs_created\nvalue: 20\nunit: percent\n");
        assert_eq!(
            problems,
            [
                "3:7: error: `percent` does not measure the same thing as `persons`, the unit of jobs_created"
            ]
        );
        let (_, problems) = read("indicator: jobs_created\nvalue: 20000\nunit: persons-times\n");
        assert_eq!(problems, ["3:7: error: there is no unit `persons-times`"]);
    }

    #[test]
    fn ranges_and_target_ranges_need_two_numbers_smaller_first() {
        let figure = valid("indicator: unemployment_rate\nrange: [1, 1.5]\ntarget_range: [2, 3]\n");
        let range = |a, b| Some(Amount::Range(Number::whole(a), b));
        assert_eq!(figure.amount, range(1.0, Number::new(1.5, 1)));
        assert_eq!(figure.target, range(2.0, Number::whole(3.0)));
        let (_, problems) =
            read("indicator: unemployment_rate\nrange: [1.5, 1]\ntarget_range: [2]\n");
        assert_eq!(
            problems,
            [
                "2:8: error: a range needs two numbers, the smaller first",
                "3:15: error: a range needs two numbers, the smaller first",
            ]
        );
        let (_, problems) = read("indicator: unemployment_rate\nvalue: 1\nrange: [1, 2]\n");
        assert_eq!(
            problems,
            ["3:8: error: a figure has either a `value` or a `range`, not both"]
        );
    }

    #[test]
    fn periods_of_a_figure_are_checked_with_a_hint() {
        let figure = valid(
            "indicator: jobs_created\nvalue: 1\nperiod: 2020-2023\nprevious: 2\nprevious_period: 2017-q3\n",
        );
        assert_eq!(figure.period, Period::Span(2020, 2023));
        assert_eq!(
            figure.previous,
            Some((Number::whole(2.0), Some(Period::ToQuarter(2017, 3))))
        );
        let (_, problems) = read(
            "indicator: jobs_created\nvalue: 1\nperiod: 2017-q5\nchange: 3\nchange_against: 2023-2020\n",
        );
        assert_eq!(
            problems,
            [
                "3:9: error: `2017-q5` names a quarter that does not exist",
                "5:17: error: in `2023-2020` the first year must come before the last",
            ]
        );
    }

    #[test]
    fn every_mistake_of_a_figure_is_reported_together() {
        let (figure, problems) = read(
            "indicator: jobs_created\nvalue: 13.989\nestimate: yes\nqualifier: roughly\ntarget: 12,5\nvaleu: 1\n",
        );
        assert!(figure.is_err());
        assert_eq!(
            problems,
            [
                "2:8: error: `13.989` is read as 13.989, not 13989: this figure counts whole things",
                "3:11: error: `estimate` of the 1st figure must be true or false, not the text \"yes\"",
                "4:12: error: `qualifier` of the 1st figure cannot be `roughly`",
                "5:9: error: `12,5` is not a whole number, but this figure counts whole things",
                "6:1: error: unknown key `valeu` in the 1st figure",
            ]
        );
    }

    #[test]
    fn an_entry_with_only_its_indicator_is_not_published() {
        assert_eq!(
            read("indicator: jobs_created\nvalue:\ntarget:\n"),
            (Ok(None), vec![])
        );
        let (_, problems) = read("indicator: jobs_created\ntarget: 100\n");
        assert_eq!(
            problems,
            ["1:1: error: the figure for `jobs_created` has no number"]
        );
    }

    #[test]
    fn a_change_is_in_per_cent_or_in_the_figures_own_unit() {
        let figure = valid(
            "indicator: unemployment_rate\nvalue: 3.02\nchange: -1.33\nchange_unit: percentage-points\n",
        );
        assert_eq!(
            figure.change,
            Some(Change {
                value: Number::new(-1.33, 2),
                unit: ChangeUnit::Absolute,
                against: None
            })
        );
        let (_, problems) =
            read("indicator: unemployment_rate\nvalue: 3.02\nchange: -1.33\nchange_unit: points\n");
        assert_eq!(
            problems,
            ["4:14: error: `points` is not a unit for a change of this figure"]
        );
    }

    fn read_breakdown(yaml: &str) -> (Checked<Breakdown>, Vec<String>) {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let breakdown = breakdown(
            &doc,
            &tree(yaml),
            "breakdowns[0]",
            Some(Period::Year(2023)),
            &catalogue(),
        );
        (breakdown, lines(doc))
    }

    #[test]
    fn a_breakdown_labels_its_parts_by_text_or_by_indicator() {
        let (breakdown, problems) = read_breakdown(
            "indicator: jobs_created\nby: {vi: nơi làm việc, en: workplace}\ntotal: 18382\nparts:\n  - {label: {vi: Trong tỉnh, en: In the province}, value: 15000}\n  - {indicator: workers_abroad, value: 3382}\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let breakdown = breakdown.unwrap();
        assert_eq!(breakdown.total, Some(Number::whole(18382.0)));
        assert_eq!(breakdown.parts_sum(), Number::whole(18382.0));
        assert_eq!(breakdown.parts[1].label.show(vi_en()[1]), "Abroad");
        assert_eq!(breakdown.period, Period::Year(2023));
    }

    #[test]
    fn every_mistake_of_a_breakdown_is_reported_together() {
        let (breakdown, problems) = read_breakdown(
            "indicator: jobs_created\nby: {vi: nơi, en: place}\nparts:\n  - {value: 15.000}\n  - {indicator: worker_abroad, value: 3382}\n  - {label: {en: Other}, value: 1}\n",
        );
        assert!(breakdown.is_err());
        assert_eq!(
            problems,
            [
                "4:6: error: a part needs a `label` (vi and en) or an `indicator`",
                "4:13: error: `15.000` is read as 15, not 15000: this figure counts whole things",
                "5:17: error: there is no indicator `worker_abroad`",
                "6:14: error: the Vietnamese text is missing",
            ]
        );
    }
}
