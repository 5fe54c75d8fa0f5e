//! Loading and validating the content folder into a [`Site`].
//!
//! Every file is read and checked; every problem is collected with its file,
//! line and column. The site is returned only when there is no error.

pub mod numbers;
pub mod schema;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::Date;
use walkdir::WalkDir;

use crate::diagnostics::{Problem, Problems, display_path};
use crate::model::*;
use crate::text::{closest, read_text};
use crate::yaml::{self, SourceMap};
use schema::*;

/// Loads the content folder. The site is `None` when any problem is an error.
pub fn load(content_dir: &Path) -> (Option<Site>, Problems) {
    let mut loader = Loader {
        root: content_dir.to_path_buf(),
        problems: Problems::default(),
        languages: Vec::new(),
    };
    let site = loader.load_site();
    let problems = loader.problems;
    if problems.has_errors() {
        (None, problems)
    } else {
        (site, problems)
    }
}

struct Loader {
    root: PathBuf,
    problems: Problems,
    /// The site's languages, from site.yaml, before anything else is read.
    languages: Vec<Lang>,
}

/// A parsed file with its positions: turns key paths into located problems.
struct Doc<'a> {
    file: &'a Path,
    map: &'a SourceMap,
    languages: &'a [Lang],
}

impl Doc<'_> {
    fn error(&self, path: &str, message: impl Into<String>) -> Problem {
        let (line, column) = self.map.position(path);
        Problem::error(self.file, message).at(line, column)
    }

    fn warning(&self, path: &str, message: impl Into<String>) -> Problem {
        let (line, column) = self.map.position(path);
        Problem::warning(self.file, message).at(line, column)
    }

    /// The text in the site's languages, trimmed; other languages are left out.
    fn text(&self, local: &LocalText) -> Text {
        Text::in_order(self.languages, |lang| {
            local
                .0
                .get(lang.code())
                .and_then(Option::as_deref)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })
    }

    /// Names need every language: the first is required, another missing is a warning.
    fn require_all(&self, path: &str, value: &LocalText, out: &mut Problems) {
        for code in value.0.keys() {
            if !self.languages.iter().any(|l| l.code() == code) {
                let message =
                    format!("`{code}` is not one of the site's languages: this text is not shown");
                let hint = format!(
                    "the site's languages are {}, as `languages` in site.yaml says",
                    codes(self.languages)
                );
                out.push(self.warning(path, message).hint(hint));
            }
        }
        let t = self.text(value);
        let Some((&first, others)) = self.languages.split_first() else {
            return;
        };
        if t.get(first).is_none() {
            out.push(
                self.error(path, format!("the {} text is missing", lang_name(first)))
                    .hint(format!("add `{first}: ...`")),
            );
            return;
        }
        for &lang in others.iter().filter(|&&l| t.get(l).is_none()) {
            let name = lang_name(lang);
            out.push(
                self.warning(
                    path,
                    format!(
                        "the {name} text is missing; {name} pages show the {}",
                        lang_name(first)
                    ),
                )
                .hint(format!("add `{lang}: ...`")),
            );
        }
    }
}

/// The codes of `languages` as a list to write: `vi, en`.
fn codes(languages: &[Lang]) -> String {
    let codes: Vec<&str> = languages.iter().map(Lang::code).collect();
    codes.join(", ")
}

/// Ids known so far, to check references against.
struct Catalogue {
    units: Vec<Unit>,
    indicators: Vec<Indicator>,
}

impl Catalogue {
    fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
    fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

impl Loader {
    fn shown(&self, path: &Path) -> PathBuf {
        display_path(&self.root, path)
    }

