//! Writes the generated site into its output folder, safely and only where something changed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;

/// Name of the file listing every file baocao wrote; its presence marks a folder as baocao's.
pub const MANIFEST: &str = ".baocao-manifest.json";

/// One generated file: a path relative to the output folder, with forward slashes ("vi/ben-tre/2020/index.html").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared, so that a file the theme holds is not copied for every build.
    pub bytes: bytes::Bytes,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The pages rendered, of the pages of the site: a rebuild renders only the
    /// pages whose inputs changed (see `cache::Reuse`).
    pub rendered: usize,
    pub pages: usize,
    /// The keyed files that are not pages a rebuild rendered rather than kept, in
    /// order: each unit of data files (`data/ben-tre/2020` for its `.csv`,
    /// `.excel.csv` and `.json`; `data/figures/2020`, with the period's breakdowns).
    pub files_rendered: Vec<String>,
}

#[derive(Debug)]
pub enum OutputError {
    /// The folder is not empty and has no manifest, so it may hold someone else's files.
    Refused { dir: PathBuf },
    /// A generated path that could escape the folder or clash with another one.
    BadPath { path: String, reason: &'static str },
    /// A file baocao never wrote sits where baocao now wants to write.
    NotOurs { path: PathBuf },
    /// The manifest exists but cannot be understood.
    BadManifest { path: PathBuf, reason: String },
    Io {
        op: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused { dir } => write!(
                f,
                "refusing to write into {}: it is not empty and was not created by baocao (no {MANIFEST}). \
                 baocao only writes into an empty folder or one it created; choose another output folder or empty this one",
                dir.display()
            ),
            Self::BadPath { path, reason } => write!(
                f,
                "invalid output path {path:?}: {reason}; output paths must be relative, use forward slashes \
                 and have no empty, '.' or '..' parts (this is a bug in baocao, please report it)"
            ),
            Self::NotOurs { path } => write!(
                f,
                "{} already exists but was not written by baocao; move or delete it so baocao can write its own file there",
                path.display()
            ),
            Self::BadManifest { path, reason } => write!(
                f,
                "cannot read baocao's manifest {}: {reason}; delete the output folder and build again",
                path.display()
            ),
            Self::Io { op, path, source } => write!(
                f,
                "could not {op} {}: {source}; check that the folder is writable and the disk is not full",
                path.display()
            ),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(op: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { op, path, source }
}

/// True when `dir` holds a manifest, i.e. baocao created it and may write into it.
#[cfg(test)]
fn is_baocao_output(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// Writes the site to `dir` as one unit (see [`Stage`]).
#[cfg(test)]
fn write_site(dir: &Path, files: &[OutputFile]) -> Result<WriteSummary, OutputError> {
    let stage = Stage::begin(dir)?;
    stage.write_all(files)?;
    Ok(stage.commit()?.summary)
}

/// A new site put together in a hidden folder beside the output folder, then
/// published whole: [`Stage::commit`] swaps the two folders in one step, so the
/// output folder always holds the complete old site or the complete new one.
///
/// Files arrive one at a time ([`Stage::put`], from any thread) as they are
/// rendered, and are not kept in memory: each is compared with the published
/// one and, when it differs, written into the stage at once. Files that did not
/// change are hard links to the published ones, so they keep their bytes and
/// modification times; when every file is unchanged, nothing is staged or written
/// at all. The site a swap puts aside is kept, and the next stage is made from it:
/// it differs from the published site only by what the last build changed. Files baocao did not write are carried over; a foreign
/// folder is refused. One build at a time holds a stage for an output folder;
/// another one waits for it. Dropping a stage without committing leaves the
/// output as it was.
pub struct Stage {
    /// The output folder, links resolved.
    output: PathBuf,
    /// Where the new site is put together, once something differs from the published one.
    dir: PathBuf,
    /// The paths the published site's manifest lists.
    old: BTreeSet<String>,
    /// Whether the output folder existed: if not, no file in it can be someone else's.
    output_exists: bool,
    new: Mutex<Claimed>,
    /// The files that are the same as the published ones: linked into the stage at commit.
    same: Mutex<Vec<String>>,
    /// The folders made in the stage so far.
    folders: Mutex<HashSet<String>>,
    written: AtomicUsize,
    /// Whether the stage folder exists yet, and how it was made.
    staged: Mutex<Option<Made>>,
    /// Where the site before the published one is kept, to be the next build's stage.
    previous: PathBuf,
    /// Held until the published site has been stamped (see [`Published`]).
    lock: Option<BuildLock>,
    /// What [`Stage::stamp`] read of each published file: the files linked into the
    /// new site are the same files, and need not be read again for its stamp.
    seen: Mutex<HashMap<String, FileMeta>>,
}

impl Stage {
    /// Waits for any other build into `output`, cleans what a crashed build left,
    /// and refuses a folder baocao did not create. The output is not touched.
    pub fn begin(output: &Path) -> Result<Stage, OutputError> {
        let output = resolve(output)?;
        let lock = BuildLock::acquire(&beside(&output, "lock"), &output)?;
        let stage = beside(&output, "stage");
        let old_site = beside(&output, "old");
        // A crash between the two renames of the fallback swap left the last site here.
        if old_site.is_dir() && output.symlink_metadata().is_err() {
            fs::rename(&old_site, &output).map_err(io_err("restore", &output))?;
        }
        for debris in [&stage, &old_site] {
            if debris.symlink_metadata().is_ok() {
                fs::remove_dir_all(debris).map_err(io_err("remove", debris))?;
            }
        }
        let old = prepare(&output)?;
        let previous = previous_site(&output);
        if old.is_empty() && previous.symlink_metadata().is_ok() {
            // Nothing is published, so the site before it shares nothing with anything.
            fs::remove_dir_all(&previous).map_err(io_err("remove", &previous))?;
        }
        Ok(Stage {
            output_exists: output.symlink_metadata().is_ok(),
            output,
            dir: stage,
            old,
            new: Mutex::default(),
            same: Mutex::default(),
            folders: Mutex::default(),
            written: AtomicUsize::new(0),
            staged: Mutex::new(None),
            previous,
            lock: Some(lock),
            seen: Mutex::default(),
        })
    }

    /// Adds files of the new site, in parallel.
    #[cfg(test)]
    fn write_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files
            .par_iter()
            .try_for_each(|f| self.put(&f.path, &f.bytes))
    }

    /// Adds one file of the new site at its path relative to the output folder:
    /// compared with the published file, and written into the stage only if it differs.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        lock(&self.new).claim(path)?;
        if self.is_published(path, bytes) {
            lock(&self.same).push(path.to_string());
            return Ok(());
        }
        let published = self.output.join(path);
        let ours = |meta: fs::Metadata| meta.is_dir() && self.holds_ours(path);
        if self.output_exists && !self.old.contains(path) {
            // A folder of the last site where a file now goes is ours to replace.
            if published.symlink_metadata().is_ok_and(|meta| !ours(meta)) {
                return Err(OutputError::NotOurs { path: published });
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        self.create_stage()?;
        let target = self.dir.join(path);
        self.create_folder_of(path)?;
        write_new(&target, bytes)
    }

    /// Adds one file of the new site that is the published file at `path`, unread:
    /// the caller knows its bytes are the same (see `cache::Pages`). Like an
    /// unchanged file, it is hard-linked into the stage at commit.
    pub fn keep(&self, path: &str) -> Result<(), OutputError> {
        lock(&self.new).claim(path)?;
        if !self.old.contains(path) {
            let missing = io::Error::from(io::ErrorKind::NotFound);
            return Err(io_err("keep", &self.output.join(path))(missing));
        }
        lock(&self.same).push(path.to_string());
        Ok(())
    }

    /// The [`stamp`] of the published site, which no other build can change while
    /// this stage holds the lock.
    pub fn stamp(&self) -> Option<u64> {
        let (stamp, paths, files) = stamp_with(&self.output, &|_| None)?;
        *lock(&self.seen) = paths.into_iter().zip(files).collect();
        Some(stamp)
    }

    /// Makes the folder `path` lies in inside the stage, once per folder.
    fn create_folder_of(&self, path: &str) -> Result<(), OutputError> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        if lock(&self.folders).contains(folder) {
            return Ok(());
        }
        let dir = self.dir.join(folder);
        if fs::create_dir_all(&dir).is_err() {
            // A stage made from the site before may hold one of its files where a folder
            // now goes: a file the published site has too, so never someone else's.
            for (i, _) in folder.match_indices('/').chain([(folder.len(), "")]) {
                let above = self.dir.join(&folder[..i]);
                if above.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                    fs::remove_file(&above).map_err(io_err("remove", &above))?;
                }
            }
            fs::create_dir_all(&dir).map_err(io_err("create the folder", &dir))?;
        }
        lock(&self.folders).insert(folder.to_string());
        Ok(())
    }

    fn summary(&self) -> WriteSummary {
        WriteSummary {
            written: self.written.load(Ordering::Relaxed),
            unchanged: lock(&self.same).len(),
            ..WriteSummary::default()
        }
    }

    /// Publishes the new site in one step and removes the old one.
    pub fn commit(mut self) -> Result<Published, OutputError> {
        let (summary, stamp) = self.publish()?;
        Ok(Published {
            summary,
            stamp,
            output: self.output.clone(),
            _lock: self
                .lock
                .take()
                .expect("a stage holds its lock until it commits"),
        })
    }

    /// Publishes the new site; with the stamp of the published site when it is known
    /// without reading every file again.
    fn publish(&self) -> Result<(WriteSummary, Option<u64>), OutputError> {
        let mut summary = self.summary();
        let new = std::mem::take(&mut *lock(&self.new)).sorted();
        if self.untouched(&new) {
            return Ok((summary, None));
        }
        let made = self.create_stage()?;
        let same = std::mem::take(&mut *lock(&self.same));
        let linked: Vec<&String> = match made {
            // Every file of the published site is in it already, as the same file.
            Made::FromPrevious => same.iter().collect(),
            Made::Empty => (same.par_iter())
                .map(|path| {
                    self.create_folder_of(path)?;
                    keep(&self.output.join(path), &self.dir.join(path))
                        .map(|linked| linked.then_some(path))
                })
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect(),
        };
        if made == Made::FromPrevious {
            self.remove_from_stage(&new)?;
        }
        self.carry_foreign_files()?;
        summary.removed = self
            .old
            .difference(&new)
            .filter(|p| self.output.join(p).is_file())
            .count();
        let manifest = manifest_bytes(&new);
        let target = self.dir.join(MANIFEST);
        if self.is_published(MANIFEST, &manifest) {
            keep(&self.output.join(MANIFEST), &target)?;
        } else {
            fs::write(&target, manifest).map_err(io_err("write", &target))?;
        }
        swap(&self.dir, &self.output)?;
        // The stage now holds the previous site: kept to be the next build's stage, or
        // removed; a failure here is cleaned by the next build.
        let cache = self.previous.parent().filter(|_| self.output_exists);
        let kept = cache.is_some_and(|cache| fs::create_dir_all(cache).is_ok());
        if !kept || fs::rename(&self.dir, &self.previous).is_err() {
            let _ = remove_tree(&self.dir);
        }
        // A file linked is the file the stamp before read: its size, time and identity.
        let seen = std::mem::take(&mut *lock(&self.seen));
        let unchanged: HashMap<&str, FileMeta> = (linked.into_iter())
            .filter_map(|path| Some((path.as_str(), *seen.get(path)?)))
            .collect();
        let stamp = stamp_with(&self.output, &|path| unchanged.get(path).copied());
        Ok((summary, stamp.map(|(stamp, ..)| stamp)))
    }

    /// True when the published site is exactly the new one: the same files with
    /// the same bytes, and its manifest as baocao writes it. Nothing needs publishing.
    fn untouched(&self, new: &BTreeSet<String>) -> bool {
        self.written.load(Ordering::Relaxed) == 0
            && self.old == *new
            && self.is_published(MANIFEST, &manifest_bytes(new))
    }

    /// Whether the published file at `path` is one baocao wrote and holds exactly `bytes`.
    fn is_published(&self, path: &str, bytes: &[u8]) -> bool {
        let published = self.output.join(path);
        (self.old.contains(path) || path == MANIFEST)
            && published
                .symlink_metadata()
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(&published).is_ok_and(|old| old == bytes)
    }

    /// Makes the hidden folder the new site is put together in, once: from the site
    /// before the published one when it was kept, else empty.
    fn create_stage(&self) -> Result<Made, OutputError> {
        let mut staged = lock(&self.staged);
        if let Some(made) = *staged {
            return Ok(made);
        }
        // Moved first, so that a build killed halfway leaves a stage, which is cleaned.
        if fs::rename(&self.previous, &self.dir).is_ok() {
            match self.published_again() {
                Ok(()) => return Ok(*staged.insert(Made::FromPrevious)),
                Err(_) => {
                    remove_tree(&self.dir).map_err(io_err("remove", &self.dir))?;
                    lock(&self.folders).clear();
                }
            }
        }
        fs::create_dir(&self.dir).map_err(io_err("create the folder", &self.dir))?;
        if let Ok(meta) = self.output.metadata() {
            // The web server may rely on the folder's own permissions.
            let _ = fs::set_permissions(&self.dir, meta.permissions());
        }
        Ok(*staged.insert(Made::Empty))
    }

    /// Turns the stage, holding the site before the published one, into the published
    /// site: each of its files the same file as the published one. What the two sites
    /// share is already so; the rest is removed, and what is missing linked. Only the
    /// directory entries are read, not each file.
    fn published_again(&self) -> Result<(), OutputError> {
        let entries = listing(&self.dir).map_err(io_err("list", &self.dir))?;
        let seen = lock(&self.seen);
        let published = |path: &str| {
            let seen = seen.get(path).map(|meta| meta.3);
            seen.or_else(|| Some(inode(&self.output.join(path).symlink_metadata().ok()?)))
        };
        // Whether `path` is one of the folders `removed`, or in one.
        let gone = |path: &str, removed: &[&str]| {
            removed.iter().any(|dir| {
                path.strip_prefix(dir)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        };
        // Folders that hold no published file go whole, and what is in them with them.
        let mut removed: Vec<&str> = Vec::new();
        for (path, kind, _) in &entries {
            if kind.is_dir() && !self.holds_ours(path) && !gone(path, &removed) {
                removed.push(path);
            }
        }
        (removed.par_iter()).try_for_each(|dir| {
            let dir = self.dir.join(dir);
            remove_tree(&dir).map_err(io_err("remove", &dir))
        })?;
        let (folders, files): (Vec<_>, Vec<_>) = (entries.iter())
            .filter(|(path, ..)| !gone(path, &removed))
            .partition(|(_, kind, _)| kind.is_dir());
        let same: HashSet<&str> = (files.par_iter())
            .map(|(path, _, ino)| {
                let shared = self.old.contains(path) && published(path) == Some(*ino);
                if shared {
                    return Ok(Some(path.as_str()));
                }
                let file = self.dir.join(path);
                fs::remove_file(&file).map_err(io_err("remove", &file))?;
                Ok(None)
            })
            .collect::<Result<Vec<_>, OutputError>>()?
            .into_iter()
            .flatten()
            .collect();
        lock(&self.folders).extend(folders.into_iter().map(|(path, ..)| path.clone()));
        // A file missing from the published site (deleted by hand) is not brought back.
        let missing: Vec<&String> = (self.old.iter())
            .filter(|path| !same.contains(path.as_str()) && published(path).is_some())
            .collect();
        missing.par_iter().try_for_each(|path| {
            self.create_folder_of(path)?;
            keep(&self.output.join(path), &self.dir.join(path)).map(drop)
        })
    }

    /// Removes from a stage made from the site before the files of the published site
    /// that the `new` one does not have, and the folders they leave empty. A name the
    /// new site took for a folder, or under a file of its own, was made so when written.
    fn remove_from_stage(&self, new: &BTreeSet<String>) -> Result<(), OutputError> {
        let mut folders = BTreeSet::new();
        for path in self.old.difference(new) {
            let mut above = path.match_indices('/').map(|(i, _)| &path[..i]);
            if holds(new, path) || above.any(|folder| new.contains(folder)) {
                continue;
            }
            let file = self.dir.join(path);
            match fs::remove_file(&file) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => {
                    return Err(io_err("remove", &file)(err));
                }
                _ => {}
            }
            folders.extend(path.match_indices('/').map(|(i, _)| &path[..i]));
        }
        // The deepest first; a folder that still holds anything stays.
        for folder in folders.iter().rev() {
            if fs::remove_dir(self.dir.join(folder)).is_ok() {
                lock(&self.folders).remove(*folder);
            }
        }
        Ok(())
    }

    /// Brings into the stage every file of the output folder that baocao did not write.
    fn carry_foreign_files(&self) -> Result<(), OutputError> {
        if !self.output.is_dir() {
            return Ok(());
        }
        let entries = listing(&self.output).map_err(io_err("list", &self.output))?;
        for (key, kind, _) in entries {
            if key == MANIFEST || self.old.contains(&key) {
                continue;
            }
            let (source, target) = (self.output.join(&key), self.dir.join(&key));
            let is_dir = kind.is_dir();
            if is_dir && self.holds_ours(&key) {
                continue; // made again only if the new site or a foreign file needs it
            }
            if is_dir && target.is_dir() {
                continue;
            }
            if target.symlink_metadata().is_ok() {
                return Err(OutputError::NotOurs { path: source });
            }
            let parent = target.parent().expect("carried paths always have a parent");
            fs::create_dir_all(parent).map_err(io_err("create the folder", parent))?;
            if is_dir {
                fs::create_dir(&target).map_err(io_err("create the folder", &target))?;
            } else {
                keep(&source, &target)?;
            }
        }
        Ok(())
    }

    /// Whether the folder `key` holds any file the published site's manifest lists.
    fn holds_ours(&self, key: &str) -> bool {
        holds(&self.old, key)
    }
}

/// A site just published, while no other build can change it yet.
pub struct Published {
    pub summary: WriteSummary,
    /// The published site's stamp, when publishing could tell it.
    stamp: Option<u64>,
    output: PathBuf,
    _lock: BuildLock,
}

impl Published {
    /// The published site's [`stamp`], taken before another build can write it.
    pub fn stamp(&self) -> Option<u64> {
        self.stamp.or_else(|| stamp_of(&self.output))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // Not committed: nothing was published, and nothing is left behind.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Removes the folder `dir` and everything in it, its subfolders in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries
        .par_iter()
        .try_for_each(|entry| match entry.file_type()?.is_dir() {
            true => remove_tree(&entry.path()),
            false => fs::remove_file(entry.path()),
        })?;
    fs::remove_dir(dir)
}

/// Whether the folder `key` holds any of `paths`.
fn holds(paths: &BTreeSet<String>, key: &str) -> bool {
    let prefix = format!("{key}/");
    (paths.range(prefix.clone()..).next()).is_some_and(|p| p.starts_with(&prefix))
}

/// How a stage was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Made {
    Empty,
    /// From the site before the published one, made the published one again.
    FromPrevious,
}

/// Where the site before the one published in `output` is kept: in the rebuild cache's
/// folder, which is safe to delete.
fn previous_site(output: &Path) -> PathBuf {
    beside(output, "cache").join("previous-site")
}

/// Every entry under `dir`, by its path relative to it, with its kind and its identity
/// as the folder lists them (no file is read); the subfolders in parallel.
pub(crate) fn listing(dir: &Path) -> io::Result<Vec<(String, fs::FileType, u64)>> {
    fn under(dir: &Path, prefix: &str) -> io::Result<Vec<(String, fs::FileType, u64)>> {
        let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        let lists = (entries.par_iter())
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = match prefix {
                    "" => name,
                    _ => format!("{prefix}/{name}"),
                };
                let kind = entry.file_type()?;
                let mut list = vec![(path, kind, entry_inode(entry))];
                if kind.is_dir() {
                    list.extend(under(&entry.path(), &list[0].0)?);
                }
                Ok(list)
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(lists.into_iter().flatten().collect())
    }
    under(dir, "")
}

#[cfg(unix)]
fn entry_inode(entry: &fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
fn entry_inode(_: &fs::DirEntry) -> u64 {
    // No identity to compare: no file of the site before is taken as the published one.
    u64::MAX
}

/// Writes a new file at `target`, never into the file already there: in a stage made
/// from the site before, that file may be the published one under another name.
fn write_new(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let create = || {
        fs::File::options()
            .write(true)
            .create_new(true)
            .open(target)
    };
    let mut file = match create() {
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            match target
                .symlink_metadata()
                .map_err(io_err("read", target))?
                .is_dir()
            {
                true => remove_tree(target),
                false => fs::remove_file(target),
            }
            .map_err(io_err("remove", target))?;
            create()
        }
        file => file,
    }
    .map_err(io_err("write", target))?;
    file.write_all(bytes).map_err(io_err("write", target))
}

/// The value behind a lock, even if a thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The output folder as an absolute path with links resolved, so that the swap
/// replaces the folder a link points to, never the link itself.
fn resolve(output: &Path) -> Result<PathBuf, OutputError> {
    if output.exists() {
        return output
            .canonicalize()
            .map_err(io_err("find the folder", output));
    }
    let refused = || OutputError::Refused {
        dir: output.to_path_buf(),
    };
    let name = output.file_name().ok_or_else(refused)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(io_err("create the folder", parent))?;
    let parent = parent
        .canonicalize()
        .map_err(io_err("find the folder", parent))?;
    Ok(parent.join(name))
}

/// A hidden name beside the output folder: `.public.baocao-stage` for `public`.
pub(crate) fn beside(output: &Path, what: &str) -> PathBuf {
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    output.with_file_name(format!(".{name}.baocao-{what}"))
}

/// A number that changes whenever the published site does: the manifest, and the
/// size, modification time and identity of every file it lists. `None` when there
/// is no published site, or a build is writing it or was interrupted.
pub fn stamp(output: &Path) -> Option<u64> {
    let output = output.canonicalize().ok()?;
    let busy = ["lock", "stage", "old"].map(|what| beside(&output, what).symlink_metadata());
    if busy.iter().any(Result::is_ok) {
        return None;
    }
    stamp_of(&output)
}

fn stamp_of(output: &Path) -> Option<u64> {
    stamp_with(output, &|_| None).map(|(stamp, ..)| stamp)
}

/// What a stamp reads of a file: whether it is one, its size, modification time and identity.
type FileMeta = (bool, u64, std::time::SystemTime, u64);

/// The [`stamp`] of `output`, with the files its manifest lists and what it read of
/// each. `known` gives a file's metadata where the caller knows it; the others are read.
fn stamp_with(
    output: &Path,
    known: &(dyn Fn(&str) -> Option<FileMeta> + Sync),
) -> Option<(u64, Vec<String>, Vec<FileMeta>)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let manifest = fs::read(output.join(MANIFEST)).ok()?;
    let paths: Vec<String> = serde_json::from_slice(&manifest).ok()?;
    let file = |path: &Path| {
        let meta = path.symlink_metadata().ok()?;
        let modified = meta.modified().ok()?;
        Some((meta.is_file(), meta.len(), modified, inode(&meta)))
    };
    let files: Vec<FileMeta> = paths
        .par_iter()
        .map(|p| known(p).or_else(|| file(&output.join(p))))
        .collect::<Option<_>>()?;
    let mut hasher = DefaultHasher::new();
    (&manifest, file(&output.join(MANIFEST))?, &paths, &files).hash(&mut hasher);
    Some((hasher.finish(), paths, files))
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The paths of a site so far, and the folders they lie in.
#[derive(Default)]
struct Claimed {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Claimed {
    /// Records `path` as part of the new site, refusing any path that could escape
    /// the folder, be written twice, or clash with a folder of another path.
    fn claim(&mut self, path: &str) -> Result<(), OutputError> {
        check_path(path)?;
        let bad = |reason| {
            Err(OutputError::BadPath {
                path: path.into(),
                reason,
            })
        };
        if self.files.contains(path) {
            return bad("is listed twice");
        }
        let mut folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        if folders.any(|folder| self.files.contains(folder)) || self.folders.contains(path) {
            return bad("lies inside another output file");
        }
        for (i, _) in path.match_indices('/') {
            if !self.folders.contains(&path[..i]) {
                self.folders.insert(path[..i].to_string());
            }
        }
        self.files.insert(path.to_string());
        Ok(())
    }

    /// The paths in order.
    fn sorted(self) -> BTreeSet<String> {
        self.files.into_iter().collect()
    }
}

/// Refuses a path that could escape the folder or take the manifest's name.
fn check_path(path: &str) -> Result<(), OutputError> {
    let bad = |reason| {
        Err(OutputError::BadPath {
            path: path.into(),
            reason,
        })
    };
    if path.starts_with('/') {
        return bad("is absolute");
    } else if path.contains('\\') {
        return bad("contains a backslash");
    } else if path.contains(':') {
        return bad("contains ':', which names a drive on Windows");
    } else if path
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return bad("has an empty, '.' or '..' part");
    } else if path.rsplit('/').next() == Some(MANIFEST) {
        return bad("uses the name reserved for baocao's manifest");
    }
    Ok(())
}

/// Rejects a manifest path list that could make baocao touch anything outside its folder.
fn validate<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<BTreeSet<String>, OutputError> {
    let mut claimed = Claimed::default();
    for path in paths {
        claimed.claim(path)?;
    }
    Ok(claimed.sorted())
}

/// Refuses a foreign folder, and returns the paths of the published site.
fn prepare(dir: &Path) -> Result<BTreeSet<String>, OutputError> {
    let manifest = dir.join(MANIFEST);
    if manifest.is_file() {
        let text = fs::read_to_string(&manifest).map_err(io_err("read", &manifest))?;
        let paths: Vec<String> =
            serde_json::from_str(&text).map_err(|e| OutputError::BadManifest {
                path: manifest.clone(),
                reason: e.to_string(),
            })?;
        // A tampered manifest must not make baocao delete outside its folder.
        return validate(paths.iter().map(String::as_str)).map_err(|e| OutputError::BadManifest {
            path: manifest,
            reason: e.to_string(),
        });
    }
    match fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(OutputError::Refused {
            dir: dir.to_path_buf(),
        }),
        Ok(false) => Ok(BTreeSet::new()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(err) => Err(io_err("list", dir)(err)),
    }
}

/// Sorted pretty JSON array, so the manifest depends only on the set of paths.
fn manifest_bytes(paths: &BTreeSet<String>) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(paths).expect("a set of strings always serializes");
    bytes.push(b'\n');
    bytes
}

/// Puts the published file `from` at `to` unchanged: the same file by a hard link,
/// or a copy with the same modification time where links are not possible.
/// True when it is the same file, linked.
fn keep(from: &Path, to: &Path) -> Result<bool, OutputError> {
    // A link to the file itself, or to a symbolic link itself: `link` follows neither.
    if fs::hard_link(from, to).is_ok() {
        return Ok(true);
    }
    let meta = from.symlink_metadata().map_err(io_err("read", from))?;
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        let target = fs::read_link(from).map_err(io_err("read", from))?;
        std::os::unix::fs::symlink(target, to).map_err(io_err("create", to))?;
        return Ok(false);
    }
    fs::copy(from, to).map_err(io_err("copy", from))?;
    let copy = fs::File::options()
        .write(true)
        .open(to)
        .map_err(io_err("write", to))?;
    let modified = meta.modified().map_err(io_err("read", from))?;
    copy.set_modified(modified).map_err(io_err("write", to))?;
    Ok(false)
}

/// Replaces `output` with `stage` in one step; `stage` then holds the previous site.
fn swap(stage: &Path, output: &Path) -> Result<(), OutputError> {
    if output.symlink_metadata().is_err() {
        return fs::rename(stage, output).map_err(io_err("publish", output));
    }
    if exchange(stage, output).is_ok() {
        return Ok(());
    }
    swap_by_renames(stage, output)
}

/// Where folders cannot be exchanged: a moment without the output folder, never a mix.
fn swap_by_renames(stage: &Path, output: &Path) -> Result<(), OutputError> {
    let old = beside(output, "old");
    fs::rename(output, &old).map_err(io_err("move aside", output))?;
    if let Err(err) = fs::rename(stage, output) {
        // Put the last site back rather than leave no site at all.
        let _ = fs::rename(&old, output);
        return Err(io_err("publish", output)(err));
    }
    fs::rename(&old, stage).map_err(io_err("move", &old))
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The lock that lets one build at a time write an output folder: a file beside
/// it holding the builder's process id, locked for as long as the build writes.
struct BuildLock {
    path: PathBuf,
    _file: fs::File,
}

impl BuildLock {
    fn acquire(path: &Path, output: &Path) -> Result<BuildLock, OutputError> {
        use fs4::fs_std::FileExt;
        loop {
            let mut file = fs::File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(io_err("create", path))?;
            if !file.try_lock_exclusive().map_err(io_err("lock", path))? {
                let holder = fs::read_to_string(path).unwrap_or_default();
                eprintln!(
                    "waiting for another baocao build (process {}) to finish writing {}",
                    holder.trim(),
                    output.display()
                );
                file.lock_exclusive().map_err(io_err("lock", path))?;
            }
            // The build before may have removed the file as it finished: lock the one that is there now.
            if same_file(&file, path) {
                file.set_len(0).map_err(io_err("write", path))?;
                write!(file, "{}", std::process::id()).map_err(io_err("write", path))?;
                return Ok(BuildLock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still locked; a waiter that locked this file sees it is gone and tries again.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec().into(),
        }
    }

    fn sum(written: usize, unchanged: usize, removed: usize) -> WriteSummary {
        WriteSummary {
            written,
            unchanged,
            removed,
            ..WriteSummary::default()
        }
    }

    fn read(dir: &Path, path: &str) -> String {
        fs::read_to_string(dir.join(path)).unwrap()
    }

    #[test]
    fn creates_missing_folder_and_writes_sorted_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site/public");
        let files = [f("vi/index.html", "xin chào"), f("en/index.html", "hello")];
        let s = write_site(&out, &files).unwrap();
        assert_eq!(s, sum(2, 0, 0));
        assert_eq!(read(&out, "vi/index.html"), "xin chào");
        assert!(is_baocao_output(&out));
        // Temp files start as 0600; the site must get the same permissions as any file the user creates.
        fs::write(tmp.path().join("plain"), "x").unwrap();
        let perms = |p: &Path| fs::metadata(p).unwrap().permissions();
        assert_eq!(
            perms(&out.join("en/index.html")),
            perms(&tmp.path().join("plain"))
        );
        assert_eq!(
            read(&out, MANIFEST),
            "[\n  \"en/index.html\",\n  \"vi/index.html\"\n]\n"
        );
        // Same set in another order gives byte-identical manifest.
        let other = tmp.path().join("other");
        write_site(&other, &[files[1].clone(), files[0].clone()]).unwrap();
        assert_eq!(read(&out, MANIFEST), read(&other, MANIFEST));
    }

    #[test]
    fn refuses_non_empty_foreign_folder_without_touching_it() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = write_site(tmp.path(), &[f("index.html", "x")]).unwrap_err();
        assert!(matches!(err, OutputError::Refused { .. }));
        let msg = err.to_string();
        assert!(
            msg.contains(&tmp.path().display().to_string()) && msg.contains("empty folder"),
            "{msg}"
        );
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["notes.txt"]);
        assert!(!is_baocao_output(tmp.path()));
    }

    #[test]
    fn second_write_changes_nothing_but_repairs_hand_edits() {
        let tmp = tempfile::tempdir().unwrap();
        let files = [f("a/index.html", "A"), f("b.css", "B")];
        write_site(tmp.path(), &files).unwrap();
        let mtime = |p: &str| {
            fs::metadata(tmp.path().join(p))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = [mtime("a/index.html"), mtime("b.css"), mtime(MANIFEST)];
        let s = write_site(tmp.path(), &files).unwrap();
        assert_eq!(s, sum(0, 2, 0));
        assert_eq!(
            before,
            [mtime("a/index.html"), mtime("b.css"), mtime(MANIFEST)]
        );
        // Same length, different content: must be caught by comparing bytes on disk.
        fs::write(tmp.path().join("b.css"), "X").unwrap();
        let s = write_site(tmp.path(), &files).unwrap();
        assert_eq!(s, sum(1, 1, 0));
        assert_eq!(read(tmp.path(), "b.css"), "B");
    }

    #[test]
    fn removes_stale_files_and_empty_folders_but_never_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_site(
            dir,
            &[
                f("old/deep/x.html", "x"),
                f("old/y.html", "y"),
                f("keep/k.html", "k"),
            ],
        )
        .unwrap();
        fs::write(dir.join("foreign.txt"), "mine").unwrap();
        fs::write(dir.join("keep/mine.txt"), "mine").unwrap();
        let s = write_site(dir, &[f("index.html", "i")]).unwrap();
        assert_eq!(s, sum(1, 0, 3));
        assert!(!dir.join("old").exists());
        assert!(!dir.join("keep/k.html").exists());
        assert_eq!(read(dir, "foreign.txt"), "mine");
        assert_eq!(read(dir, "keep/mine.txt"), "mine");
        assert_eq!(read(dir, MANIFEST), "[\n  \"index.html\"\n]\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_the_owner_put_in_the_folder_stays_a_link_to_the_same_place() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        write_site(&dir, &[f("index.html", "i")]).unwrap();
        std::os::unix::fs::symlink("../elsewhere/files", dir.join("downloads")).unwrap();
        write_site(&dir, &[f("index.html", "changed")]).unwrap();
        let link = dir.join("downloads");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(
            fs::read_link(link).unwrap(),
            Path::new("../elsewhere/files")
        );
        assert_eq!(read(&dir, "index.html"), "changed");
    }

    #[test]
    fn refuses_to_overwrite_a_file_baocao_never_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        write_site(tmp.path(), &[f("index.html", "i")]).unwrap();
        fs::write(tmp.path().join("extra.html"), "mine").unwrap();
        let err =
            write_site(tmp.path(), &[f("index.html", "new"), f("extra.html", "x")]).unwrap_err();
        assert!(
            matches!(err, OutputError::NotOurs { .. }) && err.to_string().contains("extra.html")
        );
        assert_eq!(read(tmp.path(), "extra.html"), "mine");
        assert_eq!(read(tmp.path(), "index.html"), "i");
    }

    #[test]
    fn a_refused_run_changes_nothing_and_leaves_nothing_beside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_site(&dir, &[f("old.html", "o")]).unwrap();
        // A foreign file where a folder must go is found only once the whole site is staged.
        fs::write(dir.join("blocker"), "mine").unwrap();
        let err = write_site(&dir, &[f("a.html", "a"), f("blocker/x.html", "x")]).unwrap_err();
        assert!(
            matches!(&err, OutputError::NotOurs { path } if path.ends_with("blocker")),
            "{err}"
        );
        assert_eq!(read(&dir, MANIFEST), "[\n  \"old.html\"\n]\n");
        assert_eq!(read(&dir, "old.html"), "o");
        assert!(!dir.join("a.html").exists());
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["out"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_new_site_replaces_the_old_in_one_step_and_unchanged_files_stay_the_same_files() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_site(&dir, &[f("same.html", "s"), f("gone.html", "g")]).unwrap();
        let inode = |p: &str| fs::metadata(dir.join(p)).unwrap().ino();
        let same = inode("same.html");
        let s = write_site(&dir, &[f("same.html", "s"), f("new.html", "n")]).unwrap();
        assert_eq!(s, sum(1, 1, 1));
        assert_eq!(
            inode("same.html"),
            same,
            "a hard link to the published file"
        );
        assert!(!dir.join("gone.html").exists());
        let mut beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".out.baocao-cache", "out"],
            "no stage, lock or old site is left"
        );
        // Only the site before, kept in the cache folder for the next build.
        assert_eq!(read(&previous_site(&dir), "gone.html"), "g");
    }

    /// Every file and folder under `dir`, with the bytes of each file.
    fn contents(dir: &Path) -> BTreeSet<(String, Option<Vec<u8>>)> {
        let entries = listing(dir).unwrap().into_iter();
        entries
            .map(|(path, kind, _)| {
                let bytes = (!kind.is_dir()).then(|| fs::read(dir.join(&path)).unwrap());
                (path, bytes)
            })
            .collect()
    }

    #[test]
    fn a_build_made_from_the_site_before_never_writes_into_a_published_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_site(&dir, &[f("a.html", "1"), f("b.html", "1")]).unwrap();
        write_site(&dir, &[f("a.html", "2"), f("b.html", "1")]).unwrap();
        let published = contents(&dir);
        // The site before shares b.html with the published site: the same file.
        let stage = Stage::begin(&dir).unwrap();
        for file in [f("b.html", "2"), f("a.html", "3"), f("c/x.html", "x")] {
            stage.put(&file.path, &file.bytes).unwrap();
        }
        drop(stage);
        assert_eq!(
            contents(&dir),
            published,
            "a build not committed changed the site"
        );
        write_site(&dir, &[f("a.html", "2"), f("b.html", "2")]).unwrap();
        assert_eq!(
            (read(&dir, "a.html"), read(&dir, "b.html")),
            ("2".into(), "2".into())
        );
    }

    #[test]
    fn builds_made_from_the_site_before_give_what_a_build_into_an_empty_folder_gives() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let sites: [&[OutputFile]; 6] = [
            &[f("a.html", "1"), f("x/y/z.html", "1"), f("x/w.html", "1")],
            &[f("a.html", "2"), f("x/y/z.html", "1")],
            // A file where a folder was, and a folder where a file was.
            &[f("a.html/i.html", "1"), f("x/y", "1"), f("x/w.html", "2")],
            &[f("a.html", "2"), f("x/y/z.html", "1"), f("x/w.html", "2")],
            &[f("a.html", "2"), f("x/y/z.html", "3"), f("n/m.html", "1")],
            &[f("a.html", "2")],
        ];
        for (n, site) in sites.iter().enumerate() {
            if n == 3 {
                // Someone else's files are carried over, wherever they are.
                fs::write(dir.join("mine.txt"), "mine").unwrap();
                fs::create_dir(dir.join("x/mine")).unwrap();
            }
            write_site(&dir, site).unwrap();
            let fresh = tmp.path().join(format!("fresh-{n}"));
            write_site(&fresh, site).unwrap();
            if n >= 3 {
                fs::write(fresh.join("mine.txt"), "mine").unwrap();
                fs::create_dir_all(fresh.join("x/mine")).unwrap();
            }
            assert_eq!(contents(&dir), contents(&fresh), "site {n}");
            assert_eq!(previous_site(&dir).is_dir(), n > 0, "site {n}");
        }
    }

    #[test]
    fn debris_of_a_crashed_build_is_cleaned_and_a_half_swapped_site_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_site(&dir, &[f("index.html", "i")]).unwrap();
        fs::create_dir_all(tmp.path().join(".out.baocao-stage/vi")).unwrap();
        fs::write(tmp.path().join(".out.baocao-lock"), "12345").unwrap();
        // The fallback swap was killed after moving the published site aside.
        fs::rename(&dir, tmp.path().join(".out.baocao-old")).unwrap();
        let s = write_site(&dir, &[f("index.html", "i")]).unwrap();
        assert_eq!(s, sum(0, 1, 0));
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["out"]);
    }

    #[test]
    fn the_fallback_swap_publishes_the_new_site_and_keeps_the_old_in_the_stage() {
        let tmp = tempfile::tempdir().unwrap();
        let (stage, output) = (tmp.path().join(".out.baocao-stage"), tmp.path().join("out"));
        write_site(&output, &[f("index.html", "old")]).unwrap();
        fs::create_dir(&stage).unwrap();
        fs::write(stage.join("index.html"), "new").unwrap();
        swap_by_renames(&stage, &output).unwrap();
        assert_eq!(read(&output, "index.html"), "new");
        assert_eq!(read(&stage, "index.html"), "old");
        assert!(!tmp.path().join(".out.baocao-old").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_as_output_folder_publishes_into_the_folder_it_points_to() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        write_site(&real, &[f("index.html", "1")]).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_site(&link, &[f("index.html", "2")]).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(read(&real, "index.html"), "2");
    }

    #[test]
    fn rejects_bad_paths_before_writing_anything() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // Each case is '|'-separated paths; the last one is the offending path.
        let cases = [
            "../x.html",
            "/etc/passwd",
            "C:/x.html",
            "a\\b.html",
            "a//b.html",
            "a/./b.html",
            "",
            "a/",
            MANIFEST,
            "sub/.baocao-manifest.json",
            "ok.html|dup.html|dup.html",
            "a|a/b.html",
        ];
        for case in cases {
            let files: Vec<_> = case.split('|').map(|p| f(p, "x")).collect();
            let err = write_site(&out, &files).unwrap_err();
            let offending = case.rsplit('|').next().unwrap();
            assert!(
                matches!(&err, OutputError::BadPath { path, .. } if path == offending),
                "{case}: {err}"
            );
            assert!(err.to_string().contains(&format!("{offending:?}")), "{err}");
            assert!(!out.exists(), "{case} created the folder");
        }
    }
}
