//! Who says so: the source each figure is attributed to, by the clause that gives it.

use super::extract;

/// The figures of `text` with their sources, as (property, value, source).
fn sourced(text: &str) -> Vec<(String, String, Option<String>)> {
    extract(text)
        .candidates
        .iter()
        .filter(|c| c.method == "rule:event-figure")
        .map(|c| {
            let (property, value) = &c.statements[0];
            (property.clone(), value.to_string(), c.attributed_to.clone())
        })
        .collect()
}

fn by(property: &str, value: &str, source: Option<&str>) -> (String, String, Option<String>) {
    (property.into(), value.into(), source.map(String::from))
}

#[test]
fn a_source_is_found_past_an_aside_and_past_where_it_is_from() {
    for text in [
        "Heydar Aliyev, in a report published on 20 June 2005, said that 300 people were killed \
         in the Khojaly massacre.",
        "Heydar Aliyev of Azerbaijan said that 300 people were killed in the Khojaly massacre.",
        "Heydar Aliyev himself said that 300 people were killed in the Khojaly massacre.",
    ] {
        assert_eq!(
            sourced(text),
            [by("killed", "300", Some("heydar-aliyev"))],
            "{text}"
        );
    }
    // A list is no aside: "A, B and C said" is said by C.
    let text = "Levon Ter-Petrosyan, Armenia and Heydar Aliyev said that 300 people were killed \
                in the Khojaly massacre.";
    assert_eq!(sourced(text), [by("killed", "300", Some("heydar-aliyev"))]);
}

#[test]
fn each_clause_has_its_own_source() {
    let text = "Of the Khojaly massacre, Heydar Aliyev gives the number of dead as about 613, \
                while Levon Ter-Petrosyan counts at least 200 dead.";
    assert_eq!(
        sourced(text),
        [
            by("killed", "613", Some("heydar-aliyev")),
            by("killed", "200", Some("levon-ter-petrosyan")),
        ]
    );
    // A source in the second clause says nothing of the first one's figure.
    let text = "In the Khojaly massacre 400 people were killed; Azerbaijani officials speak of \
                more than 600 dead.";
    let found = sourced(text);
    assert_eq!(found[0], by("killed", "400", None), "{found:?}");
    assert_eq!(
        found[1],
        by("killed", "600", Some("azerbaijani-officials")),
        "{found:?}"
    );
}

#[test]
fn a_group_or_a_body_named_by_its_nationality_is_a_source_wherever_it_speaks() {
    for (text, source) in [
        (
            "The Khojaly massacre killed at least 44 civilians, Armenian officials said.",
            "armenian-officials",
        ),
        (
            "Of the Khojaly massacre, Azerbaijani officials put the toll at more than 600.",
            "azerbaijani-officials",
        ),
        (
            "The Armenian interior ministry spoke of 200 killed in the Khojaly massacre.",
            "armenian-interior-ministry",
        ),
        (
            "By estimation of the interior ministry, 200 people were killed in the Khojaly \
             massacre.",
            "interior-ministry",
        ),
    ] {
        let found = sourced(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].2.as_deref(), Some(source), "{text}: {found:?}");
    }
    // Words that are no group, or a group of no nationality: no source.
    for text in [
        "The Khojaly massacre killed at least 44 civilians, local officials said.",
        "The Khojaly massacre killed at least 44 civilians, the Armenian army stated.",
    ] {
        assert_eq!(sourced(text)[0].2, None, "{text}");
    }
}

#[test]
fn counts_that_break_down_a_count_count_what_it_counts() {
    let text = "In the Khojaly massacre 129 persons were killed, among them 18 policemen and 17 \
                servicemen, and 415 were wounded.";
    let found: Vec<_> = sourced(text).into_iter().map(|(p, v, _)| (p, v)).collect();
    let expected = [
        ("killed", "129"),
        ("killed", "18"),
        ("killed", "17"),
        ("wounded", "415"),
    ]
    .map(|(p, v)| (p.to_string(), v.to_string()));
    assert_eq!(found, expected);
}

#[test]
fn a_source_in_one_clause_of_a_sentence_naming_agents_in_another_does_not_panic() {
    // The mentions of the whole sentence are handed to each clause's search.
    let text = "According to Heydar Aliyev; 200 people were killed in the Khojaly massacre; \
                Levon Ter-Petrosyan, Armenia, said 300.";
    let found = sourced(text);
    assert!(!found.is_empty(), "{found:?}");
}
