//! Where a name reaches past its run of capitalized words, or stops short of it: a
//! resolution's number ("Resolution 1556"), a body named by two nouns ("Justice and Equality
//! Movement"), forces named by their nationality ("Georgian troops"), the particles of
//! personal names ("Omar al-Bashir"); a run that names a body and then a person splits ("the
//! Provisional Government Roza Otunbayeva"), and no name crosses the end of a letterhead's
//! short line.

use super::{Occurrence, RunWord, gazetteer, lexicon};

/// Whether the line that byte `end` ends is shorter than hard-wrapped prose: a heading's or a
/// letterhead's.
pub(super) fn short_line_before(text: &str, end: usize) -> bool {
    let line_start = text[..end].rfind('\n').map_or(0, |at| at + 1);
    end - line_start < 50
}

/// Whether the text between two capitalized words is a particle of a personal name: " al-",
/// " bin ", " van der ".
pub(super) fn is_name_particle(gap: &str) -> bool {
    let Some(gap) = gap.strip_prefix(' ') else {
        return false;
    };
    let joined_by_hyphen = gap.strip_suffix('-').is_some_and(|p| {
        matches!(
            p,
            "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an"
        )
    });
    let spaced = gap.strip_suffix(' ').is_some_and(|p| {
        matches!(
            p,
            "bin"
                | "ibn"
                | "bint"
                | "ould"
                | "van"
                | "von"
                | "van der"
                | "van den"
                | "von der"
                | "de"
                | "da"
                | "di"
                | "du"
                | "del"
                | "della"
                | "dos"
                | "das"
                | "de la"
        )
    });
    joined_by_hyphen || spaced
}

/// The class of a thing a word names by number: "Resolution 1556", "Decree 17". Not
/// "Resolutions 242 and 243", which names two.
fn numbered_class(word: &str) -> Option<&'static str> {
    match word {
        "resolution" => Some("Resolution"),
        "decree" => Some("Decree"),
        _ => None,
    }
}

