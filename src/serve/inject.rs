//! What the preview adds to every HTML page it serves (never to the built files):
//! the live-reload client, and the error overlay while the last rebuild failed.

use std::fmt::Write as _;
use std::path::Path;

use crate::charts::xml_escape as escape;
use crate::diagnostics::{Problems, Severity};
use crate::messages::{Code, Language, Message};
use crate::presentation::{counts, excerpt};

/// Where the pages listen for reload events (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__baocao/events";

/// Reloads the page when the server says the site was rebuilt (or failed to be).
fn client_script() -> String {
    format!(
        "<script id=\"baocao-live-reload\">(()=>{{const s=new EventSource(\"{EVENTS_PATH}\");\
         s.addEventListener(\"reload\",()=>location.reload());}})();</script>"
    )
}

/// The page with the live-reload client, and the overlay if there is one, before `</body>`.
pub fn into_page(html: &str, overlay: Option<&str>) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut page = String::with_capacity(html.len() + 4096);
    page.push_str(&html[..at]);
    if let Some(overlay) = overlay {
        page.push_str(overlay);
    }
    page.push_str(&client_script());
    page.push_str(&html[at..]);
    page
}

/// A page to show when no build has succeeded yet: only the overlay.
pub const EMPTY_PAGE: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
    <title>baocao: lỗi / build failed</title></head><body></body></html>";

/// The problems of a failed rebuild as a panel over the page: each with its file,
/// line and column, the message, the quoted line with a caret, and the hint, in `lang`.
pub fn overlay(problems: &Problems, content_root: &Path, lang: Language) -> String {
    let sorted = problems.clone().into_sorted();
    let errors = sorted.iter().filter(|p| p.is_error()).count();
    let mut out = String::new();
    // A panel at the top that can be folded to one line, leaving the last good page
    // readable below; it wraps long lines so that it fits a 390 px phone.
    let _ = write!(
        out,
        "<div id=\"baocao-overlay\" lang=\"{}\" role=\"alert\" aria-labelledby=\"baocao-overlay-title\" \
         style=\"position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:100vh;overflow:auto;\
         box-sizing:border-box;background:rgba(24,24,27,.96);color:#f4f4f5;font:15px/1.5 system-ui,sans-serif;\
         padding:.75rem 1rem;text-align:left;overflow-wrap:anywhere\">\
         <details open style=\"max-width:60rem;margin:0 auto\">\
         <summary style=\"cursor:pointer\"><span id=\"baocao-overlay-title\" role=\"heading\" aria-level=\"2\" \
         style=\"color:#fca5a5;font-size:1.2rem;font-weight:700\">{}</span> \
         <span style=\"font-size:.9rem;color:#d4d4d8\">({})</span></summary>",
        lang.code(),
        escape(&lang.word(Code::OverlayTitle)),
        escape(&lang.word(Code::OverlayFold)),
    );
    let intro =
        Message::new(Code::OverlayIntro).arg("counts", counts(errors, sorted.len() - errors, lang));
    let _ = write!(
        out,
        "<p style=\"margin:.5rem 0 1rem\">{}</p><ol style=\"padding-left:1.5rem;margin:0\">",
        escape(&lang.text(&intro))
    );
    for problem in &sorted {
        let colour = match problem.severity {
            Severity::Error => "#fca5a5",
            Severity::Warning => "#fde68a",
        };
        let label = problem.severity.label(lang);
        let mut place = problem.file.display().to_string();
        if problem.line > 0 {
            let _ = write!(place, ":{}", problem.line);
            if problem.column > 0 {
                let _ = write!(place, ":{}", problem.column);
            }
        }
        let _ = write!(
            out,
            "<li class=\"baocao-problem\" style=\"margin-bottom:1.25rem\"><p style=\"margin:0\">\
             <code class=\"baocao-place\">{}</code> <strong style=\"color:{colour}\">{label}</strong></p>\
             <p class=\"baocao-message\" style=\"margin:.25rem 0\">{}</p>",
            escape(&place),
            escape(&lang.text(&problem.message))
        );
        if let Some(excerpt) = excerpt(content_root, problem) {
            let number = excerpt.line.to_string();
            let caret = if problem.column > 0 {
                format!(
                    "\n{} | {}<span style=\"color:{colour}\">{}</span>",
                    " ".repeat(number.len()),
                    excerpt.indent,
                    "^".repeat(excerpt.width)
                )
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<pre style=\"background:#000;color:#e4e4e7;padding:.5rem;overflow:auto;max-width:100%;box-sizing:border-box;margin:.25rem 0\">{number} | {}{caret}</pre>",
                escape(&excerpt.text)
            );
        }
        if let Some(hint) = &problem.hint {
            let _ = write!(
                out,
                "<p class=\"baocao-hint\" style=\"margin:.25rem 0;color:#a5f3fc\">{}: {}</p>",
                escape(&lang.word(Code::UiHint)),
                escape(&lang.text(hint))
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></details></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Problem;

    #[test]
    fn client_and_overlay_go_before_the_end_of_the_body() {
        let page = into_page("<html><body><p>x</p></body></html>", Some("<div>o</div>"));
        assert!(page.ends_with(&format!("<div>o</div>{}</body></html>", client_script())));
    }

    #[test]
    fn overlay_can_be_folded_and_stays_within_a_phone_screen() {
        let mut problems = Problems::default();
        problems.push(Problem::error("content/site.yaml", Code::LanguagesNone));
        let html = overlay(&problems, Path::new("content"), Language::En);
        assert!(html.contains("<details open"), "{html}");
        assert!(html.contains("<summary"), "{html}");
        assert!(html.contains("overflow-wrap:anywhere") && html.contains("box-sizing:border-box"));
        assert!(
            !html.contains("inset:0"),
            "the panel covers the whole page: {html}"
        );
    }

    #[test]
    fn overlay_speaks_the_editors_language() {
        let mut problems = Problems::default();
        problems.push(
            Problem::error("content/site.yaml", Code::LanguagesNone).hint(Code::LanguagesNoneHint),
        );
        let says = |lang, parts: &[&str]| {
            let html = overlay(&problems, Path::new("content"), lang);
            for part in parts {
                assert!(html.contains(part), "{part}: {html}");
            }
            html
        };
        says(
            Language::Vi,
            &[
                "lang=\"vi\"",
                "Chưa dựng lại được trang",
                "bấm để thu gọn",
                "1 lỗi, 0 cảnh báo. Sửa tệp rồi lưu lại",
                "bản tốt gần nhất",
                ">lỗi</strong>",
                "trang cần ít nhất một ngôn ngữ",
                "gợi ý: viết `languages: [vi]`",
            ],
        );
        let en = says(
            Language::En,
            &[
                "The site could not be rebuilt",
                "click to fold",
                "1 error, 0 warnings. Fix the file",
                "last good version",
                ">error</strong>",
                "the site needs at least one language",
                "hint: write `languages: [vi]`",
            ],
        );
        assert!(!en.contains("Chưa dựng"), "{en}");
    }

    #[test]
    fn overlay_escapes_what_the_editor_wrote() {
        let mut problems = Problems::default();
        problems.push(
            Problem::error(
                "content/site.yaml",
                Message::new(Code::NumberNotANumber).arg("text", "<script>"),
            )
            .hint(Message::new(Code::NumberPercentSignHint).arg("number", "1 < 2")),
        );
        let html = overlay(&problems, Path::new("content"), Language::En);
        assert!(html.contains("`&lt;script&gt;` is not a number"), "{html}");
        assert!(
            html.contains("hint: write the number alone (1 &lt; 2)"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
    }
}
