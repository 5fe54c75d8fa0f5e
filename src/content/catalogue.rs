//! site.yaml, units.yaml and indicators.yaml: the settings and the ids reports refer to.

use std::collections::HashSet;

use super::fields::{Checked, Doc, Fields, Reported, check_id, entries, raw_id, unknown};
use crate::messages::{Code, Message};
use crate::model::*;
use crate::yaml::{Kind, Node};

/// The units and indicators known, to check references against.
#[derive(Debug, Default)]
pub(super) struct Catalogue {
    pub units: Vec<Unit>,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    /// Ids of entries with mistakes, already reported: a reference to one is not reported again.
    pub broken_units: HashSet<String>,
    pub broken_indicators: HashSet<String>,
}

impl Catalogue {
    /// The unit `id`, or a problem at `at` naming the closest one, or the unit whose
    /// label it spells (`ty-dong` is `billion-vnd`, labelled "tỷ đồng").
    pub fn unit(&self, doc: &Doc, at: &Node, id: &str) -> Checked<&Unit> {
        let spelt = self.units.iter().find(|u| {
            u.label
                .all()
                .any(|label| crate::text::slugify(label) == crate::text::slugify(id))
        });
        let known = spelt.map_or_else(
            || self.units.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
            |u| vec![u.id.as_str()],
        );
        find(id, &self.units, &self.broken_units, |u| &u.id).map_err(|missing| {
            match (missing, spelt) {
                (Missing::Unknown, Some(unit)) => doc.error(
                    at,
                    Message::new(Code::UnitWrittenInWords).arg("id", id),
                    Message::new(Code::UnitWrittenInWordsHint).arg("unit", &unit.id),
                ),
                (missing, _) => missing.report(
                    doc,
                    at,
                    (Code::NounUnit, id),
                    known.into_iter(),
                    Code::KnownUnits,
                ),
            }
        })
    }

    /// The indicator `id`, or a problem at `at` naming the closest one.
    pub fn indicator(&self, doc: &Doc, at: &Node, id: &str) -> Checked<&Indicator> {
        let known = self.indicators.iter().map(|i| i.id.as_str());
        find(id, &self.indicators, &self.broken_indicators, |i| &i.id).map_err(|missing| {
            let what = (Code::NounIndicator, id);
            missing.report(doc, at, what, known, Code::KnownIndicators)
        })
    }
}

/// Why a reference found nothing.
enum Missing {
    /// Its entry has mistakes, reported where they are.
    Broken,
    Unknown,
}

impl Missing {
    fn report<'a>(
        self,
        doc: &Doc,
        at: &Node,
        (what, id): (Code, &str),
        known: impl Iterator<Item = &'a str> + Clone,
        where_: Code,
    ) -> Reported {
        match self {
            Missing::Broken => Reported,
            Missing::Unknown => unknown(doc, at, what, id, known, where_),
        }
    }
}

fn find<'c, T>(
    id: &str,
    valid: &'c [T],
    broken: &HashSet<String>,
    key: impl Fn(&T) -> &String,
) -> Result<&'c T, Missing> {
    match valid.iter().find(|v| key(v) == id) {
        Some(found) => Ok(found),
        None if broken.contains(id) => Err(Missing::Broken),
        None => Err(Missing::Unknown),
    }
}

const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "languages",
    "publisher",
    "licence",
    "headline_indicators",
];

/// `site.yaml`.
pub(super) fn site_config(doc: &Doc, root: &Node, cat: &Catalogue) -> Checked<SiteConfig> {
    let f = doc.fields(root, "", SITE_KEYS)?;
    let title = f.name("title");
    let base_url = f.optional::<String>("base_url").and_then(|url| match url {
        None => Ok("/".to_string()),
        Some(url) => normalise_base_url(&url).map_err(|message| {
            doc.error(
                f.node("base_url").unwrap_or(root),
                message,
                Code::BaseUrlHint,
            )
        }),
    });
    let headline_indicators = headline_indicators(doc, &f, cat);
    let (description, publisher, licence) =
        (f.text("description"), f.text("publisher"), licence(doc, &f));
    let config = SiteConfig {
        // Read first, by [`site_languages`], since every text depends on them.
        languages: doc.languages.clone(),
        title: title?,
        description: description?,
        base_url: base_url?,
        publisher: publisher?,
        licence: licence?,
        headline_indicators: headline_indicators?,
    };
    f.clean?;
    Ok(config)
}

/// The languages of a site that does not list them: Vietnamese, then English.
pub(super) fn default_languages() -> Vec<Lang> {
    ["vi", "en"]
        .map(|c| Lang::from_code(c).expect("a language code"))
        .to_vec()
}

