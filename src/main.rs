//! The `baocao` command: parse the arguments, run one command, print problems once.
//!
//! Exit codes: 0 success, 1 the content has errors or a command could not do
//! its work (nothing was written), 2 the command line is wrong (from clap).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use baocao::cli::{self, Command, Format};
use baocao::diagnostics::Problems;
use baocao::{BuildError, BuildOptions, presentation, scaffold, serve};
use clap::Parser;

fn main() -> ExitCode {
    match run(cli::Cli::parse()) {
        Ok(code) => code,
        Err(failure) => {
            failure.print();
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
        outcome: String,
    },
    /// Anything else, such as an output folder that cannot be written.
    Error(Box<dyn std::error::Error>),
}

impl Failure {
    /// The one place that prints why a command failed.
    fn print(&self) {
        match self {
            Failure::Problems {
                problems,
                content,
                outcome,
            } => {
                print_problems(problems, content);
                eprintln!("{outcome}");
            }
            Failure::Error(err) => anstream::eprintln!("error: {err}"),
        }
    }
}

/// Runs one command; `Ok` carries the exit code of a command that did its work.
fn run(cli: cli::Cli) -> Result<ExitCode, Failure> {
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
        }),
        Command::Check { site, format } => Ok(check(
            &BuildOptions {
                theme: site.theme,
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
                    ..BuildOptions::new(site.content, "output")
                },
                port,
                open,
            };
            serve::run(options).map_err(|err| Failure::Error(err.into()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New {
            province,
            period,
            content,
        } => new(&content, &province, &period),
    }
}

fn build(options: BuildOptions) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let (summary, warnings) = baocao::build(&options).map_err(|err| match err {
        BuildError::Invalid(problems) => Failure::Problems {
            problems,
            outcome: format!(
                "nothing was written; {} is unchanged",
                options.output.display()
            ),
            content: options.content.clone(),
        },
        BuildError::Output(err) => Failure::Error(err.into()),
    })?;
    print_problems(&warnings, &options.content);
    eprintln!(
        "built {} in {} ms: {} written, {} unchanged, {} removed",
        options.output.display(),
        started.elapsed().as_millis(),
        summary.written,
        summary.unchanged,
        summary.removed
    );
    Ok(ExitCode::SUCCESS)
}

/// Validates, prints every problem and how complete each language is.
fn check(options: &BuildOptions, format: Format) -> ExitCode {
    let baocao::Checked {
        problems,
        completeness,
    } = baocao::check(options);
    match format {
        Format::Json => println!(
            "{}",
            presentation::to_json(&problems, completeness.as_ref())
        ),
        Format::Text => {
            print_problems(&problems, &options.content);
            if let Some(completeness) = &completeness {
                eprint!("{completeness}");
            }
            if !problems.has_errors() {
                eprintln!("the content is valid");
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
fn new(content: &Path, province: &str, period: &str) -> Result<ExitCode, Failure> {
    let files =
        scaffold::new_report(content, province, period).map_err(|problems| Failure::Problems {
            problems,
            content: content.to_path_buf(),
            outcome: "nothing was written".into(),
        })?;
    for file in files {
        eprintln!("created {}", file.display());
    }
    eprintln!("fill in the figures, then run `baocao check` or `baocao serve`");
    Ok(ExitCode::SUCCESS)
}

/// Prints every problem, grouped by file, with colour only on a terminal.
fn print_problems(problems: &Problems, content: &Path) {
    anstream::eprint!("{}", presentation::to_text(problems, content));
}
