//! A report folder: report.yaml and its narratives, checked from their text.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::catalogue::Catalogue;
use super::fields::{Checked, Doc, Fields, Reported, add_text, date, text};
use super::figure::{breakdown, figure, read_period};
use super::read::Files;
use super::schema::LocalText;
use crate::diagnostics::{Problem, Problems};
use crate::messages::{Code, Message};
use crate::model::*;
use crate::yaml::{self, Node};

/// Where a report belongs, from its folder, and the provinces it may name.
pub(super) struct Place<'a> {
    pub province: &'a str,
    pub period: &'a str,
    pub provinces: &'a [&'a str],
    /// The site's languages, the default first.
    pub languages: &'a [Lang],
}

/// Loads one report folder. The report is `None` when it has any error.
pub(super) fn load_report(
    files: &Files,
    place: &Place,
    cat: &Catalogue,
) -> (Option<Report>, Problems) {
    let dir = PathBuf::from("provinces")
        .join(place.province)
        .join(place.period);
    let mut out = Problems::default();
    let yaml_path = dir.join("report.yaml");
    if !files.exists(&yaml_path) {
        out.push(
            Problem::error(files.shown(&dir), Code::ReportNoYaml).hint(Code::ReportNoYamlHint),
        );
        return (None, out);
    }
    let Some(text) = files.text(&yaml_path) else {
        return (None, out); // unreadable, and reported where it was read
    };
    let shown = files.shown(&yaml_path);
    let root = match yaml::parse_tree(&shown, text) {
        Ok(root) => root,
        Err(problem) => {
            out.push(problem);
            return (None, out);
        }
    };
    let doc = Doc::new(&shown, place.languages);
    let narratives = narratives(files, &dir, place.languages, &mut out);
    let report = report(&doc, &root, place, cat, narratives);
    out.extend(doc.into_problems());
    match report {
        Ok(report) if !out.has_errors() => (Some(report), out),
        _ => (None, out),
    }
}

const REPORT_KEYS: &[&str] = &[
    "province",
    "period",
    "published",
    "department",
    "scope",
    "source",
    "results",
    "breakdowns",
    "next",
];

fn report(
    doc: &Doc,
    root: &Node,
    place: &Place,
    cat: &Catalogue,
    narratives: Vec<(Lang, Narrative)>,
) -> Checked<Report> {
    let f = doc.fields(root, "", REPORT_KEYS)?;
    let province = province(doc, &f, place);
    let period = period(doc, &f, place);
    let own_period = period.as_ref().ok().copied();
    let published = f
        .required::<String>("published")
        .and_then(|d| date(doc, f.node("published").unwrap_or(root), &d));
    let source = source(doc, &f);
    let results = results(doc, &f, own_period, cat);
    let breakdowns = f.list("breakdowns").and_then(|items| {
        let read: Vec<Checked<Breakdown>> = items
            .into_iter()
            .map(|(node, path)| breakdown(doc, node, &path, own_period, cat))
            .collect();
        read.into_iter().collect()
    });
    let next = next(doc, &f, own_period, cat);
    let (department, scope) = (f.text("department"), f.text("scope"));
    f.clean?;
    Ok(Report {
        province: province?,
        period: period?,
        published: published?,
        department: department?,
        scope: scope?,
        source: source?,
        results: results?,
        breakdowns: breakdowns?,
        next: next?,
        narratives,
    })
}

/// The province must exist and be the folder's.
fn province(doc: &Doc, f: &Fields, place: &Place) -> Checked<String> {
    let province = f.required::<String>("province")?;
    let at = f.node("province").unwrap_or(f.node);
    if !place.provinces.contains(&province.as_str()) {
        let known = place.provinces.iter().copied();
        return Err(super::fields::unknown(
            doc,
            at,
            Code::NounProvince,
            &province,
            known,
            Code::KnownProvinces,
        ));
    }
    if province != place.province {
        let said = |code| {
            Message::new(code)
                .arg("folder", place.province)
                .arg("province", &province)
        };
        return Err(doc.error(
            at,
            said(Code::ReportProvinceMismatch),
            said(Code::ReportProvinceMismatchHint),
        ));
    }
    Ok(province)
}

