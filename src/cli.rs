//! The command line: commands and their options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Static bilingual report sites from YAML indicator data and Markdown narratives.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the content and build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The folder to write the site to. baocao only writes into an empty folder or one it created.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// The address the site is published at, e.g. https://example.vn/bao-cao/ (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Validate everything a build would, report every problem, and write nothing.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The theme folder (default: themes/default beside the content folder; missing files come from the built-in theme).
    #[arg(long)]
    pub theme: Option<PathBuf>,
}
