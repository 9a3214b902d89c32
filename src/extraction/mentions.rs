//! Mentions: every place a document names a registry entity by its label or an alias.
//!
//! A name can only begin where a word begins, so the finder reads the text word by word and
//! looks each word up among the first words of all names (one hash probe per word); only
//! the names that start with that word are compared with the text, longest first. A hit counts
//! only on word boundaries, and the longest name that fits wins ("Karabakh Armenians" over
//! "Karabakh"). Names are matched ignoring ASCII case, except short abbreviations in capitals
//! ("US", "UN", "EU"), which must match in capitals so that they are not found in ordinary
//! words such as "us".
//!
//! The texts are hard-wrapped, so a name may run across a line break ("Heydar\n\nAliyev",
//! "Nagorno-\nKarabakh"). A space in a name matches any run of whitespace in the text, and
//! whitespace after a hyphen is skipped; the text itself is never copied, so a mention's
//! offsets and text are always the document's own.
//!
//! Why not an Aho-Corasick automaton over all names: it searches no faster than this finder does
//! all of its work (`cargo bench --bench mentions`), and it would need a folded, lowercased copy
//! of the text, a map back to the original offsets, and a filter for its many hits inside words
//! ("us" in "because"). The finder's pass over words also serves the date and figure prefilter.

use super::Mention;
use super::registry::{Active, Registry};
use super::rules::scan::CharIndex;
use super::words::{self, Word, WordTable};
use crate::temporal::PartialDate;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct MentionFinder {
    names: Vec<Name>,
    /// For each name several entities share (see `Entity::shared_aliases`), keyed by the
    /// stand-in slug its `Name` carries: the entities it may stand for.
    shared: FxHashMap<Arc<str>, Vec<Arc<str>>>,
    /// The other way round: for each entity that shares names, their stand-in slugs. A mention
    /// of it is then one probe, not a search of every shared name's owners.
    /// Keyed by [`identity`].
    stand_ins_of: FxHashMap<usize, Vec<Arc<str>>>,
    /// When each entity that shares a name is the one it means, where the registry says.
    active: FxHashMap<Arc<str>, Active>,
    /// The names grouped by their first word, by the hash of that word. A hash holds several
    /// groups only when different words collide.
    by_first_word: WordTable<Vec<Group>>,
    /// Names that end in a word and a number ("Resolution 853"), by the hash of the word's
    /// plural: "Resolutions 242 and 243", "four resolutions (numbers 822, 853, 874 and 884)"
    /// name each.
    numbered: WordTable<Numbered>,
}

/// The entities named "WORD N", for one word.
struct Numbered {
    /// The word's plural, ASCII lowercase: what the text's word is compared with.
    plural: Box<str>,
    /// The entity of each number; a number two entities share names neither.
    entities: FxHashMap<u32, Option<Arc<str>>>,
}

struct Name {
    slug: Arc<str>,
    /// The name with its whitespace folded (see [`fold_name`]), in ASCII lowercase: what the
    /// text is compared with.
    lowercase: Box<[u8]>,
    /// The folded name as written, for abbreviations that must match with their exact case.
    exact_case: Option<Box<str>>,
}

/// The names that begin with the same word: the word is compared with the text once, not once
/// per name ("Azerbaijani" begins fifty names).
struct Group {
    /// The first word, in ASCII lowercase.
    first_word: Box<[u8]>,
    /// Longest name first (registry order among names of the same length).
    names: Vec<Candidate>,
    /// For each byte that a second word of a name begins with, the names to try when the text's
    /// next word begins with it: those names and the names without a second word, in the order
    /// of `names`. A group of many names ("Armenian" begins forty) is then read only where the
    /// text can match. Empty when no name has a second word.
    by_next_byte: Vec<(u8, Box<[Candidate]>)>,
    /// The names without a second word (`second_word_first_byte` 0), in order: those to try
    /// when the next word begins with none of the bytes of `by_next_byte`.
    without_second_word: Box<[Candidate]>,
    /// The group stands for its one-word names followed by a possessive "s" whose apostrophe
    /// the text lost ("Armenias"): it is filed under the hash of the word with the "s", so that
    /// a word costs one probe whether or not it carries one.
    possessive: bool,
}

/// A name of a group, with what the finder checks before it reads the name itself: most
/// names that begin with a common word ("International Court", "International Crisis Group")
/// already differ from the text at the next word's first letter, by which the group files
/// them (`Group::by_next_byte`), so that they are not even read.
#[derive(Clone, Copy)]
struct Candidate {
    /// Index into `names`.
    index: u32,
    /// The first byte of the name's second word when a space follows its first word (0
    /// otherwise: nothing to check before the whole comparison).
    second_word_first_byte: u8,
}