/// The site's languages from `site.yaml`, the default first: `[vi, en]` when the key is
/// left out. Each item must be a lowercase ISO 639 code, listed once.
pub(super) fn site_languages(doc: &Doc, root: &Node) -> Vec<Lang> {
    let default = default_languages;
    let Kind::Map(entries) = &root.kind else {
        return default(); // reported with the rest of site.yaml
    };
    let Some(entry) = entries.iter().find(|e| e.key == "languages") else {
        return default();
    };
    let Kind::List(items) = &entry.value.kind else {
        doc.error(
            &entry.value,
            Code::LanguagesNotAList,
            Code::LanguagesNotAListHint,
        );
        return default();
    };
    let mut languages = Vec::new();
    for item in items {
        let code = item.raw().unwrap_or_default();
        match Lang::from_code(code) {
            Some(lang) if languages.contains(&lang) => {
                let message = Message::new(Code::LanguagesTwice).arg("code", code);
                doc.error(item, message, Code::LanguagesTwiceHint);
            }
            Some(lang) => languages.push(lang),
            None => {
                let message = Message::new(Code::LanguagesNotACode).arg("code", code);
                doc.error(item, message, Code::LanguagesNotACodeHint);
            }
        }
    }
    if languages.is_empty() {
        doc.error(&entry.value, Code::LanguagesNone, Code::LanguagesNoneHint);
        return default();
    }
    languages
}

fn headline_indicators(doc: &Doc, f: &Fields, cat: &Catalogue) -> Checked<Vec<String>> {
    let ids = f.or_default::<Vec<String>>("headline_indicators")?;
    let nodes = f.list("headline_indicators")?;
    let checked: Vec<Checked<&Indicator>> = ids
        .iter()
        .zip(&nodes)
        .map(|(id, (at, _))| cat.indicator(doc, at, id))
        .collect();
    checked.into_iter().collect::<Checked<Vec<_>>>()?;
    Ok(ids)
}

fn licence(doc: &Doc, f: &Fields) -> Checked<Option<Licence>> {
    let Some(node) = f.node("licence") else {
        return Ok(None);
    };
    let l = doc.fields(node, "licence", &["name", "url"])?;
    let (name, url) = (l.required::<String>("name"), l.optional::<String>("url"));
    l.clean?;
    Ok(Some(Licence {
        name: name?,
        url: url?,
    }))
}

/// `units.yaml`: the valid units, and the ids of those with mistakes.
pub(super) fn units(doc: &Doc, root: &Node) -> (Vec<Unit>, HashSet<String>) {
    let Ok(f) = doc.fields(root, "", &["units"]) else {
        return Default::default();
    };
    let Ok(items) = f.present("units").and_then(|_| f.list("units")) else {
        return Default::default();
    };
    let mut seen = HashSet::new();
    entries(items, |node, path| unit(doc, node, path, &mut seen))
}

fn unit(doc: &Doc, node: &Node, path: &str, seen: &mut HashSet<String>) -> Checked<Unit> {
    let f = doc.fields(node, path, &["id", "label", "symbol", "kind", "scale"])?;
    let id = f.required::<String>("id");
    if let Ok(id) = &id {
        check_id(doc, f.node("id").unwrap_or(node), id, Code::NounUnit, seen);
    }
    let (label, symbol, kind, scale) = (
        f.name("label"),
        f.optional("symbol"),
        f.required("kind"),
        f.optional("scale"),
    );
    let unit = Unit {
        id: id?,
        label: label?,
        symbol: symbol?,
        kind: kind?,
        scale: scale?,
    };
    f.clean?;
    Ok(unit)
}

/// `indicators.yaml`: the groups, then the indicators, whose units must be known.
pub(super) fn indicators(doc: &Doc, root: &Node, cat: &mut Catalogue) {
    let Ok(f) = doc.fields(root, "", &["groups", "indicators"]) else {
        return;
    };
    let mut seen = HashSet::new();
    let (groups, broken_groups) = entries(f.list("groups").unwrap_or_default(), |node, path| {
        let g = doc.fields(node, path, &["id", "name"])?;
        let (id, name) = (g.required::<String>("id"), g.name("name"));
        if let Ok(id) = &id {
            check_id(
                doc,
                g.node("id").unwrap_or(node),
                id,
                Code::NounGroup,
                &mut seen,
            );
        }
        let group = Group {
            id: id?,
            name: name?,
        };
        g.clean?;
        Ok(group)
    });
    let Ok(items) = f.present("indicators").and_then(|_| f.list("indicators")) else {
        return;
    };
    let ids: Vec<&str> = items.iter().filter_map(|(node, _)| raw_id(node)).collect();
    let context = IndicatorContext {
        cat,
        groups: &groups,
        broken_groups: &broken_groups,
        ids: &ids,
    };
    let mut seen = HashSet::new();
    let (indicators, broken) = entries(items.clone(), |node, path| {
        indicator(doc, node, path, &context, &mut seen)
    });
    cat.groups = groups;
    cat.indicators = indicators;
    cat.broken_indicators = broken;
}

/// What an indicator entry may refer to.
struct IndicatorContext<'a> {
    cat: &'a Catalogue,
    groups: &'a [Group],
    broken_groups: &'a HashSet<String>,
    ids: &'a [&'a str],
}

const INDICATOR_KEYS: &[&str] = &[
    "id",
    "name",
    "short",
    "unit",
    "better",
    "group",
    "definition",
    "part_of",
];

