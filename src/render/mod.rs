//! Rendering the validated site into files, in memory, for every language.

mod charts;
mod data;
mod indent;
mod search;
pub mod select;
mod seo;
pub mod theme;
pub mod views;

use rayon::prelude::*;

use crate::analysis;
use crate::diagnostics::Problems;
use crate::i18n;
use crate::markdown;
use crate::model::*;
use crate::output::{OutputFile, lock};
use charts::ChartFiles;
pub use select::{DataUnit, Inputs, PageCount, Selection};
pub use theme::Theme;
use views::{
    Body, BreakdownRow, BreakdownView, ChangeRow, FigureRow, GroupView, Head, HeadlineRow,
    HomePage, IndicatorPage, IndicatorSummary, IndicatorsPage, Link, MergerNotice, NextView, Page,
    PageMeta, ProvinceCard, ProvincePage, RANKING_PAGE_ROWS, RankingRow, RankingView, ReportLink,
    ReportPage, ReportView, SiteView, SourceView, TaskView, Translation, Urls, Writer,
};

/// Where each rendered file goes, from any thread, as soon as it is made.
pub type Emit<'a> = dyn Fn(OutputFile) + Sync + 'a;

/// Renders every page, chart and static file of the site, handing each file to
/// `emit` as it is made: nothing is held until the end. The province, report,
/// indicator and ranking pages that `select` keeps are not rendered.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    select: &dyn Selection,
    emit: &Emit,
) -> Result<PageCount, Problems> {
    let urls = Urls::new(&site.config.base_url);
    // Data files first: pages show their sizes.
    let (data, rankings) = rayon::join(
        || data::render(site, theme, select, emit),
        || analysis::Rankings::new(site),
    );
    let problems = std::sync::Mutex::new(Problems::default());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let render = |page: Page| {
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match render_page(site, theme, &urls, &data, page) {
            Ok(file) => emit(file),
            Err(problem) => lock(&problems).push(problem),
        }
    };
    let shared = views::SharedCharts::default();
    let chooser = select::Chooser::new(site, &rankings, (select, &data, &urls));
    // Each page is rendered as soon as its data is built; its charts go out beside it.
    let page_and_charts = |(page, charts): (Page, Vec<OutputFile>)| {
        charts.into_iter().for_each(emit);
        render(page);
    };
    rayon::join(
        || {
            site.config.languages.par_iter().for_each(|&lang| {
                let w = Writer {
                    site,
                    lang,
                    strings: theme.strings(lang),
                    rankings: &rankings,
                    shared: &shared,
                };
                language_pages(&w, &chooser, &page_and_charts);
            });
            let first = site.config.languages[0];
            render(Page::plain(String::new(), "root.html", first));
            render(Page::plain("404.html".into(), "404.html", first));
        },
        // The site-wide files for search engines, feed readers and the search page.
        || {
            for result in site_wide_files(site, theme, (&urls, &rankings), select) {
                match result {
                    Ok(file) => emit(file),
                    Err(problem) => lock(&problems).push(problem),
                }
            }
        },
    );
    let problems = std::mem::take(&mut *lock(&problems));
    if problems.has_errors() {
        return Err(problems);
    }
    for (name, bytes) in &theme.static_files {
        emit(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    let rendered = rendered.into_inner();
    Ok(PageCount {
        rendered,
        pages: rendered + chooser.kept(),
        files: select.made(),
    })
}

/// Every page of one language, each with the chart files it links, handed to
/// `each`; the province, report, indicator and ranking pages only as `chooser` wants.
fn language_pages(w: &Writer, chooser: &select::Chooser, each: &(dyn Fn(select::Made) + Sync)) {
    let (site, lang) = (w.site, w.lang);
    let mut home_charts = charts::ChartFiles::new(w, &Urls::home(lang));
    let home = home_page(w, &mut home_charts);
    each((home, home_charts.into_files()));
    each((indicators_page(w), Vec::new()));
    each((search::page(w), Vec::new()));
    each((
        Page::plain(format!("{lang}/404.html"), "404.html", lang),
        Vec::new(),
    ));
    site.provinces.par_iter().for_each(|p| {
        let at = (&Urls::province(lang, &p.slug)[..], "province.html");
        let what = |keys: &select::Keys, h: &mut _| keys.province(p, h);
        chooser.page(w, at, what, |files| province_page(w, p, files), each);
    });
    site.reports.par_iter().for_each(|r| {
        let at = (&Urls::report(lang, r)[..], "report.html");
        let what = |keys: &select::Keys, h: &mut _| keys.report(r, h);
        chooser.page(w, at, what, |files| report_page(w, r, files), each);
    });
    site.indicators.par_iter().for_each(|i| {
        let at = (&Urls::indicator(w.strings, &i.id)[..], "indicator.html");
        let what = |keys: &select::Keys, h: &mut _| keys.indicator(i, h);
        chooser.page(w, at, what, |files| indicator_page(w, i, files), each);
    });
    site.indicators.par_iter().for_each(|i| {
        let rankings = w.rankings.of(&i.id);
        rankings.par_iter().for_each(|&(period, ref ranking)| {
            let count = views::ranking_pages(ranking.list.len());
            for number in 1..=count {
                let rel = Urls::ranking(w.strings, &i.id, period, number);
                let what = |keys: &select::Keys, h: &mut _| keys.ranking(i, Some(period), h);
                let make = |files: &mut ChartFiles| {
                    ranking_page(w, i, (period, ranking), (number, count), files)
                };
                chooser.page(w, (&rel, "indicator.html"), what, make, each);
            }
        });
    });
}

/// The search index and Atom feed of each language, the sitemap and robots.txt;
/// on a rebuild, only those whose inputs changed (`select::SiteWide`).
fn site_wide_files(
    site: &Site,
    theme: &Theme,
    (urls, rankings): (&Urls, &analysis::Rankings),
    select: &dyn Selection,
) -> Vec<Result<OutputFile, crate::diagnostics::Problem>> {
    let keys = select
        .inputs()
        .map(|inputs| select::SiteWide::new(inputs, site, rankings));
    // Renders the file at `path` with `make` unless its key is the one it was made with.
    let keyed = |path: &str, key: Option<u64>, make: &dyn Fn() -> Vec<Result<OutputFile, _>>| {
        if let Some(key) = key
            && !select.render(path, key)
        {
            return Vec::new();
        }
        let made = make();
        if let Some(key) = key {
            let with = made.iter().flatten().map(|f| f.path.clone());
            select.file_rendered(path, key, with.filter(|p| p != path).collect());
        }
        made
    };
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
                shared: &views::SharedCharts::default(),
            };
            let index = search::index_rel(lang);
            let key = keys.as_ref().map(|k| k.search_index(&index, lang));
            let mut files = keyed(&index, key, &|| vec![Ok(search::index(&w, urls))]);
            let feed = seo::feed_rel(lang);
            let key = keys.as_ref().map(|k| k.feed(&feed, lang));
            files.extend(keyed(&feed, key, &|| vec![seo::feed(&w, theme, urls)]));
            files
        })
        .collect();
    let key = keys.as_ref().map(select::SiteWide::sitemap);
    out.extend(keyed(
        "sitemap.xml",
        key,
        &|| match seo::sitemap_and_robots(site, theme, urls, rankings) {
            Ok(found) => found.into_iter().map(Ok).collect(),
            Err(problem) => vec![Err(problem)],
        },
    ));
    out
}