/// The period must be the folder's.
fn period(doc: &Doc, f: &Fields, place: &Place) -> Checked<Period> {
    f.present("period")?;
    let period = read_period(doc, f, "period")?.ok_or(Reported)?;
    let folder = place.period;
    if period.id() != folder {
        let said = |code| {
            Message::new(code)
                .arg("folder", folder)
                .arg("period", period.id())
        };
        doc.error(
            f.node("period").unwrap_or(f.node),
            said(Code::ReportPeriodMismatch),
            said(Code::ReportPeriodMismatchHint),
        );
    }
    Ok(period)
}

fn source(doc: &Doc, f: &Fields) -> Checked<Source> {
    let node = f.present("source")?;
    let s = doc.fields(node, "source", &["title", "publisher", "url", "date"])?;
    let (title, publisher) = (
        s.required::<String>("title"),
        s.required::<String>("publisher"),
    );
    // `baocao new` leaves the source empty for the editor to fill in.
    for (key, value) in [("title", &title), ("publisher", &publisher)] {
        if value.as_ref().is_ok_and(|v| v.trim().is_empty()) {
            doc.warning(
                s.node(key).unwrap_or(node),
                Message::new(Code::SourceEmpty).arg("key", key),
                Code::SourceEmptyHint,
            );
        }
    }
    let url = s.optional::<String>("url");
    let day = s.optional::<String>("date").and_then(|d| {
        d.map(|d| date(doc, s.node("date").unwrap_or(node), &d))
            .transpose()
    });
    s.clean?;
    Ok(Source {
        title: title?,
        publisher: publisher?,
        url: url?,
        date: day?,
    })
}

/// The results, each indicator once per period.
fn results(doc: &Doc, f: &Fields, period: Option<Period>, cat: &Catalogue) -> Checked<Vec<Figure>> {
    let mut seen = HashSet::new();
    let figures: Vec<Checked<Option<Figure>>> = f
        .list("results")?
        .into_iter()
        .map(|(node, path)| {
            let figure = figure(doc, node, &path, period, cat)?;
            if let Some(figure) = &figure
                && !seen.insert((figure.indicator.clone(), figure.period))
            {
                let Figure {
                    indicator, period, ..
                } = figure;
                return Err(doc.error(
                    Fields::value_of(node, "indicator"),
                    Message::new(Code::FigureDuplicate)
                        .arg("indicator", indicator)
                        .arg("period", period),
                    Code::FigureDuplicateHint,
                ));
            }
            Ok(figure)
        })
        .collect();
    let figures = figures.into_iter().collect::<Checked<Vec<_>>>()?;
    Ok(figures.into_iter().flatten().collect())
}

/// The targets and key tasks for the period after the report's.
fn next(doc: &Doc, f: &Fields, period: Option<Period>, cat: &Catalogue) -> Checked<Option<Next>> {
    let Some(node) = f.node("next") else {
        return Ok(None);
    };
    let n = doc.fields(node, "next", &["period", "targets", "tasks"])?;
    let next_period = n
        .present("period")
        .and_then(|_| read_period(doc, &n, "period"))
        .and_then(|p| p.ok_or(Reported));
    if let (Ok(next), Some(own)) = (&next_period, period)
        && next.sort_key() <= own.sort_key()
    {
        doc.error(
            n.node("period").unwrap_or(node),
            Message::new(Code::NextNotAfter)
                .arg("next", next)
                .arg("own", own),
            Code::NextNotAfterHint,
        );
    }
    let targets = n.list("targets").and_then(|items| {
        let read: Vec<Checked<Option<Figure>>> = items
            .into_iter()
            .map(|(target, path)| figure(doc, target, &path, next_period.ok(), cat))
            .collect();
        read.into_iter().collect::<Checked<Vec<_>>>()
    });
    let tasks = tasks(doc, &n);
    n.clean?;
    let targets = targets?;
    let (period, targets, tasks) = (
        next_period?,
        targets.into_iter().flatten().collect::<Vec<_>>(),
        tasks?,
    );
    // A period alone, as `baocao new` writes it, has nothing to publish.
    if targets.is_empty() && tasks.is_empty() {
        return Ok(None);
    }
    Ok(Some(Next {
        period,
        targets,
        tasks,
    }))
}

