//! Mentions: every place a document names a registry entity by its label or an alias.
//!
//! One Aho-Corasick automaton over all names finds them in a single pass per document. A hit
//! counts only on word boundaries, and the longest name wins where names overlap ("Karabakh
//! Armenians" over "Karabakh"). Names are matched ignoring ASCII case, except short
//! abbreviations in capitals ("US", "UN", "EU"), which must match in capitals so that they are
//! not found inside ordinary words such as "us".
//!
//! The texts are hard-wrapped, so a name may run across a line break ("Heydar\n\nAliyev",
//! "Nagorno-\nKarabakh"). Matching runs over a folded copy of the text in which every run of
//! whitespace is one space (and vanishes after a hyphen); hits are mapped back to the original
//! text, so a mention's offsets and text are always the document's own.

use super::Mention;
use super::registry::Registry;
use crate::corpus::Corpus;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

pub struct MentionFinder {
    automaton: AhoCorasick,
    /// For each pattern: the entity slug, and whether case must match exactly.
    patterns: Vec<(String, bool)>,
    names: Vec<String>,
}

/// Returns true if and only if `name` is an abbreviation that must match with its exact case.
pub fn is_case_sensitive(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 4 && name.chars().all(|c| !c.is_lowercase())
}

impl MentionFinder {
    pub fn new(registry: &Registry) -> Self {
        let mut names = Vec::new();
        let mut lowercase = Vec::new();
        let mut patterns = Vec::new();
        for entity in &registry.entities {
            for name in entity.names() {
                let name = fold(name.trim()).text;
                if name.chars().count() < 2 {
                    continue;
                }
                patterns.push((entity.slug.clone(), is_case_sensitive(&name)));
                lowercase.push(name.to_ascii_lowercase());
                names.push(name);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            // With a thousand names the prefilter's candidates are mostly false starts.
            .prefilter(false)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&lowercase)
            .expect("names are plain strings");
        Self {
            automaton,
            patterns,
            names,
        }
    }

    /// Every mention in `text`, in order, with character offsets.
    pub fn find(&self, document: &str, text: &str) -> Vec<Mention> {
        located(document, text, &self.find_spans(text))
    }

    /// Every mention in `text`, in order, as the entity's slug and byte offsets.
    pub fn find_spans<'s>(&'s self, text: &str) -> Vec<(&'s str, usize, usize)> {
        // Matching runs on a lowercase copy: a case-sensitive automaton is smaller and faster
        // than an ASCII-case-insensitive one.
        let mut folded = fold(text);
        folded.text.make_ascii_lowercase();
        let mut spans = Vec::new();
        for hit in self.automaton.find_iter(&folded.text) {
            let index = hit.pattern().as_usize();
            let (slug, case_sensitive) = &self.patterns[index];
            let start = folded.origin(hit.start());
            // Names end in a non-space character, which the folding kept byte for byte.
            let end = folded.origin(hit.end() - 1) + 1;
            // Abbreviations hold no whitespace, so the original text is the folded one.
            if *case_sensitive && text[start..end] != self.names[index] {
                continue;
            }
            let before = text[..start].chars().next_back();
            if before.is_some_and(char::is_alphanumeric)
                || !ends_a_word(&text[start..end], &text[end..])
            {
                continue;
            }
            spans.push((slug.as_str(), start, end));
        }
        spans
    }
}

/// Mentions from the spans `find_spans` gave, in character offsets.
pub fn located(document: &str, text: &str, spans: &[(&str, usize, usize)]) -> Vec<Mention> {
    let mut counter = crate::extraction::rules::scan::CharCounter::new(text);
    spans
        .iter()
        .map(|&(slug, start, end)| {
            let surface = &text[start..end];
            let start = counter.at(start);
            Mention {
                document: document.to_string(),
                entity: slug.to_string(),
                start,
                end: start + surface.chars().count(),
                text: surface.to_string(),
            }
        })
        .collect()
}

/// A text with its whitespace folded, and where each of its bytes comes from.
struct Folded {
    text: String,
    /// Where the shift between folded and original offsets changes: from folded byte `.0` on,
    /// the original offset is the folded one plus `.1`. Folding keeps most bytes in place (a
    /// line break becomes one space), so this stays short.
    shifts: Vec<(usize, usize)>,
}

impl Folded {
    /// The original byte offset of folded byte `at`.
    fn origin(&self, at: usize) -> usize {
        let index = self.shifts.partition_point(|&(from, _)| from <= at);
        at + if index == 0 {
            0
        } else {
            self.shifts[index - 1].1
        }
    }
}

/// The length of the whitespace character starting at `bytes[at]`, if there is one. ASCII is
/// decided by the byte; the few other whitespace characters start with 0xC2, 0xE1, 0xE2 or 0xE3.
fn whitespace_at(text: &str, at: usize) -> Option<usize> {
    let byte = text.as_bytes()[at];
    if byte.is_ascii_whitespace() || byte == 0x0B {
        return Some(1);
    }
    if matches!(byte, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        let c = text[at..].chars().next()?;
        return c.is_whitespace().then(|| c.len_utf8());
    }
    None
}

