//! View models: what templates see. They are built from the domain model and
//! hold text already written in the page's language, so templates only lay out.
//! Each page has a struct of its own; [`Page`] carries it with its head.

mod urls;
mod writer;

use serde::Serialize;

use crate::model::Lang;

pub use urls::{RANKING_PAGE_ROWS, Urls, ranking_page_of, ranking_pages};
pub use writer::{SharedCharts, Writer, status_class};

#[derive(Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct FigureRow {
    pub id: String,
    /// The row's id in the page, after its table's prefix: the indicator's id with hyphens
    /// (`jobs-created`), written once here rather than by a filter on every row.
    pub anchor: String,
    pub name: String,
    pub url: String,
    pub value: Option<String>,
    pub estimate: bool,
    pub target: Option<String>,
    pub achievement: Option<String>,
    /// The rate of plan is worked out here, not stated by the report: marked on the page.
    pub achievement_computed: bool,
    /// `met`, `not-met`, `in-progress` or `none`.
    pub status: &'static str,
    pub status_text: Option<String>,
    pub change: Option<String>,
    /// `good`, `bad` or `neutral`.
    pub change_sense: &'static str,
    pub period: Option<String>,
    pub note: Option<String>,
    /// The language of the note, when it is not the page's.
    pub note_lang: Option<Lang>,
    pub better: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub publisher: String,
    /// The language of title, description and publisher when one is not in the page's.
    pub title_lang: Option<Lang>,
    pub description_lang: Option<Lang>,
    pub publisher_lang: Option<Lang>,
    pub licence: Option<Link>,
    pub base: String,
    pub home_url: String,
    pub indicators_url: String,
    pub search_url: String,
    pub static_url: String,
}

#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub url: String,
    pub canonical: String,
    /// The same page in each other language of the site, in the site's order.
    pub translations: Vec<Translation>,
    /// The page in every language, and `x-default`, for `<link rel="alternate">`: full
    /// addresses when the base URL is one.
    pub alternates: Vec<Alternate>,
    /// Shown when the page's main text is in another language.
    pub fallback_notice: Option<String>,
    /// The language of that text.
    pub fallback_lang: Option<Lang>,
}

/// A `hreflang` alternate of a page: a language code or `x-default`, and its address.
#[derive(Debug, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct Translation {
    pub url: String,
    pub lang: Lang,
    /// The language's name in itself, from its strings file.
    pub label: String,
    pub og_locale: String,
}

