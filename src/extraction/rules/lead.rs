//! The event a report is about, as its lead introduces it: "… signed a peace agreement in
//! Algiers on Tuesday, formally ending a border war that has killed tens of thousands …".
//!
//! A report tells what it is about in its first sentences. Where it has no name for the war
//! or the conflict it is about, it brings it in with "a" or "an" ("a border war", "a brief
//! war", "a conflict"), and calls it "the war" from then on. Such a phrase in the lead (the
//! document's first [`LEAD_PARAGRAPHS`] paragraphs: a title, a line on who wrote it, the lead
//! paragraph) is a discovered event that "the war" may then refer to. Only the lead's:
//! further on, "a war" is as often one feared, avoided or compared with as one told.
//!
//! The label is the phrase and the document ("Border war (badme-wire)"): another document's
//! border war is another war, and one name for both would make them one.

use super::names::{self, Names};
use super::{Extractor, Span, reference, scan};

/// How many paragraphs the lead is read in, and at most how many sentences.
const LEAD_PARAGRAPHS: usize = 3;
const LEAD_SENTENCES: usize = 12;

/// How many words may stand between the article and the event word ("a short border war").
const MODIFIERS: usize = 2;

/// An event the lead introduces: the byte range of its phrase's event word (the mention), its
/// class, and its label without the document.
#[derive(Debug, PartialEq)]
struct Introduced {
    word: (usize, usize),
    class: &'static str,
    phrase: String,
}

