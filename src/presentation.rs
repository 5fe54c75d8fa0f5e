//! How problems are shown to an editor: grouped by file with the offending line
//! quoted and a caret under the value (terminal), or as JSON for CI annotations.
//!
//! The text carries ANSI styles; print it through `anstream`, which drops them
//! when the output is not a terminal (or `NO_COLOR` is set).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::completeness::Completeness;
use crate::diagnostics::{Problem, Problems, Severity};

/// The line a problem points at, and where on it the caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// 1-based line number.
    pub line: usize,
    pub text: String,
    /// The text before the caret, with every character but tabs turned into a space.
    pub indent: String,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
}

/// The file a problem names, on disk: problems name files as `content/…`
/// (the content folder's own name first); anything else is taken as it is.
pub fn source_path(content_root: &Path, shown: &Path) -> PathBuf {
    if let Some(name) = content_root.file_name()
        && let Ok(rel) = shown.strip_prefix(name)
    {
        return content_root.join(rel);
    }
    shown.to_path_buf()
}

/// The quoted line of a problem that has a position in a readable file.
pub fn excerpt(content_root: &Path, problem: &Problem) -> Option<Excerpt> {
    if problem.line == 0 {
        return None;
    }
    let path = source_path(content_root, &problem.file);
    // Quoted through the same door as the loader, so a link out is never quoted.
    let root = if path.starts_with(content_root) {
        content_root
    } else {
        path.parent()?
    };
    let text = crate::source_files::read_text(root, &path, &problem.file).ok()?;
    let line = text.lines().nth(problem.line - 1)?.to_string();
    let start = problem.column.saturating_sub(1).min(line.chars().count());
    let indent = line
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = token_width(&line.chars().skip(start).collect::<String>());
    Some(Excerpt {
        line: problem.line,
        text: line,
        indent,
        width,
    })
}

/// The length in characters of the value that starts `rest`: a quoted text up to
/// its closing quote, otherwise up to the end of the line, a comment (` #`), a
/// bracket, or `, ` and `: ` (the end of an item in `{vi: a, en: b}` or of a key).
fn token_width(rest: &str) -> usize {
    if let Some(quote @ ('"' | '\'')) = rest.chars().next() {
        let closing = rest[1..].find(quote).map(|i| rest[..i + 2].chars().count());
        return closing.unwrap_or(rest.chars().count()).max(1);
    }
    if rest.starts_with(char::is_whitespace) {
        return 1;
    }
    let end = [": ", ", ", " #", "]", "}"]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    let end = if rest[..end].ends_with([':', ',']) && end == rest.len() {
        end - 1
    } else {
        end
    };
    rest[..end].trim_end().chars().count().max(1)
}

const FILE: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();

/// Every problem, grouped by file and sorted by position, each with its line
/// quoted and a hint; then a count. Empty when there is no problem.
pub fn to_text(problems: &Problems, content_root: &Path) -> String {
    let mut out = String::new();
    if problems.is_empty() {
        return out;
    }
    let sorted = problems.clone().into_sorted();
    let mut current: Option<&Path> = None;
    for (i, problem) in sorted.iter().enumerate() {
        if current != Some(problem.file.as_path()) {
            current = Some(&problem.file);
            let in_file: Vec<&Problem> = sorted.iter().filter(|p| p.file == problem.file).collect();
            let errors = in_file.iter().filter(|p| p.is_error()).count();
            let _ = writeln!(
                out,
                "\n{FILE}{}{FILE:#}: {}",
                problem.file.display(),
                counts(errors, in_file.len() - errors)
            );
        }
        write_problem(&mut out, i + 1, problem, content_root);
    }
    let errors = sorted.iter().filter(|p| p.is_error()).count();
    // The total keeps the wording scripts already look for.
    let _ = writeln!(
        out,
        "\n{errors} error(s), {} warning(s)",
        sorted.len() - errors
    );
    out
}