/// Key tasks in the site's languages: the first is required, another missing is a warning.
fn tasks(doc: &Doc, n: &Fields) -> Checked<Vec<Text>> {
    let tasks: Vec<Checked<Text>> = n
        .list("tasks")?
        .into_iter()
        .map(|(node, path)| {
            use super::fields::FromNode;
            let task = text(doc, &LocalText::read(doc, node, &path)?);
            let Some((&first, others)) = doc.languages.split_first() else {
                return Ok(task);
            };
            if task.get(first).is_none() {
                let message = Message::new(Code::TaskMissing).lang("lang", first);
                return Err(doc.error(node, message, add_text(first)));
            }
            for &lang in others.iter().filter(|&&l| task.get(l).is_none()) {
                doc.warning(
                    node,
                    Message::new(Code::TaskUntranslated)
                        .lang("lang", lang)
                        .lang("first", first),
                    Message::new(Code::TaskUntranslatedHint)
                        .arg("code", lang)
                        .lang("first", first),
                );
            }
            Ok(task)
        })
        .collect();
    tasks.into_iter().collect()
}

/// The narratives in the site's languages, with a warning for each one missing and for
/// one in a language the site does not have.
fn narratives(
    files: &Files,
    dir: &Path,
    languages: &[Lang],
    out: &mut Problems,
) -> Vec<(Lang, Narrative)> {
    let found: Vec<(Lang, Narrative)> = languages
        .iter()
        .filter_map(|&lang| narrative(files, dir, lang, out).map(|n| (lang, n)))
        .collect();
    for (path, _) in files.texts.range(dir.to_path_buf()..) {
        if !path.starts_with(dir) {
            break;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let code = name
            .strip_prefix("report.")
            .and_then(|n| n.strip_suffix(".md"));
        if code.is_some_and(|code| !languages.iter().any(|l| l.code() == code)) {
            out.push(
                Problem::warning(files.shown(path), Code::NarrativeUnknownLanguage).hint(
                    Message::new(Code::NarrativeUnknownLanguageHint)
                        .arg("languages", codes(languages)),
                ),
            );
        }
    }
    // A narrative that is there but could not be read has its own error already.
    let absent = |lang: &Lang| !files.exists(dir.join(format!("report.{lang}.md")));
    let Some(&(present, _)) = found.first() else {
        if !languages.iter().all(absent) {
            return found;
        }
        let files_named: Vec<String> = languages.iter().map(|l| format!("report.{l}.md")).collect();
        out.push(
            Problem::warning(
                files.shown(dir),
                if languages.len() == 2 {
                    Code::NarrativeNoneEither
                } else {
                    Code::NarrativeNoneAny
                },
            )
            .hint(Message::new(Code::NarrativeNoneHint).with("files", and_list(&files_named))),
        );
        return found;
    };
    for &missing in languages
        .iter()
        .filter(|l| absent(l) && !found.iter().any(|(f, _)| f == *l))
    {
        out.push(
            Problem::warning(
                files.shown(dir.join(format!("report.{missing}.md"))),
                Message::new(Code::NarrativeMissing)
                    .lang("lang", missing)
                    .lang("present", present),
            )
            .hint(
                Message::new(Code::NarrativeMissingHint)
                    .arg("present", present)
                    .arg("missing", missing),
            ),
        );
    }
    found
}

/// The codes of `languages` as a list to write: `vi, en`.
fn codes(languages: &[Lang]) -> String {
    let codes: Vec<&str> = languages.iter().map(Lang::code).collect();
    codes.join(", ")
}

/// `a`, `a and b`, `a, b and c`, in the words of the language shown.
fn and_list(items: &[String]) -> Message {
    match items {
        [init @ .., last] if !init.is_empty() => Message::new(Code::And)
            .arg("init", init.join(", "))
            .arg("last", last),
        _ => Message::new(Code::Verbatim).arg("text", items.join("")),
    }
}

fn narrative(files: &Files, dir: &Path, lang: Lang, out: &mut Problems) -> Option<Narrative> {
    let path = dir.join(format!("report.{lang}.md"));
    let text = files.text(&path)?;
    let shown = files.shown(&path);
    let (narrative, problems) = parse_narrative(&shown, text);
    out.extend(problems);
    narrative
}

/// A narrative from its text: front matter (title, summary) and Markdown body.
fn parse_narrative(shown: &Path, text: &str) -> (Option<Narrative>, Problems) {
    let mut out = Problems::default();
    let (front, body) = match yaml::front_matter(shown, text) {
        Ok(split) => split,
        Err(problem) => {
            out.push(problem);
            return (None, out);
        }
    };
    if crate::markdown::nesting_depth(body) > crate::markdown::MAX_DEPTH {
        out.push(
            Problem::error(
                shown,
                Message::new(Code::NarrativeTooDeep).arg("depth", crate::markdown::MAX_DEPTH),
            )
            .hint(Code::NarrativeTooDeepHint),
        );
        return (None, out);
    }
    if !crate::markdown::has_prose(body) {
        out.push(Problem::warning(shown, Code::NarrativeEmpty).hint(Code::NarrativeEmptyHint));
        return (None, out);
    }
    let doc = Doc::new(shown, &[]);
    let read = |front: &Node| -> Checked<(Option<String>, Option<String>)> {
        let f = doc.fields(front, "", &["title", "summary"])?;
        let (title, summary) = (
            f.optional::<String>("title"),
            f.optional::<String>("summary"),
        );
        f.clean?;
        Ok((title?, summary?))
    };
    let read = front.as_ref().map_or(Ok((None, None)), read);
    if let Ok((None, _)) = read {
        out.push(
            Problem::warning(shown, Code::NarrativeNoTitle)
                .at(1, 1)
                .hint(Code::NarrativeNoTitleHint),
        );
    }
    out.extend(doc.into_problems());
    // The body is the end of the text: the lines before it are the front matter's.
    let body_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    let narrative = read.ok().map(|(title, summary)| Narrative {
        title,
        summary,
        markdown: body.to_string(),
        body_line,
    });
    (narrative, out)
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{indicators, units};
    use super::super::fields::tests::{tree, vi_en};
    use super::*;

    fn files(report_yaml: &str) -> Files {
        let mut files = Files {
            root: PathBuf::from("content"),
            ..Files::default()
        };
        let dir = Path::new("provinces/ben-tre/2023");
        files
            .texts
            .insert(dir.join("report.yaml"), Some(report_yaml.to_string()));
        files.texts.insert(
            dir.join("report.vi.md"),
            Some("---\ntitle: Năm 2023\n---\nNội dung.\n".into()),
        );
        files
    }

    fn load(report_yaml: &str) -> (Option<Report>, Vec<String>) {
        let doc = Doc::new(Path::new("c.yaml"), &vi_en());
        let mut cat = Catalogue::default();
        (cat.units, _) = units(
            &doc,
            &tree("units:\n  - {id: persons, label: {vi: người, en: persons}, kind: count}\n"),
        );
        indicators(
            &doc,
            &tree(
                "indicators:\n  - {id: jobs_created, name: {vi: Việc làm, en: Jobs}, unit: persons, better: higher}\n",
            ),
            &mut cat,
        );
        let languages = vi_en();
        let place = Place {
            province: "ben-tre",
            period: "2023",
            provinces: &["ben-tre", "vinh-long"],
            languages: &languages,
        };
        let (report, problems) = load_report(&files(report_yaml), &place, &cat);
        let shown: Vec<String> = problems
            .into_sorted()
            .iter()
            .map(|p| p.to_string().lines().next().unwrap().to_string())
            .collect();
        (report, shown)
    }

    const HEAD: &str = "province: ben-tre\nperiod: 2023\npublished: 2024-03-24\nsource: {title: Kết quả năm 2023, publisher: Báo}\n";

    #[test]
    fn a_valid_report_has_its_figures_tasks_and_narrative() {
        let (report, problems) = load(&format!(
            "{HEAD}results:\n  - {{indicator: jobs_created, value: 18382, target: 18000}}\nnext:\n  period: 2024\n  targets:\n    - {{indicator: jobs_created, value: 12500}}\n  tasks:\n    - {{vi: Đào tạo nghề., en: Vocational training.}}\n"
        ));
        assert_eq!(
            problems,
            [
                "content/provinces/ben-tre/2023/report.en.md: warning: the English narrative is missing; that page shows the Vietnamese text with a notice"
            ]
        );
        let report = report.unwrap();
        assert_eq!(report.period, Period::Year(2023));
        assert_eq!(report.published, time::macros::date!(2024 - 03 - 24));
        assert_eq!(
            report.results[0].amount,
            Some(Amount::Value(Number::whole(18382.0)))
        );
        let next = report.next.as_ref().unwrap();
        assert_eq!(
            (next.period, next.targets[0].period),
            (Period::Year(2024), Period::Year(2024))
        );
        let [vi, en] = [vi_en()[0], vi_en()[1]];
        assert_eq!(next.tasks[0].show(en), "Vocational training.");
        assert_eq!(
            report.narrative(vi).unwrap().title.as_deref(),
            Some("Năm 2023")
        );
    }

    #[test]
    fn a_report_with_mistakes_is_not_built_and_all_of_them_are_reported() {
        let (report, problems) = load(
            "province: vinh-long\nperiod: 2023-q5\npublished: 24/3/2024\nsource: {title: T, publisher: P}\nresults:\n  - {indicator: jobs_created, value: 18.382}\n  - {indicator: jobs_created, value: 1, estimate: maybe}\nnext:\n  period: 2022\n  tasks:\n    - {en: Training.}\n",
        );
        assert!(report.is_none());
        let at = "content/provinces/ben-tre/2023/report.yaml";
        assert_eq!(
            problems[1..],
            [
                format!(
                    "{at}:1:11: error: this report is in the folder of `ben-tre` but says it is about `vinh-long`"
                ),
                format!("{at}:2:9: error: `2023-q5` names a quarter that does not exist"),
                format!("{at}:3:12: error: `24/3/2024` is not a date"),
                format!(
                    "{at}:6:38: error: `18.382` is read as 18.382, not 18382: this figure counts whole things"
                ),
                format!(
                    "{at}:7:51: error: `estimate` of the 2nd figure (`jobs_created`) must be true or false, not the text \"maybe\""
                ),
                format!("{at}:11:8: error: this key task has no Vietnamese text"),
            ]
        );
    }

    #[test]
    fn a_figure_given_twice_for_a_period_is_an_error() {
        let (report, problems) = load(&format!(
            "{HEAD}results:\n  - {{indicator: jobs_created, value: 1}}\n  - {{indicator: jobs_created, value: 2}}\n"
        ));
        assert!(report.is_none());
        assert_eq!(
            problems[1],
            "content/provinces/ben-tre/2023/report.yaml:7:17: error: `jobs_created` is given twice for 2023"
        );
    }

    #[test]
    fn the_coming_period_must_end_after_the_report() {
        let (_, problems) = load(&format!("{HEAD}next:\n  period: 2023\n"));
        assert_eq!(
            problems[1],
            "content/provinces/ben-tre/2023/report.yaml:6:11: error: the coming period `2023` must end after the report's `2023`"
        );
    }

    #[test]
    fn a_narrative_without_a_title_is_a_warning() {
        let (narrative, problems) =
            parse_narrative(Path::new("report.vi.md"), "Chỉ có nội dung.\n");
        assert_eq!(narrative.unwrap().markdown, "Chỉ có nội dung.\n");
        let problems: Vec<String> = problems.iter().map(|p| p.message.to_string()).collect();
        assert_eq!(
            problems,
            ["this narrative has no title; the page uses the province and period"]
        );
    }
}
