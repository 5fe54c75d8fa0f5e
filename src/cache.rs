//! The answer to a rebuild with nothing changed, without rendering anything.
//!
//! After each successful build, a small file in a folder beside the output
//! (`.public.baocao-cache/` for `public`; safe to delete at any time) records a
//! fingerprint of everything the build read — every file of the content and theme
//! folders, byte for byte, the build's options and the `baocao` program itself —
//! with a stamp of the output it published (each file's size, modification time
//! and identity, as listed by the manifest), and what the build reported (its
//! warnings and how complete each language is). A build whose fingerprint and
//! output stamp are both the recorded ones would render the very same bytes, so it
//! writes nothing and reports the same again.
//!
//! A build that does read changed inputs renders only the pages whose inputs
//! changed ([`Reuse`]): beside that file, `pages.bin` records each province,
//! report, indicator and ranking page's key (a hash of what it shows, see
//! `render::select`), the chart files made with it, and its links and ids. Those
//! are trusted only while the published output is exactly the one they describe
//! (its stamp); the pages kept are linked into the new site as they are.
//!
//! `reports.bin` keeps the reports the build loaded without a problem, each by a
//! hash of the files it was read from (`content::Memo`), for the next build to take
//! instead of parsing and checking them again; it is read only by the program that
//! wrote it. A report with a warning is loaded again, and warns again.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::completeness::{Completeness, LanguageCompleteness};
use crate::content::Memo;
use crate::diagnostics::{Problem, Problems};
use crate::links::{ATTRIBUTES, LinkGraph, Links};
use crate::messages::{Code, Language, Message};
use crate::model::{Lang, Report};
use crate::output::{self, Published, WriteSummary, lock};
use crate::render::{DataUnit, Inputs, Selection};
use crate::{BuildOptions, Checked};

/// The cache's file inside its folder.
const FILE: &str = "build.json";
/// The keys, chart files and links of the last build's pages, beside it.
const PAGES: &str = "pages.bin";
/// The reports the last build loaded without a problem, beside it (see [`content::Memo`]).
const REPORTS: &str = "reports.bin";
/// Bumped when the files' shape or the fingerprint's recipe changes.
const VERSION: u64 = 4;

/// What one build read, as one number, and where its cache lives.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint {
    inputs: u64,
    /// The same inputs in parts, for the pages' keys.
    parts: Inputs,
    output: PathBuf,
    /// The language the warnings are worded in; they are kept worded.
    lang: Language,
}

impl Fingerprint {
    /// The fingerprint of everything a build with `options` reads, with the content's
    /// files as it read them when `keep`: the load that follows takes them instead of
    /// reading them again. `None` when a part of it cannot be read (the build then
    /// reports why, and nothing is cached).
    pub fn reading(
        options: &BuildOptions,
        keep: bool,
    ) -> Option<(Fingerprint, crate::content::Read)> {
        let mut global = DefaultHasher::new();
        VERSION.hash(&mut global);
        program().hash(&mut global);
        (
            &options.content,
            &options.output,
            &options.base_url,
            &options.theme,
            options.lang.code(),
        )
            .hash(&mut global);
        let mut provinces: BTreeMap<String, DefaultHasher> = BTreeMap::new();
        let mut reports: HashMap<String, DefaultHasher> = HashMap::new();
        let mut read = crate::content::Read::default();
        for (path, kind, hash, bytes) in folder(&options.content, keep)? {
            if keep {
                read.keep(path.clone(), kind, bytes);
            }
            let entry = (path, hash);
            match province_reports(&options.content, &entry.0) {
                Some((slug, report)) => {
                    if let Some(report) = report {
                        entry.hash(reports.entry(report).or_default());
                    }
                    entry.hash(provinces.entry(slug).or_default());
                }
                None => entry.hash(&mut global),
            }
        }
        let theme = options.theme_dir();
        theme
            .is_dir()
            .then(|| folder(&theme, false))
            .flatten()
            .map(|files| files.into_iter().map(|(path, _, hash, _)| (path, hash)))
            .map(Vec::from_iter)
            .hash(&mut global);
        let parts = Inputs {
            global: global.finish(),
            provinces: provinces
                .into_iter()
                .map(|(slug, h)| (slug, h.finish()))
                .collect(),
            reports: reports
                .into_iter()
                .map(|(at, h)| (at, h.finish()))
                .collect(),
        };
        let mut whole = DefaultHasher::new();
        parts.global.hash(&mut whole);
        let mut by_province: Vec<_> = parts.provinces.iter().collect();
        by_province.sort_unstable();
        by_province.hash(&mut whole);
        let fingerprint = Fingerprint {
            inputs: whole.finish(),
            parts,
            output: options.output.clone(),
            lang: options.lang,
        };
        Some((fingerprint, read))
    }