/// Folds every run of whitespace into one space, and drops it after a hyphen (a word broken
/// at the end of a line).
fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut folded = Vec::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut shift = 0;
    let mut at = 0;
    while at < bytes.len() {
        let Some(first) = whitespace_at(text, at) else {
            // Copy the run up to the next possible whitespace byte in one go.
            let run_end = bytes[at..]
                .iter()
                .position(|&b| {
                    b.is_ascii_whitespace() || b == 0x0B || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
                })
                .map_or(bytes.len(), |p| at + p.max(1));
            folded.extend_from_slice(&bytes[at..run_end]);
            at = run_end;
            continue;
        };
        let mut end = at + first;
        while end < bytes.len()
            && let Some(length) = whitespace_at(text, end)
        {
            end += length;
        }
        let keep_space = folded.last() != Some(&b'-');
        if keep_space {
            folded.push(b' ');
        }
        let removed = end - at - usize::from(keep_space);
        if removed > 0 {
            shift += removed;
            shifts.push((folded.len(), shift));
        }
        at = end;
    }
    Folded {
        // Whitespace characters were replaced whole, so the bytes are still UTF-8.
        text: String::from_utf8(folded).expect("folding keeps UTF-8"),
        shifts,
    }
}

/// Returns true if and only if a name ends a word where `rest` begins: at a non-alphanumeric
/// character, or at a possessive "s" whose apostrophe the text lost ("Azerbaijans policy").
fn ends_a_word(name: &str, rest: &str) -> bool {
    let mut next = rest.chars();
    match next.next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some('s') => {
            let name_ends_in_s = name
                .chars()
                .next_back()
                .is_some_and(|c| c.eq_ignore_ascii_case(&'s'));
            !name_ends_in_s && !next.next().is_some_and(char::is_alphanumeric)
        }
        Some(_) => false,
    }
}

/// The mentions of every registry entity in every document.
pub fn find_all(corpus: &Corpus, registry: &Registry) -> Vec<Mention> {
    let finder = MentionFinder::new(registry);
    corpus
        .documents
        .iter()
        .flat_map(|d| finder.find(&d.id, &d.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extraction::registry;
    use crate::inputs::SourceFile;
    use crate::ontology::Ontology;
    use std::path::PathBuf;

    fn registry() -> Registry {
        let mut ontology = Ontology::default();
        ontology.classes.insert("Thing".into(), Default::default());
        let text = r#"
[karabakh]
type = "Thing"
label = "Karabakh"
[karabakh-armenians]
type = "Thing"
label = "Karabakh Armenians"
[united-states]
type = "Thing"
label = "United States"
aliases = ["US"]
[khojaly]
type = "Thing"
label = "Khojaly"
aliases = ["Kocaeli"]
"#;
        registry::load(
            &[SourceFile {
                path: PathBuf::from("e.toml"),
                text: text.into(),
            }],
            &ontology,
        )
        .unwrap()
    }

    #[test]
    fn finds_the_longest_name_on_word_boundaries() {
        let finder = MentionFinder::new(&registry());
        let text = "Ünï: Karabakh Armenians left Karabakh; KOCAELI, not Kocaelix.";
        let found: Vec<_> = finder
            .find("d", text)
            .into_iter()
            .map(|m| (m.entity, m.text, m.start))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "karabakh-armenians".to_string(),
                    "Karabakh Armenians".to_string(),
                    5
                ),
                ("karabakh".to_string(), "Karabakh".to_string(), 29),
                ("khojaly".to_string(), "KOCAELI".to_string(), 39),
            ]
        );
        for m in finder.find("d", text) {
            assert_eq!(
                text.chars()
                    .skip(m.start)
                    .take(m.end - m.start)
                    .collect::<String>(),
                m.text
            );
        }
    }

    #[test]
    fn a_possessive_without_its_apostrophe_still_counts() {
        let finder = MentionFinder::new(&registry());
        let found = finder.find("d", "Kocaelis people; Kocaelisk");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].start, found[0].end, found[0].text.as_str()),
            (0, 7, "Kocaeli")
        );
    }

    #[test]
    fn short_abbreviations_match_only_in_capitals() {
        let finder = MentionFinder::new(&registry());
        let found = finder.find("d", "let us see what the US said");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "US");
    }

    #[test]
    fn names_run_across_line_breaks_and_keep_the_original_text() {
        let finder = MentionFinder::new(&registry());
        let text = "the Karabakh\n\nArmenians and the United-\nStates? no: the United\n States";
        let found = finder.find("d", text);
        let names: Vec<_> = found
            .iter()
            .map(|m| (m.entity.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("karabakh-armenians", "Karabakh\n\nArmenians"),
                ("united-states", "United\n States"),
            ]
        );
        for m in &found {
            let at: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(at, m.text);
        }
    }
}