#[derive(Debug, Serialize)]
pub struct ReportLink {
    pub url: String,
    pub title: String,
    pub province: String,
    pub period: String,
    pub published: String,
    pub scope: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MergerNotice {
    pub text: String,
    pub successor: Option<Link>,
    pub former: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct HeadlineRow {
    pub province: Link,
    pub period: String,
    pub former: bool,
    pub cells: Vec<Option<String>>,
}

#[derive(Debug, Serialize)]
pub struct ProvinceCard {
    pub name: String,
    pub url: String,
    pub region: String,
    pub merger: Option<MergerNotice>,
    pub reports: Vec<ReportLink>,
}

#[derive(Debug, Serialize)]
pub struct BreakdownView {
    pub title: String,
    pub by: String,
    pub period: String,
    /// The column of values: "Kết quả / Result", or "Kế hoạch / Plan" for a split of a target.
    pub heading: String,
    pub rows: Vec<BreakdownRow>,
    pub total: Option<String>,
    pub sum: String,
    /// The rest of an "of which" split: the total minus the part named.
    pub rest: Option<String>,
    /// The stated total minus the parts, when they do not add up and nothing explains it.
    pub gap: Option<String>,
    pub note: Option<String>,
    pub chart: Option<ChartView>,
}

#[derive(Debug, Serialize)]
pub struct BreakdownRow {
    pub label: String,
    pub value: String,
    pub share: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NextView {
    pub period: String,
    pub targets: Vec<FigureRow>,
    pub tasks: Vec<TaskView>,
}

#[derive(Debug, Serialize)]
pub struct TaskView {
    pub text: String,
    pub fallback: bool,
    /// The language the text is shown in.
    pub lang: Option<Lang>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: String,
    /// The language of title and publisher, when it is not the page's: the site's first.
    pub lang: Option<Lang>,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportView {
    pub province: Link,
    pub period: String,
    pub scope: Option<String>,
    /// The language of the scope, when it is not the page's (a missing translation).
    pub scope_lang: Option<Lang>,
    pub department: String,
    pub department_lang: Option<Lang>,
    pub published: String,
    pub summary: String,
    pub narrative_html: String,
    pub results: Vec<FigureRow>,
    pub plan_met: usize,
    pub plan_judged: usize,
    pub breakdowns: Vec<BreakdownView>,
    pub next: Option<NextView>,
    pub charts: Vec<ChartView>,
    /// Where the province stands in each headline indicator's ranking of the period.
    pub standings: Vec<StandingRow>,
    pub merger: Option<MergerNotice>,
    pub source: SourceView,
}

/// A report's place in one ranking of provinces: the ranking itself is on the
/// indicator's ranking page, where `indicator.url` leads to the province's row.
#[derive(Debug, Serialize)]
pub struct StandingRow {
    pub indicator: Link,
    /// The figure's period, when it is not the report's.
    pub period: Option<String>,
    /// "46/63": the rank among the provinces ranked; none for a bound or a figure set apart.
    pub rank: Option<String>,
    /// The figure as the source gave it: `dưới 4%`, `69,5% (ước)`.
    pub value: String,
    /// Why it has no rank; that lower is better.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorSummary {
    pub name: String,
    pub url: String,
    pub unit: String,
    pub better: String,
    pub definition: String,
    pub reports: usize,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub name: String,
    pub indicators: Vec<IndicatorSummary>,
}

#[derive(Debug, Serialize)]
pub struct RankingView {
    pub period: String,
    /// Three or more ranked provinces: a chart and ranks. Fewer: a list, without ranks.
    pub ranked: bool,
    /// "3 of 7 provinces reported".
    pub reported: String,
    pub rows: Vec<RankingRow>,
    /// Figures of another kind (person-times where the indicator counts persons), with the reason.
    pub apart: Vec<RankingRow>,
    pub chart: Option<ChartView>,
}

#[derive(Debug, Serialize)]
pub struct RankingRow {
    /// The row's id on its page: the province's slug, where a report page's standing links.
    pub anchor: String,
    /// Shared by equal values; none for a bound ("dưới 4%") or a figure set apart.
    pub rank: Option<usize>,
    /// Why the figure has no rank, or that it is an estimate.
    pub remark: String,
    pub province: Link,
    pub report: Link,
    pub value: String,
    pub former: bool,
    pub status: Option<String>,
    /// `met`, `not-met`, `in-progress` or `none`, for styling.
    pub status_class: &'static str,
}

/// A chart on a page: the inline SVG, its numbers as a table, and its files.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// Drawn in the page; empty for a chart the page only lists.
    pub svg: String,
    /// The chart's SVG file, for a chart the page only lists (else empty), and the page's
    /// CSV of its charts' numbers, relative to the base URL.
    pub file: String,
    pub csv: String,
    pub columns: Vec<String>,
    /// The columns of words, not numbers (a province, a note), counted from 1 as CSS's
    /// `nth-child` counts them: the page aligns them left, and the numbers right.
    pub text_columns: Vec<usize>,
    pub rows: Vec<Vec<String>>,
    /// The table's cells as the CSV writes them (`.` decimals, no grouping), until they are.
    #[serde(skip)]
    pub numbers: Vec<Vec<String>>,
    /// The page shows the same numbers in a visible table beside the chart.
    pub table_beside: bool,
}

/// A page to render: where it goes, with which template, its head and its view.
pub struct Page {
    /// The page's URL path relative to the base (`vi/ben-tre/`), or a file name (`vi/404.html`).
    pub rel: String,
    pub template: &'static str,
    pub lang: Lang,
    /// The page's title and description; the site's own when `None`.
    pub head: Option<Head>,
    /// The language of the page's main text, when it is not the page's own.
    pub fallback_lang: Option<Lang>,
    pub body: Body,
}

impl Page {
    pub fn new(rel: String, template: &'static str, lang: Lang, head: Head, body: Body) -> Page {
        Page {
            rel,
            template,
            lang,
            head: Some(head),
            fallback_lang: None,
            body,
        }
    }

    /// A page with the site's own title and nothing of its own to show: the 404 pages, the root.
    pub fn plain(rel: String, template: &'static str, lang: Lang) -> Page {
        Page {
            rel,
            template,
            lang,
            head: None,
            fallback_lang: None,
            body: Body::Plain,
        }
    }

    pub fn output_path(&self) -> String {
        output_path(&self.rel)
    }
}

/// The file of the page at `rel`: `vi/ben-tre/` is `vi/ben-tre/index.html`.
pub fn output_path(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// A page's title and description, for its head and for search engines.
pub struct Head {
    pub title: String,
    pub description: String,
}

/// What a page's template sees besides the site and the page's head.
pub enum Body {
    Home(HomePage),
    Province(ProvincePage),
    Report(Box<ReportPage>),
    Indicators(IndicatorsPage),
    Indicator(IndicatorPage),
    Search(SearchPage),
    Plain,
}

impl Body {
    /// The template's variables, one per field of the page's view.
    pub fn context(&self) -> tera::Context {
        let context = match self {
            Body::Home(view) => tera::Context::from_serialize(view),
            Body::Province(view) => tera::Context::from_serialize(view),
            Body::Report(view) => tera::Context::from_serialize(view),
            Body::Indicators(view) => tera::Context::from_serialize(view),
            Body::Indicator(view) => tera::Context::from_serialize(view),
            Body::Search(view) => tera::Context::from_serialize(view),
            Body::Plain => return tera::Context::new(),
        };
        // Views are plain structs of text, numbers and lists: they always serialise.
        context.unwrap_or_default()
    }
}

#[derive(Debug, Serialize)]
pub struct HomePage {
    pub columns: Vec<Link>,
    pub rows: Vec<HeadlineRow>,
    pub recent: Vec<ReportLink>,
    /// Every province, in the site's order: names only, their pages say the rest.
    pub provinces: Vec<ProvinceCard>,
    pub overview: Vec<ChartView>,
    /// The headline indicators' pages, where every province is ranked.
    pub full_rankings: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ProvincePage {
    pub province: ProvinceCard,
    pub trends: Vec<ChartView>,
    /// Trends not drawn on the page: their summary sentence, their SVG file and the page's CSV.
    pub more_trends: Vec<ChartView>,
    /// The changes the reports state (against a period they have no figure for), newest report first.
    pub changes: Vec<ChangeRow>,
}

/// A change a report states: the figure, its period, and the change in words.
#[derive(Debug, Serialize)]
pub struct ChangeRow {
    pub figure: FigureRow,
    pub period: String,
    pub report: Link,
}

#[derive(Debug, Serialize)]
pub struct ReportPage {
    pub report: ReportView,
}

#[derive(Debug, Serialize)]
pub struct IndicatorsPage {
    pub groups: Vec<GroupView>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorPage {
    pub indicator: IndicatorSummary,
    pub group: Option<String>,
    pub part_of: Option<Link>,
    pub parts: Vec<Link>,
    pub rankings: Vec<RankingView>,
    /// Every period ranked, newest first, each linking to its own ranking page.
    pub periods: Vec<PeriodLink>,
    /// On a period's ranking page: the period, for the breadcrumb and the title.
    pub period: Option<String>,
    /// The pages of a ranking too long for one page; empty when it fits.
    pub pages: Vec<PageLink>,
    /// Where the rest of a ranking shown in part is: "All 630 provinces for 2023".
    pub more: Option<Link>,
}

/// A period's ranking page, named with how many reported.
#[derive(Debug, Serialize)]
pub struct PeriodLink {
    pub period: String,
    pub url: String,
    pub reported: String,
    pub current: bool,
}

/// One page of a ranking: its number, address and rank range.
#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// "1–100".
    pub ranks: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub search_provinces: Vec<Link>,
    pub search_indicators: Vec<Link>,
    /// The search index's path, relative to the base.
    pub search_index: String,
    /// What to type, from the site's own content: `Ví dụ: ben tre, tỷ lệ hộ nghèo`.
    pub search_placeholder: String,
}
