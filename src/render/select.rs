//! Which pages a rebuild renders: each province, report, indicator and ranking
//! page has a key, a hash of everything it shows, and a page whose key is the one
//! it was rendered with last time is kept as it was (see [`Selection`]).
//!
//! A key hashes what the page's view builders read, and no less:
//! - every page: the content and theme files that any page may read
//!   ([`Inputs::global`]: site.yaml, the catalogue, units, every province.yaml,
//!   the theme, the program and the build's options), its own path, and the data
//!   files it offers for download, as the page shows them (their sizes);
//! - a province page: its province's reports and narratives;
//! - a report page: its province's reports and narratives (trends, previous
//!   values, the other reports it links), and, for each headline indicator it
//!   reports, the part of that period's ranking the page shows: its own place,
//!   the neighbours drawn around it, the first and last, the figures set apart and
//!   how many reported;
//! - an indicator page: its latest ranking, and what it says of every period;
//! - a period's ranking page: that ranking, and what it says of every period.
//!
//! The data files have keys of their own (`render::data`: a report's files read
//! its report, a period's its reports), and so do the search index, the feeds and
//! the sitemap ([`SiteWide`]). The home, search and indicators pages and the 404
//! pages are always rendered: they cost a few milliseconds in all.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::charts::ChartFiles;
use super::data::DataFiles;
use super::views::{Page, Urls, Writer, output_path};
use crate::analysis::{Ranked, Rankings};
use crate::model::{Indicator, Lang, Period, Province, Report, Site};
use crate::output::OutputFile;

/// The content as two kinds of parts, each a hash of its files: what any page may
/// read, and each province's reports with their narratives (by the province's slug);
/// and each report's files without its narratives (by `<slug>/<period>`), which is
/// all its data files read besides the global part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    pub global: u64,
    pub provinces: HashMap<String, u64>,
    pub reports: HashMap<String, u64>,
}

/// Which pages to render; the pages it does not want it keeps as they were.
pub trait Selection: Sync {
    /// The content's parts, when pages are to be keyed; `None` renders every page.
    fn inputs(&self) -> Option<&Inputs>;
    /// Whether to render the page at `path` (its output file), whose key is `key`.
    /// When not, the selection keeps the page and the chart files it had.
    fn render(&self, path: &str, key: u64) -> bool;
    /// A page rendered with `key`, and the chart files written beside it.
    fn rendered(&self, path: &str, key: u64, charts: Vec<String>);
    /// The data files of `unit` (`data/ben-tre/2020`, `data/figures/2020`) as they
    /// were, when its key is the one they were rendered with: the selection keeps
    /// them. `None` renders them.
    fn data_kept(&self, unit: &str, key: u64) -> Option<DataUnit>;
    /// The data files of `unit`, rendered with `key`.
    fn data_rendered(&self, unit: &str, key: u64, files: DataUnit);
    /// A site-wide file that is not a page (the search index, a feed, the sitemap)
    /// rendered with `key`, and the files made with it.
    fn file_rendered(&self, path: &str, key: u64, with: Vec<String>);
    /// The keyed files that are not pages made by this render, not kept: each unit
    /// of data files (`data/ben-tre/2020`) and each site-wide file, in order.
    fn made(&self) -> Vec<String>;
}

/// The data files of one unit (a report's, or a period's of every province): each
/// path with its size, and what else the unit told of its rows (see `render::data`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataUnit {
    pub files: Vec<(String, usize)>,
    pub facts: u8,
}

/// How many pages a render made, of how many the site has, and which keyed files
/// that are not pages it made (see [`Selection::made`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageCount {
    pub rendered: usize,
    pub pages: usize,
    pub files: Vec<String>,
}

/// A page with the chart files made with it.
pub type Made = (Page, Vec<OutputFile>);

/// The keys of one render, and the pages it kept.
pub struct Chooser<'a> {
    keys: Option<Keys<'a>>,
    select: &'a dyn Selection,
    data: &'a DataFiles,
    urls: &'a Urls,
    kept: AtomicUsize,
}

