//! Acts read from their verbs and nouns: on places ("took Zvornik, Višegrad and Foča", "the
//! bombing of Korisa"), with the figures of the sentence that tells one and the dates a
//! sentence gives the event it begins with ("The war ended on …"); signatories and the titles
//! that introduce them.

use super::{holds, of, stated};

#[test]
fn an_act_on_a_list_of_places_is_one_act_on_each() {
    let found = stated(
        "In April 1992 Serb paramilitary units and the Yugoslav People's Army took Zvornik, \
         Visegrad and Foca, and the population was expelled.\n",
    );
    holds(
        &found,
        &[
            of("capture-of-zvornik", "date", "1992-04"),
            of("capture-of-visegrad", "date", "1992-04"),
            of("capture-of-foca", "place", "foca"),
            of("capture-of-foca", "agent", "yugoslav-people-s-army"),
            // Forces named by their nationality, and past "and the".
            of("capture-of-foca", "agent", "serb-paramilitary-units"),
        ],
    );
}

#[test]
fn acts_are_read_past_an_apposition_and_named_by_their_verb() {
    let found = stated(
        "The second enclave, Zepa, fell on 25 July 1995. On 9 January 1996 the detachment of \
         Salman Raduev attacked the town of Kizlyar.\n",
    );
    holds(
        &found,
        &[
            of("capture-of-zepa", "date", "1995-07-25"),
            // The date that opens the sentence dates its clause, past the long subject.
            of("attack-on-kizlyar", "date", "1996-01-09"),
            of("attack-on-kizlyar", "agent", "salman-raduev"),
        ],
    );
}

#[test]
fn an_act_done_near_a_place_is_the_event_its_figures_count() {
    let found = stated(
        "The bombing campaign began in 1999 and was named in the press twice.\n\n\
         On 14 April 1999 NATO bombed a convoy of refugees near Djakovica, killing 75 people.\n",
    );
    holds(
        &found,
        &[
            of("bombing-near-djakovica", "date", "1999-04-14"),
            of("bombing-near-djakovica", "place", "djakovica"),
            of("bombing-near-djakovica", "killed", "75"),
        ],
    );
    // People killed near a place: a killing there.
    let found =
        stated("In Drenica, on 28 February 1998, gunmen killed four policemen near Likosane.\n");
    holds(
        &found,
        &[
            of("killing-near-likosane", "date", "1998-02-28"),
            of("killing-near-likosane", "place", "likosane"),
            of("killing-near-likosane", "killed", "4"),
        ],
    );
    // A person taken near a place is no capture of it.
    let found = stated("On 3 May 1999 the police captured two soldiers near Pec.\n");
    assert!(
        found.iter().all(|(s, _, _)| !s.starts_with("capture")),
        "{found:?}"
    );
}

#[test]
fn an_act_named_by_its_noun_and_place_is_an_event() {
    let found = stated(
        "On 13 May 1999, 87 civilians died in the bombing of Korisa. The siege of Sarajevo \
         ended on 29 February 1996.\n",
    );
    holds(
        &found,
        &[
            of("bombing-of-korisa", "date", "1999-05-13"),
            of("bombing-of-korisa", "killed", "87"),
            of("siege-of-sarajevo", "endDate", "1996-02-29"),
        ],
    );
}

#[test]
fn the_date_after_the_war_ended_is_the_wars_not_the_accords_named_after_it() {
    let found = stated(
        "THE WAR WHICH MOSCOW HAS LOST\n\nThe war ended on 31 August 1996 in Khasavyurt, \
         where the two sides signed the Khasavyurt Accord.\n",
    );
    holds(
        &found,
        &[of("war-which-moscow-has-lost", "endDate", "1996-08-31")],
    );
    assert!(
        !found.contains(&of("khasavyurt-accord", "endDate", "1996-08-31")),
        "{found:?}"
    );
    // The end of "the offensive" is no end of a ceasefire named later.
    let found = stated(
        "The offensive ended on 31 May 2000, when both governments accepted the Algiers \
         Ceasefire.\n",
    );
    assert!(
        found
            .iter()
            .all(|(s, _, v)| !(s.contains("ceasefire") && v == "2000-05-31")),
        "{found:?}"
    );
}

