//! Rendering the validated site into files, in memory, for every language.

mod charts;
mod data;
mod search;
mod seo;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::diagnostics::Problems;
use crate::i18n::Strings;
use crate::markdown;
use crate::model::*;
use crate::output::OutputFile;
pub use theme::Theme;
use views::{FigureRow, Link, Urls, Writer, plan_met};

/// A page to render: where it goes, with which template and data.
struct Page {
    /// The page's URL path relative to the base (`vi/ben-tre/`), or a file name (`vi/404.html`).
    rel: String,
    template: &'static str,
    lang: Lang,
    context: Context,
}

impl Page {
    fn output_path(&self) -> String {
        if self.rel.is_empty() || self.rel.ends_with('/') {
            format!("{}index.html", self.rel)
        } else {
            self.rel.clone()
        }
    }
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    publisher: String,
    licence: Option<Link>,
    base: String,
    home_url: String,
    indicators_url: String,
    search_url: String,
    static_url: String,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    url: String,
    canonical: String,
    /// The same page in each other language of the site, in the site's order.
    translations: Vec<Translation>,
    /// Shown when the page's main text is in another language.
    fallback_notice: Option<String>,
    /// The language of that text.
    fallback_lang: Option<String>,
}

#[derive(Serialize)]
struct Translation {
    url: String,
    lang: Lang,
    /// The language's name in itself, from its strings file.
    label: String,
    og_locale: String,
}

/// Renders every page, chart and static file of the site.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Problems> {
    let urls = Urls::new(&site.config.base_url);
    // Data files first: pages show their sizes.
    let (data, rankings) =
        rayon::join(|| data::render(site, theme), || charts::Rankings::new(site));
    // Page data is built in parallel; charts come back as files beside their pages.
    let built: Vec<(Page, Vec<OutputFile>)> = site
        .config
        .languages
        .par_iter()
        .flat_map(|&lang| {
            let w = Writer {
                site,
                lang,
                strings: theme.strings(lang),
                rankings: &rankings,
            };
            let mut home_files = Vec::new();
            let mut pages = vec![
                (home_page(&w, &mut home_files), home_files),
                (indicators_page(&w), Vec::new()),
                (search::page(&w), Vec::new()),
                (
                    Page {
                        rel: format!("{lang}/404.html"),
                        template: "404.html",
                        lang,
                        context: Context::new(),
                    },
                    Vec::new(),
                ),
            ];
            pages.par_extend(site.provinces.par_iter().map(|p| {
                let mut files = Vec::new();
                (province_page(&w, p, &mut files), files)
            }));
            pages.par_extend(site.reports.par_iter().map(|r| {
                let mut files = Vec::new();
                (report_page(&w, r, &mut files), files)
            }));
            pages.par_extend(site.indicators.par_iter().map(|i| {
                let mut files = Vec::new();
                (indicator_page(&w, i, &mut files), files)
            }));
            pages
        })
        .collect();
    let mut pages = Vec::with_capacity(built.len() + 2);
    let mut files = Vec::new();
    for (page, charts) in built {
        pages.push(page);
        files.extend(charts);
    }
    pages.push(Page {
        rel: String::new(),
        template: "root.html",
        lang: site.config.languages[0],
        context: Context::new(),
    });
    pages.push(Page {
        rel: "404.html".into(),
        template: "404.html",
        lang: site.config.languages[0],
        context: Context::new(),
    });

    // Pages, and the site-wide files for search engines, feed readers and the
    // search page, are made side by side.
    let (rendered, site_wide) = rayon::join(
        || {
            pages
                .into_par_iter()
                .map(|page| render_page(site, theme, &urls, &data, page))
                .collect::<Vec<_>>()
        },
        || site_wide_files(site, theme, &urls, &rankings),
    );
    let mut problems = Problems::default();
    files.extend(data.files);
    for result in rendered.into_iter().chain(site_wide) {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    for (name, bytes) in &theme.static_files {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The search index and Atom feed of each language, the sitemap and robots.txt.
fn site_wide_files(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    rankings: &charts::Rankings,
) -> Vec<Result<OutputFile, crate::diagnostics::Problem>> {
    let mut out: Vec<_> = site
        .config
        .languages
        .par_iter()
        .flat_map_iter(|&lang| {
            let w = Writer {
                site,
                lang,
                strings: theme.strings(lang),
                rankings,
            };
            [Ok(search::index(&w, urls)), seo::feed(&w, theme, urls)]
        })
        .collect();
    match seo::sitemap_and_robots(site, theme, urls) {
        Ok(found) => out.extend(found.into_iter().map(Ok)),
        Err(problem) => out.push(Err(problem)),
    }
    out
}

fn render_page(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    data: &data::DataFiles,
    mut page: Page,
) -> Result<OutputFile, crate::diagnostics::Problem> {
    let lang = page.lang;
    let strings = theme.strings(lang);
    let config = &site.config;
    let site_view = SiteView {
        title: config.title.show(lang).to_string(),
        description: config.description.show(lang).to_string(),
        publisher: config.publisher.show(lang).to_string(),
        licence: config.licence.as_ref().map(|l| Link {
            text: l.name.clone(),
            url: l.url.clone().unwrap_or_default(),
        }),
        base: urls.base_path.clone(),
        home_url: urls.href(&Urls::home(lang)),
        indicators_url: urls.href(&Urls::indicators(strings)),
        search_url: urls.href(&Urls::search(strings)),
        static_url: urls.href("static/"),
    };
    let title: String = page
        .context
        .get("title")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| site_view.title.clone());
    let description = page
        .context
        .get("description")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| site_view.description.clone());
    let fallback_lang = page
        .context
        .get("fallback_lang")
        .and_then(|v| v.as_str().map(str::to_string));
    let fallback_notice = fallback_lang
        .as_ref()
        .map(|_| strings.get("fallback_notice").to_string());
    let meta = PageMeta {
        title,
        description,
        url: urls.href(&page.rel),
        canonical: urls.absolute(&page.rel),
        translations: translations(site, theme, urls, &page.rel, lang),
        fallback_notice,
        fallback_lang,
    };
    page.context.insert("lang", lang.code());
    page.context.insert("site", &site_view);
    page.context.insert("page", &meta);
    if let Some(downloads) = data.downloads_for(site, &page.rel, page.template, strings, urls) {
        page.context.insert("downloads", &downloads);
    }
    let html = theme
        .tera
        .render(page.template, &page.context)
        .map_err(|err| {
            theme::template_problem(
                std::path::Path::new(&format!("templates/{}", page.template)),
                &err,
            )
        })?;
    Ok(OutputFile {
        path: page.output_path(),
        bytes: html.into_bytes(),
    })
}