/// A discovered event: the byte range of its mention, its class and its label.
type Labelled = (usize, usize, &'static str, String);

impl Extractor {
    /// The events the lead of `text` introduces ([`introduced`]), labelled with the document's
    /// `short_id`, where no mention covers their word: of the registry, `found`, or the events
    /// named so far (`phrases` and `labelled`).
    pub(super) fn lead_events(
        &self,
        text: &str,
        short_id: &str,
        registered: &[Span<'_>],
        found: &Names,
        phrases: &[(usize, usize, &'static str)],
        labelled: &[Labelled],
    ) -> Vec<Labelled> {
        let taken = |start: usize, end: usize| {
            let overlaps = |s: usize, e: usize| s < end && start < e;
            registered.iter().any(|&(_, s, e)| overlaps(s, e))
                || found.spans.iter().any(|&(_, s, e)| overlaps(s, e))
                || phrases.iter().any(|&(s, e, _)| overlaps(s, e))
                || labelled.iter().any(|&(s, e, _, _)| overlaps(s, e))
        };
        let introduced = introduced(text, &taken);
        if introduced.is_empty() {
            return Vec::new();
        }
        // "a war" in a text that names a registry war, or a place one is named after, is more
        // likely that one than another.
        let registry_heads: Vec<&str> = registered
            .iter()
            .flat_map(|&(slug, _, _)| {
                let own = self.event_heads.get(&**slug).into_iter().flatten();
                let at_place = self
                    .events_at_place
                    .get(&**slug)
                    .into_iter()
                    .flatten()
                    .filter_map(|event| self.event_heads.get(&**event))
                    .flatten();
                own.chain(at_place).map(String::as_str)
            })
            .collect();
        introduced
            .into_iter()
            .filter(|event| {
                let word = &text[event.word.0..event.word.1];
                !registry_heads.contains(&names::lexicon::event_word(word))
            })
            .map(|event| {
                let label = format!(
                    "{} ({short_id})",
                    super::named_events::capitalized(&event.phrase)
                );
                (event.word.0, event.word.1, event.class, label)
            })
            .collect()
    }
}

/// The events the lead of `text` introduces with "a" or "an", but for those whose event word
/// `taken` says a mention already covers ("a peace agreement in Algiers" is the "Agreement in
/// Algiers" named by its place).
fn introduced(text: &str, taken: &dyn Fn(usize, usize) -> bool) -> Vec<Introduced> {
    let mut found: Vec<Introduced> = Vec::new();
    let mut paragraphs = 0;
    let mut last_start = None;
    for (start, end) in scan::sentences(text).take(LEAD_SENTENCES) {
        if last_start.is_none_or(|last| !scan::same_paragraph(text, last, start)) {
            paragraphs += 1;
            if paragraphs > LEAD_PARAGRAPHS {
                break;
            }
        }
        last_start = Some(start);
        let words = words_of(&text[start..end], start);
        for (i, &(_, article)) in words.iter().enumerate() {
            if !matches!(article, "a" | "an" | "A" | "An") {
                continue;
            }
            let after = words[i + 1..].iter().take(MODIFIERS + 1);
            for (n, &(word_at, word)) in after.enumerate() {
                if let Some(class) = reference::event_class(word).filter(|_| frames(word)) {
                    let word_end = word_at + word.len();
                    let phrase = words[i + 1..=i + 1 + n]
                        .iter()
                        .map(|&(_, word)| word)
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !taken(word_at, word_end) && !found.iter().any(|f| f.phrase == phrase) {
                        found.push(Introduced {
                            word: (word_at, word_end),
                            class,
                            phrase,
                        });
                    }
                    break;
                }
                // Only lowercase words describe it ("a border war", "a 44-day war"); a name
                // ("a Russian invasion") is read by the rules of names.
                if n == MODIFIERS || !is_modifier(word) {
                    break;
                }
            }
        }
    }
    found
}

/// The words of a sentence that begins at byte `offset`, with where each begins: runs of
/// letters, digits and inner hyphens. Any character but a space (a comma, a quote, a dash, a
/// line break) is given as an empty word, which no phrase runs across.
fn words_of(sentence: &str, offset: usize) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut from = None;
    for (i, c) in sentence.char_indices().chain([(sentence.len(), '.')]) {
        let inside = c.is_alphanumeric() || (c == '-' && from.is_some());
        match (from, inside) {
            (None, true) => from = Some(i),
            (Some(start), false) => {
                words.push((offset + start, &sentence[start..i]));
                from = None;
                if c != ' ' {
                    words.push((offset + i, ""));
                }
            }
            // A phrase does not run across punctuation: an empty word no phrase takes.
            (None, false) if c != ' ' => words.push((offset + i, "")),
            _ => {}
        }
    }
    words
}

/// Whether an event word names what a report is framed by: a war or a conflict. The other
/// events of a lead ("signed a peace agreement", "began a massacre") are acts within it, which
/// the rules of names and of reference read by their places, parties and dates.
fn frames(word: &str) -> bool {
    matches!(word, "war" | "conflict")
}

/// Whether a word may describe the event word after it: lowercase letters, digits and hyphens
/// ("border", "44-day"), and no word that ends a noun phrase ("of", "and").
fn is_modifier(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !matches!(
            word,
            "of" | "and" | "or" | "in" | "on" | "at" | "by" | "to" | "that" | "which" | "with"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<String> {
        introduced(text, &|_, _| false)
            .into_iter()
            .map(|found| found.phrase)
            .collect()
    }

    #[test]
    fn the_lead_introduces_an_event_with_an_article_and_up_to_two_words_before_its_word() {
        let lead = "ALGIERS, 12 December 2000 (Agency) — The presidents signed in Algiers, \
                    formally ending a border war that has killed tens of thousands.";
        assert_eq!(phrases(lead), ["border war"]);
        assert_eq!(
            phrases("It ended a short 44-day war."),
            ["short 44-day war"]
        );
        assert_eq!(phrases("A conflict began."), ["conflict"]);
        // Other events of a lead are acts within what it is about.
        assert!(phrases("An offensive began. It signed a peace agreement.").is_empty());
        // A name, three words, or a punctuation mark between: no phrase.
        assert!(phrases("It ended a Russian war.").is_empty());
        assert!(phrases("It ended a very long bloody war.").is_empty());
        assert!(phrases("It ended a border, war.").is_empty());
        assert!(phrases("It was a border").is_empty());
        assert!(phrases("It was a \u{2014} war, a\nwar.").is_empty());
        assert_eq!(phrases("It was a  border  war."), ["border war"]);
    }

    #[test]
    fn only_the_lead_is_read_and_a_covered_word_is_left_to_its_mention() {
        let text = "TITLE\n\nBy our team.\n\nOne. Two. Three. It ended a border war.";
        assert_eq!(phrases(text), ["border war"]);
        let text = "TITLE\n\nBy our team.\n\nOne.\n\nIt ended a border war.";
        assert!(phrases(text).is_empty());
        let text = "It ended a border war and a civil war.";
        let first = text.find("war").expect("written");
        let found = introduced(text, &|start, _| start == first);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].phrase, "civil war");
        assert_eq!(&text[found[0].word.0..found[0].word.1], "war");
        assert_eq!(
            found[0].class,
            reference::event_class("war").expect("a war")
        );
    }
}
