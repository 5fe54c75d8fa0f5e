//! baocao turns YAML indicator data and Markdown narratives into a static,
//! bilingual (Vietnamese first, English second) report site with SVG charts.
//!
//! The data flows one way: [`content::load`] reads and validates the content
//! folder into a [`model::Site`]; [`render::render_site`] turns it into
//! [`output::OutputFile`]s, handing each on as it is made: to an
//! [`output::Stage`] that publishes the whole site at the end, and to the
//! [`links::LinkGraph`] that checks every link before it is published. A
//! rebuild whose inputs and output are unchanged is answered from [`cache`]; one
//! whose inputs changed renders only the pages whose inputs changed.

pub(crate) mod analysis;
pub(crate) mod cache;
pub mod charts;
pub mod cli;
pub(crate) mod completeness;
pub mod content;
pub mod diagnostics;
pub mod i18n;
pub(crate) mod links;
pub(crate) mod markdown;
pub mod messages;
pub mod model;
pub(crate) mod output;
pub mod presentation;
pub mod scaffold;
pub mod serve;
pub(crate) mod source_files;
pub(crate) mod text;
pub(crate) mod yaml;

pub(crate) mod render;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use diagnostics::{Problem, Problems};
pub use output::WriteSummary;
use output::{OutputFile, Stage, lock};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// The theme folder; default `themes/default` beside the content folder.
    pub theme: Option<PathBuf>,
    /// The language baocao speaks to the editor in (problems, the preview's overlay).
    pub lang: messages::Language,
}

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            content: content.into(),
            output: output.into(),
            base_url: None,
            theme: None,
            lang: messages::Language::default(),
        }
    }

    pub(crate) fn theme_dir(&self) -> PathBuf {
        self.theme.clone().unwrap_or_else(|| {
            let parent = self.content.parent().unwrap_or(Path::new(""));
            parent.join("themes").join("default")
        })
    }
}

/// A site rendered in memory, with the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Problems,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum BuildError {
    /// The content or the theme has errors; every problem is listed.
    Invalid(Problems),
    /// The output folder could not be written.
    Output(output::OutputError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Invalid(problems) => {
                write!(f, "the content has {} error(s)", problems.error_count())
            }
            BuildError::Output(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

/// Loads, validates and renders the whole site in memory. Nothing is written.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, Problems> {
    render_in_memory(options, None).map(|(built, _, _)| built)
}

/// The last good render in memory, from which a new one keeps the pages whose
/// inputs did not change: its files, and what [`cache::PageIndex`] says of its pages.
pub(crate) struct InMemory<'a> {
    pub inputs: &'a render::Inputs,
    pub last: Option<(&'a cache::PageIndex, &'a HashMap<String, bytes::Bytes>)>,
    /// The reports of the last load, kept while their files are the same.
    pub loaded: &'a content::Memo,
    /// The content's files, as the fingerprint of `inputs` read them.
    pub read: content::Read,
}

/// [`build_in_memory`], rendering only the pages whose inputs changed since `reuse`.
pub(crate) fn render_in_memory(
    options: &BuildOptions,
    mut reuse: Option<InMemory>,
) -> Result<(Built, cache::PageIndex, render::PageCount), Problems> {
    let (memo, read) = match reuse.as_mut() {
        Some(reuse) => (Some(reuse.loaded), std::mem::take(&mut reuse.read)),
        None => (None, content::Read::default()),
    };
    let (site, theme, mut problems) = load(options, memo, read)?;
    let files = Mutex::new(Vec::new());
    let add = |file: OutputFile| lock(&files).push(file);
    let (inputs, last) = reuse.map_or((None, None), |r| (Some(r.inputs), r.last));
    let keep = |path: &str| {
        if let Some(bytes) = last.and_then(|(_, files)| files.get(path)) {
            add(OutputFile {
                path: path.to_string(),
                bytes: bytes.clone(),
            });
        }
    };
    let reused = (inputs, last.map(|(index, _)| index));
    let (index, count) =
        match render_checked((&site, &options.content), &theme, reused, (&add, &keep)) {
            Ok(rendered) => rendered,
            Err(broken) => {
                problems.extend(broken);
                return Err(problems);
            }
        };
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let built = Built {
        files,
        warnings: problems,
    };
    Ok((built, index, count))
}

