//! The one place the loader touches the disk: the content folder, read into memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Problem, Problems, display_path};
use crate::messages::Code;
use crate::model::Lang;
use crate::source_files;

/// The files of a content folder, as text, by their path relative to the folder.
#[derive(Debug, Default)]
pub struct Files {
    /// The content folder, to name files as an editor knows them.
    pub root: PathBuf,
    /// Every file baocao knows: `provinces/ben-tre/2020/report.yaml`, with its
    /// text, or `None` when it could not be read (a problem says why).
    pub texts: BTreeMap<PathBuf, Option<String>>,
    /// Each province folder with its period folders, by name, sorted.
    pub provinces: BTreeMap<String, Vec<String>>,
}

impl Files {
    /// The text of a file, if it exists and could be read.
    pub fn text(&self, relative: impl AsRef<Path>) -> Option<&str> {
        self.texts.get(relative.as_ref())?.as_deref()
    }

    /// Whether the file exists, even if it could not be read.
    pub fn exists(&self, relative: impl AsRef<Path>) -> bool {
        self.texts.contains_key(relative.as_ref())
    }

    /// The path of a file as problems show it: `content/provinces/ben-tre/province.yaml`.
    pub fn shown(&self, relative: impl AsRef<Path>) -> PathBuf {
        display_path(&self.root, &self.root.join(relative))
    }
}

/// Files of a content folder already read, by their path: the content's fingerprint
/// read them, from a walk that follows no link. A load takes each from here, as it is,
/// instead of reading it again.
#[derive(Debug, Default)]
pub struct Read {
    bytes: std::collections::HashMap<PathBuf, Vec<u8>>,
    /// Every entry of the folder, in the order of a walk sorted by name: its path,
    /// whether it is a folder, whether it is a link.
    walked: Vec<(PathBuf, bool, bool)>,
}

impl Read {
    /// Keeps the entry at `path`, with the bytes of a file.
    pub(crate) fn keep(&mut self, path: PathBuf, kind: std::fs::FileType, bytes: Option<Vec<u8>>) {
        if let Some(bytes) = bytes {
            self.bytes.insert(path.clone(), bytes);
        }
        self.walked.push((path, kind.is_dir(), kind.is_symlink()));
    }

    /// What [`source_files::walk`] of `dir` down to `depth` gives, when no link is
    /// among it: each entry's path and whether it is a folder. `None` when nothing was
    /// walked, or a link was: the walk itself then says what is wrong.
    fn walked_under(&self, dir: &Path, depth: usize) -> Option<Vec<(PathBuf, bool)>> {
        let (_, is_dir, is_link) = self.walked.iter().find(|(path, ..)| path == dir)?;
        let under = (self.walked.iter()).filter(|(path, ..)| {
            let rel = path.strip_prefix(dir).ok();
            rel.is_some_and(|rel| (1..=depth).contains(&rel.components().count()))
        });
        let under: Vec<_> = under.collect();
        if !is_dir || *is_link || under.iter().any(|(_, _, is_link)| *is_link) {
            return None;
        }
        Some(
            under
                .into_iter()
                .map(|(path, is_dir, _)| (path.clone(), *is_dir))
                .collect(),
        )
    }
}

const TOP_FILES: [&str; 3] = ["site.yaml", "units.yaml", "indicators.yaml"];

/// `report.yaml`, or a narrative `report.<language>.md`: which languages the site has,
/// the checks decide.
fn is_report_file(name: &str) -> bool {
    let code = name
        .strip_prefix("report.")
        .and_then(|n| n.strip_suffix(".md"));
    name == "report.yaml" || code.is_some_and(|code| Lang::from_code(code).is_some())
}

/// Reads the content folder; `None` when there is none. Problems say which files
/// could not be read, and which files baocao does not know.
pub fn read_folder(root: &Path, mut read: Read) -> (Option<Files>, Problems) {
    let mut problems = Problems::default();
    if !root.is_dir() {
        problems.push(Problem::error(root, Code::ContentMissing).hint(Code::ContentMissingHint));
        return (None, problems);
    }
    let mut files = Files {
        root: root.to_path_buf(),
        ..Files::default()
    };
    let top = TOP_FILES.map(PathBuf::from).to_vec();
    read_all(&mut files, &mut problems, top, &mut read);
    walk_provinces(&mut files, &mut problems, &mut read);
    (Some(files), problems)
}

