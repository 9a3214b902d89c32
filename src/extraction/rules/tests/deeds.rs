//! Deeds named by their noun ("the assassination of Yitzhak Rabin"), dates counted back from
//! the date of a sentence ("two days after Mekelle fell"), and counts whose verb comes after
//! a long subject; statements dated by the day they were made; where a town in apposition lies.

use super::{holds, of, stated};

#[test]
fn a_deed_named_by_its_noun_before_a_name_is_an_event() {
    let found = stated(
        "The assassination of Yitzhak Rabin on 4 November 1995 shocked Israel.\n\n\
         The arrest of Abdullah Ocalan on 15 February 1999 in Nairobi ended his flight.\n\n\
         The resignation of Nikos Sampson on 23 July 1974 ended the regime.\n",
    );
    holds(
        &found,
        &[
            // Only people are assassinated: the name is a person's.
            of(
                "assassination-of-yitzhak-rabin",
                "affected",
                "yitzhak-rabin",
            ),
            of("assassination-of-yitzhak-rabin", "date", "1995-11-04"),
            of("arrest-of-abdullah-ocalan", "place", "nairobi"),
            of("arrest-of-abdullah-ocalan", "date", "1999-02-15"),
            // A deed done alone was done by the one named.
            of("resignation-of-nikos-sampson", "agent", "nikos-sampson"),
        ],
    );
    // "ended the regime": the date is the resignation's, not the end of anything it names.
    assert!(!found.iter().any(|(_, property, _)| property == "endDate"));
}

#[test]
fn a_deed_named_by_its_noun_needs_the_definite_article() {
    let found = stated(
        "The killing of Anna Politkovskaya on 7 October 2006 was condemned.\n\n\
         An arrest of Ocalan Abdullah was reported on 3 March 1999.\n",
    );
    holds(
        &found,
        &[of(
            "killing-of-anna-politkovskaya",
            "affected",
            "anna-politkovskaya",
        )],
    );
    // "an arrest of P" is one of several, not the event of P's arrest.
    assert!(
        !found
            .iter()
            .any(|(subject, _, _)| subject.starts_with("arrest"))
    );
}

#[test]
fn an_act_counted_back_from_the_date_of_its_sentence_takes_its_own_day() {
    let found = stated(
        "On 30 November 2020, two days after Mekelle fell, the prime minister spoke.\n\n\
         On 5 May 1992, a week after Serb forces shelled Zvornik, the mayor resigned.\n\n\
         On 12 June 2008, months after troops entered Gori, the talks resumed.\n",
    );
    holds(
        &found,
        &[
            of("capture-of-mekelle", "date", "2020-11-28"),
            of("shelling-of-zvornik", "date", "1992-04-28"),
        ],
    );
    // A day no words count: none rather than the sentence's.
    for wrong in ["2020-11-30", "1992-05-05", "2008-06-12"] {
        assert!(
            !found.iter().any(|(_, _, value)| value == wrong),
            "{wrong} in {found:?}"
        );
    }
}

#[test]
fn a_verb_after_the_date_with_another_object_bounds_that_object() {
    let found = stated(
        "The recapture of Mekelle on 28 June 2021 ended the offensive.\n\n\
         The war in the region ended on 9 November 2020.\n",
    );
    holds(&found, &[of("recapture-of-mekelle", "date", "2021-06-28")]);
    assert!(
        found
            .iter()
            .any(|(_, property, value)| property == "endDate" && value == "2020-11-09"),
        "{found:?}"
    );
}

#[test]
fn a_count_is_read_past_a_long_subject_and_an_aside() {
    let found = stated(
        "The Battle of Goose Green began on 28 May 1982. As at noon today, 131 of our Service \
         men and merchant seamen have lost their lives and some 260 have been wounded.\n\n\
         The Battle of Goose Green began on 28 May 1982. At least 600 civilians, most of them \
         seasonal labourers, were killed in the town.\n",
    );
    holds(
        &found,
        &[
            of("battle-of-goose-green", "killed", "131"),
            of("battle-of-goose-green", "wounded", "260"),
            of("battle-of-goose-green", "killed", "600"),
        ],
    );
    assert!(!found.contains(&of("battle-of-goose-green", "killed", "260")));
}

#[test]
fn a_statement_is_dated_by_the_day_it_was_made_not_a_day_inside_it() {
    let found = stated(
        "On 23 March 2021, Prime Minister Abiy Ahmed acknowledged before parliament that \
         Eritrean forces had entered Tigray.\n\n\
         Abiy Ahmed said that on 5 May 2021 troops had left the region.\n",
    );
    holds(
        &found,
        &[of(
            "statement-by-abiy-ahmed-2021-03-23",
            "agent",
            "abiy-ahmed",
        )],
    );
    // The entry happened on a day the sentence does not give; the troops left on a day the
    // statement gives, not the day it was made.
    assert!(
        !found
            .iter()
            .any(|(subject, _, _)| subject == "capture-of-tigray")
    );
    assert!(
        !found
            .iter()
            .any(|(subject, _, _)| subject == "statement-by-abiy-ahmed-2021-05-05")
    );
}

#[test]
fn a_town_in_apposition_lies_in_the_place_after_in() {
    let found = stated(
        "At least 600 civilians were killed in Mai Kadra, a town in western Ethiopia, on 9 \
         November 2020.\n",
    );
    holds(&found, &[of("mai-kadra", "locatedIn", "ethiopia")]);
}
