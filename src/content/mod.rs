//! Loading and validating the content folder into a [`Site`].
//!
//! [`read::read_folder`] reads the files; everything else works on their text,
//! so that each rule can be tested without a disk. Every problem is collected
//! with its file, line and column; the site exists only when there is no error.

mod catalogue;
mod fields;
mod figure;
pub mod numbers;
mod province;
mod read;
mod report;
pub mod schema;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Problems;
use crate::model::*;
use crate::yaml::{self, Node};
use catalogue::Catalogue;
pub(crate) use catalogue::normalise_base_url;
use fields::Doc;
use read::Files;
pub use read::Read;
use report::{Place, load_report};

/// Loads the content folder. The site is `None` when any problem is an error.
pub fn load(content_dir: &Path) -> (Option<Site>, Problems) {
    load_reusing(content_dir, None, Read::default())
}

/// The reports of the last load, each by a hash of everything it was read from: its
/// folder's files, the catalogue and site files, the provinces and the languages. A
/// load that is given it parses only the reports whose inputs changed, and keeps the
/// others' reports and problems as they were.
///
/// `serve` keeps one in memory between two saves ([`Memo::default`]). A `baocao
/// build` reads the one the rebuild cache saved ([`Memo::later`]) and saves the next
/// from the site it loaded ([`Memo::clean`]): it holds no second copy of the reports.
#[derive(Default)]
pub struct Memo {
    reports: std::sync::Mutex<HashMap<u64, (Option<Report>, Problems)>>,
    /// For a build: instead of the reports, the key of each one loaded without a
    /// problem, by its province and period.
    placed: Option<std::sync::Mutex<Vec<(u64, String, Period)>>>,
    /// Where the saved reports come from, while they are not read yet.
    later: std::sync::Mutex<Option<Saved>>,
}

/// How a build's memo reads the reports the last build saved.
type Saved = Box<dyn FnOnce() -> Vec<(u64, Report)> + Send>;

impl Memo {
    /// A build's memo: the reports the last build saved, each with its key, which
    /// `saved` reads while the load reads the content.
    pub fn later(saved: Saved) -> Memo {
        Memo {
            reports: Default::default(),
            placed: Some(Default::default()),
            later: std::sync::Mutex::new(Some(saved)),
        }
    }

    /// Reads the saved reports, if they are not read yet.
    fn resolve(&self) {
        let Some(saved) = crate::output::lock(&self.later).take() else {
            return;
        };
        let reports =
            (saved().into_iter()).map(|(key, report)| (key, (Some(report), Problems::default())));
        crate::output::lock(&self.reports).extend(reports);
    }

    /// The reports of `site` that its load, given this memo, found without any
    /// problem, each with its key: what the next build can take. A report with a
    /// warning is loaded again, so that its warning is found and worded again.
    pub fn clean<'a>(&self, site: &'a Site) -> Vec<(u64, &'a Report)> {
        let Some(placed) = &self.placed else {
            return Vec::new();
        };
        let placed = crate::output::lock(placed);
        let by_place: HashMap<(&str, Period), u64> = (placed.iter())
            .map(|(key, province, period)| ((province.as_str(), *period), *key))
            .collect();
        (site.reports.iter())
            .filter_map(|r| Some((*by_place.get(&(r.province.as_str(), r.period))?, r)))
            .collect()
    }
}

/// [`load`], taking from `memo` the reports whose inputs did not change, and leaving
/// in it this load's reports.
pub fn load_reusing(
    content_dir: &Path,
    memo: Option<&Memo>,
    read: Read,
) -> (Option<Site>, Problems) {
    let resolve = || memo.map(Memo::resolve);
    let ((files, mut problems), _) = rayon::join(|| read::read_folder(content_dir, read), resolve);
    let Some(files) = files else {
        return (None, problems);
    };
    let (site, found) = validate(&files, memo);
    problems.extend(found);
    if problems.has_errors() {
        (None, problems)
    } else {
        (site, problems)
    }
}

/// Checks the content read into `files`. The site is `None` when any problem is an error.
fn validate(files: &Files, memo: Option<&Memo>) -> (Option<Site>, Problems) {
    let mut problems = Problems::default();
    // The site's languages come first: every text of every other file is read in them.
    let site_shown = files.shown("site.yaml");
    let site_root = files
        .text("site.yaml")
        .map(|text| yaml::parse_tree(&site_shown, text));
    let languages = match &site_root {
        Some(Ok(root)) => {
            let doc = Doc::new(&site_shown, &[]);
            let languages = catalogue::site_languages(&doc, root);
            problems.extend(doc.into_problems());
            languages
        }
        _ => catalogue::default_languages(),
    };
    let mut check = |name: &str, rule: &mut dyn FnMut(&Doc, &Node)| {
        let shown = files.shown(name);
        let root = match name {
            "site.yaml" => site_root.clone(),
            _ => files.text(name).map(|text| yaml::parse_tree(&shown, text)),
        };
        match root {
            Some(Ok(root)) => {
                let doc = Doc::new(&shown, &languages);
                rule(&doc, &root);
                problems.extend(doc.into_problems());
            }
            Some(Err(problem)) => problems.push(problem),
            None => {}
        }
    };
    let mut cat = Catalogue::default();
    check("units.yaml", &mut |doc, root| {
        (cat.units, cat.broken_units) = catalogue::units(doc, root);
    });
    check("indicators.yaml", &mut |doc, root| {
        catalogue::indicators(doc, root, &mut cat)
    });
    let mut config = None;
    check("site.yaml", &mut |doc, root| {
        config = catalogue::site_config(doc, root, &cat).ok();
    });
    let (provinces, found) = provinces(files, &languages);
    problems.extend(found);
    let (reports, found) = reports(files, (&cat, &provinces, &languages), memo);
    problems.extend(found);
    if problems.has_errors() {
        return (None, problems);
    }
    let Catalogue {
        units,
        groups,
        indicators,
        ..
    } = cat;
    let site = config.map(|config| Site {
        config,
        units,
        groups,
        indicators,
        provinces,
        reports,
        index: Default::default(),
    });
    (site, problems)
}

