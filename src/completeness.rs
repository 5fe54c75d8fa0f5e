//! How complete each language is: which reports lack a narrative in a language,
//! and how many key tasks have no translation.

use std::fmt;

use serde::Serialize;

use crate::model::{Lang, Site};

/// The translation state of the whole site, per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completeness {
    pub reports: usize,
    pub languages: Vec<LanguageCompleteness>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageCompleteness {
    pub lang: Lang,
    /// Reports with a narrative in this language.
    pub narratives: usize,
    /// `<province>/<period>` of the reports without one.
    pub reports_without_narrative: Vec<String>,
    pub key_tasks: usize,
    /// Key tasks written in this language.
    pub key_tasks_translated: usize,
    /// `<province>/<period>` and the task's number (from 1) of those that are not.
    pub key_tasks_without_translation: Vec<String>,
}

/// Counts, for every language of the site, what is written in it.
pub fn of(site: &Site) -> Completeness {
    let languages = site
        .config
        .languages
        .iter()
        .map(|&lang| {
            let mut state = LanguageCompleteness {
                lang,
                narratives: 0,
                reports_without_narrative: Vec::new(),
                key_tasks: 0,
                key_tasks_translated: 0,
                key_tasks_without_translation: Vec::new(),
            };
            for report in &site.reports {
                let id = format!("{}/{}", report.province, report.period.id());
                if report.narrative(lang).is_some() {
                    state.narratives += 1;
                } else {
                    state.reports_without_narrative.push(id.clone());
                }
                let tasks = report.next.iter().flat_map(|next| &next.tasks);
                for (i, task) in tasks.enumerate() {
                    state.key_tasks += 1;
                    if task.get(lang).is_some() {
                        state.key_tasks_translated += 1;
                    } else {
                        state
                            .key_tasks_without_translation
                            .push(format!("{id} task {}", i + 1));
                    }
                }
            }
            state
        })
        .collect();
    Completeness {
        reports: site.reports.len(),
        languages,
    }
}

impl fmt::Display for Completeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "languages ({} reports):", self.reports)?;
        for state in &self.languages {
            write!(
                f,
                "  {}: narratives {}/{}, key tasks {}/{}",
                state.lang,
                state.narratives,
                self.reports,
                state.key_tasks_translated,
                state.key_tasks
            )?;
            if !state.reports_without_narrative.is_empty() {
                write!(
                    f,
                    "; no narrative: {}",
                    state.reports_without_narrative.join(", ")
                )?;
            }
            if !state.key_tasks_without_translation.is_empty() {
                write!(
                    f,
                    "; untranslated: {}",
                    state.key_tasks_without_translation.join(", ")
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
