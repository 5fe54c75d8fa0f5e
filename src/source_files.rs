//! The only way baocao reads the content and theme folders: nothing outside the
//! folder, and no symbolic link, is ever read.
//!
//! A link is refused even when it points inside the folder, so that what is
//! published is exactly what the folder holds, and a link can never be turned
//! to point out of it later. Refused links are reported as errors naming the
//! link and its target; the target itself is never opened.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use walkdir::{DirEntry, WalkDir};

use crate::diagnostics::{Problem, display_path};
use crate::messages::{Code, Message};

/// Reads a text file of the folder `root`, refusing links (see [`crate::text::read_text`]).
pub fn read_text(root: &Path, path: &Path, shown: &Path) -> Result<String, Problem> {
    read_text_in(root, path, shown, &Folders::default())
}

/// The folders that one read of many files (from any thread) found not to be links:
/// each folder above the files is looked at once, each file every time.
#[derive(Default)]
pub struct Folders(Mutex<HashSet<PathBuf>>);

/// [`read_text`] of one of many files read together, which share `folders`.
pub fn read_text_in(
    root: &Path,
    path: &Path,
    shown: &Path,
    folders: &Folders,
) -> Result<String, Problem> {
    refuse_links_in(root, path, folders)?;
    crate::text::read_text(path, shown)
}

/// Reads a file of the folder `root` as bytes, refusing links.
pub fn read_bytes(root: &Path, path: &Path, shown: &Path) -> Result<Vec<u8>, Problem> {
    refuse_links(root, path)?;
    std::fs::read(path)
        .map_err(|err| Problem::error(shown, Message::new(Code::FileUnreadable).arg("error", err)))
}

/// The entries under `dir` (inside `root`) down to `max_depth`, sorted by name,
/// without `dir` itself. A link is an error unless its name starts with a dot
/// (editors' lock files): then it comes as an entry that is neither file nor folder.
pub fn walk<'a>(
    root: &'a Path,
    dir: &'a Path,
    max_depth: usize,
) -> impl Iterator<Item = Result<DirEntry, Problem>> + 'a {
    walk_naming_links(root, dir, max_depth).map(|entry| entry.map_err(|refused| refused.0))
}

/// [`walk`], with the path of each link refused beside its error.
pub fn walk_naming_links<'a>(
    root: &'a Path,
    dir: &'a Path,
    max_depth: usize,
) -> impl Iterator<Item = Result<DirEntry, Box<(Problem, Option<PathBuf>)>>> + 'a {
    let refused = refuse_links(root, dir).err();
    // WalkDir follows `dir` itself when it is a link: do not even list it then.
    let entries = refused.is_none().then(|| {
        WalkDir::new(dir)
            .min_depth(1)
            .max_depth(max_depth)
            .sort_by_file_name()
    });
    let entries = entries.into_iter().flatten().map(move |entry| match entry {
        Ok(entry) if entry.path_is_symlink() && !is_hidden(&entry) => Err(Box::new((
            link_problem(root, entry.path()),
            Some(entry.into_path()),
        ))),
        Ok(entry) => Ok(entry),
        Err(err) => {
            let path = err.path().unwrap_or(dir).to_path_buf();
            let problem = Problem::error(
                display_path(root, &path),
                Message::new(Code::FolderUnreadable).arg("error", err),
            );
            Err(Box::new((problem, None)))
        }
    });
    refused
        .map(|problem| Err(Box::new((problem, None))))
        .into_iter()
        .chain(entries)
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// Fails on the first link among `path` and the folders between `root` and it,
/// so that nothing is read, or written, through a link.
pub fn refuse_links(root: &Path, path: &Path) -> Result<(), Problem> {
    refuse_links_in(root, path, &Folders::default())
}

/// [`refuse_links`], skipping the folders in `known` and adding to it those it finds.
fn refuse_links_in(root: &Path, path: &Path, known: &Folders) -> Result<(), Problem> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Err(Problem::error(
            path,
            Message::new(Code::FileOutside).arg("folder", root.display()),
        ));
    };
    let mut current = root.to_path_buf();
    let last = rel.components().count();
    for (i, part) in rel.components().enumerate() {
        if !matches!(part, Component::Normal(_)) {
            return Err(Problem::error(
                display_path(root, path),
                Code::FileLeavesFolder,
            ));
        }
        current.push(part);
        let above = i + 1 < last;
        if above && crate::output::lock(&known.0).contains(&current) {
            continue;
        }
        match current.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(link_problem(root, &current));
            }
            Ok(meta) => {
                if above && meta.is_dir() {
                    crate::output::lock(&known.0).insert(current.clone());
                }
            }
            // Missing: the read that follows says so in its own words.
            Err(_) => break,
        }
    }
    Ok(())
}

/// The error for a link: where it points and whether that is inside the folder, never what it holds.
fn link_problem(root: &Path, link: &Path) -> Problem {
    let target = std::fs::read_link(link).unwrap_or_else(|_| PathBuf::from("?"));
    let folder = root.file_name().map_or_else(
        || root.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let resolved = link.canonicalize();
    let inside = match (&resolved, root.canonicalize()) {
        (Ok(resolved), Ok(root)) => resolved.starts_with(root),
        _ => false,
    };
    let message = match (resolved.is_ok(), inside) {
        (false, _) => Message::new(Code::LinkToNothing),
        (true, false) => Message::new(Code::LinkOutside).arg("folder", &folder),
        (true, true) => Message::new(Code::LinkInside).arg("folder", &folder),
    };
    let message = message.arg("target", target.display());
    Problem::error(display_path(root, link), message).hint(Code::LinkHint)
}
