//! The `baocao` command: parse the arguments, run one command, print problems once.

use std::process::ExitCode;
use std::time::Instant;

use baocao::diagnostics::Problems;
use baocao::{BuildError, BuildOptions, cli};
use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build {
            site,
            output,
            base_url,
        } => {
            let started = Instant::now();
            let options = BuildOptions {
                content: site.content,
                output,
                base_url,
                theme: site.theme,
            };
            match baocao::build(&options) {
                Ok((summary, warnings)) => {
                    print_problems(&warnings);
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
                    print_problems(&problems);
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
        cli::Command::Check { site } => {
            let options = BuildOptions {
                content: site.content,
                output: "output".into(),
                base_url: None,
                theme: site.theme,
            };
            let problems = baocao::check(&options);
            print_problems(&problems);
            if problems.has_errors() {
                ExitCode::FAILURE
            } else {
                eprintln!("the content is valid");
                ExitCode::SUCCESS
            }
        }
    }
}

/// Prints every problem, sorted by file and line, then a count.
fn print_problems(problems: &Problems) {
    if problems.is_empty() {
        return;
    }
    let sorted = problems.clone().into_sorted();
    let errors = sorted.iter().filter(|p| p.is_error()).count();
    let warnings = sorted.len() - errors;
    for (i, problem) in sorted.iter().enumerate() {
        eprintln!("{:>3}. {problem}", i + 1);
    }
    eprintln!("{errors} error(s), {warnings} warning(s)");
}