/// Room for a typical page (most are 20–90 KB), so that rendering one rarely regrows it.
const PAGE_BYTES: usize = 96 * 1024;

fn render_page(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    data: &data::DataFiles,
    page: Page,
) -> Result<OutputFile, crate::diagnostics::Problem> {
    let lang = page.lang;
    let strings = theme.strings(lang);
    let config = &site.config;
    let site_view = SiteView {
        title: config.title.show(lang).to_string(),
        description: config.description.show(lang).to_string(),
        publisher: config.publisher.show(lang).to_string(),
        title_lang: config.title.other_lang(lang),
        description_lang: config.description.other_lang(lang),
        publisher_lang: config.publisher.other_lang(lang),
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
    let output_path = page.output_path();
    let (title, description) = match page.head {
        Some(Head { title, description }) => (title, description),
        None => (site_view.title.clone(), site_view.description.clone()),
    };
    let fallback_notice = page
        .fallback_lang
        .map(|_| strings.get("fallback_notice").to_string());
    let meta = PageMeta {
        title,
        description,
        url: urls.href(&page.rel),
        canonical: urls.absolute(&page.rel),
        translations: translations(site, theme, urls, &page.rel, lang),
        alternates: alternates(site, theme, urls, &page.rel, lang),
        fallback_notice,
        fallback_lang: page.fallback_lang,
    };
    let mut context = page.body.context();
    context.insert("lang", lang.code());
    context.insert_value("ui", theme.ui(lang));
    context.insert("site", &site_view);
    context.insert("page", &meta);
    if let Some(downloads) = data.downloads_for(site, &page.rel, page.template, strings, urls) {
        context.insert("downloads", &downloads);
        let languages = language_list(site, theme, strings);
        let note = strings.fill("downloads_note", &[("languages", &languages)]);
        context.insert("downloads_note", &note);
    }
    let rendered = render_template(theme, page.template, &context);
    let html = rendered.map_err(|err| theme.render_problem(page.template, &context, &err))?;
    Ok(OutputFile {
        path: output_path,
        bytes: html.into(),
    })
}

/// Renders a page's template straight into the file's bytes: Tera writes UTF-8 from
/// UTF-8 strings, so nothing is gained by checking it again as a `String`. Not inlined:
/// a phase of the instruction profile (docs/performance.md, section 5).
#[inline(never)]
fn render_template(
    theme: &Theme,
    template: &str,
    context: &tera::Context,
) -> tera::TeraResult<Vec<u8>> {
    let mut html = Vec::with_capacity(PAGE_BYTES);
    theme.tera.render_to(template, context, &mut html)?;
    Ok(html)
}

/// The site's languages named in the words of `strings`: `cả tiếng Việt và tiếng Anh`.
fn language_list(site: &Site, theme: &Theme, strings: &i18n::Strings) -> String {
    let names: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|&l| {
            let own = || theme.strings(l).get("language_name");
            strings.find(&format!("name_of_{l}")).unwrap_or_else(own)
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [first, second] => strings.fill("list_two", &[("first", first), ("second", second)]),
        [init @ .., last] => {
            let init = init.join(strings.get("list_separator"));
            strings.fill("list_more", &[("init", &init), ("last", last)])
        }
    }
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

/// The page at `rel` in every language of the site, then `x-default`: the page in the
/// site's first language, as in the sitemap.
fn alternates(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    rel: &str,
    lang: Lang,
) -> Vec<views::Alternate> {
    let from = theme.strings(lang);
    let mut out: Vec<views::Alternate> = site
        .config
        .languages
        .iter()
        .map(|&other| views::Alternate {
            hreflang: other.code().to_string(),
            href: urls.absolute(&translate_rel(rel, from, theme.strings(other))),
        })
        .collect();
    let default = out[0].href.clone();
    out.push(views::Alternate {
        hreflang: "x-default".into(),
        href: default,
    });
    out
}

/// `vi/chi-tieu/jobs-created/` ↔ `en/indicators/jobs-created/`: the same path with the
/// other language's prefix and its words for the sections.
fn translate_rel(rel: &str, from: &i18n::Strings, to: &i18n::Strings) -> String {
    let Some(rest) = rel.strip_prefix(&format!("{}/", from.lang())) else {
        return Urls::home(to.lang());
    };
    let sections: [fn(&i18n::Strings) -> String; 2] = [Urls::indicators, Urls::search];
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
            text: w.fill(
                "merged_into",
                &[
                    ("date", &w.strings.date(since)),
                    ("province", successor.name.show(w.lang)),
                ],
            ),
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
        text: w.fill(
            "absorbed",
            &[
                ("date", &w.strings.date(date)),
                ("provinces", &names.join(&and)),
            ],
        ),
        successor: None,
        former,
    })
}