/// The provinces with a valid province.yaml, in the alphabetical order of the site's
/// first language (the language every province is named in).
fn provinces(files: &Files, languages: &[Lang]) -> (Vec<Province>, Problems) {
    let mut problems = Problems::default();
    let slugs = province_slugs(files);
    let mut provinces = Vec::new();
    for slug in &slugs {
        let relative = province_file(slug);
        let shown = files.shown(&relative);
        let Some(text) = files.text(&relative) else {
            continue;
        };
        match yaml::parse_tree(&shown, text) {
            Ok(root) => {
                let doc = Doc::new(&shown, languages);
                provinces.extend(province::province(&doc, slug, &root, &slugs).ok());
                problems.extend(doc.into_problems());
            }
            Err(problem) => problems.push(problem),
        }
    }
    let first = languages[0];
    let collator = crate::text::collator(first);
    provinces.sort_by(|a, b| {
        collator
            .compare(a.name.show(first), b.name.show(first))
            .then(a.slug.cmp(&b.slug))
    });
    (provinces, problems)
}

fn province_file(slug: &str) -> PathBuf {
    Path::new("provinces").join(slug).join("province.yaml")
}

/// The province folders that hold a province.yaml: the provinces reports may name.
fn province_slugs(files: &Files) -> Vec<&str> {
    files
        .provinces
        .keys()
        .filter(|slug| files.exists(province_file(slug)))
        .map(String::as_str)
        .collect()
}

/// The valid reports, by province in the order of `provinces`, then by period.
fn reports(
    files: &Files,
    (cat, provinces, languages): (&Catalogue, &[Province], &[Lang]),
    memo: Option<&Memo>,
) -> (Vec<Report>, Problems) {
    let slugs = province_slugs(files);
    let places: Vec<Place> = files
        .provinces
        .iter()
        .flat_map(|(province, periods)| {
            periods.iter().map(|period| Place {
                province,
                period,
                provinces: &slugs,
                languages,
            })
        })
        .collect();
    let results = match memo {
        Some(memo) => memo.load(files, &places, cat),
        None => places
            .par_iter()
            .map(|place| load_report(files, place, cat))
            .collect(),
    };
    let mut problems = Problems::default();
    let mut reports = Vec::new();
    let mut seen = HashSet::new();
    for (report, found) in results {
        problems.extend(found);
        if let Some(report) = report
            && seen.insert((report.province.clone(), report.period))
        {
            reports.push(report);
        }
    }
    let order = |slug: &str| {
        provinces
            .iter()
            .position(|p| p.slug == slug)
            .unwrap_or(usize::MAX)
    };
    reports.sort_by(|a, b| {
        order(&a.province)
            .cmp(&order(&b.province))
            .then(a.period.sort_key().cmp(&b.period.sort_key()))
    });
    (reports, problems)
}

impl Memo {
    /// The report of each place: kept from the last load when its inputs are the
    /// same, else loaded. The memo then holds this load's reports.
    fn load(
        &self,
        files: &Files,
        places: &[Place],
        cat: &Catalogue,
    ) -> Vec<(Option<Report>, Problems)> {
        self.resolve();
        let mut shared = DefaultHasher::new();
        for name in ["site.yaml", "units.yaml", "indicators.yaml"] {
            files.text(name).hash(&mut shared);
        }
        let keys: Vec<u64> = (places.par_iter())
            .map(|place| place_key(files, place, shared.clone()))
            .collect();
        let mut last = std::mem::take(&mut *crate::output::lock(&self.reports));
        let kept: Vec<_> = keys.iter().map(|key| last.remove(key)).collect();
        let loaded: Vec<(Option<Report>, Problems)> = (places.par_iter().zip(kept))
            .map(|(place, kept)| kept.unwrap_or_else(|| load_report(files, place, cat)))
            .collect();
        if let Some(placed) = &self.placed {
            let clean = (keys.into_iter().zip(&loaded)).filter_map(|(key, (report, problems))| {
                let report = report.as_ref().filter(|_| problems.is_empty())?;
                Some((key, report.province.clone(), report.period))
            });
            *crate::output::lock(placed) = clean.collect();
            return loaded;
        }
        let results = loaded.clone();
        *crate::output::lock(&self.reports) = keys.into_iter().zip(loaded).collect();
        results
    }
}

