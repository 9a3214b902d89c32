use super::*;

fn names_of(text: &str) -> Names {
    names_beside_the_registry(text, &[])
}

/// The names discovered in `text` whose registry mentions are at `registry` (byte ranges).
fn names_beside_the_registry(text: &str, registry: &[(usize, usize)]) -> Names {
    let capitals: Vec<(usize, usize)> = crate::extraction::words::words(text)
        .filter(|w| is_capitalized(text, w.start))
        .map(|w| (w.start, w.end))
        .collect();
    discover(text, &capitals, registry, &|_| false)
}

fn typed(text: &str) -> Vec<(String, &'static str)> {
    names_of(text)
        .entities
        .into_iter()
        .map(|e| (e.label, e.class))
        .collect()
}

fn has(text: &str, label: &str, class: &str) {
    let found = typed(text);
    assert!(
        found.iter().any(|(l, c)| l == label && *c == class),
        "{label} as {class} not in {found:?}"
    );
}

#[test]
fn titles_and_speech_make_persons_and_surnames_become_aliases() {
    let text = "President Mikheil Saakashvili ordered the attack. Later Saakashvili \
                said the troops had withdrawn.";
    let names = names_of(text);
    let person = &names.entities[0];
    assert_eq!(person.label, "Mikheil Saakashvili");
    assert_eq!(person.class, "Person");
    assert_eq!(person.aliases, vec!["Saakashvili".to_string()]);
    assert_eq!(person.mentions, 2);
    assert_eq!(&*person.slug, "mikheil-saakashvili");
    assert_eq!(names.entities.len(), 1, "{:?}", names.entities);
    has(
        "The talks ended, Dmitry Medvedev told reporters.",
        "Dmitry Medvedev",
        "Person",
    );
}

#[test]
fn heads_type_organizations_and_events() {
    has(
        "The Ministry of Defence of Armenia issued a statement.",
        "Ministry of Defence of Armenia",
        "Organization",
    );
    has(
        "Observers from the Human Rights Watch arrived.",
        "Human Rights Watch",
        "Organization",
    );
    has(
        "It was the start of the Russo-Georgian War in the south.",
        "Russo-Georgian War",
        "War",
    );
    has(
        "Both sides signed the Treaty of Moscow after the war.",
        "Treaty of Moscow",
        "Agreement",
    );
    has(
        "The killings became known as the Andijan Massacre abroad.",
        "Andijan Massacre",
        "Massacre",
    );
    has(
        "Troops took the town during Operation Storm in August.",
        "Operation Storm",
        "MilitaryOperation",
    );
}

#[test]
fn places_from_prepositions_and_place_nouns() {
    has(
        "Shelling was reported in Tskhinvali overnight.",
        "Tskhinvali",
        "Place",
    );
    // A verb of taking or striking a place before the name.
    has(
        "A week later troops entered Tskhinvali at night.",
        "Tskhinvali",
        "Place",
    );
    has(
        "Refugees fled the Kodori region by road.",
        "Kodori",
        "Region",
    );
    has(
        "They met near the city of Gori at noon.",
        "Gori",
        "Settlement",
    );
    has(
        "Fighting spread across South Ossetia.",
        "South Ossetia",
        "Place",
    );
}

