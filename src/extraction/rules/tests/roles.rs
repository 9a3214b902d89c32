//! Titles around a person's name that no registry knows: in parentheses, as a record of
//! debates names its speakers; in apposition after the name; before a comma and a courtesy
//! title.

use super::{holds, of, stated};

#[test]
fn a_title_before_the_name_in_parentheses_is_the_speakers_role() {
    let found = stated(
        "The Secretary of State for Defence (Mr. John Nott): With permission, I shall make a \
         statement.\n",
    );
    holds(
        &found,
        &[of("john-nott", "role", "Secretary of State for Defence")],
    );
    // "Secretary of State" is a title, not the name of a region.
    assert!(
        !found
            .iter()
            .any(|(subject, _, _)| subject == "secretary-of-state")
    );
}

#[test]
fn a_ranked_office_in_apposition_is_a_role_and_its_body_the_persons() {
    let found = stated("Getachew Reda, a senior TPLF official, said that 750 people had died.\n");
    holds(
        &found,
        &[
            of("getachew-reda", "role", "senior TPLF official"),
            of("getachew-reda", "memberOf", "tplf"),
        ],
    );
}

#[test]
fn a_title_of_a_body_before_a_courtesy_title_makes_the_person_a_member() {
    let found = stated(
        "What is being done, through the Secretary-General of the United Nations, Señor Pérez \
         de Cuéllar, to bring about a ceasefire?\n\n\
         Eritrea's Minister of Information, Yemane Gebremeskel, dismissed the reports.\n",
    );
    holds(
        &found,
        &[
            of(
                "perez-de-cuellar",
                "role",
                "Secretary-General of the United Nations",
            ),
            of("perez-de-cuellar", "memberOf", "united-nations"),
            of(
                "yemane-gebremeskel",
                "role",
                "Minister of Information of Eritrea",
            ),
        ],
    );
}

#[test]
fn a_given_name_that_ends_as_a_demonym_stays_in_the_name() {
    let found = stated("The hill was taken by Brigadier Julian Thompson.\n");
    holds(&found, &[of("julian-thompson", "role", "Brigadier")]);
}

#[test]
fn an_officer_a_unit_serves_under_or_is_commanded_by_is_its_commander() {
    let found = stated(
        "Since then, 3rd Commando Brigade, under Brigadier Julian Thompson, has secured the \
         hill.\n\nThe Parachute Regiment, commanded by Lieutenant-Colonel H. Jones, advanced.\n\n\
         The country prospered under President Julian Smith.\n",
    );
    holds(
        &found,
        &[
            of("julian-thompson", "memberOf", "3rd-commando-brigade"),
            of("h-jones", "memberOf", "parachute-regiment"),
            of("h-jones", "role", "commander of Parachute Regiment"),
        ],
    );
    // "under President P" tells when, not whom P commands.
    assert!(
        !found
            .iter()
            .any(|(subject, property, _)| subject == "julian-smith" && property == "memberOf")
    );
}

#[test]
fn titles_in_apposition_end_at_a_relative_clause_and_keep_a_possessive_office() {
    let found = stated(
        "The talks ended when Ahmed Ouyahia, the OAU envoy who mediated the talks, left \
         Algiers.\n\nLegwaila Joseph Legwaila, the Secretary-General's special representative, \
         arrived.\n\nYemane Gebremeskel, director of the Office of the President, said so.\n",
    );
    holds(
        &found,
        &[
            of("ahmed-ouyahia", "role", "OAU envoy"),
            of("ahmed-ouyahia", "memberOf", "oau"),
            of(
                "legwaila-joseph-legwaila",
                "role",
                "Secretary-General's special representative",
            ),
            // A lowercase office "of" something types the name a person's.
            of(
                "yemane-gebremeskel",
                "role",
                "director of the Office of the President",
            ),
        ],
    );
}

#[test]
fn a_title_a_body_or_a_nationality_opens_may_hold_lowercase_words() {
    let found = stated(
        "The government spoke to the LTTE political wing head, B. Nadesan, on Monday.\n\n\
         Ethiopian government spokeswoman Selome Tadesse said the town was taken.\n",
    );
    holds(
        &found,
        &[
            of("b-nadesan", "role", "LTTE political wing head"),
            of("b-nadesan", "memberOf", "ltte"),
            // An office of a state takes its country last, as "Russian President" does.
            of(
                "selome-tadesse",
                "role",
                "government spokeswoman of Ethiopia",
            ),
        ],
    );
}

#[test]
fn in_a_sentence_of_signing_the_body_a_person_signs_for_is_theirs() {
    let found = stated(
        "The agreement was signed by Colonel General Svetozar Marjanovic for the Yugoslav Army \
         on 9 June 1999.\n\nThe general Marko Petrovic spoke for the Yugoslav Army.\n",
    );
    holds(
        &found,
        &[of("svetozar-marjanovic", "memberOf", "yugoslav-army")],
    );
    assert!(!found.contains(&of("marko-petrovic", "memberOf", "yugoslav-army")));
}

#[test]
fn a_former_gunman_of_a_body_was_its_member() {
    let found = stated(
        "Nikos Sampson, a former EOKA gunman, was installed as president on 15 July 1974.\n",
    );
    holds(
        &found,
        &[
            of("nikos-sampson", "role", "former EOKA gunman"),
            of("nikos-sampson", "memberOf", "eoka"),
        ],
    );
}
