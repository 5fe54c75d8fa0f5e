//! All YAML handling lives here.
//!
//! Two crates, each for what it does best (docs/yaml.md says more):
//! - yaml-rust2 parses a content file once, through its marked events, into a
//!   [`Node`] tree: every value with its line, column and text exactly as written.
//!   The loader walks that tree, so it can check every field and point at it.
//!   Raw text matters: `13.989` and `13.98900` are the same float, but only the
//!   first is a Vietnamese-formatted thirteen thousand.
//! - serde_yaml turns values into typed Rust: a leaf of the tree into a derived
//!   enum or a number ([`Node::deserialize`]), and whole files whose shape serde
//!   checks alone (theme strings, the files `baocao new` reads) through [`parse`].

use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Problem;
use crate::messages::{Code, Message};

mod syntax;

/// A value of a YAML document and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based line and column where the value starts.
    pub line: usize,
    pub column: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar as written, after unquoting. Only a plain one can be a number, a
    /// boolean or null: `2023` is a number, `"2023"` a text.
    Scalar {
        text: String,
        plain: bool,
    },
    List(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// 1-based line and column of the key.
    pub line: usize,
    pub column: usize,
    pub value: Node,
}

impl Node {
    /// Where the value of `key` is written in this mapping; the mapping's own place
    /// when the key is not in it.
    pub fn position_of(&self, key: &str) -> (usize, usize) {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
        .map_or((self.line, self.column), |e| (e.value.line, e.value.column))
    }

    /// The scalar's text as written, if this is a scalar.
    pub fn raw(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// An empty value (`key:`), `~` or `null`: the same as leaving the key out.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null"))
    }

    /// Reads this value as `T` with serde. `path` (`results[2].qualifier`) and the
    /// node's position go into the problem, worded as for a whole file.
    pub fn deserialize<T: DeserializeOwned>(&self, file: &Path, path: &str) -> Result<T, Problem> {
        serde_yaml::from_value(self.to_value()).map_err(|err| {
            let full = err.to_string();
            let (inner, message) = split_path(&full);
            let path = match (path, inner) {
                (path, "") => path.to_string(),
                ("", inner) => inner.to_string(),
                (path, inner) => format!("{path}.{inner}"),
            };
            let (message, hint) = explain_serde_message(&path, message);
            located(file, self, message, hint)
        })
    }

    /// A problem for a value of the wrong shape: `results` must be a list, not a text.
    /// `expected` is serde's word for what it should be (`a map`, `a sequence`, `a number`).
    pub fn wrong_shape(&self, file: &Path, path: &str, expected: &str) -> Problem {
        let found = match &self.kind {
            Kind::List(_) => Message::new(Code::TypeList),
            Kind::Map(_) => Message::new(Code::TypeMap),
            Kind::Scalar { .. } if self.is_null() => Message::new(Code::TypeNothing),
            Kind::Scalar { text, .. } => {
                Message::new(Code::TypeText).arg("text", format!("{text:?}"))
            }
        };
        let (message, hint) = wrong_type(path, found, expected);
        located(file, self, message, Some(hint))
    }

    /// The value as serde_yaml's own, with plain scalars typed by YAML's core schema.
    fn to_value(&self) -> serde_yaml::Value {
        use serde_yaml::Value;
        match &self.kind {
            Kind::Scalar { text, plain: false } => Value::String(text.clone()),
            Kind::Scalar { text, plain: true } => match yaml_rust2::Yaml::from_str(text) {
                yaml_rust2::Yaml::Null => Value::Null,
                yaml_rust2::Yaml::Boolean(b) => Value::Bool(b),
                yaml_rust2::Yaml::Integer(i) => Value::Number(i.into()),
                real @ yaml_rust2::Yaml::Real(_) => real
                    .as_f64()
                    .map_or_else(|| Value::String(text.clone()), |f| Value::Number(f.into())),
                _ => Value::String(text.clone()),
            },
            Kind::List(items) => Value::Sequence(items.iter().map(Node::to_value).collect()),
            Kind::Map(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|e| (Value::String(e.key.clone()), e.value.to_value()))
                    .collect(),
            ),
        }
    }

    fn shift_lines(&mut self, by: usize) {
        self.line += by;
        match &mut self.kind {
            Kind::Scalar { .. } => {}
            Kind::List(items) => items.iter_mut().for_each(|n| n.shift_lines(by)),
            Kind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.line += by;
                e.value.shift_lines(by);
            }),
        }
    }
}

/// A problem at `node`.
fn located(file: &Path, node: &Node, message: Message, hint: Option<Message>) -> Problem {
    Problem::error(file, message)
        .at(node.line, node.column)
        .maybe_hint(hint)
}

