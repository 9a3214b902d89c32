//! Quotations cited to an outlet and a day: `… stressing the need for a ceasefire" (Sputnik,
//! 27/9/2020)`.
//!
//! Compilations of news quote one speaker after another and close each quotation with the
//! outlet and the day in brackets. The day is the day of the statements quoted since the
//! previous citation; the speakers are the names right before a verb of speech there ("Erdogan
//! said", "the Kremlin said") and the first person named in the citation's own sentence
//! ("Russian Foreign Minister, Sergey Lavrov, during a telephone conversation …, expressed his
//! "concern …" (Sputnik, 27/9/2020)").

use super::names::lexicon;
use super::scan::floor_char_boundary;
use std::sync::Arc;

/// The longest outlet list before the day in a citation, in bytes.
const OUTLETS_REACH: usize = 60;

/// How far before its citation a quoted speaker may be named, in bytes.
pub const SPEAKER_REACH: usize = 1500;

/// A mention by entity and byte offsets.
pub type Span<'s> = (&'s Arc<str>, usize, usize);

/// The bracket a date closes as a citation, "(Sputnik, 27/9/2020)" or "(Anadolu, Al-Sharq
/// Al-Awsat 28/9/2023)": the byte range of the outlets and of the whole bracket.
pub fn citation(text: &str, date_start: usize, date_end: usize) -> Option<Citation> {
    if !text[date_end..].starts_with(')') {
        return None;
    }
    let floor = floor_char_boundary(text, date_start.saturating_sub(OUTLETS_REACH));
    // The bracket opens before the outlets, or, where a writer left it out, the quotation
    // closes right before them: `resolved." Al-Jazeera, 29/9/2020)`.
    // Where the outlets begin: right after the bracket or the closing quotation mark (which
    // may be more than one byte: "”").
    let (open, after_open) = match text[floor..date_start].rfind('(') {
        Some(at) => (floor + at, floor + at + 1),
        None => {
            let (at, mark) = text[floor..date_start]
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '"' | '”'))?;
            let (open, after_open) = (floor + at, floor + at + mark.len_utf8());
            let after = &text[after_open..date_start];
            let follows = after.starts_with(' ') && !after[1..].contains(['.', ';']);
            follows.then_some((open, after_open))?
        }
    };
    let inside = &text[after_open..date_start];
    let outlets_start = after_open + inside.len() - inside.trim_start_matches([',', ' ']).len();
    let outlets = inside.trim_matches([',', ' ']);
    // Names only: capitalized words, commas, hyphens, a full stop of an abbreviation.
    let names_only = !outlets.is_empty()
        && outlets
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.contains(['"', '“']));
    names_only.then_some(Citation {
        start: open,
        end: date_end + 1,
        outlets: (outlets_start, outlets_start + outlets.len()),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The bracket, from "(" to ")" inclusive.
    pub start: usize,
    pub end: usize,
    /// The outlets' names inside it.
    pub outlets: (usize, usize),
}

/// The speakers a citation covers, quoted after `cited_until` (where the previous citation
/// closed) and within [`SPEAKER_REACH`]: in the citation's paragraph, or in the one before when
/// that names none (`responded on 30/9/2020,\n\nsaying, "…" (Anadolu, 30/9/2020)`). See
/// [`speakers_after`].
pub fn speakers<'s>(
    text: &str,
    named: &[Span<'s>],
    cited_until: usize,
    sentence_start: usize,
    citation: &Citation,
    is_person: &dyn Fn(&str) -> bool,
    is_agent: &dyn Fn(&str) -> bool,
) -> Vec<Span<'s>> {
    let reach = cited_until.max(citation.start.saturating_sub(SPEAKER_REACH));
    let from = |floor: usize| {
        speakers_after(
            text,
            named,
            floor,
            sentence_start,
            citation,
            is_person,
            is_agent,
        )
    };
    let paragraph = paragraph_before(text, reach, citation.start);
    let found = from(paragraph);
    if found.is_empty() && paragraph > reach {
        return from(paragraph_before(text, reach, paragraph - 1));
    }
    found
}

/// Where the paragraph that holds byte `at`, or ends right before it, begins (not before
/// `floor`): a quotation that opens a paragraph of its own ("Von Der Muhll said:\n\n\"France
/// is …") goes with the one before.
fn paragraph_before(text: &str, floor: usize, at: usize) -> usize {
    let at = super::scan::floor_char_boundary(text, at);
    let before = text[..at].trim_end_matches(['\n', '\r', ' ']).len();
    super::scan::paragraph_start(text, floor.min(before), before)
}

/// The speakers a citation covers: among `named` (the mentions before the citation, in
/// order), those after `floor` right before a verb of speech, and the first person of the
/// citation's sentence (from `sentence_start`), each once, in text order.
fn speakers_after<'s>(
    text: &str,
    named: &[Span<'s>],
    floor: usize,
    sentence_start: usize,
    citation: &Citation,
    is_person: &dyn Fn(&str) -> bool,
    is_agent: &dyn Fn(&str) -> bool,
) -> Vec<Span<'s>> {
    let mut found: Vec<Span<'s>> = Vec::new();
    let first_person = named
        .iter()
        .find(|(slug, start, _)| *start >= sentence_start.max(floor) && is_person(slug));
    for &(slug, start, end) in named.iter().filter(|(_, start, end)| {
        *start >= floor && *end <= citation.start && !(citation.start..citation.end).contains(start)
    }) {
        if quoted(text, floor, start) {
            continue;
        }
        let speaks = is_agent(slug) && verb_of_speech_follows(text, end, citation.start);
        let first = first_person.is_some_and(|(_, s, _)| *s == start);
        if (speaks || first) && !found.iter().any(|(other, _, _)| ***other == **slug) {
            found.push((slug, start, end));
        }
    }
    found
}

