use super::*;
use crate::extraction::registry;
use crate::extraction::{Method, Qualifier, Value};
use crate::inputs::SourceFile;
use crate::temporal::PartialDate;
use std::path::PathBuf;

fn extractor() -> Extractor {
    let mut ontology = Ontology::default();
    // Each class with its parent, if one.
    for (class, parent) in [
        ("Event", None),
        ("Massacre", Some("Event")),
        ("War", Some("Event")),
        ("MilitaryOperation", Some("Event")),
        ("Deployment", Some("Event")),
        ("Resolution", Some("Event")),
        ("Agreement", Some("Event")),
        ("Place", None),
        ("Settlement", Some("Place")),
        ("Country", Some("Place")),
        ("Agent", None),
        ("Organization", Some("Agent")),
        ("Group", Some("Agent")),
        ("Person", None),
    ] {
        let parents = ontology.classes.entry(class.into()).or_default();
        parents.extend(parent.map(String::from));
    }
    let text = r#"
[khojaly-massacre]
type = "Massacre"
label = "Khojaly massacre"
aliases = ["Kocaeli massacre"]
[khojaly]
type = "Place"
label = "Khojaly"
aliases = ["Kocaeli"]
[azerbaijani-sources]
type = "Organization"
label = "Azerbaijani sources"
[nagorno-karabakh]
type = "Country"
label = "Nagorno-Karabakh"
aliases = ["Nagoro-Karabakh"]
[armenia]
type = "Country"
label = "Armenia"
[azerbaijan]
type = "Country"
label = "Azerbaijan"
[ceasefire-2020]
type = "Event"
label = "2020 ceasefire agreement"
[karabakh-meeting-2023]
type = "Event"
label = "Nagorno-Karabakh meeting (September 2023)"
[war-2020]
type = "Event"
label = "2020 Karabakh war"
aliases = ["autumn war"]
[resolution-822]
type = "Event"
label = "Resolution 822"
[resolution-853]
type = "Event"
label = "Resolution 853"
[refugees-in-azerbaijan]
type = "Event"
label = "Refugees in Azerbaijan"
[blockade-of-azerbaijan]
type = "Event"
label = "Blockade of Azerbaijan"
[baku]
type = "Place"
label = "Baku"
[baku-pogrom]
type = "Massacre"
label = "Baku pogrom"
[coup-1993]
type = "Event"
label = "1993 Azerbaijani coup d'état"
[ceasefire-1994]
type = "Event"
label = "1994 ceasefire"
[moscow]
type = "Place"
label = "Moscow"
[heydar-aliyev]
type = "Person"
label = "Heydar Aliyev"
[levon-ter-petrosyan]
type = "Person"
label = "Levon Ter-Petrosyan"
aliases = ["Petrosyan"]
[pavel-grachev]
type = "Person"
label = "Pavel Grachev"
"#;
    let registry = registry::load(
        &[SourceFile {
            path: PathBuf::from("e.toml"),
            text: text.into(),
        }],
        &ontology,
    )
    .unwrap();
    Extractor::new(&registry, &ontology)
}

fn extract(text: &str) -> Extraction {
    extract_dated(text, None)
}

/// `text` read as a document of `date`, without the place that "Khojaly massacre" gives by
/// its name: that claim comes with most texts here, and has a test of its own.
fn extract_dated(text: &str, date: Option<&str>) -> Extraction {
    let mut found = extract_all(text, date);
    found.candidates.retain(|c| c.method != "rule:name-place");
    found
}

fn extract_all(text: &str, date: Option<&str>) -> Extraction {
    extractor().extract(&Source {
        id: "005_test",
        short_id: "005",
        path: Path::new("seeds/005_test.txt"),
        text,
        date: date.map(|d| PartialDate::parse(d).unwrap()),
    })
}

#[test]
fn an_event_named_after_a_place_happened_there_once_a_document() {
    let found = extract_all(
        "The Khojaly massacre shocked many. The Kocaeli massacre was denied. The \
         Nagorno-Karabakh meeting took place later.",
        None,
    );
    let places: Vec<_> = found
        .candidates
        .iter()
        .filter(|c| c.method == "rule:name-place")
        .map(|c| (c.subject.as_str(), c.statements[0].1.to_string()))
        .collect();
    // Two names of one event, one claim; a country first names no place.
    assert_eq!(places, [("khojaly-massacre", "khojaly".to_string())]);
}