/// The page at `rel` in every other language of the site.
fn translations(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    rel: &str,
    lang: Lang,
) -> Vec<Translation> {
    let others = site.config.languages.iter().filter(|&&l| l != lang);
    others
        .map(|&other| {
            let strings = theme.strings(other);
            Translation {
                url: urls.href(&translate_rel(rel, theme.strings(lang), strings)),
                lang: other,
                label: strings.get("language_name").to_string(),
                og_locale: strings.get("og_locale").to_string(),
            }
        })
        .collect()
}

/// `vi/chi-tieu/jobs-created/` ↔ `en/indicators/jobs-created/`: the same path with the
/// other language's prefix and its words for the sections.
fn translate_rel(rel: &str, from: &Strings, to: &Strings) -> String {
    let Some(rest) = rel.strip_prefix(&format!("{}/", from.lang())) else {
        return Urls::home(to.lang());
    };
    let sections: [fn(&Strings) -> String; 2] = [Urls::indicators, Urls::search];
    let prefix = from.lang().code().len() + 1;
    let rest = sections
        .iter()
        .find_map(|section| {
            let other = section(to);
            rest.strip_prefix(&section(from)[prefix..])
                .map(|tail| format!("{}{tail}", &other[to.lang().code().len() + 1..]))
        })
        .unwrap_or_else(|| rest.to_string());
    format!("{}/{rest}", to.lang())
}

fn page(rel: String, template: &'static str, lang: Lang, title: &str, description: &str) -> Page {
    let mut context = Context::new();
    context.insert("title", title);
    context.insert("description", description);
    Page {
        rel,
        template,
        lang,
        context,
    }
}