impl Group {
    fn new(first_word: &[u8], names: Vec<Candidate>, possessive: bool) -> Self {
        let mut next_bytes: Vec<u8> = names
            .iter()
            .map(|candidate| candidate.second_word_first_byte)
            .filter(|&byte| byte != 0)
            .collect();
        next_bytes.sort_unstable();
        next_bytes.dedup();
        let with_next_byte = |byte: u8| -> Box<[Candidate]> {
            names
                .iter()
                .copied()
                .filter(|c| c.second_word_first_byte == 0 || c.second_word_first_byte == byte)
                .collect()
        };
        Self {
            first_word: first_word.into(),
            by_next_byte: next_bytes
                .into_iter()
                .map(|byte| (byte, with_next_byte(byte)))
                .collect(),
            without_second_word: with_next_byte(0),
            names,
            possessive,
        }
    }

    /// The names to try after the first word, which ends at `first_word_end` of `text`: those
    /// without a second word, and those whose second word begins with the text's next one.
    #[inline]
    fn candidates_at(&self, text: &str, first_word_end: usize) -> &[Candidate] {
        if self.by_next_byte.is_empty() {
            return &self.names;
        }
        let run = whitespace_run(text, first_word_end);
        let next_byte = (run > 0)
            .then(|| text.as_bytes().get(first_word_end + run))
            .flatten()
            .map(u8::to_ascii_lowercase);
        let with_next_byte = next_byte
            .and_then(|byte| self.by_next_byte.iter().find(|(b, _)| *b == byte))
            .map(|(_, names)| &names[..]);
        with_next_byte.unwrap_or(&self.without_second_word)
    }

    /// Where the name's first word ends in `word` (the bytes of a word of the text), if this
    /// group's first word is that word, or that word without its possessive "s".
    #[inline]
    fn first_word_end(&self, word: &[u8]) -> Option<usize> {
        let length = self.first_word.len();
        let spelled = if self.possessive {
            word.len() == length + 1 && word[length] | 0x20 == b's'
        } else {
            word.len() == length
        };
        // `first_word` is lowercase already: only the text's bytes need lowering.
        let same = || {
            self.first_word
                .iter()
                .zip(word)
                .all(|(&expected, &byte)| byte.to_ascii_lowercase() == expected)
        };
        (spelled && same()).then_some(length)
    }
}

/// Returns true if and only if `name` is an abbreviation that must match with its exact case.
pub fn is_case_sensitive(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 4 && name.chars().all(|c| !c.is_lowercase())
}