#[test]
fn an_event_and_a_date_in_one_sentence_make_a_candidate_claim() {
    let text = "Ünïcode first. The Khojaly massacre took place on February 26, 1992, and 613 people were killed. Nothing here.";
    let found = extract(text);
    assert_eq!(found.candidates.len(), 2, "{:#?}", found.candidates);
    let date = &found.candidates[0];
    assert_eq!(date.method, "rule:event-date");
    assert_eq!(date.subject, "khojaly-massacre");
    assert_eq!(
        date.statements,
        [(
            "date".to_string(),
            Value::Date(PartialDate::parse("1992-02-26").unwrap())
        )]
    );
    let killed = &found.candidates[1];
    assert_eq!(killed.method, "rule:event-figure");
    assert_eq!(killed.statements[0].0, "killed");
    for claim in &found.candidates {
        let at: String = text
            .chars()
            .skip(claim.start)
            .take(claim.end - claim.start)
            .collect();
        assert_eq!(at, claim.quote);
        assert!(claim.quote.starts_with("The Khojaly") && claim.quote.ends_with("killed."));
        assert!(claim.confidence.is_some_and(|c| c > 0.0 && c < 1.0));
    }
}

#[test]
fn a_date_of_events_listed_together_is_each_ones() {
    let dated = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.method == "rule:event-date")
            .map(|c| c.subject.clone())
            .collect()
    };
    let each = ["resolution-822", "resolution-853"];
    assert_eq!(
        dated("In 1993 it adopted two resolutions (numbers 822 and 853)."),
        each
    );
    assert_eq!(
        dated("In 1993 it adopted Resolution 822 and Resolution 853."),
        each
    );
    // Not listed together: the nearest only.
    assert_eq!(
        dated("In 1993 it adopted Resolution 822, recalling the older Resolution 853."),
        each[..1]
    );
}

#[test]
fn a_figure_according_to_a_source_is_attributed_to_it() {
    let found = extract(
        "On February 26, 1992 the Khojaly massacre killed 613 people, according to Azerbaijani sources.",
    );
    let sources: Vec<_> = found
        .candidates
        .iter()
        .map(|c| (c.method, c.attributed_to.as_deref()))
        .collect();
    assert_eq!(
        sources,
        [
            (Method::Rule("event-date"), None),
            (Method::Rule("event-figure"), Some("azerbaijani-sources"))
        ]
    );
}

#[test]
fn offsets_of_everything_found_count_characters() {
    let text = "Şuşa, Ağdam: the Kocaeli massacre of 26/2/1992 killed about 613 people.";
    let found = extract(text);
    let at = |start: usize, end: usize| {
        text.chars()
            .skip(start)
            .take(end - start)
            .collect::<String>()
    };
    assert_eq!(found.mentions.len(), 1);
    assert_eq!(
        at(found.mentions[0].start, found.mentions[0].end),
        "Kocaeli massacre"
    );
    assert_eq!(found.dates.len(), 1);
    assert_eq!(at(found.dates[0].start, found.dates[0].end), "26/2/1992");
    assert_eq!(found.quantities.len(), 1);
    assert_eq!(
        at(found.quantities[0].start, found.quantities[0].end),
        "about 613 people"
    );
}

#[test]
fn places_get_population_and_area() {
    let found = extract(
        "Nagoro-Karabakh is an enclave with an area of about 4,400 km2. Its population as of 1989 in Nagorno-Karabakh was about 189 thousand people.",
    );
    let rules: Vec<_> = found.candidates.iter().map(|c| c.method).collect();
    assert_eq!(
        rules,
        [Method::Rule("place-area"), Method::Rule("place-population")]
    );
    let population = &found.candidates[1];
    assert_eq!(
        population.statements[0].1,
        Value::Number(crate::extraction::Number {
            lexical: "189000".into(),
            is_integer: true
        })
    );
    assert_eq!(population.qualifier, Some(Qualifier::Approximately));
    assert_eq!(population.as_of, Some(PartialDate::parse("1989").unwrap()));
    // The place a population is of comes before it, or right after through "of" or "in".
    let populated = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.method == "rule:place-population")
            .map(|c| c.subject.clone())
            .collect()
    };
    assert_eq!(
        populated("There are 40 thousand inhabitants in Baku, and more in Armenia."),
        ["baku"]
    );
    assert!(
        populated(
            "The region is inhabited by about 120,000, most of whom came with the help of Armenia."
        )
        .is_empty()
    );
    // A group's number is not its place's population.
    assert!(populated("The Armenian minority in Baku has 40 thousand inhabitants.").is_empty());
}

#[test]
fn empty_and_odd_texts_give_nothing_and_do_not_panic() {
    for text in [
        "",
        "\u{feff}",
        "\r\n\r\n",
        "....",
        "1",
        "- - -",
        "\u{feff}Khojaly massacre 1992\r\n",
    ] {
        let found = extract(text);
        assert!(found.candidates.len() <= 1, "{text:?}");
    }
}

