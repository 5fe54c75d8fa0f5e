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
pub fn read_folder(root: &Path) -> (Option<Files>, Problems) {
    let mut problems = Problems::default();
    if !root.is_dir() {
        problems.push(Problem::error(root, Code::ContentMissing).hint(Code::ContentMissingHint));
        return (None, problems);
    }
    let mut files = Files {
        root: root.to_path_buf(),
        ..Files::default()
    };
    for name in TOP_FILES {
        read(&mut files, &mut problems, PathBuf::from(name));
    }
    walk_provinces(&mut files, &mut problems);
    (Some(files), problems)
}

fn read(files: &mut Files, problems: &mut Problems, relative: PathBuf) {
    read_all(files, problems, vec![relative]);
}

/// Reads the files at `relative` paths, two or more at a time, and keeps their texts;
/// the problems come in the order of the paths.
fn read_all(files: &mut Files, problems: &mut Problems, relative: Vec<PathBuf>) {
    let folders = source_files::Folders::default();
    let read: Vec<Result<String, Problem>> = (relative.par_iter())
        .map(|rel| {
            let path = files.root.join(rel);
            source_files::read_text_in(&files.root, &path, &files.shown(rel), &folders)
        })
        .collect();
    for (rel, text) in relative.into_iter().zip(read) {
        let text = text.map_err(|problem| problems.push(problem)).ok();
        files.texts.insert(rel, text);
    }
}

/// Province folders, their period folders and the files baocao knows in them.
fn walk_provinces(files: &mut Files, problems: &mut Problems) {
    let dir = files.root.join("provinces");
    if !dir.is_dir() {
        problems.push(Problem::warning(
            files.shown("provinces"),
            Code::NoProvinces,
        ));
    }
    let root = files.root.clone();
    let mut to_read = Vec::new();
    for entry in source_files::walk(&root, &dir, 3) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(&files.root)
            .unwrap_or(entry.path());
        let parts: Vec<String> = relative
            .iter()
            .skip(1)
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        let is_dir = entry.file_type().is_dir();
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
    read_all(files, problems, to_read);
    mark_refused_links(files);
}

/// A known file that is a link was refused (and reported) by the walk: it still
/// exists, so the report does not also say it is missing.
fn mark_refused_links(files: &mut Files) {
    let mut known: Vec<PathBuf> = Vec::new();
    for (province, periods) in &files.provinces {
        let province_dir = Path::new("provinces").join(province);
        known.push(province_dir.join("province.yaml"));
        for period in periods {
            // Narratives may be in any language, so the period folder says which exist.
            let dir = province_dir.join(period);
            let names = std::fs::read_dir(files.root.join(&dir))
                .into_iter()
                .flatten();
            known.extend(
                names
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().to_string())
                    .filter(|name| is_report_file(name))
                    .map(|name| dir.join(name)),
            );
        }
    }
    for relative in known {
        let is_link = files
            .root
            .join(&relative)
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            files.texts.entry(relative).or_insert(None);
        }
    }
}
