//! `baocao new <province> <period>`: starts a report for an existing province.
//!
//! It writes `report.yaml` with every catalogue indicator listed but empty (each
//! commented with its name and unit in the site's first language) and a narrative
//! in each of the site's languages with the usual sections, in the words of its
//! UI strings file (`new_*`). An indicator left empty is not published (see
//! docs/content-format.md, "Empty figures"), so the new report passes `baocao check`
//! straight away. It never overwrites anything.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::schema::{CatalogueFile, LocalText, ProvinceFile, SiteFile, UnitsFile};
use crate::diagnostics::{Problem, Problems, display_path};
use crate::i18n::Strings;
use crate::messages::{Code, Message};
use crate::model::{Lang, Period};
use crate::render::Theme;
use crate::source_files::read_text;
use crate::text::closest;
use crate::yaml;

/// Writes report.yaml and a narrative per site language for a new report, and returns
/// their paths (as an editor sees them).
pub fn new_report(content: &Path, province: &str, period: &str) -> Result<Vec<PathBuf>, Problems> {
    let period = report_period(period).map_err(one)?;
    let province_dir = content.join("provinces").join(province);
    let province_file = read::<ProvinceFile>(content, &province_dir.join("province.yaml"))
        .map_err(|_| one(unknown_province(content, province)))?;
    let dir = province_dir.join(period.id());
    let (languages, theme) = site_theme(content)?;
    let mut names = vec!["report.yaml".to_string()];
    names.extend(languages.iter().map(|l| format!("report.{l}.md")));
    if let Some(existing) = names.iter().map(|n| dir.join(n)).find(|p| p.exists()) {
        return Err(one(Problem::error(
            display_path(content, &existing),
            Message::new(Code::NewExists)
                .arg("province", province)
                .arg("period", period.id()),
        )
        .hint(Code::NewExistsHint)));
    }
    // A link on the way would put the new files outside the content folder.
    for name in &names {
        crate::source_files::refuse_links(content, &dir.join(name)).map_err(one)?;
    }
    let mut problems = Problems::default();
    let units = read::<UnitsFile>(content, &content.join("units.yaml"));
    let catalogue = read::<CatalogueFile>(content, &content.join("indicators.yaml"));
    let (units, catalogue) = match (units, catalogue) {
        (Ok(units), Ok(catalogue)) => (units, catalogue),
        (units, catalogue) => {
            problems.extend(units.err());
            problems.extend(catalogue.err());
            return Err(problems);
        }
    };
    let name = |lang: Lang| in_language(&province_file.name, lang).unwrap_or(province);
    let strings: Vec<(&Strings, &str)> = languages
        .iter()
        .map(|&l| (theme.strings(l), name(l)))
        .collect();
    let mut texts = vec![report_yaml(province, period, &strings, &units, &catalogue)];
    texts.extend(
        strings
            .iter()
            .map(|(strings, name)| narrative(strings, period, name)),
    );
    let write = |name: &str, text: &str| -> std::io::Result<PathBuf> {
        let path = dir.join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        file.write_all(text.as_bytes())?;
        Ok(display_path(content, &path))
    };
    std::fs::create_dir_all(&dir).map_err(|err| {
        one(Problem::error(
            display_path(content, &dir),
            Message::new(Code::NewCannotCreate).arg("error", err),
        ))
    })?;
    names
        .iter()
        .zip(&texts)
        .map(|(name, text)| {
            write(name, text).map_err(|err| {
                one(Problem::error(
                    display_path(content, &dir.join(name)),
                    Message::new(Code::NewCannotWrite).arg("error", err),
                ))
            })
        })
        .collect()
}

/// A period a report folder may have: a year or January to the end of a quarter.
fn report_period(text: &str) -> Result<Period, Problem> {
    let hint = Code::NewPeriodHint;
    match Period::parse(text) {
        Ok(Period::Span(..)) => Err(Problem::error(
            "<period>",
            Message::new(Code::NewSpan).arg("text", text),
        )
        .hint(hint)),
        Ok(period) => Ok(period),
        Err(message) => Err(Problem::error("<period>", message).hint(hint)),
    }
}

