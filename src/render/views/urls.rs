//! Where pages live: every page's path, relative to the site's base.

use crate::model::{Lang, Report};

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
        format!("{}{rel}", self.base_path)
    }

    /// A full address for canonical links and alternates when the base URL is absolute.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url)
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

    pub fn indicators(lang: Lang) -> String {
        format!("{lang}/{}/", indicators_segment(lang))
    }

    pub fn indicator(lang: Lang, id: &str) -> String {
        format!(
            "{lang}/{}/{}/",
            indicators_segment(lang),
            id.replace('_', "-")
        )
    }
}

impl Urls {
    /// The search page: `vi/tim-kiem/`, `en/search/`.
    pub fn search(lang: Lang) -> String {
        match lang {
            Lang::Vi => "vi/tim-kiem/".to_string(),
            Lang::En => "en/search/".to_string(),
        }
    }
}

fn indicators_segment(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "chi-tieu",
        Lang::En => "indicators",
    }
}
