//! Helpers for end-to-end tests: fixture sites in temporary folders, the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies every file under `from` into `to`, keeping the layout.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the minimal valid site in a temporary folder, with `content/` inside.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn minimal() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join("minimal"), dir.path());
        Site { dir }
    }

    /// The minimal site with the files of `tests/fixtures/invalid/<case>/` laid over it.
    pub fn invalid(case: &str) -> Site {
        let site = Site::minimal();
        copy_tree(&fixtures().join("invalid").join(case), site.dir.path());
        site
    }

    /// The minimal site with the files of `tests/fixtures/<name>/` laid over it.
    pub fn minimal_with(name: &str) -> Site {
        let site = Site::minimal();
        copy_tree(&fixtures().join(name), site.dir.path());
        site
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
    }

    /// Runs `baocao <args>` in the site's folder, in an English locale.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `baocao <args>` in the site's folder, ready to run, in an English locale
    /// whatever the machine's: a test sets the locale it means to test.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_baocao"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8");
        command
    }

    pub fn read_output(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The `<svg>` of the chart `id` drawn in the page of the folder `page` (`vi/ben-tre/2020/`).
    pub fn inline_chart(&self, page: &str, id: &str) -> String {
        let html = self.read_output(&format!("{page}index.html"));
        let title = html
            .find(&format!("<title id=\"{id}-title\""))
            .unwrap_or_else(|| panic!("{page}: no chart {id}"));
        let start = html[..title].rfind("<svg").expect("in an svg");
        let end = html[title..].find("</svg>").expect("closed svg") + title + "</svg>".len();
        html[start..end].to_string()
    }

    /// The texts drawn in the chart `id` of the page in the folder `page`, in order.
    pub fn chart_texts(&self, page: &str, id: &str) -> Vec<String> {
        drawn_texts(&self.inline_chart(page, id))
    }

    /// The page's `charts.csv`: its header, then a record per row of its charts' tables
    /// (the chart's name, then the cells under the page's columns).
    pub fn chart_numbers(&self, page: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let text = self.read_output(&format!("{page}charts.csv"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let records = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        (header, records)
    }

    /// The rows of the chart titled `chart` in the page's `charts.csv`: each row's cells
    /// that have a value, as (column, value).
    pub fn chart_rows(&self, page: &str, chart: &str) -> Vec<Vec<(String, String)>> {
        let (header, records) = self.chart_numbers(page);
        let rows: Vec<Vec<(String, String)>> = (records.iter())
            .filter(|r| r[0] == chart)
            .map(|r| {
                (header.iter().zip(r).skip(1))
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(column, value)| (column.clone(), value.clone()))
                    .collect()
            })
            .collect();
        assert!(!rows.is_empty(), "{page}charts.csv: no chart {chart}");
        rows
    }

    /// The table of the chart titled `chart` as the page's `charts.csv` holds it: each
    /// row's cells in the order of `columns`, empty where the file has none. Every
    /// column the file names for the chart is one of `columns`.
    pub fn chart_table(&self, page: &str, chart: &str, columns: &[&str]) -> Vec<Vec<String>> {
        let rows = self.chart_rows(page, chart);
        rows.iter()
            .map(|row| {
                let mut cells = vec![String::new(); columns.len()];
                for (column, value) in row {
                    let at = columns.iter().position(|c| c == column);
                    let at = at.unwrap_or_else(|| panic!("{page}: column {column} of {chart}"));
                    cells[at] = value.clone();
                }
                cells
            })
            .collect()
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Every file of a folder with its bytes.
pub type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Every file of a folder with its bytes, to compare whole outputs.
pub fn snapshot(dir: &Path) -> Snapshot {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The examples the search box suggests: `Ví dụ: ben tre, tỷ lệ hộ nghèo`.
pub fn search_examples(page: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let input = scraper::Selector::parse("#search-query").unwrap();
    let placeholder = html
        .select(&input)
        .next()
        .unwrap()
        .attr("placeholder")
        .unwrap();
    let (_, examples) = placeholder.split_once(": ").unwrap();
    examples.split(", ").map(str::to_string).collect()
}

/// A content folder of `provinces` × `years` reports (`provinces/tinh-00/2010/`), each the
/// minimal site's report with its jobs figure `jobs(province, year index)` and the narrative
/// `narrative(words, year)` in both languages ("Báo cáo", "Report").
pub fn generated_content(
    at: &Path,
    (provinces, years): (usize, usize),
    jobs: &dyn Fn(usize, usize) -> usize,
    narrative: &dyn Fn(&str, usize) -> String,
) {
    let minimal = fixtures().join("minimal/content");
    std::fs::create_dir_all(at).unwrap();
    for file in ["site.yaml", "units.yaml", "indicators.yaml"] {
        std::fs::copy(minimal.join(file), at.join(file)).unwrap();
    }
    let report =
        std::fs::read_to_string(minimal.join("provinces/ben-tre/2020/report.yaml")).unwrap();
    for p in 0..provinces {
        let dir = at.join(format!("provinces/tinh-{p:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("province.yaml"),
            format!(
                "name: {{vi: Tỉnh số {p}, en: Province {p}}}\nregion: {{vi: Miền Nam, en: South}}\n"
            ),
        )
        .unwrap();
        for y in 0..years {
            let year = 2010 + y;
            let period = dir.join(year.to_string());
            std::fs::create_dir_all(&period).unwrap();
            let yaml = report
                .replace("province: ben-tre", &format!("province: tinh-{p:02}"))
                .replace("period: 2020", &format!("period: {year}"))
                .replace(
                    "published: 2021-01-15",
                    &format!("published: {}-01-15", year + 1),
                )
                .replace("period: 2021", &format!("period: {}", year + 1))
                .replace("value: 18382", &format!("value: {}", jobs(p, y)))
                // The stated rate would contradict the changed value.
                .replace("    achievement: 102.1\n", "");
            std::fs::write(period.join("report.yaml"), yaml).unwrap();
            for (lang, words) in [("vi", "Báo cáo"), ("en", "Report")] {
                let text = narrative(words, year);
                std::fs::write(period.join(format!("report.{lang}.md")), text).unwrap();
            }
        }
    }
}

/// The texts a chart's SVG draws, in order: each `<text>`, and each `<tspan>` placed on
/// its own in one (a text's chunks).
pub fn drawn_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("tspan"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}
