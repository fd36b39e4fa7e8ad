//! `multipart/form-data` bodies (RFC 7578), which file uploads are: encoded whole before the
//! first attempt, so that every retry sends the same bytes and any transport can carry them.

use bytes::Bytes;
use stripekit_types::{Part, PartValue};

use crate::error::Error;

/// The `Content-Type` (with its boundary) and the body of `parts`.
pub(crate) fn encode(parts: &[Part]) -> Result<(String, Bytes), Error> {
    // A random boundary: a file's bytes would have to contain these 32 hex digits by chance.
    let boundary = format!("stripekit-{}", crate::random::hex_digits());
    // The values, and room for each part's headers.
    let capacity = parts.iter().map(value_len).sum::<usize>() + 256 * (parts.len() + 1);
    let mut body = Vec::with_capacity(capacity);
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quoted(&part.name);
        match &part.value {
            PartValue::Text(text) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
                body.extend_from_slice(text.as_bytes());
            }
            PartValue::File(file) => {
                let filename = quoted(&file.filename);
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                    )
                    .as_bytes(),
                );
                if let Some(content_type) = &file.content_type {
                    if content_type.contains(['\r', '\n']) {
                        return Err(Error::Config(format!(
                            "the content type of `{filename}` has a line break"
                        )));
                    }
                    body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
                }
                body.extend_from_slice(b"\r\n");
                body.extend_from_slice(&file.data);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((
        format!("multipart/form-data; boundary={boundary}"),
        Bytes::from(body),
    ))
}

fn value_len(part: &Part) -> usize {
    match &part.value {
        PartValue::Text(text) => text.len(),
        PartValue::File(file) => file.data.len(),
    }
}

/// A name or file name inside the quotes of `Content-Disposition`, with the three characters
/// that would end it percent-encoded, as browsers send them.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use stripekit_types::FileUpload;

    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary_and_names_cannot_break_out() {
        let parts = [
            Part {
                name: "purpose".into(),
                value: PartValue::Text("dispute_evidence".into()),
            },
            Part {
                name: "file".into(),
                value: PartValue::File(
                    FileUpload::new("a\"b\r\n.pdf", b"%PDF-".to_vec())
                        .content_type("application/pdf"),
                ),
            },
        ];
        let (content_type, body) = encode(&parts).unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n\
             dispute_evidence\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"a%22b%0D%0A.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(body.to_vec()).unwrap(), expected);
        let injected = [Part {
            name: "file".into(),
            value: PartValue::File(FileUpload::new("x", b"".to_vec()).content_type("a\r\nX: y")),
        }];
        assert!(encode(&injected).is_err());
    }
}
