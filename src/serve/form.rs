//! The fields of a query string or a form body (`application/x-www-form-urlencoded`), decoded
//! strictly: a field whose bytes are not UTF-8 once percent-decoded is refused with its byte
//! position, never repaired into another query.

use super::protocol::{Failure, fail};
use oxhttp::model::StatusCode;

/// The decoded fields of `encoded`, in order.
pub(super) fn fields(encoded: &[u8]) -> Result<Vec<(String, String)>, Failure> {
    encoded
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            let name = utf8("a field name", decode(name))?;
            let value = utf8(&format!("the `{name}` field"), decode(value))?;
            Ok((name, value))
        })
        .collect()
}

/// The one value of `name`, if given; given twice is an error.
pub(super) fn single(params: &[(String, String)], name: &str) -> Result<Option<String>, Failure> {
    let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
    let first = values.next().cloned();
    if values.next().is_some() {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("`{name}` is given more than once"),
        ));
    }
    Ok(first)
}

/// `bytes` as text, or a 400 that says where in `what` the first byte that is not UTF-8 is.
pub(super) fn utf8(what: &str, bytes: Vec<u8>) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        fail(
            StatusCode::BAD_REQUEST,
            format!(
                "{what} is not valid UTF-8: byte {} (counting from 0, after percent-decoding) starts an invalid sequence; send the text as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Form decoding: `+` is a space and `%XX` a byte; a `%` without two hex digits stays as it
/// is, as browsers send it.
fn decode(raw: &[u8]) -> Vec<u8> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_decoded_as_browsers_encode_them() {
        let decoded = fields(b"query=SELECT+*%20%7B%7D&default&x=%zz%41").ok();
        assert_eq!(
            decoded,
            Some(vec![
                ("query".into(), "SELECT * {}".into()),
                ("default".into(), String::new()),
                ("x".into(), "%zzA".into()),
            ])
        );
        assert_eq!(
            fields("q=%C5%9Eu%C5%9Fa".as_bytes()).ok(),
            Some(vec![("q".into(), "Şuşa".into())])
        );
    }

    #[test]
    fn a_field_that_is_not_utf8_is_refused_with_its_byte_position() {
        let Err(failure) = fields(b"query=ASK%20%7B%7D%ff") else {
            panic!("%ff was accepted")
        };
        assert_eq!(failure.status(), StatusCode::BAD_REQUEST);
        assert!(
            failure.message().contains("`query` field"),
            "{}",
            failure.message()
        );
        assert!(
            failure.message().contains("byte 6"),
            "{}",
            failure.message()
        );
    }

    #[test]
    fn repeated_parameters_are_refused() {
        let params = fields(b"query=a&query=b").ok().unwrap_or_default();
        assert!(single(&params, "query").is_err());
        let params = fields(b"query=SELECT%20*").ok().unwrap_or_default();
        assert_eq!(
            single(&params, "query").ok().flatten(),
            Some("SELECT *".to_string())
        );
    }
}