#[test]
fn a_curated_document_gets_its_dates_and_figures_but_no_candidates() {
    let text = "Ünïcode first. The Khojaly massacre took place on February 26, 1992, and 613 people were killed. Nothing here.";
    let source = Source {
        id: "005_test",
        short_id: "005",
        path: Path::new("seeds/005_test.txt"),
        text,
        date: None,
    };
    let found = extractor().extract_without_claims(&source);
    assert!(found.candidates.is_empty(), "{:#?}", found.candidates);
    let all = extract(text);
    assert!(!all.candidates.is_empty());
    assert_eq!(found.mentions, all.mentions);
    assert_eq!(found.dates, all.dates);
    assert_eq!(found.quantities, all.quantities);
    assert_eq!(found.dates.len(), 1);
    assert_eq!(found.quantities.len(), 1);
}

#[test]
fn each_date_and_figure_knows_its_sentence_in_characters() {
    let text = "Ünïcode first. The Khojaly massacre took place on February 26, 1992, and 613 people were killed. In 1994 a ceasefire.";
    let found = extract(text);
    let chars: Vec<char> = text.chars().collect();
    let at = |(start, end): (usize, usize)| chars[start..end].iter().collect::<String>();
    let second =
        "The Khojaly massacre took place on February 26, 1992, and 613 people were killed.";
    assert_eq!(at(found.dates[0].sentence).trim(), second);
    assert_eq!(at(found.quantities[0].sentence).trim(), second);
    assert_eq!(found.dates.len(), 2);
    assert_eq!(at(found.dates[1].sentence).trim(), "In 1994 a ceasefire.");
    // The expression lies within its sentence.
    for date in &found.dates {
        assert!(date.sentence.0 <= date.start && date.end <= date.sentence.1);
    }
}

/// Each (subject, property, value, group) of the rule claims about `text`.
fn figures(text: &str) -> Vec<(String, String, String, Option<String>)> {
    extract(text)
        .candidates
        .iter()
        .map(|c| {
            let (property, value) = &c.statements[0];
            (
                c.subject.clone(),
                property.clone(),
                value.to_string(),
                c.unit.clone(),
            )
        })
        .collect()
}

fn figure(
    subject: &str,
    property: &str,
    value: &str,
    group: Option<&str>,
) -> (String, String, String, Option<String>) {
    (
        subject.into(),
        property.into(),
        value.into(),
        group.map(String::from),
    )
}

#[test]
fn counts_listed_together_count_one_thing_each_of_its_group() {
    let text = "In the Khojaly massacre they killed about 613 people, including 63 children, 106 women and 70 old men.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "killed", "613", None),
            figure("khojaly-massacre", "killed", "63", Some("children")),
            figure("khojaly-massacre", "killed", "106", Some("women")),
            figure("khojaly-massacre", "killed", "70", Some("elderly")),
        ]
    );
    // A verb of counting between two counts makes two lists.
    let text = "The Khojaly massacre killed 10 soldiers and wounded 20 civilians.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "killed", "10", Some("soldiers")),
            figure("khojaly-massacre", "wounded", "20", Some("civilians")),
        ]
    );
}

#[test]
fn counts_that_each_say_what_they_count_are_read_apart() {
    let text = "The Khojaly massacre left 213 dead and 400 wounded, and more than 7,000 people were evacuated from 16 villages.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "killed", "213", None),
            figure("khojaly-massacre", "wounded", "400", None),
            figure("khojaly-massacre", "displaced", "7000", None),
        ]
    );
    // The same group named twice is two statements; "lost" soldiers were killed.
    let text = "In the Khojaly massacre Azerbaijan lost about 192 soldiers and more than 500 soldiers were wounded.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "killed", "192", Some("soldiers")),
            figure("khojaly-massacre", "wounded", "500", Some("soldiers")),
        ]
    );
}

#[test]
fn a_count_of_refugees_in_a_place_is_of_the_event_whose_name_says_refugees_there() {
    // Two events are named after Azerbaijan; one says what is counted.
    let text = "It led to a severe refugee crisis in Azerbaijan, with 300,000 refugees arriving.";
    assert_eq!(
        figures(text),
        [figure("refugees-in-azerbaijan", "refugees", "300000", None)]
    );
    // Displaced from a place are not its refugees.
    let text = "About 300,000 people were displaced from Azerbaijan.";
    assert!(
        figures(text)
            .iter()
            .all(|f| f.0 != "refugees-in-azerbaijan"),
        "{:?}",
        figures(text)
    );
}