/// A hash of everything the report at `place` is read from, after `shared` (the
/// site, catalogue and units files).
fn place_key(files: &Files, place: &Place, mut h: DefaultHasher) -> u64 {
    (
        place.province,
        place.period,
        place.provinces,
        place.languages,
    )
        .hash(&mut h);
    let dir = Path::new("provinces")
        .join(place.province)
        .join(place.period);
    let under = files.texts.range(dir.clone()..);
    for file in under.take_while(|(path, _)| path.starts_with(&dir)) {
        file.hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A content folder in memory: `(path, text)` pairs and its province folders.
    fn files(texts: &[(&str, &str)], provinces: &[(&str, &[&str])]) -> Files {
        Files {
            root: PathBuf::from("content"),
            texts: texts
                .iter()
                .map(|(path, text)| (PathBuf::from(path), Some(text.to_string())))
                .collect(),
            provinces: provinces
                .iter()
                .map(|(slug, periods)| {
                    let periods = periods.iter().map(|p| p.to_string()).collect();
                    (slug.to_string(), periods)
                })
                .collect(),
        }
    }

    const SITE: &str = "title: {vi: Báo cáo, en: Reports}\n";
    const UNITS: &str = "units:\n  - {id: persons, label: {vi: người, en: persons}, kind: count}\n";
    const PROVINCE: &str = "name: {vi: Bến Tre, en: Ben Tre}\n";
    const REPORT: &str = "province: ben-tre\nperiod: 2023\npublished: 2024-03-24\nsource: {title: T, publisher: P}\nresults:\n  - {indicator: jobs_created, value: 18382}\n";

    fn site(indicators: &str) -> (Option<Site>, Vec<String>) {
        site_with(indicators, REPORT, None)
    }

    /// The site of one report, `report`, loaded with `memo` when given.
    fn site_with(
        indicators: &str,
        report: &str,
        memo: Option<&Memo>,
    ) -> (Option<Site>, Vec<String>) {
        let files = files(
            &[
                ("site.yaml", SITE),
                ("units.yaml", UNITS),
                ("indicators.yaml", indicators),
                ("provinces/ben-tre/province.yaml", PROVINCE),
                ("provinces/ben-tre/2023/report.yaml", report),
                (
                    "provinces/ben-tre/2023/report.vi.md",
                    "---\ntitle: T\n---\nVăn bản.\n",
                ),
                (
                    "provinces/ben-tre/2023/report.en.md",
                    "---\ntitle: T\n---\nText.\n",
                ),
            ],
            &[("ben-tre", &["2023"])],
        );
        let (site, problems) = validate(&files, memo);
        let shown = problems
            .into_sorted()
            .iter()
            .map(|p| p.to_string())
            .collect();
        (site, shown)
    }

    /// What `serve` does on a save: a load that keeps the reports of the last one
    /// whose files did not change gives what a load of everything gives, warnings too.
    #[test]
    fn a_load_that_keeps_unchanged_reports_gives_what_a_whole_load_gives() {
        let jobs = "indicators:\n  - {id: jobs_created, name: {vi: Việc làm, en: Jobs}, unit: persons, better: higher}\n";
        let lower = jobs.replace("higher", "lower");
        let estimated = REPORT.replace("value: 18382", "value: 18390, estimate: true");
        let warned = format!("{REPORT}unknown: 1\n");
        let memo = Memo::default();
        let shown = |(site, problems): (Option<Site>, Vec<String>)| (format!("{site:?}"), problems);
        for (indicators, report) in [
            (jobs, REPORT),
            (jobs, REPORT),
            (jobs, estimated.as_str()),
            (lower.as_str(), estimated.as_str()),
            (lower.as_str(), warned.as_str()),
            (lower.as_str(), warned.as_str()),
        ] {
            let kept = shown(site_with(indicators, report, Some(&memo)));
            assert_eq!(kept, shown(site_with(indicators, report, None)));
        }
    }

    #[test]
    fn a_valid_folder_in_memory_gives_the_site() {
        let (site, problems) = site(
            "indicators:\n  - {id: jobs_created, name: {vi: Việc làm, en: Jobs}, unit: persons, better: higher}\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let site = site.unwrap();
        assert_eq!(site.reports.len(), 1);
        assert_eq!(
            site.reports[0].results[0].amount,
            Some(Amount::Value(Number::whole(18382.0)))
        );
    }

    #[test]
    fn a_reference_to_an_entry_with_mistakes_is_not_reported_again() {
        let (site, problems) = site(
            "indicators:\n  - {id: jobs_created, name: {vi: Việc làm, en: Jobs}, unit: persons, better: more}\n",
        );
        assert!(site.is_none());
        assert_eq!(
            problems,
            [
                "content/indicators.yaml:2:79: error: `better` of the 1st indicator (`jobs_created`) cannot be `more`\n  hint: write one of: higher, lower, neutral"
            ]
        );
    }
}
