//! The theme: Tera templates, static files and UI strings.
//!
//! The default theme is compiled into the binary, so baocao works out of the box.
//! A site overrides any file by putting its own copy at the same place under its
//! theme folder (`themes/default/templates/report.html`); other files come from
//! the built-in copy.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use rustc_hash::FxHashMap;
use tera::{Kwargs, State, Tera};

use crate::diagnostics::{Problem, Problems};
use crate::i18n::{OPTIONAL_KEYS, Strings};
use crate::messages::{Code, Message};
use crate::model::Lang;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the built-in default theme, by its path inside the theme folder.
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/figures.html",
    "templates/chart.html",
    "templates/charts_download.html",
    "templates/pager.html",
    "templates/home.html",
    "templates/province.html",
    "templates/report.html",
    "templates/indicator.html",
    "templates/indicators.html",
    "templates/404.html",
    "templates/root.html",
    "templates/downloads.html",
    "templates/sitemap.xml",
    "templates/feed.xml",
    "templates/search.html",
    "i18n/vi.yaml",
    "i18n/en.yaml",
    "static/style.css",
    "static/favicon.svg",
    "static/search.js",
    "static/vendor/minisearch/minisearch.js",
    "static/vendor/minisearch/LICENSE.txt",
    "static/fonts/NotoSans-Regular.woff2",
    "static/fonts/NotoSans-Bold.woff2",
    "static/fonts/OFL.txt",
];

/// A loaded theme, ready to render pages.
pub struct Theme {
    pub tera: Tera,
    pub strings: Arc<BTreeMap<Lang, Strings>>,
    /// Which theme this is, among those the process has loaded (a preview server loads
    /// one per rebuild): the key of each thread's copy of its UI strings ([`Theme::ui`]).
    id: u64,
    /// Static files to copy to `static/`, by path inside `static/`.
    pub static_files: Vec<(String, Bytes)>,
    /// The templates as written (name, source, file), which Tera is given without their
    /// indentation: a template error is looked for again in these, to name its column.
    written: Vec<(String, String, PathBuf)>,
    first: Option<Lang>,
}

impl Theme {
    /// Loads the theme for a site in `languages`, taking each file from `dir` when it is
    /// there and from the built-in copy otherwise. Template errors name the file and line.
    pub fn load(dir: Option<&Path>, languages: &[Lang]) -> Result<Theme, Problems> {
        let mut problems = Problems::default();
        let files = theme_files(dir, &mut problems);
        let mut templates: Vec<(String, String, PathBuf)> = Vec::new();
        let mut strings = BTreeMap::new();
        let mut static_files = Vec::new();
        for (key, (path, bytes)) in &files {
            if let Some(name) = key.strip_prefix("templates/") {
                match std::str::from_utf8(bytes) {
                    Ok(s) => {
                        templates.push((name.to_string(), crate::text::normalise(s), path.clone()))
                    }
                    Err(_) => problems.push(Problem::error(path, Code::ThemeNotUtf8)),
                }
            } else if let Some(name) = key.strip_prefix("i18n/") {
                let lang = name.strip_suffix(".yaml").and_then(Lang::from_code);
                if let Some(lang) = lang.filter(|l| languages.contains(l)) {
                    match load_strings(lang, path, bytes) {
                        Ok(loaded) => {
                            strings.insert(lang, loaded);
                        }
                        Err(found) => problems.extend(found),
                    }
                }
            } else if let Some(name) = key.strip_prefix("static/") {
                static_files.push((name.to_string(), bytes.clone()));
            }
        }
        check_strings(languages, dir, &files, &strings, &mut problems);
        if problems.has_errors() {
            return Err(problems);
        }
        let strings = Arc::new(strings);
        let first = languages.first().copied();
        let served: Vec<(String, String, PathBuf)> = templates
            .iter()
            .map(|(name, source, path)| (name.clone(), served(name, source), path.clone()))
            .collect();
        let tera = match new_tera(&served, &strings, first) {
            Ok(tera) => tera,
            Err(problem) => {
                problems.push(
                    new_tera(&templates, &strings, first)
                        .err()
                        .unwrap_or(problem),
                );
                return Err(problems);
            }
        };
        static LOADED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Ok(Theme {
            tera,
            strings,
            id: LOADED.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            static_files,
            written: templates,
            first,
        })
    }

    /// A page's template error as a problem at its place in the template as written:
    /// the page is rendered again from the templates with their indentation.
    pub fn render_problem(
        &self,
        template: &str,
        context: &tera::Context,
        err: &tera::Error,
    ) -> Problem {
        let tera = new_tera(&self.written, &self.strings, self.first);
        let again = tera.ok().and_then(|t| t.render(template, context).err());
        let path = PathBuf::from(format!("templates/{template}"));
        template_problem(&path, again.as_ref().unwrap_or(err))
    }