#[test]
fn a_later_count_of_the_paragraph_is_of_the_event_an_earlier_count_was_of() {
    // The second sentence names no event: its count is of the paragraph's refugees, not of
    // the document's most named event.
    let text = "The Khojaly massacre shocked the world. The Khojaly massacre was condemned.\n\n\
                It led to a severe refugee crisis in Azerbaijan, with 300,000 refugees \
                arriving, and internally displaced people who left their homes in Karabakh and \
                other areas numbering between 600,000 and 800,000 people. Thus, Azerbaijan \
                had to shelter one million refugees.";
    assert_eq!(
        figures(text),
        [
            figure("refugees-in-azerbaijan", "refugees", "300000", None),
            figure("refugees-in-azerbaijan", "displaced", "600000", None),
            figure("refugees-in-azerbaijan", "refugees", "1000000", None),
        ]
    );
    // In a new paragraph, the document's event again.
    let text = "The Khojaly massacre shocked the world.\n\nIt led to a severe refugee crisis in \
                Azerbaijan, with 300,000 refugees arriving.\n\nThen 5 people were killed.";
    assert_eq!(
        figures(text),
        [
            figure("refugees-in-azerbaijan", "refugees", "300000", None),
            figure("khojaly-massacre", "killed", "5", None),
        ]
    );
}

#[test]
fn a_count_after_and_is_not_the_population_named_before_it() {
    let text = "The population of Nagorno-Karabakh and hundreds of thousands of people in nearby regions were affected.";
    assert!(
        !figures(text).iter().any(|f| f.1 == "population"),
        "{:?}",
        figures(text)
    );
    let text = "Nagorno-Karabakh has a population of 146 thousand people.";
    assert_eq!(
        figures(text),
        [figure("nagorno-karabakh", "population", "146000", None)]
    );
}

#[test]
fn a_yearless_date_of_an_event_named_with_a_year_is_in_that_year() {
    // The year last written is 2021; the event's name says 2020, though not as written here.
    let dated = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.subject == "war-2020")
            .flat_map(|c| c.statements.iter().map(|(p, v)| format!("{p} {v}")))
            .collect()
    };
    let text = "Talks resumed in 2021.\nThe autumn war began on 27 September.";
    assert_eq!(dated(text), ["startDate 2020-09-27"]);
    // A year the sentence writes is kept.
    let text = "Talks resumed in 2021.\nThe autumn war began on 27 September 2019.";
    assert_eq!(dated(text), ["startDate 2019-09-27"]);
}

#[test]
fn a_count_of_the_killed_at_a_place_is_of_the_event_named_after_it_not_its_population() {
    let text = "613 Khojaly town residents were ambushed and killed.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "killed", "613", None)]
    );
}

#[test]
fn an_event_word_and_a_place_describe_the_event_named_after_the_place() {
    let text = "In February 1992 the forces committed massacres in Kocaeli.";
    // Read like a sentence that names the event: its date, and where it took place.
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "date", "1992-02", None),
            figure("khojaly-massacre", "place", "khojaly", None),
        ]
    );
    // Another event word is another event.
    assert_eq!(
        figures("In February 1992 the elections in Kocaeli were held."),
        []
    );
}

#[test]
fn the_date_of_the_events_of_a_day_is_not_a_named_events() {
    let text = "It is on the events of 26 February 1992, not on the Khojaly massacre, that it                 must be judged.";
    assert!(
        figures(text)
            .iter()
            .all(|(_, property, ..)| property != "date"),
        "{:?}",
        figures(text)
    );
}

#[test]
fn the_one_named_before_a_verb_of_reporting_is_the_source() {
    let found = extract("Azerbaijani sources said that the Khojaly massacre killed 613 people.");
    let sources: Vec<_> = found
        .candidates
        .iter()
        .map(|c| c.attributed_to.as_deref())
        .collect();
    assert_eq!(sources, [Some("azerbaijani-sources")]);
}

#[test]
fn a_date_after_anniversary_dates_no_event() {
    assert_eq!(
        figures("Aliyev spoke of the Khojaly massacre on its third anniversary in 1995."),
        []
    );
}

#[test]
fn a_count_of_casualties_in_a_sentence_naming_no_event_is_of_the_paragraphs_one_event() {
    let text = "The Khojaly massacre shocked the world. Officials said that 32 deaths were counted.\nLater, 5 deaths were counted.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "killed", "32", None),
            figure("khojaly-massacre", "killed", "5", None),
        ]
    );
    // In another paragraph, the document's most named event, and a lower confidence.
    let confidences: Vec<f64> = extract(text)
        .candidates
        .iter()
        .filter_map(|c| c.confidence)
        .collect();
    assert!(confidences[1] < confidences[0], "{confidences:?}");
}

