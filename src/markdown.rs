//! Markdown narratives to HTML that cannot carry script.

use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

/// The Markdown dialect of narratives: CommonMark with tables, footnotes and strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tag_attributes("div", ["id", "tabindex", "role", "aria-label"])
            .add_tag_attributes("sup", ["id"])
            .add_tag_attributes("a", ["id"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_allowed_classes("div", ["footnote-definition", "table-scroll"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .url_schemes(["http", "https", "mailto"].into())
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Renders `markdown` to HTML. Raw HTML and `javascript:` links never survive.
/// What pulldown-cmark writes from Markdown alone is escaped by construction, so a
/// narrative with no raw HTML and only links of the allowed schemes is written as it
/// is, its links marked as ammonia would mark them; any other goes through ammonia's
/// allow-list. Each table is put in a container that scrolls sideways on its own, a
/// region named `table_label`, so that a wide table never makes the page wider than a
/// phone.
pub fn to_html(markdown: &str, table_label: &str) -> String {
    let (events, safe) = events(markdown, &table_open(table_label));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    if safe {
        html::push_html(&mut html, events.into_iter().map(with_link_rel));
        html
    } else {
        html::push_html(&mut html, events.into_iter());
        sanitiser().clean(&html).to_string()
    }
}

/// The opening of the container each table scrolls in: a region named `label`.
fn table_open(label: &str) -> String {
    let mut open =
        String::from(r#"<div class="table-scroll" tabindex="0" role="region" aria-label=""#);
    escape_html(&mut open, label).expect("writing to a String");
    open.push_str(r#"">"#);
    open
}

/// The events of `markdown` as the page shows them: headings one level down, each table
/// in its scrolling container that opens with `table_open`; and whether every event of
/// the narrative itself is [`safe_by_construction`].
fn events<'a>(markdown: &'a str, table_open: &str) -> (Vec<Event<'a>>, bool) {
    let mut safe = true;
    let events = Parser::new_ext(markdown, options())
        .inspect(|event| safe &= safe_by_construction(event))
        .flat_map(|event| match event {
            // The narrative sits under the page's own section heading: its `##` becomes <h3>.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => vec![Event::Start(Tag::Heading {
                level: one_level_down(level),
                id,
                classes,
                attrs,
            })],
            Event::End(TagEnd::Heading(level)) => {
                vec![Event::End(TagEnd::Heading(one_level_down(level)))]
            }
            Event::Start(Tag::Table(align)) => {
                vec![
                    Event::Html(table_open.to_string().into()),
                    Event::Start(Tag::Table(align)),
                ]
            }
            Event::End(TagEnd::Table) => {
                vec![Event::End(TagEnd::Table), Event::Html("</div>".into())]
            }
            other => vec![other],
        })
        .collect();
    (events, safe)
}

/// Whether pulldown-cmark writes the narrative's `event` as HTML that ammonia would
/// keep as it is: no raw HTML, not even an end tag, and no link or image to a scheme
/// outside the allow-list.
fn safe_by_construction(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => false,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            allowed_destination(dest_url)
        }
        _ => true,
    }
}