/// The end of a number of one to five digits one space after byte `end`: "1556" in
/// "Resolution 1556 of 30 July 2004".
fn number_after(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let ends_there = rest[digits..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    ((1..=5).contains(&digits) && ends_there).then_some(end + 1 + digits)
}

/// Head words of bodies that two nouns may name: "Justice and Equality Movement", "Peace and
/// Security Council", "Truth and Reconciliation Commission".
fn names_a_body(word: &str) -> bool {
    matches!(
        word,
        "movement"
            | "council"
            | "commission"
            | "committee"
            | "front"
            | "party"
            | "union"
            | "organization"
            | "organisation"
            | "alliance"
            | "coalition"
            | "league"
            | "association"
            | "fund"
            | "foundation"
            | "network"
            | "federation"
            | "court"
            | "tribunal"
            | "centre"
            | "center"
            | "institute"
            | "agency"
    )
}

/// Extends the last occurrence, a body's name, back over "X and " before it when X is one
/// capitalized word that names no place or people, or a name found just before without a cue:
/// "Justice and Equality Movement" (the run broke at "and"; "Justice", a title, made no name),
/// "AU Peace and Security Council".
pub(super) fn and_before(text: &str, occurrences: &mut Vec<Occurrence>) {
    let Some(last) = occurrences.last() else {
        return;
    };
    let head = last.label.rsplit(' ').next().unwrap_or_default();
    if !names_a_body(&head.to_ascii_lowercase()) {
        return;
    }
    let Some(before) = text[..last.start].strip_suffix(" and ") else {
        return;
    };
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[word_start..];
    let lower = word.to_ascii_lowercase();
    if !word.starts_with(char::is_uppercase)
        || word.len() < 2
        || lexicon::is_stop_word(&lower)
        || lexicon::is_demonym(&lower)
        || gazetteer::place_class_of_lowercase(&lower).is_some()
    {
        return;
    }
    let end = last.end;
    let mut start = word_start;
    let count = occurrences.len();
    if count >= 2 {
        let previous = &occurrences[count - 2];
        if previous.end == before.len() {
            if previous.cue.is_some() {
                return;
            }
            start = previous.start;
            occurrences.remove(count - 2);
        }
    }
    let last = occurrences.last_mut().expect("the occurrence extended");
    last.start = start;
    last.label = super::single_spaced(&text[start..end]);
}

/// The end of the lowercase words for armed forces one space after byte `end`, where a word
/// of nationality ends: "troops" in "Georgian troops", "paramilitary units" in "Serb
/// paramilitary units". One word may qualify the forces.
fn forces_after(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let mut words = rest.split(' ');
    let first = words.next()?;
    let (noun, before) = if is_force_qualifier(first) {
        (words.next()?, first.len() + 1)
    } else {
        (first, 0)
    };
    let noun_len = noun.bytes().take_while(u8::is_ascii_lowercase).count();
    let ends_there = noun[noun_len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (ends_there && is_force_noun(&noun[..noun_len])).then_some(end + 1 + before + noun_len)
}

#[rustfmt::skip]
fn is_force_noun(word: &str) -> bool {
    matches!(
        word,
        "troops" | "forces" | "army" | "soldiers" | "units" | "artillery" | "jets" | "aircraft"
            | "warplanes" | "helicopters" | "militiamen" | "militia" | "militias" | "police"
            | "policemen" | "rebels" | "fighters" | "paramilitaries" | "gunmen" | "guerrillas"
            | "navy" | "patrol" | "patrols" | "snipers" | "tanks"
    )
}

#[rustfmt::skip]
fn is_force_qualifier(word: &str) -> bool {
    matches!(
        word,
        "paramilitary" | "federal" | "government" | "special" | "security" | "armed"
            | "regular" | "border" | "interior" | "elite" | "irregular" | "army" | "air"
    )
}

/// "Resolution 1556": a resolution's or a decree's number is its name.
pub(super) fn numbered(text: &str, words: &[RunWord]) -> Option<Occurrence> {
    let [word] = words else {
        return None;
    };
    let class = numbered_class(word.lower)?;
    let end = number_after(text, word.end)?;
    Some(Occurrence {
        start: word.start,
        end,
        label: text[word.start..end].to_string(),
        cue: Some(class),
        weak: false,
    })
}

/// Armed forces named by their nationality: "Georgian troops", "Then Serb paramilitary units"
/// (one or two words of nationality, past the function words that open the run).
pub(super) fn forces(text: &str, run: &[RunWord]) -> Option<Occurrence> {
    let opening = run
        .iter()
        .take_while(|w| lexicon::is_stop_word(w.lower))
        .count();
    let nationality = &run[opening..];
    let all_nationality = nationality
        .iter()
        .all(|w| lexicon::is_demonym(w.lower) && !w.registered);
    if !(1..=2).contains(&nationality.len()) || !all_nationality {
        return None;
    }
    let start = nationality[0].start;
    let end = forces_after(text, nationality[nationality.len() - 1].end)?;
    Some(Occurrence {
        start,
        end,
        label: super::single_spaced(&text[start..end]),
        cue: Some("Group"),
        weak: false,
    })
}

/// Where a run that names a body and then a person splits: "the head of the Provisional
/// Government Roza Otunbayeva", "Human Rights Watch Director Kenneth Roth". The body's name
/// ends with a head word of an organization, nothing but spaces follows it, and after it come
/// at least two words that are neither titles nor heads.
///
/// The person's part may also begin with a title ("United Nations Secretary-General Kofi
/// Annan") or, after a place, with a common given name ("the Security Council of Russia
/// Alexander Lebed").
pub(super) fn body_then_person(text: &str, run: &[RunWord]) -> Option<usize> {
    let person_from = |split: usize| {
        // "United States Secretary of State Madeleine Albright": past the title's "of State".
        let mut split = split;
        if run.get(split).is_some_and(|w| lexicon::is_title(w.lower))
            && run.get(split + 1).is_some_and(|w| w.lower == "state")
            && text[run[split].end..run[split + 1].start] == *" of "
        {
            split += 2;
        }
        let Some(after) = run.get(split..).filter(|after| !after.is_empty()) else {
            return false;
        };
        let spaced = run[split - 1..]
            .windows(2)
            .all(|pair| matches!(text[pair[0].end..pair[1].start].trim(), "" | "-"));
        let named = after.iter().filter(|w| !lexicon::is_title(w.lower)).count();
        let headless = after.iter().all(|w| lexicon::head_class(w.lower).is_none());
        spaced && named >= 2 && headless
    };
    let after_body = (1..run.len())
        .find(|&k| {
            lexicon::head_class(run[k].lower) == Some("Organization")
                && !lexicon::is_stop_word(run[k - 1].lower)
        })
        .map(|k| k + 1)
        .filter(|&split| person_from(split));
    let at_title = || {
        (1..run.len()).find(|&k| {
            lexicon::is_title(run[k].lower)
                && !lexicon::is_title(run[k - 1].lower)
                && !lexicon::is_stop_word(run[k - 1].lower)
                && !lexicon::is_demonym(run[k - 1].lower)
                && person_from(k)
        })
    };
    let at_given_name = || {
        (1..run.len()).find(|&k| {
            gazetteer::is_given_name(run[k].lower)
                && (2..=3).contains(&(run.len() - k))
                && (run[k - 1].registered
                    || gazetteer::place_class_of_lowercase(run[k - 1].lower).is_some())
                && person_from(k)
        })
    };
    after_body.or_else(at_title).or_else(at_given_name)
}
