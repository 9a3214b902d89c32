use super::*;

/// Every expression in `text`, as its text and value, the way the extractor reads a document.
fn dates(text: &str) -> Vec<(String, Dated)> {
    crate::extraction::rules::dates_in(text)
        .into_iter()
        .map(|d| (text[d.start..d.end].to_string(), d.value))
        .collect()
}

fn day(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn point(s: &str) -> Dated {
    Dated::Point(day(s))
}

fn range(a: &str, b: &str) -> Dated {
    Dated::Range(day(a), day(b))
}

#[test]
fn numeric_dates_are_day_first_unless_only_month_first_is_valid() {
    assert_eq!(
        dates("It began on 27/9/2020, ended 9/28/2023 and 01/01/2015 came first."),
        [
            ("27/9/2020".into(), point("2020-09-27")),
            ("9/28/2023".into(), point("2023-09-28")),
            ("01/01/2015".into(), point("2015-01-01")),
        ]
    );
    // No valid reading at all: not a date.
    assert!(
        dates("on 31/31/2020")
            .iter()
            .all(|(t, _)| t != "31/31/2020")
    );
}

#[test]
fn an_ambiguous_numeric_date_follows_the_documents_habit() {
    let found = dates("On 9/28/2023 it ended. On 4/10/2023 talks began.");
    assert_eq!(found[1], ("4/10/2023".into(), point("2023-04-10")));
    let found = dates("On 28/9/2023 it ended. On 4/10/2023 talks began.");
    assert_eq!(found[1], ("4/10/2023".into(), point("2023-10-04")));
}

#[test]
fn month_names_with_and_without_years() {
    assert_eq!(
        dates("On February 26, 1992, troops came. In March 2018 it changed."),
        [
            ("February 26, 1992".into(), point("1992-02-26")),
            ("March 2018".into(), point("2018-03")),
        ]
    );
    assert_eq!(
        dates("In 2023 it escalated. On 19 September the operation began; on July 18 talks."),
        [
            ("2023".into(), point("2023")),
            ("19 September".into(), point("2023-09-19")),
            ("July 18".into(), point("2023-07-18")),
        ]
    );
    // No year anywhere before: a yearless date is not guessed.
    assert!(dates("On July 18 talks resumed.").is_empty());
}

#[test]
fn day_ranges_and_lists_of_days() {
    assert_eq!(
        dates("In 2023, measures on September 19\u{2013}20 followed."),
        [
            ("2023".into(), point("2023")),
            (
                "September 19\u{2013}20".into(),
                range("2023-09-19", "2023-09-20")
            ),
        ]
    );
    assert_eq!(
        dates("Exercises on the 1st and 6th of September 2023."),
        [(
            "1st and 6th of September 2023".into(),
            Dated::List(vec![day("2023-09-01"), day("2023-09-06")])
        )]
    );
    assert_eq!(
        dates("from 19-20 September 2023"),
        [(
            "19-20 September 2023".into(),
            range("2023-09-19", "2023-09-20")
        )]
    );
}

#[test]
fn decades_year_ranges_and_month_ranges() {
    assert_eq!(
        dates("since the 1920s, and during the period (1988-1990)."),
        [
            ("1920s".into(), range("1920", "1929")),
            ("1988-1990".into(), range("1988", "1990")),
        ]
    );
    assert_eq!(
        dates("Between 1988 and 1994 it lasted; the period (July - September 1993)."),
        [
            ("1988 and 1994".into(), range("1988", "1994")),
            ("July - September 1993".into(), range("1993-07", "1993-09")),
        ]
    );
}

#[test]
fn hijri_dates_take_the_gregorian_date_the_text_gives() {
    assert_eq!(
        dates("Wednesday 19 Rabi' Al-Awal 1445 AH 4/10/2023 CE"),
        [(
            "19 Rabi' Al-Awal 1445 AH 4/10/2023 CE".into(),
            point("2023-10-04")
        )]
    );
    // Without it, the tabular calendar: 1 Ramadan 1444 AH is 23 March 2023 (± a day).
    let found = dates("on 1 Ramadan 1444 AH");
    let Dated::Point(value) = found[0].1 else {
        panic!("a point")
    };
    assert_eq!((value.year, value.month), (2023, Some(3)));
    assert!((22..=24).contains(&value.day.unwrap()));
}

#[test]
fn counts_and_identifiers_are_not_years() {
    assert!(dates("about 1500 soldiers, Resolution 1994, MiG-2000 and $2023").is_empty());
    assert_eq!(
        dates("the tsarist order issued in 1867 AD"),
        [("1867 AD".into(), point("1867"))]
    );
}

#[test]
fn iso_dates() {
    assert_eq!(
        dates("on 2023-09-19."),
        [("2023-09-19".into(), point("2023-09-19"))]
    );
}

#[test]
fn a_garbled_day_range_is_no_date() {
    assert_eq!(
        dates("In 1988 it began. On the night of February 26-72, 1993, they fought."),
        [
            ("1988".into(), point("1988")),
            ("1993".into(), point("1993"))
        ]
    );
}

#[test]
fn weekdays_are_read_against_the_dateline() {
    // 14 August 2008 was a Thursday.
    let text = "TBILISI, 14 August 2008 \u{2014} Crowds gathered on Thursday. Trucks came on \
                Wednesday; talks were held last Thursday and will resume on Monday.";
    assert_eq!(
        dates(text),
        [
            ("14 August 2008".into(), point("2008-08-14")),
            ("Thursday".into(), point("2008-08-14")),
            ("Wednesday".into(), point("2008-08-13")),
            ("Thursday".into(), point("2008-08-07")),
            ("Monday".into(), point("2008-08-18")),
        ]
    );
    // No dateline: a weekday is not guessed, even after a date in a sentence.
    assert!(
        dates("Talks on 14 August 2008 failed. They met again on Thursday.")
            .iter()
            .all(|(t, _)| t != "Thursday")
    );
    // A weekday before the date it names is that date, once.
    assert_eq!(
        dates("BAKU, 3 March 2010 \u{2014} It began on Friday, 26 February 2010."),
        [
            ("3 March 2010".into(), point("2010-03-03")),
            ("26 February 2010".into(), point("2010-02-26")),
        ]
    );
}

#[test]
fn without_a_dateline_weekdays_are_read_against_the_documents_day_in_its_year() {
    // 5 October 2020 was a Monday.
    let dated = |text: &str| -> Vec<(String, Dated)> {
        crate::extraction::rules::dates_in_document(text, day("2020-10-05"))
            .into_iter()
            .map(|d| (text[d.start..d.end].to_string(), d.value))
            .collect()
    };
    assert_eq!(
        dated("He spoke of the city taken yesterday, Sunday."),
        [("Sunday".into(), point("2020-10-04"))]
    );
    // Once the text speaks of another year, its Sundays are not the document's week's.
    assert_eq!(
        dated("In May 1992 the town fell. On Sunday, talks began."),
        [("May 1992".into(), Dated::Point(day("1992-05")))]
    );
}

#[test]
fn that_weekday_is_the_last_day_named_on_that_weekday() {
    // 13 May 2005 was a Friday, 12 May a Thursday.
    let text = "Troops fired on 13 May 2005. It began on 12 May. In 2006 few spoke of that \
                Friday; of that Monday nothing is known.";
    assert_eq!(
        dates(text),
        [
            ("13 May 2005".into(), point("2005-05-13")),
            ("12 May".into(), point("2005-05-12")),
            (
                "2006".into(),
                Dated::Point(PartialDate::parse("2006").unwrap())
            ),
            ("Friday".into(), point("2005-05-13")),
        ]
    );
}

#[test]
fn a_day_alone_is_in_the_month_named_before() {
    assert_eq!(
        dates("Moldova declared independence on 27 August 1991. Smirnov was detained on the 29th."),
        [
            ("27 August 1991".into(), point("1991-08-27")),
            ("the 29th".into(), point("1991-08-29")),
        ]
    );
    // Not a day: an ordinal that counts something, or before any month.
    assert!(
        dates("It happened on the 5th floor in 1991.")
            .iter()
            .all(|(t, _)| t != "the 5th")
    );
    assert!(
        dates("In 1991, on the 14th Army's base.")
            .iter()
            .all(|(t, _)| !t.contains("14th"))
    );
    assert!(dates("He left on the 13th.").is_empty());
}

#[test]
fn the_following_day_follows_the_day_named_before() {
    assert_eq!(
        dates("Strikes began on 31 August 1989 and spread the following day."),
        [
            ("31 August 1989".into(), point("1989-08-31")),
            ("the following day".into(), point("1989-09-01")),
        ]
    );
    assert!(dates("They left the following day.").is_empty());
}

#[test]
fn seasons_mid_months_and_spans_of_days() {
    assert_eq!(
        dates("In the spring of 1992 fighting spread; by winter 1992 it stopped."),
        [
            ("the spring of 1992".into(), range("1992-03", "1992-05")),
            ("winter 1992".into(), range("1992-12", "1993-02")),
        ]
    );
    // "the fall of Srebrenica" is no season.
    assert!(dates("after the fall of Srebrenica").is_empty());
    assert_eq!(
        dates("In 2008 a meeting was set for mid-September; growth slowed in mid-2009."),
        [
            ("2008".into(), point("2008")),
            ("September".into(), point("2008-09")),
            ("2009".into(), point("2009")),
        ]
    );
    assert_eq!(
        dates("Between 19 and 21 June 1992, and from 10 to 12 June of 2010."),
        [
            (
                "19 and 21 June 1992".into(),
                range("1992-06-19", "1992-06-21")
            ),
            (
                "10 to 12 June of 2010".into(),
                range("2010-06-10", "2010-06-12")
            ),
        ]
    );
}

#[test]
fn a_yearless_start_of_a_range_takes_the_year_of_its_end() {
    assert_eq!(
        dates("It was 1994. The clashes lasted from the beginning of April until April 26, 2016."),
        [
            ("1994".into(), point("1994")),
            (
                "April until April 26, 2016".into(),
                range("2016-04", "2016-04-26")
            ),
        ]
    );
}

#[test]
fn a_year_that_dates_a_work_cited_dates_no_event_and_is_no_year_to_go_on_in() {
    let found = dates(
        "On 15 July 1974 it began (Polyviou 1980; Hitchens 1984). On 20 July troops \
         landed (Smith et al. 2005: 12), as Birand (1985) says; on 22 July they took it.",
    );
    assert_eq!(
        found,
        [
            ("15 July 1974".into(), point("1974-07-15")),
            ("1980".into(), point("1980")),
            ("1984".into(), point("1984")),
            ("20 July".into(), point("1974-07-20")),
            ("2005".into(), point("2005")),
            ("1985".into(), point("1985")),
            ("22 July".into(), point("1974-07-22")),
        ]
    );
    let cited = crate::extraction::rules::dates_in("It fell (Birand 1985).");
    assert!(!cited[0].may_date_an_event());
    // What a year in parentheses dates when a name it follows is a place or a treaty.
    for (text, year) in [
        ("The war in Bosnia (1992) ended.", "1992"),
        ("The Treaty of Guarantee (1960) holds.", "1960"),
        ("It was signed (May 1992) in Baku.", "1992-05"),
        (
            "It was divided between Byzantium and Persia (387 AD).",
            "0387",
        ),
        (
            "It was divided between Byzantium and Persia (1387).",
            "1387",
        ),
    ] {
        let found = crate::extraction::rules::dates_in(text);
        assert!(
            found
                .iter()
                .any(|d| d.value == point(year) && d.may_date_an_event()),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn a_year_since_which_a_time_runs_is_not_the_year_the_text_goes_on_in() {
    let found = dates(
        "Colombo, 20 May 2009\n\nSince the operation began in 2006 we have lost 6,000. \
         In early April they were killed.",
    );
    assert!(
        found.contains(&("April".into(), point("2009-04"))),
        "{found:?}"
    );
    let found = dates(
        "Colombo, 20 May 2009\n\nSince the fall of Kilinochchi on the 2nd of January and of \
         Mullaitivu town on the 25th of January, troops moved. He spoke on the 19th.",
    );
    assert!(
        found.contains(&("the 19th".into(), point("2009-05-19"))),
        "{found:?}"
    );
    let found = dates("The war began in 2006. In April they were killed.");
    assert!(
        found.contains(&("April".into(), point("2006-04"))),
        "{found:?}"
    );
}

#[test]
fn a_day_of_the_month_in_words_after_a_weekday_or_on() {
    let found = dates(
        "Colombo, Wednesday 20 May 2009\n\nOn Monday the eighteenth troops moved. He spoke \
         on the nineteenth. On Tuesday morning it was found. The next is on Wednesday the \
         twenty-seventh. On the second day, nothing.",
    );
    assert_eq!(
        found,
        [
            ("20 May 2009".into(), point("2009-05-20")),
            ("Monday the eighteenth".into(), point("2009-05-18")),
            ("the nineteenth".into(), point("2009-05-19")),
            ("Tuesday".into(), point("2009-05-19")),
            ("Wednesday the twenty-seventh".into(), point("2009-05-27")),
        ]
    );
}
