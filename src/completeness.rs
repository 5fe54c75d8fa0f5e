//! How complete each language is: which reports lack a narrative in a language,
//! and how many key tasks have no translation.

use std::fmt;

use serde::Serialize;

use crate::messages::{Code, Language, Message};
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
    /// `<province>/<period>` and the task's number (from 1) of those that are not;
    /// in JSON as `ben-tre/2020 task 1`.
    #[serde(serialize_with = "tasks_as_text")]
    pub key_tasks_without_translation: Vec<(String, usize)>,
}

fn tasks_as_text<S: serde::Serializer>(tasks: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tasks.iter().map(|(report, n)| format!("{report} task {n}")))
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
                            .push((id.clone(), i + 1));
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

impl Completeness {
    /// The summary `check` and `build` print, one line per language, in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let mut out = lang.text(&Message::new(Code::LanguagesHeading).arg("reports", self.reports));
        out.push('\n');
        for state in &self.languages {
            let line = Message::new(Code::LanguagesLine)
                .arg("lang", state.lang)
                .arg("narratives", state.narratives)
                .arg("reports", self.reports)
                .arg("tasks_translated", state.key_tasks_translated)
                .arg("tasks", state.key_tasks);
            out.push_str("  ");
            out.push_str(&lang.text(&line));
            if !state.reports_without_narrative.is_empty() {
                let list = state.reports_without_narrative.join(", ");
                out.push_str(
                    &lang.text(&Message::new(Code::LanguagesNoNarrative).arg("reports", list)),
                );
            }
            if !state.key_tasks_without_translation.is_empty() {
                let tasks: Vec<String> = state
                    .key_tasks_without_translation
                    .iter()
                    .map(|(report, number)| {
                        let task = Message::new(Code::LanguagesTask)
                            .arg("report", report)
                            .arg("number", number);
                        lang.text(&task)
                    })
                    .collect();
                let untranslated =
                    Message::new(Code::LanguagesUntranslated).arg("tasks", tasks.join(", "));
                out.push_str(&lang.text(&untranslated));
            }
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Completeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}