#[test]
fn a_document_does_not_count_people_for_an_act_named_once_in_passing_or_a_mission() {
    let found = stated(
        "On 13 May 1999 the bombing of Korisa took place.\n\nThe OSCE Kosovo Verification \
         Mission left in March 1999. The OSCE Kosovo Verification Mission came back.\n\n\
         The government says that 2,000 civilians were killed.\n",
    );
    assert!(found.iter().all(|(_, p, _)| p != "killed"), "{found:?}");
}

#[test]
fn spans_of_time_and_places_counted_are_no_people() {
    let found = stated(
        "The war in Darfur began in 2003.\n\nEgeland put the toll at 180,000 deaths in 18 \
         months. UNHCR has registered 193,000 Sudanese refugees in 11 camps in eastern Chad.\n",
    );
    holds(
        &found,
        &[
            of("war-in-darfur", "killed", "180000"),
            of("war-in-darfur", "refugees", "193000"),
        ],
    );
    for wrong in ["18", "11"] {
        assert!(
            found.iter().all(|(_, _, v)| v != wrong),
            "{wrong}: {found:?}"
        );
    }
}

#[test]
fn armed_people_who_attack_are_counted_as_troops() {
    let found = stated(
        "The war in Darfur began in 2003.\n\nOn 27 February 2004 some 500 militiamen \
         attacked Tawila, killing at least 67 people.\n",
    );
    holds(
        &found,
        &[
            of("attack-on-tawila", "troops", "500"),
            of("attack-on-tawila", "killed", "67"),
        ],
    );
}

#[test]
fn signatories_are_read_past_where_and_when_and_their_titles() {
    let found = stated(
        "The Military-Technical Agreement was signed in Kumanovo on 9 June 1999 by Colonel \
         General Svetozar Marjanovic for the Yugoslav Army and Lieutenant General Michael \
         Jackson for NATO. The Dayton Agreement was signed in Paris on 14 December 1995 by the \
         President of Serbia Slobodan Milosevic and the President of Croatia Franjo Tudjman.\n",
    );
    holds(
        &found,
        &[
            of(
                "military-technical-agreement",
                "participant",
                "svetozar-marjanovic",
            ),
            of(
                "military-technical-agreement",
                "participant",
                "michael-jackson",
            ),
            of("dayton-agreement", "participant", "slobodan-milosevic"),
            of("dayton-agreement", "participant", "franjo-tudjman"),
            of("slobodan-milosevic", "role", "President of Serbia"),
        ],
    );
    // Whom they signed for is no signatory.
    assert!(
        !found.contains(&of("military-technical-agreement", "participant", "nato")),
        "{found:?}"
    );
}

#[test]
fn an_office_of_a_department_is_a_title() {
    let found = stated(
        "US Secretary of Defense William Cohen claimed it. United States Secretary of State \
         Madeleine Albright denied it.\n",
    );
    let roles: Vec<_> = found.iter().filter(|(_, p, _)| p == "role").collect();
    assert!(
        roles
            .iter()
            .any(|(s, _, v)| s == "william-cohen" && v.starts_with("Secretary of Defense")),
        "{roles:?}"
    );
    assert!(
        roles
            .iter()
            .any(|(s, _, v)| s == "madeleine-albright" && v.starts_with("Secretary of State")),
        "{roles:?}"
    );
}

#[test]
fn a_landing_at_a_place_is_an_act_on_it() {
    let found = stated(
        "At dawn on 20 July 1974 Turkish troops landed at Pentemili beach, west of the \
         town.\n",
    );
    holds(
        &found,
        &[
            of("landing-at-pentemili", "date", "1974-07-20"),
            of("landing-at-pentemili", "place", "pentemili"),
            of("landing-at-pentemili", "agent", "turkish-troops"),
        ],
    );
}
