//! The whole bundled site passes the W3C Nu HTML checker with no errors, its style
//! sheet included.
//!
//! The checker is the `vnu-jar` package of the npm registry, run with `java -jar`.
//! The test fetches the pinned release once with `npm pack` into `target/vnu-<version>/`
//! and reuses it after.

use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::BuildOptions;

/// The checker's release, pinned so every run checks against the same rules.
const VNU_VERSION: &str = "26.9.27";

/// `target/vnu-<version>/package/build/dist/vnu.jar`, fetched when missing.
fn vnu_jar() -> PathBuf {
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/vnu-{VNU_VERSION}"));
    let jar = cache.join("package/build/dist/vnu.jar");
    if jar.is_file() {
        return jar;
    }
    std::fs::create_dir_all(&cache).unwrap();
    let packed = Command::new("npm")
        .arg("pack")
        .arg(format!("vnu-jar@{VNU_VERSION}"))
        .args(["--silent", "--pack-destination"])
        .arg(&cache)
        .output()
        .expect("npm runs (install Node.js and npm to fetch the HTML checker)");
    assert!(
        packed.status.success(),
        "npm pack vnu-jar failed: {}",
        String::from_utf8_lossy(&packed.stderr)
    );
    let tarball = cache.join(String::from_utf8_lossy(&packed.stdout).trim());
    let unpacked = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&cache)
        .arg("package/build/dist/vnu.jar")
        .status()
        .expect("tar runs");
    assert!(unpacked.success(), "cannot unpack {}", tarball.display());
    let _ = std::fs::remove_file(&tarball);
    jar
}

#[test]
fn the_bundled_site_is_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = dir.path().join("output");
    let mut options = BuildOptions::new(root.join("content"), &output);
    options.base_url = Some("https://example.vn/bao-cao/".into());
    baocao::build(&options).expect("the bundled site builds");

    let checked = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--skip-non-html", "--also-check-css"])
        .args(["--format", "gnu"])
        .arg(&output)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&checked.stderr);
    assert!(
        checked.status.success() && report.trim().is_empty(),
        "the Nu HTML checker found errors:\n{report}"
    );
    let pages = walkdir::WalkDir::new(&output)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "html"))
        })
        .count();
    assert!(pages > 100, "every page was checked ({pages})");
    assert!(
        output.join("static/style.css").is_file(),
        "the style sheet is among the files checked"
    );
}
