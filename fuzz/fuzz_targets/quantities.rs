//! Fuzzes the quantity rules: `factgraph::extraction::rules::quantities_in` on arbitrary text.
//!
//! Invariants: every span is a non-empty byte range of the text on char boundaries; spans come
//! in increasing order and do not overlap; the value is finite and not negative; an upper bound
//! is finite and above the value. (The qualifier is one of the vocabulary's by its type.)
#![no_main]

use factgraph::extraction::rules::quantities_in;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => check(text),
        // Invalid UTF-8 still exercises the rules, with U+FFFD where the bad bytes were.
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});

fn check(text: &str) {
    let found = quantities_in(text);
    let mut previous_end = 0;
    for (k, q) in found.iter().enumerate() {
        let (start, end) = (q.start, q.end);
        assert!(
            start < end && end <= text.len(),
            "quantity #{k} ({}) has span {start}..{end} in a text of {} bytes: {q:?}",
            q.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "quantity #{k} ({}) span {start}..{end} is not on char boundaries: {q:?}",
            q.rule
        );
        let surface = &text[start..end];
        assert!(
            start >= previous_end,
            "quantity #{k} ({}) `{surface}` at {start}..{end} starts before the previous one ends at {previous_end}: {found:?}",
            q.rule
        );
        previous_end = end;
        assert!(
            q.value.is_finite() && q.value >= 0.0,
            "quantity `{surface}` ({}) has value {}: {q:?}",
            q.rule,
            q.value
        );
        if let Some(upper) = q.upper {
            assert!(
                upper.is_finite() && upper > q.value,
                "quantity `{surface}` ({}) has upper bound {upper} for value {}: {q:?}",
                q.rule,
                q.value
            );
        }
    }
}