#[test]
fn an_event_word_and_a_year_describe_the_event_with_both_in_a_name() {
    let found = extract("An agreement was concluded between Azerbaijan and Armenia on 9/11/2020.");
    let said: Vec<(&str, String)> = found
        .candidates
        .iter()
        .map(|c| (c.subject.as_str(), c.statements[0].1.to_string()))
        .collect();
    assert_eq!(
        said,
        [
            ("ceasefire-2020", "2020-11-09".to_string()),
            ("ceasefire-2020", "azerbaijan".to_string()),
            ("ceasefire-2020", "armenia".to_string()),
        ]
    );
    // Another year, two years, or a year the sentence does not write: the registry's event is
    // not told (the words may still make an event of their own, "Agreement (2020-11-09)").
    for text in [
        "An agreement was concluded between Azerbaijan and Armenia on 9/11/2021.",
        "In 2018 the agreement of 9/11/2020 was cancelled.",
        "It was 2020. Then on 9 November an agreement was concluded.",
    ] {
        let told = figures(text);
        assert!(
            !told.iter().any(|f| f.0 == "ceasefire-2020"),
            "{text}: {told:?}"
        );
    }
}

#[test]
fn a_sentence_opening_with_they_goes_on_from_the_date_places_and_people_before_it() {
    let text = "Russia sent Pavel Grachev, and he was able to bring together Presidents Heydar\n\n\
                Aliyev and Armenian President Petrosyan in Moscow in September 1994. They announced a\n\n\
                ceasefire.";
    let said = |found: &Extraction| -> Vec<(String, String, String)> {
        found
            .candidates
            .iter()
            .map(|c| {
                let (property, value) = &c.statements[0];
                (c.subject.clone(), property.clone(), value.to_string())
            })
            .collect()
    };
    let found = extract(text);
    let told = said(&found);
    for (property, value) in [
        ("date", "1994-09"),
        ("place", "moscow"),
        ("participant", "heydar-aliyev"),
        ("participant", "levon-ter-petrosyan"),
    ] {
        assert!(
            told.contains(&("ceasefire-1994".into(), property.into(), value.into())),
            "{property} {value}: {told:?}"
        );
    }
    // Grachev brought them together: "They" are the two listed.
    assert!(
        !told
            .iter()
            .any(|t| t.2 == "pavel-grachev" && t.0 == "ceasefire-1994")
    );
    // The claims quote both sentences, from the clause that writes the date.
    let claim = found
        .candidates
        .iter()
        .find(|c| c.subject == "ceasefire-1994")
        .unwrap();
    assert!(claim.quote.starts_with("he was able"), "{}", claim.quote);
    assert!(claim.quote.ends_with("ceasefire."), "{}", claim.quote);
    // Not when the sentence writes a date of its own, when something else opens it, when a
    // paragraph parts the two, or when the date before is an event's it names.
    for other in [
        "Aliyev and Petrosyan met in Moscow in September 1994. Then they announced a ceasefire.",
        "Aliyev and Petrosyan met in Moscow in September 1994.\n\nThey announced a ceasefire.",
        "The 2020 ceasefire agreement was recalled in Moscow in September 1994. They announced a ceasefire.",
    ] {
        let told = said(&extract(other));
        assert!(
            !told.iter().any(|t| t.0 == "ceasefire-1994"),
            "{other}: {told:?}"
        );
    }
}

#[test]
fn a_sentence_opening_with_it_and_a_deed_goes_on_from_the_date_before_it() {
    let dated = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.subject == "blockade-of-azerbaijan")
            .map(|c| format!("{} {}", c.statements[0].0, c.statements[0].1))
            .collect()
    };
    assert_eq!(
        dated(
            "Armenia closed its border in January 1993. It also announced the Blockade of Azerbaijan."
        ),
        ["date 1993-01"]
    );
    // "It" before another verb is more often an expletive or a thing.
    assert!(
        dated("Armenia closed its border in January 1993. It was the Blockade of Azerbaijan.")
            .is_empty()
    );
}

#[test]
fn a_yearless_date_before_any_year_is_in_the_documents_year() {
    let text = "On 19 September the Khojaly massacre was remembered.";
    let read = |date: Option<&str>| -> Vec<dates::Dated> {
        extract_dated(text, date)
            .dates
            .into_iter()
            .map(|d| d.item.value)
            .collect()
    };
    let nineteenth = PartialDate::parse("2023-09-19").unwrap();
    assert_eq!(read(Some("2023-10-02")), [dates::Dated::Point(nineteenth)]);
    assert_eq!(read(None), []);
}

