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
//! changed ([`Reuse`]): beside that file, `pages.json` records each province,
//! report, indicator and ranking page's key (a hash of what it shows, see
//! `render::select`), the chart files made with it, and its links and ids. Those
//! are trusted only while the published output is exactly the one they describe
//! (its stamp); the pages kept are linked into the new site as they are.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::completeness::{Completeness, LanguageCompleteness};
use crate::diagnostics::{Problem, Problems};
use crate::links::{ATTRIBUTES, LinkGraph, PageLinks};
use crate::messages::{Code, Language, Message};
use crate::model::Lang;
use crate::output::{self, Published, WriteSummary, lock};
use crate::render::{Inputs, Selection};
use crate::{BuildOptions, Checked};

/// The cache's file inside its folder.
const FILE: &str = "build.json";
/// The keys, chart files and links of the last build's pages, beside it.
const PAGES: &str = "pages.json";
/// Bumped when the files' shape or the fingerprint's recipe changes.
const VERSION: u64 = 2;

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
    /// The fingerprint of everything a build with `options` reads; `None` when a part
    /// of it cannot be read (the build then reports why, and nothing is cached).
    pub fn of(options: &BuildOptions) -> Option<Fingerprint> {
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
        for entry in folder(&options.content)? {
            match province_reports(&options.content, &entry.0) {
                Some(slug) => entry.hash(provinces.entry(slug).or_default()),
                None => entry.hash(&mut global),
            }
        }
        let theme = options.theme_dir();
        theme
            .is_dir()
            .then(|| folder(&theme))
            .flatten()
            .hash(&mut global);
        let parts = Inputs {
            global: global.finish(),
            provinces: provinces
                .into_iter()
                .map(|(slug, h)| (slug, h.finish()))
                .collect(),
        };
        let mut whole = DefaultHasher::new();
        parts.global.hash(&mut whole);
        let mut by_province: Vec<_> = parts.provinces.iter().collect();
        by_province.sort_unstable();
        by_province.hash(&mut whole);
        Some(Fingerprint {
            inputs: whole.finish(),
            parts,
            output: options.output.clone(),
            lang: options.lang,
        })
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

    /// Records the build that just published its site and reported `checked`.
    /// A cache that cannot be written is no error: the next build renders again.
    /// With it, the keys, chart files and links of its keyed pages (`pages`).
    pub fn save(&self, checked: &Checked, published: &Published, pages: &PageIndex) {
        let (Some(file), Some(stamp)) = (self.file(), published.stamp()) else {
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
        let pages = pages.to_json(stamp);
        let written = write_atomically(&file.with_file_name(PAGES), &pages)
            .and_then(|()| write_atomically(&file, saved.to_string().as_bytes()));
        if written.is_err() {
            let _ = fs::remove_file(&file);
            let _ = fs::remove_file(file.with_file_name(PAGES));
        }
    }

    /// The last build's pages, when the published output is still the one they
    /// describe: `stamp` is the output's stamp, taken under the build's lock.
    pub fn pages(&self, stamp: impl FnOnce() -> Option<u64>) -> Option<PageIndex> {
        let text = fs::read(self.file()?.with_file_name(PAGES)).ok()?;
        let saved: SavedPages<String> = serde_json::from_slice(&text).ok()?;
        (saved.version == VERSION && saved.output == hex(stamp()?)).then(|| saved.index())
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
        let output = self.output.canonicalize().ok()?;
        Some(output::beside(&output, "cache").join(FILE))
    }
}

fn hex(n: u64) -> String {
    format!("{n:016x}")
}

/// Writes `bytes` to `file` whole or not at all, making its folder.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = file.parent().expect("the cache file is in its folder");
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let part = folder.join(format!("{name}.part"));
    fs::create_dir_all(folder)?;
    fs::write(&part, bytes)?;
    fs::rename(&part, file)
}

/// The province whose reports `path` (under the content folder) belongs to: a
/// period's folder `provinces/<slug>/<period>`, and the `report.yaml` and
/// `report.<lang>.md` in it. Any other file may be read by any page.
fn province_reports(content: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content).ok()?;
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let period = |p: &str| p.starts_with(|c: char| c.is_ascii_digit());
    match parts[..] {
        ["provinces", slug, p] if period(p) => Some(slug.to_string()),
        ["provinces", slug, p, file] if period(p) && file.starts_with("report.") => {
            Some(slug.to_string())
        }
        _ => None,
    }
}

/// What the last build rendered of each keyed page (by its output file).
#[derive(Debug, Default)]
pub struct PageIndex {
    pages: HashMap<String, PageEntry>,
}

#[derive(Debug, Clone, Default)]
struct PageEntry {
    key: u64,
    /// The chart files made with the page.
    charts: Vec<String>,
    links: PageLinks,
}

/// [`PageIndex`] as `pages.json` holds it: every string once, in `strings`, and
/// each page as (its path, key, charts, ids, references), strings by their number.
/// A reference is the number of its value times four, plus its attribute's place
/// in [`ATTRIBUTES`].
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedPages<S> {
    version: u64,
    output: String,
    strings: Vec<S>,
    pages: Vec<SavedPage>,
}