    pub fn strings(&self, lang: Lang) -> &Strings {
        &self.strings[&lang]
    }

    /// The UI strings of `lang` as one Tera map, the `ui` of every page: `{{ ui.home }}`
    /// reads what `{{ t(key="home") }}` does, without the call's map of arguments.
    ///
    /// Shared, not copied, within a thread. Each thread that renders has its own copy, made
    /// once: Tera counts the references to a map and its strings on every lookup, and two
    /// threads counting on one copy wait on each other for the memory the count is in.
    pub fn ui(&self, lang: Lang) -> tera::Value {
        thread_local! {
            static UI: std::cell::RefCell<Vec<(u64, Lang, tera::Value)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        UI.with_borrow_mut(|copies| {
            if let Some((_, _, ui)) = copies
                .iter()
                .find(|(id, l, _)| *id == self.id && *l == lang)
            {
                return ui.clone();
            }
            // The copies of a theme no longer loaded go, oldest first.
            if copies.len() >= 8 {
                copies.remove(0);
            }
            let ui = tera::Value::from(ui_values(self.strings(lang)));
            copies.push((self.id, lang, ui.clone()));
            ui
        })
    }
}

/// Every file of the theme: the built-in ones, replaced by those of `dir`.
fn theme_files(dir: Option<&Path>, problems: &mut Problems) -> BTreeMap<String, (PathBuf, Bytes)> {
    let mut files: BTreeMap<String, (PathBuf, Bytes)> = DEFAULT_THEME
        .iter()
        .map(|(path, bytes)| {
            let shown = PathBuf::from("(built-in theme)").join(path);
            (path.to_string(), (shown, Bytes::from_static(bytes)))
        })
        .collect();
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        return files;
    };
    for entry in crate::source_files::walk(dir, dir, usize::MAX) {
        let entry = match entry {
            Ok(entry) if entry.file_type().is_file() => entry,
            Ok(_) => continue,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let key = rel.to_string_lossy().replace('\\', "/");
        match crate::source_files::read_bytes(dir, entry.path(), entry.path()) {
            Ok(bytes) => {
                files.insert(key, (entry.path().to_path_buf(), bytes.into()));
            }
            Err(problem) => problems.push(problem),
        }
    }
    files
}

/// Tera's `t(key=…)`: the UI string of the page's language, or an error naming the file.
/// The strings are made Tera values once, and a call shares one without copying it; still,
/// each call costs Tera a map of its arguments, so the default templates read `ui` instead.
fn ui_string(
    strings: Arc<BTreeMap<Lang, Strings>>,
    first: Option<Lang>,
) -> impl Fn(Kwargs, &State) -> tera::TeraResult<tera::Value> + Send + Sync + 'static {
    let values: Vec<(Lang, FxHashMap<String, tera::Value>)> = strings
        .iter()
        .map(|(&lang, s)| (lang, ui_values(s).into_iter().collect()))
        .collect();
    move |kwargs: Kwargs, state: &State| -> tera::TeraResult<tera::Value> {
        let key: &str = kwargs.must_get("key")?;
        let lang = match state.get::<tera::Value>("lang")? {
            Some(value) => match value.as_str() {
                Some(code) => Lang::from_code(code),
                // Not a string: Tera's own message says so.
                None => state
                    .get::<String>("lang")?
                    .and_then(|l| Lang::from_code(&l)),
            },
            None => None,
        }
        .or(first);
        let (lang, values) = lang
            .and_then(|lang| values.iter().find(|(l, _)| *l == lang))
            .ok_or_else(|| tera::Error::message("no UI strings for the page's language"))?;
        match values.get(key) {
            Some(text) => Ok(text.clone()),
            None => Err(tera::Error::message(format!(
                "there is no UI string `{key}` in i18n/{}.yaml",
                strings[lang].lang()
            ))),
        }
    }
}

/// Every UI string of a language as a Tera value, by its key.
fn ui_values(strings: &Strings) -> BTreeMap<String, tera::Value> {
    strings
        .keys()
        .map(|k| (k.to_string(), tera::Value::from(strings.get(k))))
        .collect()
}

/// The source Tera is given: an HTML template without the indentation of its lines
/// ([`super::indent`]); other templates (XML) as written.
fn served(name: &str, source: &str) -> String {
    if name.ends_with(".html") {
        super::indent::strip_indentation(source)
    } else {
        source.to_string()
    }
}

