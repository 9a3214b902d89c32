//! Who says so: the source a figure is attributed to, named in the sentence or in the clause
//! that gives the figure. A named agent after "according to" or "By data of", or right before
//! a verb of reporting (over an aside: "X, in a report published on …, said"); or else a group
//! or a body the text names only by its nationality and what it is ("Ethiopian officials
//! said", "the Russian interior ministry spoke of"), made an entity of its own.

use super::figures::words_after;
use super::names::lexicon;
use super::{COUNT_WORDS, Candidates, EntityKind, Span};
use std::borrow::Cow;

impl Candidates<'_> {
    /// Whom the sentence reports as its source: the first person, organization or country named
    /// right after "according to" ("according to Azerbaijani sources"), or else one named right
    /// before a verb of reporting ("Azerbaijani sources indicated that", "the ministry said", "X
    /// put the toll at").
    /// `cue`: where [`source_cue`] found the source begins in the clause, if it did.
    pub(super) fn reported_source(
        &self,
        sentence: (usize, usize),
        cue: Option<usize>,
        mentions: &[Span<'_>],
    ) -> Option<String> {
        let text = self.source.text;
        // The mentions of the sentence, or of the clause asked about.
        let agents = || {
            mentions.iter().filter(|(slug, start, end)| {
                sentence.0 <= *start
                    && *end <= sentence.1
                    && self.kind_of(slug).is_some_and(EntityKind::is_agent)
            })
        };
        if let Some(cue) = cue {
            let after = sentence.0 + cue;
            // "according to the estimation of the United Nations": the words for a count
            // between the cue and its source say nothing of who.
            // "according to the human rights centre Memorial": a noun for a body or a person
            // right before the name lets it stand further off.
            let source_follows = |start: usize| {
                let between: Vec<&str> = text[after..start]
                    .split_whitespace()
                    .filter(|w| !COUNT_WORDS.contains(&w.to_ascii_lowercase().as_str()))
                    .collect();
                let described = between.last().is_some_and(|w| {
                    let w = w.to_ascii_lowercase();
                    lexicon::is_organization_noun(&w) || lexicon::is_person_noun(&w)
                });
                between.len() <= 3 || (described && between.len() <= 6)
            };
            return agents()
                .filter(|(_, start, _)| *start >= after)
                .min_by_key(|(_, start, _)| *start)
                .filter(|(_, start, _)| source_follows(*start))
                .map(|(slug, _, _)| slug.to_string());
        }
        // "Lebed himself said", "officials have said": the verb after its source.
        let reports_from = |at: usize| {
            let next: Vec<Cow<'_, str>> = words_after(text, at, sentence.1, 7).collect();
            let mut words = next.iter().map(|w| &**w).peekable();
            words.next_if(|w| matches!(*w, "himself" | "herself" | "itself" | "themselves"));
            words.next_if(|w| matches!(*w, "have" | "has" | "had"));
            reports(words)
        };
        // "Major-General Patrick Cammaert of the Netherlands said": the speaker is the one the
        // place is said of.
        let past_origin = |end: usize| {
            let rest = &text[end..sentence.1];
            let rest = rest
                .strip_prefix(" of ")
                .or_else(|| rest.strip_prefix(" from "))?;
            let skipped = rest.len() - rest.trim_start_matches("the ").len();
            let at = sentence.1 - rest.len() + skipped;
            mentions
                .iter()
                .find(|(_, start, _)| *start == at)
                .map(|(_, _, end)| *end)
        };
        agents()
            .find(|(_, _, end)| {
                let end = past_origin(*end).unwrap_or(*end);
                reports_from(end)
                    // "The OSCE, in a report published on 20 June 2005, said that".
                    || past_aside(text, end, sentence.1).is_some_and(reports_from)
            })
            .map(|(slug, _, _)| slug.to_string())
    }

    /// "The South Ossetian authorities said", "…, Ethiopian officials said", "Chechen officials
    /// put the toll at", "The Russian interior ministry spoke of": a group or a body named by
    /// its nationality and what it is, right before a verb of reporting, as a source of its
    /// own (`fg:Group`, or `fg:Organization` for a body such as a ministry; labelled as
    /// written). Named sources are the registry's or the document's
    /// ([`Candidates::reported_source`]).
    pub(super) fn group_source(
        &mut self,
        sentence: (usize, usize),
        cue: Option<usize>,
    ) -> Option<String> {
        let text = self.source.text;
        let here = &text[sentence.0..sentence.1];
        let words: Vec<(usize, &str)> = word_spans(here).collect();
        // A verb after its group is written in lowercase: compared as written, with no copy.
        let (first, last) = (1..words.len())
            .filter(|&i| reports(words[i..].iter().map(|(_, w)| *w)))
            .find_map(|verb| group_before(here, &words, verb))
            .or_else(|| group_after_cue(here, &words, cue?))?;
        let (start, _) = words[first];
        let (at, word) = words[last];
        let label = here[start..at + word.len()].to_string();
        let class = if is_body_word(&word.to_ascii_lowercase()) {
            "Organization"
        } else {
            "Group"
        };
        self.found_event(label, class).map(|slug| slug.to_string())
    }
}