/// The problem for a key that is not allowed in a mapping, with the closest allowed one.
pub fn unknown_key(file: &Path, entry: &Entry, place: &str, allowed: &[&str]) -> Problem {
    let (message, hint) = unknown_key_message(&entry.key, place, allowed);
    Problem::error(file, message)
        .at(entry.line, entry.column)
        .maybe_hint(hint)
}

/// "unknown key `valeu` in the 1st figure", and the keys allowed there.
fn unknown_key_message(key: &str, place: &str, allowed: &[&str]) -> (Message, Option<Message>) {
    let message = match place {
        "" => Message::new(Code::YamlUnknownKey).arg("key", key),
        place => Message::new(Code::YamlUnknownKeyIn)
            .arg("key", key)
            .path("place", place),
    };
    let closest = crate::text::closest(key, allowed.iter().copied());
    let hint = Message::suggesting(closest, Code::YamlAllowedKeysClose, Code::YamlAllowedKeys)
        .arg("allowed", allowed.join(", "));
    (message, (!allowed.is_empty()).then_some(hint))
}

/// The problem for a required key that a mapping lacks, at the mapping.
pub fn missing_key(file: &Path, map: &Node, place: &str, key: &str) -> Problem {
    let (message, hint) = missing_key_message(key, place);
    located(file, map, message, Some(hint))
}

fn missing_key_message(key: &str, place: &str) -> (Message, Message) {
    let message = match place {
        "" => Message::new(Code::YamlMissingKey).arg("key", key),
        place => Message::new(Code::YamlMissingKeyIn)
            .arg("key", key)
            .path("place", place),
    };
    (
        message,
        Message::new(Code::YamlMissingKeyHint).arg("key", key),
    )
}

/// A typed document, for files whose whole shape serde checks.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: T,
}

/// Parses `text` (already normalised) as `T` with serde_yaml. `file` names the file in problems.
/// These files are small and few (theme strings, what `baocao new` reads): yaml-rust2
/// checks their syntax first, so a syntax error reads as in content files.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<Parsed<T>, Problem> {
    parse_tree(file, text)?;
    let value = serde_yaml::from_str::<T>(if text.trim().is_empty() { "{}" } else { text })
        .map_err(|err| serde_problem(file, &err))?;
    Ok(Parsed { value })
}

/// Parses `text` (already normalised) into a tree of positioned values; an empty
/// document is an empty mapping. A syntax error is reported with its position.
pub fn parse_tree(file: &Path, text: &str) -> Result<Node, Problem> {
    let mut builder = TreeBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|err| syntax_problem(file, text, &err))?;
    Ok(builder.root.unwrap_or(Node {
        line: 1,
        column: 1,
        kind: Kind::Map(Vec::new()),
    }))
}

fn syntax_problem(file: &Path, text: &str, err: &yaml_rust2::ScanError) -> Problem {
    let mark = err.marker();
    // A tab is reported where the scanner stopped; point at the tab itself.
    match err
        .info()
        .contains("tab")
        .then(|| first_tab(text, mark.line()))
        .flatten()
    {
        Some((line, column)) => Problem::error(file, Code::YamlTab)
            .at(line, column)
            .hint(Code::YamlTabHint),
        None => match syntax::explain(text, mark.line(), err.info()) {
            Some(e) => Problem::error(file, e.message)
                .at(e.line, e.column)
                .hint(e.hint),
            None => Problem::error(
                file,
                Message::new(Code::YamlSyntax).arg("detail", err.info()),
            )
            .at(mark.line(), mark.col() + 1)
            .hint(Code::YamlSyntaxHint),
        },
    }
}

/// The first tab in the indentation of a line from `from_line` (1-based) on, as (line, column).
fn first_tab(text: &str, from_line: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            line[..indent].find('\t').map(|col| (i + 1, col + 1))
        })
}

/// Splits a Markdown file into its front matter, YAML between two `---` lines at
/// the top (as a tree with the file's own line numbers, `None` when there is
/// none), and its body.
pub fn front_matter<'a>(file: &Path, text: &'a str) -> Result<(Option<Node>, &'a str), Problem> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((None, text));
    };
    let end = rest
        .find("\n---\n")
        .map(|i| (i, i + 5))
        .or_else(|| rest.strip_suffix("\n---").map(|r| (r.len(), rest.len())))
        .ok_or_else(|| {
            Problem::error(file, Code::FrontMatterUnclosed)
                .at(1, 1)
                .hint(Code::FrontMatterUnclosedHint)
        })?;
    let mut tree = parse_tree(file, &rest[..end.0]).map_err(|mut p| {
        if p.line > 0 {
            p.line += 1;
        }
        p
    })?;
    tree.shift_lines(1);
    Ok((Some(tree), &rest[end.1..]))
}

