//! Where pages live: every page's path, relative to the site's base.

use crate::i18n::Strings;
use crate::model::{Lang, Period, Report};

/// At most this many provinces on a page of a ranking, so that a page stays the
/// same size however many provinces the site has; the rest are on further pages.
pub const RANKING_PAGE_ROWS: usize = 70;

/// How many pages a ranking of `rows` provinces takes: at least one.
pub fn ranking_pages(rows: usize) -> usize {
    rows.div_ceil(RANKING_PAGE_ROWS).max(1)
}

/// The page of a ranking, from 1, that shows its row at `index` (from 0).
pub fn ranking_page_of(index: usize) -> usize {
    index / RANKING_PAGE_ROWS + 1
}

/// Where pages live. All links are absolute paths under the site's base path.
#[derive(Debug, Clone)]
pub struct Urls {
    /// The path part of the base URL, always ending with `/`: `/` or `/bao-cao/`.
    pub base_path: String,
    /// The base URL as configured, for canonical links.
    pub base_url: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let base_path = match base_url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_string(), |i| rest[i..].to_string()),
            None => base_url.to_string(),
        };
        Urls {
            base_path,
            base_url: base_url.to_string(),
        }
    }

    /// The page's path inside the output folder for a page URL path (relative to base).
    pub fn href(&self, rel: &str) -> String {
        [self.base_path.as_str(), rel].concat()
    }

    /// A full address for canonical links and alternates when the base URL is absolute.
    pub fn absolute(&self, rel: &str) -> String {
        [self.base_url.as_str(), rel].concat()
    }

    pub fn home(lang: Lang) -> String {
        format!("{lang}/")
    }

    pub fn province(lang: Lang, slug: &str) -> String {
        format!("{lang}/{slug}/")
    }

    pub fn report(lang: Lang, report: &Report) -> String {
        format!("{lang}/{}/{}/", report.province, report.period.id())
    }

    /// The indicators page, in the language's own word: `vi/chi-tieu/`, `en/indicators/`.
    pub fn indicators(strings: &Strings) -> String {
        format!("{}/{}/", strings.lang(), strings.get("path_indicators"))
    }

    pub fn indicator(strings: &Strings, id: &str) -> String {
        let mut url = Urls::indicators(strings);
        url.extend(id.chars().map(|c| if c == '_' { '-' } else { c }));
        url.push('/');
        url
    }

    /// One period's ranking of an indicator, `page` counted from 1:
    /// `vi/chi-tieu/jobs-created/2023/`, then `vi/chi-tieu/jobs-created/2023/2/`.
    pub fn ranking(strings: &Strings, id: &str, period: Period, page: usize) -> String {
        let mut first = Urls::indicator(strings, id);
        first.push_str(&period.id());
        first.push('/');
        match page {
            0 | 1 => first,
            n => format!("{first}{n}/"),
        }
    }

    /// The search page: `vi/tim-kiem/`, `en/search/`.
    pub fn search(strings: &Strings) -> String {
        format!("{}/{}/", strings.lang(), strings.get("path_search"))
    }
}
