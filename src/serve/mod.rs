//! `baocao serve`: build the site in memory, serve it on 127.0.0.1, rebuild on
//! every saved change and tell the open pages to reload.
//!
//! The preview never writes the output folder: the site is rendered in memory
//! (as [`crate::build_in_memory`] does) and served from memory, so the last good
//! output on disk (and its guarantees) is untouched, and a rebuild costs no disk
//! writes. A rebuild renders only the pages whose inputs changed since the last
//! good one and keeps its other files (see [`crate::cache::Reuse`]).
//! A failed rebuild keeps the last good pages and lays the problems over them.

mod http;
mod inject;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, NoCache, new_debouncer_opt};
use tokio::sync::broadcast;

use crate::cache::Fingerprint;
use crate::content::schema::SiteFile;
use crate::diagnostics::Problems;
use crate::messages::{Code, Message};
use crate::render::views::Urls;
use crate::{BuildOptions, presentation, yaml};

/// What to serve, and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The content and theme folders; `base_url` only lends its path to the preview.
    pub build: BuildOptions,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the home page in the browser once serving.
    pub open: bool,
}

/// The site as it is served now.
#[derive(Debug, Default)]
struct Snapshot {
    /// `/` or `/bao-cao/`: the path part of the base URL.
    base_path: String,
    /// The last good build, by path in the output (`vi/index.html`).
    files: Arc<HashMap<String, bytes::Bytes>>,
    /// The problems of the last rebuild as HTML, when it failed.
    overlay: Option<String>,
}

/// The shared state of the server: the current snapshot and the reload signal.
struct Preview {
    snapshot: RwLock<Arc<Snapshot>>,
    /// What the last good build read: a save that changed no byte renders nothing.
    built_from: std::sync::Mutex<Option<Fingerprint>>,
    /// What the last good build's keyed pages were rendered from (its files are
    /// the snapshot's): a save re-renders only the pages whose inputs changed.
    pages: std::sync::Mutex<Option<crate::cache::PageIndex>>,
    /// The reports of the last load: a save parses only the reports it changed.
    loaded: crate::content::Memo,
    /// Carries the number of the rebuild that just finished.
    reload: broadcast::Sender<u64>,
}

impl Preview {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn replace(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.snapshot.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}

/// Serves until interrupted. Fails only when the port cannot be opened or the
/// folders cannot be watched; content problems are shown, never fatal.
pub fn run(options: ServeOptions) -> Result<(), Message> {
    let failed = |code, err: &dyn std::fmt::Display| Message::new(code).arg("error", err);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| failed(Code::ServeCannotStart, &err))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", options.port)))
        .map_err(|err| failed(Code::ServeCannotListen, &err).arg("port", options.port))?;
    let port = listener
        .local_addr()
        .map_err(|err| failed(Code::ServeNoAddress, &err))?
        .port();

    let (reload, _) = broadcast::channel(16);
    let preview = Arc::new(Preview {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        built_from: std::sync::Mutex::new(None),
        pages: std::sync::Mutex::new(None),
        loaded: Default::default(),
        reload,
    });
    rebuild(&options.build, port, &preview, 0);

    let (changes, changed) = mpsc::channel();
    // Links are never followed, so the watcher, like the build, stays inside the folders.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
        Duration::from_millis(40),
        None,
        changes,
        NoCache,
        config,
    )
    .map_err(|err| failed(Code::ServeCannotWatch, &err))?;
    for dir in watched(&options.build) {
        debouncer
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|err| failed(Code::ServeCannotWatchDir, &err).arg("dir", dir.display()))?;
    }
    let watcher_preview = Arc::clone(&preview);
    let build = options.build.clone();
    std::thread::spawn(move || {
        let mut version = 0;
        // One rebuild per batch of saves: an editor's save is often several events.
        while let Ok(batch) = changed.recv() {
            let mut edited = is_edit(&batch);
            while let Ok(more) = changed.try_recv() {
                edited |= is_edit(&more);
            }
            if edited {
                version += 1;
                rebuild(&build, port, &watcher_preview, version);
            }
        }
    });

    let home = format!("http://127.0.0.1:{port}{}", preview.snapshot().base_path);
    let lang = options.build.lang;
    let serving = Message::new(Code::ServeServing)
        .arg("content", options.build.content.display())
        .arg("address", &home);
    println!("{}", lang.text(&serving));
    if options.open
        && let Err(err) = open::that(&home)
    {
        let no_browser = Message::new(Code::ServeNoBrowser)
            .arg("error", err)
            .arg("address", &home);
        eprintln!("{}", lang.text(&no_browser));
    }
    let app = http::router(Arc::clone(&preview));
    // Ctrl-C stops at once: open event streams never end, so a graceful shutdown would wait forever.
    let served = runtime.block_on(async move {
        tokio::select! {
            served = axum::serve(listener, app).into_future() => served,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    });
    drop(debouncer);
    served.map_err(|err| failed(Code::ServeStopped, &err))
}