#[test]
fn a_distance_is_of_the_place_right_before_it_and_from_the_place_after_of_or_from() {
    let said = |text: &str| -> Vec<Vec<(String, String)>> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.method == "rule:place-distance")
            .map(|c| {
                c.statements
                    .iter()
                    .map(|(p, v)| (p.clone(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let km = |n: &str| ("distanceKm".to_string(), n.to_string());
    let from = |slug: &str| ("distanceFrom".to_string(), slug.to_string());
    assert_eq!(
        said("They reached the village of Kocaeli (about 7 km from Nagoro-Karabakh) at night."),
        [vec![km("7"), from("nagorno-karabakh")]]
    );
    assert_eq!(
        said("They reached Kocaeli, 10 km to the east, at night."),
        [vec![km("10")]]
    );
    // A length, or a figure not right after the place, is no distance of it.
    assert!(said("They reached Kocaeli, a front 10 km long.").is_empty());
    assert!(said("Kocaeli was shelled; 10 km east of it, nothing.").is_empty());
}

#[test]
fn a_share_of_something_is_of_the_sentences_event_with_what_it_is_of() {
    let found = extract("The Khojaly massacre emptied about 80% of the town's houses.");
    let shares: Vec<(&str, String, Option<&str>)> = found
        .candidates
        .iter()
        .filter(|c| c.method == "rule:event-share")
        .map(|c| {
            (
                c.subject.as_str(),
                c.statements[0].1.to_string(),
                c.unit.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [("khojaly-massacre", "80".to_string(), Some("town's houses"))]
    );
    // A share of nothing said, or in a sentence naming no event: none.
    assert_eq!(figures("The Khojaly massacre was remembered by 80%."), []);
    assert_eq!(figures("Prices rose by 80% of the wage."), []);
}

#[test]
fn an_event_named_with_a_year_is_not_described_by_a_sentence_of_other_years() {
    assert_eq!(
        figures("In September 2023 a meeting was held in Nagorno-Karabakh."),
        [
            figure("karabakh-meeting-2023", "date", "2023-09", None),
            figure("karabakh-meeting-2023", "place", "nagorno-karabakh", None)
        ]
    );
    assert_eq!(
        figures("In September 2008 a meeting was held in Nagorno-Karabakh."),
        []
    );
}

#[test]
fn of_two_starts_a_sentence_gives_an_event_the_one_nearest_its_name_is_its_own() {
    assert_eq!(
        figures(
            "The Khojaly massacre began on 26/2/1992, a year after the blockade that began in 1991."
        ),
        [figure("khojaly-massacre", "startDate", "1992-02-26", None)]
    );
}

#[test]
fn a_cue_of_start_or_end_is_read_in_the_dates_clause() {
    assert_eq!(
        figures(
            "The Khojaly massacre was imposed in November 1991 and lifted four years later, in \
             October 1995."
        ),
        [
            figure("khojaly-massacre", "startDate", "1991-11", None),
            figure("khojaly-massacre", "endDate", "1995-10", None),
        ]
    );
}

#[test]
fn an_event_called_by_a_word_alone_before_its_date_is_an_event_of_that_day() {
    let dated = |text: &str| -> Vec<(String, String, String)> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.method == "rule:event-word-date")
            .flat_map(|c| {
                c.statements
                    .iter()
                    .map(|(p, v)| (c.subject.clone(), p.clone(), v.to_string()))
            })
            .collect()
    };
    assert_eq!(
        dated("He said the ceasefire agreed on August 12, 2008 must hold."),
        [(
            "ceasefire-2008-08-12".to_string(),
            "date".to_string(),
            "2008-08-12".to_string()
        )]
    );
    assert_eq!(
        dated("The unrest began the night before, on 12 May 2005."),
        [(
            "unrest-2005-05-12".to_string(),
            "startDate".to_string(),
            "2005-05-12".to_string()
        )]
    );
    // No article before the word, or the word in another clause: no event.
    assert!(dated("Ceasefire talk grew on 12 August 2008.").is_empty());
    assert!(dated("The war went on, and on 12 August 2008 he left.").is_empty());
    // A sentence that names its event dates that one instead.
    assert!(dated("The ceasefire of the Khojaly massacre came on 12 August 2008.").is_empty());
}

#[test]
fn a_date_after_dated_is_the_writings_not_the_events() {
    assert_eq!(
        figures("As the Answer dated 5/10/2020 said, the Khojaly massacre began in 1992."),
        [figure("khojaly-massacre", "startDate", "1992", None)]
    );
    assert_eq!(
        figures("The Khojaly massacre dated 26/2/1992 was remembered."),
        [figure("khojaly-massacre", "date", "1992-02-26", None)]
    );
}

#[test]
fn a_date_the_sentence_gives_to_something_else_is_not_the_events() {
    // A second place and its date, set beside the event's: the date is the other place's.
    let text = "Violence grew (such as the massacres in Khojaly in 1992 and in Aghdam in 1993), so \
                refugees fled during 1994.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "date", "1992", None),
            figure("khojaly-massacre", "place", "khojaly", None),
        ]
    );
    // A date before "after the EVENT" dates what came before it.
    let text = "The war broke out in 1988 and reached its peak after the Khojaly massacre in 1992.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "date", "1992", None)]
    );
    // A date in a clause of its own after "after" is that clause's.
    let text = "The Khojaly massacre was remembered on 26 February 1993, a week after \
                Armenian troops entered the town on 19 February 1993.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "date", "1993-02-26", None)]
    );
    // An event named as a cause ("displaced by the massacre") is not what the sentence dates.
    let text = "People displaced by the Khojaly massacre gathered on 3 March 1992.";
    assert!(
        figures(text).iter().all(|f| f.1 != "date"),
        "{:?}",
        figures(text)
    );
}