fn indicator(
    doc: &Doc,
    node: &Node,
    path: &str,
    context: &IndicatorContext,
    seen: &mut HashSet<String>,
) -> Checked<Indicator> {
    let f = doc.fields(node, path, INDICATOR_KEYS)?;
    let id = f.required::<String>("id");
    if let Ok(id) = &id {
        check_id(
            doc,
            f.node("id").unwrap_or(node),
            id,
            Code::NounIndicator,
            seen,
        );
    }
    let name = f.name("name");
    let unit = f.required::<String>("unit").and_then(|unit| {
        context
            .cat
            .unit(doc, f.node("unit").unwrap_or(node), &unit)?;
        Ok(unit)
    });
    let group = f.optional::<String>("group").and_then(|group| match group {
        Some(g) if !context.groups.iter().any(|known| known.id == g) => {
            if context.broken_groups.contains(&g) {
                return Err(Reported);
            }
            let known = context.groups.iter().map(|g| g.id.as_str());
            let at = f.node("group").unwrap_or(node);
            Err(unknown(
                doc,
                at,
                Code::NounGroup,
                &g,
                known,
                Code::KnownGroups,
            ))
        }
        group => Ok(group),
    });
    let part_of = f
        .optional::<String>("part_of")
        .and_then(|parent| match (parent, &id) {
            (Some(p), Ok(id)) if !context.ids.contains(&p.as_str()) || &p == id => {
                let known = context.ids.iter().copied();
                let at = f.node("part_of").unwrap_or(node);
                let (what, known_in) = (Code::NounIndicator, Code::KnownCatalogue);
                Err(unknown(doc, at, what, &p, known, known_in))
            }
            (parent, _) => Ok(parent),
        });
    let (short, better, definition) = (f.text("short"), f.required("better"), f.text("definition"));
    let indicator = Indicator {
        id: id?,
        name: name?,
        short: short?,
        unit: unit?,
        better: better?,
        group: group?,
        definition: definition?,
        part_of: part_of?,
    };
    f.clean?;
    Ok(indicator)
}

/// A base URL ending with `/`, or why it cannot be one.
pub(crate) fn normalise_base_url(url: &str) -> Result<String, Message> {
    let url = url.trim();
    let ok_scheme =
        url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
    if !ok_scheme || url.contains(char::is_whitespace) {
        return Err(Message::new(Code::BaseUrlInvalid).arg("url", url));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::super::fields::tests::{lines, tree, vi_en};
    use super::*;
    use std::path::Path;

    const UNITS: &str =
        "units:\n  - id: persons\n    label: {vi: người, en: persons}\n    kind: count\n";

    #[test]
    fn a_unit_needs_a_known_kind_and_every_mistake_is_reported() {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root = tree(
            "units:\n  - id: persons\n    label: {vi: người}\n    kind: people\n  - id: Per Cent\n    label: {vi: phần trăm, en: per cent}\n    kind: percent\n",
        );
        let (valid, broken) = units(&doc, &root);
        // An id that cannot be used in addresses is reported, and the unit stays known.
        assert_eq!(
            valid.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
            ["Per Cent"]
        );
        assert_eq!(broken, HashSet::from(["persons".to_string()]));
        assert_eq!(
            lines(doc),
            [
                "3:13: warning: the English text is missing; English pages show the Vietnamese",
                "4:11: error: `kind` of the 1st unit (`persons`) cannot be `people`",
                "5:9: error: the unit id `Per Cent` has characters that cannot be used in web addresses",
            ]
        );
    }

    #[test]
    fn an_indicator_must_use_a_known_unit_group_and_parent() {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let mut cat = Catalogue::default();
        (cat.units, _) = units(&doc, &tree(UNITS));
        let root = tree(
            "groups:\n  - id: jobs\n    name: {vi: Việc làm, en: Jobs}\nindicators:\n  - id: jobs_created\n    name: {vi: Việc làm mới, en: New jobs}\n    unit: person\n    better: higher\n    group: job\n    part_of: job_created\n",
        );
        indicators(&doc, &root, &mut cat);
        assert!(cat.indicators.is_empty());
        assert!(cat.broken_indicators.contains("jobs_created"));
        assert_eq!(
            lines(doc),
            [
                "7:11: error: there is no unit `person`",
                "9:12: error: there is no group `job`",
                "10:14: error: there is no indicator `job_created`",
            ]
        );
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_must_be_an_address() {
        assert_eq!(normalise_base_url("/bao-cao").as_deref(), Ok("/bao-cao/"));
        assert_eq!(
            normalise_base_url("bao cao"),
            Err(Message::new(Code::BaseUrlInvalid).arg("url", "bao cao"))
        );
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root = tree(
            "title: {vi: Báo cáo, en: Reports}\nbase_url: /bao-cao\nheadline_indicators: [jobs]\n",
        );
        assert!(site_config(&doc, &root, &Catalogue::default()).is_err());
        assert_eq!(lines(doc), ["3:23: error: there is no indicator `jobs`"]);
    }
}
