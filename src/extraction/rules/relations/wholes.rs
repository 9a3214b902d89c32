//! What a name belongs to: membership of organizations ("A is a member of O", "the co-chairs
//! of O (A, B and C)") and the whole a place or a body is part of ("Karabakh, a region of the
//! country").

use super::super::names::lexicon;
use super::{EntityKind, Named, Relation, Sentence, agents_from, holds_any};
use crate::extraction::Value;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// The organization named from token `i` on, "the" allowed before it.
fn organization_at<'s>(sentence: &Sentence<'s>, i: usize) -> Option<&'s Named<'s>> {
    let i = if sentence.is_word(i, &["the"]) {
        i + 1
    } else {
        i
    };
    sentence.named_at(i).filter(|n| n.kind == EntityKind::Agent)
}

/// Whether a sentence may state a membership, what a place is part of or whose capital it is,
/// read from its bytes: most sentences do not.
pub fn may_state_membership(sentence: &str) -> bool {
    static MEMBERSHIP: LazyLock<[Finder<'static>; 8]> = LazyLock::new(|| {
        [
            "member",
            "join",
            "co-chair",
            " under ",
            "part of",
            "belonging to",
            "region of",
            "capital",
        ]
        .map(Finder::new)
    });
    holds_any(sentence, &MEMBERSHIP[..])
}

/// Words that may stand between a name and "part of" or "belonging to" it is said to be:
/// "Karabakh, a territory that is internationally recognized as belonging to Azerbaijan".
#[rustfmt::skip]
const BEFORE_PART: &[&str] = &[
    "a", "an", "the", "is", "was", "are", "were", "which", "that", "as", "be", "remains",
    "considered", "recognized", "recognised", "internationally", "formal", "integral",
    "inseparable", "authentic", "historic", "historical", "territory", "region", "land",
    "enclave", "province",
];

/// What a place (or a body) is part of: "X, which is part of Y", "X is an integral part of
/// Y", "X, a territory … recognized as belonging to Y", "X, a region of the country" (the
/// country the sentence named before X).
pub(super) fn part_of(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    let here = sentence.whole();
    static PART: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["part of", "belonging to", "region of"].map(Finder::new));
    if !holds_any(here, &PART[..]) {
        return;
    }
    for i in 0..sentence.tokens.len() {
        let stated = (sentence.is_word(i, &["part"]) && sentence.is_word(i + 1, &["of"]))
            || (sentence.is_word(i, &["belonging"]) && sentence.is_word(i + 1, &["to"]))
            || (sentence.is_word(i, &["region"])
                && sentence.is_word(i + 1, &["of"])
                && i > 1
                && sentence.is_word(i - 1, &["a"])
                && sentence.is_punct(i - 2, &[","]));
        if !stated {
            continue;
        }
        // The name before, past words that may stand between (and one comma).
        let mut j = i;
        let mut commas = 0;
        while j > 0 && j + 8 > i {
            let before = j - 1;
            if sentence.is_punct(before, &[","]) && commas == 0 {
                commas += 1;
            } else if !sentence
                .word(before)
                .is_some_and(|w| BEFORE_PART.iter().any(|b| w.eq_ignore_ascii_case(b)))
            {
                break;
            }
            j -= 1;
        }
        let Some(part) = j
            .checked_sub(1)
            .and_then(|k| sentence.named_ending_at(k))
            .filter(|n| n.kind.is_place() || n.kind.is_agent())
        else {
            continue;
        };
        // "the Armenian narrative about Karabakh belonging to Armenia", "they claim that
        // Karabakh is part of Armenia": what someone holds, not what the sentence states.
        let held = (part.first.saturating_sub(3)..part.first).any(|k| {
            sentence.word(k).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "about"
                        | "narrative"
                        | "claim"
                        | "claims"
                        | "claimed"
                        | "believe"
                        | "believes"
                        | "argue"
                        | "argues"
                        | "insist"
                        | "insists"
                        | "say"
                        | "says"
                        | "said"
                        | "consider"
                        | "considers"
                        | "view"
                        | "views"
                )
            })
        });
        if held {
            continue;
        }
        let mut at = i + 2;
        let the_country = sentence.is_word(at, &["the"]) && sentence.is_word(at + 1, &["country"]);
        if sentence.is_word(at, &["the"]) {
            at += 1;
        }
        // A place is part of a place; a body, of a body or a country.
        let fits = |n: &&Named<'_>| {
            n.kind.is_place()
                || (part.kind.is_agent() && !part.kind.is_place() && n.kind.is_agent())
        };
        let whole = if the_country {
            sentence
                .named
                .iter()
                .find(|n| n.kind == EntityKind::Country && n.last < part.first)
        } else {
            sentence.named_at(at).filter(fits)
        };
        if let Some(whole) = whole.filter(|w| w.slug != part.slug) {
            out.push(Relation {
                rule: "part-of",
                subject: part.slug.to_string(),
                property: "partOf",
                value: Value::Entity(whole.slug.to_string()),
            });
        }
    }
}