/// Whether a verb of speech comes right after byte `at`: "said", ", said", "has said".
fn verb_of_speech_follows(text: &str, at: usize, ceiling: usize) -> bool {
    let to = floor_char_boundary(text, (at + 30).min(ceiling));
    let rest = text[at..to.max(at)].trim_start_matches([',', ' ']);
    let mut words = rest.split_whitespace();
    let mut verb = words.next().unwrap_or("");
    if matches!(verb, "has" | "have" | "had") {
        verb = words.next().unwrap_or("");
    }
    lexicon::is_reporting_verb(verb.trim_end_matches([',', ':']))
}

/// Whether byte `at` is inside a speaker's quotation: the nearest quotation mark before it,
/// after `floor`, opens one (a curly opening mark, or a straight one after a space or a
/// bracket) that a verb of speech introduces ("Armenia said, "…"). A quotation nobody is said
/// to speak, such as a question quoting a news item whole, holds its own speakers.
fn quoted(text: &str, floor: usize, at: usize) -> bool {
    let between = &text[floor..at];
    let Some((i, mark)) = between
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '"' | '“' | '”'))
    else {
        return false;
    };
    let opens = match mark {
        '“' => true,
        '”' => false,
        _ => between[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | ':')),
    };
    let lead_in = &between[..i];
    let lead_in = &lead_in[lead_in.rfind(['.', '\n']).map_or(0, |at| at + 1)..];
    opens
        && lead_in
            .split(|c: char| !c.is_alphabetic())
            .any(|w| lexicon::is_reporting_verb(&w.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracket_of_outlets_and_a_day_is_a_citation() {
        let text = "a ceasefire\" (Sputnik, 27/9/2020) and";
        let at = text.find("27/9").expect("written");
        let cited = citation(text, at, at + "27/9/2020".len()).expect("a citation");
        assert_eq!(&text[cited.start..cited.end], "(Sputnik, 27/9/2020)");
        assert_eq!(&text[cited.outlets.0..cited.outlets.1], "Sputnik");
        let text = "(Anadolu, Al-Sharq Al-Awsat 28/9/2023)";
        let at = text.find("28/9").expect("written");
        let cited = citation(text, at, at + 9).expect("a citation");
        assert_eq!(
            &text[cited.outlets.0..cited.outlets.1],
            "Anadolu, Al-Sharq Al-Awsat"
        );
    }

    #[test]
    fn a_citation_whose_bracket_was_left_out_follows_the_quotation() {
        let text = "will not be resolved.\" Al-Jazeera, 29/9/2020). Knowing";
        let at = text.find("29/9").expect("written");
        let cited = citation(text, at, at + 9).expect("a citation");
        assert_eq!(&text[cited.outlets.0..cited.outlets.1], "Al-Jazeera");
        // A curly closing mark is three bytes.
        let text = "will not be resolved.” Al-Jazeera, 29/9/2020). Knowing";
        let at = text.find("29/9").expect("written");
        let cited = citation(text, at, at + 9).expect("a citation");
        assert_eq!(&text[cited.outlets.0..cited.outlets.1], "Al-Jazeera");
    }

    #[test]
    fn any_text_around_any_date_reads_without_panicking() {
        let text = "”“\"(É ”Ünï, 1/2/2020)” 3/4/2021) ( ” ẞ 5/6/2022)";
        for (start, _) in text.char_indices() {
            for (end, _) in text.char_indices().filter(|&(end, _)| end >= start) {
                let found = citation(text, start, end);
                if let Some(cited) = found {
                    assert!(text.is_char_boundary(cited.outlets.0));
                    assert!(text.is_char_boundary(cited.outlets.1));
                }
            }
        }
    }

    #[test]
    fn a_bracket_with_words_or_a_date_inside_a_sentence_is_no_citation() {
        let text = "(which began on 27/9/2020) and";
        let at = text.find("27/9").expect("written");
        assert_eq!(citation(text, at, at + 9), None);
        let text = "Sputnik, 27/9/2020, said";
        let at = text.find("27/9").expect("written");
        assert_eq!(citation(text, at, at + 9), None);
    }

    #[test]
    fn speakers_are_the_names_before_a_verb_of_speech_since_the_previous_citation() {
        let text = "Erdogan said: \"We stand by Azerbaijan.\" Armenia objected. He said, \"Peace.\" \
                    (Anadolu, 28/9/2020)";
        let slugs: Vec<Arc<str>> = ["erdogan", "azerbaijan", "armenia"]
            .into_iter()
            .map(Arc::from)
            .collect();
        let named: Vec<Span<'_>> = [("Erdogan", 0), ("Azerbaijan", 1), ("Armenia", 2)]
            .into_iter()
            .map(|(name, i)| {
                let at = text.find(name).expect("named");
                (&slugs[i], at, at + name.len())
            })
            .collect();
        let at = text.find("28/9").expect("written");
        let cited = citation(text, at, at + 9).expect("a citation");
        let sentence = text.find("He said").expect("written");
        let found = speakers(
            text,
            &named,
            0,
            sentence,
            &cited,
            &|slug| slug == "erdogan",
            &|_| true,
        );
        let found: Vec<&str> = found.iter().map(|(slug, _, _)| &***slug).collect();
        assert_eq!(found, ["erdogan"]);
    }
}