    fn read_yaml<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &Path,
    ) -> Option<(T, SourceMap, PathBuf)> {
        let shown = self.shown(path);
        let parsed = read_text(path, &shown).and_then(|text| yaml::parse::<T>(&shown, &text));
        match parsed {
            Ok(parsed) => Some((parsed.value, parsed.map, shown)),
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    fn load_site(&mut self) -> Option<Site> {
        if !self.root.is_dir() {
            self.problems.push(
                Problem::error(&self.root, "the content folder does not exist").hint(
                    "run baocao from the folder that holds `content/`, or pass --content DIR",
                ),
            );
            return None;
        }
        let config = self.read_yaml::<SiteFile>(&self.root.join("site.yaml"));
        self.languages = match &config {
            Some((file, map, shown)) => self.check_languages(file, map, shown),
            None => DEFAULT_LANGUAGES
                .iter()
                .filter_map(|c| Lang::from_code(c))
                .collect(),
        };
        let units = self.read_yaml::<UnitsFile>(&self.root.join("units.yaml"));
        let catalogue = self.read_yaml::<CatalogueFile>(&self.root.join("indicators.yaml"));

        let units = units
            .map(|(file, map, shown)| self.check_units(file, &map, &shown))
            .unwrap_or_default();
        let (groups, indicators) = catalogue
            .map(|(file, map, shown)| self.check_catalogue(file, &map, &shown, &units))
            .unwrap_or_default();
        let catalogue = Catalogue { units, indicators };
        let config =
            config.map(|(file, map, shown)| self.check_config(file, &map, &shown, &catalogue));

        let (provinces, reports) = self.load_provinces(&catalogue);
        let Catalogue { units, indicators } = catalogue;
        Some(Site {
            config: config?,
            units,
            groups,
            indicators,
            provinces,
            reports,
        })
    }

    /// The site's languages in order; Vietnamese and English when `languages` is left out.
    fn check_languages(&mut self, file: &SiteFile, map: &SourceMap, shown: &Path) -> Vec<Lang> {
        let doc = Doc {
            file: shown,
            map,
            languages: &[],
        };
        let codes: Vec<&str> = match &file.languages {
            Some(codes) => codes.iter().map(String::as_str).collect(),
            None => DEFAULT_LANGUAGES.to_vec(),
        };
        let mut languages = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let path = format!("languages[{i}]");
            match Lang::from_code(code) {
                Some(lang) if languages.contains(&lang) => self.problems.push(
                    doc.error(&path, format!("`{code}` is listed twice"))
                        .hint("list each language once, the default first"),
                ),
                Some(lang) => languages.push(lang),
                None => self.problems.push(
                    doc.error(&path, format!("`{code}` is not a language code"))
                        .hint("write lowercase ISO 639 codes such as vi, en or ja"),
                ),
            }
        }
        if codes.is_empty() {
            self.problems.push(
                doc.error("languages", "the site needs at least one language")
                    .hint(
                        "write `languages: [vi]`, or leave the key out for Vietnamese and English",
                    ),
            );
        }
        languages
    }

    fn check_config(
        &mut self,
        file: SiteFile,
        map: &SourceMap,
        shown: &Path,
        cat: &Catalogue,
    ) -> SiteConfig {
        let doc = Doc {
            file: shown,
            map,
            languages: &self.languages,
        };
        let mut out = Problems::default();
        doc.require_all("title", &file.title, &mut out);
        let base_url = match &file.base_url {
            Some(url) => match normalise_base_url(url) {
                Ok(url) => url,
                Err(message) => {
                    out.push(doc.error("base_url", message).hint(
                        "write a path such as /bao-cao/ or a full address such as https://example.vn/bao-cao/",
                    ));
                    "/".into()
                }
            },
            None => "/".into(),
        };
        for (i, id) in file.headline_indicators.iter().enumerate() {
            check_indicator_ref(
                &doc,
                &format!("headline_indicators[{i}]"),
                id,
                cat,
                &mut out,
            );
        }
        self.problems.extend(out);
        SiteConfig {
            languages: self.languages.clone(),
            title: doc.text(&file.title),
            description: doc.text(&file.description),
            base_url,
            publisher: doc.text(&file.publisher),
            licence: file.licence.map(|l| Licence {
                name: l.name,
                url: l.url,
            }),
            headline_indicators: file.headline_indicators,
        }
    }

    fn check_units(&mut self, file: UnitsFile, map: &SourceMap, shown: &Path) -> Vec<Unit> {
        let doc = Doc {
            file: shown,
            map,
            languages: &self.languages,
        };
        let mut out = Problems::default();
        let mut seen = HashSet::new();
        let mut units = Vec::new();
        for (i, unit) in file.units.into_iter().enumerate() {
            let path = format!("units[{i}]");
            check_id(
                &doc,
                &format!("{path}.id"),
                &unit.id,
                "unit",
                &mut seen,
                &mut out,
            );
            doc.require_all(&format!("{path}.label"), &unit.label, &mut out);
            units.push(Unit {
                id: unit.id,
                label: doc.text(&unit.label),
                symbol: unit.symbol,
                kind: unit.kind,
                scale: unit.scale,
            });
        }
        self.problems.extend(out);
        units
    }

    fn check_catalogue(
        &mut self,
        file: CatalogueFile,
        map: &SourceMap,
        shown: &Path,
        units: &[Unit],
    ) -> (Vec<Group>, Vec<Indicator>) {
        let doc = Doc {
            file: shown,
            map,
            languages: &self.languages,
        };
        let mut out = Problems::default();
        let mut seen = HashSet::new();
        let groups: Vec<Group> = file
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                check_id(
                    &doc,
                    &format!("groups[{i}].id"),
                    &g.id,
                    "group",
                    &mut seen,
                    &mut out,
                );
                doc.require_all(&format!("groups[{i}].name"), &g.name, &mut out);
                Group {
                    id: g.id.clone(),
                    name: doc.text(&g.name),
                }
            })
            .collect();
        let mut seen = HashSet::new();
        let ids: Vec<&str> = file.indicators.iter().map(|i| i.id.as_str()).collect();
        let mut indicators = Vec::new();
        for (i, entry) in file.indicators.iter().enumerate() {
            let path = format!("indicators[{i}]");
            check_id(
                &doc,
                &format!("{path}.id"),
                &entry.id,
                "indicator",
                &mut seen,
                &mut out,
            );
            doc.require_all(&format!("{path}.name"), &entry.name, &mut out);
            if !units.iter().any(|u| u.id == entry.unit) {
                out.push(unknown(
                    &doc,
                    &format!("{path}.unit"),
                    "unit",
                    &entry.unit,
                    units.iter().map(|u| u.id.as_str()),
                    "units.yaml",
                ));
            }
            if let Some(group) = &entry.group {
                if !groups.iter().any(|g| &g.id == group) {
                    out.push(unknown(
                        &doc,
                        &format!("{path}.group"),
                        "group",
                        group,
                        groups.iter().map(|g| g.id.as_str()),
                        "the `groups` list",
                    ));
                }
            }
            if let Some(parent) = &entry.part_of {
                if !ids.contains(&parent.as_str()) || parent == &entry.id {
                    out.push(unknown(
                        &doc,
                        &format!("{path}.part_of"),
                        "indicator",
                        parent,
                        ids.iter().copied(),
                        "this catalogue",
                    ));
                }
            }
            indicators.push(Indicator {
                id: entry.id.clone(),
                name: doc.text(&entry.name),
                short: doc.text(&entry.short),
                unit: entry.unit.clone(),
                better: entry.better,
                group: entry.group.clone(),
                definition: doc.text(&entry.definition),
                part_of: entry.part_of.clone(),
            });
        }
        self.problems.extend(out);
        (groups, indicators)
    }

    fn load_provinces(&mut self, cat: &Catalogue) -> (Vec<Province>, Vec<Report>) {
        let dir = self.root.join("provinces");
        let mut period_files = vec!["report.yaml".to_string()];
        period_files.extend(self.languages.iter().map(|l| format!("report.{l}.md")));
        let period_folder_hint = format!("a period folder holds {}", and_list(&period_files));
        // Province folders and their report folders, in a stable order.
        let mut layout: BTreeMap<String, (PathBuf, Vec<PathBuf>)> = BTreeMap::new();
        for entry in WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(3)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    self.problems.push(Problem::error(
                        self.shown(&dir),
                        format!("cannot read the provinces folder: {err}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let is_dir = entry.file_type().is_dir();
            match (entry.depth(), is_dir) {
                (1, true) => {
                    layout.insert(name, (path.to_path_buf(), Vec::new()));
                }
                (2, true) => {
                    let province = path
                        .parent()
                        .and_then(Path::file_name)
                        .map(|n| n.to_string_lossy().to_string());
                    if let Some((_, periods)) = province.and_then(|p| layout.get_mut(&p)) {
                        periods.push(path.to_path_buf());
                    }
                }
                (2, false) if name == "province.yaml" => {}
                (3, false) if period_files.contains(&name) => {}
                (_, false) if name.starts_with('.') => {}
                (depth, false) => self.problems.push(
                    Problem::warning(
                        self.shown(path),
                        "baocao does not know this file and ignores it",
                    )
                    .hint(if depth == 2 {
                        "a province folder holds province.yaml and one folder per period"
                    } else {
                        period_folder_hint.as_str()
                    }),
                ),
                _ => {}
            }
        }
        if !dir.is_dir() {
            self.problems.push(Problem::warning(
                self.shown(&dir),
                "there is no provinces folder: the site has no reports",
            ));
        }

        let mut provinces = Vec::new();
        let mut province_maps = Vec::new();
        for (slug, (path, _)) in &layout {
            let file = path.join("province.yaml");
            if !file.is_file() {
                continue; // reported with the reports that need it, or harmless when empty
            }
            if let Some((entry, map, shown)) = self.read_yaml::<ProvinceFile>(&file) {
                provinces.push(self.check_province(slug, entry, &map, &shown));
                province_maps.push((map, shown));
            }
        }
        self.check_successors(&provinces, &province_maps);
        let slugs: Vec<String> = provinces.iter().map(|p| p.slug.clone()).collect();

        let report_dirs: Vec<(String, PathBuf)> = layout
            .iter()
            .flat_map(|(slug, (_, periods))| periods.iter().map(move |p| (slug.clone(), p.clone())))
            .collect();
        let root = &self.root;
        let languages = &self.languages[..];
        let results: Vec<(Option<Report>, Problems)> = report_dirs
            .par_iter()
            .map(|(slug, dir)| load_report(root, slug, dir, cat, &slugs, languages))
            .collect();
        let mut reports = Vec::new();
        let mut seen = HashSet::new();
        for (report, problems) in results {
            self.problems.extend(problems);
            if let Some(report) = report {
                if seen.insert((report.province.clone(), report.period)) {
                    reports.push(report);
                }
            }
        }
        // Provinces are named in the first language everywhere, so they sort by it.
        let first = self.languages[0];
        let collator = crate::text::collator(first);
        provinces.sort_by(|a, b| {
            collator
                .compare(a.name.show(first), b.name.show(first))
                .then(a.slug.cmp(&b.slug))
        });
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
        (provinces, reports)
    }

    fn check_province(
        &mut self,
        slug: &str,
        file: ProvinceFile,
        map: &SourceMap,
        shown: &Path,
    ) -> Province {
        let doc = Doc {
            file: shown,
            map,
            languages: &self.languages,
        };
        let mut out = Problems::default();
        if !is_slug(slug) {
            out.push(
                Problem::error(
                    shown,
                    format!("the folder name `{slug}` cannot be used in web addresses"),
                )
                .hint(format!(
                    "rename the folder to `{}` (lowercase ASCII letters, digits and hyphens)",
                    crate::text::slugify(slug)
                )),
            );
        }
        doc.require_all("name", &file.name, &mut out);
        let valid_to = file
            .valid_to
            .as_deref()
            .and_then(|d| date(&doc, "valid_to", d, &mut out));
        match (&file.valid_to, &file.successor) {
            (Some(_), None) => out.push(
                doc.error(
                    "valid_to",
                    "a province that stopped existing needs a `successor`",
                )
                .hint("add `successor: <slug>` naming the province it is part of now"),
            ),
            (None, Some(_)) => out.push(
                doc.error(
                    "successor",
                    "a `successor` needs the day the province stopped existing",
                )
                .hint("add `valid_to: 2025-06-30` (the last day it existed)"),
            ),
            _ => {}
        }
        let absorbed = file
            .absorbed
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                doc.require_all(&format!("absorbed[{i}].name"), &a.name, &mut out);
                date(&doc, &format!("absorbed[{i}].date"), &a.date, &mut out)
                    .map(|d| (doc.text(&a.name), d))
            })
            .collect();
        self.problems.extend(out);
        Province {
            slug: slug.to_string(),
            name: doc.text(&file.name),
            region: doc.text(&file.region),
            valid_to,
            successor: file.successor,
            absorbed,
        }
    }

    fn check_successors(&mut self, provinces: &[Province], maps: &[(SourceMap, PathBuf)]) {
        for (province, (map, shown)) in provinces.iter().zip(maps) {
            let Some(successor) = &province.successor else {
                continue;
            };
            let doc = Doc {
                file: shown,
                map,
                languages: &self.languages,
            };
            if successor == &province.slug {
                self.problems
                    .push(doc.error("successor", "a province cannot be its own successor"));
            } else if !provinces.iter().any(|p| &p.slug == successor) {
                self.problems.push(unknown(
                    &doc,
                    "successor",
                    "province",
                    successor,
                    provinces.iter().map(|p| p.slug.as_str()),
                    "content/provinces/",
                ));
            }
        }
    }
}

