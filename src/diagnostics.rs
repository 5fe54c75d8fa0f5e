//! Problems found in the content: collected, never thrown one at a time.
//!
//! Every check pushes a [`Problem`] into [`Problems`]; the caller decides once
//! whether the build can go on (no errors) and prints the whole list.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Code, Language, Message};

/// How bad a problem is: errors stop the build, warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// "error" or "warning", as the label before a message.
    pub fn label(self, lang: Language) -> String {
        lang.word(match self {
            Severity::Error => Code::UiError,
            Severity::Warning => Code::UiWarning,
        })
    }
}

/// One thing wrong with the content, pointing at the place an editor must fix.
/// What is wrong and how to fix it are [`Message`]s, worded in the editor's
/// language only when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Path of the file, relative to the content folder where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub message: Message,
    pub hint: Option<Message>,
}

impl Problem {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The hint, when there is one.
    pub fn maybe_hint(mut self, hint: Option<Message>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The machine code of what is wrong, as `check --format json` gives it.
    pub fn code(&self) -> Code {
        self.message.code
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found so far, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Problem>) {
        self.list.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|p| p.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// Sorted by file, then position, so that the list reads like the files do.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.list.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        self.list.dedup();
        self.list
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// The path an editor would recognise: relative to the content folder when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => root
            .file_name()
            .map(|name| Path::new(name).join(rel))
            .unwrap_or_else(|| rel.to_path_buf()),
        _ => path.to_path_buf(),
    }
}