/// A destination of one of the allowed schemes, or a relative one: printable ASCII
/// (what is not is percent-encoded by pulldown-cmark), and no scheme before its first
/// `/`, `?` or `#` other than `http`, `https` and `mailto`.
fn allowed_destination(dest: &str) -> bool {
    let head = dest.split(['/', '?', '#']).next().unwrap_or("");
    let scheme_ok = match head.split_once(':') {
        None => true,
        Some((scheme, _)) => ["http", "https", "mailto"]
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
    };
    scheme_ok && !dest.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// A link's opening tag as ammonia writes it in the sanitised path: with
/// `rel="noopener noreferrer"`.
fn with_link_rel(event: Event) -> Event {
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        ..
    }) = &event
    else {
        return event;
    };
    let mut tag = String::from(r#"<a href=""#);
    if *link_type == LinkType::Email {
        tag.push_str("mailto:");
    }
    escape_href(&mut tag, dest_url).expect("writing to a String");
    if !title.is_empty() {
        tag.push_str(r#"" title=""#);
        escape_html(&mut tag, title).expect("writing to a String");
    }
    tag.push_str(r#"" rel="noopener noreferrer">"#);
    Event::InlineHtml(tag.into())
}

/// The deepest a narrative may nest quotes, lists and HTML elements: the time to
/// sanitise a page grows with the square of its depth, and no report needs more.
pub const MAX_DEPTH: usize = 100;

/// How deep `markdown` nests its blocks, quotes, lists and raw HTML elements.
pub fn nesting_depth(markdown: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in html.split('<').skip(1) {
                    let name: String = tag
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect::<String>()
                        .to_ascii_lowercase();
                    let self_closing = tag.split('>').next().is_some_and(|t| t.ends_with('/'));
                    if tag.starts_with('/') {
                        depth = depth.saturating_sub(1);
                    } else if !name.is_empty() && !self_closing && !VOID.contains(&name.as_str()) {
                        depth += 1;
                    }
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// HTML elements that have no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn one_level_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether a narrative says anything: more than headings and `<!-- -->` comments,
/// which is all the skeleton `baocao new` writes has.
pub fn has_prose(body: &str) -> bool {
    let mut rest = body;
    let mut text = String::new();
    while let Some(start) = rest.find("<!--") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    text.push_str(rest);
    text.lines()
        .map(str::trim)
        .any(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Every link and image of `markdown` as written: its destination, and the 1-based line
/// and column where it starts in `markdown`, so that a broken one is reported where an
/// editor wrote it.
pub fn links(markdown: &str) -> Vec<(String, usize, usize)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let before = &markdown[..range.start];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column = before[line_start..].chars().count() + 1;
                Some((dest_url.to_string(), line, column))
            }
            _ => None,
        })
        .collect()
}

/// A link's destination as it stands in the HTML: what is not plain ASCII percent-encoded.
pub fn escaped_href(dest: &str) -> String {
    let mut out = String::with_capacity(dest.len());
    for byte in dest.bytes() {
        if byte.is_ascii_graphic() && !matches!(byte, b'"' | b'<' | b'>' | b'\\' | b'`') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skeleton_of_headings_and_comments_has_no_prose() {
        assert!(!has_prose(
            "<!-- Mở đầu -->\n\n## Kết quả\n\n<!-- Số liệu\nchính -->\n"
        ));
        assert!(has_prose(
            "## Kết quả\n\nNăm 2023 tỉnh giải quyết việc làm cho 23.125 người.\n"
        ));
    }

    #[test]
    fn script_and_javascript_links_are_removed() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    /// What ammonia keeps of `markdown` rendered without any shortcut.
    fn sanitised(markdown: &str) -> String {
        let mut html = String::new();
        html::push_html(
            &mut html,
            events(markdown, &table_open("Bảng")).0.into_iter(),
        );
        sanitiser().clean(&html).to_string()
    }

    #[test]
    fn markdown_without_raw_html_is_what_ammonia_would_keep() {
        let crafted = "## Kết quả\n\nXem [năm trước](../2019/ \"Năm \\\"trước\\\"\") và \
            <https://example.org/a?b=1&c=2>, <tin@example.org>, ![hình](a.png).\n\n\
            | Chỉ tiêu | Kết quả |\n|:--|--:|\n| *Việc làm* | 23.125 & hơn |\n\n\
            Chú thích[^1] ~~cũ~~ `mã <b>`.\n\n[^1]: Nguồn: Sở.\n\n```\n<script>\n```\n";
        let bundled = walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
            .into_iter()
            .map(|entry| entry.expect("content folder").into_path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
            .map(|path| std::fs::read_to_string(path).expect("narrative"));
        let mut checked = 0;
        for markdown in std::iter::once(crafted.to_string()).chain(bundled) {
            let html = to_html(&markdown, "Bảng");
            assert_eq!(
                sanitiser().clean(&html).to_string(),
                sanitised(&markdown),
                "{markdown}"
            );
            checked += 1;
        }
        assert!(checked > 10, "the bundled narratives were read: {checked}");
        let html = to_html(crafted, "");
        assert!(
            html.contains(
                r#"<a href="../2019/" title="Năm &quot;trước&quot;" rel="noopener noreferrer">"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="mailto:tin@example.org" rel="noopener noreferrer">"#),
            "{html}"
        );
    }

    #[test]
    fn a_link_to_another_scheme_is_sanitised_even_without_raw_html() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "<java\tscript:alert(1)>",
            "vbscript:x",
            "data:text/html,x",
        ] {
            let html = to_html(&format!("[x]({dest}) and text"), "");
            let html_lower = html.to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !html_lower.contains(&format!("href=\"{scheme}")),
                    "{dest}: {html}"
                );
            }
            assert!(html.contains("and text"), "{dest}: {html}");
        }
        let html = to_html(
            r#"<div class="table-scroll" onclick="alert(1)">x</div>"#,
            "",
        );
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn a_stray_end_tag_cannot_close_the_page_around_the_narrative() {
        let html = to_html("Text.\n\n</div>\n\n| a |\n|---|\n| 1 |\n", "Bảng");
        assert_eq!(
            html.matches("<div").count(),
            html.matches("</div>").count(),
            "{html}"
        );
    }

    #[test]
    fn nesting_depth_counts_quotes_lists_and_raw_html() {
        assert_eq!(nesting_depth("Plain text.\n"), 1);
        assert_eq!(nesting_depth(&format!("{}x\n", "> ".repeat(150))), 151);
        assert!(nesting_depth(&"<div>".repeat(300)) >= 300);
        assert!(nesting_depth("<p>a<br>b<img src=x/></p> <sup>1</sup>\n") <= 3);
    }

    #[test]
    fn narrative_headings_sit_below_the_page_sections() {
        assert!(to_html("## Kết quả\n", "").contains("<h3>Kết quả</h3>"));
    }

    #[test]
    fn links_are_found_at_their_line_and_column() {
        let md = "# Kết quả\n\nXem [năm trước](../2019/) và\n  ![hình](a.png \"t\").\n";
        assert_eq!(
            links(md),
            [("../2019/".to_string(), 3, 5), ("a.png".to_string(), 4, 3)]
        );
    }

    #[test]
    fn tables_and_footnotes_render() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n",
            "Bảng \"1\"",
        );
        assert!(
            html.contains(r#"<div class="table-scroll" tabindex="0" role="region" aria-label="Bảng &quot;1&quot;"><table>"#),
            "a table scrolls in its own named region: {html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }
}