/// A page's path, key, charts, ids and references, as numbers of strings (the key in hex).
type SavedPage = (u32, String, Vec<u32>, Vec<u32>, Vec<u32>);

/// Gives each string a number, in the order they come.
#[derive(Default)]
struct Numbers<'a> {
    numbers: HashMap<&'a str, u32>,
    strings: Vec<&'a str>,
}

impl<'a> Numbers<'a> {
    fn of(&mut self, s: &'a str) -> u32 {
        *self.numbers.entry(s).or_insert_with(|| {
            self.strings.push(s);
            self.strings.len() as u32 - 1
        })
    }

    /// A reference: its value's number times four, plus its attribute's place.
    fn reference(&mut self, (attr, value): &'a (String, String)) -> Option<u32> {
        let at = ATTRIBUTES.iter().position(|a| a == attr)? as u32;
        Some(self.of(value) * 4 + at)
    }
}

impl PageIndex {
    fn to_json(&self, stamp: u64) -> Vec<u8> {
        let mut numbers = Numbers::default();
        let mut paths: Vec<&String> = self.pages.keys().collect();
        paths.sort_unstable();
        let mut pages = Vec::with_capacity(paths.len());
        for path in paths {
            let entry = &self.pages[path];
            let links = &entry.links;
            pages.push((
                numbers.of(path),
                hex(entry.key),
                entry.charts.iter().map(|c| numbers.of(c)).collect(),
                links.ids.iter().map(|id| numbers.of(id)).collect(),
                (links.references.iter())
                    .filter_map(|r| numbers.reference(r))
                    .collect(),
            ));
        }
        let saved = SavedPages {
            version: VERSION,
            output: hex(stamp),
            strings: numbers.strings,
            pages,
        };
        serde_json::to_vec(&saved).unwrap_or_default()
    }
}

impl SavedPages<String> {
    fn index(self) -> PageIndex {
        let s = |n: &u32| self.strings.get(*n as usize).cloned().unwrap_or_default();
        let pages = self
            .pages
            .iter()
            .filter_map(|(path, key, charts, ids, references)| {
                let references = references
                    .iter()
                    .map(|r| (ATTRIBUTES[(r % 4) as usize].to_string(), s(&(r / 4))))
                    .collect();
                let entry = PageEntry {
                    key: u64::from_str_radix(key, 16).ok()?,
                    charts: charts.iter().map(s).collect(),
                    links: PageLinks {
                        ids: ids.iter().map(s).collect(),
                        references,
                    },
                };
                Some((s(path), entry))
            });
        PageIndex {
            pages: pages.collect(),
        }
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
    next: Mutex<HashMap<String, PageEntry>>,
    /// The pages rendered, whose links and ids are in the graph.
    rendered: Mutex<Vec<String>>,
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
            rendered: Mutex::default(),
        }
    }

    /// The pages of this render, with the links and ids of those it rendered.
    pub fn finish(self) -> PageIndex {
        let mut pages = self.next.into_inner().unwrap_or_else(|p| p.into_inner());
        let rendered = self
            .rendered
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        for (path, links) in rendered.iter().zip(self.graph.links_of(&rendered)) {
            if let Some(entry) = pages.get_mut(path) {
                entry.links = links.unwrap_or_default();
            }
        }
        PageIndex { pages }
    }
}

impl Selection for Reuse<'_> {
    fn inputs(&self) -> Option<&Inputs> {
        self.inputs
    }

    fn render(&self, path: &str, key: u64) -> bool {
        let Some(entry) = self.last.and_then(|last| last.pages.get(path)) else {
            return true;
        };
        if entry.key != key {
            return true;
        }
        (self.keep)(path);
        self.graph.add_kept(path, Some(&entry.links));
        for chart in &entry.charts {
            (self.keep)(chart);
            self.graph.add_kept(chart, None);
        }
        lock(&self.next).insert(path.to_string(), entry.clone());
        false
    }

    fn rendered(&self, path: &str, key: u64, charts: Vec<String>) {
        let entry = PageEntry {
            key,
            charts,
            links: PageLinks::default(),
        };
        lock(&self.next).insert(path.to_string(), entry);
        lock(&self.rendered).push(path.to_string());
    }
}

/// The running program: its version, size and modification time. A rebuilt
/// `baocao` may render differently, so its cache is not trusted.
fn program() -> Option<(&'static str, u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    Some((env!("CARGO_PKG_VERSION"), meta.len(), meta.modified().ok()?))
}

/// Every entry under `dir`, in name order: its path, and for a file the hash of its
/// bytes (read in parallel). `None` when the folder cannot be read completely.
fn folder(dir: &Path) -> Option<Vec<(PathBuf, u64)>> {
    let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .collect::<Result<_, _>>()
        .ok()?;
    entries
        .par_iter()
        .map(|entry| {
            let mut hasher = DefaultHasher::new();
            let kind = entry.file_type();
            (kind.is_file(), kind.is_dir(), kind.is_symlink()).hash(&mut hasher);
            if kind.is_file() {
                fs::read(entry.path()).ok()?.hash(&mut hasher);
            } else if kind.is_symlink() {
                fs::read_link(entry.path()).ok()?.hash(&mut hasher);
            }
            Some((entry.path().to_path_buf(), hasher.finish()))
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
