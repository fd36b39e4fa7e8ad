//! Turns the spec's descriptions (a mix of HTML and Markdown) into rustdoc Markdown.
//!
//! - `<p>`, `<br>`, `<code>`, `<strong>`, `<em>`, `<ul>`/`<li>` and `<a href>` become Markdown;
//! - links relative to stripe.com (`/docs/...`) become absolute;
//! - outside code spans, anything rustdoc would misread is escaped: placeholders such as
//!   `<currency>` (taken for HTML), `[key]` (taken for an intra-doc link) and bare URLs.

/// Where relative links in the spec point to.
const SITE: &str = "https://stripe.com";

/// Converts one description to Markdown. Returns `None` for an empty description.
pub fn to_markdown(description: &str) -> Option<String> {
    let text = convert_html(description);
    let out = if text.matches('`').count() % 2 == 1 {
        // An unbalanced backtick would swallow the rest of the item's docs.
        let mut out = String::with_capacity(text.len());
        escape_prose(&text, &mut out);
        out.replace('`', "\\`")
    } else {
        escape_outside_code_spans(&text)
    };
    let out = tidy_blank_lines(&out);
    (!out.is_empty()).then_some(out)
}

/// Marks where a code span was taken out of the prose (private-use characters, never in the spec).
const SPAN_START: char = '\u{E000}';
const SPAN_END: char = '\u{E001}';

/// Escapes everything but the code spans, which are copied as they are. The spans are replaced by
/// numbered markers while the prose is escaped, so that a link whose text holds a code span
/// (``[the `expand` parameter](url)``) is still seen as one link.
fn escape_outside_code_spans(text: &str) -> String {
    let mut spans = Vec::new();
    let mut prose = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            prose.push(SPAN_START);
            prose.push_str(&spans.len().to_string());
            prose.push(SPAN_END);
            spans.push(part);
        } else {
            prose.push_str(part);
        }
    }
    let mut escaped = String::with_capacity(prose.len());
    escape_prose(&prose, &mut escaped);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = escaped.as_str();
    while let Some(start) = rest.find(SPAN_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + SPAN_START.len_utf8()..];
        let end = after.find(SPAN_END).expect("every marker is closed");
        let index: usize = after[..end].parse().expect("markers hold an index");
        out.push('`');
        out.push_str(spans[index]);
        out.push('`');
        rest = &after[end + SPAN_END.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn convert_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str(after);
            return out;
        };
        let tag = &after[1..end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if name != "code" && out.matches('`').count() % 2 == 1 {
            // Inside a code span: a tag-like text is code, not markup.
            out.push_str(&after[..=end]);
            rest = &after[end + 1..];
            continue;
        }
        let replacement = match (name.as_str(), closing) {
            ("p", false) => Some(String::new()),
            ("p", true) => Some("\n\n".to_string()),
            ("br", _) => Some("\n".to_string()),
            ("code", _) => Some("`".to_string()),
            ("strong" | "b", _) => Some("**".to_string()),
            ("em" | "i", _) => Some("*".to_string()),
            ("ul" | "ol", _) => Some("\n".to_string()),
            ("li", false) => Some("\n- ".to_string()),
            ("li", true) => Some(String::new()),
            ("a", false) => {
                // `<a href="url">text</a>` -> `[text](url)`.
                if let (Some(href), Some(close)) = (attr(tag, "href"), after.find("</a>")) {
                    let text = convert_html(&after[end + 1..close]);
                    out.push('[');
                    out.push_str(text.trim());
                    out.push_str("](");
                    out.push_str(&absolute(&href));
                    out.push(')');
                    rest = &after[close + 4..];
                    continue;
                }
                None
            }
            _ => None,
        };
        match replacement {
            Some(r) => out.push_str(&r),
            // Not a tag we know: keep it as text, to be escaped later.
            None => out.push_str(&after[..=end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

fn absolute(href: &str) -> String {
    if href.starts_with('/') {
        format!("{SITE}{href}")
    } else {
        href.to_string()
    }
}

/// Escapes prose (text outside code spans) for rustdoc.
fn escape_prose(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().expect("in bounds");
        match c {
            '[' => {
                // A Markdown link `[text](url)` stays; its url is made absolute.
                if let Some(close) = rest.find(']')
                    && rest[close + 1..].starts_with('(')
                    && let Some(paren) = rest[close + 1..].find(')')
                {
                    let text = &rest[1..close];
                    let url = &rest[close + 2..close + 1 + paren];
                    out.push('[');
                    escape_prose(text, out);
                    out.push_str("](");
                    out.push_str(&absolute(url));
                    out.push(')');
                    i += close + 2 + paren;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if rest.starts_with("https://") || rest.starts_with("http://") => {
                let prev = if i == 0 { b' ' } else { bytes[i - 1] };
                let len = rest
                    .find(|c: char| c.is_whitespace() || c == ')' || c == '"')
                    .unwrap_or(rest.len());
                let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
                if prev == b'(' {
                    out.push_str(url);
                } else {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
                i += url.len();
                continue;
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
}

fn tidy_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        // Leading spaces would turn a line into an indented code block (a doctest).
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn html_becomes_markdown_with_absolute_links() {
        let md = to_markdown(
            "<p>Returns a list via <a href=\"/docs/connect\">Connect</a>.</p>\n\n<p>Use <code>limit</code> and <strong>care</strong>.</p>",
        )
        .unwrap();
        assert_eq!(
            md,
            "Returns a list via [Connect](https://stripe.com/docs/connect).\n\nUse `limit` and **care**."
        );
    }

    #[test]
    fn placeholders_brackets_and_bare_urls_are_escaped_outside_code() {
        let md =
            to_markdown("Set metadata[key] to <amount> at https://stripe.com/x. Keep `a[0]<b>`.")
                .unwrap();
        assert_eq!(
            md,
            "Set metadata\\[key\\] to &lt;amount&gt; at <https://stripe.com/x>. Keep `a[0]<b>`."
        );
    }

    #[test]
    fn markdown_links_are_kept_and_made_absolute() {
        let md =
            to_markdown("See [the guide](/docs/payments) or [API](https://stripe.com/docs/api).")
                .unwrap();
        assert_eq!(
            md,
            "See [the guide](https://stripe.com/docs/payments) or [API](https://stripe.com/docs/api)."
        );
    }

    #[test]
    fn links_whose_text_is_code_stay_links() {
        let md = to_markdown(
            "Set [`default_tax_rates`](/docs/api/x#y) or [the `a[0]` one](https://stripe.com/z), not [`b`] here.",
        )
        .unwrap();
        assert_eq!(
            md,
            "Set [`default_tax_rates`](https://stripe.com/docs/api/x#y) or [the `a[0]` one](https://stripe.com/z), not \\[`b`\\] here."
        );
    }

    #[test]
    fn empty_description_gives_none() {
        assert_eq!(to_markdown("  <p></p> "), None);
    }
}