    /// Whether a build into `options.output` was recorded: only then can a build have
    /// nothing to do ([`Fingerprint::unchanged`]).
    pub fn recorded(options: &BuildOptions) -> bool {
        file_of(&options.output).is_some_and(|file| file.is_file())
    }

    /// The inputs in parts, for the pages' keys.
    pub fn parts(&self) -> &Inputs {
        &self.parts
    }

    /// What the last build reported, when it read the same inputs and its output
    /// is still exactly as it published it.
    pub fn unchanged(&self) -> Option<(WriteSummary, Checked)> {
        let text = fs::read(self.file()?).ok()?;
        let saved: Value = serde_json::from_slice(&text).ok()?;
        if saved["version"] != VERSION || saved["inputs"] != hex(self.inputs) {
            return None;
        }
        if saved["output"] != hex(output::stamp(&self.output)?) {
            return None;
        }
        let summary = WriteSummary {
            unchanged: saved["files"].as_u64()? as usize,
            pages: saved["pages"].as_u64()? as usize,
            ..WriteSummary::default()
        };
        let checked = Checked {
            problems: problems(&saved["problems"])?,
            completeness: Some(completeness(&saved["completeness"])?),
        };
        Some((summary, checked))
    }

    /// The reports the last build into `options.output` loaded, when this same
    /// program saved them; none otherwise. A load given it parses only the reports
    /// whose files, or the files every report is read with, changed since.
    pub fn memo(options: &BuildOptions) -> Memo {
        #[derive(serde::Deserialize)]
        struct Saved {
            program: u64,
            reports: Vec<(u64, Report)>,
        }
        let file = file_of(&options.output).map(|file| file.with_file_name(REPORTS));
        let read = move || {
            let bytes = fs::read(file?).ok()?;
            let saved: Saved = postcard::from_bytes(&bytes).ok()?;
            (saved.program == program_key()).then_some(saved.reports)
        };
        // Read while the content is: see `content::load_reusing`.
        Memo::later(Box::new(move || read().unwrap_or_default()))
    }