#[test]
fn function_words_months_and_demonyms_are_no_names() {
    let found = typed(
        "The Georgian delegation moved. In August they returned. On Monday Uzbek \
         authorities closed the border. However, nothing changed.",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_sentence_initial_word_is_a_name_only_when_typed_elsewhere() {
    let found = typed("Srebrenica fell. Refugees arrived in Tuzla. Tuzla was full.");
    assert_eq!(found, vec![("Tuzla".to_string(), "Place")]);
    let names = names_of("Srebrenica fell. Refugees arrived in Tuzla. Tuzla was full.");
    assert_eq!(names.spans.len(), 2);
}

#[test]
fn what_is_shelled_taken_or_falls_is_a_place() {
    has("Serb artillery shelled Gorazde.", "Gorazde", "Place");
    has(
        "The militia took Zvornik, Visegrad and Foca.",
        "Foca",
        "Place",
    );
    has("Badme was heavily shelled by the army.", "Badme", "Place");
    has("The town held out until Zepa fell.", "Zepa", "Place");
    has("Zalambessa fell on 25 May.", "Zalambessa", "Place");
    has("Tawila fell to the militia.", "Tawila", "Place");
    has("Many died in the bombing of Korisa.", "Korisa", "Place");
    // At a sentence's start, only what falls on a day or to someone, and a word the document
    // never writes in lowercase.
    for text in [
        "Night fell on the town.",
        "Prices fell to 5 dollars.",
        "Silence fell.",
        "Nothing was shelled. Nothing moved.",
        "Order was surrounded by doubts. The order came.",
    ] {
        assert!(typed(text).is_empty(), "{text}: {:?}", typed(text));
    }
    // "The capture of Ocalan": persons are captured too.
    assert!(typed("They spoke of the capture of Ocalan.").is_empty());
}

#[test]
fn forces_named_by_their_nationality_are_groups() {
    has(
        "Georgian troops entered the town.",
        "Georgian troops",
        "Group",
    );
    has(
        "Then Serb paramilitary units came.",
        "Serb paramilitary units",
        "Group",
    );
    has(
        "It said Ethiopian jets bombed it.",
        "Ethiopian jets",
        "Group",
    );
    // Other nouns after a word of nationality make no name.
    assert!(typed("The Georgian delegation and Uzbek officials met.").is_empty());
    assert!(typed("The Georgian troopships left.").is_empty());
}

#[test]
fn names_reach_their_particles_numbers_and_second_nouns() {
    has(
        "President Omar al-Bashir spoke.",
        "Omar al-Bashir",
        "Person",
    );
    has(
        "Resolution 1556 of 30 July 2004 demanded it.",
        "Resolution 1556",
        "Resolution",
    );
    has(
        "It joined the Justice and Equality Movement.",
        "Justice and Equality Movement",
        "Organization",
    );
    has(
        "The Coalition for International Justice, a Washington-based group, said so.",
        "Coalition for International Justice",
        "Organization",
    );
    // "Resolutions 242 and 243" name two; a letterhead's short lines are no one name.
    assert!(typed("Resolutions 242 and 243 were adopted.").is_empty());
    let found = typed("Briefing Note No. 7: Darfur, Sudan\nNairobi, 15 August 2005\n");
    assert!(
        found
            .iter()
            .all(|(name, _)| !name.contains("Sudan Nairobi")),
        "{found:?}"
    );
}

#[test]
fn registry_names_are_left_to_the_registry() {
    let text = "Georgia and Mikheil Saakashvili said so.";
    let names = names_beside_the_registry(text, &[(0, 7)]);
    let labels: Vec<_> = names.entities.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["Mikheil Saakashvili"]);
    // A word of the compass left before a registry name is no name of its own.
    let text = "Kingdoms beyond the Eastern Caucasus fell.";
    let caucasus = text.find("Caucasus").unwrap();
    let names = names_beside_the_registry(text, &[(caucasus, caucasus + 8)]);
    assert!(names.entities.iter().all(|e| e.label != "Eastern"));
    // A registry name that begins with an ordinal leaves nothing to discover.
    let text = "He led the 709th Brigade.";
    let brigade = text.find("709th").unwrap();
    let names = names_beside_the_registry(text, &[(brigade, brigade + 13)]);
    assert!(names.entities.is_empty(), "{:?}", names.entities);
}

#[test]
fn a_slug_of_the_registry_gets_the_class_after_it() {
    let used = BTreeSet::new();
    let taken = |slug: &str| slug == "georgia" || slug == "georgia-person";
    assert_eq!(
        slug_for("Georgia", "Person", &taken, &used).as_deref(),
        Some("georgia-person-2")
    );
    assert_eq!(
        slug_for("Georgia", "MilitaryOperation", &|s| s == "georgia", &used).as_deref(),
        Some("georgia-military-operation")
    );
    assert_eq!(slug_of("Ilham Əliyev").as_deref(), Some("ilham-eliyev"));
    assert_eq!(
        slug_of("Treaty of Moscow").as_deref(),
        Some("treaty-of-moscow")
    );
    assert_eq!(slug_of("日本"), None);
}

#[test]
fn documents_merge_by_slug_in_any_order() {
    let one = names_of("Rebels attacked Tuzla, Naser Oric said.").entities;
    let two =
        names_of("The convoy reached Naser Oric near Tuzla. Oric told them to wait.").entities;
    let mut a = Discoveries::default();
    a.add(&one);
    a.add(&two);
    let mut b = Discoveries::default();
    b.add(&two);
    b.add(&one);
    assert_eq!(a.entities(), b.entities());
    let oric = a
        .entities()
        .into_iter()
        .find(|e| &*e.slug == "naser-oric")
        .expect("one entity for both documents");
    assert_eq!(oric.class, "Person");
    assert_eq!(oric.aliases, vec!["Oric".to_string()]);
}

#[test]
fn countries_and_capitals_are_known_without_a_cue() {
    has("Moldova signed it.", "Moldova", "Country");
    has(
        "Talks with the Soviet Union resumed.",
        "Soviet Union",
        "Country",
    );
    has(
        "Officials met. Brussels then proposed talks.",
        "Brussels",
        "Settlement",
    );
}

#[test]
fn a_preposition_before_a_name_says_more_than_a_verb_after_it() {
    has(
        "Diplomats in Zugdidi said the talks failed.",
        "Zugdidi",
        "Place",
    );
    has(
        "The talks ended, Dmitry Medvedev said.",
        "Dmitry Medvedev",
        "Person",
    );
}

#[test]
fn names_listed_after_a_place_preposition_are_places() {
    let text = "Strikes began in Tiraspol and Bender, then near Gori, Karaleti, and Tkviavi.";
    for place in ["Bender", "Karaleti", "Tkviavi"] {
        has(text, place, "Place");
    }
    // A list after a verb says nothing of its names.
    let found = typed("Officials visited Tiraspol and Bender.");
    assert!(found.iter().all(|(_, c)| *c != "Place"), "{found:?}");
}

#[test]
fn a_single_name_after_a_place_preposition_and_the_ends_its_phrase() {
    has("Fighting spread across the Dniester.", "Dniester", "Place");
    has("Fighting spread along the Dniester.", "Dniester", "Place");
    has(
        "They fled across the Dniester and waited.",
        "Dniester",
        "Place",
    );
    for text in [
        "It was written in the Latin script.",
        "We said so in the Answer to Question 3.",
        "He spoke in the Council on Monday.",
    ] {
        let found = typed(text);
        assert!(
            found.iter().all(|(_, c)| *c != "Place"),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn long_names_of_bodies_go_on_through_and_and_in() {
    has(
        "Monitors of the Organization for Security and Co-operation in Europe arrived.",
        "Organization for Security and Co-operation in Europe",
        "Organization",
    );
    has(
        "Officials of the Georgian Ministry of Refugees said so.",
        "Georgian Ministry of Refugees",
        "Organization",
    );
    has(
        "The Supreme Soviet of the Moldavian SSR adopted the law.",
        "Supreme Soviet of the Moldavian SSR",
        "Organization",
    );
    // Before "of" or "for", "and" joins two names.
    let found = typed("The Ministry and Parliament of Georgia met in Tbilisi.");
    assert!(found.iter().all(|(l, _)| !l.contains(" and ")), "{found:?}");
}

#[test]
fn a_given_name_makes_a_person_of_a_name_with_no_other_cue() {
    has(
        "Igor Smirnov becomes its chairman.",
        "Igor Smirnov",
        "Person",
    );
    // A given name alone is no person: "Islam" is also a religion.
    let found = typed("Converts to Islam were few.");
    assert!(found.iter().all(|(_, c)| *c != "Person"), "{found:?}");
}

#[test]
fn a_title_in_apposition_makes_a_person() {
    has(
        "The human rights commissioner, Alvaro Gil-Robles, visited the camps.",
        "Alvaro Gil-Robles",
        "Person",
    );
    has(
        "Ahtisaari Vanhanen, the envoy of the union, arrived.",
        "Ahtisaari Vanhanen",
        "Person",
    );
    // A phrase after the comma without a title says nothing.
    let found = typed("Tesla Motors, a company of the region, arrived.");
    assert!(found.iter().all(|(_, c)| *c != "Person"), "{found:?}");
}

#[test]
fn a_word_ending_as_place_names_do_is_a_place_within_a_sentence() {
    let text = "They fled to camps from Ingushetia, then to Sleptsovsk. Ingushetia said nothing.";
    has(text, "Ingushetia", "Place");
    has(text, "Sleptsovsk", "Place");
    // At the start of a sentence, or a word of nationality or a head word, it is none.
    for text in [
        "Risk was high. Media reported it.",
        "The Georgian side agreed; Militia fought.",
    ] {
        let found = typed(text);
        assert!(
            found.iter().all(|(_, c)| *c != "Place"),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn a_byline_names_a_person_and_balkan_surnames_are_no_words_of_origin() {
    let text = "Opinion: the spring of 1999\n\nBy Stanko Petrovic\n\nIt began in March.";
    has(text, "Stanko Petrovic", "Person");
    has(
        "The tribunal indicted Slobodan Milosevic in May.",
        "Slobodan Milosevic",
        "Person",
    );
    // "by" within a sentence is no byline.
    let found = typed("The plan was drafted by Stanko Petrovic and others.");
    assert!(found.iter().all(|(_, c)| *c != "Person"), "{found:?}");
}

#[test]
fn the_words_of_an_office_before_a_title_are_no_name() {
    let found = typed("He called the National Security Adviser, Robert O'Brien, on Monday.");
    assert!(
        found.iter().all(|(l, _)| l != "National Security"),
        "{found:?}"
    );
    has(
        "The Security Council President spoke.",
        "Security Council",
        "Organization",
    );
}

#[test]
fn apposition_possessive_offices_and_air_bases_type_names() {
    let text = "The men were accused of belonging to Akramiya, a group the authorities called \
                extremist. The Prosecutor General's Office said so. One of them, Nigora \
                Hidoyatova, spoke of 1,500. Aircraft used the Karshi-Khanabad air base. \
                Refugees reached Osh, a city in the south. Karimov, a former Soviet party \
                boss, stayed. Russia's Foreign Ministry said nothing.";
    has(text, "Akramiya", "Group");
    has(text, "Prosecutor General's Office", "Organization");
    has(text, "Nigora Hidoyatova", "Person");
    has(text, "Karshi-Khanabad", "Facility");
    has(text, "Osh", "Settlement");
    let found = typed(text);
    assert!(
        !found
            .iter()
            .any(|(name, class)| name == "Karimov" && *class != "Person"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(name, _)| name.starts_with("Russia's")),
        "{found:?}"
    );
}

#[test]
fn a_body_then_a_person_movement_to_a_place_and_nouns_for_people() {
    let text = "The head of the Provisional Government Roza Otunbayeva declared a state of \
                emergency. Clashes spread to Jalal-Abad and Bazar-Korgon. A report by the \
                Finnish politician Kimmo Kiljunen blamed the Uzbek leader Kadyrjan Batyrov. \
                Data of the Ministry of Health of the Kyrgyz Republic differ. The Soviet Army \
                General Staff planned it.";
    has(text, "Provisional Government", "Organization");
    has(text, "Roza Otunbayeva", "Person");
    has(text, "Jalal-Abad", "Place");
    has(text, "Bazar-Korgon", "Place");
    has(text, "Kimmo Kiljunen", "Person");
    has(text, "Kadyrjan Batyrov", "Person");
    has(
        text,
        "Ministry of Health of the Kyrgyz Republic",
        "Organization",
    );
    let found = typed(text);
    assert!(!found.iter().any(|(name, _)| name == "Staff"), "{found:?}");
}

#[test]
fn an_ordinal_begins_the_name_of_a_military_unit_only() {
    let text = "Officers of the 14th Army met delegates of the 5th Congress of Deputies. \
                The 201st Motor Rifle Division stayed.";
    has(text, "14th Army", "Organization");
    has(text, "201st Motor Rifle Division", "Organization");
    let found = typed(text);
    assert!(
        !found.iter().any(|(name, _)| name.starts_with("5th")),
        "{found:?}"
    );
}

#[test]
fn a_body_and_a_person_written_together_are_two_names() {
    let text = "It was witnessed by United Nations Secretary-General Kofi Annan and by the \
                Secretary of the Security Council of Russia Alexander Lebed.";
    has(text, "Kofi Annan", "Person");
    has(text, "Alexander Lebed", "Person");
    let found = typed(text);
    assert!(
        !found
            .iter()
            .any(|(label, _)| label.contains("Kofi") && label.contains("Nations")),
        "{found:?}"
    );
    // A name that only holds a given name is not parted: "Saint Alexander Nevsky Cathedral".
    has(
        "They met at the Saint Alexander Nevsky Cathedral in Sofia.",
        "Saint Alexander Nevsky Cathedral",
        "Facility",
    );
}

#[test]
fn a_noun_for_a_body_before_a_name_makes_it_an_organization() {
    has(
        "The British aid agency Oxfam estimates that 70,000 died.",
        "Oxfam",
        "Organization",
    );
    has(
        "By data of the human rights centre Memorial, 25,000 died.",
        "Memorial",
        "Organization",
    );
    // The noun must be written as a noun, not as the end of a name.
    has(
        "The head of the Minsk Group Jane Doe said the talks would go on.",
        "Jane Doe",
        "Person",
    );
}

#[test]
fn an_ordinal_before_an_events_name_is_part_of_it() {
    has(
        "Diplomats compared it to the First World War.",
        "First World War",
        "War",
    );
    has("The Second Chechen War began.", "Second Chechen War", "War");
    // Elsewhere an ordinal is no part of a name: "First, Ruslan Khasbulatov said".
    let found = typed("First Deputy Ruslan Khasbulatov spoke.");
    assert!(
        found.iter().all(|(label, _)| !label.starts_with("First")),
        "{found:?}"
    );
}

#[test]
fn a_title_with_a_relative_clause_is_named_by_the_word_before_it() {
    has(
        "THE WAR WHICH MOSCOW HAS LOST\n\nThe troops left.",
        "WAR WHICH MOSCOW HAS LOST",
        "War",
    );
}

#[test]
fn of_state_after_a_title_is_the_titles() {
    has(
        "The talks were led by Secretary of State Madeleine Albright.",
        "Madeleine Albright",
        "Person",
    );
    let found = typed("The talks were led by Secretary of State Madeleine Albright.");
    assert!(
        found.iter().all(|(label, _)| !label.starts_with("State")),
        "{found:?}"
    );
}

#[test]
fn an_acronym_given_after_a_name_is_its_alias_wherever_it_is_used() {
    let text = "Fighting began when the Sudan Liberation Army (SLA) attacked. Later the SLA \
                signed. The Kosovo Liberation Army (KLA) fled.";
    let names = names_of(text);
    let army = names
        .entities
        .iter()
        .find(|e| e.label == "Sudan Liberation Army")
        .expect("the full name");
    assert_eq!(army.class, "Organization");
    assert_eq!(army.aliases, vec!["SLA".to_string()]);
    assert_eq!(army.mentions, 3);
    let forces = names.entities.iter().find(|e| e.aliases == ["KLA"]);
    assert!(forces.is_some(), "{:?}", names.entities);
    assert!(names.entities.iter().all(|e| e.label != "SLA"));
    // A person's affiliation in parentheses, and letters no word of the name begins with.
    let names = names_of("Then Hashim Thaci (KLA) spoke, and Radio Free Europe (VOA) said so.");
    assert!(
        names.entities.iter().all(|e| e.aliases.is_empty()),
        "{:?}",
        names.entities
    );
}

#[test]
fn a_surname_in_capitals_is_the_persons_named_in_full() {
    let text = "Present: Brigadier Udaya Nanayakkara, Military Spokesman.\n\nBRIG. NANAYAKKARA: \
                Thank you.";
    let names = names_of(text);
    let person = names
        .entities
        .iter()
        .find(|e| e.label == "Udaya Nanayakkara")
        .expect("the full name");
    assert_eq!(person.aliases, vec!["NANAYAKKARA".to_string()]);
}

#[test]
fn an_initial_goes_on_with_the_name_and_a_title_in_apposition_makes_a_person() {
    has(
        "There are reports that the political wing head, B. Nadesan, was killed.",
        "B. Nadesan",
        "Person",
    );
    has(
        "Troops found Soosai, the Sea Tiger leader, on the beach.",
        "Soosai",
        "Person",
    );
    has(
        "Then Glafcos Clerides, President of the House, took office.",
        "Glafcos Clerides",
        "Person",
    );
}

#[test]
fn a_place_the_gazetteer_names_with_and_is_one_name_and_given_names_in_ian_stay() {
    has(
        "The war in Bosnia and Herzegovina lasted almost four years.",
        "Bosnia and Herzegovina",
        "Country",
    );
    // Two places joined by "and" stay two.
    has(
        "The war spread from Serbia and Croatia to the south.",
        "Croatia",
        "Country",
    );
    has(
        "The hill was taken by Brigadier Julian Thompson.",
        "Julian Thompson",
        "Person",
    );
    // "Jan" is a month's abbreviation too.
    has(
        "In March 2005 Jan Egeland put the toll at 180,000 deaths.",
        "Jan Egeland",
        "Person",
    );
}

#[test]
fn a_name_in_quotation_marks_after_the_is_no_titled_person() {
    let text = "The sinking of the \"General Belgrano\" on 2 May was confirmed. The brigade \
                sailed in the \u{201c}Queen Elizabeth 2\u{201d} from Southampton.";
    let found = typed(text);
    assert!(
        found.iter().any(|(label, _)| label == "General Belgrano"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(label, _)| label == "Queen Elizabeth 2"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, class)| *class == "Person"),
        "{found:?}"
    );
}