/// Loads one report folder: report.yaml and its narratives.
fn load_report(
    root: &Path,
    slug: &str,
    dir: &Path,
    cat: &Catalogue,
    provinces: &[String],
    languages: &[Lang],
) -> (Option<Report>, Problems) {
    let mut out = Problems::default();
    let yaml_path = dir.join("report.yaml");
    let shown = display_path(root, &yaml_path);
    if !yaml_path.is_file() {
        out.push(
            Problem::error(
                display_path(root, dir),
                "this report folder has no report.yaml",
            )
            .hint("every period folder needs report.yaml; remove the folder if it is not a report"),
        );
        return (None, out);
    }
    let parsed = read_text(&yaml_path, &shown).and_then(|t| yaml::parse::<ReportFile>(&shown, &t));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            out.push(problem);
            return (None, out);
        }
    };
    let doc = Doc {
        file: &shown,
        map: &parsed.map,
        languages,
    };
    let file = parsed.value;
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();

    // The province: it must exist and be the folder's.
    if !provinces.iter().any(|p| p == &file.province) {
        out.push(unknown(
            &doc,
            "province",
            "province",
            &file.province,
            provinces.iter().map(String::as_str),
            "content/provinces/",
        ));
    } else if file.province != slug {
        out.push(
            doc.error(
                "province",
                format!(
                    "this report is in the folder of `{slug}` but says it is about `{}`",
                    file.province
                ),
            )
            .hint(format!(
                "write `province: {slug}`, or move the folder to provinces/{}/",
                file.province
            )),
        );
    }
    let period = match Period::parse(&file.period.0) {
        Ok(period) => {
            if period.id() != folder {
                out.push(
                    doc.error(
                        "period",
                        format!(
                            "this report is in the folder `{folder}` but says its period is `{}`",
                            period.id()
                        ),
                    )
                    .hint(format!(
                        "write `period: {folder}`, or rename the folder to `{}`",
                        period.id()
                    )),
                );
            }
            Some(period)
        }
        Err(message) => {
            out.push(doc.error("period", message).hint(PERIOD_HINT));
            None
        }
    };
    let published = date(&doc, "published", &file.published, &mut out);
    // `baocao new` leaves the source empty for the editor to fill in.
    for (key, value) in [
        ("title", &file.source.title),
        ("publisher", &file.source.publisher),
    ] {
        if value.trim().is_empty() {
            out.push(
                doc.warning(&format!("source.{key}"), format!("the source has no {key} yet; the page shows it empty"))
                    .hint("write the title of the article or document the figures come from, and who published it"),
            );
        }
    }
    let source_date = file
        .source
        .date
        .as_deref()
        .and_then(|d| date(&doc, "source.date", d, &mut out));
    let period_or_dummy = period.unwrap_or(Period::Year(0));

    let mut seen = HashSet::new();
    let results: Vec<Figure> = file
        .results
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let figure = figure(&doc, &format!("results[{i}]"), f, period_or_dummy, cat, &mut out)?;
            if !seen.insert((figure.indicator.clone(), figure.period)) {
                out.push(
                    doc.error(&format!("results[{i}].indicator"), format!("`{}` is given twice for {}", figure.indicator, figure.period))
                        .hint("keep one entry per indicator and period; use `period:` when a figure is for another period"),
                );
            }
            Some(figure)
        })
        .collect();

    let breakdowns = file
        .breakdowns
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            breakdown(
                &doc,
                &format!("breakdowns[{i}]"),
                b,
                period_or_dummy,
                cat,
                &mut out,
            )
        })
        .collect();

    let next = file.next.as_ref().and_then(|next| {
        let next_period = match Period::parse(&next.period.0) {
            Ok(p) => p,
            Err(message) => {
                out.push(doc.error("next.period", message).hint(PERIOD_HINT));
                return None;
            }
        };
        if period.is_some_and(|p| next_period.sort_key() <= p.sort_key()) {
            out.push(
                doc.error("next.period", format!("the coming period `{next_period}` must end after the report's `{period_or_dummy}`"))
                    .hint("`next` holds the targets and key tasks for the period after this report"),
            );
        }
        let targets = next
            .targets
            .iter()
            .enumerate()
            .filter_map(|(i, f)| figure(&doc, &format!("next.targets[{i}]"), f, next_period, cat, &mut out))
            .collect();
        for (i, task) in next.tasks.iter().enumerate() {
            let path = format!("next.tasks[{i}]");
            check_task(&doc, &path, task, &mut out);
        }
        Some(Next {
            period: next_period,
            targets,
            tasks: next.tasks.iter().map(|t| doc.text(t)).collect(),
        })
    });

    let narratives = narratives(root, dir, languages, &mut out);

    if out.has_errors() {
        return (None, out);
    }
    let report = Report {
        province: file.province,
        period: period_or_dummy,
        published: published.unwrap_or(Date::MIN),
        department: doc.text(&file.department),
        scope: doc.text(&file.scope),
        source: Source {
            title: file.source.title,
            publisher: file.source.publisher,
            url: file.source.url,
            date: source_date,
        },
        results,
        breakdowns,
        next,
        narratives,
    };
    (Some(report), out)
}

