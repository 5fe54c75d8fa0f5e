//! Writes the generated site into its output folder, safely and only where something changed.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Name of the file listing every file baocao wrote; its presence marks a folder as baocao's.
pub const MANIFEST: &str = ".baocao-manifest.json";

/// One generated file: a path relative to the output folder, with forward slashes ("vi/ben-tre/2020/index.html").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
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
pub fn is_baocao_output(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// Writes the site to `dir`: refuses foreign folders, rewrites only changed files atomically,
/// removes files it wrote earlier that are no longer produced, and writes the manifest last.
pub fn write_site(dir: &Path, files: &[OutputFile]) -> Result<WriteSummary, OutputError> {
    let new = validate(files.iter().map(|f| f.path.as_str()))?;
    let old = prepare(dir)?;
    // Checked up front so a refusal leaves everything as it was.
    for path in new.difference(&old) {
        let full = dir.join(path);
        if full.symlink_metadata().is_ok() {
            return Err(OutputError::NotOurs { path: full });
        }
    }
    // Claim the new paths before writing them, so an interrupted run leaves no file the manifest does not know.
    let claimed: BTreeSet<String> = old.union(&new).cloned().collect();
    write_if_changed(&dir.join(MANIFEST), &manifest_bytes(&claimed))?;

    let mut summary = WriteSummary::default();
    for file in files {
        if write_if_changed(&dir.join(&file.path), &file.bytes)? {
            summary.written += 1;
        } else {
            summary.unchanged += 1;
        }
    }
    for path in old.difference(&new) {
        let full = dir.join(path);
        // Gone already, or replaced by a folder since: either way not the file baocao wrote.
        if !full.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            continue;
        }
        fs::remove_file(&full).map_err(io_err("remove", &full))?;
        summary.removed += 1;
        // Stop at the first folder that is not empty: it still holds something worth keeping.
        let mut parent = full.parent();
        while let Some(p) = parent.filter(|p| *p != dir) {
            if fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    write_if_changed(&dir.join(MANIFEST), &manifest_bytes(&new))?;
    Ok(summary)
}

/// Rejects any path that could escape the folder, be written twice, or overwrite the manifest.
fn validate<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<BTreeSet<String>, OutputError> {
    let bad = |path: &str, reason| {
        Err(OutputError::BadPath {
            path: path.into(),
            reason,
        })
    };
    let mut set = BTreeSet::new();
    for p in paths {
        if p.starts_with('/') {
            return bad(p, "is absolute");
        } else if p.contains('\\') {
            return bad(p, "contains a backslash");
        } else if p.contains(':') {
            return bad(p, "contains ':', which names a drive on Windows");
        } else if p.split('/').any(|c| c.is_empty() || c == "." || c == "..") {
            return bad(p, "has an empty, '.' or '..' part");
        } else if p.rsplit('/').next() == Some(MANIFEST) {
            return bad(p, "uses the name reserved for baocao's manifest");
        } else if !set.insert(p.to_string()) {
            return bad(p, "is listed twice");
        }
    }
    // A path that is also another path's folder could never be written; catch it before writing anything.
    for p in &set {
        let mut prefix = p.as_str();
        while let Some((head, _)) = prefix.rsplit_once('/') {
            if set.contains(head) {
                return bad(p, "lies inside another output file");
            }
            prefix = head;
        }
    }
    Ok(set)
}

/// Creates the folder if missing, refuses a foreign one, and returns the paths of the previous run.
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
    fs::create_dir_all(dir).map_err(io_err("create the folder", dir))?;
    let mut entries = fs::read_dir(dir).map_err(io_err("list", dir))?;
    if entries.next().is_some() {
        return Err(OutputError::Refused {
            dir: dir.to_path_buf(),
        });
    }
    Ok(BTreeSet::new())
}

/// Sorted pretty JSON array, so the manifest depends only on the set of paths.
fn manifest_bytes(paths: &BTreeSet<String>) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(paths).expect("a set of strings always serializes");
    bytes.push(b'\n');
    bytes
}

/// Atomically replaces `path` with `bytes` unless the file on disk already holds exactly them.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, OutputError> {
    let same_len = path
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if same_len && fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let parent = path.parent().expect("output paths always have a parent");
    fs::create_dir_all(parent).map_err(io_err("create the folder", parent))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".baocao-tmp");
    // NamedTempFile defaults to 0600; a site must be readable by the web server, so honour the umask instead.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .tempfile_in(parent)
        .map_err(io_err("create a temporary file in", parent))?;
    tmp.write_all(bytes).map_err(io_err("write", tmp.path()))?;
    tmp.persist(path)
        .map_err(|e| io_err("replace", path)(e.error))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn sum(written: usize, unchanged: usize, removed: usize) -> WriteSummary {
        WriteSummary {
            written,
            unchanged,
            removed,
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
    fn interrupted_run_keeps_old_files_in_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_site(dir, &[f("old.html", "o")]).unwrap();
        // A foreign file where a folder must go makes the run fail halfway.
        fs::write(dir.join("blocker"), "mine").unwrap();
        let err = write_site(dir, &[f("a.html", "a"), f("blocker/x.html", "x")]).unwrap_err();
        assert!(matches!(err, OutputError::Io { .. }), "{err}");
        let listed: Vec<String> = serde_json::from_str(&read(dir, MANIFEST)).unwrap();
        assert!(listed.contains(&"old.html".to_string()) && listed.contains(&"a.html".to_string()));
        assert_eq!(read(dir, "old.html"), "o");
        assert_eq!(read(dir, "blocker"), "mine");
        // The next good run cleans up everything the failed one left behind.
        write_site(dir, &[f("b.html", "b")]).unwrap();
        assert!(!dir.join("old.html").exists() && !dir.join("a.html").exists());
        assert_eq!(read(dir, "blocker"), "mine");
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
