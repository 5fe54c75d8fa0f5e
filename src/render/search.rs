//! Search without a server: a small JSON index per language, searched in the
//! browser by MiniSearch (vendored in the theme's `static/vendor/minisearch/`).
//!
//! Vietnamese is searched without its diacritics: the index holds folded words
//! (NFD, marks stripped, `đ` → `d`, lowercase) and `search.js` folds the query the
//! same way, so `dak lak` finds *Đắk Lắk* and `d` finds words starting with `đ`.
//! The search page lists every province and indicator, so it is a useful page
//! without JavaScript too.

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::model::*;
use crate::output::OutputFile;

use super::report_title;
use super::views::{Body, Head, Link, Page, SearchPage, Urls, Writer};

/// Folds text for searching: `Đắk Lắk` → `dak lak`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // Most letters, and the base letters of most Vietnamese ones, are ASCII: no mark,
    // and one lowercase letter.
    let mut push = |c: char| match c {
        c if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
        'đ' | 'Đ' => folded.push('d'),
        c if is_combining_mark(c) => {}
        c => folded.extend(c.to_lowercase()),
    };
    for c in text.chars() {
        // Most of a narrative is ASCII, which decomposes to itself. Marks are dropped,
        // so decomposing one character at a time gives what decomposing the text does.
        if c.is_ascii() {
            push(c);
        } else {
            decompose_canonical(c, &mut push);
        }
    }
    folded
}

/// The distinct folded words of some texts, in the order they first appear.
fn words<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let folded: Vec<String> = texts.into_iter().map(fold).collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = String::new();
    for word in folded
        .iter()
        .flat_map(|f| f.split(|c: char| !c.is_alphanumeric()))
    {
        if !word.is_empty() && seen.insert(word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// The plain text of a Markdown narrative.
fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
            text.push(' ');
        }
    }
    text
}

/// One thing the search can find. Its fields are in the order of their names, the
/// order the index has always written them in.
#[derive(Serialize)]
struct Document {
    id: usize,
    /// `province`, `indicator` or `report`.
    kind: &'static str,
    /// The folded words of the title, searched with more weight.
    t: String,
    title: String,
    url: String,
    /// The folded words of everything else.
    x: String,
}

/// A language's search index, as `search.js` reads it.
#[derive(Serialize)]
struct Index<'a> {
    docs: &'a [Document],
}

fn documents(w: &Writer, urls: &Urls) -> Vec<Document> {
    let site = w.site;
    let lang = w.lang;
    let mut docs = Vec::new();
    let mut push = |kind, title: String, rel: String, text: String| {
        docs.push(Document {
            id: docs.len(),
            kind,
            t: words([title.as_str()]),
            title,
            url: urls.href(&rel),
            x: text,
        });
    };
    let others = site.config.languages.iter().filter(|&&l| l != lang);
    for p in &site.provinces {
        let region = p.region.show(lang);
        push(
            "province",
            p.name.show(lang).to_string(),
            Urls::province(lang, &p.slug),
            words(others.clone().map(|&l| p.name.show(l)).chain([region])),
        );
    }
    for i in &site.indicators {
        push(
            "indicator",
            i.name.show(lang).to_string(),
            Urls::indicator(w.strings, &i.id),
            words([i.short_name(lang), i.definition.show(lang)]),
        );
    }
    // The reports' words side by side: a rebuild of one narrative makes this index again.
    let reports: Vec<(String, String, String)> = (site.reports.par_iter())
        .map(|r| {
            let province = site
                .province(&r.province)
                .map(|p| p.name.show(lang))
                .unwrap_or("");
            let narrative = r.narrative_shown(lang).map(|(_, n)| n);
            let summary = narrative.and_then(|n| n.summary.as_deref()).unwrap_or("");
            let body = narrative
                .map(|n| plain_text(&n.markdown))
                .unwrap_or_default();
            let indicators: Vec<&str> = r
                .results
                .iter()
                .filter_map(|f| site.indicator(&f.indicator).map(|i| i.name.show(lang)))
                .collect();
            let period = w.period(r.period);
            let mut texts = vec![province, period.as_str(), summary, body.as_str()];
            texts.extend(indicators);
            (report_title(w, r), Urls::report(lang, r), words(texts))
        })
        .collect();
    for (title, rel, text) in reports {
        push("report", title, rel, text);
    }
    docs
}

/// Where a language's search index lives: `vi/search-index.json`.
pub fn index_rel(lang: Lang) -> String {
    format!("{lang}/search-index.json")
}

/// The search index of a language.
pub fn index(w: &Writer, urls: &Urls) -> OutputFile {
    let docs = documents(w, urls);
    // Serialising plain strings and numbers cannot fail.
    let bytes = serde_json::to_vec(&Index { docs: &docs }).unwrap_or_default();
    OutputFile {
        path: index_rel(w.lang),
        bytes: bytes.into(),
    }
}

/// What the search box suggests typing, taken from the site so that it finds something
/// and fits a phone's search box: the shortest name of a province with a report, typed
/// without diacritics as the hint allows, and the shortest short name of a headline
/// indicator. Empty for a site without either.
fn placeholder(w: &Writer) -> String {
    let site = w.site;
    let chars = |s: &&str| s.chars().count();
    let province = site
        .provinces
        .iter()
        .filter(|p| site.reports_of(&p.slug).next().is_some())
        .map(|p| p.name.show(w.lang))
        .min_by_key(chars);
    let headline = site.config.headline_indicators.iter();
    let indicator = headline
        .filter_map(|id| site.indicator(id))
        .map(|i| i.short_name(w.lang))
        .min_by_key(chars);
    match (province, indicator) {
        (Some(province), Some(indicator)) => w.fill(
            "search_placeholder",
            &[
                ("province", &fold(province)),
                ("indicator", &indicator.to_lowercase()),
            ],
        ),
        _ => String::new(),
    }
}

/// The search page: a form, and every province and indicator as a list of links.
pub fn page(w: &Writer) -> Page {
    let site = w.site;
    let provinces: Vec<Link> = site
        .provinces
        .iter()
        .map(|p| Link {
            text: p.name.show(w.lang).to_string(),
            url: Urls::province(w.lang, &p.slug),
        })
        .collect();
    let indicators: Vec<Link> = site
        .indicators
        .iter()
        .map(|i| Link {
            text: i.name.show(w.lang).to_string(),
            url: Urls::indicator(w.strings, &i.id),
        })
        .collect();
    let head = Head {
        title: w.t("search"),
        description: w.t("search_description"),
    };
    let body = Body::Search(SearchPage {
        search_provinces: provinces,
        search_indicators: indicators,
        search_index: index_rel(w.lang),
        search_placeholder: placeholder(w),
    });
    Page::new(Urls::search(w.strings), "search.html", w.lang, head, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_diacritics_and_the_stroke_of_d() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("Quảng Trị"), "quang tri");
        // Decomposed input folds the same as composed input.
        assert_eq!(fold("Be\u{302}\u{301}n Tre"), "ben tre");
        assert_eq!(
            words(["Việc làm, việc LÀM: 18.382 người"]),
            "viec lam 18 382 nguoi"
        );
    }
}