/// The languages of a site that does not list them.
const DEFAULT_LANGUAGES: [&str; 2] = ["vi", "en"];

const PERIOD_HINT: &str =
    "write a year (2023), January to the end of a quarter (2017-q3), or several years (2020-2023)";

/// A language's English name in messages; languages without one go by their code.
fn lang_name(lang: Lang) -> String {
    match lang.code() {
        "vi" => "Vietnamese".to_string(),
        "en" => "English".to_string(),
        code => format!("`{code}`"),
    }
}

/// A key task needs the first language; another missing is a warning.
fn check_task(doc: &Doc, path: &str, task: &LocalText, out: &mut Problems) {
    let text = doc.text(task);
    let Some((&first, others)) = doc.languages.split_first() else {
        return;
    };
    let first_name = lang_name(first);
    if text.get(first).is_none() {
        out.push(
            doc.error(path, format!("this key task has no {first_name} text"))
                .hint(format!("add `{first}: ...`")),
        );
        return;
    }
    for &lang in others.iter().filter(|&&l| text.get(l).is_none()) {
        let name = lang_name(lang);
        out.push(
            doc.warning(path, format!("this key task has no {name} translation; the {name} page shows the {first_name} text"))
                .hint(format!("add `{lang}: ...` under the {first_name} text")),
        );
    }
}