impl MentionFinder {
    pub fn new(registry: &Registry) -> Self {
        let mut names = Vec::new();
        let mut shared: FxHashMap<Arc<str>, Vec<Arc<str>>> = FxHashMap::default();
        let mut active = FxHashMap::default();
        let usable = |name: &str| {
            let name = fold_name(name.trim());
            (name.chars().count() >= 2 && name.starts_with(char::is_alphanumeric)).then_some(name)
        };
        for entity in &registry.entities {
            let slug: Arc<str> = entity.slug.as_str().into();
            for name in entity.names().filter_map(usable) {
                names.push(Name {
                    slug: slug.clone(),
                    lowercase: name.to_ascii_lowercase().into_bytes().into(),
                    exact_case: is_case_sensitive(&name).then(|| name.into()),
                });
            }
            for name in entity.shared_aliases.iter().filter_map(|n| usable(n)) {
                // A stand-in no slug can equal (slugs are lowercase words and hyphens).
                let lowercase = name.to_ascii_lowercase();
                let stand_in: Arc<str> = format!(" shared {lowercase}").into();
                let owners = shared.entry(stand_in.clone()).or_default();
                if owners.is_empty() {
                    names.push(Name {
                        slug: stand_in,
                        lowercase: lowercase.into_bytes().into(),
                        exact_case: is_case_sensitive(&name).then(|| name.into()),
                    });
                }
                if !owners.contains(&slug) {
                    owners.push(slug.clone());
                }
                if let Some(span) = entity.active {
                    active.insert(slug.clone(), span);
                }
            }
        }
        let mut groups: BTreeMap<&[u8], Vec<u32>> = BTreeMap::new();
        for (index, name) in names.iter().enumerate() {
            let lowercase = std::str::from_utf8(&name.lowercase).expect("names are UTF-8");
            let first_word = lowercase.split(|c: char| !c.is_alphanumeric()).next();
            let first_word = first_word.unwrap_or_default().as_bytes();
            groups.entry(first_word).or_default().push(index as u32);
        }
        let mut entries = Vec::new();
        let candidate = |first_word: &[u8], index: u32| Candidate {
            index,
            second_word_first_byte: match names[index as usize].lowercase[first_word.len()..] {
                [b' ', byte, ..] => byte,
                _ => 0,
            },
        };
        for (first_word, mut indices) in groups {
            indices.sort_by_key(|&index| std::cmp::Reverse(names[index as usize].lowercase.len()));
            let one_word: Vec<Candidate> = indices
                .iter()
                .copied()
                .filter(|&index| names[index as usize].lowercase.len() == first_word.len())
                .map(|index| candidate(first_word, index))
                .collect();
            if !one_word.is_empty() {
                let with_s = [first_word, b"s"].concat();
                let group = Group::new(first_word, one_word, true);
                entries.push((words::hash_bytes(&with_s), vec![group]));
            }
            let names = indices
                .iter()
                .map(|&index| candidate(first_word, index))
                .collect();
            let group = Group::new(first_word, names, false);
            entries.push((words::hash_bytes(first_word), vec![group]));
        }
        // A word that is both a name's first word and another name with a possessive "s" tries
        // the name as written first.
        let by_first_word = WordTable::new(entries, |groups, more| {
            groups.extend(more);
            groups.sort_by_key(|group| group.possessive);
        });
        let numbered = numbered_names(&names);
        let mut stand_ins_of: FxHashMap<usize, Vec<Arc<str>>> = FxHashMap::default();
        for (stand_in, owners) in &shared {
            for owner in owners {
                stand_ins_of
                    .entry(identity(owner))
                    .or_default()
                    .push(stand_in.clone());
            }
        }
        Self {
            names,
            shared,
            stand_ins_of,
            active,
            by_first_word,
            numbered,
        }
    }

    /// Every mention in `text`, in order, with character offsets. `date` is the document's,
    /// if known: it resolves a shared name the document gives no other clue for.
    pub fn find(&self, document: &str, text: &str, date: Option<PartialDate>) -> Vec<Mention> {
        let spans = self.find_spans(text, date, |_| {});
        located(document, &CharIndex::new(text), &spans)
    }

