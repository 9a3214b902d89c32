//! What "the war" of a document means when it names no war: the one its lead brings in, or
//! its title names; never one named only to be compared with.

use super::extract;

/// The figures and dates of `text`, as (subject, property, value).
fn stated(text: &str) -> Vec<(String, String, String)> {
    extract(text)
        .candidates
        .iter()
        .filter(|c| c.method == "rule:event-figure" || c.method == "rule:event-date")
        .map(|c| {
            let (property, value) = &c.statements[0];
            (c.subject.clone(), property.clone(), value.to_string())
        })
        .collect()
}

fn of(subject: &str, property: &str, value: &str) -> (String, String, String) {
    (subject.into(), property.into(), value.into())
}

const LEAD: &str = "ALGIERS, 12 December 2000 (Agency) — The two presidents signed a peace \
                    agreement in Algiers on Tuesday, formally ending a border war that has \
                    killed tens of thousands of soldiers since May 1998.\n\n";

#[test]
fn the_war_of_a_report_is_the_one_its_lead_brings_in() {
    let text = format!(
        "{LEAD}Trench warfare was compared to the First World War.\n\n\
         Yemane Gebremeskel said on Monday that more than 120,000 soldiers had died in the \
         war. Eritrean officials put their own dead at fewer than 20,000.\n"
    );
    let found = stated(&text);
    for claim in [
        of("border-war-005", "startDate", "1998-05"),
        of("border-war-005", "killed", "10000"),
        // "The war" past a paragraph that names the First World War only to compare.
        of("border-war-005", "killed", "120000"),
        // A count in a sentence that names no event, after one of the war: the war's.
        of("border-war-005", "killed", "20000"),
    ] {
        assert!(found.contains(&claim), "{claim:?} not in {found:?}");
    }
    // "said on Monday" dates the saying.
    assert!(
        found.iter().all(|(_, _, value)| value != "2000-12-11"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(subject, _, _)| subject != "first-world-war"),
        "{found:?}"
    );
}

/// Whether `text` gives rise to no discovered name holding "war".
fn brings_in_no_war(text: &str) -> bool {
    let found = extract(text);
    let none = found.names.iter().all(|name| !name.label.contains("war"));
    if !none {
        eprintln!("{:?}", found.names);
    }
    none
}

#[test]
fn a_war_past_the_lead_brings_in_no_event() {
    assert!(brings_in_no_war(
        "The talks opened in Algiers.\n\nThe delegates met.\n\nThey spoke.\n\nThey feared \
         a border war that would kill thousands of soldiers.\n"
    ));
    // The same sentence in the lead does.
    assert!(!brings_in_no_war(
        "They feared a border war that would kill thousands of soldiers.\n"
    ));
}

#[test]
fn a_war_in_a_lead_that_names_a_registry_war_is_that_one() {
    assert!(brings_in_no_war(
        "Azerbaijan fought a short war in 2020. The 2020 Karabakh war ended.\n"
    ));
}

#[test]
fn a_title_names_the_war_the_text_calls_the_war() {
    let text = "THE WAR WHICH MOSCOW HAS LOST\n\nThe talks ended in Khasavyurt. Lebed himself \
                said that from 80 to 100 thousand people had perished in the war.\n";
    let found = stated(text);
    assert!(
        found.contains(&of("war-which-moscow-has-lost", "killed", "80000")),
        "{found:?}"
    );
}

#[test]
fn how_often_is_no_count_of_troops() {
    let text = "In the Khojaly massacre the hospital was stormed two times by the special \
                troops.";
    let found = stated(text);
    assert!(
        found.iter().all(|(_, property, _)| property != "troops"),
        "{found:?}"
    );
}