/// The report's narratives in the site's languages, with a warning for each one missing.
fn narratives(
    root: &Path,
    dir: &Path,
    languages: &[Lang],
    out: &mut Problems,
) -> Vec<(Lang, Narrative)> {
    let found: Vec<(Lang, Narrative)> = languages
        .iter()
        .filter_map(|&lang| narrative(root, dir, lang, out).map(|n| (lang, n)))
        .collect();
    let Some(&(present, _)) = found.first() else {
        let files: Vec<String> = languages.iter().map(|l| format!("report.{l}.md")).collect();
        out.push(
            Problem::warning(
                display_path(root, dir),
                if languages.len() == 2 {
                    "this report has no narrative in either language"
                } else {
                    "this report has no narrative in any of the site's languages"
                },
            )
            .hint(format!(
                "add {} with a title and a few paragraphs",
                and_list(&files)
            )),
        );
        return found;
    };
    for &missing in languages
        .iter()
        .filter(|l| !found.iter().any(|(f, _)| f == *l))
    {
        out.push(
            Problem::warning(
                display_path(root, &dir.join(format!("report.{missing}.md"))),
                format!(
                    "the {} narrative is missing; that page shows the {} text with a notice",
                    lang_name(missing),
                    lang_name(present)
                ),
            )
            .hint(format!(
                "translate report.{present}.md into report.{missing}.md"
            )),
        );
    }
    found
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn narrative(root: &Path, dir: &Path, lang: Lang, out: &mut Problems) -> Option<Narrative> {
    let path = dir.join(format!("report.{lang}.md"));
    if !path.is_file() {
        return None;
    }
    let shown = display_path(root, &path);
    let text = match read_text(&path, &shown) {
        Ok(text) => text,
        Err(problem) => {
            out.push(problem);
            return None;
        }
    };
    match yaml::front_matter::<NarrativeFrontMatter>(&shown, &text) {
        Ok((front, body)) => {
            if front.value.title.is_none() {
                out.push(
                    Problem::warning(
                        &shown,
                        "this narrative has no title; the page uses the province and period",
                    )
                    .at(1, 1)
                    .hint("start the file with ---, a line `title: ...`, and ---"),
                );
            }
            Some(Narrative {
                title: front.value.title,
                summary: front.value.summary,
                markdown: body.to_string(),
            })
        }
        Err(problem) => {
            out.push(problem);
            None
        }
    }
}

fn figure(
    doc: &Doc,
    path: &str,
    entry: &FigureEntry,
    period: Period,
    cat: &Catalogue,
    out: &mut Problems,
) -> Option<Figure> {
    let indicator = check_indicator_ref(
        doc,
        &format!("{path}.indicator"),
        &entry.indicator,
        cat,
        out,
    )?;
    // Listed with nothing else, as `baocao new` writes it: not entered yet, not published.
    let empty = FigureEntry {
        indicator: entry.indicator.clone(),
        ..FigureEntry::default()
    };
    if *entry == empty {
        return None;
    }
    let unit_id = entry.unit.clone().unwrap_or_else(|| indicator.unit.clone());
    let own_kind = cat.unit(&indicator.unit).map(|u| u.kind);
    let unit = match cat.unit(&unit_id) {
        Some(unit) => unit,
        None => {
            out.push(unknown(
                doc,
                &format!("{path}.unit"),
                "unit",
                &unit_id,
                cat.units.iter().map(|u| u.id.as_str()),
                "units.yaml",
            ));
            return None;
        }
    };
    if own_kind.is_some_and(|k| k != unit.kind) {
        out.push(
            doc.error(
                &format!("{path}.unit"),
                format!(
                    "`{unit_id}` does not measure the same thing as `{}`, the unit of {}",
                    indicator.unit, indicator.id
                ),
            )
            .hint("use a unit of the same kind (persons and person-times are both counts)"),
        );
    }
    let kind = unit.kind;
    let mut num = |field: &str, input: &NumberInput, kind: UnitKind| -> Option<f64> {
        let at = format!("{path}.{field}");
        match numbers::check(input, doc.map.raw(&at), kind) {
            Ok(v) => Some(v),
            Err(mistake) => {
                out.push(doc.error(&at, mistake.message).hint(mistake.hint));
                None
            }
        }
    };
    let value = entry.value.as_ref().map(|v| num("value", v, kind));
    let range = entry
        .range
        .as_ref()
        .map(|r| pair(r, "range", &mut num, kind));
    let target = entry.target.as_ref().map(|v| num("target", v, kind));
    let target_range = entry
        .target_range
        .as_ref()
        .map(|r| pair(r, "target_range", &mut num, kind));
    let achievement = entry
        .achievement
        .as_ref()
        .map(|v| num("achievement", v, UnitKind::Score));
    let previous = entry.previous.as_ref().map(|v| num("previous", v, kind));
    let change = entry
        .change
        .as_ref()
        .map(|v| num("change", v, UnitKind::Score));

    let mut invalid = false;
    let range_of =
        |r: Option<Option<(f64, f64)>>, key: &str, out: &mut Problems| -> Option<Option<Amount>> {
            match r {
                None => Some(None),
                Some(None) => None,
                Some(Some((a, b))) if a < b => Some(Some(Amount::Range(a, b))),
                Some(Some(_)) => {
                    out.push(
                        doc.error(
                            &format!("{path}.{key}"),
                            "a range needs two numbers, the smaller first",
                        )
                        .hint("write for example `[1, 1.5]`"),
                    );
                    None
                }
            }
        };
    let range = range_of(range, "range", out);
    let target_range = range_of(target_range, "target_range", out);
    let (Some(range), Some(target_range)) = (range, target_range) else {
        return None;
    };
    let amount = match (value, range) {
        (Some(Some(v)), None) => Some(Amount::Value(v)),
        (None, Some(r)) => Some(r),
        (None, None) => None,
        (Some(_), Some(_)) => {
            out.push(doc.error(
                &format!("{path}.range"),
                "a figure has either a `value` or a `range`, not both",
            ));
            invalid = true;
            None
        }
        (Some(None), None) => {
            invalid = true;
            None
        }
    };
    let target = match (target, target_range) {
        (Some(Some(v)), None) => Some(Amount::Value(v)),
        (None, Some(r)) => Some(r),
        (None, None) => None,
        (Some(_), Some(_)) => {
            out.push(doc.error(
                &format!("{path}.target_range"),
                "a figure has either a `target` or a `target_range`, not both",
            ));
            invalid = true;
            None
        }
        (Some(None), None) => {
            invalid = true;
            None
        }
    };
    if [&achievement, &previous, &change]
        .iter()
        .any(|v| matches!(v, Some(None)))
    {
        invalid = true;
    }
    if invalid {
        return None;
    }
    let achievement = achievement.flatten();
    if amount.is_none() && achievement.is_none() {
        out.push(
            doc.error(path, format!("the figure for `{}` has no number", indicator.id))
                .hint("give a `value`, a `range`, or, when the source states only the rate of plan, an `achievement`"),
        );
        return None;
    }
    let computed = match (amount, target) {
        (Some(Amount::Value(v)), Some(Amount::Value(t))) if t != 0.0 => Some(v / t * 100.0),
        _ => None,
    };
    if let (Some(stated), Some(computed)) = (achievement, computed) {
        if indicator.better != Better::Lower && (stated - computed).abs() > 1.0 {
            out.push(
                doc.warning(&format!("{path}.achievement"), format!("the stated achievement {stated}% differs from value ÷ target = {computed:.1}%"))
                    .hint("check the value, the target and the rate against the source"),
            );
        }
    }
    let achievement = match (achievement, computed) {
        (Some(percent), _) => Some(Achievement {
            percent,
            stated: true,
        }),
        (None, Some(percent)) if indicator.better != Better::Lower => Some(Achievement {
            percent,
            stated: false,
        }),
        _ => None,
    };
    let figure_period = match &entry.period {
        Some(p) => match Period::parse(&p.0) {
            Ok(p) => p,
            Err(message) => {
                out.push(
                    doc.error(&format!("{path}.period"), message)
                        .hint(PERIOD_HINT),
                );
                return None;
            }
        },
        None => period,
    };
    let period_field = |field: &str,
                        value: &Option<PeriodInput>,
                        out: &mut Problems|
     -> Result<Option<Period>, ()> {
        match value {
            None => Ok(None),
            Some(p) => Period::parse(&p.0).map(Some).map_err(|message| {
                out.push(
                    doc.error(&format!("{path}.{field}"), message)
                        .hint(PERIOD_HINT),
                );
            }),
        }
    };
    let previous_period = period_field("previous_period", &entry.previous_period, out).ok()?;
    let change_against = period_field("change_against", &entry.change_against, out).ok()?;
    let change = match change.flatten() {
        None => None,
        Some(value) => {
            let unit = match entry.change_unit.as_deref() {
                Some("percent") => ChangeUnit::Percent,
                None | Some("percentage-points") => ChangeUnit::Absolute,
                Some(id) if id == unit_id => ChangeUnit::Absolute,
                Some(other) => {
                    out.push(
                        doc.error(&format!("{path}.change_unit"), format!("`{other}` is not a unit for a change of this figure"))
                            .hint(format!("write `percent` for a relative change, or `{}` for a difference in the figure's own unit", if kind == UnitKind::Percent { "percentage-points" } else { unit_id.as_str() })),
                    );
                    return None;
                }
            };
            Some(Change {
                value,
                unit,
                against: change_against,
            })
        }
    };
    Some(Figure {
        indicator: indicator.id.clone(),
        amount,
        unit: unit_id,
        qualifier: entry.qualifier,
        estimate: entry.estimate,
        period: figure_period,
        target,
        target_qualifier: entry.target_qualifier,
        achievement,
        previous: previous.flatten().map(|v| (v, previous_period)),
        change,
        note: doc.text(&entry.note),
    })
}

fn pair(
    values: &[NumberInput],
    key: &str,
    num: &mut impl FnMut(&str, &NumberInput, UnitKind) -> Option<f64>,
    kind: UnitKind,
) -> Option<(f64, f64)> {
    match values {
        [a, b] => {
            let a = num(&format!("{key}[0]"), a, kind);
            let b = num(&format!("{key}[1]"), b, kind);
            Some((a?, b?))
        }
        _ => Some((f64::NAN, f64::NAN)),
    }
}

fn breakdown(
    doc: &Doc,
    path: &str,
    entry: &BreakdownEntry,
    period: Period,
    cat: &Catalogue,
    out: &mut Problems,
) -> Option<Breakdown> {
    let indicator = check_indicator_ref(
        doc,
        &format!("{path}.indicator"),
        &entry.indicator,
        cat,
        out,
    )?;
    let kind = cat
        .unit(&indicator.unit)
        .map_or(UnitKind::Count, |u| u.kind);
    doc.require_all(&format!("{path}.by"), &entry.by, out);
    let mut ok = true;
    let check = |at: String, input: &NumberInput, out: &mut Problems| match numbers::check(
        input,
        doc.map.raw(&at),
        kind,
    ) {
        Ok(v) => Some(v),
        Err(mistake) => {
            out.push(doc.error(&at, mistake.message).hint(mistake.hint));
            None
        }
    };
    let total = match &entry.total {
        Some(t) => {
            let total = check(format!("{path}.total"), t, out);
            ok &= total.is_some();
            total
        }
        None => None,
    };
    let mut parts = Vec::new();
    for (i, part) in entry.parts.iter().enumerate() {
        let at = format!("{path}.parts[{i}]");
        let Some(value) = check(format!("{at}.value"), &part.value, out) else {
            ok = false;
            continue;
        };
        let label = match &part.indicator {
            Some(id) => match check_indicator_ref(doc, &format!("{at}.indicator"), id, cat, out) {
                Some(ind) if doc.text(&part.label).is_empty() => {
                    ind.short.or(&ind.name, doc.languages)
                }
                Some(_) => doc.text(&part.label),
                None => {
                    ok = false;
                    continue;
                }
            },
            None => {
                if doc.text(&part.label).is_empty() {
                    out.push(
                        doc.error(&at, "a part needs a `label` (vi and en) or an `indicator`"),
                    );
                    ok = false;
                }
                doc.require_all(&format!("{at}.label"), &part.label, out);
                doc.text(&part.label)
            }
        };
        parts.push(Part {
            label,
            indicator: part.indicator.clone(),
            value,
        });
    }
    let period = match &entry.period {
        Some(p) => match Period::parse(&p.0) {
            Ok(p) => p,
            Err(message) => {
                out.push(
                    doc.error(&format!("{path}.period"), message)
                        .hint(PERIOD_HINT),
                );
                return None;
            }
        },
        None => period,
    };
    ok.then(|| Breakdown {
        indicator: indicator.id.clone(),
        by: doc.text(&entry.by),
        total,
        period,
        parts,
        note: doc.text(&entry.note),
    })
}

fn check_id(
    doc: &Doc,
    path: &str,
    id: &str,
    what: &str,
    seen: &mut HashSet<String>,
    out: &mut Problems,
) {
    if !seen.insert(id.to_string()) {
        out.push(
            doc.error(path, format!("the {what} id `{id}` is used twice"))
                .hint(format!(
                    "each {what} needs its own id; rename or remove one of them"
                )),
        );
    }
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        out.push(
            doc.error(
                path,
                format!("the {what} id `{id}` has characters that cannot be used in web addresses"),
            )
            .hint("use lowercase ASCII letters, digits, `_` and `-`"),
        );
    }
}

