//! Reading a positioned YAML tree field by field, reporting every mistake and
//! going on, so that one round of `baocao check` shows all of a file's problems.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;

use time::Date;

use super::schema::{Better, LocalText, PeriodInput, Qualifier, UnitKind};
use crate::diagnostics::{Problem, Problems};
use crate::messages::{Code, Message};
use crate::model::{Lang, Text};
use crate::text::closest;
use crate::yaml::{self, Entry, Kind, Node};

/// `Err` means the problem is already reported; the caller only skips what depends on it.
pub(super) type Checked<T> = Result<T, Reported>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reported;

/// One file being checked: its name in problems, the site's languages its texts are
/// written in, and the problems found so far.
pub(super) struct Doc<'a> {
    pub file: &'a Path,
    pub languages: Vec<Lang>,
    problems: RefCell<Problems>,
}

impl<'a> Doc<'a> {
    pub fn new(file: &'a Path, languages: &[Lang]) -> Self {
        Doc {
            file,
            languages: languages.to_vec(),
            problems: RefCell::default(),
        }
    }

    pub fn into_problems(self) -> Problems {
        self.problems.into_inner()
    }

    pub fn push(&self, problem: Problem) {
        self.problems.borrow_mut().push(problem);
    }

    /// Reports an error at `node`, with how to fix it, and returns the marker for it.
    pub fn error(
        &self,
        node: &Node,
        message: impl Into<Message>,
        hint: impl Into<Message>,
    ) -> Reported {
        self.push(
            Problem::error(self.file, message)
                .at(node.line, node.column)
                .hint(hint),
        );
        Reported
    }

    /// Reports an error at `node` whose message says all.
    pub fn error_alone(&self, node: &Node, message: impl Into<Message>) -> Reported {
        self.push(Problem::error(self.file, message).at(node.line, node.column));
        Reported
    }

    pub fn warning(&self, node: &Node, message: impl Into<Message>, hint: impl Into<Message>) {
        self.push(
            Problem::warning(self.file, message)
                .at(node.line, node.column)
                .hint(hint),
        );
    }

    /// Opens `node` as a mapping whose keys must be among `allowed`; reports every other key.
    pub fn fields<'n>(
        &'n self,
        node: &'n Node,
        path: &str,
        allowed: &[&str],
    ) -> Checked<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.push(node.wrong_shape(self.file, path, "a map"));
            return Err(Reported);
        };
        let mut seen = HashSet::new();
        let mut clean = true;
        for entry in entries {
            if !allowed.contains(&entry.key.as_str()) {
                self.push(yaml::unknown_key(self.file, entry, path, allowed));
                clean = false;
            } else if !seen.insert(entry.key.as_str()) {
                let message = Message::new(Code::YamlDuplicateKey).arg("key", &entry.key);
                let problem = Problem::error(self.file, message)
                    .at(entry.line, entry.column)
                    .hint(Code::YamlDuplicateKeyHint);
                self.push(problem);
                clean = false;
            }
        }
        Ok(Fields {
            doc: self,
            node,
            path: path.to_string(),
            clean: clean.then_some(()).ok_or(Reported),
        })
    }
}

/// A mapping being read key by key.
pub(super) struct Fields<'n> {
    doc: &'n Doc<'n>,
    pub node: &'n Node,
    path: String,
    /// `Err` when the mapping had a key it should not have.
    pub clean: Checked<()>,
}