/// A province given by name (`Hà Tĩnh`) is found, or suggested, by its slug (`ha-tinh`).
fn unknown_province(content: &Path, name: &str) -> Problem {
    let slug = crate::text::slugify(name);
    let known: Vec<String> = std::fs::read_dir(content.join("provinces"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("province.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    let problem = Problem::error(
        display_path(content, &content.join("provinces").join(name)),
        Message::new(Code::NewNoProvince).arg("name", name),
    );
    problem.hint(match closest(&slug, known.iter().map(String::as_str)) {
        Some(close) => Message::new(Code::NewDidYouMean).arg("suggestion", close),
        None if slug != name => Message::new(Code::NewSlugHint).arg("slug", &slug),
        None => Message::new(Code::NewCreateHint).arg("slug", &slug),
    })
}

fn one(problem: Problem) -> Problems {
    let mut problems = Problems::default();
    problems.push(problem);
    problems
}

/// The site's languages and the theme that words them, as the build finds them.
fn site_theme(content: &Path) -> Result<(Vec<Lang>, Theme), Problems> {
    let languages = site_languages(content).map_err(one)?;
    let theme_dir = content
        .parent()
        .unwrap_or(Path::new(""))
        .join("themes/default");
    let theme = Theme::load(Some(&theme_dir), &languages)?;
    Ok((languages, theme))
}

/// The site's languages from site.yaml, as the build reads them.
fn site_languages(content: &Path) -> Result<Vec<Lang>, Problem> {
    let site = read::<SiteFile>(content, &content.join("site.yaml"))?;
    let codes = site
        .languages
        .unwrap_or_else(|| vec!["vi".into(), "en".into()]);
    Ok(codes.iter().filter_map(|c| Lang::from_code(c)).collect())
}

/// A content text in one language, when it is written.
fn in_language(text: &LocalText, lang: Lang) -> Option<&str> {
    text.0.get(lang.code()).and_then(Option::as_deref)
}

fn read<T: serde::de::DeserializeOwned>(content: &Path, path: &Path) -> Result<T, Problem> {
    let shown = display_path(content, path);
    read_text(content, path, &shown)
        .and_then(|text| yaml::parse::<T>(&shown, &text))
        .map(|parsed| parsed.value)
}

/// A YAML string in double quotes (JSON's quoting is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The period the targets and key tasks of a report are for.
fn next_period(period: Period) -> Period {
    match period {
        Period::ToQuarter(y, q) if q < 4 => Period::Year(y),
        other => Period::Year(other.end_year() + 1),
    }
}

/// `report.yaml` with every indicator listed empty; the comments guide editors in Vietnamese,
/// the names are in the site's first language.
fn report_yaml(
    slug: &str,
    period: Period,
    languages: &[(&Strings, &str)],
    units: &UnitsFile,
    catalogue: &CatalogueFile,
) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let (first, name) = languages[0];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Báo cáo {name} {} — tạo bằng `baocao new`.\n\
         # Điền số liệu theo docs/content-format.md. Chỉ tiêu nào để trống thì không được đăng.\n",
        first.period(period)
    );
    let _ = writeln!(out, "province: {slug}\nperiod: {}", period.id());
    let _ = writeln!(
        out,
        "published: {today}              # ngày công bố kết quả (YYYY-MM-DD)"
    );
    out.push_str("department:\n");
    for (strings, name) in languages {
        let department = strings.fill("new_department", &[("province", name)]);
        let _ = writeln!(out, "  {}: {}", strings.lang(), quoted(&department));
    }
    let _ = writeln!(
        out,
        "source:\n  title: \"\"                       # tên bài viết hoặc văn bản nguồn\n  \
         publisher: \"\"                   # cơ quan, tờ báo đăng bài\n  \
         # url: https://...                # địa chỉ bài viết, nếu có\n"
    );
    out.push_str("results:\n");
    results_yaml(&mut out, first.lang(), units, catalogue);
    let next = next_period(period);
    let _ = write!(
        out,
        "\n# breakdowns: chia một tổng thành các phần (xem mục 9 của docs/content-format.md)\n\n\
         next:\n  period: {}\n  targets:                         # chỉ tiêu năm tới, ví dụ:\n  \
         # - indicator: jobs_created\n  #   value: 12500\n  tasks:                           # nhiệm vụ trọng tâm, ví dụ:",
        next.id()
    );
    for (i, (strings, _)) in languages.iter().enumerate() {
        let lead = if i == 0 { "# - " } else { "#   " };
        let example = strings.get("new_task_example");
        let _ = write!(out, "\n  {lead}{}: {example}", strings.lang());
    }
    out.push('\n');
    out
}

/// One empty entry per catalogue indicator, under comments naming its group.
fn results_yaml(out: &mut String, lang: Lang, units: &UnitsFile, catalogue: &CatalogueFile) {
    let group_name = |id: &Option<String>| {
        catalogue
            .groups
            .iter()
            .find(|g| Some(&g.id) == id.as_ref())
            .and_then(|g| in_language(&g.name, lang))
    };
    let mut last_group = None;
    for indicator in &catalogue.indicators {
        if last_group != Some(&indicator.group) {
            last_group = Some(&indicator.group);
            if let Some(name) = group_name(&indicator.group) {
                let _ = writeln!(out, "  # --- {name}");
            }
        }
        let unit = units
            .units
            .iter()
            .find(|u| u.id == indicator.unit)
            .and_then(|u| in_language(&u.label, lang))
            .unwrap_or(&indicator.unit);
        let name = in_language(&indicator.name, lang).unwrap_or(&indicator.id);
        let _ = writeln!(
            out,
            "  - indicator: {}\n    # {name} ({unit})\n    value:\n    target:",
            indicator.id
        );
    }
}

/// A narrative with the usual sections and guidance in comments, which are not published;
/// the words are the language's `new_*` UI strings.
fn narrative(strings: &Strings, period: Period, province: &str) -> String {
    let when = strings.period(period);
    let next = strings.period(next_period(period));
    let title = strings.fill("new_title", &[("province", province), ("period", &when)]);
    let mut out = format!(
        "---\ntitle: {}\n# summary: \"{}\"\n---\n\n<!-- {} -->\n",
        quoted(&title),
        strings.get("new_summary"),
        strings.get("new_guide")
    );
    let headings = [
        strings.get("new_highlights").to_string(),
        strings.get("new_difficulties").to_string(),
        strings.fill("new_next", &[("period", &next)]),
    ];
    for (heading, section) in
        headings
            .iter()
            .zip(["new_highlights", "new_difficulties", "new_next"])
    {
        let guide = strings.get(&format!("{section}_guide")).to_string();
        let _ = write!(out, "\n## {heading}\n\n<!-- {guide} -->\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_a_part_year_report_are_for_the_year() {
        assert_eq!(next_period(Period::ToQuarter(2017, 3)), Period::Year(2017));
        assert_eq!(next_period(Period::ToQuarter(2017, 4)), Period::Year(2018));
        assert_eq!(next_period(Period::Year(2023)), Period::Year(2024));
    }

    #[test]
    fn a_span_of_years_is_not_a_report_period() {
        let problem = report_period("2020-2023").unwrap_err();
        assert!(
            problem.message.to_string().contains("spans several years"),
            "{problem}"
        );
        assert_eq!(report_period("2024-Q3").unwrap().id(), "2024-q3");
    }
}