/// Whether a batch of file events changed anything: reading a file (as every
/// build does) is not a change.
fn is_edit(batch: &DebounceEventResult) -> bool {
    match batch {
        Ok(events) => events
            .iter()
            .any(|event| !matches!(event.kind, EventKind::Access(_))),
        Err(_) => true,
    }
}

/// The folders whose changes trigger a rebuild: the content (site.yaml included) and the theme.
fn watched(options: &BuildOptions) -> Vec<PathBuf> {
    let theme = options.theme_dir();
    let mut dirs = vec![options.content.clone()];
    if theme.is_dir() {
        dirs.push(theme);
    }
    dirs
}

/// The base path the site is served under: `--base-url`'s path, else site.yaml's, else `/`.
fn base_path(options: &BuildOptions) -> String {
    let configured = options.base_url.clone().or_else(|| {
        let path = options.content.join("site.yaml");
        let text = crate::source_files::read_text(&options.content, &path, &path).ok()?;
        yaml::parse::<SiteFile>(&path, &text).ok()?.value.base_url
    });
    configured
        .and_then(|url| crate::content::normalise_base_url(&url).ok())
        .map(|url| Urls::new(&url).base_path)
        .unwrap_or_else(|| "/".to_string())
}

/// Builds the site in memory; on success serves it, on failure keeps the last good
/// pages with the overlay. Either way the open pages are told to reload.
fn rebuild(options: &BuildOptions, port: u16, preview: &Preview, version: u64) {
    let started = Instant::now();
    let base_path = base_path(options);
    let local = BuildOptions {
        base_url: Some(format!("http://127.0.0.1:{port}{base_path}")),
        ..options.clone()
    };
    let (fingerprint, read) = Fingerprint::reading(&local, true).unzip();
    let previous = preview.snapshot();
    let mut built_from = crate::output::lock(&preview.built_from);
    if fingerprint.is_some() && *built_from == fingerprint {
        eprintln!("{}", options.lang.word(Code::ServeUnchanged));
        if previous.overlay.is_some() {
            // An error undone: the last good pages are the site again.
            preview.replace(Snapshot {
                base_path,
                files: Arc::clone(&previous.files),
                overlay: None,
            });
            let _ = preview.reload.send(version);
        }
        return;
    }
    let mut pages = crate::output::lock(&preview.pages);
    let reuse = fingerprint.as_ref().map(|f| crate::InMemory {
        inputs: f.parts(),
        last: pages.as_ref().map(|index| (index, &*previous.files)),
        loaded: &preview.loaded,
        read: read.unwrap_or_default(),
    });
    let snapshot = match crate::render_in_memory(&local, reuse) {
        Ok((built, index, count)) => {
            *built_from = fingerprint;
            *pages = Some(index);
            print_problems(&built.warnings, options);
            let done = Message::new(Code::ServeBuilt)
                .arg("count", built.files.len())
                .arg("ms", started.elapsed().as_millis())
                .arg("rendered", count.rendered)
                .arg("pages", count.pages);
            eprintln!("{}", options.lang.text(&done));
            Snapshot {
                base_path,
                files: Arc::new(built.files.into_iter().map(|f| (f.path, f.bytes)).collect()),
                overlay: None,
            }
        }
        Err(problems) => {
            print_problems(&problems, options);
            eprintln!("{}", options.lang.word(Code::ServeFailed));
            Snapshot {
                base_path,
                files: Arc::clone(&previous.files),
                overlay: Some(inject::overlay(&problems, &options.content, options.lang)),
            }
        }
    };
    preview.replace(snapshot);
    // No open page is not an error.
    let _ = preview.reload.send(version);
}

fn print_problems(problems: &Problems, options: &BuildOptions) {
    anstream::eprint!(
        "{}",
        presentation::to_text(problems, &options.content, options.lang)
    );
}