fn serde_problem(file: &Path, err: &serde_yaml::Error) -> Problem {
    let full = err.to_string();
    let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    let (path, message) = split_path(message);
    let (message, hint) = explain_serde_message(path, message);
    Problem::error(file, message)
        .at(line, column)
        .maybe_hint(hint)
}

/// serde's `results[2].estimate: invalid type…` as the path and the rest.
fn split_path(message: &str) -> (&str, &str) {
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path, rest),
        _ => ("", message),
    }
}

/// Rewrites serde's message about the value at `path` into a message in an editor's
/// words, with a hint where one helps.
fn explain_serde_message(path: &str, message: &str) -> (Message, Option<Message>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return unknown_key_message(field, path, &allowed);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let (message, hint) = missing_key_message(field, path);
        return (message, Some(hint));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let (message, hint) = wrong_type(path, serde_found(found), expected);
        return (message, Some(hint));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        return unknown_value(path, value, expected);
    }
    let detail = match path {
        "" => message.to_string(),
        path => format!("{path}: {message}"),
    };
    (Message::new(Code::YamlInvalid).arg("detail", detail), None)
}

/// `qualifier: roughly` where `nearly`, `over`… are allowed, in plain words, with the
/// closest allowed value.
fn unknown_value(path: &str, value: &str, expected: &str) -> (Message, Option<Message>) {
    let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let list = allowed.join(", ");
    let closest = crate::text::closest(value, allowed.iter().copied());
    let hint = Message::suggesting(
        closest,
        Code::YamlAllowedValuesClose,
        Code::YamlAllowedValues,
    )
    .arg("allowed", list);
    let message = Message::new(Code::YamlUnknownValue)
        .path("subject", path)
        .arg("value", value);
    (message, Some(hint))
}

/// What serde found, in words: `string "yes"` is the text "yes".
fn serde_found(found: &str) -> Message {
    match found {
        "unit value" => Message::new(Code::TypeNothing),
        "sequence" => Message::new(Code::TypeList),
        "map" => Message::new(Code::TypeMap),
        other => match other.split_once(' ') {
            Some(("string", text)) => Message::new(Code::TypeText).arg("text", text),
            Some(("integer" | "floating", number)) => {
                Message::new(Code::TypeNumber).arg("number", number.trim_matches('`'))
            }
            Some(("boolean", value)) => {
                Message::new(Code::Verbatim).arg("text", value.trim_matches('`'))
            }
            _ => Message::new(Code::Verbatim).arg("text", other),
        },
    }
}

/// "`estimate` of the 3rd figure must be true or false, not the text "yes"", and how
/// to write what it must be. `expected` is serde's word for it.
fn wrong_type(path: &str, found: Message, expected: &str) -> (Message, Message) {
    let (wanted, hint) = if expected.contains("boolean") {
        (Code::TypeTrueFalse.into(), Code::YamlWrongTypeBool)
    } else if expected.contains("sequence") {
        (Code::TypeList.into(), Code::YamlWrongTypeList)
    } else if expected.starts_with("struct") || expected.contains("map") {
        (Code::TypeMap.into(), Code::YamlWrongTypeMap)
    } else if expected.contains("string") {
        (Code::TypeAText.into(), Code::YamlWrongTypeText)
    } else if expected.contains("number")
        || expected.contains("integer")
        || expected.contains("float")
        || matches!(
            expected,
            "f64" | "f32" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64"
        )
    {
        (Code::TypeANumber.into(), Code::YamlWrongTypeOther)
    } else {
        (
            Message::new(Code::Verbatim).arg("text", expected),
            Code::YamlWrongTypeOther,
        )
    };
    let message = Message::new(Code::YamlWrongType)
        .path("subject", path)
        .with("wanted", wanted)
        .with("found", found);
    (message, hint.into())
}

/// Builds the [`Node`] tree from yaml-rust2's marked events.
#[derive(Default)]
struct TreeBuilder {
    root: Option<Node>,
    /// Open collections, innermost last.
    stack: Vec<Open>,
    /// Anchored values, by anchor id, for aliases.
    anchors: Vec<(usize, Node)>,
}

struct Open {
    node: Node,
    anchor: usize,
    /// In a mapping: the key waiting for its value, with its line and column.
    key: Option<(String, usize, usize)>,
}

