//! Build benchmark: the `baocao` binary building a generated national site
//! (63 provinces × 10 years × 2 languages) into a real folder, measured as a
//! child process: wall time, CPU time and peak memory, and the files and bytes
//! it wrote, for a cold build, a rebuild with nothing changed and a rebuild
//! after one report changed. Each figure is the median of the runs.
//!
//! `cargo bench --bench build`, with these settings in the environment:
//! - `BAOCAO_BENCH_10X=1` also measures the 10× site (630 provinces × 10 years);
//!   off by default because one cold build of it takes minutes.
//! - `ZOLA=/path/to/zola` also builds an anchor Zola site of the same report pages
//!   (the same narrative and a 12-figure table, no charts) and prints the ratios.
//! - `BAOCAO_BENCH_RUNS=n` runs each measurement n times (default 5).
//! - `BAOCAO_BENCH_PROVINCES=n` measures n provinces instead of 63, to profile a smaller site.
//! - `BAOCAO_BENCH_DIR=folder` keeps the generated sites and their output there
//!   (a folder on tmpfs, such as /dev/shm/bench, leaves the disk out of the figures).
//! - `BAOCAO_BENCH_BIN=/path/to/baocao` measures another build of baocao, to compare two versions.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const YEARS: usize = 10;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let kept = std::env::var_os("BAOCAO_BENCH_DIR").map(PathBuf::from);
    let scratch = kept.as_deref().unwrap_or(scratch.path());
    let runs = setting("BAOCAO_BENCH_RUNS").unwrap_or(5).max(1);
    let provinces = setting("BAOCAO_BENCH_PROVINCES").unwrap_or(63);
    let zola = std::env::var_os("ZOLA").map(PathBuf::from);
    println!("{} cores; output under {}", cores(), scratch.display());
    let mut scales = vec![("national", provinces, runs)];
    if std::env::var_os("BAOCAO_BENCH_10X").is_some() {
        scales.push(("10×", provinces * 10, runs.min(3)));
    }
    for (name, provinces, runs) in scales {
        let dir = scratch.join(format!("site-{provinces}"));
        let site = generate_site(root, &dir, provinces, YEARS);
        println!(
            "\n{name} site: {provinces} provinces × {YEARS} years × 2 languages = {} report pages; median of {runs} runs",
            provinces * YEARS * 2
        );
        println!(
            "{:<28}{:>9}{:>9}{:>9}{:>13}{:>15}{:>12}",
            "", "wall", "CPU", "of sys", "peak memory", "files written", "bytes"
        );
        let cold = measure_baocao(&site, &dir, runs);
        if let Some(zola) = &zola {
            let anchor = generate_anchor(&dir.join("zola"), &site);
            let zola_cold = measure_zola(zola, &anchor, runs);
            print_ratio(&cold, &zola_cold);
        }
    }
}

fn setting(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .map(|v| v.parse().expect("a whole number"))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One run of one build, as the operating system counted it.
#[derive(Clone, Copy)]
struct Usage {
    wall: Duration,
    cpu: Duration,
    /// The part of `cpu` spent in the kernel: mostly creating and writing files.
    sys: Duration,
    peak_kib: u64,
    files: usize,
    bytes: u64,
}

/// Runs the command to its end and returns its wall time, CPU time and peak resident memory.
#[expect(clippy::zombie_processes, reason = "wait4 reaps the child")]
fn run(command: &mut Command, log: &Path) -> Usage {
    let log_file = std::fs::File::create(log).expect("a log file");
    let started = Instant::now();
    let child = command
        .stdout(log_file.try_clone().expect("the log file"))
        .stderr(log_file)
        .spawn()
        .expect("the program starts");
    let mut status = 0;
    // SAFETY: rusage is plain data, and wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert!(pid > 0, "waiting for the child failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        panic!(
            "{command:?} failed:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        sys: time(usage.ru_stime),
        peak_kib: usage.ru_maxrss as u64,
        files: 0,
        bytes: 0,
    }
}

/// Every file under `dir`, by path, with its inode and size.
fn inventory(dir: &Path) -> HashMap<PathBuf, (u64, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().expect("a listed file");
            (e.path().to_path_buf(), (meta.ino(), meta.len()))
        })
        .collect()
}