/// Tera with the templates, escaping HTML and XML, and the UI strings as `t(key=…)`.
fn new_tera(
    templates: &[(String, String, PathBuf)],
    strings: &Arc<BTreeMap<Lang, Strings>>,
    first: Option<Lang>,
) -> Result<Tera, Problem> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_function("t", ui_string(Arc::clone(strings), first));
    tera.register_filter("css_string", |text: &str, _: Kwargs, _: &State| {
        tera::Value::safe_string(&css_string(text))
    });
    add_templates(&mut tera, templates)?;
    Ok(tera)
}

/// Tera's `css_string`: `text` as a quoted CSS string that is also safe in an HTML
/// attribute, such as a column's label for a stylesheet's `content`
/// (`style="--c2:{{ t(key='result') | css_string }}"`): quotes, backslashes, HTML's
/// special characters and control characters are written as CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&') || c.is_control() {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Adds the templates to Tera; an error names the file of the template it is in,
/// when the message says which.
fn add_templates(tera: &mut Tera, templates: &[(String, String, PathBuf)]) -> Result<(), Problem> {
    let sources = templates
        .iter()
        .map(|(name, source, _)| (name.as_str(), source.as_str()));
    tera.add_raw_templates(sources).map_err(|err| {
        let message = err.to_string();
        let path = templates
            .iter()
            .find(|(name, _, _)| {
                message.contains(&format!("{name}:")) || message.contains(&format!("'{name}'"))
            })
            .map_or_else(|| PathBuf::from("templates"), |(_, _, path)| path.clone());
        template_problem(&path, &err)
    })
}

/// A language's UI strings, checked for a locale ICU can use and each sentence for its
/// placeholders.
fn load_strings(lang: Lang, path: &Path, bytes: &[u8]) -> Result<Strings, Vec<Problem>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::error(path, Code::ThemeNotUtf8)]);
    };
    let text = crate::text::normalise(text);
    let tree = crate::yaml::parse_tree(path, &text).map_err(|p| vec![p])?;
    let map: BTreeMap<String, String> = tree.deserialize(path, "").map_err(|p| vec![p])?;
    let strings = Strings::new(lang, map).map_err(|message| {
        let (line, column) = tree.position_of("locale");
        vec![
            Problem::error(path, message)
                .at(line, column)
                .hint(Code::ThemeBadLocaleHint),
        ]
    })?;
    let problems: Vec<Problem> = strings
        .placeholder_problems()
        .into_iter()
        .map(|(key, message)| {
            let (line, column) = tree.position_of(key);
            Problem::error(path, message)
                .at(line, column)
                .maybe_hint(crate::i18n::placeholder_hint(key))
        })
        .collect();
    if problems.is_empty() {
        Ok(strings)
    } else {
        Err(problems)
    }
}

/// Every site language needs a strings file with every key the others and the built-in
/// Vietnamese file have, except the keys that only steer formatting.
fn check_strings(
    languages: &[Lang],
    dir: Option<&Path>,
    files: &BTreeMap<String, (PathBuf, Bytes)>,
    strings: &BTreeMap<Lang, Strings>,
    problems: &mut Problems,
) {
    let built_in: BTreeMap<String, String> = DEFAULT_THEME
        .iter()
        .find(|(path, _)| *path == "i18n/vi.yaml")
        .and_then(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            crate::yaml::parse(Path::new(path), text).ok()
        })
        .map(|parsed| parsed.value)
        .unwrap_or_default();
    let mut needed: BTreeSet<&str> = built_in.keys().map(String::as_str).collect();
    needed.extend(strings.values().flat_map(Strings::keys));
    // A language another file does not name goes by its own name.
    needed.retain(|key| !OPTIONAL_KEYS.contains(key) && !key.starts_with("name_of_"));
    for &lang in languages {
        let file = format!("i18n/{lang}.yaml");
        let Some(have) = strings.get(&lang) else {
            if !files.contains_key(&file) {
                let path = dir.map_or_else(|| PathBuf::from(&file), |d| d.join(&file));
                problems.push(
                    Problem::error(path, Message::new(Code::ThemeNoStrings).arg("lang", lang))
                        .hint(Message::new(Code::ThemeNoStringsHint).arg("file", &file)),
                );
            }
            continue;
        };
        let path = &files[&file].0;
        for key in needed.iter().filter(|k| have.find(k).is_none()) {
            problems.push(
                Problem::error(path, Message::new(Code::ThemeMissingString).arg("key", key)).hint(
                    Message::new(Code::ThemeMissingStringHint)
                        .arg("key", key)
                        .arg("file", &file),
                ),
            );
        }
    }
}

