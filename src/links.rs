//! Links that cannot break: every internal link, asset and `#anchor` of the
//! generated pages must resolve to a generated file (and element id).
//!
//! Each page is read for its links and ids as it is rendered, and only those are
//! kept ([`LinkGraph`]): the page itself goes on to the output. The check runs
//! once every file is known, before anything is published, so `build` and
//! `check` both fail with every broken link listed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;
use std::sync::Mutex;

use memchr::memmem;

use crate::diagnostics::{Problem, Problems};
use crate::messages::{Code, Message};
#[cfg(test)]
use crate::output::OutputFile;

/// Where the editor wrote a link found on a generated page, when it comes from the
/// content: the file as problems name it, and the 1-based line and column. Given the
/// page's path and the link as it appears there.
pub type Locate<'a> = &'a dyn Fn(&str, &str) -> Option<(std::path::PathBuf, usize, usize)>;

/// What one HTML page declares: the ids it has and the references it makes, as
/// written in the page (a copy only where a value is not valid UTF-8).
#[derive(Default)]
struct Scanned<'a> {
    ids: HashSet<Cow<'a, str>>,
    /// (attribute, value) of every href, src, srcset and form action, each once.
    references: Vec<(&'static str, Cow<'a, str>)>,
}

/// Every generated path, and the links and ids of every page: what the check needs,
/// without the pages. Pages are added from any thread as they are rendered.
#[derive(Default)]
pub struct LinkGraph {
    known: Mutex<Known>,
}

/// The attributes that make a reference, in the order messages name them.
pub const ATTRIBUTES: [&str; 4] = ["action", "href", "src", "srcset"];

/// Each distinct string (path, address, id) kept once and named by a number: pages
/// link the same pages, styles and fonts, and repeat the same ids.
#[derive(Default)]
struct Strings(HashMap<Box<str>, u32>);

impl Strings {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.0.get(text) {
            return id;
        }
        let id = u32::try_from(self.0.len()).expect("fewer than 4 billion strings");
        self.0.insert(text.into(), id);
        id
    }

    fn find(&self, text: &str) -> Option<u32> {
        self.0.get(text).copied()
    }

    /// The strings by number.
    fn by_number(&self) -> Vec<&str> {
        let mut out = vec![""; self.0.len()];
        for (text, &id) in &self.0 {
            out[id as usize] = text;
        }
        out
    }
}

/// A page as the check needs it: its ids, sorted, and its references as (attribute,
/// address), each a number.
struct Page {
    ids: Box<[u32]>,
    references: Box<[(u8, u32)]>,
}

#[derive(Default)]
struct Known {
    strings: Strings,
    /// The generated files.
    paths: HashSet<u32>,
    /// The pages, by path.
    pages: HashMap<u32, Page>,
}

impl Known {
    /// Records the page at `path` with its ids and references (attribute, address).
    fn add_page<'s>(
        &mut self,
        path: u32,
        ids: impl Iterator<Item = &'s str>,
        references: impl Iterator<Item = (&'s str, &'s str)>,
    ) {
        let strings = &mut self.strings;
        let mut ids: Vec<u32> = ids.map(|id| strings.intern(id)).collect();
        ids.sort_unstable();
        let references = references.map(|(attr, url)| {
            let attr = ATTRIBUTES.iter().position(|a| *a == attr).unwrap_or(0);
            (attr as u8, strings.intern(url))
        });
        let page = Page {
            ids: ids.into(),
            references: references.collect(),
        };
        self.pages.insert(path, page);
    }
}

impl LinkGraph {
    /// Records a generated file: its path, and for a page its links and ids.
    pub fn add(&self, path: &str, bytes: &[u8]) {
        let scanned = path.ends_with(".html").then(|| scan(bytes));
        let mut known = crate::output::lock(&self.known);
        let path = known.strings.intern(path);
        known.paths.insert(path);
        if let Some(scanned) = scanned {
            let ids = scanned.ids.iter().map(|id| id.as_ref());
            let references = (scanned.references.iter()).map(|(attr, url)| (*attr, url.as_ref()));
            known.add_page(path, ids, references);
        }
    }