/// The content and the theme, loaded and validated, with the warnings found on the way.
fn load(
    options: &BuildOptions,
    memo: Option<&content::Memo>,
    read: content::Read,
) -> Result<(model::Site, render::Theme, Problems), Problems> {
    let (site, mut problems) = content::load_reusing(&options.content, memo, read);
    let theme_dir = options.theme_dir();
    if let Some(dir) = options.theme.as_ref().filter(|dir| !dir.is_dir()) {
        problems.push(
            Problem::error(dir, messages::Code::ThemeNoFolder)
                .hint(messages::Code::ThemeNoFolderHint),
        );
        return Err(problems);
    }
    if theme_dir.is_dir() {
        problems.extend(render::theme::misplaced_files(&theme_dir));
    }
    let languages = site.as_ref().map_or(&[][..], |s| &s.config.languages[..]);
    let theme = render::Theme::load(Some(&theme_dir), languages);
    let (mut site, theme) = match (site, theme) {
        (Some(site), Ok(theme)) => (site, theme),
        (_, Err(theme_problems)) => {
            problems.extend(theme_problems);
            return Err(problems);
        }
        (None, Ok(_)) => return Err(problems),
    };
    if let Some(url) = &options.base_url {
        match content::normalise_base_url(url) {
            Ok(url) => site.config.base_url = url,
            Err(message) => {
                problems
                    .push(Problem::error("--base-url", message).hint(messages::Code::BaseUrlHint));
                return Err(problems);
            }
        }
    }
    Ok((site, theme, problems))
}

/// Renders the site, handing every file to `emit` as it is made, and checks every
/// link between the files once all are made. `Err` holds the template errors or
/// the broken links: then nothing may be published.
///
/// With `inputs`, pages are keyed, and those whose key is the one `last` has are
/// not rendered: their files are handed to `keep` (see [`cache::Reuse`]).
fn render_checked(
    (site, content): (&model::Site, &Path),
    theme: &render::Theme,
    (inputs, last): (Option<&render::Inputs>, Option<&cache::PageIndex>),
    (emit, keep): (&render::Emit, &(dyn Fn(&str) + Sync)),
) -> Result<(cache::PageIndex, render::PageCount), Problems> {
    let graph = links::LinkGraph::default();
    let reuse = cache::Reuse::new((inputs, last), &graph, keep);
    let count = render::render_site(site, theme, &reuse, &|file: OutputFile| {
        graph.add(&file.path, &file.bytes);
        emit(file);
    })?;
    let rendered = reuse.finish();
    let links = graph.finish();
    let base_path = render::views::Urls::new(&site.config.base_url).base_path;
    let locate = |page: &str, url: &str| narrative_link(site, content, page, url);
    let (index, broken) = rayon::join(
        || rendered.index(&links),
        || links.check(&base_path, &locate),
    );
    match broken.has_errors() {
        true => Err(broken),
        false => Ok((index, count)),
    }
}

/// Where a link of a report page (`vi/ben-tre/2020/index.html`) was written in the
/// narrative that page shows: the `.md` file, line and column.
fn narrative_link(
    site: &model::Site,
    content: &Path,
    page: &str,
    url: &str,
) -> Option<(PathBuf, usize, usize)> {
    let [lang, province, period, "index.html"] = page.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let lang = model::Lang::from_code(lang)?;
    let report = site
        .reports
        .iter()
        .find(|r| r.province == province && r.period.id() == period)?;
    let (written_in, narrative) = report.narrative_shown(lang)?;
    let (_, line, column) = markdown::links(&narrative.markdown)
        .into_iter()
        .find(|(dest, _, _)| dest == url || markdown::escaped_href(dest) == url)?;
    let file = content
        .join("provinces")
        .join(province)
        .join(period)
        .join(format!("report.{written_in}.md"));
    let shown = diagnostics::display_path(content, &file);
    Some((shown, narrative.body_line + line - 1, column))
}