impl<'n> Fields<'n> {
    /// The path of a key of this mapping, as problems name it: `results[0].value`.
    pub fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value of `key` in the mapping `node`, or `node` itself: where a problem with it points.
    pub fn value_of<'m>(node: &'m Node, key: &str) -> &'m Node {
        match &node.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|e| e.key == key)
                .map_or(node, |e| &e.value),
            _ => node,
        }
    }

    /// The value of `key`, unless it is missing or empty.
    pub fn node(&self, key: &str) -> Option<&'n Node> {
        let Kind::Map(entries) = &self.node.kind else {
            return None;
        };
        entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
            .filter(|n| !n.is_null())
    }

    pub fn optional<T: FromNode>(&self, key: &str) -> Checked<Option<T>> {
        self.node(key)
            .map(|node| T::read(self.doc, node, &self.path(key)))
            .transpose()
    }

    pub fn required<T: FromNode>(&self, key: &str) -> Checked<T> {
        T::read(self.doc, self.present(key)?, &self.path(key))
    }

    /// The value of `key`, or a problem saying it is missing.
    pub fn present(&self, key: &str) -> Checked<&'n Node> {
        self.node(key).ok_or_else(|| {
            let problem = yaml::missing_key(self.doc.file, self.node, &self.path, key);
            self.doc.push(problem);
            Reported
        })
    }

    pub fn or_default<T: FromNode + Default>(&self, key: &str) -> Checked<T> {
        Ok(self.optional(key)?.unwrap_or_default())
    }

    /// A required name in every language (see [`require_all`]).
    pub fn name(&self, key: &str) -> Checked<Text> {
        let local = self.required::<LocalText>(key)?;
        require_all(self.doc, self.node(key).unwrap_or(self.node), &local);
        Ok(text(self.doc, &local))
    }

    /// An optional text in each language.
    pub fn text(&self, key: &str) -> Checked<Text> {
        Ok(text(self.doc, &self.or_default::<LocalText>(key)?))
    }

    /// The items of the list at `key` with their paths; none when the key is missing.
    pub fn list(&self, key: &str) -> Checked<Vec<(&'n Node, String)>> {
        let Some(node) = self.node(key) else {
            return Ok(Vec::new());
        };
        let path = self.path(key);
        match &node.kind {
            Kind::List(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, item)| (item, item_path(&path, i, item)))
                .collect()),
            _ => {
                self.doc
                    .push(node.wrong_shape(self.doc.file, &path, "a sequence"));
                Err(Reported)
            }
        }
    }
}

/// The path of the `i`th item of the list at `path`, with the id the item names,
/// for messages: `results[6](poor_household_rate)` (see [`crate::messages::in_words`]).
fn item_path(path: &str, i: usize, item: &Node) -> String {
    let id = match &item.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|e| e.key == "indicator" || e.key == "id")
            .and_then(|e| e.value.raw()),
        _ => None,
    };
    match id {
        Some(id) if !id.is_empty() && !id.contains(['.', '[', ']', '(', ')']) => {
            format!("{path}[{i}]({id})")
        }
        _ => format!("{path}[{i}]"),
    }
}

/// A value that can be read from a node, with its problems reported.
pub(super) trait FromNode: Sized {
    fn read(doc: &Doc, node: &Node, path: &str) -> Checked<Self>;
}

/// Leaves whose reading serde derives.
macro_rules! read_with_serde {
    ($($t:ty),*) => {$(
        impl FromNode for $t {
            fn read(doc: &Doc, node: &Node, path: &str) -> Checked<Self> {
                node.deserialize(doc.file, path).map_err(|problem| {
                    doc.push(problem);
                    Reported
                })
            }
        }
    )*};
}
read_with_serde!(String, bool, f64, PeriodInput, Qualifier, UnitKind, Better);

impl<T: FromNode> FromNode for Vec<T> {
    fn read(doc: &Doc, node: &Node, path: &str) -> Checked<Self> {
        let Kind::List(items) = &node.kind else {
            doc.push(node.wrong_shape(doc.file, path, "a sequence"));
            return Err(Reported);
        };
        let read: Vec<Checked<T>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| T::read(doc, item, &item_path(path, i, item)))
            .collect();
        read.into_iter().collect()
    }
}

/// A text's keys are the site's languages: another code is an unknown key.
impl FromNode for LocalText {
    fn read(doc: &Doc, node: &Node, path: &str) -> Checked<Self> {
        let mut codes: Vec<&str> = doc.languages.iter().map(Lang::code).collect();
        let others = other_languages(doc, node, &codes);
        codes.extend(&others);
        let fields = doc.fields(node, path, &codes)?;
        if !others.is_empty() {
            return Err(Reported);
        }
        let texts: Vec<(String, Checked<Option<String>>)> = codes
            .iter()
            .map(|code| (code.to_string(), fields.optional(code)))
            .collect();
        fields.clean?;
        let mut local = LocalText::default();
        for (code, text) in texts {
            local.0.insert(code, text?);
        }
        Ok(local)
    }
}