/// Runs a build and counts the files it wrote: new files and files replaced by new ones.
fn run_build(command: &mut Command, out: &Path, log: &Path) -> Usage {
    let before = inventory(out);
    let mut usage = run(command, log);
    for (path, (inode, len)) in inventory(out) {
        if before.get(&path).is_none_or(|(old, _)| *old != inode) {
            usage.files += 1;
            usage.bytes += len;
        }
    }
    usage
}

fn measure_baocao(site: &Site, dir: &Path, runs: usize) -> Usage {
    let out = dir.join("out");
    let log = dir.join("build.log");
    let binary = std::env::var_os("BAOCAO_BENCH_BIN");
    let mut build = Command::new(
        binary
            .as_deref()
            .unwrap_or(env!("CARGO_BIN_EXE_baocao").as_ref()),
    );
    build
        .current_dir(dir)
        .args(["build", "--content", "content", "--output"])
        .arg(&out);
    let (mut cold, mut noop, mut change) = (vec![], vec![], vec![]);
    for i in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(dir.join(".out.baocao-cache"));
        cold.push(run_build(&mut build, &out, &log));
        noop.push(run_build(&mut build, &out, &log));
        site.change_one_report(i);
        change.push(run_build(&mut build, &out, &log));
    }
    let cold = median(&cold);
    print_row("baocao, cold build", &cold);
    print_row("baocao, nothing changed", &median(&noop));
    print_row("baocao, one report changed", &median(&change));
    cold
}

fn measure_zola(zola: &Path, anchor: &Path, runs: usize) -> Usage {
    let out = anchor.join("public");
    let log = anchor.join("build.log");
    let mut build = Command::new(zola);
    build
        .current_dir(anchor)
        .args(["build", "--force", "--output-dir"])
        .arg(&out);
    let cold: Vec<Usage> = (0..runs)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&out);
            run_build(&mut build, &out, &log)
        })
        .collect();
    let cold = median(&cold);
    print_row("Zola anchor, cold build", &cold);
    cold
}

/// The median of each measure on its own.
fn median(runs: &[Usage]) -> Usage {
    fn mid<T: Ord + Copy>(mut values: Vec<T>) -> T {
        values.sort();
        values[values.len() / 2]
    }
    Usage {
        wall: mid(runs.iter().map(|u| u.wall).collect()),
        cpu: mid(runs.iter().map(|u| u.cpu).collect()),
        sys: mid(runs.iter().map(|u| u.sys).collect()),
        peak_kib: mid(runs.iter().map(|u| u.peak_kib).collect()),
        files: mid(runs.iter().map(|u| u.files).collect()),
        bytes: mid(runs.iter().map(|u| u.bytes).collect()),
    }
}

fn print_row(name: &str, u: &Usage) {
    println!(
        "{name:<28}{:>7.2} s{:>7.2} s{:>7.2} s{:>9.0} MiB{:>15}{:>9.1} MB",
        u.wall.as_secs_f64(),
        u.cpu.as_secs_f64(),
        u.sys.as_secs_f64(),
        u.peak_kib as f64 / 1024.0,
        u.files,
        u.bytes as f64 / 1e6
    );
}

fn print_ratio(baocao: &Usage, zola: &Usage) {
    let ratio = |a: f64, b: f64| a / b.max(f64::MIN_POSITIVE);
    println!(
        "{:<28}{:>8.1}×{:>8.1}×{:>8.1}×{:>12.1}×{:>15.1}×{:>9.1}×",
        "baocao / Zola, cold",
        ratio(baocao.wall.as_secs_f64(), zola.wall.as_secs_f64()),
        ratio(baocao.cpu.as_secs_f64(), zola.cpu.as_secs_f64()),
        ratio(baocao.sys.as_secs_f64(), zola.sys.as_secs_f64()),
        ratio(baocao.peak_kib as f64, zola.peak_kib as f64),
        ratio(baocao.files as f64, zola.files as f64),
        ratio(baocao.bytes as f64, zola.bytes as f64)
    );
}

