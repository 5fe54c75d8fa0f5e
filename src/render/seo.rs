//! For search engines and feed readers: `sitemap.xml` with language alternates and
//! `lastmod`, `robots.txt` pointing at it, and an Atom feed of reports per language.
//!
//! Sitemaps and feeds want full addresses. They are full when the base URL is
//! (`--base-url https://example.vn/bao-cao/`); with a bare path (`/`) they are paths
//! from the host's root, and feed entries get stable `urn:` ids instead.

use serde::Serialize;
use tera::Context;
use time::Date;

use crate::diagnostics::Problem;
use crate::i18n::Strings;
use crate::model::*;
use crate::output::OutputFile;

use super::theme::Theme;
use super::views::{Urls, Writer, ranking_pages};
use crate::analysis;

/// A page's address in one language.
#[derive(Serialize)]
struct Alternate {
    lang: Lang,
    href: String,
}

/// One page in every language, for the sitemap.
#[derive(Serialize)]
struct SitemapPage {
    /// In the site's language order.
    alternates: Vec<Alternate>,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct SitemapUrl<'a> {
    loc: &'a str,
    lastmod: &'a Option<String>,
    alternates: &'a [Alternate],
}

fn latest<'a>(reports: impl Iterator<Item = &'a Report>) -> Option<String> {
    reports.map(|r| r.published).max().map(|d| d.to_string())
}

/// Every page a reader or a search engine should find, with the date it last changed:
/// the publication date of the newest report it shows.
fn pages(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    rankings: &analysis::Rankings,
) -> Vec<SitemapPage> {
    let every = |rel: &dyn Fn(&Strings) -> String, lastmod: Option<String>| SitemapPage {
        alternates: site
            .config
            .languages
            .iter()
            .map(|&l| Alternate {
                lang: l,
                href: urls.absolute(&rel(theme.strings(l))),
            })
            .collect(),
        lastmod,
    };
    let all = latest(site.reports.iter());
    let mut pages = vec![
        every(&|s| Urls::home(s.lang()), all.clone()),
        every(&Urls::indicators, all.clone()),
        every(&Urls::search, all.clone()),
    ];
    for province in &site.provinces {
        pages.push(every(
            &|s| Urls::province(s.lang(), &province.slug),
            latest(site.reports_of(&province.slug)),
        ));
    }
    for report in &site.reports {
        pages.push(every(
            &|s| Urls::report(s.lang(), report),
            Some(report.published.to_string()),
        ));
    }
    for indicator in &site.indicators {
        let shown = site
            .reports
            .iter()
            .filter(|r| r.result(&indicator.id).is_some());
        pages.push(every(&|s| Urls::indicator(s, &indicator.id), latest(shown)));
        for (period, ranking) in rankings.of(&indicator.id) {
            let lastmod = latest(ranking.list.iter().chain(&ranking.apart).map(|r| r.report));
            for number in 1..=ranking_pages(ranking.list.len()) {
                pages.push(every(
                    &|s| Urls::ranking(s, &indicator.id, *period, number),
                    lastmod.clone(),
                ));
            }
        }
    }
    pages
}

fn render(theme: &Theme, template: &str, context: &Context) -> Result<Vec<u8>, Problem> {
    theme
        .tera
        .render(template, context)
        .map(String::into_bytes)
        .map_err(|err| theme.render_problem(template, context, &err))
}

/// `sitemap.xml` and `robots.txt`, at the root of the site.
pub fn sitemap_and_robots(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    rankings: &analysis::Rankings,
) -> Result<Vec<OutputFile>, Problem> {
    let pages = pages(site, theme, urls, rankings);
    let entries: Vec<SitemapUrl> = pages
        .iter()
        .flat_map(|p| {
            p.alternates.iter().map(|a| SitemapUrl {
                loc: &a.href,
                lastmod: &p.lastmod,
                alternates: &p.alternates,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("urls", &entries);
    context.insert("default_lang", &site.config.languages[0]);
    let sitemap = render(theme, "sitemap.xml", &context)?;
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute("sitemap.xml")
    );
    Ok(vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap.into(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes().into(),
        },
    ])
}

#[derive(Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    url: String,
    summary: String,
    province: String,
    published: String,
}

/// A stable id for a feed or an entry: its full address, or a `urn:` when the base
/// URL is only a path (an Atom id must be an absolute IRI).
fn atom_id(urls: &Urls, rel: &str) -> String {
    let address = urls.absolute(rel);
    if address.contains("://") {
        address
    } else {
        format!("urn:baocao:{}", rel.trim_end_matches('/').replace('/', ":"))
    }
}

fn atom_date(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The Atom feed of a language: its reports, newest publication first.
pub fn feed(w: &Writer, theme: &Theme, urls: &Urls) -> Result<OutputFile, Problem> {
    let site = w.site;
    let mut reports: Vec<&Report> = site.reports.iter().collect();
    reports.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.province.cmp(&b.province))
            .then(b.period.sort_key().cmp(&a.period.sort_key()))
    });
    let entries: Vec<FeedEntry> = reports
        .iter()
        .map(|r| {
            let rel = Urls::report(w.lang, r);
            let narrative = r.narrative_shown(w.lang).map(|(_, n)| n);
            FeedEntry {
                id: atom_id(urls, &rel),
                title: super::report_title(w, r),
                url: urls.absolute(&rel),
                summary: narrative
                    .and_then(|n| n.summary.clone())
                    .unwrap_or_default(),
                province: site
                    .province(&r.province)
                    .map(|p| p.name.show(w.lang).to_string())
                    .unwrap_or_default(),
                published: atom_date(r.published),
            }
        })
        .collect();
    let rel = feed_rel(w.lang);
    let mut context = Context::new();
    context.insert("lang", w.lang.code());
    context.insert("id", &atom_id(urls, &Urls::home(w.lang)));
    context.insert("title", site.config.title.show(w.lang));
    context.insert("subtitle", site.config.description.show(w.lang));
    context.insert("publisher", site.config.publisher.show(w.lang));
    context.insert("self_url", &urls.absolute(&rel));
    context.insert("home_url", &urls.absolute(&Urls::home(w.lang)));
    context.insert(
        "updated",
        &reports
            .first()
            .map(|r| atom_date(r.published))
            .unwrap_or_else(|| atom_date(time::macros::date!(1970 - 01 - 01))),
    );
    context.insert("entries", &entries);
    Ok(OutputFile {
        path: rel,
        bytes: render(theme, "feed.xml", &context)?.into(),
    })
}

/// Where a language's feed lives: `vi/feed.xml`.
pub fn feed_rel(lang: Lang) -> String {
    format!("{lang}/feed.xml")
}
