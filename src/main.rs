//! The `baocao` command: parse the arguments, run one command, print problems once.
//!
//! Exit codes: 0 success, 1 the content has errors or a command could not do
//! its work (nothing was written), 2 the command line is wrong (from clap).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use baocao::cli::{self, Command, Format};
use baocao::diagnostics::Problems;
use baocao::{BuildError, BuildOptions, presentation, scaffold, serve};
use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
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
        Command::Check { site, format } => check(
            &BuildOptions {
                theme: site.theme,
                ..BuildOptions::new(site.content, "output")
            },
            format,
        ),
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
            match serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    anstream::eprintln!("error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            province,
            period,
            content,
        } => match scaffold::new_report(&content, &province, &period) {
            Ok(files) => {
                for file in files {
                    eprintln!("created {}", file.display());
                }
                eprintln!("fill in the figures, then run `baocao check` or `baocao serve`");
                ExitCode::SUCCESS
            }
            Err(problems) => {
                print_problems(&problems, &content);
                eprintln!("nothing was written");
                ExitCode::FAILURE
            }
        },
    }
}

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    match baocao::build(&options) {
        Ok((summary, warnings)) => {
            print_problems(&warnings, &options.content);
            eprintln!(
                "built {} in {} ms: {} written, {} unchanged, {} removed",
                options.output.display(),
                started.elapsed().as_millis(),
                summary.written,
                summary.unchanged,
                summary.removed
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(problems)) => {
            print_problems(&problems, &options.content);
            eprintln!(
                "nothing was written; {} is unchanged",
                options.output.display()
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Output(err)) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
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
    if problems.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints every problem, grouped by file, with colour only on a terminal.
fn print_problems(problems: &Problems, content: &Path) {
    anstream::eprint!("{}", presentation::to_text(problems, content));
}