#[derive(Serialize)]
struct ReportLink {
    url: String,
    title: String,
    province: String,
    period: String,
    published: String,
    scope: Option<String>,
}

fn report_link(w: &Writer, report: &Report) -> ReportLink {
    let province = w
        .site
        .province(&report.province)
        .map(|p| p.name.show(w.lang))
        .unwrap_or_default();
    ReportLink {
        url: Urls::report(w.lang, report),
        title: report_title(w, report),
        province: province.to_string(),
        period: w.period(report.period),
        published: w.strings.date(report.published),
        scope: report.scope.get(w.lang).map(str::to_string),
    }
}

fn report_title(w: &Writer, report: &Report) -> String {
    let narrative = report.narrative_shown(w.lang).map(|(_, n)| n);
    match narrative.and_then(|n| n.title.clone()) {
        Some(title) if report.narrative(w.lang).is_some() => title,
        _ => {
            let province = w
                .site
                .province(&report.province)
                .map(|p| p.name.show(w.lang))
                .unwrap_or_default();
            format!(
                "{province}: {} {}",
                w.t("report_of"),
                w.period(report.period)
            )
        }
    }
}

#[derive(Serialize)]
struct MergerNotice {
    text: String,
    successor: Option<Link>,
    former: Vec<Link>,
}

/// What a province is now, after the 2025 reorganisation.
fn merger_notice(w: &Writer, province: &Province) -> Option<MergerNotice> {
    let former: Vec<Link> = w
        .site
        .provinces
        .iter()
        .filter(|p| p.successor.as_deref() == Some(&province.slug))
        .map(|p| Link {
            text: p.name.show(w.lang).to_string(),
            url: Urls::province(w.lang, &p.slug),
        })
        .collect();
    if let (Some(valid_to), Some(successor)) = (province.valid_to, &province.successor) {
        let successor = w.site.province(successor)?;
        let since = valid_to.next_day().unwrap_or(valid_to);
        return Some(MergerNotice {
            text: w
                .t("merged_into")
                .replace("{date}", &w.strings.date(since))
                .replace("{province}", successor.name.show(w.lang)),
            successor: Some(Link {
                text: successor.name.show(w.lang).to_string(),
                url: Urls::province(w.lang, &successor.slug),
            }),
            former: Vec::new(),
        });
    }
    if former.is_empty() && province.absorbed.is_empty() {
        return None;
    }
    let mut names: Vec<String> = former.iter().map(|l| l.text.clone()).collect();
    names.extend(
        province
            .absorbed
            .iter()
            .map(|(name, _)| name.show(w.lang).to_string()),
    );
    let date = province.absorbed.first().map(|(_, d)| *d).or_else(|| {
        w.site
            .provinces
            .iter()
            .filter(|p| p.successor.as_deref() == Some(&province.slug))
            .find_map(|p| p.valid_to.and_then(|d| d.next_day()))
    })?;
    let and = format!(" {} ", w.t("and"));
    Some(MergerNotice {
        text: w
            .t("absorbed")
            .replace("{date}", &w.strings.date(date))
            .replace("{provinces}", &names.join(&and)),
        successor: None,
        former,
    })
}

#[derive(Serialize)]
struct HeadlineRow {
    province: Link,
    period: String,
    former: bool,
    cells: Vec<Option<String>>,
}

fn home_page(w: &Writer, files: &mut Vec<OutputFile>) -> Page {
    let site = w.site;
    let headline: Vec<&Indicator> = site
        .config
        .headline_indicators
        .iter()
        .filter_map(|id| site.indicator(id))
        .collect();
    let columns: Vec<Link> = headline
        .iter()
        .map(|i| Link {
            text: i.short_name(w.lang).to_string(),
            url: Urls::indicator(w.strings, &i.id),
        })
        .collect();
    let rows: Vec<HeadlineRow> = site
        .provinces
        .iter()
        .filter_map(|p| {
            let latest = site.reports_of(&p.slug).last()?;
            Some(HeadlineRow {
                province: Link {
                    text: p.name.show(w.lang).to_string(),
                    url: Urls::report(w.lang, latest),
                },
                period: w.period(latest.period),
                former: p.valid_to.is_some(),
                cells: headline
                    .iter()
                    .map(|i| latest.result(&i.id).and_then(|f| w.figure_value(f)))
                    .collect(),
            })
        })
        .collect();
    let mut recent: Vec<&Report> = site.reports.iter().collect();
    recent.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.province.cmp(&b.province))
    });
    let recent: Vec<ReportLink> = recent.iter().map(|r| report_link(w, r)).collect();
    let provinces: Vec<ProvinceCard> = site.provinces.iter().map(|p| province_card(w, p)).collect();

    let mut page = page(
        Urls::home(w.lang),
        "home.html",
        w.lang,
        site.config.title.show(w.lang),
        site.config.description.show(w.lang),
    );
    page.context.insert("columns", &columns);
    page.context.insert("rows", &rows);
    page.context.insert("recent", &recent);
    page.context.insert("provinces", &provinces);
    page.context.insert("overview", &charts::overview(w, files));
    page
}