    /// Records the build that just published its site and reported `checked`.
    /// A cache that cannot be written is no error: the next build renders again.
    /// With it, the keys, chart files and links of its keyed pages (`pages`), and
    /// the reports it loaded without a problem (`reports`, see [`Memo::clean`]).
    pub fn save(
        &self,
        checked: &Checked,
        published: &Published,
        pages: &PageIndex,
        reports: &[(u64, &Report)],
    ) {
        let Some(file) = self.file() else {
            return;
        };
        let reports = || {
            #[derive(serde::Serialize)]
            struct Saved<'a> {
                program: u64,
                reports: &'a [(u64, &'a Report)],
            }
            let saved = Saved {
                program: program_key(),
                reports,
            };
            let write = |to: &mut dyn std::io::Write| {
                let bytes = postcard::to_stdvec(&saved).map_err(std::io::Error::other)?;
                to.write_all(&bytes)
            };
            if write_atomically(&file.with_file_name(REPORTS), write).is_err() {
                let _ = fs::remove_file(file.with_file_name(REPORTS));
            }
        };
        rayon::join(reports, || {
            self.save_stamped(checked, published, pages, &file)
        });
    }

    /// What [`Fingerprint::save`] records with the stamp of the published site.
    fn save_stamped(
        &self,
        checked: &Checked,
        published: &Published,
        pages: &PageIndex,
        file: &Path,
    ) {
        let Some(stamp) = published.stamp() else {
            return;
        };
        let summary = &published.summary;
        let saved = json!({
            "version": VERSION,
            "inputs": hex(self.inputs),
            "output": hex(stamp),
            "files": summary.written + summary.unchanged,
            "pages": summary.pages,
            "problems": checked.problems.iter().map(|p| self.worded(p)).collect::<Vec<_>>(),
            "completeness": checked.completeness,
        });
        let written = write_atomically(&file.with_file_name(PAGES), |to| pages.write_to(stamp, to))
            .and_then(|()| write_atomically(file, |to| to.write_all(saved.to_string().as_bytes())));
        if written.is_err() {
            let _ = fs::remove_file(file);
            let _ = fs::remove_file(file.with_file_name(PAGES));
        }
    }

    /// The last build's pages, when the published output is still the one they
    /// describe: `stamp` is the output's stamp, taken under the build's lock.
    /// The two are read at once.
    pub fn pages(&self, stamp: impl FnOnce() -> Option<u64> + Send) -> Option<PageIndex> {
        let saved = || {
            let bytes = fs::read(self.file()?.with_file_name(PAGES)).ok()?;
            postcard::from_bytes::<PageIndex>(&bytes).ok()
        };
        let (saved, stamp) = rayon::join(saved, stamp);
        let saved = saved?;
        (saved.version == VERSION && saved.output == hex(stamp?)).then(|| saved.indexed())
    }

    /// A warning as the editor read it, in this build's language.
    fn worded(&self, problem: &Problem) -> Value {
        json!({
            "severity": problem.severity,
            "file": problem.file,
            "line": problem.line,
            "column": problem.column,
            "message": self.lang.text(&problem.message),
            "hint": problem.hint.as_ref().map(|hint| self.lang.text(hint)),
        })
    }

    fn file(&self) -> Option<PathBuf> {
        file_of(&self.output)
    }
}

/// The cache's file for the output folder `output`, when that folder exists.
fn file_of(output: &Path) -> Option<PathBuf> {
    let output = output.canonicalize().ok()?;
    Some(output::beside(&output, "cache").join(FILE))
}

fn hex(n: u64) -> String {
    format!("{n:016x}")
}

/// Writes `file` with `write`, whole or not at all, making its folder.
fn write_atomically(
    file: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = file.parent().expect("the cache file is in its folder");
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let part = folder.join(format!("{name}.part"));
    fs::create_dir_all(folder)?;
    write(&mut fs::File::create(&part)?)?;
    fs::rename(&part, file)
}

/// The province whose reports `path` (under the content folder) belongs to: a
/// period's folder `provinces/<slug>/<period>`, and the `report.yaml` and
/// `report.<lang>.md` in it. Any other file may be read by any page. With it, the
/// report (`<slug>/<period>`) when `path` is one of its files other than a narrative.
fn province_reports(content: &Path, path: &Path) -> Option<(String, Option<String>)> {
    let rel = path.strip_prefix(content).ok()?;
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let period = |p: &str| p.starts_with(|c: char| c.is_ascii_digit());
    let report = |slug: &str, p: &str| Some(format!("{slug}/{p}"));
    match parts[..] {
        ["provinces", slug, p] if period(p) => Some((slug.to_string(), report(slug, p))),
        ["provinces", slug, p, file] if period(p) && file.starts_with("report.") => {
            let narrative = file.ends_with(".md");
            Some((slug.to_string(), report(slug, p).filter(|_| !narrative)))
        }
        _ => None,
    }
}

/// The keyed pages of a render: each page's path, key and chart files, and its ids
/// and references, every string kept once and named by its number, as `pages.bin`
/// holds them. A reference is the number of its address times four, plus its
/// attribute's place in [`ATTRIBUTES`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PageIndex {
    version: u64,
    /// The stamp of the output the pages are in (`hex`), set when saved.
    output: String,
    strings: Vec<String>,
    pages: Vec<SavedPage>,
    data: Vec<SavedData>,
    /// Each page's place in `pages`, by its path; made when read.
    #[serde(skip)]
    by_path: HashMap<String, usize>,
    /// Each unit of data files' place in `data`, by its name; made when read.
    #[serde(skip)]
    by_unit: HashMap<String, usize>,
}