/// A generated content folder, and what a one-report change edits.
struct Site {
    content: PathBuf,
    provinces: usize,
    years: usize,
}

impl Site {
    fn report(&self, p: usize, y: usize) -> PathBuf {
        self.content
            .join(format!("provinces/tinh-{p:02}/{}/report.yaml", 2014 + y))
    }

    /// Rewrites one report in the middle of the site with a different figure, as an editor would.
    fn change_one_report(&self, run: usize) {
        let path = self.report(self.provinces / 2, self.years / 2);
        let text = std::fs::read_to_string(&path).expect("the report");
        let (head, rest) = text.split_once("value: ").expect("a figure");
        let (number, tail) = rest.split_once('\n').expect("a line");
        let number: u64 = number.parse().expect("the first figure is a count");
        let changed = format!("{head}value: {}\n{tail}", number + 1 + run as u64);
        std::fs::write(&path, changed).expect("the report is written");
    }
}

/// A number in [0, 1) that depends only on the province, the year and which figure it is.
fn noise(p: usize, y: usize, k: usize) -> f64 {
    let mut h = (p as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64 + 1).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (k as u64 + 1).wrapping_mul(0x1656_67B1_9E37_79F9);
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 29;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A site of `provinces` × `years` reports with the catalogue, units and site settings
/// of the bundled site. Each report has 12 figures that differ by province and year,
/// 1–3 breakdowns, targets for the next year, 3–6 key tasks and in each language a
/// narrative of about four sections, shaped after a bundled report.
fn generate_site(root: &Path, dir: &Path, provinces: usize, years: usize) -> Site {
    let content = dir.join("content");
    let source = root.join("content");
    let _ = std::fs::remove_dir_all(&content);
    std::fs::create_dir_all(content.join("provinces")).unwrap();
    for file in ["site.yaml", "units.yaml", "indicators.yaml"] {
        std::fs::copy(source.join(file), content.join(file)).unwrap();
    }
    let template = source.join("provinces/thai-nguyen/2023");
    let vi = std::fs::read_to_string(template.join("report.vi.md")).unwrap();
    let en = std::fs::read_to_string(template.join("report.en.md")).unwrap();
    for p in 0..provinces {
        let folder = content.join(format!("provinces/tinh-{p:02}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("province.yaml"),
            format!("name: {{vi: Tỉnh số {p}, en: Province {p}}}\nregion: {{vi: Vùng {r}, en: Region {r}}}\n", r = p % 6),
        )
        .unwrap();
        for y in 0..years {
            let year = 2014 + y;
            let period = folder.join(year.to_string());
            std::fs::create_dir_all(&period).unwrap();
            std::fs::write(period.join("report.yaml"), report_yaml(p, y, year)).unwrap();
            let vi = narrative(&vi, "Thái Nguyên", &format!("Tỉnh số {p}"), year);
            let en = narrative(&en, "Thai Nguyen", &format!("Province {p}"), year);
            std::fs::write(period.join("report.vi.md"), vi).unwrap();
            std::fs::write(period.join("report.en.md"), en).unwrap();
        }
    }
    Site {
        content,
        provinces,
        years,
    }
}

/// The bundled 2023 narrative, retold for another province and year.
fn narrative(template: &str, name: &str, province: &str, year: usize) -> String {
    template
        .replace(name, province)
        .replace("2022", "\u{0}p")
        .replace("2024", "\u{0}n")
        .replace("2023", &year.to_string())
        .replace("\u{0}p", &(year - 1).to_string())
        .replace("\u{0}n", &(year + 1).to_string())
}

/// report.yaml of province `p` in year index `y`.
fn report_yaml(p: usize, y: usize, year: usize) -> String {
    let r = |k| noise(p, y, k);
    let count = |k, low: f64, span: f64| (low + span * r(k)).round() as u64;
    let rate = |k, low: f64, span: f64| (10.0 * (low + span * r(k))).round() / 10.0;
    let jobs = count(1, 15_000.0, 20_000.0);
    let abroad = count(2, 500.0, 3_000.0);
    let enrolment = count(6, 20_000.0, 30_000.0);
    let rehab = count(9, 300.0, 1_200.0);
    let voluntary = rehab * (40 + (p + y) as u64 % 30) / 100;
    let poor = rate(7, 1.0, 6.0) + (10 - y.min(10)) as f64 * 0.3;
    let reduction = rate(8, 0.3, 1.5);
    let mut s = format!(
        "province: tinh-{p:02}\nperiod: {year}\npublished: {}-03-15\n\
         department:\n  vi: Sở Lao động – Thương binh và Xã hội tỉnh số {p}\n  en: Department of Labour, Invalids and Social Affairs of province {p}\n\
         source:\n  title: Báo cáo tổng kết năm {year}\n  publisher: Sở Lao động – Thương binh và Xã hội\n\nresults:\n",
        year + 1
    );
    let figures = [
        format!(
            "jobs_created\n    value: {jobs}\n    target: {}",
            (jobs / 1000) * 1000
        ),
        format!("overseas_workers\n    value: {abroad}"),
        format!(
            "urban_unemployment_rate\n    value: {}\n    target: 3\n    target_qualifier: below",
            rate(3, 1.5, 2.5)
        ),
        format!(
            "trained_labour_rate\n    value: {}\n    change: 1\n    change_unit: percentage-points\n    change_against: {}",
            rate(4, 55.0, 25.0),
            year - 1
        ),
        format!("trained_certified_rate\n    value: {}", rate(5, 20.0, 20.0)),
        format!(
            "vocational_enrolment\n    value: {enrolment}\n    target: {}",
            (enrolment / 500) * 500
        ),
        format!(
            "poor_household_rate\n    value: {poor:.1}\n    previous: {:.1}\n    previous_period: {}",
            poor + reduction,
            year - 1
        ),
        format!("poor_household_rate_reduction\n    value: {reduction}"),
        format!(
            "drug_rehab_total\n    value: {rehab}\n    target: {}",
            (rehab / 100) * 100
        ),
        format!(
            "merit_monthly_beneficiaries\n    value: {}",
            count(10, 5_000.0, 20_000.0)
        ),
        format!("gratitude_fund_raised\n    value: {}", rate(11, 2.0, 10.0)),
        format!("satisfaction_index\n    value: {}", rate(12, 85.0, 14.0)),
    ];
    for figure in figures {
        let _ = writeln!(s, "  - indicator: {figure}");
    }
    s.push_str("\nbreakdowns:\n");
    let breakdowns = [
        format!(
            "jobs_created\n    by: {{vi: trong đó đi làm việc ở nước ngoài, en: of which abroad}}\n    parts:\n      - indicator: overseas_workers\n        value: {abroad}"
        ),
        format!(
            "drug_rehab_total\n    by: {{vi: hình thức cai nghiện, en: type of rehabilitation}}\n    parts:\n      - indicator: drug_rehab_voluntary\n        value: {voluntary}\n      - indicator: drug_rehab_compulsory\n        value: {}",
            rehab - voluntary
        ),
        format!(
            "vocational_enrolment\n    by: {{vi: trình độ, en: level}}\n    parts:\n      - indicator: vocational_enrolment_college\n        value: {}\n      - indicator: vocational_enrolment_intermediate\n        value: {}\n      - indicator: vocational_enrolment_elementary\n        value: {}",
            enrolment / 10,
            enrolment / 5,
            enrolment - enrolment / 10 - enrolment / 5
        ),
    ];
    for breakdown in breakdowns.iter().take(1 + (p + y) % 3) {
        let _ = writeln!(s, "  - indicator: {breakdown}");
    }
    let _ = write!(
        s,
        "\nnext:\n  period: {}\n  targets:\n    - indicator: jobs_created\n      value: {}\n    - indicator: drug_rehab_total\n      value: {}\n    - indicator: trained_labour_rate\n      value: {}\n  tasks:\n",
        year + 1,
        (jobs / 1000 + 1) * 1000,
        (rehab / 100) * 100,
        rate(4, 56.0, 25.0)
    );
    for task in TASKS.iter().take(3 + (p + 2 * y) % 4) {
        let _ = writeln!(s, "    - {task}");
    }
    s
}

const TASKS: [&str; 6] = [
    "{vi: \"Duy trì chương trình quốc gia về giảm nghèo bền vững.\", en: \"Carry on with the national programme for sustainable poverty reduction.\"}",
    "{vi: \"Huy động cộng đồng hỗ trợ các gia đình người có công thoát nghèo.\", en: \"Rally community support for families of people with merit.\"}",
    "{vi: \"Nâng chất lượng đào tạo của các cơ sở giáo dục nghề nghiệp.\", en: \"Raise the quality of vocational schools.\"}",
    "{vi: \"Điều trị cai nghiện theo kế hoạch của tỉnh.\", en: \"Provide drug rehabilitation as the province plans.\"}",
    "{vi: \"Chi trả trợ cấp người có công kịp thời, đúng đối tượng.\", en: \"Pay merit allowances on time and to the right people.\"}",
    "{vi: \"Kết nối cung cầu lao động qua các phiên giao dịch việc làm.\", en: \"Match jobseekers and employers at job fairs.\"}",
];

/// A Zola site of the same report pages: each report's narrative in both languages,
/// with a table of its 12 figures, under a section per province.
fn generate_anchor(dir: &Path, site: &Site) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    let content = dir.join("content");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("zola.toml"),
        "base_url = \"/\"\ndefault_language = \"vi\"\ntitle = \"Báo cáo\"\n[languages.en]\ntitle = \"Reports\"\n",
    )
    .unwrap();
    let layout = |body: &str| {
        format!(
            "<!doctype html><html lang=\"{{{{ lang }}}}\"><head><meta charset=\"utf-8\"><title>{{{{ config.title }}}}</title></head><body>{body}</body></html>"
        )
    };
    let list = "<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>";
    let templates = [
        ("index.html", layout(list)),
        (
            "section.html",
            layout(&format!("<h1>{{{{ section.title }}}}</h1>{list}")),
        ),
        (
            "page.html",
            layout("<h1>{{ page.title }}</h1>{{ page.content | safe }}"),
        ),
    ];
    for (name, text) in templates {
        std::fs::write(dir.join("templates").join(name), text).unwrap();
    }
    for lang in ["", ".en"] {
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(
            content.join(format!("_index{lang}.md")),
            "+++\ntitle = \"Báo cáo\"\n+++\n",
        )
        .unwrap();
    }
    for p in 0..site.provinces {
        let folder = content.join(format!("tinh-{p:02}"));
        std::fs::create_dir_all(&folder).unwrap();
        for y in 0..site.years {
            let year = 2014 + y;
            let yaml = std::fs::read_to_string(site.report(p, y)).unwrap();
            let table = figure_table(&yaml);
            for (lang, suffix) in [("vi", ""), ("en", ".en")] {
                let md = std::fs::read_to_string(
                    site.report(p, y)
                        .with_file_name(format!("report.{lang}.md")),
                )
                .unwrap();
                let (front, body) = md
                    .trim_start_matches("---\n")
                    .split_once("\n---\n")
                    .unwrap();
                let title = front.lines().next().unwrap().trim_start_matches("title: ");
                let page =
                    format!("+++\ntitle = {title}\ndate = {year}-12-31\n+++\n{body}\n\n{table}");
                std::fs::write(folder.join(format!("{year}{suffix}.md")), page).unwrap();
            }
        }
        for suffix in ["", ".en"] {
            let section = format!("+++\ntitle = \"tinh-{p:02}\"\nsort_by = \"date\"\n+++\n");
            std::fs::write(folder.join(format!("_index{suffix}.md")), section).unwrap();
        }
    }
    dir.to_path_buf()
}

/// The 12 figures of a generated report as a Markdown table.
fn figure_table(yaml: &str) -> String {
    let results = yaml.split("\nbreakdowns:").next().unwrap_or(yaml);
    let mut table = String::from("| Indicator | Value | Plan |\n|---|---:|---:|\n");
    for figure in results.split("  - indicator: ").skip(1) {
        let field = |name: &str| {
            figure
                .lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .unwrap_or("")
        };
        let name = figure.lines().next().unwrap_or("");
        let _ = writeln!(
            table,
            "| {name} | {} | {} |",
            field("value: "),
            field("target: ")
        );
    }
    table
}