#[test]
fn a_count_in_a_paragraph_naming_no_event_is_of_the_documents_first_named_of_a_tie() {
    let text = "The Khojaly massacre shocked the world. Resolution 822 was adopted.\n\
                Officials said 613 people had been killed.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "killed", "613", None)]
    );
    // A count of another year than its event's dates is of another event.
    let text =
        "The Khojaly massacre began on 26 February 1992.\nIn 1990 some 300 people were killed.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "startDate", "1992-02-26", None)]
    );
}

#[test]
fn a_group_named_by_its_nationality_before_a_verb_of_reporting_is_the_source() {
    let found = extract(
        "The Khojaly massacre began in 1992. The South Ossetian authorities, however, insist \
         that 613 people were killed in the Khojaly massacre.",
    );
    let figure = found
        .candidates
        .iter()
        .find(|c| c.method == "rule:event-figure")
        .expect("a figure");
    assert_eq!(
        figure.attributed_to.as_deref(),
        Some("south-ossetian-authorities")
    );
    // A group that is no nationality's, or a word that is no group: no source.
    for text in [
        "The local authorities said that 613 people were killed in the Khojaly massacre.",
        "The Ossetian army said that 613 people were killed in the Khojaly massacre.",
    ] {
        let found = extract(text);
        assert!(
            found.candidates.iter().all(|c| c.attributed_to.is_none()),
            "{text}: {:?}",
            found.candidates
        );
    }
}

#[test]
fn the_source_of_data_or_an_estimate_is_named_after_what_it_counted() {
    for text in [
        "By official data of Azerbaijani sources, 613 people were killed in the Khojaly massacre.",
        "According to the latest estimates of Azerbaijani sources, 613 people were killed in the \
         Khojaly massacre.",
    ] {
        let found = extract(text);
        let sources: Vec<_> = found
            .candidates
            .iter()
            .map(|c| c.attributed_to.as_deref())
            .collect();
        assert_eq!(sources, [Some("azerbaijani-sources")], "{text}");
    }
}

#[test]
fn event_words_of_one_year_describe_each_their_own_event() {
    let text = "Then came the year 2020: the war, which began on 27/9/2020 and lasted 44 days, \
                and then an agreement was concluded between Armenia and Azerbaijan on 9/11/2020.";
    let dates: Vec<_> = figures(text)
        .into_iter()
        .filter(|(_, property, _, _)| matches!(property.as_str(), "date" | "startDate" | "endDate"))
        .collect();
    assert_eq!(
        dates,
        [
            figure("war-2020", "date", "2020", None),
            figure("war-2020", "startDate", "2020-09-27", None),
            figure("ceasefire-2020", "date", "2020-11-09", None),
        ]
    );
}

#[test]
fn a_sentence_that_names_no_place_goes_on_from_the_place_of_the_one_before() {
    // A pogrom is a massacre, and Baku is where the sentence before took the reader.
    let text = "Violence spread to the capital, Baku. On the thirteenth and fourteenth of \
                January 1990, refugees began a massacre of Armenians.";
    assert_eq!(
        figures(text),
        [figure("baku-pogrom", "startDate", "1990-01-13", None)]
    );
    // Not across a blank line: a new paragraph is about something else.
    let text = "Violence spread to the capital, Baku.\n\nOn 13 January 1990 refugees began a \
                massacre of Armenians.";
    assert!(figures(text).is_empty(), "{:?}", figures(text));
}

#[test]
fn a_count_in_a_paragraph_naming_no_event_is_of_the_event_its_words_and_years_describe() {
    // "coup" and "1993" describe the "1993 Azerbaijani coup d'état", whose head is "coup".
    let text = "The Khojaly massacre shocked the world.\n\nFighting stopped during the period \
                (July - September 1993). The colonel declared a coup against the government. \
                Then 70 fighters were killed.";
    assert_eq!(figures(text), [figure("coup-1993", "killed", "70", None)]);
    // Words that fit no event of those years leave the document's event, as before.
    let text = "The Khojaly massacre shocked the world.\n\nTalks stalled during the period \
                (July - September 1993). Then 70 fighters were killed.";
    assert_eq!(
        figures(text),
        [figure("khojaly-massacre", "killed", "70", None)]
    );
}