    /// Records a file kept from the last build that is not a page.
    pub fn add_kept_file(&self, path: &str) {
        let mut known = crate::output::lock(&self.known);
        let path = known.strings.intern(path);
        known.paths.insert(path);
    }

    /// Records a page kept from the last build, with the ids and the references
    /// (attribute, address) it had then.
    pub fn add_kept_page<'s>(
        &self,
        path: &str,
        ids: impl Iterator<Item = &'s str>,
        references: impl Iterator<Item = (&'s str, &'s str)>,
    ) {
        let mut known = crate::output::lock(&self.known);
        let path = known.strings.intern(path);
        known.paths.insert(path);
        known.add_page(path, ids, references);
    }

    /// Every file and link, once all are added: the check and the rebuild cache's
    /// page index read them at once.
    pub fn finish(self) -> Links {
        Links(self.known.into_inner().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Every generated path, and the links and ids of every page, once all are known.
pub struct Links(Known);

impl Links {
    /// Hands `each` the ids (sorted) and the references (attribute, address) of each
    /// page of `paths`, in order; empty lists for a path that is no page.
    pub fn visit_links(&self, paths: &[&str], mut each: impl FnMut(&[&str], &[(&str, &str)])) {
        let known = &self.0;
        let text = known.strings.by_number();
        for path in paths {
            let page = known.strings.find(path).and_then(|p| known.pages.get(&p));
            let Some(page) = page else {
                each(&[], &[]);
                continue;
            };
            let mut ids: Vec<&str> = page.ids.iter().map(|&id| text[id as usize]).collect();
            ids.sort_unstable();
            let references: Vec<(&str, &str)> = (page.references.iter())
                .map(|&(attr, url)| (ATTRIBUTES[attr as usize], text[url as usize]))
                .collect();
            each(&ids, &references);
        }
    }

    /// Checks every reference of every page against the files and their ids.
    /// `base_path` is the path part of the base URL, ending with `/`. A broken link that
    /// `locate` finds in the content is reported where it was written.
    pub fn check(&self, base_path: &str, locate: Locate) -> Problems {
        self.0.check(base_path, locate)
    }
}

/// Reads a page's ids and references: every start tag outside comments, scripts,
/// styles and the insides of inline charts. No tree is built and nothing is decoded:
/// an attribute is compared as it is written, as a browser resolves a plain address.
fn scan(html: &[u8]) -> Scanned<'_> {
    let mut found = Scanned::default();
    for chunk in without_svg_insides(html) {
        scan_tags(chunk, &mut found);
    }
    found.references.sort_unstable();
    found.references.dedup();
    found
}

/// The start tags of `html`, each handed to [`scan_tag`].
fn scan_tags<'a>(html: &'a [u8], found: &mut Scanned<'a>) {
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &html[at..]) {
        let rest = &html[at + lt..];
        let skip = if rest.starts_with(b"<!--") {
            memmem::find(rest, b"-->").map_or(rest.len(), |end| end + 3)
        } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            let (name, end) = scan_tag(rest, found);
            end + raw_text_len(name, &rest[end..])
        } else {
            // An end tag, a doctype or a lone `<`.
            memchr::memchr(b'>', rest).map_or(rest.len(), |end| end + 1)
        };
        at += lt + skip.max(1);
    }
}

/// How much of `after` is the text of a `<script>` or `<style>` element: never markup.
fn raw_text_len(name: &[u8], after: &[u8]) -> usize {
    let close: &[u8] = if name.eq_ignore_ascii_case(b"script") {
        b"</script"
    } else if name.eq_ignore_ascii_case(b"style") {
        b"</style"
    } else {
        return 0;
    };
    memmem::find_iter(after, b"</")
        .find(|&at| {
            after[at..]
                .get(..close.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(close))
        })
        .unwrap_or(after.len())
}

/// Reads the start tag at the beginning of `tag` (`<name attr="value" …>`), records
/// its ids and references, and returns its name and its length.
fn scan_tag<'a>(tag: &'a [u8], found: &mut Scanned<'a>) -> (&'a [u8], usize) {
    let is_name_end = |b: &u8| b.is_ascii_whitespace() || *b == b'/' || *b == b'>';
    let name_end = tag[1..]
        .iter()
        .position(is_name_end)
        .map_or(tag.len(), |i| i + 1);
    let name = &tag[1..name_end];
    let mut at = name_end;
    while at < tag.len() {
        match tag[at] {
            b'>' => return (name, at + 1),
            b if b.is_ascii_whitespace() || b == b'/' => at += 1,
            _ => {
                let (attr, value, end) = attribute(tag, at);
                record(name, attr, value, found);
                at = end;
            }
        }
    }
    (name, tag.len())
}