/// Reads the files at `relative` paths, two or more at a time, and keeps their texts;
/// the problems come in the order of the paths. A file in `read` is taken from there.
fn read_all(files: &mut Files, problems: &mut Problems, relative: Vec<PathBuf>, read: &mut Read) {
    let folders = source_files::Folders::default();
    let jobs: Vec<(PathBuf, Option<Vec<u8>>)> = (relative.into_iter())
        .map(|rel| {
            let bytes = read.bytes.remove(&files.root.join(&rel));
            (rel, bytes)
        })
        .collect();
    let texts: Vec<(PathBuf, Result<String, Problem>)> = (jobs.into_par_iter())
        .map(|(rel, bytes)| {
            let shown = files.shown(&rel);
            let text = match bytes {
                Some(bytes) => crate::text::decode(bytes, &shown),
                None => source_files::read_text_in(
                    &files.root,
                    &files.root.join(&rel),
                    &shown,
                    &folders,
                ),
            };
            (rel, text)
        })
        .collect();
    for (rel, text) in texts {
        let text = text.map_err(|problem| problems.push(problem)).ok();
        files.texts.insert(rel, text);
    }
}

/// Province folders, their period folders and the files baocao knows in them.
fn walk_provinces(files: &mut Files, problems: &mut Problems, read: &mut Read) {
    let dir = files.root.join("provinces");
    if !dir.is_dir() {
        problems.push(Problem::warning(
            files.shown("provinces"),
            Code::NoProvinces,
        ));
    }
    let root = files.root.clone();
    let mut to_read = Vec::new();
    let mut links = Vec::new();
    let walked = read.walked_under(&dir, 3).unwrap_or_else(|| {
        let entries = source_files::walk_naming_links(&root, &dir, 3).filter_map(|entry| {
            let refused = match entry {
                Ok(entry) => return Some((entry.path().to_path_buf(), entry.file_type().is_dir())),
                Err(refused) => refused,
            };
            let (problem, link) = *refused;
            problems.push(problem);
            links.extend(link);
            None
        });
        entries.collect()
    });
    for (path, is_dir) in walked {
        let relative = path.strip_prefix(&files.root).unwrap_or(&path);
        let parts: Vec<String> = relative
            .iter()
            .skip(1)
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        match (parts.as_slice(), is_dir) {
            ([province], true) => {
                files.provinces.insert(province.clone(), Vec::new());
            }
            ([province, period], true) => {
                if let Some(periods) = files.provinces.get_mut(province) {
                    periods.push(period.clone());
                }
            }
            ([_, name], false) if name == "province.yaml" => to_read.push(relative.to_path_buf()),
            ([_, _, name], false) if is_report_file(name) => to_read.push(relative.to_path_buf()),
            ([.., name], false) if name.starts_with('.') => {}
            (parts, false) => problems.push(
                Problem::warning(files.shown(relative), Code::FileUnknown).hint(
                    if parts.len() == 2 {
                        Code::FileUnknownInProvince
                    } else {
                        Code::FileUnknownInPeriod
                    },
                ),
            ),
            _ => {}
        }
    }
    read_all(files, problems, to_read, read);
    mark_refused_links(files, links);
}

/// A known file that is a link was refused (and reported) by the walk: it still
/// exists, so the report does not also say it is missing.
fn mark_refused_links(files: &mut Files, links: Vec<PathBuf>) {
    for link in links {
        let Ok(relative) = link.strip_prefix(&files.root) else {
            continue;
        };
        let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
        let known = match parts.as_slice() {
            [_, province, name] => {
                name == "province.yaml" && files.provinces.contains_key(&**province)
            }
            [_, province, period, name] => {
                let periods = files.provinces.get(&**province);
                is_report_file(name) && periods.is_some_and(|p| p.iter().any(|p| p == period))
            }
            _ => false,
        };
        if known {
            files.texts.entry(relative.to_path_buf()).or_insert(None);
        }
    }
}
