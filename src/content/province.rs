//! `provinces/<slug>/province.yaml`: a province, and what became of it in 2025.

use super::fields::{Checked, Doc, Fields, Reported, date, unknown};
use crate::diagnostics::Problem;
use crate::messages::{Code, Message};
use crate::model::{Province, Text};
use crate::yaml::Node;

const PROVINCE_KEYS: &[&str] = &["name", "region", "valid_to", "successor", "absorbed"];

/// Checks the province in the folder `slug`; `slugs` are the folders that hold a province.yaml.
pub(super) fn province(doc: &Doc, slug: &str, root: &Node, slugs: &[&str]) -> Checked<Province> {
    let f = doc.fields(root, "", PROVINCE_KEYS)?;
    let folder = check_slug(doc, slug);
    let name = f.name("name");
    let region = f.text("region");
    let valid_to = f.optional::<String>("valid_to").and_then(|d| {
        d.map(|d| date(doc, f.node("valid_to").unwrap_or(root), &d))
            .transpose()
    });
    let successor = f.optional::<String>("successor");
    let merger = merger(doc, &f, slug, slugs);
    let absorbed: Vec<Checked<(Text, time::Date)>> = f
        .list("absorbed")?
        .into_iter()
        .map(|(node, path)| {
            let a = doc.fields(node, &path, &["name", "date"])?;
            let (name, day) = (a.name("name"), a.required::<String>("date"));
            let day = date(doc, a.node("date").unwrap_or(node), &day?);
            a.clean?;
            Ok((name?, day?))
        })
        .collect();
    let province = Province {
        slug: slug.to_string(),
        name: name?,
        region: region?,
        valid_to: valid_to?,
        successor: successor?,
        absorbed: absorbed.into_iter().collect::<Checked<_>>()?,
    };
    folder?;
    merger?;
    f.clean?;
    Ok(province)
}

fn check_slug(doc: &Doc, slug: &str) -> Checked<()> {
    if is_slug(slug) {
        return Ok(());
    }
    doc.push(
        Problem::error(doc.file, Message::new(Code::ProvinceSlug).arg("slug", slug))
            .hint(Message::new(Code::ProvinceSlugHint).arg("slug", crate::text::slugify(slug))),
    );
    Err(Reported)
}

/// `valid_to` and `successor` come together, and the successor is another province.
fn merger(doc: &Doc, f: &Fields, slug: &str, slugs: &[&str]) -> Checked<()> {
    match (f.node("valid_to"), f.node("successor")) {
        (Some(at), None) => {
            Err(doc.error(at, Code::ProvinceNoSuccessor, Code::ProvinceNoSuccessorHint))
        }
        (None, Some(at)) => Err(doc.error(
            at,
            Code::ProvinceSuccessorWithoutDate,
            Code::ProvinceSuccessorWithoutDateHint,
        )),
        (Some(_), Some(at)) => match at.raw() {
            Some(successor) if successor == slug => {
                Err(doc.error_alone(at, Code::ProvinceOwnSuccessor))
            }
            Some(successor) if !slugs.contains(&successor) => Err(unknown(
                doc,
                at,
                Code::NounProvince,
                successor,
                slugs.iter().copied(),
                Code::KnownProvinces,
            )),
            _ => Ok(()),
        },
        (None, None) => Ok(()),
    }
}

/// Usable in web addresses as it is: lowercase ASCII letters, digits and inner hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::super::fields::tests::{lines, tree, vi_en};
    use super::*;
    use std::path::Path;

    #[test]
    fn a_merged_province_names_its_successor_and_its_last_day() {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root =
            tree("name: {vi: Bến Tre, en: Ben Tre}\nvalid_to: 2025-06-30\nsuccessor: vinh-long\n");
        let province = province(&doc, "ben-tre", &root, &["ben-tre", "vinh-long"]).unwrap();
        assert_eq!(province.valid_to, Some(time::macros::date!(2025 - 06 - 30)));
        assert_eq!(province.successor.as_deref(), Some("vinh-long"));
        assert!(lines(doc).is_empty());
    }

    #[test]
    fn every_mistake_of_a_merger_is_reported() {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root = tree(
            "name: {vi: Bến Tre, en: Ben Tre}\nvalid_to: 30/6/2025\nsuccessor: vinh-lon\nabsorbed:\n  - name: {vi: Kiên Giang}\n    date: 2025-07-01\n",
        );
        assert!(province(&doc, "Ben Tre", &root, &["vinh-long"]).is_err());
        assert_eq!(
            lines(doc),
            [
                "error: the folder name `Ben Tre` cannot be used in web addresses",
                "2:11: error: `30/6/2025` is not a date",
                "3:12: error: there is no province `vinh-lon`",
                "5:12: warning: the English text is missing; English pages show the Vietnamese",
            ]
        );
    }
}