/// A Tera error as a problem at the template file, line and column it names.
fn template_problem(path: &Path, err: &tera::Error) -> Problem {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    // Tera reports the place as `--> name.html:20:42`; the error may be in a parent template.
    let place = message
        .split("-->")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next());
    let mut parts = place.map(|p| p.split(':')).into_iter().flatten();
    let (name, line, column) = (parts.next(), parts.next(), parts.next());
    let number = |n: Option<&str>| n.and_then(|n| n.parse().ok()).unwrap_or(0);
    let file = match (name, path.parent()) {
        (Some(name), Some(dir)) if !name.is_empty() => dir.join(name),
        _ => path.to_path_buf(),
    };
    let summary = message
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    Problem::error(
        file,
        Message::new(Code::ThemeTemplate).arg("summary", summary),
    )
    .at(number(line), number(column))
    .hint(Message::new(Code::ThemeTemplateHint).arg("detail", message.trim()))
}

/// Warnings for the files of a theme folder that baocao never uses, with the place they may belong.
pub fn misplaced_files(dir: &Path) -> Problems {
    let mut problems = Problems::default();
    let files: Vec<(String, PathBuf)> = crate::source_files::walk(dir, dir, usize::MAX)
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let key = entry
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            // Hidden files (.git, .DS_Store) are nobody's mistake.
            let hidden = key.split('/').any(|c| c.starts_with('.'));
            (!hidden).then(|| (key, entry.path().to_path_buf()))
        })
        .collect();
    // What the templates say, to tell a partial that one of them includes from a stray file.
    let mut sources: String = DEFAULT_THEME
        .iter()
        .filter(|(path, _)| path.starts_with("templates/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes))
        .collect();
    for (_, path) in files
        .iter()
        .filter(|(key, _)| key.starts_with("templates/"))
    {
        if let Ok(bytes) = crate::source_files::read_bytes(dir, path, path) {
            sources.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    let built_in = |key: &str| DEFAULT_THEME.iter().any(|(path, _)| *path == key);
    let templates = DEFAULT_THEME
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("templates/"));
    for (key, path) in &files {
        let name = key.rsplit('/').next().unwrap_or(key);
        let hint = if let Some(template) = key.strip_prefix("templates/") {
            let quoted = [format!("\"{template}\""), format!("'{template}'")];
            if built_in(key) || quoted.iter().any(|q| sources.contains(q.as_str())) {
                continue;
            }
            match crate::text::closest(template, templates.clone()) {
                Some(close) => Message::new(Code::ThemeUnusedTemplateClose).arg("close", close),
                None => Code::ThemeUnusedTemplate.into(),
            }
        } else if key.starts_with("static/") || key.starts_with("fonts/") || built_in(key) {
            // fonts/ holds the charts' fonts, built in; every copy of the default theme carries them.
            continue;
        } else {
            match DEFAULT_THEME
                .iter()
                .find(|(path, _)| path.rsplit('/').next() == Some(name))
            {
                Some((path, _)) => Message::new(Code::ThemeMoveFileHint).arg("path", path),
                None => Code::ThemeFilesHint.into(),
            }
        };
        problems.push(Problem::warning(path, Code::ThemeUnknownFile).hint(hint));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ui_string_without_its_placeholder_stops_the_theme_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let en = String::from_utf8(
            DEFAULT_THEME
                .iter()
                .find(|(path, _)| *path == "i18n/en.yaml")
                .unwrap()
                .1
                .to_vec(),
        )
        .unwrap();
        let line = en.lines().position(|l| l.starts_with("absorbed:")).unwrap() + 1;
        let broken = en.replace(
            "Merged into this province on {date}: {provinces}.",
            "Merged into this province on {date}.",
        );
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/en.yaml"), broken).unwrap();
        let languages = ["vi", "en"].map(|c| Lang::from_code(c).unwrap());
        let problems = Theme::load(Some(dir.path()), &languages)
            .err()
            .unwrap()
            .into_sorted();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = &problems[0];
        assert_eq!(problem.file, dir.path().join("i18n/en.yaml"));
        assert_eq!(problem.line, line);
        assert_eq!(
            problem.message,
            "the UI string `absorbed` lacks its placeholder `{provinces}`"
        );
        assert_eq!(
            problem.hint.as_ref().map(ToString::to_string).as_deref(),
            Some("`absorbed` needs {date}, {provinces}")
        );
    }

    #[test]
    fn a_css_string_holds_any_label_and_nothing_html_reads() {
        assert_eq!(css_string("Kết quả"), "'Kết quả'");
        assert_eq!(
            css_string("Year's \"plan\" <b>\\ &\n"),
            r"'Year\27 s \22 plan\22  \3c b\3e \5c  \26 \a '"
        );
    }

    #[test]
    fn the_default_theme_has_every_placeholder() {
        let languages = ["vi", "en"].map(|c| Lang::from_code(c).unwrap());
        assert!(Theme::load(None, &languages).is_ok());
    }
}