    /// Every mention in `text`, in order, as the entity's slug and byte offsets. `visit` sees
    /// every word of the text on the way, mentioned or not.
    pub fn find_spans<'s>(
        &'s self,
        text: &str,
        date: Option<PartialDate>,
        mut visit: impl FnMut(&Word),
    ) -> Vec<(&'s Arc<str>, usize, usize)> {
        // About one mention in 200 bytes of prose: sized so that it rarely grows.
        let mut spans = Vec::with_capacity(text.len() / 128);
        // Mentions do not overlap: none starts before the previous one ends.
        let mut previous_end = 0;
        for word in words::words(text) {
            visit(&word);
            // Most words begin no name: the table's presence bit says so without a call.
            if word.start >= previous_end
                && self.by_first_word.may_hold(word.hash)
                && let Some(span) = self.longest_name_at(text, &word)
            {
                previous_end = span.2;
                spans.push(span);
            } else if word.start >= previous_end
                && self.numbered.may_hold(word.hash)
                && let Some(numbered) = self.numbered.get(word.hash)
                && text[word.start..word.end].eq_ignore_ascii_case(&numbered.plural)
            {
                let before = spans.len();
                numbered.listed(text, word.end, &mut spans);
                if let Some(last) = spans[before..].last() {
                    previous_end = last.2;
                }
            }
        }
        if !self.shared.is_empty() {
            self.resolve_shared(&mut spans, date);
        }
        spans
    }

    /// Gives each mention by a shared name the entity, among those sharing it, that the
    /// document names by a name of its own nearest before it, or else nearest after it, or
    /// else the one entity whose `active` span holds the document's date; drops it when none
    /// of these tells. Two passes, so linear in the mentions.
    fn resolve_shared<'s>(
        &'s self,
        spans: &mut Vec<(&'s Arc<str>, usize, usize)>,
        date: Option<PartialDate>,
    ) {
        if !spans.iter().any(|span| is_stand_in(span.0)) {
            return;
        }
        let nearest = |order: &mut dyn Iterator<Item = usize>,
                       spans: &[(&'s Arc<str>, usize, usize)]| {
            let mut last: FxHashMap<usize, &'s Arc<str>> = FxHashMap::default();
            let mut chosen = vec![None; spans.len()];
            for i in order {
                let slug = spans[i].0;
                if is_stand_in(slug) {
                    chosen[i] = last.get(&identity(slug)).copied();
                } else if let Some(stand_ins) = self.stand_ins_of.get(&identity(slug)) {
                    for stand_in in stand_ins {
                        last.insert(identity(stand_in), slug);
                    }
                }
            }
            chosen
        };
        let before = nearest(&mut (0..spans.len()), spans);
        let after = nearest(&mut (0..spans.len()).rev(), spans);
        let mut index = 0;
        spans.retain_mut(|span| {
            let i = index;
            index += 1;
            if !is_stand_in(span.0) {
                return true;
            }
            let owners = &self.shared[span.0];
            let by_date = || {
                let date = date?;
                let mut holding = owners
                    .iter()
                    .filter(|slug| self.active.get(*slug).is_some_and(|a| a.holds(date)));
                let first = holding.next()?;
                holding.next().is_none().then_some(first)
            };
            match before[i].or(after[i]).or_else(by_date) {
                Some(slug) => {
                    span.0 = slug;
                    true
                }
                None => false,
            }
        });
    }

    /// The mention that starts with `word`: the longest name that the text spells from there
    /// and that ends where a word ends.
    #[inline(never)]
    fn longest_name_at(&self, text: &str, word: &Word) -> Option<(&Arc<str>, usize, usize)> {
        let spelled = &text.as_bytes()[word.start..word.end];
        self.by_first_word.get(word.hash)?.iter().find_map(|group| {
            let first_word_end = word.start + group.first_word_end(spelled)?;
            let candidates = group.candidates_at(text, first_word_end);
            candidates.iter().find_map(|candidate| {
                let name = &self.names[candidate.index as usize];
                let rest = &name.lowercase[group.first_word.len()..];
                let end = match_end(text, first_word_end, rest)?;
                let found = &text[word.start..end];
                let exact = name
                    .exact_case
                    .as_deref()
                    .is_none_or(|exact| exact == found);
                (exact && ends_a_word(found, &text[end..])).then_some((&name.slug, word.start, end))
            })
        })
    }
}

