//! Where places lie: "Shusha in Karabakh", "the Azerbaijani city of Shusha", "the Osh region
//! of Kyrgyzstan", and capitals: "Baku, the capital of Azerbaijan".

use super::{EntityKind, Named, Relation, Sentence};
use crate::extraction::Value;

/// Place nouns of "the city of X": a settlement or a part of a country.
pub(super) const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "region",
    "district",
    "province",
    "capital",
    "port",
    "settlement",
];

/// "X in Y" from a settlement, district or facility to a larger place ("Shusha in Karabakh",
/// "Goris in Armenia"), and "the Armenian town of Goris". A region is never the subject: "to
/// include Karabakh in Armenia" states a decision, not where Karabakh lies.
pub(super) fn located_in(sentence: &Sentence<'_>, place: &Named<'_>, out: &mut Vec<Relation>) {
    let mut push = |value: String| {
        if value != place.slug {
            out.push(Relation {
                rule: "place-in-place",
                subject: place.slug.to_string(),
                property: "locatedIn",
                value: Value::Entity(value),
            });
        }
    };
    // "Zangilan district and the city of Goradiz in the Republic of Azerbaijan": both lie in
    // it. The place "in" follows: this one's, or that of the one joined to it by "and".
    let mut at = place.last + 1;
    if sentence.is_word(at, &["and"]) {
        let mut next = at + 1;
        if sentence.is_word(next, &["the"]) {
            next += 1;
        }
        if sentence.is_word(next, PLACE_NOUNS) && sentence.is_word(next + 1, &["of"]) {
            next += 2;
        }
        if let Some(joined) = sentence
            .named_at(next)
            .filter(|n| n.kind == EntityKind::Locality)
        {
            at = joined.last + 1;
        }
    }
    if let Some(outer) = place_in_after(sentence, at) {
        push(outer.slug.to_string());
    }
    // "the Azerbaijani city of Shusha", "the Armenian border town of Goris".
    let Some(of) = place.first.checked_sub(1) else {
        return;
    };
    if !sentence.is_word(of, &["of"]) || of < 2 {
        return;
    }
    let mut noun = of - 1;
    if !sentence.is_word(noun, PLACE_NOUNS) {
        return;
    }
    if sentence.word(noun - 1).is_some_and(|w| w == "border") && noun >= 2 {
        noun -= 1;
    }
    if let Some(country) = sentence.country_of_demonym(noun - 1) {
        push(country);
    }
}

/// The place of "in (the) PLACE" at token `at`, not "in Karabakh's capital" (which says
/// something else) nor "in, …".
fn place_in_after<'s>(sentence: &Sentence<'s>, at: usize) -> Option<&'s Named<'s>> {
    if !sentence.is_word(at, &["in"]) || sentence.is_punct(at + 1, &[","]) {
        return None;
    }
    let at = if sentence.is_word(at + 1, &["the"]) {
        at + 2
    } else {
        at + 1
    };
    sentence
        .named_at(at)
        .filter(|outer| outer.kind.is_place() && !sentence.possessive_at(outer.last + 1))
}

/// "Tawila, North Darfur," (see [`region_after_comma`]), "Andijan, in the Fergana Valley" (a
/// place set apart by a comma), "the Fergana Valley of
/// eastern Uzbekistan", "the Osh region of Kyrgyzstan" (a place of a country, a part of the
/// country named between): where a place lies, whatever its kind.
pub(super) fn lies_in(sentence: &Sentence<'_>, place: &Named<'_>, out: &mut Vec<Relation>) {
    let larger = region_after_comma(sentence, place)
        .or_else(|| part_of_in_apposition(sentence, place))
        .or_else(|| in_or_of_after(sentence, place));
    if let Some(larger) = larger.filter(|n| n.slug != place.slug) {
        out.push(Relation {
            rule: "place-in-place",
            subject: place.slug.to_string(),
            property: "locatedIn",
            value: Value::Entity(larger.slug.to_string()),
        });
    }
}

/// "Andijan, in the Fergana Valley", "the Fergana Valley of eastern Uzbekistan", "the Osh
/// region of Kyrgyzstan": the place after ", in", or the country after "of".
fn in_or_of_after<'s>(sentence: &Sentence<'s>, place: &Named<'_>) -> Option<&'s Named<'s>> {
    let mut at = place.last + 1;
    // "Mai Kadra, a town in western Tigray": the place noun of an apposition, then "in".
    if sentence.is_punct(at, &[","])
        && sentence.is_word(at + 1, &["a", "an", "the"])
        && let Some(noun) = (at + 2..at + 5).find(|&i| sentence.is_word(i, PLACE_NOUNS))
        && (at + 2..noun).all(|i| {
            sentence
                .word(i)
                .is_some_and(|w| w.starts_with(char::is_lowercase))
        })
        && sentence.is_word(noun + 1, &["in"])
    {
        at = noun + 2;
        if sentence.is_word(at, &["the"]) {
            at += 1;
        }
        if sentence.is_word(at, COMPASS_WORDS) {
            at += 1;
        }
        return sentence.named_at(at).filter(|n| n.kind.is_place());
    }
    if sentence.is_punct(at, &[","]) && sentence.is_word(at + 1, &["in"]) {
        at += 2;
        if sentence.is_word(at, &["the"]) {
            at += 1;
        }
        return sentence.named_at(at).filter(|n| n.kind.is_place());
    }
    if sentence.is_word(at, PLACE_NOUNS) {
        at += 1;
    }
    if !sentence.is_word(at, &["of"]) {
        return None;
    }
    at += 1;
    if sentence.is_word(at, COMPASS_WORDS) {
        at += 1;
    }
    sentence
        .named_at(at)
        .filter(|n| n.kind == EntityKind::Country)
}

