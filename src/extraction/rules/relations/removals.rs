//! People removed from a place, named by the verb: "the Armenians systematically expelled all
//! Azeris from Armenia", "thousands were deported from Nakhchivan by the authorities".
//!
//! The removal is the event "Expulsion of B from P": the registry's event of that name where it
//! has one, else a new one (`fg:Displacement`), with the doer as `agent`, the people as
//! `affected` and the place as `place`.

use super::{
    EntityKind, Named, Sentence, agents_before_token, agents_from, doer_before, holds_any,
};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// A removal of people from a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal<'s> {
    /// The removal as a noun: "Expulsion", "Deportation" …
    pub noun: &'static str,
    pub agents: Vec<&'s str>,
    /// Who was removed: a people, a group or a person.
    pub people: &'s str,
    /// Where from.
    pub from: &'s str,
    /// The byte range of the verb, to find the removal's date next to it.
    pub verb: (usize, usize),
}

/// The noun of a verb of removing people, in the past.
fn removal_noun(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "expelled" => "Expulsion",
        "deported" => "Deportation",
        "evicted" => "Eviction",
        _ => return None,
    })
}

/// Whether a sentence may name a removal, read from its bytes: most sentences do not.
pub fn may_state_removal(sentence: &str) -> bool {
    static REMOVAL: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["expelled", "deported", "evicted"].map(Finder::new));
    holds_any(sentence, &REMOVAL[..])
}

/// Words between the verb and the people: "expelled all Azeris", "deported the Chechens".
const BEFORE_PEOPLE: &[&str] = &["all", "the", "most", "many", "thousands", "of"];

/// The removals of a sentence: "A (ADVERB) expelled (all) B from P", "B were (ADVERB)
/// deported from P (by A)".
pub fn removals<'s>(sentence: &Sentence<'s>, out: &mut Vec<Removal<'s>>) {
    for verb in 0..sentence.tokens.len() {
        let Some(noun) = sentence.word(verb).and_then(removal_noun) else {
            continue;
        };
        let mut before = verb;
        if sentence.is_adverb(before.wrapping_sub(1)) {
            before -= 1;
        }
        let passive = sentence.is_word(before.wrapping_sub(1), &["was", "were", "been"]);
        let (people, after) = if passive {
            // "B were deported", "B have been deported".
            let mut end = before - 1;
            if sentence.is_word(end.wrapping_sub(1), &["have", "had", "has"]) {
                end -= 1;
            }
            let Some(people) = end
                .checked_sub(1)
                .and_then(|last| sentence.named_ending_at(last))
            else {
                continue;
            };
            (people, verb + 1)
        } else {
            let mut at = verb + 1;
            while at < verb + 3 && sentence.is_word(at, BEFORE_PEOPLE) {
                at += 1;
            }
            let Some(people) = sentence.named_at(at) else {
                continue;
            };
            (people, people.last + 1)
        };
        if !is_people(people) || !sentence.is_word(after, &["from"]) {
            continue;
        }
        let Some(from) = sentence.place_at(after + 1) else {
            continue;
        };
        let agents: Vec<&str> = if passive {
            let by = from.last + 1;
            if sentence.is_word(by, &["by"]) {
                agents_from(sentence, by + 1)
                    .iter()
                    .map(|n| n.slug)
                    .collect()
            } else {
                Vec::new()
            }
        } else {
            let mut agents: Vec<&str> = agents_before_token(sentence, before)
                .iter()
                .map(|n| n.slug)
                .collect();
            if agents.is_empty()
                && let Some(doer) = doer_before(sentence, before)
            {
                agents.push(doer.slug);
            }
            agents
        };
        let token = &sentence.tokens[verb];
        out.push(Removal {
            noun,
            agents: agents.into_iter().filter(|&a| a != people.slug).collect(),
            people: people.slug,
            from: from.slug,
            verb: (token.start, token.end),
        });
    }
}

/// A people, a group or a person, not a country: "Azeris", "the Chechens".
fn is_people(named: &Named<'_>) -> bool {
    matches!(named.kind, EntityKind::Agent | EntityKind::Person)
}