/// A page's path, key (in hex), charts, ids and references, strings by their number.
type SavedPage = (u32, String, Vec<u32>, Vec<u32>, Vec<u32>);

/// A unit of data files: its name, key (in hex), files with their sizes, and facts.
type SavedData = (u32, String, Vec<(u32, usize)>, u8);

/// Gives each string a number, in the order they come.
#[derive(Default)]
struct Numbers(rustc_hash::FxHashMap<String, u32>);

impl Numbers {
    fn of(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.0.get(s) {
            return n;
        }
        let n = self.0.len() as u32;
        self.0.insert(s.to_string(), n);
        n
    }

    /// The strings, by their number.
    fn strings(self) -> Vec<String> {
        let mut out = vec![String::new(); self.0.len()];
        for (text, n) in self.0 {
            out[n as usize] = text;
        }
        out
    }
}

impl PageIndex {
    /// Writes the index as `pages.bin` holds it, without a copy of it in memory.
    fn write_to(&self, stamp: u64, to: &mut dyn std::io::Write) -> std::io::Result<()> {
        #[derive(serde::Serialize)]
        struct Saving<'a> {
            version: u64,
            output: String,
            strings: &'a [String],
            pages: &'a [SavedPage],
            data: &'a [SavedData],
        }
        let saving = Saving {
            version: VERSION,
            output: hex(stamp),
            strings: &self.strings,
            pages: &self.pages,
            data: &self.data,
        };
        // The fields of `PageIndex` that are saved, in its order: `postcard` is read by place.
        let bytes = postcard::to_stdvec(&saving).map_err(std::io::Error::other)?;
        to.write_all(&bytes)
    }

    /// Makes the lookup by path of an index just read.
    fn indexed(mut self) -> PageIndex {
        let strings = &self.strings;
        let path = |page: &SavedPage| strings.get(page.0 as usize).cloned();
        let by_path = self.pages.iter().enumerate();
        self.by_path = by_path.filter_map(|(i, p)| Some((path(p)?, i))).collect();
        let by_unit = self.data.iter().enumerate();
        let unit = |d: &SavedData| strings.get(d.0 as usize).cloned();
        self.by_unit = by_unit.filter_map(|(i, d)| Some((unit(d)?, i))).collect();
        self
    }

    fn text(&self, n: u32) -> &str {
        self.strings.get(n as usize).map_or("", String::as_str)
    }
}

/// The pages of the last render that a new one keeps: a page whose key is the
/// one it had keeps its file and its chart files (handed to `keep`), and its links
/// and ids go to the link check as they were.
pub struct Reuse<'a> {
    inputs: Option<&'a Inputs>,
    last: Option<&'a PageIndex>,
    graph: &'a LinkGraph,
    keep: &'a (dyn Fn(&str) + Sync),
    /// Every keyed page of this render, kept or rendered: path, key and charts.
    next: Mutex<Vec<(String, u64, Vec<String>)>>,
    /// Every keyed unit of data files of this render, kept or rendered.
    next_data: Mutex<Vec<(String, u64, DataUnit)>>,
    /// The keyed files that are not pages rendered, not kept.
    made: Mutex<Vec<String>>,
}

impl<'a> Reuse<'a> {
    /// Keys pages when `inputs` is given, and keeps those of `last` whose key is the same.
    pub fn new(
        (inputs, last): (Option<&'a Inputs>, Option<&'a PageIndex>),
        graph: &'a LinkGraph,
        keep: &'a (dyn Fn(&str) + Sync),
    ) -> Self {
        Reuse {
            inputs,
            last,
            graph,
            keep,
            next: Mutex::default(),
            next_data: Mutex::default(),
            made: Mutex::default(),
        }
    }

    /// The pages and units of data files of this render, in order: what its
    /// [`PageIndex`] is made of once every link is known ([`Rendered::index`]).
    pub fn finish(self) -> Rendered {
        let mut pages = self.next.into_inner().unwrap_or_else(|p| p.into_inner());
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut data = (self.next_data.into_inner()).unwrap_or_else(|p| p.into_inner());
        data.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Rendered { pages, data }
    }
}

