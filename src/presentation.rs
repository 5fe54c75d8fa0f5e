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
use crate::messages::{Code, Language, Message};

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
/// quoted and a hint; then a count. Empty when there is no problem. In `lang`.
pub fn to_text(problems: &Problems, content_root: &Path, lang: Language) -> String {
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
                counts(errors, in_file.len() - errors, lang)
            );
        }
        write_problem(&mut out, i + 1, problem, content_root, lang);
    }
    let errors = sorted.iter().filter(|p| p.is_error()).count();
    // The total keeps the wording scripts already look for.
    let total = Message::new(Code::UiTotal)
        .arg("errors", errors)
        .arg("warnings", sorted.len() - errors);
    let _ = writeln!(out, "\n{}", lang.text(&total));
    out
}

fn write_problem(
    out: &mut String,
    number: usize,
    problem: &Problem,
    content_root: &Path,
    lang: Language,
) {
    let style = match problem.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
    };
    let label = problem.severity.label(lang);
    let _ = write!(out, "{number:>3}. {}", problem.file.display());
    if problem.line > 0 {
        let _ = write!(out, ":{}", problem.line);
        if problem.column > 0 {
            let _ = write!(out, ":{}", problem.column);
        }
    }
    let _ = writeln!(
        out,
        ": {style}{label}{style:#}: {}",
        lang.text(&problem.message)
    );
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
        let label = lang.word(Code::UiHint);
        let _ = writeln!(out, "     {HINT}{label}:{HINT:#} {}", lang.text(hint));
    }
}

/// "2 errors, 1 warning", in plain words.
pub fn counts(errors: usize, warnings: usize, lang: Language) -> String {
    let count = |n: usize, one: Code, many: Code| match n {
        1 => Message::new(one),
        n => Message::new(many).arg("count", n),
    };
    lang.text(
        &Message::new(Code::UiCounts)
            .with(
                "errors",
                count(errors, Code::UiErrorsOne, Code::UiErrorsMany),
            )
            .with(
                "warnings",
                count(warnings, Code::UiWarningsOne, Code::UiWarningsMany),
            ),
    )
}

/// What `check --format json` prints: every problem, and the languages' completeness.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem>,
    completeness: Option<&'a Completeness>,
}

/// One problem: where, how bad, its stable `code` (`number.thousands-separator`), and
/// the message and hint in the chosen language.
#[derive(Debug, Serialize)]
struct JsonProblem {
    file: String,
    line: usize,
    column: usize,
    severity: Severity,
    code: &'static str,
    message: String,
    hint: Option<String>,
}

/// The problems as one JSON document, sorted like the text report, worded in `lang`.
pub fn to_json(problems: &Problems, completeness: Option<&Completeness>, lang: Language) -> String {
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
                code: p.code().as_str(),
                message: lang.text(&p.message),
                hint: p.hint.as_ref().map(|hint| lang.text(hint)),
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
        let problem = Problem::error("content/site.yaml", Code::UiValid).at(2, 16);
        let excerpt = excerpt(&content, &problem).unwrap();
        assert_eq!(excerpt.text, "  vi: Đắk Lắk: 13.989");
        assert_eq!(excerpt.indent.chars().count(), 15);
        assert_eq!(excerpt.width, 6);
    }

    #[test]
    fn text_groups_problems_by_file_with_counts_in_either_language() {
        let mut problems = Problems::default();
        let not_a_date = |value| Message::new(Code::DateInvalid).arg("value", value);
        problems.push(Problem::error("content/b.yaml", not_a_date("x")));
        problems
            .push(Problem::warning("content/a.yaml", Code::NarrativeEmpty).hint(Code::DateHint));
        problems.push(Problem::error("content/a.yaml", not_a_date("y")));
        let text = |lang| {
            anstream::adapter::strip_str(&to_text(&problems, Path::new("content"), lang))
                .to_string()
        };
        let en = text(Language::En);
        let a = en.find("content/a.yaml: 1 error, 1 warning").unwrap();
        let b = en.find("content/b.yaml: 1 error, 0 warnings").unwrap();
        assert!(a < b, "{en}");
        assert!(
            en.contains("hint: write the date as year-month-day"),
            "{en}"
        );
        assert!(en.trim_end().ends_with("2 error(s), 1 warning(s)"), "{en}");
        let vi = text(Language::Vi);
        assert!(vi.contains("content/a.yaml: 1 lỗi, 1 cảnh báo"), "{vi}");
        assert!(vi.contains("lỗi: `y` không phải là một ngày"), "{vi}");
        assert!(
            vi.contains("gợi ý: viết ngày theo thứ tự năm-tháng-ngày"),
            "{vi}"
        );
        assert!(vi.trim_end().ends_with("2 lỗi, 1 cảnh báo"), "{vi}");
    }
}
