//! Links that cannot break: every internal link, asset and `#anchor` of the
//! generated pages must resolve to a generated file (and element id).
//!
//! The check runs on the files in memory, after rendering and before anything is
//! written, so `build` and `check` both fail with every broken link listed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use std::cell::RefCell;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;

use crate::diagnostics::{Problem, Problems};
use crate::messages::{Code, Message};
use crate::output::OutputFile;

/// Where the editor wrote a link found on a generated page, when it comes from the
/// content: the file as problems name it, and the 1-based line and column. Given the
/// page's path and the link as it appears there.
pub type Locate<'a> = &'a dyn Fn(&str, &str) -> Option<(std::path::PathBuf, usize, usize)>;

/// What one HTML page declares: the ids it has and the references it makes.
#[derive(Default)]
struct Scanned {
    ids: HashSet<String>,
    /// (attribute, value) of every href, src, srcset and form action.
    references: Vec<(&'static str, String)>,
}

/// Reads a page's ids and references with a streaming parser: no tree is built.
fn scan(html: &[u8]) -> Scanned {
    let found = RefCell::new(Scanned::default());
    let reference = |attr: &'static str| {
        let found = &found;
        move |el: &mut lol_html::html_content::Element| {
            if let Some(value) = el.get_attribute(attr) {
                found.borrow_mut().references.push((attr, value));
            }
            Ok(())
        }
    };
    let settings = Settings::new()
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                found.borrow_mut().ids.insert(id);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[name]", |el| {
            if let Some(name) = el.get_attribute("name") {
                found.borrow_mut().ids.insert(name);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[href]", reference("href")))
        .append_element_content_handler(element!("[src]", reference("src")))
        .append_element_content_handler(element!("form[action]", reference("action")))
        .append_element_content_handler(element!("[srcset]", |el| {
            // `a.png 1x, b.png 2x`: the address is what comes before the descriptor.
            let srcset = el.get_attribute("srcset").unwrap_or_default();
            let urls = srcset
                .split(',')
                .filter_map(|c| c.split_whitespace().next());
            found
                .borrow_mut()
                .references
                .extend(urls.map(|url| ("srcset", url.to_string())));
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // Only the handlers above can fail, and they never do: the parse always completes.
    let _ = without_svg_insides(html)
        .try_for_each(|chunk| rewriter.write(chunk))
        .and_then(|_| rewriter.end());
    found.into_inner()
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
        format!("{dir}{target}")
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
    let path = parts.join("/");
    Ok(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    })
}

/// Checks every reference of every HTML file against the files and their ids.
/// `base_path` is the path part of the base URL, ending with `/`. A broken link that
/// `locate` finds in the content is reported where it was written.
pub fn check(files: &[OutputFile], base_path: &str, locate: Locate) -> Problems {
    let scanned: HashMap<&str, Scanned> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), scan(&f.bytes)))
        .collect();
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut broken = BTreeSet::new();
    for (page, page_scan) in &scanned {
        for (attr, url) in &page_scan.references {
            if is_external(url) {
                continue;
            }
            let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = rest.split('?').next().unwrap_or("");
            let reason = match resolve(page, target, base_path) {
                Err(reason) => Some(reason),
                Ok(path) => {
                    // A folder address without its trailing slash still reaches its index page.
                    let folder = format!("{path}/index.html");
                    let found = [path.as_str(), folder.as_str()]
                        .into_iter()
                        .find(|p| paths.contains(p));
                    match (found, fragment) {
                        (None, _) => Some(Code::LinkNoPage.into()),
                        (Some(_), "") => None,
                        (Some(found), fragment) => match scanned.get(found).map(|s| &s.ids) {
                            Some(ids) if !ids.contains(fragment) => {
                                Some(Message::new(Code::LinkNoAnchor).arg("id", fragment))
                            }
                            _ => None,
                        },
                    }
                }
            };
            if let Some(reason) = reason {
                broken.insert((page.to_string(), *attr, url.clone(), reason));
            }
        }
    }
    let mut problems = Problems::default();
    for (page, attr, url, reason) in broken {
        let message = Message::new(Code::LinkBroken)
            .arg("attr", attr)
            .arg("url", &url)
            .with("reason", reason);
        problems.push(match locate(&page, &url) {
            Some((file, line, column)) => Problem::error(file, message)
                .at(line, column)
                .hint(Code::LinkInNarrativeHint),
            None => Problem::error(Path::new(&page), message).hint(hint_for(&page)),
        });
    }
    problems
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