/// Builds the site and publishes it to the output folder only if everything succeeded.
/// The warnings and the completeness of each language come back as [`check`] tells them.
///
/// Each file goes to the output's stage as it is rendered; the site is never held
/// in memory. When neither the inputs nor the published output changed since the
/// last build, nothing is rendered; when the output is the one the last build
/// published, only the pages whose inputs changed are (see [`cache`]).
pub fn build(options: &BuildOptions) -> Result<(WriteSummary, Checked), BuildError> {
    // The fingerprint reads every content file; the load takes its bytes.
    let recorded = cache::Fingerprint::recorded(options);
    let (fingerprint, read) = cache::Fingerprint::reading(options, true).unzip();
    let memo = if recorded {
        if let Some(fresh) = fingerprint.as_ref().and_then(|f| f.unchanged()) {
            return Ok(fresh);
        }
        // Read only now: a build with nothing changed does not need it.
        cache::Fingerprint::memo(options)
    } else {
        content::Memo::later(Box::new(Vec::new))
    };
    let loaded = load(options, Some(&memo), read.unwrap_or_default());
    let (site, theme, mut problems) = loaded.map_err(BuildError::Invalid)?;
    let stage = Stage::begin(&options.output).map_err(BuildError::Output)?;
    let last = fingerprint.as_ref().and_then(|f| f.pages(|| stage.stamp()));
    let failed = Mutex::new(None);
    let outcome = |result: Result<(), output::OutputError>| {
        if let Err(err) = result {
            lock(&failed).get_or_insert(err);
        }
    };
    let publish = |file: OutputFile| {
        if lock(&failed).is_none() {
            outcome(stage.put(&file.path, &file.bytes));
        }
    };
    let keep = |path: &str| outcome(stage.keep(path));
    let reuse = (fingerprint.as_ref().map(|f| f.parts()), last.as_ref());
    let content = (&site, options.content.as_path());
    let (index, count) = match render_checked(content, &theme, reuse, (&publish, &keep)) {
        Ok(rendered) => rendered,
        Err(broken) => {
            problems.extend(broken);
            return Err(BuildError::Invalid(problems));
        }
    };
    if let Some(err) = failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(BuildError::Output(err));
    }
    let mut published = stage.commit().map_err(BuildError::Output)?;
    (published.summary.rendered, published.summary.pages) = (count.rendered, count.pages);
    published.summary.files_rendered = count.files;
    let checked = Checked {
        problems,
        completeness: Some(completeness::of(&site)),
    };
    if let Some(fingerprint) = fingerprint {
        fingerprint.save(&checked, &published, &index, &memo.clean(&site));
    }
    Ok((published.summary.clone(), checked))
}

/// What [`check`] found.
pub struct Checked {
    pub problems: Problems,
    /// How complete each language is; only counted on content without errors.
    pub completeness: Option<completeness::Completeness>,
}

/// Validates everything a build would, and writes nothing.
pub fn check(options: &BuildOptions) -> Checked {
    let checked =
        load(options, None, content::Read::default()).and_then(|(site, theme, mut problems)| {
            let content = (&site, options.content.as_path());
            match render_checked(content, &theme, (None, None), (&|_| {}, &|_| {})) {
                Ok(_) => Ok((site, problems)),
                Err(broken) => {
                    problems.extend(broken);
                    Err(problems)
                }
            }
        });
    match checked {
        Ok((site, problems)) => Checked {
            completeness: Some(completeness::of(&site)),
            problems,
        },
        Err(problems) => Checked {
            problems,
            completeness: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The charts fixture over the minimal site (four reports of three provinces) in `dir`.
    fn fixture_site(dir: &Path) {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for layer in ["minimal", "charts"] {
            let from = fixtures.join(layer);
            for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
                let to = dir.join(entry.path().strip_prefix(&from).unwrap());
                match entry.file_type().is_dir() {
                    true => std::fs::create_dir_all(&to).unwrap(),
                    false => drop(std::fs::copy(entry.path(), &to).unwrap()),
                }
            }
        }
    }

    /// What `serve` does on a save: a render in memory that keeps the last one's pages
    /// whose inputs did not change gives the files of a render of everything.
    #[test]
    fn a_render_that_keeps_the_pages_of_the_last_gives_the_files_of_a_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        fixture_site(dir.path());
        let options = BuildOptions::new(dir.path().join("content"), dir.path().join("output"));
        let loaded = content::Memo::default();
        let render = |last: Option<(&cache::PageIndex, &HashMap<String, bytes::Bytes>)>| {
            let (fingerprint, read) = cache::Fingerprint::reading(&options, true).unwrap();
            let reuse = InMemory {
                inputs: fingerprint.parts(),
                last,
                loaded: &loaded,
                read,
            };
            render_in_memory(&options, Some(reuse)).unwrap()
        };
        let (first, index, count) = render(None);
        assert_eq!(count.rendered, count.pages);
        let narrative = dir
            .path()
            .join("content/provinces/ca-mau/2020/report.vi.md");
        let text = std::fs::read_to_string(&narrative).unwrap();
        std::fs::write(&narrative, format!("{text}\nMột đoạn mới.\n")).unwrap();
        let files = first.files.into_iter().map(|f| (f.path, f.bytes)).collect();
        let (second, _, count) = render(Some((&index, &files)));
        assert!(count.rendered < count.pages, "{count:?}");
        let whole = build_in_memory(&options).unwrap();
        assert!(second.files == whole.files, "the kept render differs");
        let page = whole
            .files
            .iter()
            .find(|f| f.path == "vi/ca-mau/2020/index.html");
        assert!(String::from_utf8_lossy(&page.unwrap().bytes).contains("Một đoạn mới."));
    }
}
