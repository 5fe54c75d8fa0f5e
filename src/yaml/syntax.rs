//! YAML syntax errors in an editor's words, at the line where the editor must act.
//!
//! The parser stops where it noticed the problem, often a line after the mistake
//! (`value:12205` is only noticed at the next key). Each explanation looks at the
//! text around that place for a typical mistake and points at the mistake itself.

use crate::messages::{Code, Message};

/// A syntax mistake: where it is (1-based line and column), what it is, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub line: usize,
    pub column: usize,
    pub message: Message,
    pub hint: Message,
}

/// Explains the parser's error `info` at `line` (1-based) of `text`, if it is a typical mistake.
pub fn explain(text: &str, line: usize, info: &str) -> Option<Explained> {
    let lines: Vec<&str> = text.lines().collect();
    missing_space(&lines, line)
        .or_else(|| items_after_empty(&lines, line))
        .or_else(|| unclosed(&lines, line))
        .or_else(|| wrong_indent(&lines, line, info))
}

/// The lines up to `line` (1-based), last first, with their numbers; blank and comment lines skipped.
fn before<'a>(lines: &[&'a str], line: usize) -> impl Iterator<Item = (usize, &'a str)> {
    lines[..line.min(lines.len())]
        .iter()
        .enumerate()
        .rev()
        .map(|(i, l)| (i + 1, *l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// The key a line starts with, after any `- `, and its 1-based column.
fn key_of(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let (rest, indent) = match rest.strip_prefix("- ") {
        Some(r) => (r.trim_start(), line.len() - r.trim_start().len()),
        None => (rest, indent),
    };
    let end = rest.find(':')?;
    let key = &rest[..end];
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    simple.then_some((key, line[..indent].chars().count() + 1))
}

/// The line without a trailing `# comment` and spaces.
fn without_comment(line: &str) -> &str {
    line.find(" #").map_or(line, |i| &line[..i]).trim_end()
}

/// `value:12205`: the key runs into its value. The hint is the line as it should be,
/// with its `- ` and comment, not only the value.
fn missing_space(lines: &[&str], line: usize) -> Option<Explained> {
    before(lines, line).take(2).find_map(|(n, l)| {
        let (key, column) = key_of(l)?;
        let start = l.trim_start().trim_start_matches("- ").trim_start();
        let after = start[key.len() + 1..].chars().next()?;
        (!after.is_whitespace() && after != ':').then(|| {
            let value = without_comment(&start[key.len() + 1..]);
            // The colon's byte offset in the line: the key starts where `start` does.
            let colon = l.len() - start.len() + key.len();
            let corrected = format!("{}: {}", &l[..colon], &l[colon + 1..]);
            Explained {
                line: n,
                column: column + key.chars().count() + 1,
                message: Message::new(Code::YamlNoSpaceAfterColon)
                    .arg("text", format!("{key}:{value}")),
                hint: Message::new(Code::YamlNoSpaceAfterColonHint).arg("line", corrected.trim()),
            }
        })
    })
}

/// `targets: []` followed by items: the `[]` says the list is empty.
fn items_after_empty(lines: &[&str], line: usize) -> Option<Explained> {
    let mut content = before(lines, line);
    let (_, at) = content.next()?;
    let (n, previous) = content.next()?;
    let trimmed = without_comment(previous);
    let empty = ["[]", "{}"]
        .into_iter()
        .find(|e| trimmed.ends_with(&format!(": {e}")))?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let below = indent(at) > indent(previous)
        || (indent(at) == indent(previous) && at.trim_start().starts_with("- "));
    below.then(|| Explained {
        line: n,
        column: previous[..trimmed.len() - 2].chars().count() + 1,
        message: Message::new(Code::YamlItemsUnderEmpty).arg("line", trimmed.trim_start()),
        hint: Message::new(Code::YamlItemsUnderEmptyHint).arg("empty", empty),
    })
}

/// A quote or bracket opened and never closed, at or before `line`.
fn unclosed(lines: &[&str], line: usize) -> Option<Explained> {
    before(lines, line).take(3).find_map(|(n, l)| {
        let (open, column) = first_unclosed(l)?;
        let close = match open {
            '[' => ']',
            '{' => '}',
            quote => quote,
        };
        let (message, hint) = if open == '[' || open == '{' {
            (Code::YamlUnclosedBracket, Code::YamlUnclosedBracketHint)
        } else {
            (Code::YamlUnclosedQuote, Code::YamlUnclosedQuoteHint)
        };
        Some(Explained {
            line: n,
            column,
            message: Message::new(message).arg("open", open),
            hint: Message::new(hint).arg("open", open).arg("close", close),
        })
    })
}

/// The first quote or bracket of a value left open at the end of the line, and its column.
fn first_unclosed(line: &str) -> Option<(char, usize)> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    let value_start = line.find(": ").map_or(0, |i| i + 2);
    for (column, c) in line
        .chars()
        .enumerate()
        .skip(line[..value_start].chars().count())
    {
        match (quote, c) {
            (Some((q, _)), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if line[..line.char_indices().nth(column)?.0].ends_with(' ') => break,
            (None, '"' | '\'') if open.is_empty() || c == '"' => quote = Some((c, column + 1)),
            (None, '[' | '{') => open.push((c, column + 1)),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    quote.or(open.first().copied())
}

/// A key indented differently from its neighbours.
fn wrong_indent(lines: &[&str], line: usize, info: &str) -> Option<Explained> {
    let indentation = [
        "mapping values are not allowed",
        "did not find expected",
        "block",
    ];
    if !indentation.iter().any(|i| info.contains(i)) {
        return None;
    }
    let mut content = before(lines, line);
    let (n, at) = content.next()?;
    let (key, column) = key_of(at)?;
    let (p, previous) = content.next()?;
    let (previous_key, previous_column) = key_of(previous)?;
    let parent = without_comment(previous).ends_with(':');
    if column == previous_column && !parent {
        return None;
    }
    let hint = if parent {
        Message::new(Code::YamlWrongIndentInside)
            .arg("parent", previous_key)
            .arg("line", p)
    } else {
        Message::new(Code::YamlWrongIndentSibling)
            .arg("key", key)
            .arg("column", previous_column)
            .arg("sibling", previous_key)
            .arg("line", p)
    };
    Some(Explained {
        line: n,
        column,
        message: Message::new(Code::YamlWrongIndent).arg("key", key),
        hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str) -> Explained {
        let err = crate::yaml::parse_tree(std::path::Path::new("r.yaml"), text).unwrap_err();
        Explained {
            line: err.line,
            column: err.column,
            message: err.message,
            hint: err.hint.expect("every syntax error has a hint"),
        }
    }

    #[test]
    fn a_missing_space_after_a_colon_is_pointed_at_its_own_line() {
        let e = explained("results:\n  - indicator: jobs\n    value:12205\n    target: 1\n");
        assert_eq!((e.line, e.column), (3, 11));
        assert_eq!(
            e.message,
            "there is no space after the colon in `value:12205`"
        );
        assert_eq!(
            e.hint,
            "write the line as `value: 12205`, with a space after the colon"
        );
        // The corrected line keeps the item's `- ` and the comment, and the message
        // names the mistake without the comment.
        let e = explained("results:\n  - indicator:jobs   # việc làm\n    value: 1\n");
        assert_eq!(
            e.message,
            "there is no space after the colon in `indicator:jobs`"
        );
        assert_eq!(
            e.hint,
            "write the line as `- indicator: jobs   # việc làm`, with a space after the colon"
        );
    }

    #[test]
    fn items_under_an_empty_list_say_to_delete_the_brackets() {
        let e = explained("next:\n  targets: []\n    - indicator: jobs\n      value: 1\n");
        assert_eq!(e.line, 2);
        // As `baocao new` wrote it once: the list, a comment, and the example uncommented.
        let e = explained("next:\n  targets: []   # ví dụ:\n  - indicator: jobs\n    value: 1\n");
        assert_eq!((e.line, e.column), (2, 12), "{e:?}");
        assert_eq!(
            e.hint,
            "delete the `[]` so that the lines below belong to it"
        );
    }

    #[test]
    fn an_unclosed_quote_or_bracket_is_pointed_at() {
        let e = explained("source:\n  title: \"Kết quả năm 2020\n  publisher: Báo\n");
        assert_eq!(
            (e.line, e.column, e.message.to_string().as_str()),
            (2, 10, "this `\"` is never closed")
        );
        let e = explained("source:\n  publisher: [Báo\nresults:\n  - indicator: x\n");
        assert_eq!(
            (e.line, e.message.to_string().as_str()),
            (2, "this `[` is never closed")
        );
    }

    #[test]
    fn a_wrong_indent_names_the_key_and_the_column_it_belongs_in() {
        let e = explained("results:\n  - indicator: jobs\n    value: 1\n      target: 2\n");
        assert_eq!((e.line, e.column), (4, 7));
        assert_eq!(
            e.message,
            "`target` is indented differently from the lines around it"
        );
        assert!(
            e.hint
                .to_string()
                .starts_with("start `target` in column 5, under `value` on line 3"),
            "{e:?}"
        );
        let e = explained("results:\n  - indicator: jobs\n    value: 1\n   target: 2\n");
        assert_eq!(e.line, 4);
    }
}