#[derive(Serialize)]
struct ProvinceCard {
    name: String,
    url: String,
    region: String,
    merger: Option<MergerNotice>,
    reports: Vec<ReportLink>,
}

fn province_card(w: &Writer, province: &Province) -> ProvinceCard {
    ProvinceCard {
        name: province.name.show(w.lang).to_string(),
        url: Urls::province(w.lang, &province.slug),
        region: province.region.show(w.lang).to_string(),
        merger: merger_notice(w, province),
        reports: w
            .site
            .reports_of(&province.slug)
            .rev()
            .map(|r| report_link(w, r))
            .collect(),
    }
}

fn province_page(w: &Writer, province: &Province, files: &mut Vec<OutputFile>) -> Page {
    let card = province_card(w, province);
    let trends = charts::province_trends(w, province, files);
    let description = format!("{} – {}", card.name, w.t("province_description"));
    let mut page = page(
        Urls::province(w.lang, &province.slug),
        "province.html",
        w.lang,
        &card.name,
        &description,
    );
    page.context.insert("province", &card);
    page.context.insert("trends", &trends);
    page
}

#[derive(Serialize)]
struct BreakdownView {
    title: String,
    by: String,
    period: String,
    rows: Vec<BreakdownRow>,
    total: Option<String>,
    sum: String,
    /// The stated total minus the parts, when they do not add up.
    gap: Option<String>,
    note: Option<String>,
    chart: Option<charts::ChartView>,
}

#[derive(Serialize)]
struct BreakdownRow {
    label: String,
    value: String,
    share: Option<String>,
}

fn breakdown_view(
    w: &Writer,
    report: &Report,
    (index, breakdown): (usize, &Breakdown),
    files: &mut Vec<OutputFile>,
) -> BreakdownView {
    let indicator = w
        .site
        .indicator(&breakdown.indicator)
        .expect("validated indicator");
    let total = breakdown.total.or_else(|| {
        report
            .results
            .iter()
            .find(|f| f.indicator == breakdown.indicator && f.period == breakdown.period)
            .or_else(|| report.result(&breakdown.indicator))
            .and_then(|f| f.amount)
            .map(|a| a.central())
    });
    let unit = &indicator.unit;
    let sum = breakdown.parts_sum();
    let rows = breakdown
        .parts
        .iter()
        .map(|part| BreakdownRow {
            label: part.label.show(w.lang).to_string(),
            value: w.with_unit(&w.number(part.value), unit),
            share: total
                .filter(|t| *t > 0.0)
                .map(|t| w.percent(part.value / t * 100.0)),
        })
        .collect();
    let gap = total
        .filter(|t| (t - sum).abs() > 1e-9)
        .map(|t| w.with_unit(&w.number(t - sum), unit));
    BreakdownView {
        title: indicator.name.show(w.lang).to_string(),
        by: breakdown.by.show(w.lang).to_string(),
        period: w.period(breakdown.period),
        rows,
        total: total.map(|t| w.with_unit(&w.number(t), unit)),
        sum: w.with_unit(&w.number(sum), unit),
        gap,
        note: breakdown.note.get(w.lang).map(str::to_string),
        chart: charts::breakdown_chart(w, report, (index, breakdown), total, files),
    }
}

#[derive(Serialize)]
struct NextView {
    period: String,
    targets: Vec<FigureRow>,
    tasks: Vec<TaskView>,
}

