use super::*;
use crate::extraction::rules::scan;

/// A quantity as its text, value, upper bound, qualifier and unit.
type Read = (String, f64, Option<f64>, &'static str, Option<String>);

/// Every quantity in `text`.
fn quantities(text: &str) -> Vec<Read> {
    let mut found = Vec::new();
    let mut tokens = Vec::new();
    for (start, end) in scan::sentences(text) {
        tokens.clear();
        scan::tokenize(text, start, end, &mut tokens);
        scan(text, &tokens, &[], &mut found);
    }
    found
        .into_iter()
        .map(|q| {
            (
                text[q.start..q.end].to_string(),
                q.value,
                q.upper,
                q.qualifier.as_str(),
                q.unit,
            )
        })
        .collect()
}

fn one(text: &str) -> Read {
    let mut found = quantities(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.remove(0)
}

fn unit(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn hedges_before_the_number() {
    assert_eq!(
        one("Azerbaijan lost about 192 soldiers"),
        (
            "about 192 soldiers".into(),
            192.0,
            None,
            "approximately",
            unit("soldiers")
        )
    );
    assert_eq!(one("more than 500 were injured").3, "more than");
    assert_eq!(one("more than 500 were injured").1, 500.0);
    assert_eq!(
        one("displaced the better part of a million people"),
        (
            "the better part of a million people".into(),
            1e6,
            None,
            "less than",
            unit("people")
        )
    );
}

#[test]
fn ranges_take_the_scale_written_after_them() {
    assert_eq!(
        one("approximately (300-350) thousand Armenians"),
        (
            "approximately (300-350) thousand Armenians".into(),
            300_000.0,
            Some(350_000.0),
            "range",
            unit("Armenians")
        )
    );
    assert_eq!(
        one("300-350 thousand Armenians").1..one("300-350 thousand Armenians").2.unwrap(),
        300_000.0..350_000.0
    );
    // A scale never follows one as large in one number: two numbers, a range.
    let words = one("between one million and one million and two hundred refugees");
    assert_eq!(
        (words.1, words.2, words.3),
        (1_000_000.0, Some(1_000_200.0), "range")
    );
    assert_eq!(
        one("one million two hundred thousand people").1,
        1_200_000.0
    );
    assert_eq!(one("two thousand and twenty people").1, 2_020.0);
    // Spoken: "and" ends a number that has no scale before it; the scale after a range of
    // words applies to both ends; a digit before a tens word says hundreds.
    let spoken = one("The UN said between a hundred and fifty and two hundred thousand.");
    assert_eq!(
        (spoken.1, spoken.2, spoken.3),
        (150_000.0, Some(200_000.0), "range")
    );
    let spoken = one("from two to three million people");
    assert_eq!((spoken.1, spoken.2), (2e6, Some(3e6)));
    assert_eq!(one("You have received two seventy thousand.").1, 270_000.0);
    assert_eq!(one("a hundred and fifty people").1, 150.0);
    let between = one("numbering between 600,000 and 800,000 people");
    assert_eq!(
        (between.1, between.2, between.3),
        (600_000.0, Some(800_000.0), "range")
    );
    assert_eq!(
        one("lost more than 20% to 24% of its lands"),
        (
            "more than 20% to 24%".into(),
            20.0,
            Some(24.0),
            "range",
            unit("%")
        )
    );
}

#[test]
fn numbers_in_words_and_scales() {
    assert_eq!(one("About a million residents").1, 1e6);
    assert_eq!(one("About a million residents").3, "approximately");
    assert_eq!(one("approximately two thousand soldiers").1, 2000.0);
    assert_eq!(
        one("worth $6 billion"),
        ("$6 billion".into(), 6e9, None, "exact", unit("USD"))
    );
    assert_eq!(
        one("it will give five million euros"),
        ("five million euros".into(), 5e6, None, "exact", unit("EUR"))
    );
    assert_eq!(one("less than seven and a half million people").1, 7.5e6);
    assert_eq!(one("twenty-five villages").1, 25.0);
    assert_eq!(
        one("more than half a million refugees"),
        (
            "more than half a million refugees".into(),
            5e5,
            None,
            "more than",
            unit("refugees")
        )
    );
    assert_eq!(one("more than 5 trillion US dollars").4, unit("USD"));
}

#[test]
fn units_areas_and_spans_of_time() {
    assert_eq!(
        one("an enclave with an area of about 4,400 km2"),
        (
            "about 4,400 km2".into(),
            4400.0,
            None,
            "approximately",
            unit("km2")
        )
    );
    let decades = one("for three decades Armenia ignored it");
    assert_eq!((decades.1, decades.4.as_deref()), (3.0, Some("decade")));
    assert_eq!(one("a five-day tour").4, unit("day"));
    assert_eq!(one("lasted about a week").1, 1.0);
}

#[test]
fn vague_amounts_are_lower_bounds() {
    let found = one("killing tens of thousands of them");
    assert_eq!((found.1, found.3), (10_000.0, "at least"));
    assert_eq!(one("hundreds of thousands of Azerbaijanis").1, 100_000.0);
    assert_eq!(one("We publish 2,500+ voices").3, "at least");
}

#[test]
fn identifiers_and_pronouns_are_not_quantities() {
    assert_eq!(
        quantities("Resolution 853 and numbers 822, 853, 874 and 884 of the MiG-29 [11]"),
        []
    );
    assert!(quantities("one of them said that the 3259th session met at 10:30").is_empty());
    assert_eq!(
        one("in four resolutions (numbers 822, 853, 874 and 884)").1,
        4.0
    );
}

#[test]
fn a_note_number_glued_to_the_end_of_a_sentence_is_no_quantity() {
    assert!(quantities("refugees fled military operations.23 Then they").is_empty());
    assert!(quantities("as he said.”12 The next day").is_empty());
    // A decimal point has a number before it; a number after a space is read.
    assert_eq!(one("a rise of 3.5 percent").1, 3.5);
    assert_eq!(one("they fled. 23 people stayed").1, 23.0);
}

#[test]
fn a_day_next_to_its_month_is_no_quantity_even_without_a_year() {
    assert!(quantities("troops entered on 19 February and left on March 3").is_empty());
    assert!(quantities("within the limits of the 31 In October, the forces reached").is_empty());
    assert!(quantities("by the 2 of May the troops left").is_empty());
    assert_eq!(one("then 1,000 troops entered").1, 1000.0);
    // Without "the", a count may stand before a month: "12 in March and 5 in April".
    assert_eq!(quantities("killed 12 in March and 5 in April").len(), 2);
}

#[test]
fn a_lists_number_opening_a_line_is_no_quantity() {
    assert!(quantities("1- Removing the threat of the forces.\n  2) The troops left.").is_empty());
    // Anywhere else, or with a space before the mark, the number is read.
    assert_eq!(one("it lost 1- and then more").1, 1.0);
    assert_eq!(one("The war went on.\n5 - the troops").1, 5.0);
    assert_eq!(one("The war went on.\n5 soldiers died").1, 5.0);
}
/// Inputs the fuzzer found: a scale word followed by a multi-byte letter, and hedges or currency
/// signs that reached back into the quantity before.
#[test]
fn fuzzed_inputs_give_ordered_spans_on_char_boundaries() {
    for text in [
        "5 Milliof\u{54f} and 3 illiof\u{54f}",
        " m\u{fffd}on,five\u{fffd}ee k,\u{fffd}0US$2.5 bllion.",
        "five US$2 and up to$3, between 4-5between 6 and 7",
        "2 AAAAAA\u{23e} million",
        "a m\u{2cd}\u{2cd}o\u{2cd}",
        "5 millioné",
        "5 about 6 soldiers, 5 between 6 and 8",
    ] {
        let found = quantities(text);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for q in crate::extraction::rules::quantities_in(text) {
            assert!(
                text.is_char_boundary(q.start) && text.is_char_boundary(q.end),
                "{text}: {q:?}"
            );
            assert!(
                spans.last().is_none_or(|&(_, end)| end <= q.start),
                "{text}: {found:?}"
            );
            spans.push((q.start, q.end));
        }
    }
}

#[test]
fn a_hedge_is_never_the_unit_of_the_number_before_it() {
    let found = quantities("5 about 6 soldiers");
    assert_eq!(
        found[1],
        (
            "about 6 soldiers".into(),
            6.0,
            None,
            "approximately",
            unit("soldiers")
        )
    );
    assert_eq!(found[0].4, None);
}

#[test]
fn numbers_too_large_for_a_float_are_no_amount() {
    let huge = format!(
        "{}.5 people and 1{}.0 trillion",
        "9".repeat(400),
        "0".repeat(305)
    );
    for q in crate::extraction::rules::quantities_in(&huge) {
        assert!(
            q.value.is_finite() && q.upper.is_none_or(f64::is_finite),
            "{q:?}"
        );
    }
}

#[test]
fn a_name_like_word_before_a_plural_noun_is_part_of_what_is_counted() {
    assert_eq!(
        one("mines killed two Azerbaijani civilians on Tuesday").4,
        unit("Azerbaijani civilians")
    );
    assert_eq!(
        one("some 40 Russian peacekeepers").0,
        "some 40 Russian peacekeepers"
    );
    // A name alone, or before a word that is not a plural noun, stays as it was.
    assert_eq!(one("about 613 Khojaly town residents").4, unit("Khojaly"));
    assert_eq!(one("we counted 613 Armenians").4, unit("Armenians"));
    assert_eq!(one("it took 5 NATO members").4, unit("NATO"));
    assert_eq!(one("he saw 3 Armenians was").4, unit("Armenians"));
}

#[test]
fn shares_dozens_and_ranges_from_one_figure_to_another() {
    let share = one("a third of the families had no news");
    assert_eq!((share.0.as_str(), share.4), ("a third", unit("share")));
    assert!((share.1 - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(one("two-thirds of the houses").1, 2.0 / 3.0);
    assert_eq!(one("half of the villages").1, 0.5);
    // An ordinal is no share: "a third round" counts nothing.
    assert!(quantities("a third round of talks").is_empty());
    assert_eq!(one("two dozen aid trucks").1, 24.0);
    assert_eq!(one("a dozen monitors").1, 12.0);
    // "a week after" says when; "about a week" how long.
    assert!(quantities("a week after the troops entered").is_empty());
    let range = one("estimates range from 400 to more than 600 dead");
    assert_eq!((range.1, range.2, range.3), (400.0, Some(600.0), "range"));
    // A change is two figures, not a range.
    assert_eq!(quantities("the toll rose from 400 to 600").len(), 2);
}