/// The sources of one sentence's figures, each read once per clause, and the clauses parted
/// only once a figure asks.
pub(super) struct ByClause<'t> {
    text: &'t str,
    sentence: (usize, usize),
    clauses: Option<Vec<(usize, usize)>>,
    found: Vec<((usize, usize), Option<String>)>,
}

impl<'t> ByClause<'t> {
    pub(super) fn new(text: &'t str, sentence: (usize, usize)) -> Self {
        Self {
            text,
            sentence,
            clauses: None,
            found: Vec::new(),
        }
    }

    /// The source of the figure at byte `at`: the one its clause names ("X gives about 20
    /// thousand, while Memorial counts at least 50 thousand" has two).
    pub(super) fn source_at(
        &mut self,
        candidates: &mut Candidates<'_>,
        at: usize,
        mentions: &[Span<'_>],
    ) -> Option<String> {
        let (text, sentence) = (self.text, self.sentence);
        let clause = self
            .clauses
            .get_or_insert_with(|| clauses(text, sentence))
            .iter()
            .copied()
            .find(|&(start, end)| start <= at && at < end)
            .unwrap_or(sentence);
        if let Some((_, source)) = self.found.iter().find(|(c, _)| *c == clause) {
            return source.clone();
        }
        let cue = source_cue(&text[clause.0..clause.1]);
        let source = candidates
            .reported_source(clause, cue, mentions)
            .or_else(|| candidates.group_source(clause, cue));
        self.found.push((clause, source.clone()));
        source
    }
}

/// Where the source begins after a cue that names it next: "according to X", "By data of X",
/// "by estimation of X".
fn source_cue(here: &str) -> Option<usize> {
    according_to(here).or_else(|| by_account_of(here))
}

/// Whether `words` (lowercase, as written after a source) open with a verb of reporting:
/// "said", "put the toll at", "gives the number of dead as", "spoke of".
fn reports<'w>(mut words: impl Iterator<Item = &'w str>) -> bool {
    let Some(verb) = words.next() else {
        return false;
    };
    if lexicon::is_reporting_verb(verb) {
        return true;
    }
    match verb {
        // "The UNHCR put the number higher", "X puts the toll at 700", "put their own dead at".
        "put" | "puts" | "gives" | "gave" | "give" => words.take(3).any(is_tally_word),
        // "one of them, N, spoke of 1,500".
        "spoke" | "speak" | "speaks" => words.next() == Some("of"),
        _ => false,
    }
}

/// Where the source begins in "according to X" or "According to X": just after "to".
fn according_to(here: &str) -> Option<usize> {
    // Most sentences hold no such cue: `contains` tells so by a fast scan, where `find` first
    // prepares a search for its pattern.
    here.contains("ccording to")
        .then(|| here.find("ccording to"))
        .flatten()
        .filter(|&at| at > 0 && matches!(here.as_bytes()[at - 1], b'a' | b'A'))
        .map(|at| at + "ccording to".len())
}