fn write_problem(out: &mut String, number: usize, problem: &Problem, content_root: &Path) {
    let (style, label) = match problem.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    let _ = write!(out, "{number:>3}. {}", problem.file.display());
    if problem.line > 0 {
        let _ = write!(out, ":{}", problem.line);
        if problem.column > 0 {
            let _ = write!(out, ":{}", problem.column);
        }
    }
    let _ = writeln!(out, ": {style}{label}{style:#}: {}", problem.message);
    if let Some(excerpt) = excerpt(content_root, problem) {
        let number = excerpt.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "     {GUTTER}{pad} |{GUTTER:#}");
        let _ = writeln!(out, "     {GUTTER}{number} |{GUTTER:#} {}", excerpt.text);
        if problem.column > 0 {
            let _ = writeln!(
                out,
                "     {GUTTER}{pad} |{GUTTER:#} {}{style}{}{style:#}",
                excerpt.indent,
                "^".repeat(excerpt.width)
            );
        }
    }
    if let Some(hint) = &problem.hint {
        let _ = writeln!(out, "     {HINT}hint:{HINT:#} {hint}");
    }
}

/// "2 errors, 1 warning", in plain words.
pub fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// What `check --format json` prints: every problem, and the languages' completeness.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
    completeness: Option<&'a Completeness>,
}

#[derive(Debug, Serialize)]
struct JsonProblem<'a> {
    file: String,
    line: usize,
    column: usize,
    severity: Severity,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The problems as one JSON document, sorted like the text report.
pub fn to_json(problems: &Problems, completeness: Option<&Completeness>) -> String {
    let sorted = problems.clone().into_sorted();
    let errors = sorted.iter().filter(|p| p.is_error()).count();
    let report = JsonReport {
        errors,
        warnings: sorted.len() - errors,
        problems: sorted
            .iter()
            .map(|p| JsonProblem {
                file: p.file.to_string_lossy().replace('\\', "/"),
                line: p.line,
                column: p.column,
                severity: p.severity,
                message: &p.message,
                hint: p.hint.as_deref(),
            })
            .collect(),
        completeness,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_underlines_the_value_not_the_rest_of_the_line() {
        assert_eq!(token_width("18.382   # jobs"), 6);
        assert_eq!(token_width("\"72,66\"  "), 7);
        assert_eq!(token_width("valeu: 3"), 5);
        assert_eq!(token_width("72,66 # decimal comma"), 5);
        assert_eq!(token_width("1, 1.5]"), 1);
        assert_eq!(token_width("yes please  "), 10);
        assert_eq!(token_width("Bến Tre, en: Ben Tre}"), 7);
        assert_eq!(token_width("results:"), 7);
        assert_eq!(token_width("https://example.vn/"), 19);
        assert_eq!(token_width(""), 1);
    }

    #[test]
    fn excerpt_quotes_the_line_and_places_the_caret_under_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("site.yaml"), "title:\n  vi: Đắk Lắk: 13.989\n").unwrap();
        let problem = Problem::error("content/site.yaml", "bad").at(2, 16);
        let excerpt = excerpt(&content, &problem).unwrap();
        assert_eq!(excerpt.text, "  vi: Đắk Lắk: 13.989");
        assert_eq!(excerpt.indent.chars().count(), 15);
        assert_eq!(excerpt.width, 6);
    }

    #[test]
    fn text_groups_problems_by_file_with_counts() {
        let mut problems = Problems::default();
        problems.push(Problem::error("content/b.yaml", "second file"));
        problems.push(Problem::warning("content/a.yaml", "a warning").hint("do this"));
        problems.push(Problem::error("content/a.yaml", "an error"));
        let text =
            anstream::adapter::strip_str(&to_text(&problems, Path::new("content"))).to_string();
        let a = text.find("content/a.yaml: 1 error, 1 warning").unwrap();
        let b = text.find("content/b.yaml: 1 error, 0 warnings").unwrap();
        assert!(a < b, "{text}");
        assert!(text.contains("hint: do this"), "{text}");
        assert!(
            text.trim_end().ends_with("2 error(s), 1 warning(s)"),
            "{text}"
        );
    }
}