impl<'a> Chooser<'a> {
    pub fn new(
        site: &'a Site,
        rankings: &'a Rankings<'a>,
        (select, data, urls): (&'a dyn Selection, &'a DataFiles, &'a Urls),
    ) -> Self {
        let keys = select
            .inputs()
            .map(|inputs| Keys::new(inputs, site, rankings));
        Chooser {
            keys,
            select,
            data,
            urls,
            kept: AtomicUsize::new(0),
        }
    }

    /// The pages kept as they were.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Makes the page at `rel` with `make` and hands it to `each`, unless the
    /// selection keeps it. `what` hashes what the page shows besides the global parts.
    pub fn page(
        &self,
        w: &Writer,
        (rel, template): (&str, &str),
        what: impl FnOnce(&Keys, &mut DefaultHasher),
        make: impl FnOnce(&mut ChartFiles) -> Page,
        each: &(dyn Fn(Made) + Sync),
    ) {
        let path = output_path(rel);
        let key = self.keys.as_ref().map(|keys| {
            let mut h = DefaultHasher::new();
            (keys.inputs.global, &path).hash(&mut h);
            let downloads = self
                .data
                .downloads_for(w.site, rel, template, w.strings, self.urls);
            hash_debug(&downloads, &mut h);
            what(keys, &mut h);
            h.finish()
        });
        if let Some(key) = key
            && !self.select.render(&path, key)
        {
            self.kept.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let mut charts = ChartFiles::new(w, rel);
        let page = make(&mut charts);
        let files = charts.into_files();
        if let Some(key) = key {
            let charts = files.iter().map(|f| f.path.clone()).collect();
            self.select.rendered(&path, key, charts);
        }
        each((page, files));
    }
}

/// A ranking's counts as a report page says them: how many provinces there are and
/// reported, how many ranked, and the length of the list.
type Counts = (usize, usize, usize, usize);

/// One indicator's id and hash, each period's ranking whole and its counts, and each
/// ranked figure's hash by its address.
type IndicatorKeys<'a> = (&'a str, u64, Vec<(Period, u64, Counts)>, Vec<(usize, u64)>);

/// What the keyed pages read, hashed once per render.
pub struct Keys<'a> {
    inputs: &'a Inputs,
    rankings: &'a Rankings<'a>,
    site: &'a Site,
    /// Each (indicator, period) ranking, whole.
    whole: HashMap<(&'a str, Period), u64>,
    /// Each indicator: how many reports have it, and what its pages say of every period.
    indicators: HashMap<&'a str, u64>,
    /// Each ranked figure (by its address), hashed with what the pages show of it.
    ranked: HashMap<usize, u64>,
    /// Each (indicator, period) ranking's counts.
    counts: HashMap<(&'a str, Period), Counts>,
}

impl<'a> Keys<'a> {
    fn new(inputs: &'a Inputs, site: &'a Site, rankings: &'a Rankings<'a>) -> Self {
        let mut keys = Keys {
            inputs,
            rankings,
            site,
            whole: HashMap::new(),
            indicators: HashMap::new(),
            ranked: HashMap::new(),
            counts: HashMap::new(),
        };
        // Each indicator's rankings are hashed on their own, in parallel.
        let hashed: Vec<_> = (site.indicators.par_iter())
            .map(|indicator| Self::indicator_keys(site, rankings, &indicator.id))
            .collect();
        for (id, indicator, periods, ranked) in hashed {
            keys.indicators.insert(id, indicator);
            for (period, whole, counts) in periods {
                keys.whole.insert((id, period), whole);
                keys.counts.insert((id, period), counts);
            }
            keys.ranked.extend(ranked);
        }
        keys
    }

    /// What [`Keys::new`] keeps of one indicator.
    fn indicator_keys(site: &Site, rankings: &Rankings<'a>, id: &'a str) -> IndicatorKeys<'a> {
        let (mut periods, mut ranked) = (Vec::new(), Vec::new());
        let mut h = DefaultHasher::new();
        let reports = site.reports.iter().filter(|r| r.result(id).is_some());
        reports.count().hash(&mut h);
        for (period, ranking) in rankings.of(id) {
            let mut whole_h = DefaultHasher::new();
            let figures = ranking.list.iter().chain(&ranking.apart);
            (ranking.provinces, ranking.list.len(), ranking.apart.len()).hash(&mut whole_h);
            for r in figures {
                let mut one = DefaultHasher::new();
                (&r.province.slug, r.report.period, r.rank).hash(&mut one);
                hash_debug(&(r.figure, r.value), &mut one);
                let one = one.finish();
                ranked.push((figure_at(r), one));
                one.hash(&mut whole_h);
            }
            let said = (ranking.reported(), ranking.provinces, ranking.list.len());
            (period, said).hash(&mut h);
            let (reported, provinces, listed) = said;
            let counts = (provinces, reported, ranking.ranked(), listed);
            periods.push((*period, whole_h.finish(), counts));
        }
        (id, h.finish(), periods, ranked)
    }

    fn province_reports(&self, slug: &str, h: &mut DefaultHasher) {
        self.inputs.provinces.get(slug).hash(h);
    }

    /// A province page's part.
    pub fn province(&self, province: &Province, h: &mut DefaultHasher) {
        self.province_reports(&province.slug, h);
    }

    /// A report page's part.
    pub fn report(&self, report: &Report, h: &mut DefaultHasher) {
        self.province_reports(&report.province, h);
        for id in &self.site.config.headline_indicators {
            let Some(figure) = report.result(id) else {
                continue;
            };
            let ranking = self.rankings.in_period(id, figure.period);
            (id, figure.period).hash(h);
            if let Some(ranking) = ranking {
                // The page states its own province's rank and links to its row's page.
                let place = ranking.place_of(&report.province);
                place
                    .map(|(at, r)| (at, self.ranked.get(&figure_at(r))))
                    .hash(h);
                let counts = self.counts.get(&(id.as_str(), figure.period));
                let (provinces, reported, ranked, listed) = counts.copied().unwrap_or_else(|| {
                    let reported = ranking.reported();
                    (
                        ranking.provinces,
                        reported,
                        ranking.ranked(),
                        ranking.list.len(),
                    )
                });
                (provinces, reported, ranked).hash(h);
                listed.hash(h);
            }
        }
    }

    /// An indicator page's part: it shows the latest period's ranking.
    pub fn indicator(&self, indicator: &Indicator, h: &mut DefaultHasher) {
        let latest = self.rankings.of(&indicator.id).first().map(|(p, _)| *p);
        self.ranking(indicator, latest, h);
    }

    /// A ranking page's part: the ranking of `period`.
    pub fn ranking(&self, indicator: &Indicator, period: Option<Period>, h: &mut DefaultHasher) {
        let id = indicator.id.as_str();
        self.indicators.get(id).hash(h);
        period.and_then(|p| self.whole.get(&(id, p))).hash(h);
    }
}

/// A ranked figure's identity while the site is loaded: its address.
fn figure_at(r: &Ranked) -> usize {
    std::ptr::from_ref(r.figure) as usize
}

/// Hashes a value as `{:?}` writes it.
fn hash_debug(value: &impl std::fmt::Debug, h: &mut DefaultHasher) {
    use std::fmt::Write;
    // Written whole, then hashed in one piece: the same bytes as hashing each piece
    // the formatter writes, without a hasher round per piece.
    thread_local! {
        static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    TEXT.with_borrow_mut(|text| {
        text.clear();
        let _ = write!(text, "{value:?}");
        h.write(text.as_bytes());
    });
}

/// The keys of the site-wide files that are not pages, each a hash of what it reads
/// besides the global part, per language:
/// - a feed: each report's place, period, publication date, and title and summary
///   (from its narrative), newest first;
/// - the search index: the same, each report's indicators, and the text of the
///   narrative it shows (not its figures);
/// - the sitemap (and robots.txt): each report's place, period, date and indicators,
///   and each ranking's length and newest report (not the figures).
pub struct SiteWide {
    global: u64,
    /// Per language: the reports as the feed lists them, and their narratives' text.
    listed: Vec<(Lang, u64, u64)>,
    sitemap: u64,
}

impl SiteWide {
    pub fn new(inputs: &Inputs, site: &Site, rankings: &Rankings) -> SiteWide {
        let mut sitemap = DefaultHasher::new();
        for r in &site.reports {
            (&r.province, r.period.id(), r.published).hash(&mut sitemap);
            r.results
                .iter()
                .for_each(|f| f.indicator.hash(&mut sitemap));
        }
        for indicator in &site.indicators {
            for (period, ranking) in rankings.of(&indicator.id) {
                let all = ranking.list.iter().chain(&ranking.apart);
                let newest = all.map(|r| r.report.published).max();
                (period, ranking.list.len(), newest).hash(&mut sitemap);
            }
        }
        let listed = site.config.languages.iter().map(|&lang| {
            let (mut listed, mut text) = (DefaultHasher::new(), DefaultHasher::new());
            for r in &site.reports {
                let shown = r.narrative_shown(lang);
                let titled = (r.narrative(lang).is_some(), shown.map(|(_, n)| &n.title));
                (&r.province, r.period.id(), r.published, titled).hash(&mut listed);
                shown.map(|(_, n)| &n.summary).hash(&mut listed);
                r.results.iter().for_each(|f| f.indicator.hash(&mut text));
                shown.map(|(_, n)| &n.markdown).hash(&mut text);
            }
            (lang, listed.finish(), text.finish())
        });
        SiteWide {
            global: inputs.global,
            listed: listed.collect(),
            sitemap: sitemap.finish(),
        }
    }

    fn key(&self, path: &str, what: impl Hash) -> u64 {
        let mut h = DefaultHasher::new();
        (self.global, path, what).hash(&mut h);
        h.finish()
    }

    fn listed(&self, lang: Lang) -> (u64, u64) {
        let found = self.listed.iter().find(|(l, ..)| *l == lang);
        found.map_or((0, 0), |&(_, listed, text)| (listed, text))
    }

    /// The key of a language's search index at `path`.
    pub fn search_index(&self, path: &str, lang: Lang) -> u64 {
        self.key(path, self.listed(lang))
    }

    /// The key of a language's feed at `path`.
    pub fn feed(&self, path: &str, lang: Lang) -> u64 {
        self.key(path, self.listed(lang).0)
    }

    /// The key of the sitemap and robots.txt.
    pub fn sitemap(&self) -> u64 {
        self.key("sitemap.xml", self.sitemap)
    }
}