/// Every keyed page of a render (path, key and charts) and every keyed unit of data
/// files, kept or rendered, in order of their paths.
pub struct Rendered {
    pages: Vec<(String, u64, Vec<String>)>,
    data: Vec<(String, u64, DataUnit)>,
}

impl Rendered {
    /// The index of the pages, with their links and ids as `links` has them (those of
    /// the pages kept were put back into the graph).
    pub fn index(self, links: &Links) -> PageIndex {
        let mut numbers = Numbers::default();
        let mut pages = Vec::with_capacity(self.pages.len());
        let paths: Vec<&str> = self.pages.iter().map(|(path, ..)| path.as_str()).collect();
        let mut next = self.pages.iter();
        links.visit_links(&paths, |ids, references| {
            let Some((path, key, charts)) = next.next() else {
                return;
            };
            let reference = |numbers: &mut Numbers, (attr, url): &(&str, &str)| {
                let at = ATTRIBUTES.iter().position(|a| a == attr).unwrap_or(0) as u32;
                numbers.of(url) * 4 + at
            };
            pages.push((
                numbers.of(path),
                hex(*key),
                charts.iter().map(|c| numbers.of(c)).collect(),
                ids.iter().map(|id| numbers.of(id)).collect(),
                references
                    .iter()
                    .map(|r| reference(&mut numbers, r))
                    .collect(),
            ));
        });
        let data = (self.data.iter())
            .map(|(unit, key, made)| {
                let files = made.files.iter();
                let files = files
                    .map(|(path, size)| (numbers.of(path), *size))
                    .collect();
                (numbers.of(unit), hex(*key), files, made.facts)
            })
            .collect();
        let index = PageIndex {
            version: VERSION,
            strings: numbers.strings(),
            pages,
            data,
            ..PageIndex::default()
        };
        index.indexed()
    }
}

impl Selection for Reuse<'_> {
    fn inputs(&self) -> Option<&Inputs> {
        self.inputs
    }

    fn render(&self, path: &str, key: u64) -> bool {
        let Some(last) = self.last else {
            return true;
        };
        let Some(page) = last.by_path.get(path).map(|&i| &last.pages[i]) else {
            return true;
        };
        let (_, saved_key, charts, ids, references) = page;
        if u64::from_str_radix(saved_key, 16).ok() != Some(key) {
            return true;
        }
        (self.keep)(path);
        let references = references.iter().map(|r| {
            let attr = ATTRIBUTES.get((r % 4) as usize).copied().unwrap_or("href");
            (attr, last.text(r / 4))
        });
        let ids = ids.iter().map(|&id| last.text(id));
        self.graph.add_kept_page(path, ids, references);
        let charts: Vec<String> = charts.iter().map(|&c| last.text(c).to_string()).collect();
        for chart in &charts {
            (self.keep)(chart);
            self.graph.add_kept_file(chart);
        }
        lock(&self.next).push((path.to_string(), key, charts));
        false
    }

    fn rendered(&self, path: &str, key: u64, charts: Vec<String>) {
        lock(&self.next).push((path.to_string(), key, charts));
    }

    fn data_kept(&self, unit: &str, key: u64) -> Option<DataUnit> {
        let last = self.last?;
        let (_, saved_key, files, facts) = &last.data[*last.by_unit.get(unit)?];
        if u64::from_str_radix(saved_key, 16).ok() != Some(key) {
            return None;
        }
        let files: Vec<(String, usize)> = (files.iter())
            .map(|&(path, size)| (last.text(path).to_string(), size))
            .collect();
        for (path, _) in &files {
            (self.keep)(path);
            self.graph.add_kept_file(path);
        }
        let kept = DataUnit {
            files,
            facts: *facts,
        };
        lock(&self.next_data).push((unit.to_string(), key, kept.clone()));
        Some(kept)
    }

    fn data_rendered(&self, unit: &str, key: u64, files: DataUnit) {
        lock(&self.made).push(unit.to_string());
        lock(&self.next_data).push((unit.to_string(), key, files));
    }

    fn file_rendered(&self, path: &str, key: u64, with: Vec<String>) {
        lock(&self.made).push(path.to_string());
        self.rendered(path, key, with);
    }

    fn made(&self) -> Vec<String> {
        let mut made = lock(&self.made).clone();
        made.sort_unstable();
        made
    }
}