#[test]
fn an_agreement_concluded_on_a_date_is_made_then_not_ended() {
    let text = "The 2020 ceasefire agreement was concluded on 10 November 2020.";
    let found = figures(text);
    assert!(found.contains(&figure("ceasefire-2020", "date", "2020-11-10", None)));
    assert!(found.iter().all(|f| f.1 != "endDate"), "{found:?}");
    // A war concluded on a date ended then.
    let text = "The autumn war concluded on 10 November 2020.";
    assert_eq!(
        figures(text),
        [figure("war-2020", "endDate", "2020-11-10", None)]
    );
}

#[test]
fn its_population_is_of_the_place_the_sentence_before_began_with_and_their_number_a_part() {
    let text = "Nagorno-Karabakh is an enclave with an area of about 4,400 km2, and it covers \
                part of Azerbaijan. Its population as of 1989 was about 189 thousand people. \
                As for the Azerbaijanis, their number is 40 thousand people.";
    assert_eq!(
        figures(text),
        [
            figure("nagorno-karabakh", "areaKm2", "4400", None),
            figure("nagorno-karabakh", "population", "189000", None),
            figure("nagorno-karabakh", "population", "40000", None),
        ]
    );
    // With no population stated before in the paragraph, "their number" is of nobody known.
    let text = "Nagorno-Karabakh is an enclave.\n\nAs for the Azerbaijanis, their number is 40 \
                thousand people.";
    assert!(figures(text).is_empty(), "{:?}", figures(text));
}

#[test]
fn another_estimate_of_the_number_counts_what_the_paragraph_counted_last() {
    let text = "About 60,000 people were displaced by the Khojaly massacre. The agency put the \
                number higher, at more than 100,000 across Armenia and Azerbaijan, and said that \
                two dozen aid trucks had arrived.";
    assert_eq!(
        figures(text),
        [
            figure("khojaly-massacre", "displaced", "60000", None),
            figure("khojaly-massacre", "displaced", "100000", None),
        ]
    );
}

#[test]
fn one_who_puts_the_toll_at_a_number_is_its_source() {
    let found =
        extract("The Khojaly massacre shocked the world. Azerbaijani sources put the toll at 613.");
    let sources: Vec<Option<&str>> = found
        .candidates
        .iter()
        .filter(|c| c.statements[0].0 == "killed")
        .map(|c| c.attributed_to.as_deref())
        .collect();
    assert_eq!(sources, [Some("azerbaijani-sources")]);
}

#[test]
fn an_event_word_a_name_qualifies_is_done_to_no_one_for_the_event_it_was_taken_for() {
    let affected = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.method == "rule:done-to")
            .map(|c| format!("{} {}", c.subject, c.statements[0].1))
            .collect()
    };
    assert_eq!(
        affected("On 1 May 2020 the war against Armenia was recalled."),
        ["war-2020 armenia"]
    );
    // "the Ottoman war" is not the 2020 war the word and the year describe.
    assert!(affected("On 1 May 2020 the Ottoman war against Armenia was recalled.").is_empty());
}

#[test]
fn a_clause_after_the_events_that_calls_another_event_holds_that_ones_date() {
    let dated = |text: &str| -> Vec<String> {
        extract(text)
            .candidates
            .iter()
            .filter(|c| c.subject == "khojaly-massacre")
            .map(|c| format!("{} {}", c.statements[0].0, c.statements[0].1))
            .collect()
    };
    assert_eq!(
        dated(
            "The Khojaly massacre happened in 1992, as the two countries entered into an open \
             war that continued until 1994."
        ),
        ["date 1992"]
    );
    // A clause that calls the event by its own word still dates it.
    assert_eq!(
        dated("The Khojaly massacre began in 1992, and the killings went on until 1994."),
        ["startDate 1992", "endDate 1994"]
    );
}

/// Every statement of `text`'s rule claims, as (subject, property, value).
fn stated(text: &str) -> Vec<(String, String, String)> {
    extract(text)
        .candidates
        .iter()
        .flat_map(|c| {
            c.statements
                .iter()
                .map(|(property, value)| (c.subject.clone(), property.clone(), value.to_string()))
        })
        .collect()
}

fn of(subject: &str, property: &str, value: &str) -> (String, String, String) {
    (subject.into(), property.into(), value.into())
}

/// Asserts that each of `claims` is among those `found`.
fn holds(found: &[(String, String, String)], claims: &[(String, String, String)]) {
    for claim in claims {
        assert!(found.contains(claim), "{claim:?} not in {found:?}");
    }
}

mod acts;
mod attribution;
mod deeds;
mod reference;
mod roles;
