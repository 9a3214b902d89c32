//! Fuzzes the date rules: `factgraph::extraction::rules::dates_in` on arbitrary text.
//!
//! Invariants: every span is a non-empty byte range of the text on char boundaries; spans come
//! in increasing order and do not overlap; every date has a month in 1..=12 (when it has one),
//! a day only with a month and valid for that month and year; a range runs forwards.
#![no_main]

use factgraph::extraction::rules::dates::Dated;
use factgraph::extraction::rules::dates_in;
use factgraph::temporal::{PartialDate, days_in_month};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match std::str::from_utf8(data) {
        Ok(text) => check(text),
        // Invalid UTF-8 still exercises the rules, with U+FFFD where the bad bytes were.
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});

fn check(text: &str) {
    let found = dates_in(text);
    let mut previous_end = 0;
    for (k, expr) in found.iter().enumerate() {
        let (start, end) = (expr.start, expr.end);
        assert!(
            start < end && end <= text.len(),
            "date #{k} ({}) has span {start}..{end} in a text of {} bytes: {expr:?}",
            expr.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "date #{k} ({}) span {start}..{end} is not on char boundaries: {expr:?}",
            expr.rule
        );
        assert!(
            start >= previous_end,
            "date #{k} ({}) at {start}..{end} `{}` starts before the previous one ends at {previous_end}: {found:?}",
            expr.rule,
            &text[start..end]
        );
        previous_end = end;
        let surface = &text[start..end];
        for date in expr.value.values() {
            check_date(&date, surface, expr.rule);
        }
        match &expr.value {
            Dated::Range(first, second) => assert!(
                first < second,
                "range `{surface}` ({}) does not run forwards: {first} .. {second}",
                expr.rule
            ),
            Dated::List(days) => assert!(
                !days.is_empty(),
                "list `{surface}` ({}) is empty",
                expr.rule
            ),
            Dated::Point(_) => {}
        }
    }
}

fn check_date(date: &PartialDate, surface: &str, rule: &str) {
    match (date.month, date.day) {
        (None, None) => {}
        (None, Some(day)) => panic!("`{surface}` ({rule}) has day {day} but no month: {date:?}"),
        (Some(month), day) => {
            assert!(
                (1..=12).contains(&month),
                "`{surface}` ({rule}) has month {month}: {date:?}"
            );
            if let Some(day) = day {
                let last = days_in_month(date.year, month);
                assert!(
                    (1..=last).contains(&day),
                    "`{surface}` ({rule}) has day {day} in a month of {last} days: {date:?}"
                );
            }
        }
    }
}
