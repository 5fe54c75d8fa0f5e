//! Content as editors write it, for serde: the settings and catalogue files whole
//! (as `baocao new` and `serve` read them), and the values the loader reads one by
//! one from its positioned tree (numbers, periods, the enums).
//!
//! Numbers are read as [`NumberInput`] so that `"72,66"` reaches validation (and
//! gets a hint) instead of failing inside serde with a type error.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

pub use crate::model::{Better, Qualifier, UnitKind};

/// A text by language code; any may be missing (validation decides if that is allowed,
/// and which codes are the site's languages).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct LocalText(pub BTreeMap<String, Option<String>>);

/// `content/site.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: LocalText,
    #[serde(default)]
    pub description: LocalText,
    /// Where the site is published, e.g. `https://example.vn/bao-cao/`. Default `/`.
    pub base_url: Option<String>,
    /// The languages, first is the default: `[vi, en]` when left out.
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub publisher: LocalText,
    pub licence: Option<LicenceEntry>,
    /// Indicators shown side by side on the home page, in this order.
    #[serde(default)]
    pub headline_indicators: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceEntry {
    pub name: String,
    pub url: Option<String>,
}

/// `content/units.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsFile {
    pub units: Vec<UnitEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    pub id: String,
    /// Written after a number: `13.989 người`, `13,989 persons`.
    pub label: LocalText,
    /// Attached to a number without a space instead of the label: `%`.
    pub symbol: Option<String>,
    pub kind: UnitKind,
    /// For money: how many đồng one unit is (`1000000000` for billion VND).
    pub scale: Option<f64>,
}

/// `content/indicators.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    #[serde(default)]
    pub groups: Vec<GroupEntry>,
    pub indicators: Vec<IndicatorEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEntry {
    pub id: String,
    pub name: LocalText,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub id: String,
    pub name: LocalText,
    /// A shorter name for chart labels.
    #[serde(default)]
    pub short: LocalText,
    pub unit: String,
    pub better: Better,
    pub group: Option<String>,
    #[serde(default)]
    pub definition: LocalText,
    /// The indicator this one is a part of (`drug_rehab_voluntary` of `drug_rehab_total`).
    pub part_of: Option<String>,
}

/// `content/provinces/<slug>/province.yaml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFile {
    pub name: LocalText,
    #[serde(default)]
    pub region: LocalText,
    /// The last day the province existed as a separate unit (`2025-06-30`).
    pub valid_to: Option<String>,
    /// The slug of the province it is part of now; required with `valid_to`.
    pub successor: Option<String>,
    /// Former provinces without pages on this site that were merged into this one.
    #[serde(default)]
    pub absorbed: Vec<AbsorbedEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsorbedEntry {
    pub name: LocalText,
    /// The day the merger took effect (`2025-07-01`).
    pub date: String,
}

/// A number as written: YAML numbers arrive as `Number`, anything else as `Text`
/// (checked later with a hint: `72,66` has a decimal comma).
#[derive(Debug, Clone, PartialEq)]
pub enum NumberInput {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for NumberInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = NumberInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberInput, E> {
                Ok(NumberInput::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberInput, E> {
                Ok(NumberInput::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberInput, E> {
                Ok(NumberInput::Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberInput, E> {
                Ok(NumberInput::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<NumberInput, E> {
                Ok(NumberInput::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// A period as written: `2023` (a number in YAML) or `2017-q3` (text).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodInput(pub String);

impl<'de> Deserialize<'de> for PeriodInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeriodVisitor;
        impl Visitor<'_> for PeriodVisitor {
            type Value = PeriodInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a period such as 2023 or 2017-q3")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PeriodInput, E> {
                Ok(PeriodInput(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PeriodInput, E> {
                Ok(PeriodInput(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PeriodInput, E> {
                Ok(PeriodInput(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PeriodInput, E> {
                Ok(PeriodInput(v.to_string()))
            }
        }
        deserializer.deserialize_any(PeriodVisitor)
    }
}
