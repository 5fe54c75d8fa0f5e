//! The `baocao` command: parse the arguments, run one command, print problems once.
//!
//! Exit codes: 0 success, 1 the content has errors or a command could not do
//! its work (nothing was written), 2 the command line is wrong (from clap).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use baocao::cli::{self, Command, Format};
use baocao::diagnostics::Problems;
use baocao::messages::{Code, Language, Message};
use baocao::{BuildError, BuildOptions, presentation, scaffold, serve};
use clap::Parser;

/// A build makes many small strings and values on every worker thread, and frees
/// them a page later: mimalloc's thread-local free lists serve that better than the
/// system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let lang = cli.language();
    match run(cli, lang) {
        Ok(code) => code,
        Err(failure) => {
            failure.print(lang);
            ExitCode::FAILURE
        }
    }
}

/// Why a command did its work only in part or not at all.
enum Failure {
    /// Mistakes in what the command read, then what it left as it was.
    Problems {
        problems: Problems,
        content: PathBuf,
        outcome: Message,
    },
    /// Anything else, such as an output folder that cannot be written.
    Error(Box<dyn std::error::Error>),
    /// Anything else, in the editor's words: a port that cannot be opened.
    Said(Message),
}

impl Failure {
    /// The one place that prints why a command failed.
    fn print(&self, lang: Language) {
        match self {
            Failure::Problems {
                problems,
                content,
                outcome,
            } => {
                print_problems(problems, content, lang);
                eprintln!("{}", lang.text(outcome));
            }
            Failure::Error(err) => {
                let message = Message::new(Code::BuildOutputError).arg("error", err);
                anstream::eprintln!("{}", lang.text(&message));
            }
            Failure::Said(said) => {
                let message = Message::new(Code::BuildOutputError).with("error", said.clone());
                anstream::eprintln!("{}", lang.text(&message));
            }
        }
    }
}

/// Runs one command; `Ok` carries the exit code of a command that did its work.
fn run(cli: cli::Cli, lang: Language) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => build(BuildOptions {
            content: site.content,
            output,
            base_url,
            theme: site.theme,
            lang,
        }),
        Command::Check { site, format } => Ok(check(
            &BuildOptions {
                theme: site.theme,
                lang,
                ..BuildOptions::new(site.content, "output")
            },
            format,
        )),
        Command::Serve {
            site,
            port,
            open,
            base_url,
        } => {
            let options = serve::ServeOptions {
                build: BuildOptions {
                    base_url,
                    theme: site.theme,
                    lang,
                    ..BuildOptions::new(site.content, "output")
                },
                port,
                open,
            };
            serve::run(options).map_err(Failure::Said)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New {
            province,
            period,
            content,
        } => new(&content, &province, &period, lang),
    }
}

fn build(options: BuildOptions) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let (summary, checked) = baocao::build(&options).map_err(|err| match err {
        BuildError::Invalid(problems) => Failure::Problems {
            problems,
            outcome: Message::new(Code::BuildNothingWritten)
                .arg("output", options.output.display()),
            content: options.content.clone(),
        },
        BuildError::Output(err) => Failure::Error(err.into()),
    })?;
    let lang = options.lang;
    print_problems(&checked.problems, &options.content, lang);
    if let Some(completeness) = &checked.completeness {
        eprint!("{}", completeness.render(lang));
    }
    let done = Message::new(Code::BuildDone)
        .arg("output", options.output.display())
        .arg("ms", started.elapsed().as_millis())
        .arg("written", summary.written)
        .arg("unchanged", summary.unchanged)
        .arg("removed", summary.removed);
    eprintln!("{}", lang.text(&done));
    let pages = Message::new(Code::BuildPages)
        .arg("rendered", summary.rendered)
        .arg("pages", summary.pages);
    eprintln!("{}", lang.text(&pages));
    Ok(ExitCode::SUCCESS)
}

/// Validates, prints every problem and how complete each language is.
fn check(options: &BuildOptions, format: Format) -> ExitCode {
    let baocao::Checked {
        problems,
        completeness,
    } = baocao::check(options);
    let lang = options.lang;
    match format {
        Format::Json => println!(
            "{}",
            presentation::to_json(&problems, completeness.as_ref(), lang)
        ),
        Format::Text => {
            print_problems(&problems, &options.content, lang);
            if let Some(completeness) = &completeness {
                eprint!("{}", completeness.render(lang));
            }
            if !problems.has_errors() {
                eprintln!("{}", lang.word(Code::UiValid));
            }
        }
    }
    // Problems are what `check` reports, not a failure to do its work; CI still sees a 1.
    if problems.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Starts a report; writes nothing if any of its files exists.
fn new(content: &Path, province: &str, period: &str, lang: Language) -> Result<ExitCode, Failure> {
    let files =
        scaffold::new_report(content, province, period).map_err(|problems| Failure::Problems {
            problems,
            content: content.to_path_buf(),
            outcome: Code::NewNothingWritten.into(),
        })?;
    for file in files {
        let created = Message::new(Code::NewCreated).arg("file", file.display());
        eprintln!("{}", lang.text(&created));
    }
    eprintln!("{}", lang.word(Code::NewNext));
    Ok(ExitCode::SUCCESS)
}

/// Prints every problem, grouped by file, with colour only on a terminal.
fn print_problems(problems: &Problems, content: &Path, lang: Language) {
    anstream::eprint!("{}", presentation::to_text(problems, content, lang));
}