/// The keys of a text that are languages the site does not have, each reported: an
/// `en:` left in a Vietnamese-only site says so rather than "unknown key".
fn other_languages<'n>(doc: &Doc, node: &'n Node, codes: &[&str]) -> Vec<&'n str> {
    let Kind::Map(entries) = &node.kind else {
        return Vec::new();
    };
    let others: Vec<&Entry> = entries
        .iter()
        .filter(|e| !codes.contains(&e.key.as_str()) && Lang::from_code(&e.key).is_some())
        // A near miss of a site language (`vn`) is a typo, reported as an unknown key.
        .filter(|e| codes.iter().all(|c| strsim::levenshtein(&e.key, c) > 1))
        .collect();
    for entry in &others {
        let problem = Problem::error(
            doc.file,
            Message::new(Code::TextNotASiteLanguage).arg("code", &entry.key),
        )
        .at(entry.line, entry.column)
        .hint(Message::new(Code::TextNotASiteLanguageHint).arg("languages", codes.join(", ")));
        doc.push(problem);
    }
    others.iter().map(|e| e.key.as_str()).collect()
}

/// The text of each language, trimmed, in the site's order; an empty one is missing.
pub(super) fn text(doc: &Doc, local: &LocalText) -> Text {
    Text::in_order(&doc.languages, |lang| {
        local
            .0
            .get(lang.code())
            .and_then(Option::as_deref)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    })
}

/// Names need every language: the first is required, another missing is a warning.
/// `at` is the node of the text, or the mapping that lacks it.
/// A missing first-language text does not stop the checks that use the name.
pub(super) fn require_all(doc: &Doc, at: &Node, value: &LocalText) {
    let t = text(doc, value);
    let Some((&first, others)) = doc.languages.split_first() else {
        return;
    };
    if t.get(first).is_none() {
        let message = Message::new(Code::TextMissing).lang("lang", first);
        doc.error(at, message, add_text(first));
        return;
    }
    for &lang in others.iter().filter(|&&l| t.get(l).is_none()) {
        let message = Message::new(Code::TextMissingFallback)
            .lang("lang", lang)
            .lang("first", first);
        doc.warning(at, message, add_text(lang));
    }
}

/// "add `en: ...`"
pub(super) fn add_text(lang: Lang) -> Message {
    Message::new(Code::TextAdd).arg("code", lang)
}

/// Checks an id: used once, and usable in web addresses. The entry stays usable
/// for references either way.
pub(super) fn check_id(doc: &Doc, at: &Node, id: &str, what: Code, seen: &mut HashSet<String>) {
    if !seen.insert(id.to_string()) {
        let hint = Message::new(Code::IdDuplicateHint).with("what", what);
        let message = Message::new(Code::IdDuplicate)
            .with("what", what)
            .arg("id", id);
        doc.error(at, message, hint);
    }
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        doc.error(
            at,
            Message::new(Code::IdNotUrlSafe)
                .with("what", what)
                .arg("id", id),
            Code::IdNotUrlSafeHint,
        );
    }
}

/// The `id` of a mapping as written, read without checks: to know which ids exist
/// even when their entry has mistakes.
pub(super) fn raw_id(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().find(|e| e.key == "id")?.value.raw(),
        _ => None,
    }
}

/// Reads every entry of a list: the valid ones, and the ids of the others, so that
/// references to an entry with mistakes are not reported a second time.
pub(super) fn entries<T>(
    items: Vec<(&Node, String)>,
    mut read: impl FnMut(&Node, &str) -> Checked<T>,
) -> (Vec<T>, HashSet<String>) {
    let mut valid = Vec::new();
    let mut broken = HashSet::new();
    for (node, path) in items {
        match read(node, &path) {
            Ok(value) => valid.push(value),
            Err(Reported) => broken.extend(raw_id(node).map(str::to_string)),
        }
    }
    (valid, broken)
}

