//! Writes the charts' unit-test samples as SVG files into a folder, to look at them
//! in a browser (`rsvg-convert` turns them into PNG).
//!
//! Run with `cargo run --example chart_samples -- <folder>`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --example chart_samples -- <folder>");
        return ExitCode::from(2);
    };
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("error: {}: {err}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, svg) in baocao::charts::samples::all_charts() {
        let path = dir.join(format!("{name}.svg"));
        if let Err(err) = std::fs::write(&path, svg) {
            eprintln!("error: {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
