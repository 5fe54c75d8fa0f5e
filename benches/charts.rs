//! Chart-drawing benchmark: charts per second for each kind, on inputs the size
//! of a national-scale site (34 provinces in a ranking, ten years in a trend).
//! Run with `cargo bench --bench charts`.

use std::time::Instant;

use baocao::charts::{
    Achievement, AchievementBar, Breakdown, ChartMeta, Part, RankedProvince, Ranking, Remainder,
    Status, Trend, TrendPoint, achievement_svg, breakdown_svg, ranking_svg, trend_svg,
};
use baocao::i18n;

fn meta(id: &str) -> ChartMeta {
    ChartMeta {
        id: id.into(),
        title: "Tỷ lệ lao động qua đào tạo".into(),
        desc: "Tỷ lệ lao động qua đào tạo tăng từ 60% lên 72,66%.".into(),
    }
}

fn vi(v: f64) -> String {
    static VI: std::sync::LazyLock<i18n::Strings> =
        std::sync::LazyLock::new(|| i18n::built_in("vi"));
    VI.number(v, 2)
}

fn achievement() -> Achievement {
    let names = [
        "Giải quyết việc làm",
        "Lao động đi làm việc ở nước ngoài",
        "Tỷ lệ lao động qua đào tạo",
        "Tỷ lệ thất nghiệp thành thị",
        "Tỷ lệ hộ nghèo",
        "Tuyển sinh giáo dục nghề nghiệp",
    ];
    Achievement {
        meta: meta("achievement"),
        bars: names
            .iter()
            .enumerate()
            .map(|(i, n)| AchievementBar {
                label: n.to_string(),
                percent: 85.0 + 7.0 * i as f64,
                value_label: format!("{}%", vi(85.0 + 7.0 * i as f64)),
                status: if i < 2 { Status::NotMet } else { Status::Met },
                note: (i > 2).then(|| "thấp hơn là tốt".to_string()),
            })
            .collect(),
        plan_label: "100% kế hoạch".into(),
        legend_met: "Đạt kế hoạch".into(),
        legend_not_met: "Chưa đạt kế hoạch".into(),
        legend_no_target: "Đang thực hiện kế hoạch năm".into(),
    }
}

fn trend() -> Trend {
    let point = |y: i32, v: f64| TrendPoint {
        x_label: y.to_string(),
        value: v,
        value_label: format!("{}%", vi(v)),
        estimate: y == 2023,
    };
    Trend {
        meta: meta("trend"),
        unit_label: "%".into(),
        points: (2014..=2023)
            .map(|y| point(y, 55.0 + f64::from(y - 2014) * 1.9))
            .collect(),
        targets: vec![point(2023, 72.0), point(2024, 74.0)],
        legend_actual: "Thực hiện".into(),
        legend_target: "Kế hoạch".into(),
        legend_estimate: "Ước tính".into(),
    }
}

fn ranking() -> Ranking {
    Ranking {
        meta: meta("ranking"),
        provinces: (0..34)
            .map(|i| RankedProvince {
                label: format!("{}. Tỉnh Đắk Lắk số {i}", i + 1),
                note: None,
                value: 80.0 - f64::from(i),
                value_label: format!("{}%", vi(80.0 - f64::from(i))),
                former: i % 3 == 0,
                highlight: i == 7,
                open: i == 33,
            })
            .collect(),
        legend_province: "Các tỉnh khác".into(),
        legend_former: "Tỉnh cũ (trước 1/7/2025)".into(),
        legend_highlight: "Tỉnh của báo cáo này".into(),
    }
}

fn breakdown() -> Breakdown {
    let part = |label: &str, v: f64| Part {
        label: label.into(),
        value: v,
        value_label: format!("{} người", vi(v)),
    };
    Breakdown {
        meta: meta("breakdown"),
        parts: vec![
            part("Nhật Bản", 233.0),
            part("Đài Loan (Trung Quốc)", 106.0),
            part("Hàn Quốc", 2.0),
            part("Liên bang Nga", 1.0),
        ],
        remainder: Some((part("Chưa phân loại", 15.0), Remainder::NotItemised)),
        legend_part: "Nước đến".into(),
    }
}

/// Draws `draw` repeatedly for about a second and prints charts per second.
fn measure(name: &str, draw: &dyn Fn() -> String) -> f64 {
    let bytes = draw().len();
    let started = Instant::now();
    let mut n = 0u32;
    while started.elapsed().as_secs_f64() < 1.0 {
        std::hint::black_box(draw());
        n += 1;
    }
    let rate = f64::from(n) / started.elapsed().as_secs_f64();
    println!("{name:<32} {rate:>8.0} charts/s  ({bytes} bytes each)");
    rate
}

fn main() {
    let fmt = |v: f64| vi(v);
    let (a, t, r, b) = (achievement(), trend(), ranking(), breakdown());
    let rates = [
        measure("achievement (6 indicators)", &|| achievement_svg(&a, &fmt)),
        measure("trend (10 years, 2 targets)", &|| trend_svg(&t, &fmt)),
        measure("ranking (34 provinces)", &|| ranking_svg(&r, &fmt)),
        measure("breakdown (4 parts and a gap)", &|| breakdown_svg(&b, &fmt)),
    ];
    let mean = rates.len() as f64 / rates.iter().map(|r| 1.0 / r).sum::<f64>();
    println!(
        "{:<32} {mean:>8.0} charts/s (one thread)",
        "all kinds, harmonic mean"
    );
}
