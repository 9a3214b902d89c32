//! A sentence that goes on from the one before: "… brought together Presidents Heydar Aliyev
//! and Levon Ter-Petrosyan in Moscow in September 1994. They announced a ceasefire". The second
//! sentence says what happened and the first says when, where and who; neither alone states a
//! claim. A sentence goes on from the one before it in the same paragraph when it opens with a
//! subject pronoun and writes no date of its own. What it takes is bounded: the one date of
//! the sentence before, the places that sentence puts something "in", and the people it names
//! when the pronoun can stand for them ("They" for two or more, "He" or "She" for one; "It"
//! before a verb of a deed stands for no person).

use super::candidates::EntityKind;
use super::relations::Relation;
use crate::extraction::Value;

/// A subject pronoun that opens a sentence, and how many people it may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// "They": two people or more.
    Plural,
    /// "He", "She": one person.
    Singular,
    /// "It", before a verb of a deed ("It also announced its imposition of a siege"): a
    /// government or a body, never a person of the sentence before.
    Body,
}

/// Verbs of a deed after "It" (and "also" or "then"): "It" before others is more often an
/// expletive ("It is clear that …") or a thing.
#[rustfmt::skip]
const DEEDS_OF_IT: &[&str] = &[
    "announced", "declared", "signed", "imposed", "adopted", "launched", "began", "sent",
    "ordered", "recognized", "recognised", "proclaimed", "established", "abolished",
];

/// The subject pronoun the sentence `text` opens with, if any.
pub fn opening_pronoun(sentence: &str) -> Option<Pronoun> {
    let mut words = sentence.split([' ', '\n', ',']).filter(|w| !w.is_empty());
    match words.next()? {
        "They" => Some(Pronoun::Plural),
        "He" | "She" => Some(Pronoun::Singular),
        "It" => {
            let verb = words.find(|w| !matches!(*w, "also" | "then"))?;
            DEEDS_OF_IT.contains(&verb).then_some(Pronoun::Body)
        }
        _ => None,
    }
}

/// Where the clause of the sentence at byte `sentence` that writes the byte `at` begins: after
/// the last comma or semicolon before it, spaces and an "and" after that skipped ("…, and he
/// was able to bring together …").
pub fn clause_start(text: &str, sentence: usize, at: usize) -> usize {
    let before = &text[sentence..at];
    let Some(mark) = before.rfind([',', ';']) else {
        return sentence;
    };
    let rest = &before[mark + 1..];
    let trimmed = rest.trim_start();
    let trimmed = trimmed.strip_prefix("and ").unwrap_or(trimmed).trim_start();
    at - trimmed.len()
}

/// The relations the sentence before states of the `event` a sentence that goes on from it
/// describes: the places it puts something "in" or "at" (`place`), and the people it names
/// when the pronoun stands for all of them (`participant` for "They", `agent` for "He").
/// `named` are the mentions of the sentence before, in order, each with its kind.
pub fn carried_relations(
    text: &str,
    pronoun: Pronoun,
    event: &str,
    named: &[(&str, usize, usize, EntityKind)],
    out: &mut Vec<Relation>,
) {
    for &(slug, start, _, kind) in named {
        let before = text[..start].trim_end();
        let after_in =
            [" in", " at"].iter().any(|w| before.ends_with(w)) || before == "in" || before == "at";
        if kind.is_place() && after_in {
            out.push(Relation {
                rule: "continued",
                subject: event.to_string(),
                property: "place",
                value: Value::Entity(slug.to_string()),
            });
        }
    }
    let people: Vec<&(&str, usize, usize, EntityKind)> =
        named.iter().filter(|n| n.3 == EntityKind::Person).collect();
    // "They" stands for people the sentence lists together ("Aliyev and Armenian President
    // Petrosyan"), not for one who brought them together.
    let people: Vec<&str> = match pronoun {
        Pronoun::Singular => people.iter().map(|n| n.0).collect(),
        Pronoun::Body => Vec::new(),
        Pronoun::Plural => {
            let mut listed: Vec<&str> = Vec::new();
            for pair in people.windows(2) {
                if listed_together(&text[pair[0].2..pair[1].1]) {
                    if listed.last() != Some(&pair[0].0) {
                        listed.clear();
                        listed.push(pair[0].0);
                    }
                    listed.push(pair[1].0);
                }
            }
            listed
        }
    };
    let property = match (pronoun, people.len()) {
        (Pronoun::Plural, 2..) => "participant",
        (Pronoun::Singular, 1) => "agent",
        _ => return,
    };
    for person in people {
        out.push(Relation {
            rule: "continued",
            subject: event.to_string(),
            property,
            value: Value::Entity(person.to_string()),
        });
    }
}

/// Whether the text between two names lists them together: "and" or a comma, then titles
/// alone ("and Armenian President").
fn listed_together(between: &str) -> bool {
    let rest = between.trim_start();
    let Some(rest) = rest
        .strip_prefix("and ")
        .or_else(|| rest.strip_prefix(", "))
    else {
        return false;
    };
    rest.split_whitespace()
        .all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_subject_pronoun_opening_the_sentence_goes_on() {
        assert_eq!(
            opening_pronoun("They announced a ceasefire."),
            Some(Pronoun::Plural)
        );
        assert_eq!(opening_pronoun("He signed it."), Some(Pronoun::Singular));
        assert_eq!(opening_pronoun("Then they left."), None);
        assert_eq!(opening_pronoun("Theyre"), None);
        assert_eq!(opening_pronoun("Thereafter, fighting resumed."), None);
        assert_eq!(
            opening_pronoun("It also announced a siege."),
            Some(Pronoun::Body)
        );
        assert_eq!(opening_pronoun("It is clear that it ended."), None);
    }

    #[test]
    fn the_places_after_in_and_the_people_the_pronoun_stands_for() {
        let text =
            "Grachev brought together Aliyev and Armenian President Petrosyan in Moscow in 1994.";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            (s, s + w.len())
        };
        let mention = |w: &'static str, kind| (w, at(w).0, at(w).1, kind);
        let named = [
            mention("Grachev", EntityKind::Person),
            mention("Aliyev", EntityKind::Person),
            mention("Petrosyan", EntityKind::Person),
            mention("Moscow", EntityKind::Locality),
        ];
        let mut out = Vec::new();
        carried_relations(text, Pronoun::Plural, "ceasefire", &named, &mut out);
        let stated: Vec<(&str, String)> = out
            .iter()
            .map(|r| (r.property, format!("{:?}", r.value)))
            .collect();
        // Grachev brought them together: "They" are the two listed.
        assert_eq!(stated.len(), 3, "{stated:?}");
        assert_eq!(stated[0].0, "place");
        assert!(stated[0].1.contains("Moscow"));
        assert_eq!(stated[1].0, "participant");
        assert!(stated[1].1.contains("Aliyev") && stated[2].1.contains("Petrosyan"));
        // "He" cannot stand for three people; a place not after "in" is not where it happened.
        out.clear();
        carried_relations(text, Pronoun::Singular, "ceasefire", &named[..3], &mut out);
        assert!(out.is_empty(), "{out:?}");
        out.clear();
        carried_relations(text, Pronoun::Singular, "ceasefire", &named[..1], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].property, "agent");
    }
}