fn check_indicator_ref<'c>(
    doc: &Doc,
    path: &str,
    id: &str,
    cat: &'c Catalogue,
    out: &mut Problems,
) -> Option<&'c Indicator> {
    let found = cat.indicator(id);
    if found.is_none() {
        out.push(unknown(
            doc,
            path,
            "indicator",
            id,
            cat.indicators.iter().map(|i| i.id.as_str()),
            "indicators.yaml",
        ));
    }
    found
}

fn unknown<'a>(
    doc: &Doc,
    path: &str,
    what: &str,
    id: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    where_: &str,
) -> Problem {
    let problem = doc.error(path, format!("there is no {what} `{id}`"));
    match closest(id, known) {
        Some(best) => problem.hint(format!(
            "did you mean `{best}`? the known ids are in {where_}"
        )),
        None => problem.hint(format!("the known ids are in {where_}")),
    }
}

fn date(doc: &Doc, path: &str, value: &str, out: &mut Problems) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(value.trim(), &format) {
        Ok(d) => Some(d),
        Err(_) => {
            let hint = if value.contains('/') {
                "write the date as year-month-day: 24/3/2024 becomes 2024-03-24"
            } else {
                "write the date as year-month-day, for example 2024-03-24"
            };
            out.push(
                doc.error(path, format!("`{value}` is not a date"))
                    .hint(hint),
            );
            None
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A base URL ending with `/`, or why it cannot be one.
pub(crate) fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok_scheme =
        url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
    if !ok_scheme || url.contains(char::is_whitespace) {
        return Err(format!("`{url}` is not a web address or a path"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}
