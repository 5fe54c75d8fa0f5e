//! Template indentation, taken out once when the theme is loaded.
//!
//! A template is indented for its author to read. A reader's browser folds a line's
//! leading spaces into the line break before them, so on the page they are bytes for
//! nothing: 3.6 MB of a national site. They are removed from the text of the `.html`
//! templates, with any spaces that end a line, except where whitespace shows or may
//! mean something:
//!
//! - inside `<pre>`, `<textarea>`, `<script>` and `<style>`;
//! - inside a quoted attribute value;
//! - inside Tera's own tags (`{{ }}`, `{% %}`, `{# #}`) and `{% raw %}` blocks;
//! - before or after a Tera tag on the same line, which may write text there.
//!
//! Line breaks stay, so that every template line keeps its number.

/// `source` without the indentation of its lines, where HTML ignores it.
pub fn strip_indentation(source: &str) -> String {
    let mut out = Vec::with_capacity(source.len());
    let mut html = Html::default();
    let mut rest = source;
    while !rest.is_empty() {
        let (text, tag, after) = split_at_tera_tag(rest);
        html.copy(text.as_bytes(), &mut out);
        out.extend_from_slice(tag.as_bytes());
        rest = after;
    }
    // Only ASCII spaces and tabs were left out, between whole characters.
    String::from_utf8(out).expect("UTF-8 stays UTF-8 without ASCII blanks")
}

/// The text before the first Tera tag, the tag (a `{% raw %}` block whole, with its
/// content), and what follows. A tag left open runs to the end: Tera reports it.
fn split_at_tera_tag(s: &str) -> (&str, &str, &str) {
    let Some(start) = find_tag_start(s) else {
        return (s, "", "");
    };
    let end = start + tag_len(&s[start..]);
    let end = if tag_words(&s[start..end]) == Some("raw") {
        find_endraw(&s[end..]).map_or(s.len(), |e| end + e)
    } else {
        end
    };
    (&s[..start], &s[start..end], &s[end..])
}

fn find_tag_start(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(1)).find(|&i| b[i] == b'{' && matches!(b[i + 1], b'{' | b'%' | b'#'))
}

/// The length of the tag that starts `s`, through its closing delimiter; strings in
/// expressions may hold the delimiter.
fn tag_len(s: &str) -> usize {
    let b = s.as_bytes();
    let close = match b[1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => b'#',
    };
    let mut i = 2;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'' | b'`') if close != b'#' => {
                i += b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| p + 1);
            }
            c if c == close && b.get(i + 1) == Some(&b'}') => return i + 2,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The words inside a statement tag: `raw` of `{%- raw -%}`, whose content Tera
/// writes as it is.
fn tag_words(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    Some(inner.trim_matches('-').trim())
}

/// Where the `{% endraw %}` tag in `s` ends.
fn find_endraw(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(start) = s[from..].find("{%").map(|i| from + i) {
        let end = start + tag_len(&s[start..]);
        if tag_words(&s[start..end]) == Some("endraw") {
            return Some(end);
        }
        from = start + 2;
    }
    None
}

/// Where the HTML text is, carried from one piece of text to the next across Tera tags.
#[derive(Default)]
struct Html {
    state: State,
    /// The element whose content keeps its whitespace, until its end tag.
    keep: Option<&'static str>,
    /// That element, when its start tag is being read.
    opening: Option<&'static str>,
}

#[derive(Default, PartialEq)]
enum State {
    #[default]
    Text,
    Tag {
        quote: Option<u8>,
    },
    Comment,
}

/// Elements whose whitespace shows or is code.
const KEEP: [&str; 4] = ["pre", "textarea", "script", "style"];

