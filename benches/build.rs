//! Build-time benchmark: the bundled site, and a generated national-scale site
//! (63 provinces × 10 years × 2 languages). Run with `cargo bench --bench build`.

use std::path::Path;
use std::time::{Duration, Instant};

use baocao::BuildOptions;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `BAOCAO_BENCH_DIR=folder` keeps the generated sites there, to profile a build with the binary.
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let kept = std::env::var_os("BAOCAO_BENCH_DIR").map(std::path::PathBuf::from);
    let scratch = kept.as_deref().unwrap_or(scratch.path());

    let bundled = BuildOptions::new(root.join("content"), scratch.join("bundled"));
    report("bundled site (5 reports)", &bundled, 20);

    let national = scratch.join("national");
    generate_national_site(root, &national, 63, 10);
    let options = BuildOptions::new(national.join("content"), scratch.join("national-out"));
    report("national-scale site (63 provinces × 10 years)", &options, 5);
}

/// Builds `runs` times in memory and once to disk, and prints the median and the page count.
fn report(name: &str, options: &BuildOptions, runs: usize) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let built = baocao::build_in_memory(options).expect("the site builds");
            std::hint::black_box(built.files.len());
            started.elapsed()
        })
        .collect();
    times.sort();
    let files = baocao::build_in_memory(options)
        .expect("the site builds")
        .files
        .len();
    let started = Instant::now();
    baocao::build(options).expect("the site is written");
    let first_write = started.elapsed();
    let started = Instant::now();
    baocao::build(options).expect("the site is written");
    let rewrite = started.elapsed();
    println!(
        "{name}: {files} files; in memory median {:.0} ms (min {:.0} ms, {runs} runs); \
         first write {:.0} ms; unchanged rebuild {:.0} ms",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(first_write),
        ms(rewrite)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A site with `provinces` × `years` reports, each a copy of a bundled report with its
/// province and period changed, so the content is realistic in size and shape.
fn generate_national_site(root: &Path, dir: &Path, provinces: usize, years: i32) {
    let content = dir.join("content");
    let source = root.join("content");
    std::fs::create_dir_all(content.join("provinces")).unwrap();
    for file in ["site.yaml", "units.yaml", "indicators.yaml"] {
        std::fs::copy(source.join(file), content.join(file)).unwrap();
    }
    let template = source.join("provinces/thai-nguyen/2023");
    let report = std::fs::read_to_string(template.join("report.yaml")).unwrap();
    let vi = std::fs::read_to_string(template.join("report.vi.md")).unwrap();
    let en = std::fs::read_to_string(template.join("report.en.md")).unwrap();
    for p in 0..provinces {
        let slug = format!("tinh-{p:02}");
        let folder = content.join("provinces").join(&slug);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("province.yaml"),
            format!("name: {{vi: Tỉnh số {p}, en: Province {p}}}\nregion: {{vi: Vùng thử, en: Test region}}\n"),
        )
        .unwrap();
        for y in 0..years {
            let year = 2014 + y;
            let period = folder.join(year.to_string());
            std::fs::create_dir_all(&period).unwrap();
            let yaml = report
                .replace("province: thai-nguyen", &format!("province: {slug}"))
                .replace("period: 2023", &format!("period: {year}"))
                .replace(
                    "previous_period: 2022",
                    &format!("previous_period: {}", year - 1),
                )
                .replace(
                    "change_against: 2022",
                    &format!("change_against: {}", year - 1),
                )
                .replace("  period: 2024", &format!("  period: {}", year + 1));
            std::fs::write(period.join("report.yaml"), yaml).unwrap();
            std::fs::write(period.join("report.vi.md"), &vi).unwrap();
            std::fs::write(period.join("report.en.md"), &en).unwrap();
        }
    }
}