/// The names "WORD N" by the plural of WORD: "Resolution 853" and "UN Resolution 853" under
/// "resolutions".
fn numbered_names(names: &[Name]) -> WordTable<Numbered> {
    let mut by_plural: FxHashMap<String, FxHashMap<u32, Option<Arc<str>>>> = FxHashMap::default();
    for name in names.iter().filter(|name| !is_stand_in(&name.slug)) {
        let Ok(lowercase) = std::str::from_utf8(&name.lowercase) else {
            continue;
        };
        let mut words = lowercase.rsplit(' ');
        let (Some(number), Some(word)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u32>() else {
            continue;
        };
        if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let entities = by_plural.entry(format!("{word}s")).or_default();
        let entity = entities
            .entry(number)
            .or_insert_with(|| Some(name.slug.clone()));
        if entity.as_ref().is_some_and(|e| *e != name.slug) {
            *entity = None;
        }
    }
    WordTable::new(
        by_plural.into_iter().map(|(plural, entities)| {
            let hash = words::hash(&plural);
            let plural = plural.into();
            (hash, Numbered { plural, entities })
        }),
        // Two plurals whose hashes collide: the first is kept (a name is then missed, never
        // mistaken, as the text's word is compared with the plural).
        |_, _| {},
    )
}

/// How many bytes after the plural the list of numbers may begin: "(numbers ".
const NUMBERS_REACH: usize = 12;

impl Numbered {
    /// Appends the entities of the numbers listed from byte `from` on ("242 and 243",
    /// " (numbers 822, 853, 874 and 884)", " Nos. 1, 2"), each spanning its number.
    fn listed<'s>(
        &'s self,
        text: &str,
        from: usize,
        spans: &mut Vec<(&'s Arc<str>, usize, usize)>,
    ) {
        let bytes = text.as_bytes();
        let mut at = from;
        // Up to the first digit: spaces, a bracket, "numbers", "nos." and nothing else.
        while at < bytes.len() && !bytes[at].is_ascii_digit() {
            if at - from > NUMBERS_REACH {
                return;
            }
            let rest = &text[at..];
            let skip = ["numbers", "number", "nos.", "nos", "no."]
                .iter()
                .find(|word| {
                    rest.get(..word.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(word))
                })
                .map_or(1, |word| word.len());
            if skip == 1 && !matches!(bytes[at], b' ' | b'(' | b'\n') {
                return;
            }
            at += skip;
        }
        loop {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            let followed_by_word = bytes.get(at).is_some_and(|b| b.is_ascii_alphanumeric());
            if start == at || followed_by_word {
                return;
            }
            let Ok(number) = text[start..at].parse::<u32>() else {
                return;
            };
            if let Some(Some(entity)) = self.entities.get(&number) {
                spans.push((entity, start, at));
            }
            // ", ", " and ", ", and ", " & " before the next number.
            let rest = &text[at..];
            let gap = rest
                .find(|c: char| c.is_ascii_digit())
                .filter(|&gap| matches!(rest[..gap].trim(), "," | "and" | ", and" | "&"));
            match gap {
                Some(gap) => at += gap,
                None => return,
            }
        }
    }
}

/// A slug's identity for the lookups made per mention: all names of an entity, and its entry
/// in `shared` and `stand_ins_of`, hold clones of one `Arc`, so its address names the entity
/// with no string hashed.
fn identity(slug: &Arc<str>) -> usize {
    Arc::as_ptr(slug).cast::<u8>() as usize
}

/// Whether a slug is the stand-in of a shared name (see `MentionFinder::new`), not an entity's.
fn is_stand_in(slug: &str) -> bool {
    slug.starts_with(' ')
}

/// Where `name` (folded, in ASCII lowercase) ends if the text spells it from byte `start` on,
/// ignoring ASCII case: a space in the name matches any run of whitespace, and whitespace after
/// a hyphen is skipped, as [`fold_name`] folds them.
fn match_end(text: &str, start: usize, name: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = start;
    for (i, &expected) in name.iter().enumerate() {
        if expected == b' ' {
            let run = whitespace_run(text, at);
            if run == 0 {
                return None;
            }
            at += run;
            continue;
        }
        if bytes.get(at)?.to_ascii_lowercase() != expected {
            return None;
        }
        at += 1;
        if expected == b'-' && i + 1 < name.len() {
            at += whitespace_run(text, at);
        }
    }
    Some(at)
}

/// Mentions from the spans `find_spans` gave, in character offsets.
pub fn located(
    document: &str,
    chars: &CharIndex<'_>,
    spans: &[(&Arc<str>, usize, usize)],
) -> Vec<Mention> {
    let document: Arc<str> = document.into();
    spans
        .iter()
        .map(|&(slug, start, end)| {
            let (char_start, char_end) = chars.span(start, end);
            Mention {
                document: document.clone(),
                entity: slug.clone(),
                start: char_start,
                end: char_end,
                text: chars.text()[start..end].to_string(),
            }
        })
        .collect()
}

/// The length of the whitespace character starting at byte `at`, if there is one. ASCII is
/// decided by the byte; the few other whitespace characters start with 0xC2, 0xE1, 0xE2 or 0xE3.
fn whitespace_at(text: &str, at: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii_whitespace() || byte == 0x0B {
        return Some(1);
    }
    if matches!(byte, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        let c = text[at..].chars().next()?;
        return c.is_whitespace().then(|| c.len_utf8());
    }
    None
}

/// The length in bytes of the run of whitespace starting at byte `at` (0 if there is none).
/// One space before a letter or digit, as between most words, is decided without a call.
#[inline]
fn whitespace_run(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(start) == Some(&b' ')
        && bytes.get(start + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        return 1;
    }
    any_whitespace_run(text, start)
}

#[inline(never)]
fn any_whitespace_run(text: &str, start: usize) -> usize {
    let mut at = start;
    while let Some(length) = whitespace_at(text, at) {
        at += length;
    }
    at - start
}

/// A name as the finder compares it: every run of whitespace is one space, and none is left
/// after a hyphen ("Nagorno- Karabakh" is "Nagorno-Karabakh").
fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !folded.is_empty() && !folded.ends_with('-') {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
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
[heydar-aliyev]
type = "Thing"
label = "Heydar Aliyev"
shared_aliases = ["Aliyev"]
active = "1993-06/2003-10"
[ilham-aliyev]
type = "Thing"
label = "Ilham Aliyev"
shared_aliases = ["Aliyev"]
active = "2003-10/"
[unsc-242]
type = "Thing"
label = "UN Security Council Resolution 242"
aliases = ["Resolution 242"]
[unsc-243]
type = "Thing"
label = "Resolution 243"
[protocol-1]
type = "Thing"
label = "Protocol 1"
[other-protocol-1]
type = "Thing"
label = "Geneva Protocol 1"
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
            .find("d", text, None)
            .into_iter()
            .map(|m| (m.entity.to_string(), m.text, m.start))
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
        for m in finder.find("d", text, None) {
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
    fn a_plural_before_a_list_of_numbers_names_each_numbered_entity() {
        let finder = MentionFinder::new(&registry());
        let found = |text: &str| -> Vec<(String, String)> {
            finder
                .find("d", text, None)
                .into_iter()
                .map(|m| (m.entity.to_string(), m.text))
                .collect()
        };
        let each = vec![
            ("unsc-242".to_string(), "242".to_string()),
            ("unsc-243".to_string(), "243".to_string()),
        ];
        assert_eq!(found("It accepted Resolutions 242 and 243 then."), each);
        assert_eq!(found("in two resolutions (numbers 242, 243)."), each);
        assert_eq!(found("resolutions Nos. 242 and 243"), each);
        // A number no entity has is skipped; a list ends at anything else.
        assert_eq!(found("Resolutions 7, 242 and 243rd"), each[..1]);
        assert!(found("Resolutions were 242 and 243 in all.").is_empty());
        // Characters of several bytes around the list end it, and never split.
        assert!(found("Resolutions “242” and 243").is_empty());
        assert_eq!(found("Resolutions 242 and 243 – all."), each);
        assert!(found("Resolutions\u{a0}242").is_empty());
        // Two entities numbered alike: the number names neither.
        assert!(found("Protocols 1 and 2").is_empty());
    }

    #[test]
    fn a_possessive_without_its_apostrophe_still_counts() {
        let finder = MentionFinder::new(&registry());
        let found = finder.find("d", "Kocaelis people; Kocaelisk", None);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].start, found[0].end, found[0].text.as_str()),
            (0, 7, "Kocaeli")
        );
    }

    #[test]
    fn short_abbreviations_match_only_in_capitals() {
        let finder = MentionFinder::new(&registry());
        let found = finder.find("d", "let us see what the US said", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "US");
    }

    #[test]
    fn names_run_across_line_breaks_and_keep_the_original_text() {
        let finder = MentionFinder::new(&registry());
        let text = "the Karabakh\n\nArmenians and the United-\nStates? no: the United\n States";
        let found = finder.find("d", text, None);
        let names: Vec<_> = found
            .iter()
            .map(|m| (&*m.entity, m.text.as_str()))
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

    fn aliyevs(text: &str, date: Option<&str>) -> Vec<(String, String)> {
        let date = date.map(|d| PartialDate::parse(d).unwrap());
        MentionFinder::new(&registry())
            .find("d", text, date)
            .into_iter()
            .filter(|m| m.entity.ends_with("aliyev"))
            .map(|m| (m.text, m.entity.to_string()))
            .collect()
    }

    #[test]
    fn a_shared_name_is_the_entity_the_document_named_nearest_before_or_else_after_it() {
        let pair = |text: &str, entity: &str| (text.to_string(), entity.to_string());
        assert_eq!(
            aliyevs(
                "Heydar Aliyev came. Aliyev spoke. Then Ilham Aliyev came. Aliyev spoke.",
                None
            ),
            [
                pair("Heydar Aliyev", "heydar-aliyev"),
                pair("Aliyev", "heydar-aliyev"),
                pair("Ilham Aliyev", "ilham-aliyev"),
                pair("Aliyev", "ilham-aliyev"),
            ]
        );
        // Nothing before it: the nearest full name after it.
        assert_eq!(
            aliyevs("Aliyev spoke first; Ilham Aliyev later.", None),
            [
                pair("Aliyev", "ilham-aliyev"),
                pair("Ilham Aliyev", "ilham-aliyev")
            ]
        );
    }

    #[test]
    fn a_shared_name_without_a_full_name_is_read_by_the_document_date_or_not_at_all() {
        let text = "President Aliyev spoke.";
        assert_eq!(
            aliyevs(text, Some("2023-10-04")),
            [("Aliyev".to_string(), "ilham-aliyev".to_string())]
        );
        assert_eq!(
            aliyevs(text, Some("1995")),
            [("Aliyev".to_string(), "heydar-aliyev".to_string())]
        );
        // October 2003 is in both spans, and no date says nothing: no guess.
        assert!(aliyevs(text, Some("2003-10")).is_empty());
        assert!(aliyevs(text, None).is_empty());
    }
}