impl Html {
    /// Copies the text `b` to `out`, without the blanks around its line breaks
    /// where they do not show.
    fn copy(&mut self, b: &[u8], out: &mut Vec<u8>) {
        let start = out.len();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' && self.may_strip() {
                // Blanks ending the line, in this piece of text only.
                while out.len() > start && matches!(out.last(), Some(b' ' | b'\t')) {
                    out.pop();
                }
                out.push(b'\n');
                i += 1;
                while i < b.len() && matches!(b[i], b' ' | b'\t') {
                    i += 1;
                }
                continue;
            }
            let n = self.step(&b[i..]);
            out.extend_from_slice(&b[i..i + n]);
            i += n;
        }
    }

    fn may_strip(&self) -> bool {
        self.keep.is_none() && !matches!(self.state, State::Tag { quote: Some(_) })
    }

    /// Reads the start of `s`, and says how many bytes it read.
    fn step(&mut self, s: &[u8]) -> usize {
        match self.state {
            State::Comment if s.starts_with(b"-->") => {
                self.state = State::Text;
                3
            }
            State::Comment => 1,
            State::Tag { quote: Some(q) } => {
                if s[0] == q {
                    self.state = State::Tag { quote: None };
                }
                1
            }
            State::Tag { quote: None } => {
                match s[0] {
                    q @ (b'"' | b'\'') => self.state = State::Tag { quote: Some(q) },
                    b'>' => {
                        self.state = State::Text;
                        self.keep = self.opening.take();
                    }
                    _ => {}
                }
                1
            }
            State::Text => self.text_step(s),
        }
    }

    fn text_step(&mut self, s: &[u8]) -> usize {
        if s[0] != b'<' {
            return 1;
        }
        if let Some(name) = self.keep {
            // Inside the element, only its end tag counts.
            if s.get(1) == Some(&b'/') && is_name(&s[2..], name) {
                self.keep = None;
                self.state = State::Tag { quote: None };
            }
            return 1;
        }
        if s.starts_with(b"<!--") {
            self.state = State::Comment;
            return 4;
        }
        match s.get(1) {
            Some(c) if c.is_ascii_alphabetic() => {
                self.opening = KEEP.into_iter().find(|k| is_name(&s[1..], k));
                self.state = State::Tag { quote: None };
            }
            Some(b'/' | b'!' | b'?') => self.state = State::Tag { quote: None },
            _ => {}
        }
        1
    }
}

/// Whether `s` starts with the element name `name`, in any case.
fn is_name(s: &[u8], name: &str) -> bool {
    s.len() >= name.len()
        && s[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && !s
            .get(name.len())
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::strip_indentation as strip;

    #[test]
    fn indentation_and_blanks_ending_a_line_go() {
        let source = "<ul>\n  <li>one</li>   \n\t<li>two</li>\n\n</ul>\n";
        assert_eq!(strip(source), "<ul>\n<li>one</li>\n<li>two</li>\n\n</ul>\n");
    }

    #[test]
    fn a_word_space_at_a_line_break_stays() {
        let source = "<p>Hello\n    world, {{ name }}\n    {% if x %}and {{ x }}{% endif %}</p>";
        assert_eq!(
            strip(source),
            "<p>Hello\nworld, {{ name }}\n{% if x %}and {{ x }}{% endif %}</p>"
        );
    }

    #[test]
    fn blanks_beside_a_tera_tag_on_its_line_stay() {
        // `{{ a }}` writes text there: the spaces before it are a word space.
        let source = "<p>\n  {{ a }}   {% if b %}\n  b{% endif %}   \n</p>";
        assert_eq!(
            strip(source),
            "<p>\n{{ a }}   {% if b %}\nb{% endif %}\n</p>"
        );
    }

    #[test]
    fn whitespace_that_shows_is_kept() {
        let source = "<div>\n  <PRE class=\"x\">\n  a\n    b\n  </pre>\n  <textarea>\n  t\n</textarea>\n  <script>\n  if (a < b) {}\n  </script>\n  <p title=\"one\n  two\">\n  x</p>\n</div>";
        assert_eq!(
            strip(source),
            "<div>\n<PRE class=\"x\">\n  a\n    b\n  </pre>\n<textarea>\n  t\n</textarea>\n<script>\n  if (a < b) {}\n  </script>\n<p title=\"one\n  two\">\nx</p>\n</div>"
        );
    }

    #[test]
    fn tera_tags_and_raw_blocks_are_kept_as_written() {
        let source = "<p>\n  {% set s = \"a\n   b %}\" %}\n  {# note\n   more #}\n  {% raw %}\n   {{ x }}\n  {% endraw %}\n  c</p>";
        assert_eq!(
            strip(source),
            "<p>\n{% set s = \"a\n   b %}\" %}\n{# note\n   more #}\n{% raw %}\n   {{ x }}\n  {% endraw %}\nc</p>"
        );
    }

    #[test]
    fn every_line_keeps_its_number() {
        let source = include_str!("../../themes/default/templates/report.html");
        let stripped = strip(source);
        assert_eq!(stripped.lines().count(), source.lines().count());
        assert!(stripped.lines().all(|l| !l.starts_with(' ')), "{stripped}");
    }

    #[test]
    fn a_presentation_element_is_not_pre() {
        let source = "<presentation>\n  x\n</presentation><pre-x>\n  y</pre-x>";
        assert_eq!(
            strip(source),
            "<presentation>\nx\n</presentation><pre-x>\ny</pre-x>"
        );
    }
}