/// Reports a reference to an id that does not exist, with the closest known one.
/// `what` names the kind of entry (a noun) and `where_` where the known ones are.
pub(super) fn unknown<'a>(
    doc: &Doc,
    at: &Node,
    what: Code,
    id: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    where_: Code,
) -> Reported {
    let hint = Message::suggesting(
        closest(id, known),
        Code::IdUnknownClose,
        Code::IdUnknownHint,
    )
    .with("known", where_);
    let message = Message::new(Code::IdUnknown)
        .with("what", what)
        .arg("id", id);
    doc.error(at, message, hint)
}

/// A date written year-month-day.
pub(super) fn date(doc: &Doc, at: &Node, value: &str) -> Checked<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value.trim(), &format).map_err(|_| {
        let hint = if value.contains('/') {
            Code::DateSlashesHint
        } else {
            Code::DateHint
        };
        doc.error(
            at,
            Message::new(Code::DateInvalid).arg("value", value),
            hint,
        )
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The languages of the bundled site, for files checked on their own.
    pub fn vi_en() -> Vec<Lang> {
        ["vi", "en"].map(|c| Lang::from_code(c).unwrap()).to_vec()
    }

    /// Parses `yaml` as the file `r.yaml`.
    pub fn tree(yaml: &str) -> Node {
        yaml::parse_tree(Path::new("r.yaml"), yaml).unwrap()
    }

    /// Every problem of `doc` as `check` prints its first line, without the file name.
    pub fn lines(doc: Doc) -> Vec<String> {
        doc.into_problems()
            .into_sorted()
            .iter()
            .map(|p| {
                let full = p.to_string();
                let first = full.lines().next().unwrap_or_default();
                first.trim_start_matches("r.yaml:").trim_start().to_string()
            })
            .collect()
    }

    #[test]
    fn every_unknown_key_of_a_mapping_is_reported() {
        let root = tree("vi: Bến Tre\nvn: x\nen: Ben Tre\nfr: y\n");
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        assert_eq!(LocalText::read(&doc, &root, "name"), Err(Reported));
        assert_eq!(
            lines(doc),
            [
                "2:1: error: unknown key `vn` in `name`",
                "4:1: error: `fr` is not one of the site's languages"
            ]
        );
    }

    #[test]
    fn a_text_in_a_language_the_site_does_not_have_says_so() {
        let root = tree("vi: Bến Tre\nen: Ben Tre\nvn: x\n");
        let vi = Lang::from_code("vi").unwrap();
        let doc = Doc::new(Path::new("r.yaml"), &[vi]);
        assert_eq!(LocalText::read(&doc, &root, "name"), Err(Reported));
        assert_eq!(
            lines(doc),
            [
                "2:1: error: `en` is not one of the site's languages",
                "3:1: error: unknown key `vn` in `name`"
            ]
        );
    }

    #[test]
    fn a_missing_required_key_is_reported_at_the_mapping() {
        let root = tree("source:\n  publisher: Báo\n");
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let fields = doc.fields(&root, "", &["source"]).unwrap();
        let source = fields.node("source").unwrap();
        let source = doc
            .fields(source, "source", &["title", "publisher"])
            .unwrap();
        assert_eq!(source.required::<String>("title"), Err(Reported));
        assert_eq!(
            lines(doc),
            ["2:3: error: the required key `title` is missing in `source`"]
        );
    }

    #[test]
    fn an_empty_value_is_the_same_as_no_value() {
        let root = tree("value:\ntarget: ~\n");
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let fields = doc.fields(&root, "", &["value", "target"]).unwrap();
        assert_eq!(fields.optional::<f64>("value"), Ok(None));
        assert_eq!(fields.optional::<f64>("target"), Ok(None));
    }

    #[test]
    fn a_date_must_be_year_month_day() {
        let doc = Doc::new(Path::new("r.yaml"), &vi_en());
        let root = tree("published: 15/1/2021\n");
        assert_eq!(
            date(&doc, &root, "2021-01-15"),
            Ok(time::macros::date!(2021 - 01 - 15))
        );
        assert!(date(&doc, &root, "15/1/2021").is_err());
        let problems = doc.into_problems().into_sorted();
        assert_eq!(problems[0].message, "`15/1/2021` is not a date");
        assert_eq!(
            problems[0]
                .hint
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("write the date as year-month-day: 24/3/2024 becomes 2024-03-24")
        );
    }
}
