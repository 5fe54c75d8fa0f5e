//! All YAML handling lives here.
//!
//! serde_yaml turns a document into typed structs and reports the position of
//! its own errors (syntax, unknown keys, wrong types). Our semantic checks need
//! positions too, so a second pass with yaml-rust2's marked events builds a
//! [`SourceMap`]: the line, column and raw text of every node, by key path
//! (`results[2].value`). Raw text matters: `13.989` and `13.98900` are the same
//! float, but only the first is a Vietnamese-formatted thirteen thousand.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::Problem;

/// Where a node is in its file, and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// 1-based line and column of the value.
    pub line: usize,
    pub column: usize,
    /// 1-based line and column of the key that holds the value, for mapping entries.
    pub key_line: usize,
    pub key_column: usize,
    /// The scalar exactly as written (after unquoting); `None` for collections.
    pub raw: Option<String>,
}

/// Positions of every node of a YAML document, by key path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    nodes: HashMap<String, Node>,
}

impl SourceMap {
    /// The node at `path` (`""` is the document, `results[0].value` a field).
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Line and column of the value at `path`, or of its nearest ancestor that exists
    /// (a missing key is reported at the mapping that lacks it).
    pub fn position(&self, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(node) = self.nodes.get(path) {
                return (node.line, node.column);
            }
            match parent_path(path) {
                Some(parent) => path = parent,
                None => return (1, 1),
            }
        }
    }

    /// Line and column of the key of the entry at `path` (falls back to the value).
    pub fn key_position(&self, path: &str) -> (usize, usize) {
        match self.nodes.get(path) {
            Some(node) if node.key_line > 0 => (node.key_line, node.key_column),
            _ => self.position(path),
        }
    }

    /// The raw text of the scalar at `path`, if it is a scalar.
    pub fn raw(&self, path: &str) -> Option<&str> {
        self.nodes.get(path).and_then(|n| n.raw.as_deref())
    }
}

fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// A typed document with the positions of its nodes.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: T,
    pub map: SourceMap,
}

/// Parses `text` (already normalised) as `T`. `file` names the file in problems.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<Parsed<T>, Problem> {
    let map = source_map(file, text)?;
    let value = serde_yaml::from_str::<T>(if text.trim().is_empty() { "{}" } else { text })
        .map_err(|err| serde_problem(file, &err))?;
    Ok(Parsed { value, map })
}

/// Builds the source map, reporting a syntax error with its position.
pub fn source_map(file: &Path, text: &str) -> Result<SourceMap, Problem> {
    let mut builder = MapBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|err| {
        let mark = err.marker();
        // A tab is reported where the scanner stopped; point at the tab itself.
        match err.info().contains("tab").then(|| first_tab(text, mark.line())).flatten() {
            Some((line, column)) => Problem::error(file, "this line is indented with a tab, which YAML does not allow")
                .at(line, column)
                .hint("indent with spaces (two per level); many editors can turn tabs into spaces"),
            None => Problem::error(file, format!("this is not valid YAML: {}", err.info()))
                .at(mark.line(), mark.col() + 1)
                .hint(
                "check the indentation and that every `key: value` has a space after the colon; \
                 text containing `: ` or `#` must be in quotes",
            ),
        }
    })?;
    Ok(SourceMap {
        nodes: builder.nodes,
    })
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

/// Parses the front matter of a Markdown file: YAML between two `---` lines at the top.
/// Returns the typed front matter (with positions shifted to the file's lines) and the body.
pub fn front_matter<'a, T: DeserializeOwned + Default>(
    file: &Path,
    text: &'a str,
) -> Result<(Parsed<T>, &'a str), Problem> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((
            Parsed {
                value: T::default(),
                map: SourceMap::default(),
            },
            text,
        ));
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
    let yaml = &rest[..end.0];
    let body = &rest[end.1..];
    let shift = |mut p: Problem| {
        if p.line > 0 {
            p.line += 1;
        }
        p
    };
    let mut parsed = parse::<T>(file, yaml).map_err(shift)?;
    for node in parsed.map.nodes.values_mut() {
        node.line += 1;
        if node.key_line > 0 {
            node.key_line += 1;
        }
    }
    Ok((parsed, body))
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

#[derive(Default)]
struct MapBuilder {
    nodes: HashMap<String, Node>,
    stack: Vec<Frame>,
}

enum Frame {
    Map {
        path: String,
        /// The key waiting for its value, with its position.
        key: Option<(String, Marker)>,
        /// No key seen yet.
        first: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
}

impl MapBuilder {
    /// The path of the next value in the current collection, and its key's position.
    fn next_value_path(&mut self) -> (String, Option<Marker>) {
        match self.stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Seq { path, next }) => {
                let child = format!("{path}[{next}]");
                *next += 1;
                (child, None)
            }
            Some(Frame::Map { path, key, .. }) => {
                let (name, mark) = match key.take() {
                    Some((name, mark)) => (name, Some(mark)),
                    None => (String::new(), None),
                };
                let child = if path.is_empty() {
                    name
                } else {
                    format!("{path}.{name}")
                };
                (child, mark)
            }
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn record(&mut self, path: String, mark: Marker, key: Option<Marker>, raw: Option<String>) {
        let (key_line, key_column) = key.map_or((0, 0), |k| (k.line(), k.col() + 1));
        self.nodes.entry(path).or_insert(Node {
            line: mark.line(),
            column: mark.col() + 1,
            key_line,
            key_column,
            raw,
        });
    }
}

impl MarkedEventReceiver for MapBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                if self.expecting_key() {
                    if let Some(Frame::Map { key, path, first }) = self.stack.last_mut() {
                        *key = Some((text, mark));
                        // A block mapping starts where its first key does.
                        if std::mem::take(first) {
                            if let Some(node) = self.nodes.get_mut(path.as_str()) {
                                node.line = mark.line();
                                node.column = mark.col() + 1;
                            }
                        }
                    }
                    return;
                }
                let (path, key) = self.next_value_path();
                self.record(path, mark, key, Some(text));
            }
            Event::Alias(_) => {
                if self.expecting_key() {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(("*".into(), mark));
                    }
                    return;
                }
                let (path, key) = self.next_value_path();
                self.record(path, mark, key, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let path = if self.expecting_key() {
                    // A collection used as a key: give it a placeholder name.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(("?".into(), mark));
                    }
                    "?".to_string()
                } else {
                    let (path, key) = self.next_value_path();
                    self.record(path.clone(), mark, key, None);
                    path
                };
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        key: None,
                        first: true,
                    }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_finds_nested_values_with_raw_text() {
        let text = "province: ben-tre\nresults:\n  - indicator: jobs_created\n    value: 18.382\n";
        let map = source_map(Path::new("r.yaml"), text).unwrap();
        let node = map.get("results[0].value").unwrap();
        assert_eq!((node.line, node.column), (4, 12));
        assert_eq!((node.key_line, node.key_column), (4, 5));
        assert_eq!(node.raw.as_deref(), Some("18.382"));
        assert_eq!(map.position("results[0].target"), (3, 5));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = source_map(Path::new("r.yaml"), "a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.line >= 1, "{err}");
        assert!(err.message.contains("not valid YAML"));
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
