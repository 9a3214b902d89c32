//! Discovered names across the corpus: one entity per slug, whichever documents name it.
//!
//! The build reads documents one at a time (several at once, merged in document order), so
//! each document's names are added here and the entities are described once, at the end, like
//! the mention counts. When documents disagree, the choice does not depend on their order:
//! the label is the spelling with the most mentions (ties: the first in Unicode order), the
//! class the one with the most mentions (`Agent`, the class of a name without a cue, only when
//! no document gives another; ties: the first in alphabetical order), and every other spelling
//! is an alias.

use super::NameEntity;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A discovered entity as the graph describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveredEntity {
    pub slug: Arc<str>,
    pub label: String,
    pub class: &'static str,
    pub aliases: Vec<String>,
    pub mentions: usize,
}

#[derive(Debug, Default)]
struct Merged {
    /// Mentions per spelling used as a label.
    labels: BTreeMap<String, usize>,
    classes: BTreeMap<&'static str, usize>,
    aliases: BTreeSet<String>,
    mentions: usize,
}

/// The discovered names of the documents read so far.
#[derive(Debug, Default)]
pub struct Discoveries(BTreeMap<Arc<str>, Merged>);

impl Discoveries {
    /// Adds one document's names.
    pub fn add(&mut self, entities: &[NameEntity]) {
        for entity in entities {
            let merged = self.0.entry(entity.slug.clone()).or_default();
            *merged.labels.entry(entity.label.clone()).or_default() += entity.mentions;
            *merged.classes.entry(entity.class).or_default() += entity.mentions;
            merged.aliases.extend(entity.aliases.iter().cloned());
            merged.mentions += entity.mentions;
        }
    }

    pub fn merge(&mut self, other: Discoveries) {
        for (slug, theirs) in other.0 {
            let ours = self.0.entry(slug).or_default();
            for (label, n) in theirs.labels {
                *ours.labels.entry(label).or_default() += n;
            }
            for (class, n) in theirs.classes {
                *ours.classes.entry(class).or_default() += n;
            }
            ours.aliases.extend(theirs.aliases);
            ours.mentions += theirs.mentions;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every entity, by slug.
    pub fn entities(&self) -> Vec<DiscoveredEntity> {
        self.0
            .iter()
            .map(|(slug, merged)| {
                let label = most(merged.labels.iter().map(|(l, &n)| (l.as_str(), n)));
                let typed = merged.classes.iter().filter(|(c, _)| **c != "Agent");
                let class = if typed.clone().next().is_some() {
                    most(typed.map(|(&c, &n)| (c, n)))
                } else {
                    "Agent"
                };
                let aliases = merged
                    .labels
                    .keys()
                    .chain(&merged.aliases)
                    .filter(|a| a.as_str() != label)
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                DiscoveredEntity {
                    slug: slug.clone(),
                    label: label.to_string(),
                    class,
                    aliases,
                    mentions: merged.mentions,
                }
            })
            .collect()
    }
}

/// The key with the highest count; the first in order among equals.
fn most<'a, K: Ord + Copy + 'a>(counts: impl Iterator<Item = (K, usize)>) -> K {
    let mut best: Option<(K, usize)> = None;
    for (key, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((key, n));
        }
    }
    best.map(|(k, _)| k)
        .expect("a merged entity has a label and a class")
}
