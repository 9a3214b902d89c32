//! The quote matcher: a document and a quote, split at the first NUL. Every occurrence found
//! is inside the document and reads as the quote once whitespace is folded; the closest
//! passage is inside the document.
#![no_main]

use factgraph::extraction::quote::{QuoteIndex, fold};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let (document, quote) = input.split_once('\0').unwrap_or((input, ""));
    let index = QuoteIndex::new(document);
    let characters = document.chars().count();
    for (start, end) in index.find_all(quote) {
        assert!(start <= end && end <= characters);
        assert_eq!(fold(&index.slice(start, end)), fold(quote));
    }
    if let Some((start, end)) = index.closest(quote) {
        assert!(start <= end && end <= characters);
    }
});