/// The attribute starting at `at`: its name, its value as written, and where it ends.
fn attribute(tag: &[u8], at: usize) -> (&[u8], &[u8], usize) {
    let is_end = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/');
    let name_end = tag[at + 1..]
        .iter()
        .position(is_end)
        .map_or(tag.len(), |i| at + 1 + i);
    let name = &tag[at..name_end];
    let skip_space = |mut i: usize| {
        while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let eq = skip_space(name_end);
    if tag.get(eq) != Some(&b'=') {
        return (name, b"", name_end);
    }
    let start = skip_space(eq + 1);
    match tag.get(start) {
        Some(&quote @ (b'"' | b'\'')) => {
            let len = memchr::memchr(quote, &tag[start + 1..]).unwrap_or(tag.len() - start - 1);
            let end = start + 1 + len;
            (name, &tag[start + 1..end], (end + 1).min(tag.len()))
        }
        _ => {
            let len = tag[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .unwrap_or(tag.len() - start);
            (name, &tag[start..start + len], start + len)
        }
    }
}

/// Keeps what an attribute of a tag says about links and anchors.
fn record<'a>(tag: &[u8], attr: &[u8], value: &'a [u8], found: &mut Scanned<'a>) {
    let value = || String::from_utf8_lossy(value);
    let is = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
    if is(attr, "id") || (is(attr, "name") && is(tag, "a")) {
        found.ids.insert(value());
    } else if is(attr, "href") {
        found.references.push(("href", value()));
    } else if is(attr, "src") {
        found.references.push(("src", value()));
    } else if is(attr, "action") && is(tag, "form") {
        found.references.push(("action", value()));
    } else if is(attr, "srcset") {
        let references: Vec<_> = match value() {
            Cow::Borrowed(srcset) => srcset_urls(srcset).map(Cow::Borrowed).collect(),
            Cow::Owned(srcset) => srcset_urls(&srcset)
                .map(|url| Cow::Owned(url.to_string()))
                .collect(),
        };
        found
            .references
            .extend(references.into_iter().map(|url| ("srcset", url)));
    }
}

/// The addresses of a `srcset`: `a.png 1x, b.png 2x`; each is what comes before its descriptor.
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
}

/// The page in pieces, leaving out what lies between each inline `<svg …>` and its
/// `</svg>`. Links inside charts are not followed, and their drawing is about half
/// of a report page's bytes, so the parser reads the rest only. The `<svg>` tag
/// itself is kept, so its id is still an anchor. Generated text never holds a raw
/// `<svg`: markup in text is escaped.
fn without_svg_insides(html: &[u8]) -> impl Iterator<Item = &[u8]> {
    const OPEN: &[u8] = b"<svg";
    const CLOSE: &[u8] = b"</svg>";
    let find = |haystack: &[u8], needle: &[u8]| memchr::memmem::find(haystack, needle);
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // Up to and including the next `<svg …>` tag, then on from its `</svg>`.
        let Some(start) = find(rest, OPEN) else {
            return Some(std::mem::take(&mut rest));
        };
        let tag_end = memchr::memchr(b'>', &rest[start..]);
        let close = tag_end.and_then(|end| {
            let inside = start + end + 1;
            find(&rest[inside..], CLOSE).map(|c| (inside, inside + c))
        });
        match close {
            Some((inside, close)) => {
                let chunk = &rest[..inside];
                rest = &rest[close..];
                // The next call starts at `</svg>`, which holds no `<svg`.
                Some(chunk)
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// Whether a reference leaves the site (another scheme or host): not ours to check.
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    matches!(scheme_end, Some(i) if i < path_start)
}

/// Resolves `target` (without query or fragment) against the page's folder, giving a
/// path inside the output folder, or why it cannot be one.
fn resolve(page: &str, target: &str, base_path: &str) -> Result<String, Message> {
    let joined = if target.is_empty() {
        return Ok(page.to_string());
    } else if let Some(absolute) = target.strip_prefix('/') {
        match format!("/{absolute}").strip_prefix(base_path) {
            Some(rel) => rel.to_string(),
            None => return Err(Message::new(Code::LinkOutsideBase).arg("base", base_path)),
        }
    } else {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]);
        [dir, target].concat()
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Code::LinkAboveRoot.into());
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Ok(path)
}