#[derive(Serialize)]
struct TaskView {
    text: String,
    fallback: bool,
    /// The language the text is shown in.
    lang: Option<Lang>,
}

#[derive(Serialize)]
struct SourceView {
    title: String,
    publisher: String,
    url: Option<String>,
    date: Option<String>,
}

fn report_page(w: &Writer, report: &Report, files: &mut Vec<OutputFile>) -> Page {
    let province = w
        .site
        .province(&report.province)
        .expect("validated province");
    let shown = report.narrative_shown(w.lang);
    let fallback_lang = shown.map(|(l, _)| l).filter(|&l| l != w.lang);
    let shown = shown.map(|(_, n)| n);
    let title = report_title(w, report);
    let summary = shown.and_then(|n| n.summary.clone()).unwrap_or_default();
    let results: Vec<FigureRow> = report
        .results
        .iter()
        .map(|f| w.figure_row(f, report.period))
        .collect();
    let met = report
        .results
        .iter()
        .filter_map(|f| plan_met(f, w.site.indicator(&f.indicator)?.better))
        .collect::<Vec<_>>();
    let next = report.next.as_ref().map(|next| NextView {
        period: w.period(next.period),
        targets: next
            .targets
            .iter()
            .map(|f| w.figure_row(f, next.period))
            .collect(),
        tasks: next
            .tasks
            .iter()
            .map(|t| TaskView {
                text: t.show(w.lang).to_string(),
                fallback: t.falls_back(w.lang),
                lang: t.shown(w.lang).map(|(l, _)| l),
            })
            .collect(),
    });
    let charts = charts::report_charts(w, report, files);
    let breakdowns: Vec<BreakdownView> = report
        .breakdowns
        .iter()
        .enumerate()
        .map(|b| breakdown_view(w, report, b, files))
        .collect();

    let mut page = page(
        Urls::report(w.lang, report),
        "report.html",
        w.lang,
        &title,
        &summary,
    );
    if let Some(lang) = fallback_lang {
        page.context.insert("fallback_lang", lang.code());
    }
    page.context.insert(
        "report",
        &ReportView {
            province: Link {
                text: province.name.show(w.lang).to_string(),
                url: Urls::province(w.lang, &province.slug),
            },
            period: w.period(report.period),
            scope: report.scope.shown(w.lang).map(|(_, s)| s.to_string()),
            department: report.department.show(w.lang).to_string(),
            published: w.strings.date(report.published),
            summary,
            narrative_html: shown
                .map(|n| markdown::to_html(&n.markdown))
                .unwrap_or_default(),
            results,
            plan_met: met.iter().filter(|m| **m).count(),
            plan_judged: met.len(),
            breakdowns,
            next,
            charts,
            merger: merger_notice(w, province),
            source: SourceView {
                title: report.source.title.clone(),
                publisher: report.source.publisher.clone(),
                url: report.source.url.clone(),
                date: report.source.date.map(|d| w.strings.date(d)),
            },
        },
    );
    page
}

#[derive(Serialize)]
struct ReportView {
    province: Link,
    period: String,
    scope: Option<String>,
    department: String,
    published: String,
    summary: String,
    narrative_html: String,
    results: Vec<FigureRow>,
    plan_met: usize,
    plan_judged: usize,
    breakdowns: Vec<BreakdownView>,
    next: Option<NextView>,
    charts: Vec<charts::ChartView>,
    merger: Option<MergerNotice>,
    source: SourceView,
}

#[derive(Serialize)]
struct IndicatorSummary {
    name: String,
    url: String,
    unit: String,
    better: String,
    definition: String,
    reports: usize,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    indicators: Vec<IndicatorSummary>,
}

fn indicator_summary(w: &Writer, indicator: &Indicator) -> IndicatorSummary {
    IndicatorSummary {
        name: indicator.name.show(w.lang).to_string(),
        url: Urls::indicator(w.strings, &indicator.id),
        unit: w
            .site
            .unit(&indicator.unit)
            .map(|u| u.label.show(w.lang).to_string())
            .unwrap_or_default(),
        better: w.t(match indicator.better {
            Better::Higher => "better_higher",
            Better::Lower => "better_lower",
            Better::Neutral => "better_neutral",
        }),
        definition: indicator.definition.show(w.lang).to_string(),
        reports: w
            .site
            .reports
            .iter()
            .filter(|r| r.result(&indicator.id).is_some())
            .count(),
    }
}