impl TreeBuilder {
    fn add(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, node.clone()));
        }
        let Some(open) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut open.node.kind {
            Kind::List(items) => items.push(node),
            Kind::Map(entries) => match open.key.take() {
                Some((key, line, column)) => entries.push(Entry {
                    key,
                    line,
                    column,
                    value: node,
                }),
                None => {
                    // A key: a scalar's text, or a placeholder for a collection used as a key.
                    let key = node.raw().unwrap_or("?").to_string();
                    // A block mapping starts where its first key does.
                    if entries.is_empty() {
                        (open.node.line, open.node.column) = (node.line, node.column);
                    }
                    open.key = Some((key, node.line, node.column));
                }
            },
            Kind::Scalar { .. } => {}
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = |kind| Node {
            line: mark.line(),
            column: mark.col() + 1,
            kind,
        };
        match event {
            Event::Scalar(text, style, anchor, _) => {
                let plain = style == TScalarStyle::Plain;
                self.add(at(Kind::Scalar { text, plain }), anchor);
            }
            Event::Alias(id) => {
                let aliased = self.anchors.iter().rev().find(|(a, _)| *a == id);
                let node = aliased.map_or_else(|| at(Kind::Map(Vec::new())), |(_, n)| n.clone());
                self.add(node, 0);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let kind = match event {
                    Event::SequenceStart(..) => Kind::List(Vec::new()),
                    _ => Kind::Map(Vec::new()),
                };
                self.stack.push(Open {
                    node: at(kind),
                    anchor,
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    self.add(open.node, open.anchor);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(node: &'a Node, key: &str) -> &'a Entry {
        match &node.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key).unwrap(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn tree_keeps_positions_and_raw_text_of_nested_values() {
        let text = "province: ben-tre\nresults:\n  - indicator: jobs_created\n    value: 18.382\n";
        let root = parse_tree(Path::new("r.yaml"), text).unwrap();
        let Kind::List(results) = &entry(&root, "results").value.kind else {
            panic!("results is not a list");
        };
        // A block mapping in a list starts at its first key.
        assert_eq!((results[0].line, results[0].column), (3, 5));
        let value = entry(&results[0], "value");
        assert_eq!((value.line, value.column), (4, 5));
        assert_eq!((value.value.line, value.value.column), (4, 12));
        assert_eq!(value.value.raw(), Some("18.382"));
    }

    #[test]
    fn aliases_repeat_the_anchored_value() {
        let root = parse_tree(Path::new("r.yaml"), "a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(entry(&root, "a").value.kind, entry(&root, "b").value.kind);
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse_tree(Path::new("r.yaml"), "a: [1, 2\nb: c\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 4), "{err}");
        assert_eq!(err.message, "this `[` is never closed");
        // A mistake no explanation knows keeps the parser's words, with a general hint.
        let err = parse_tree(Path::new("r.yaml"), "a: b\n- c\n").unwrap_err();
        assert!(
            err.message
                .to_string()
                .starts_with("this is not valid YAML"),
            "{err}"
        );
    }

    #[test]
    fn plain_scalars_are_typed_and_quoted_ones_stay_text() {
        let root = parse_tree(Path::new("r.yaml"), "a: 2023\nb: \"2023\"\nc: yes\n").unwrap();
        let file = Path::new("r.yaml");
        assert_eq!(
            entry(&root, "a").value.deserialize::<u32>(file, "a"),
            Ok(2023)
        );
        let err = entry(&root, "b")
            .value
            .deserialize::<u32>(file, "b")
            .unwrap_err();
        assert_eq!(err.message, "`b` must be a number, not the text \"2023\"");
        assert_eq!((err.line, err.column), (2, 4));
        let err = entry(&root, "c")
            .value
            .deserialize::<bool>(file, "c")
            .unwrap_err();
        assert_eq!(
            err.message,
            "`c` must be true or false, not the text \"yes\""
        );
    }

    #[test]
    fn front_matter_keeps_the_lines_of_the_file() {
        let (front, body) =
            front_matter(Path::new("r.md"), "---\ntitle: Năm 2023\n---\nBody\n").unwrap();
        let front = front.unwrap();
        assert_eq!(entry(&front, "title").value.line, 2);
        assert_eq!(body, "Body\n");
    }

    #[test]
    fn unknown_key_suggests_the_closest_allowed_key() {
        let (message, hint) = explain_serde_message(
            "results[0]",
            "unknown field `valeu`, expected one of `indicator`, `value`, `target`",
        );
        assert_eq!(message, "unknown key `valeu` in the 1st figure");
        assert!(
            hint.unwrap()
                .to_string()
                .starts_with("did you mean `value`?")
        );
    }
}