/// The newest reports the home page links; the province pages list them all.
const HOME_RECENT: usize = 12;

fn home_page(w: &Writer, files: &mut ChartFiles) -> Page {
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
    // A table of every province only while it stays one page of a ranking long;
    // beyond that the overview's leaders and the indicator pages carry the figures.
    let tabled = if site.provinces.len() <= RANKING_PAGE_ROWS {
        &site.provinces[..]
    } else {
        &[]
    };
    let rows: Vec<HeadlineRow> = tabled
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
    let recent: Vec<ReportLink> = recent
        .iter()
        .take(HOME_RECENT)
        .map(|r| report_link(w, r))
        .collect();
    let provinces: Vec<ProvinceCard> = site.provinces.iter().map(|p| province_card(w, p)).collect();

    let head = Head {
        title: site.config.title.show(w.lang).to_string(),
        description: site.config.description.show(w.lang).to_string(),
    };
    let body = Body::Home(HomePage {
        columns,
        rows,
        recent,
        provinces,
        overview: charts::overview(w, files),
        full_rankings: headline
            .iter()
            .filter(|i| !w.rankings.of(&i.id).is_empty())
            .map(|i| Link {
                text: i.short_name(w.lang).to_string(),
                url: Urls::indicator(w.strings, &i.id),
            })
            .collect(),
    });
    Page::new(Urls::home(w.lang), "home.html", w.lang, head, body)
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

/// At most this many trend charts drawn on a province page; the others are linked,
/// with their files, so that the page stays light however many indicators there are.
const PROVINCE_TRENDS: usize = 6;

fn province_page(w: &Writer, province: &Province, files: &mut ChartFiles) -> Page {
    let card = province_card(w, province);
    let (trends, more_trends) = charts::province_trends(w, province, PROVINCE_TRENDS, files);
    let description = format!("{} – {}", card.name, w.t("province_description"));
    let head = Head {
        title: card.name.clone(),
        description,
    };
    let body = Body::Province(ProvincePage {
        province: card,
        trends,
        more_trends,
        changes: stated_changes(w, province),
    });
    let rel = Urls::province(w.lang, &province.slug);
    Page::new(rel, "province.html", w.lang, head, body)
}

/// Every change a province's reports state, newest report first: what a province
/// with one report has to show of how its figures moved.
fn stated_changes(w: &Writer, province: &Province) -> Vec<ChangeRow> {
    let mut rows = Vec::new();
    for report in w.site.reports_of(&province.slug).rev() {
        for figure in &report.results {
            if !matches!(
                analysis::movement(figure),
                Some(analysis::Movement::Stated(_))
            ) {
                continue;
            }
            rows.push(ChangeRow {
                figure: w.figure_row(figure, report.period),
                period: w.period(figure.period),
                report: Link {
                    text: w.period(report.period),
                    url: Urls::report(w.lang, report),
                },
            });
        }
    }
    rows
}

fn breakdown_view(
    w: &Writer,
    report: &Report,
    (index, breakdown): (usize, &Breakdown),
    files: &mut ChartFiles,
) -> BreakdownView {
    let indicator = w
        .site
        .indicator(&breakdown.indicator)
        .expect("validated indicator");
    let split = analysis::split(report, breakdown);
    let unit = &indicator.unit;
    let rows = breakdown
        .parts
        .iter()
        .map(|part| BreakdownRow {
            label: part.label.show(w.lang).to_string(),
            value: w.qualified(part.qualifier, w.figure_with_unit(part.value, unit)),
            share: split
                .total
                .filter(|t| t.value > 0.0)
                .map(|t| w.percent(part.value.value / t.value * 100.0)),
        })
        .collect();
    let (rest, gap) = match split.remainder {
        Some(analysis::Remainder::Rest(r)) => (Some(w.figure_with_unit(r, unit)), None),
        Some(analysis::Remainder::Gap(g)) => (None, Some(w.figure_with_unit(g, unit))),
        None => (None, None),
    };
    BreakdownView {
        title: indicator.name.show(w.lang).to_string(),
        by: breakdown.by.show(w.lang).to_string(),
        period: w.period(breakdown.period),
        heading: w.t(if split.of_plan { "target" } else { "result" }),
        rows,
        total: split.total.map(|t| w.figure_with_unit(t, unit)),
        sum: w.figure_with_unit(split.sum, unit),
        rest,
        gap,
        note: breakdown.note.get(w.lang).map(str::to_string),
        chart: charts::breakdown_chart(w, (index, breakdown), &split, files),
    }
}

/// The next period's targets and tasks.
fn next_view(w: &Writer, next: &Next) -> NextView {
    NextView {
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
    }
}

fn report_page(w: &Writer, report: &Report, files: &mut ChartFiles) -> Page {
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
        .filter_map(|f| analysis::verdict(f, w.site.indicator(&f.indicator)?.better).judged())
        .collect::<Vec<_>>();
    let next = report.next.as_ref().map(|next| next_view(w, next));
    let charts = charts::report_charts(w, report, files);
    let breakdowns: Vec<BreakdownView> = report
        .breakdowns
        .iter()
        .enumerate()
        .map(|b| breakdown_view(w, report, b, files))
        .collect();

    let head = Head {
        title,
        description: summary.clone(),
    };
    let view = ReportView {
        province: Link {
            text: province.name.show(w.lang).to_string(),
            url: Urls::province(w.lang, &province.slug),
        },
        period: w.period(report.period),
        scope: report.scope.shown(w.lang).map(|(_, s)| s.to_string()),
        scope_lang: report.scope.other_lang(w.lang),
        department: report.department.show(w.lang).to_string(),
        department_lang: report.department.other_lang(w.lang),
        published: w.strings.date(report.published),
        summary,
        narrative_html: shown
            .map(|n| markdown::to_html(&n.markdown, w.strings.get("narrative_table")))
            .unwrap_or_default(),
        results,
        plan_met: met.iter().filter(|m| **m).count(),
        plan_judged: met.len(),
        breakdowns,
        next,
        charts,
        standings: charts::standings(w, report),
        merger: merger_notice(w, province),
        source: SourceView {
            title: report.source.title.clone(),
            publisher: report.source.publisher.clone(),
            // Sources are named in the site's first language, as they were published.
            lang: Some(w.site.config.languages[0]).filter(|&l| l != w.lang),
            url: report.source.url.clone(),
            date: report.source.date.map(|d| w.strings.date(d)),
        },
    };
    let mut page = Page::new(
        Urls::report(w.lang, report),
        "report.html",
        w.lang,
        head,
        Body::Report(Box::new(ReportPage { report: view })),
    );
    page.fallback_lang = fallback_lang;
    page
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
        reports: w.site.reports_with_result(&indicator.id),
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
    let head = Head {
        title: w.t("indicators"),
        description: w.t("indicators_description"),
    };
    let body = Body::Indicators(IndicatorsPage { groups });
    Page::new(
        Urls::indicators(w.strings),
        "indicators.html",
        w.lang,
        head,
        body,
    )
}

/// A province's place in an indicator page's ranking, with its value as the source gave it.
fn ranking_row(w: &Writer, indicator: &Indicator, r: &analysis::Ranked<'_>) -> RankingRow {
    let verdict = analysis::verdict(r.figure, indicator.better);
    RankingRow {
        anchor: r.province.slug.clone(),
        rank: r.rank,
        remark: charts::ranked_remark(w, r, indicator),
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
        status: w.status_text(verdict),
        status_class: views::status_class(verdict),
    }
}

/// An indicator's page: what it measures, the latest period's ranking (its first
/// page when it is long) and a link to every period's ranking page.
fn indicator_page(w: &Writer, indicator: &Indicator, files: &mut ChartFiles) -> Page {
    let rel = Urls::indicator(w.strings, &indicator.id);
    let all = w.rankings.of(&indicator.id);
    let latest = all.first();
    let rankings: Vec<RankingView> = latest
        .map(|&(period, ref ranking)| ranking_view(w, indicator, (period, ranking), 1, files))
        .into_iter()
        .collect();
    let more = latest
        .filter(|(_, ranking)| ranking.list.len() > RANKING_PAGE_ROWS)
        .map(|(period, ranking)| Link {
            text: w.fill(
                "ranking_all",
                &[
                    ("count", &ranking.reported().to_string()),
                    ("period", &w.period(*period)),
                ],
            ),
            url: Urls::ranking(w.strings, &indicator.id, *period, 1),
        });
    let mut view = indicator_view(w, indicator, rankings, None);
    view.more = more;
    let head = indicator_head(&view.indicator);
    Page::new(rel, "indicator.html", w.lang, head, Body::Indicator(view))
}

/// Page `number` of `count` of one period's ranking of an indicator, with its chart files.
fn ranking_page(
    w: &Writer,
    indicator: &Indicator,
    (period, ranking): (Period, &analysis::Ranking<'_>),
    (number, count): (usize, usize),
    files: &mut ChartFiles,
) -> Page {
    let rel = Urls::ranking(w.strings, &indicator.id, period, number);
    let view = ranking_view(w, indicator, (period, ranking), number, files);
    let mut page = indicator_view(w, indicator, vec![view], Some(period));
    page.pages = page_links(w, indicator, period, (number, count), ranking.list.len());
    let mut shown = w.period(period);
    if number > 1 {
        let n = w.fill("ranking_page_n", &[("page", &number.to_string())]);
        shown = format!("{shown} ({n})");
    }
    let title = w.fill(
        "ranking_page_title",
        &[("indicator", &page.indicator.name), ("period", &shown)],
    );
    page.period = Some(shown);
    let head = Head {
        title,
        description: indicator_head(&page.indicator).description,
    };
    let body = Body::Indicator(page);
    Page::new(rel, "indicator.html", w.lang, head, body)
}

/// The links between the pages of a ranking of `rows` provinces, when it takes more than one.
fn page_links(
    w: &Writer,
    indicator: &Indicator,
    period: Period,
    (current, count): (usize, usize),
    rows: usize,
) -> Vec<views::PageLink> {
    if count < 2 {
        return Vec::new();
    }
    (1..=count)
        .map(|number| {
            let first = (number - 1) * RANKING_PAGE_ROWS + 1;
            let last = (number * RANKING_PAGE_ROWS).min(rows);
            views::PageLink {
                number,
                url: Urls::ranking(w.strings, &indicator.id, period, number),
                ranks: format!(
                    "{}–{}",
                    w.strings.number(first as f64, 0),
                    w.strings.number(last as f64, 0)
                ),
                current: number == current,
            }
        })
        .collect()
}

/// Page `number` (from 1) of one period's ranking: its rows, its chart of them, and
/// on the first page the figures set apart.
fn ranking_view(
    w: &Writer,
    indicator: &Indicator,
    (period, ranking): (Period, &analysis::Ranking<'_>),
    number: usize,
    files: &mut ChartFiles,
) -> RankingView {
    let len = ranking.list.len();
    let start = ((number - 1) * RANKING_PAGE_ROWS).min(len);
    let rows = start..(start + RANKING_PAGE_ROWS).min(len);
    let apart = if number == 1 { &ranking.apart[..] } else { &[] };
    RankingView {
        chart: ranking.is_chart().then(|| {
            let shown = (period, ranking);
            charts::indicator_ranking(w, indicator, shown, rows.clone(), files)
        }),
        period: w.period(period),
        ranked: ranking.is_chart(),
        reported: charts::reported(w, ranking),
        rows: ranking.list[rows]
            .iter()
            .map(|r| ranking_row(w, indicator, r))
            .collect(),
        apart: apart.iter().map(|r| ranking_row(w, indicator, r)).collect(),
    }
}

/// What an indicator's page and its ranking pages share: the indicator, its group and
/// parts, and the periods it is ranked in; `period` is the one a ranking page shows.
fn indicator_view(
    w: &Writer,
    indicator: &Indicator,
    rankings: Vec<RankingView>,
    period: Option<Period>,
) -> IndicatorPage {
    let site = w.site;
    let group = indicator
        .group
        .as_ref()
        .and_then(|g| site.groups.iter().find(|x| &x.id == g))
        .map(|g| g.name.show(w.lang).to_string());
    let link = |i: &Indicator| Link {
        text: i.name.show(w.lang).to_string(),
        url: Urls::indicator(w.strings, &i.id),
    };
    let part_of = indicator
        .part_of
        .as_ref()
        .and_then(|id| site.indicator(id))
        .map(link);
    let parts: Vec<Link> = site
        .indicators
        .iter()
        .filter(|i| i.part_of.as_deref() == Some(&indicator.id))
        .map(link)
        .collect();
    let periods = w
        .rankings
        .of(&indicator.id)
        .iter()
        .map(|(p, ranking)| views::PeriodLink {
            period: w.period(*p),
            url: Urls::ranking(w.strings, &indicator.id, *p, 1),
            reported: charts::reported(w, ranking),
            current: Some(*p) == period,
        })
        .collect();
    IndicatorPage {
        indicator: indicator_summary(w, indicator),
        group,
        part_of,
        parts,
        rankings,
        periods,
        period: period.map(|p| w.period(p)),
        pages: Vec::new(),
        more: None,
    }
}

/// An indicator page's title and description: its name and definition.
fn indicator_head(summary: &IndicatorSummary) -> Head {
    let description = if summary.definition.is_empty() {
        summary.name.clone()
    } else {
        summary.definition.clone()
    };
    Head {
        title: summary.name.clone(),
        description,
    }
}