/// "attacked Tawila, North Darfur, killing …", "NAIROBI, Kenya": a region or a country set
/// off by commas right after a place, where no list goes on ("in Tbilisi, Gori, Poti and
/// Zugdidi" lists four towns) and no verb follows it ("in Khojaly, Armenia says").
fn region_after_comma<'s>(sentence: &Sentence<'s>, place: &Named<'_>) -> Option<&'s Named<'s>> {
    let listed = |i: usize| sentence.is_punct(i, &[","]) || sentence.is_word(i, &["and", "or"]);
    if place.first > 0 && listed(place.first - 1) {
        return None;
    }
    let comma = place.last + 1;
    if !sentence.is_punct(comma, &[","]) {
        return None;
    }
    let region = sentence
        .named_at(comma + 1)
        .filter(|n| matches!(n.kind, EntityKind::Place | EntityKind::Country))?;
    let after = region.last + 1;
    let closed = after >= sentence.tokens.len() || sentence.is_punct(after, &[".", ")", ";"]);
    let clause_goes_on = sentence.is_punct(after, &[","])
        && !sentence
            .named_at(after + 1)
            .is_some_and(|n| n.kind.is_place())
        && !sentence.is_word(after + 1, &["and", "or"]);
    (closed || clause_goes_on).then_some(region)
}

/// "Varosha, the modern quarter of Famagusta", "Ilidza, a suburb of Sarajevo": a part of a
/// place, in apposition.
fn part_of_in_apposition<'s>(sentence: &Sentence<'s>, place: &Named<'_>) -> Option<&'s Named<'s>> {
    let comma = place.last + 1;
    if !sentence.is_punct(comma, &[","]) || !sentence.is_word(comma + 1, &["the", "a"]) {
        return None;
    }
    // At most two words that describe the part: "the modern quarter", "a northern suburb".
    let noun = (comma + 2..comma + 5).find(|&i| {
        sentence.is_word(
            i,
            &[
                "quarter",
                "suburb",
                "neighbourhood",
                "neighborhood",
                "district",
                "part",
            ],
        )
    })?;
    let described = (comma + 2..noun).all(|i| {
        sentence
            .word(i)
            .is_some_and(|w| w.starts_with(char::is_lowercase))
    });
    if !described || !sentence.is_word(noun + 1, &["of"]) {
        return None;
    }
    let at = noun + 2 + usize::from(sentence.is_word(noun + 2, &["the"]));
    sentence.named_at(at).filter(|n| n.kind.is_place())
}

/// The parts of a country a place may be said to lie in.
const COMPASS_WORDS: &[&str] = &[
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// "Baku, the capital of Azerbaijan", "El Fasher, capital of North Darfur", "the Azerbaijani
/// capital, Baku", "the Azerbaijani capital (Baku)", "the capital of Azerbaijan, Baku": a
/// country's or a region's capital.
pub(super) fn capital_of(sentence: &Sentence<'_>, named: &Named<'_>, out: &mut Vec<Relation>) {
    if !matches!(named.kind, EntityKind::Locality | EntityKind::Place) {
        return;
    }
    // After a comma and an optional "the": "capital of WHOLE", or "DEMONYM capital".
    let comma = named.last + 1;
    let the = sentence.is_word(comma + 1, &["the"]);
    let at = comma + 1 + usize::from(the);
    let stated_after = if !sentence.is_punct(comma, &[","]) {
        None
    } else if sentence.is_word(at, &["capital"]) && sentence.is_word(at + 1, &["of"]) {
        sentence
            .named_at(at + 2)
            .filter(|whole| matches!(whole.kind, EntityKind::Country | EntityKind::Place))
            .map(|whole| whole.slug.to_string())
    } else if the && sentence.is_word(at + 1, &["capital"]) {
        // "Asmara, the Eritrean capital".
        sentence.country_of_demonym(at)
    } else {
        None
    };
    // The text before a name of no settlement's class must say it is the capital.
    if named.kind == EntityKind::Place && stated_after.is_none() {
        return;
    }
    let stated_before = || {
        let mut i = named.first.checked_sub(1)?;
        // A parenthesis the translation left unopened stands for a comma as well: "(120 km
        // north of the Azerbaijani capital) Baku)".
        let separated = sentence.is_punct(i, &[",", "(", ")"]);
        if separated {
            i = i.checked_sub(1)?;
        }
        // "the capital of Azerbaijan, Baku".
        if let Some(country) = sentence.named_ending_at(i)
            && country.kind == EntityKind::Country
            && country.first >= 3
            && sentence.is_word(country.first - 1, &["of"])
            && sentence.is_word(country.first - 2, &["capital"])
            && sentence.is_word(country.first - 3, &["the"])
            && separated
        {
            return Some(country.slug.to_string());
        }
        if !sentence.is_word(i, &["capital"]) || i < 2 || !sentence.is_word(i - 2, &["the"]) {
            return None;
        }
        sentence.country_of_demonym(i - 1)
    };
    if let Some(country) = stated_after.or_else(stated_before) {
        out.push(Relation {
            rule: "capital-of",
            subject: country,
            property: "capital",
            value: Value::Entity(named.slug.to_string()),
        });
    }
}