/// Checks every reference of every HTML file against the files and their ids.
#[cfg(test)]
fn check(files: &[OutputFile], base_path: &str, locate: Locate) -> Problems {
    let graph = LinkGraph::default();
    for file in files {
        graph.add(&file.path, &file.bytes);
    }
    graph.finish().check(base_path, locate)
}

impl Known {
    fn check(&self, base_path: &str, locate: Locate) -> Problems {
        let text = self.strings.by_number();
        let mut broken = BTreeMap::new();
        // An address from the root reaches the same place from every page: each is
        // resolved once, as most pages share their menus and neighbours' links.
        let mut reached: HashSet<u32> = HashSet::default();
        for (&page, page_scan) in &self.pages {
            let page = text[page as usize];
            for &(attr, url_id) in &page_scan.references {
                let url = text[url_id as usize];
                let from_root = url.starts_with('/');
                if from_root && reached.contains(&url_id) {
                    continue;
                }
                match self.why_broken(page, url, base_path) {
                    Some(reason) => {
                        broken.insert((page, ATTRIBUTES[attr as usize], url), reason);
                    }
                    None if from_root => {
                        reached.insert(url_id);
                    }
                    None => {}
                }
            }
        }
        let mut problems = Problems::default();
        for ((page, attr, url), reason) in broken {
            let message = Message::new(Code::LinkBroken)
                .arg("attr", attr)
                .arg("url", url)
                .with("reason", reason);
            problems.push(match locate(page, url) {
                Some((file, line, column)) => Problem::error(file, message)
                    .at(line, column)
                    .hint(Code::LinkInNarrativeHint),
                None => Problem::error(Path::new(page), message).hint(hint_for(page)),
            });
        }
        problems
    }

    /// Whether `page` has an element with the id `id`.
    fn has_id(&self, page: &Page, id: &str) -> bool {
        let id = self.strings.find(id);
        id.is_some_and(|id| page.ids.binary_search(&id).is_ok())
    }

    /// Why the reference `url` of `page` reaches nothing, if it does not.
    fn why_broken(&self, page: &str, url: &str, base_path: &str) -> Option<Message> {
        if is_external(url) {
            return None;
        }
        let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
        let target = rest.split('?').next().unwrap_or("");
        let path = match resolve(page, target, base_path) {
            Err(reason) => return Some(reason),
            Ok(path) => path,
        };
        // A folder address without its trailing slash still reaches its index page.
        let known = |p: &str| self.strings.find(p).filter(|p| self.paths.contains(p));
        let found = known(&path).or_else(|| known(&[path.as_str(), "/index.html"].concat()));
        match (found, fragment) {
            (None, _) => Some(Code::LinkNoPage.into()),
            (Some(_), "") => None,
            (Some(found), fragment) => match self.pages.get(&found) {
                Some(target) if !self.has_id(target, fragment) => {
                    Some(Message::new(Code::LinkNoAnchor).arg("id", fragment))
                }
                _ => None,
            },
        }
    }
}

