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
            let message = if path.is_empty() {
                err.to_string()
            } else {
                format!("{path}: {err}")
            };
            located(file, self, &message)
        })
    }

    /// A problem for a value of the wrong shape: `results` must be a list, not a text.
    pub fn wrong_shape(&self, file: &Path, path: &str, expected: &str) -> Problem {
        let found = match &self.kind {
            Kind::List(_) => "sequence".to_string(),
            Kind::Map(_) => "map".to_string(),
            Kind::Scalar { .. } if self.is_null() => "unit value".to_string(),
            Kind::Scalar { text, .. } => format!("string {text:?}"),
        };
        let message = format!("invalid type: {found}, expected {expected}");
        let message = if path.is_empty() {
            message
        } else {
            format!("{path}: {message}")
        };
        located(file, self, &message)
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

/// A problem at `node`, from a serde message, explained for an editor.
fn located(file: &Path, node: &Node, message: &str) -> Problem {
    let (message, hint) = explain_serde_message(message);
    let problem = Problem::error(file, message).at(node.line, node.column);
    match hint {
        Some(hint) => problem.hint(hint),
        None => problem,
    }
}

/// The problem for a key that is not allowed in a mapping, with the closest allowed one.
pub fn unknown_key(file: &Path, entry: &Entry, place: &str, allowed: &[&str]) -> Problem {
    let expected: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
    let message = format!(
        "{place}{}unknown field `{}`, expected one of {}",
        if place.is_empty() { "" } else { ": " },
        entry.key,
        expected.join(", ")
    );
    let (message, hint) = explain_serde_message(&message);
    let problem = Problem::error(file, message).at(entry.line, entry.column);
    match hint {
        Some(hint) => problem.hint(hint),
        None => problem,
    }
}

/// The problem for a required key that a mapping lacks, at the mapping.
pub fn missing_key(file: &Path, map: &Node, place: &str, key: &str) -> Problem {
    let message = if place.is_empty() {
        format!("missing field `{key}`")
    } else {
        format!("{place}: missing field `{key}`")
    };
    located(file, map, &message)
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
        Some((line, column)) => Problem::error(
            file,
            "this line is indented with a tab, which YAML does not allow",
        )
        .at(line, column)
        .hint("indent with spaces (two per level); many editors can turn tabs into spaces"),
        None => Problem::error(file, format!("this is not valid YAML: {}", err.info()))
            .at(mark.line(), mark.col() + 1)
            .hint(
                "check the indentation and that every `key: value` has a space after the colon; \
             text containing `: ` or `#` must be in quotes",
            ),
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
            Problem::error(
                file,
                "the front matter that starts on line 1 is never closed",
            )
            .at(1, 1)
            .hint("end the front matter with a line containing only `---`")
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
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (message, hint) = explain_serde_message(&message);
    let mut problem = Problem::error(file, message).at(line, column);
    if let Some(hint) = hint {
        problem = problem.hint(hint);
    }
    problem
}

/// Rewrites serde's wording into an editor's and adds a hint where one helps.
fn explain_serde_message(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let location = message
            .split(": unknown field")
            .next()
            .filter(|l| *l != message);
        let place = location.map(|l| format!(" in `{l}`")).unwrap_or_default();
        let closest = crate::text::closest(field, allowed.iter().copied());
        let mut hint = match closest {
            Some(best) => format!("did you mean `{best}`? "),
            None => String::new(),
        };
        if !allowed.is_empty() {
            hint.push_str(&format!(
                "the keys allowed here are: {}",
                allowed.join(", ")
            ));
        }
        return (
            format!("unknown key `{field}`{place}"),
            (!hint.is_empty()).then_some(hint),
        );
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or(rest);
        let location = message
            .split(": missing field")
            .next()
            .filter(|l| *l != message);
        let place = location.map(|l| format!(" in `{l}`")).unwrap_or_default();
        return (
            format!("the required key `{field}` is missing{place}"),
            Some(format!("add a line `{field}: ...`")),
        );
    }
    if let Some(explained) = explain_invalid_type(message) {
        return explained;
    }
    if message.contains("unknown variant") {
        return (message.replace("unknown variant", "unknown value"), None);
    }
    (message.to_string(), None)
}

/// `results[2].estimate: invalid type: string "yes", expected a boolean`, in plain words.
fn explain_invalid_type(message: &str) -> Option<(String, Option<String>)> {
    let (place, rest) = match message.split_once(": invalid type: ") {
        Some((place, rest)) => (Some(place), rest),
        None => (None, message.strip_prefix("invalid type: ")?),
    };
    let (found, expected) = rest.split_once(", expected ")?;
    let found = match found {
        "unit value" => "nothing".to_string(),
        "sequence" => "a list".to_string(),
        "map" => "a group of keys".to_string(),
        other => match other.split_once(' ') {
            Some(("string", text)) => format!("the text {text}"),
            Some(("integer" | "floating", number)) => {
                format!("the number {}", number.trim_matches('`'))
            }
            Some(("boolean", value)) => value.trim_matches('`').to_string(),
            _ => other.to_string(),
        },
    };
    let (wanted, hint) = if expected.contains("boolean") {
        ("true or false", "write `true` or `false`, without quotes")
    } else if expected.contains("sequence") {
        (
            "a list",
            "put each item on its own line starting with `- `, or write them as [a, b]",
        )
    } else if expected.starts_with("struct") || expected.contains("map") {
        (
            "a group of keys",
            "put the keys on the lines below it, indented by two more spaces than this key",
        )
    } else if expected.contains("string") {
        (
            "a text",
            "write the text after the colon; put it in quotes if it contains `: ` or starts with a symbol",
        )
    } else {
        (
            expected,
            "see docs/content-format.md for what this key takes",
        )
    };
    let subject = place.map_or("this value".to_string(), |p| format!("`{p}`"));
    Some((
        format!("{subject} must be {wanted}, not {found}"),
        Some(hint.to_string()),
    ))
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
        assert!(err.line >= 1, "{err}");
        assert!(err.message.contains("not valid YAML"));
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
        assert_eq!(err.message, "`b` must be u32, not the text \"2023\"");
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
            "results[0]: unknown field `valeu`, expected one of `indicator`, `value`, `target`",
        );
        assert_eq!(message, "unknown key `valeu` in `results[0]`");
        assert!(hint.unwrap().starts_with("did you mean `value`?"));
    }
}