/// Membership: "A is a member of O", "A, a founding member of O,", "A joined (joins) O", "O
/// under General P", and the
/// members listed after "the members (co-chairs) of O": "the co-chairs of the OSCE Minsk
/// Group (the US, France, and Russia)" (`cochairOf`).
pub(super) fn membership(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    if !may_state_membership(sentence.whole()) {
        return;
    }
    let mut push = |member: &Named<'_>, property: &'static str, organization: &Named<'_>| {
        if member.slug == organization.slug {
            return;
        }
        let relation = Relation {
            rule: "membership",
            subject: member.slug.to_string(),
            property,
            value: Value::Entity(organization.slug.to_string()),
        };
        if !out.contains(&relation) {
            out.push(relation);
        }
    };
    for member in sentence.named.iter().filter(|n| n.kind.is_agent()) {
        let mut i = member.last + 1;
        if sentence.is_word(i, &["joined", "joins"]) {
            if let Some(organization) = organization_at(sentence, i + 1) {
                push(member, "memberOf", organization);
            }
            continue;
        }
        if sentence.is_punct(i, &[","]) || sentence.is_word(i, &["is", "was", "became", "remains"])
        {
            i += 1;
        }
        if sentence.is_word(i, &["a", "an", "the"]) {
            i += 1;
        }
        if sentence.is_word(i, &["founding", "full", "permanent", "full-fledged"]) {
            i += 1;
        }
        // "co-chair" is three tokens.
        if sentence.is_word(i, &["co"]) && sentence.is_punct(i + 1, &["-"]) {
            i += 2;
        }
        let property = match sentence.word(i) {
            Some("member") => "memberOf",
            Some("chair") if sentence.is_punct(i.wrapping_sub(1), &["-"]) => "cochairOf",
            _ => continue,
        };
        if sentence.is_word(i + 1, &["of"])
            && let Some(organization) = organization_at(sentence, i + 2)
        {
            push(member, property, organization);
        }
    }
    // "the Russian 14th Army under General Alexander Lebed": the person serves in it.
    for person in sentence
        .named
        .iter()
        .filter(|n| n.kind == EntityKind::Person)
    {
        let mut i = person.first;
        while i > 0
            && sentence.word(i - 1).is_some_and(|w| {
                w.starts_with(char::is_uppercase) && lexicon::is_title(&w.to_ascii_lowercase())
            })
        {
            i -= 1;
        }
        if i < 2 || !sentence.is_word(i - 1, &["under"]) {
            continue;
        }
        if let Some(organization) = sentence
            .named_ending_at(i - 2)
            .filter(|n| n.kind == EntityKind::Agent)
        {
            push(person, "memberOf", organization);
        }
    }
    // "the members of O (A, B and C)", "the co-chairs of O, A, B and C".
    for i in 0..sentence.tokens.len() {
        let co = i >= 2 && sentence.is_punct(i - 1, &["-"]) && sentence.is_word(i - 2, &["co"]);
        let property = match sentence.word(i) {
            Some("members") => "memberOf",
            Some("chairs") if co => "cochairOf",
            _ => continue,
        };
        if !sentence.is_word(i + 1, &["of"]) {
            continue;
        }
        let Some(organization) = organization_at(sentence, i + 2) else {
            continue;
        };
        let mut at = organization.last + 1;
        if !sentence.is_punct(at, &["(", ","]) {
            continue;
        }
        at += 1;
        for member in agents_from(sentence, at) {
            push(member, property, organization);
        }
    }
}