/// Where an editor fixes a link on a generated page.
fn hint_for(page: &str) -> Message {
    let parts: Vec<&str> = page.split('/').collect();
    match parts.as_slice() {
        [lang, province, period, "index.html"]
            if period.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let file = format!("content/provinces/{province}/{period}/report.{lang}.md");
            Message::new(Code::LinkOnReportPageHint).arg("file", file)
        }
        _ => Code::LinkElsewhereHint.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec().into(),
        }
    }

    fn messages(problems: Problems) -> Vec<String> {
        problems
            .into_sorted()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn links_resolve_under_the_base_path_with_relative_paths_and_anchors() {
        let files = [
            file(
                "vi/a/index.html",
                r##"<a href="/sub/vi/b/#x">b</a> <a href="../b/">b</a> <a href="#top">t</a>
                <img src="/sub/static/x.svg" srcset="/sub/static/x.svg 1x, ../../static/x.svg 2x" alt="">
                <a href="https://example.vn/nowhere">out</a> <a href="mailto:a@b.vn">m</a>
                <h1 id="top">A</h1>"##,
            ),
            file("vi/b/index.html", r#"<p id="x">b</p>"#),
            file("static/x.svg", "<svg/>"),
        ];
        assert!(check(&files, "/sub/", &|_, _| None).is_empty());
    }

    #[test]
    fn missing_pages_anchors_and_links_outside_the_base_are_each_reported() {
        let files = [
            file(
                "vi/a/index.html",
                r##"<a href="/sub/vi/missing/">1</a> <a href="/sub/vi/b/#nope">2</a>
                <a href="/elsewhere/">3</a> <a href="#gone">4</a>"##,
            ),
            file("vi/b/index.html", r#"<p id="x">b</p>"#),
        ];
        let found = messages(check(&files, "/sub/", &|_, _| None));
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with(
            "vi/a/index.html: error: broken link href=\"#gone\": the page has no element with id `gone`"
        ));
        assert!(found.iter().any(|m| {
            m.contains("href=\"/elsewhere/\": it is outside the site's base path `/sub/`")
        }));
        assert!(found.iter().any(|m| m.contains(
            "href=\"/sub/vi/missing/\": no such page or file is generated"
        )));
        assert!(found.iter().any(|m| m.contains("`nope`")));
    }

    #[test]
    fn links_in_comments_scripts_and_styles_are_not_links_and_any_attribute_form_is_read() {
        let files = [file(
            "vi/a/index.html",
            r##"<!-- <a href="/sub/commented/">old</a> -->
            <script>let s = '<a href="/sub/in-script/">';</script>
            <STYLE>a[href="/sub/in-style/"] { color: red }</STYLE>
            <A HREF=/sub/vi/missing/>unquoted, upper case</A>
            <a title='x > y' href='/sub/vi/gone/'>single quotes after a quoted '>'</a>
            <p ID="here">anchor</p> <a href="#here">ok</a> <a name=there></a> <a href="#there">ok</a>
            <form action="/sub/vi/send/"></form>"##,
        )];
        let found = messages(check(&files, "/sub/", &|_, _| None));
        assert_eq!(found.len(), 3, "{found:#?}");
        for url in ["/sub/vi/missing/", "/sub/vi/gone/", "/sub/vi/send/"] {
            assert!(found.iter().any(|m| m.contains(url)), "{url}: {found:#?}");
        }
    }

    #[test]
    fn a_link_the_content_wrote_is_reported_where_it_was_written() {
        let files = [file(
            "vi/a/index.html",
            r##"<a href="/sub/vi/missing/">1</a> <a href="/sub/theme-gone/">2</a>"##,
        )];
        let locate = |page: &str, url: &str| {
            (page == "vi/a/index.html" && url == "/sub/vi/missing/")
                .then(|| ("content/a/report.vi.md".into(), 9, 10))
        };
        let found = messages(check(&files, "/sub/", &locate));
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with(
            "content/a/report.vi.md:9:10: error: broken link href=\"/sub/vi/missing/\""
        ));
        assert!(
            found[0].ends_with("hint: fix the link here, or add the page or anchor it points to")
        );
        assert!(
            found[1].starts_with("vi/a/index.html: error: broken link href=\"/sub/theme-gone/\"")
        );
    }

    #[test]
    fn charts_are_skipped_but_their_ids_and_the_page_after_them_are_checked() {
        let files = [file(
            "vi/a/index.html",
            r##"<figure><svg id="chart" viewBox="0 0 1 1"><a href="/sub/nowhere/">in a chart</a>
            <title>t</title></svg></figure><a href="#chart">to the chart</a>
            <svg viewBox="0 0 1 1"></svg><a href="/sub/vi/missing/">after two charts</a>"##,
        )];
        let found = messages(check(&files, "/sub/", &|_, _| None));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("href=\"/sub/vi/missing/\""), "{found:#?}");
    }
}