/// Where the source begins in "By data of X", "By official data of X", "By estimation of X",
/// "by the estimates of X": just after "of".
fn by_account_of(here: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = here[from..].find("y ") {
        let at = from + found;
        from = at + 2;
        let by = at >= 1
            && matches!(here.as_bytes()[at - 1], b'B' | b'b')
            && (at == 1 || !here.as_bytes()[at - 2].is_ascii_alphanumeric());
        if !by {
            continue;
        }
        let mut words = here[at + 2..].split(' ');
        let mut word = words.next()?;
        let mut skipped = 0;
        while matches!(word, "the" | "official" | "its" | "their") && skipped < 2 {
            word = words.next()?;
            skipped += 1;
        }
        let account = matches!(
            word,
            "data"
                | "estimation"
                | "estimations"
                | "estimate"
                | "estimates"
                | "count"
                | "counts"
                | "figures"
                | "reckoning"
        );
        if account && words.next() == Some("of") {
            let cue: usize = here[at + 2..]
                .split(' ')
                .take(skipped + 2)
                .map(|w| w.len() + 1)
                .sum();
            return Some(at + 2 + cue);
        }
    }
    None
}

/// The clauses of a sentence that say different things, each perhaps on another's word: parted
/// by a semicolon or by ", while", ", whereas", ", but" ("X gives about 20 thousand, while
/// Memorial counts at least 50 thousand"). One clause (the sentence) when none parts it.
fn clauses(text: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let here = &text[start..end];
    let mut bounds = vec![start];
    for (at, _) in here.match_indices([';', ',']) {
        let rest = &here[at + 1..];
        let parts = here.as_bytes()[at] == b';'
            || [" while ", " whereas ", " but "]
                .iter()
                .any(|joiner| rest.starts_with(joiner));
        if parts {
            bounds.push(start + at + 1);
        }
    }
    bounds.push(end);
    bounds.windows(2).map(|pair| (pair[0], pair[1])).collect()
}

/// Where an aside set off by commas right after byte `at` ends: just past its closing comma
/// ("X, in a report published on 20 June 2005, said"), when it lies within `ceiling`, holds at
/// most twelve words and no stop, and is no list going on ("A, B and C said").
fn past_aside(text: &str, at: usize, ceiling: usize) -> Option<usize> {
    let inner = text[at..ceiling].strip_prefix(',')?;
    let close = inner.find(',')?;
    let aside = &inner[..close];
    let words = aside.split_whitespace().count();
    let plain = !aside.contains(['.', ';', ':', '"', '(']);
    (words > 1 && words <= 12 && plain && !aside.contains(" and ")).then_some(at + close + 2)
}

/// The group or body named right before the verb at word `verb` of `here`, as the indexes of
/// its first and last words: a nationality (after a compass word, "South Ossetian"), at most
/// two lowercase words ("interior"), and what the group is ("officials", "ministry"); "have",
/// "has", "had", "however", "also" may stand before the verb. The words stand in one clause:
/// nothing but spaces between them.
fn group_before(here: &str, words: &[(usize, &str)], verb: usize) -> Option<(usize, usize)> {
    let mut last = verb.checked_sub(1)?;
    // "leaders, however, insist", "officials have said".
    if matches!(words[last].1, "have" | "has" | "had" | "however" | "also") {
        last = last.checked_sub(1)?;
    }
    let head = words[last].1.to_ascii_lowercase();
    if !(is_source_group(&head) || is_body_word(&head)) {
        return None;
    }
    let capitalized = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
    let is_demonym_at =
        |i: usize| capitalized(words[i].1) && lexicon::is_demonym(&words[i].1.to_ascii_lowercase());
    // The nationality, over at most two lowercase words: "Russian interior ministry", "Uzbek
    // community leaders".
    let mut demonym = last.checked_sub(1)?;
    while !is_demonym_at(demonym) {
        if !describes(words[demonym].1) || last - demonym >= 3 {
            return None;
        }
        demonym = demonym.checked_sub(1)?;
    }
    let mut first = demonym;
    if first > 0
        && capitalized(words[first - 1].1)
        && lexicon::is_compass_word(&words[first - 1].1.to_ascii_lowercase())
    {
        first -= 1;
    }
    let (start, _) = words[first];
    let (end, word) = words[last];
    here[start..end + word.len()]
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '’'))
        .then_some((first, last))
}

