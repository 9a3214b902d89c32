//! Who a figure counts: a claim's `fg:unit`, in the document's words, read against the groups
//! of people the ontology declares (the `fg:groups` SKOS scheme), so that "70 old men" and "70
//! elderly" count one group and "4 soldiers" and "4 police officers" two.

use crate::ontology::Group;
use std::collections::BTreeSet;

/// What a figure without a unit counts: everyone (the `fg:people` concept).
pub const EVERYONE: &str = "people";

/// Words of a unit that say nothing about who was counted: articles, links, and the verbs of
/// the counted properties ("civilians killed", "people who were displaced").
const UNMARKED: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "and",
    "or",
    "by",
    "to",
    "from",
    "with",
    "who",
    "that",
    "were",
    "was",
    "been",
    "are",
    "is",
    "have",
    "has",
    "had",
    "all",
    "killed",
    "dead",
    "died",
    "deaths",
    "wounded",
    "injured",
    "displaced",
    "reported",
    "total",
];

/// The group a figure counts: a concept of the scheme (its index) when the unit names exactly
/// one, with the unit's other words, which narrow it ("Azerbaijani civilians"). A unit naming
/// no group, or two ("women and children"), has no concept and is its words alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupKey {
    pub concept: Option<u16>,
    pub words: Vec<Box<str>>,
}

impl GroupKey {
    /// Whether two figures count the same people, one perhaps more narrowly: the same concept
    /// (or none), and the words of one among those of the other. "civilians" and "Azerbaijani
    /// civilians" are; "Azerbaijani soldiers" and "Armenian soldiers" are not.
    pub fn comparable(&self, other: &GroupKey) -> bool {
        self.concept == other.concept
            && (is_subset(&self.words, &other.words) || is_subset(&other.words, &self.words))
    }
}

/// Whether every word of `small` is in `large` (both sorted).
fn is_subset(small: &[Box<str>], large: &[Box<str>]) -> bool {
    small.iter().all(|word| large.binary_search(word).is_ok())
}

/// The scheme's labels, split into words, for matching units.
pub struct Groups {
    /// Each label's words with its concept's index, longest labels first, so that "police
    /// officers" wins over "police".
    labels: Vec<(Vec<String>, u16)>,
    names: Vec<String>,
    everyone: Option<u16>,
}

impl Groups {
    pub fn new(groups: &[Group]) -> Self {
        let mut labels = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            for label in &group.labels {
                labels.push((words(label).map(str::to_owned).collect::<Vec<_>>(), index));
            }
        }
        labels.retain(|(words, _)| !words.is_empty());
        labels.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        let names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
        let everyone = names
            .iter()
            .position(|n| n == EVERYONE)
            .and_then(|i| u16::try_from(i).ok());
        Self {
            labels,
            names,
            everyone,
        }
    }

    /// The concept's local name in `fg:`.
    pub fn name(&self, concept: u16) -> &str {
        &self.names[usize::from(concept)]
    }

    /// Whether `concept` is everyone, which any narrower group is part of.
    pub fn is_everyone(&self, concept: u16) -> bool {
        self.everyone == Some(concept)
    }

    /// The group a unit names; no unit counts everyone.
    pub fn of(&self, unit: Option<&str>) -> GroupKey {
        let Some(unit) = unit
            .map(without_annotations)
            .filter(|u| !u.trim().is_empty())
        else {
            return GroupKey {
                concept: self.everyone,
                words: Vec::new(),
            };
        };
        let lower = unit.to_lowercase();
        let all: Vec<&str> = words(&lower).collect();
        let mut used = vec![false; all.len()];
        let mut concepts = BTreeSet::new();
        for (label, concept) in &self.labels {
            let mut start = 0;
            while start + label.len() <= all.len() {
                let span = start..start + label.len();
                if !used[span.clone()].iter().any(|&u| u)
                    && all[span.clone()].iter().zip(label).all(|(a, b)| a == b)
                {
                    used[span].iter_mut().for_each(|u| *u = true);
                    concepts.insert(*concept);
                    start += label.len();
                } else {
                    start += 1;
                }
            }
        }
        let concept = match concepts.len() {
            1 => concepts.first().copied(),
            _ => None,
        };
        let mut rest: Vec<Box<str>> = all
            .iter()
            .zip(&used)
            .filter(|&(word, &used)| (concept.is_none() || !used) && !UNMARKED.contains(word))
            .map(|(word, _)| Box::from(*word))
            .collect();
        rest.sort();
        rest.dedup();
        GroupKey {
            concept,
            words: rest,
        }
    }
}

/// The unit without what a curator added in parentheses or quotes (`civilians ("hundreds")`):
/// notes on the figure, not on who it counts.
fn without_annotations(unit: &str) -> &str {
    let end = unit.find(['(', '"']).unwrap_or(unit.len());
    &unit[..end]
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Groups {
        let group = |name: &str, labels: &[&str]| Group {
            name: name.into(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
        };
        Groups::new(&[
            group("civilians", &["civilians", "civilian"]),
            group("elderly", &["elderly", "old men"]),
            group("people", &["people", "persons"]),
            group("police", &["police", "police officers"]),
            group("soldiers", &["soldiers", "servicemen"]),
            group("women", &["women"]),
        ])
    }

    fn name(groups: &Groups, key: &GroupKey) -> Option<String> {
        key.concept.map(|c| groups.name(c).to_string())
    }

    #[test]
    fn synonyms_name_one_group_and_other_words_narrow_it() {
        let groups = groups();
        let old_men = groups.of(Some("old men"));
        let elderly = groups.of(Some("elderly"));
        assert_eq!(old_men, elderly);
        assert_eq!(name(&groups, &old_men).as_deref(), Some("elderly"));
        let police = groups.of(Some("police officers"));
        assert_eq!(name(&groups, &police).as_deref(), Some("police"));
        assert!(police.words.is_empty(), "{police:?}");
        let azerbaijani = groups.of(Some("Azerbaijani civilians killed"));
        assert_eq!(name(&groups, &azerbaijani).as_deref(), Some("civilians"));
        assert_eq!(azerbaijani.words, vec![Box::from("azerbaijani")]);
        assert!(azerbaijani.comparable(&groups.of(Some("civilians"))));
        assert!(
            !groups
                .of(Some("Azerbaijani soldiers"))
                .comparable(&groups.of(Some("Armenian servicemen")))
        );
        assert!(!police.comparable(&groups.of(Some("soldiers"))));
    }

    #[test]
    fn no_unit_counts_everyone_and_two_groups_are_compared_by_their_words() {
        let groups = groups();
        assert_eq!(groups.of(None), groups.of(Some("people")));
        assert_eq!(groups.of(Some("  ")), groups.of(Some("persons")));
        assert_eq!(
            groups.of(Some("civilians (\"hundreds\")")),
            groups.of(Some("civilians"))
        );
        let mixed = groups.of(Some("women and old men"));
        assert_eq!(mixed.concept, None);
        assert!(mixed.comparable(&groups.of(Some("old men and women"))));
        assert!(!mixed.comparable(&groups.of(Some("women"))));
        let provinces = groups.of(Some("provinces"));
        assert_eq!(provinces.concept, None);
        assert!(!provinces.comparable(&groups.of(Some("villages"))));
    }
}