fn indicators_page(w: &Writer) -> Page {
    let site = w.site;
    let mut groups: Vec<GroupView> = site
        .groups
        .iter()
        .map(|g| GroupView {
            name: g.name.show(w.lang).to_string(),
            indicators: site
                .indicators
                .iter()
                .filter(|i| i.group.as_deref() == Some(&g.id))
                .map(|i| indicator_summary(w, i))
                .collect(),
        })
        .collect();
    let ungrouped: Vec<IndicatorSummary> = site
        .indicators
        .iter()
        .filter(|i| {
            i.group
                .as_ref()
                .is_none_or(|g| !site.groups.iter().any(|x| &x.id == g))
        })
        .map(|i| indicator_summary(w, i))
        .collect();
    if !ungrouped.is_empty() {
        groups.push(GroupView {
            name: w.t("other_indicators"),
            indicators: ungrouped,
        });
    }
    groups.retain(|g| !g.indicators.is_empty());
    let title = w.t("indicators");
    let mut page = page(
        Urls::indicators(w.strings),
        "indicators.html",
        w.lang,
        &title,
        &w.t("indicators_description"),
    );
    page.context.insert("groups", &groups);
    page
}

#[derive(Serialize)]
struct RankingView {
    period: String,
    rows: Vec<RankingRow>,
    chart: Option<charts::ChartView>,
}

#[derive(Serialize)]
struct RankingRow {
    rank: usize,
    province: Link,
    report: Link,
    value: String,
    former: bool,
    status: Option<String>,
    /// `met`, `not-met` or `none`, for styling.
    status_class: &'static str,
}

fn indicator_page(w: &Writer, indicator: &Indicator, files: &mut Vec<OutputFile>) -> Page {
    let site = w.site;
    let rankings: Vec<RankingView> = w
        .rankings
        .of(&indicator.id)
        .iter()
        .map(|(period, list)| RankingView {
            chart: (list.len() >= 2)
                .then(|| charts::indicator_ranking(w, indicator, (*period, list), files)),
            period: w.period(*period),
            rows: list
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let met = plan_met(r.figure, indicator.better);
                    RankingRow {
                        rank: i + 1,
                        province: Link {
                            text: r.province.name.show(w.lang).to_string(),
                            url: Urls::province(w.lang, &r.province.slug),
                        },
                        report: Link {
                            text: w.period(r.report.period),
                            url: Urls::report(w.lang, r.report),
                        },
                        value: w.figure_value(r.figure).unwrap_or_default(),
                        former: r.province.valid_to.is_some(),
                        status: met.map(|m| w.t(if m { "plan_met" } else { "plan_not_met" })),
                        status_class: match met {
                            Some(true) => "met",
                            Some(false) => "not-met",
                            None => "none",
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let summary = indicator_summary(w, indicator);
    let group = indicator
        .group
        .as_ref()
        .and_then(|g| site.groups.iter().find(|x| &x.id == g))
        .map(|g| g.name.show(w.lang).to_string());
    let part_of = indicator
        .part_of
        .as_ref()
        .and_then(|id| site.indicator(id))
        .map(|p| Link {
            text: p.name.show(w.lang).to_string(),
            url: Urls::indicator(w.strings, &p.id),
        });
    let parts: Vec<Link> = site
        .indicators
        .iter()
        .filter(|i| i.part_of.as_deref() == Some(&indicator.id))
        .map(|i| Link {
            text: i.name.show(w.lang).to_string(),
            url: Urls::indicator(w.strings, &i.id),
        })
        .collect();
    let description = if summary.definition.is_empty() {
        summary.name.clone()
    } else {
        summary.definition.clone()
    };
    let mut page = page(
        Urls::indicator(w.strings, &indicator.id),
        "indicator.html",
        w.lang,
        &summary.name,
        &description,
    );
    page.context.insert("indicator", &summary);
    page.context.insert("group", &group);
    page.context.insert("part_of", &part_of);
    page.context.insert("parts", &parts);
    page.context.insert("rankings", &rankings);
    page
}