/// The group or body right after "according to" or "By estimation of" that no name gives:
/// "according to Georgian officials", "By estimation of the interior ministry" (at most two
/// lowercase words before what it is, after "the" or a nationality).
fn group_after_cue(here: &str, words: &[(usize, &str)], cue: usize) -> Option<(usize, usize)> {
    let mut first = words.iter().position(|&(at, _)| at >= cue)?;
    if words[first].1.eq_ignore_ascii_case("the") {
        first += 1;
    }
    let head = (first..words.len().min(first + 4)).find(|&i| {
        let word = words[i].1.to_ascii_lowercase();
        is_source_group(&word) || is_body_word(&word)
    })?;
    let plain = words[first..head].iter().enumerate().all(|(k, (_, word))| {
        describes(word) || (k == 0 && lexicon::is_demonym(&word.to_ascii_lowercase()))
    });
    let (start, _) = words[first];
    let (end, word) = words[head];
    let one_phrase = here[start..end + word.len()]
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-'));
    (plain && one_phrase).then_some((first, head))
}

/// A lowercase word that may tell what kind of group or body it is ("interior", "community"):
/// no function word.
fn describes(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && !lexicon::is_function_word(word)
        && !lexicon::is_stop_word(word)
}

/// Words that put a number on the dead or the displaced: "put the toll at", "put their own
/// dead at".
fn is_tally_word(word: &str) -> bool {
    matches!(
        word,
        "number" | "toll" | "figure" | "count" | "dead" | "losses"
    )
}

/// What a body that reports is, after its nationality: "the Russian interior ministry".
fn is_body_word(word: &str) -> bool {
    matches!(
        word,
        "ministry" | "government" | "office" | "commission" | "committee" | "command"
    )
}

/// What a group that reports is, after its nationality: "Georgian officials".
#[rustfmt::skip]
fn is_source_group(word: &str) -> bool {
    matches!(
        word,
        "authorities" | "officials" | "sources" | "leaders" | "media" | "commanders"
            | "diplomats" | "activists" | "witnesses" | "residents" | "survivors" | "monitors"
            | "observers" | "investigators" | "police" | "military" | "forces" | "troops"
            | "politicians" | "prosecutors" | "doctors" | "medics"
    )
}

/// The words of `text` (letters, digits, hyphens, apostrophes) with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Byte by byte, decoding only the characters beyond ASCII: every clause with a figure is
    // read, and most of its bytes are ASCII.
    let bytes = text.as_bytes();
    let is_word_at = move |at: usize| -> (bool, usize) {
        let byte = bytes[at];
        if byte.is_ascii() {
            return (
                byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'\''),
                1,
            );
        }
        let c = text[at..].chars().next().expect("a char boundary");
        (c.is_alphanumeric() || c == '’', c.len_utf8())
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (word, width) = is_word_at(at);
            if word {
                break;
            }
            at += width;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (word, width) = is_word_at(at);
            if !word {
                break;
            }
            at += width;
        }
        Some((start, &text[start..at]))
    })
}

#[cfg(test)]
mod tests {
    use super::word_spans;

    #[test]
    fn words_are_letters_digits_hyphens_and_apostrophes_in_any_script() {
        let words: Vec<_> =
            word_spans("Dudayev’s men—about 1,500—left Groznyi; «Ichkeria» fell.").collect();
        assert_eq!(
            words,
            [
                (0, "Dudayev’s"),
                (12, "men"),
                (18, "about"),
                (24, "1"),
                (26, "500"),
                (32, "left"),
                (37, "Groznyi"),
                (48, "Ichkeria"),
                (59, "fell"),
            ]
        );
        assert_eq!(word_spans("").count(), 0);
        assert_eq!(
            word_spans(" Çankırı ").collect::<Vec<_>>(),
            [(1, "Çankırı")]
        );
    }
}