/// This program and the cache's shape, as one number: what another build's saved
/// reports must have been written by.
fn program_key() -> u64 {
    let mut hasher = DefaultHasher::new();
    (VERSION, program()).hash(&mut hasher);
    hasher.finish()
}

/// The running program: its version, size and modification time. A rebuilt
/// `baocao` may render differently, so its cache is not trusted.
fn program() -> Option<(&'static str, u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    Some((env!("CARGO_PKG_VERSION"), meta.len(), meta.modified().ok()?))
}

/// An entry of a folder: its path, its kind, the hash of what it holds, and maybe its bytes.
type Entry = (PathBuf, fs::FileType, u64, Option<Vec<u8>>);

/// Every entry under `dir`, in name order: its path, and for a file the hash of its
/// bytes (read in parallel), with the bytes when `keep`. A link is not followed: its
/// target's path is hashed. `None` when the folder cannot be read completely.
fn folder(dir: &Path, keep: bool) -> Option<Vec<Entry>> {
    // The folder itself first, as a walk gives it; then what is under it, listed in
    // parallel and put in the order of a walk sorted by name (the paths' order).
    let root = (dir.to_path_buf(), dir.metadata().ok()?.file_type());
    let mut entries: Vec<(PathBuf, fs::FileType)> = (output::listing(dir).ok()?.into_iter())
        .map(|(rel, kind, _)| (dir.join(rel), kind))
        .collect();
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (rayon::iter::once(root).chain(entries))
        .map(|(path, kind)| {
            let mut hasher = DefaultHasher::new();
            (kind.is_file(), kind.is_dir(), kind.is_symlink()).hash(&mut hasher);
            let mut kept = None;
            if kind.is_file() {
                let bytes = fs::read(&path).ok()?;
                bytes.hash(&mut hasher);
                kept = keep.then_some(bytes);
            } else if kind.is_symlink() {
                fs::read_link(&path).ok()?.hash(&mut hasher);
            }
            Some((path, kind, hasher.finish(), kept))
        })
        .collect()
}

/// The warnings of a build, as [`save`](Fingerprint::save) wrote them.
fn problems(saved: &Value) -> Option<Problems> {
    let mut problems = Problems::default();
    for p in saved.as_array()? {
        let number = |key: &str| p[key].as_u64().map(|n| n as usize);
        let file = p["file"].as_str()?;
        let worded = |text: &str| Message::new(Code::Verbatim).arg("text", text);
        let message = worded(p["message"].as_str()?);
        let problem = match p["severity"].as_str()? {
            "error" => Problem::error(file, message),
            _ => Problem::warning(file, message),
        };
        let mut problem = problem.at(number("line")?, number("column")?);
        if let Some(hint) = p["hint"].as_str() {
            problem = problem.hint(worded(hint));
        }
        problems.push(problem);
    }
    Some(problems)
}

/// How complete each language was, as [`save`](Fingerprint::save) wrote it.
fn completeness(saved: &Value) -> Option<Completeness> {
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    let count = |v: &Value| v.as_u64().map(|n| n as usize);
    let tasks = |v: &Value| -> Option<Vec<(String, usize)>> {
        v.as_array()?
            .iter()
            .map(|task| Some((task[0].as_str()?.to_string(), count(&task[1])?)))
            .collect()
    };
    let languages = saved["languages"]
        .as_array()?
        .iter()
        .map(|l| {
            Some(LanguageCompleteness {
                lang: Lang::from_code(l["lang"].as_str()?)?,
                narratives: count(&l["narratives"])?,
                reports_without_narrative: strings(&l["reports_without_narrative"])?,
                key_tasks: count(&l["key_tasks"])?,
                key_tasks_translated: count(&l["key_tasks_translated"])?,
                key_tasks_without_translation: tasks(&l["key_tasks_without_translation"])?,
            })
        })
        .collect::<Option<_>>()?;
    Some(Completeness {
        reports: count(&saved["reports"])?,
        languages,
    })
}
