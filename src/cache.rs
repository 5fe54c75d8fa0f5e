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

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::completeness::{Completeness, LanguageCompleteness};
use crate::diagnostics::{Problem, Problems};
use crate::messages::{Code, Language, Message};
use crate::model::Lang;
use crate::output::{self, Published, WriteSummary};
use crate::{BuildOptions, Checked};

/// The cache's file inside its folder.
const FILE: &str = "build.json";
/// Bumped when the file's shape or the fingerprint's recipe changes.
const VERSION: u64 = 1;

/// What one build read, as one number, and where its cache lives.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint {
    inputs: u64,
    output: PathBuf,
    /// The language the warnings are worded in; they are kept worded.
    lang: Language,
}

impl Fingerprint {
    /// The fingerprint of everything a build with `options` reads; `None` when a part
    /// of it cannot be read (the build then reports why, and nothing is cached).
    pub fn of(options: &BuildOptions) -> Option<Fingerprint> {
        let mut hasher = DefaultHasher::new();
        VERSION.hash(&mut hasher);
        program().hash(&mut hasher);
        (
            &options.content,
            &options.output,
            &options.base_url,
            &options.theme,
            options.lang.code(),
        )
            .hash(&mut hasher);
        folder(&options.content)?.hash(&mut hasher);
        let theme = options.theme_dir();
        theme
            .is_dir()
            .then(|| folder(&theme))
            .flatten()
            .hash(&mut hasher);
        Some(Fingerprint {
            inputs: hasher.finish(),
            output: options.output.clone(),
            lang: options.lang,
        })
    }

    /// What the last build reported, when it read the same inputs and its output
    /// is still exactly as it published it.
    pub fn unchanged(&self) -> Option<(WriteSummary, Checked)> {
        let text = fs::read(self.file()?).ok()?;
        let saved: Value = serde_json::from_slice(&text).ok()?;
        let stamp = output::stamp(&self.output)?;
        if saved["version"] != VERSION
            || saved["inputs"] != hex(self.inputs)
            || saved["output"] != hex(stamp)
        {
            return None;
        }
        let summary = WriteSummary {
            unchanged: saved["files"].as_u64()? as usize,
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
    pub fn save(&self, checked: &Checked, published: &Published) {
        let (Some(file), Some(stamp)) = (self.file(), published.stamp()) else {
            return;
        };
        let files = published.summary.written + published.summary.unchanged;
        let saved = json!({
            "version": VERSION,
            "inputs": hex(self.inputs),
            "output": hex(stamp),
            "files": files,
            "problems": checked.problems.iter().map(|p| self.worded(p)).collect::<Vec<_>>(),
            "completeness": checked.completeness,
        });
        let folder = file.parent().expect("the cache file is in its folder");
        let part = folder.join(format!("{FILE}.part"));
        let written = fs::create_dir_all(folder)
            .and_then(|()| fs::write(&part, saved.to_string()))
            .and_then(|()| fs::rename(&part, &file));
        if written.is_err() {
            let _ = fs::remove_file(&file);
        }
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
