//! The command line: commands and their options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::messages::Language;

/// Static bilingual report sites from YAML indicator data and Markdown narratives.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of baocao's messages: `vi` or `en` (default: Vietnamese when
    /// LC_ALL, LC_MESSAGES or LANG starts with `vi`, otherwise English).
    #[arg(long, global = true, value_name = "CODE", value_parser = Language::from_code)]
    pub lang: Option<Language>,
}

impl Cli {
    /// The language to speak in: `--lang`, else the environment's.
    pub fn language(&self) -> Language {
        self.lang.unwrap_or_else(Language::from_env)
    }
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
        /// `text` for people, `json` for CI annotations (printed on standard output).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload the open pages on every save.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 4800)]
        port: u16,
        /// Open the home page in the web browser once the server is up.
        #[arg(long)]
        open: bool,
        /// Serve under this address's path, e.g. /bao-cao/ (default: the path of base_url in site.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Start a report: report.yaml with every catalogue indicator, empty, and both narratives.
    New {
        /// The province's slug, e.g. thai-nguyen (content/provinces/<slug>/province.yaml must exist).
        province: String,
        /// The period: a year (2024) or January to the end of a quarter (2024-q3).
        period: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

/// How `check` reports problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
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
