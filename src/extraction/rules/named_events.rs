//! Events a document names by a name and an event word after it: "the Russia-Georgia war",
//! "the Kavburo meeting", "the Gori bombing", "the Russian invasion".
//!
//! News names most events this way, in lowercase after a country, a place or an
//! organization, or after a word of nationality. Such a phrase is a name of its own: a
//! discovered event, typed by its word (`War`, `Meeting`, `MilitaryOperation` …), that takes
//! dates, figures and relations like any event, and that "the war" may later refer to. The
//! mentions it is made of stay: "the Kavburo meeting" also mentions the Kavburo.

use super::candidates::EntityKind;
use super::names::{self, NameEntity, Names, demonyms, lexicon};
use super::{Extractor, Span, reference};
use rustc_hash::FxHashMap;

impl Extractor {
    /// Adds to `found` the events named by a name (or a word of nationality, among
    /// `capitals`) and an event word. Registry events are left to the registry.
    pub(super) fn name_events(
        &self,
        text: &str,
        registered: &[Span<'_>],
        found: &mut Names,
        capitals: &[(usize, usize)],
    ) {
        let kind_of_found = |index: usize| {
            self.class_kinds
                .get(found.entities[index].class)
                .copied()
                .unwrap_or(EntityKind::Other)
        };
        // Every mention in order: where, and whether it may name an event's doer or place.
        let mut mentions: Vec<(usize, usize, bool)> = registered
            .iter()
            .map(|&(slug, s, e)| (s, e, self.kinds.get(&**slug).is_some_and(|&k| may_name(k))))
            .chain(
                found
                    .spans
                    .iter()
                    .map(|&(i, s, e)| (s, e, may_name(kind_of_found(i)))),
            )
            .collect();
        mentions.sort_unstable();
        let mut phrases: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut i = 0;
        while i < mentions.len() {
            let (start, mut end, mut fits) = mentions[i];
            // "Russia-Georgia", "Armenia–Azerbaijan": names joined by a hyphen or a dash.
            while let Some(&(next_start, next_end, next_fits)) = mentions.get(i + 1)
                && next_start == end + joiner_len(text, end)
                && joiner_len(text, end) > 0
            {
                end = next_end;
                fits &= next_fits;
                i += 1;
            }
            i += 1;
            if fits && let Some((word_end, class)) = event_word_after(text, end) {
                phrases.push((start, word_end, class));
            }
        }
        // "the Russian invasion": a word of nationality that is no mention. Both lists are in
        // order: one pass over the mentions.
        let mut covering = 0;
        for &(start, end) in capitals {
            while covering < mentions.len() && mentions[covering].1 <= start {
                covering += 1;
            }
            let inside = mentions
                .get(covering)
                .is_some_and(|&(s, e, _)| s <= start && end <= e);
            // The event word first: it is cheap to look for, and rarely there.
            if !inside
                && let Some((word_end, class)) = event_word_after(text, end)
                && demonyms::country_of(&text[start..end]).is_some()
            {
                phrases.push((start, word_end, class));
            }
        }
        if phrases.is_empty() {
            return;
        }
        phrases.sort_unstable();
        let mut by_slug: FxHashMap<String, usize> = found
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.to_string(), i))
            .collect();
        for (start, end, class) in phrases {
            let label = capitalized(&text[start..end]);
            if self.events_by_name.contains_key(&label.to_lowercase()) {
                continue;
            }
            let Some(slug) = names::slug_of(&label) else {
                continue;
            };
            if self.slugs.contains(&slug) {
                continue;
            }
            let index = match by_slug.get(&slug) {
                Some(&index) => index,
                None => {
                    found.entities.push(NameEntity {
                        slug: slug.as_str().into(),
                        label,
                        class,
                        aliases: Vec::new(),
                        mentions: 0,
                    });
                    by_slug.insert(slug, found.entities.len() - 1);
                    found.entities.len() - 1
                }
            };
            found.entities[index].mentions += 1;
            found.spans.push((index, start, end));
        }
        found.spans.sort_unstable_by_key(|&(_, s, e)| (s, e));
    }
}

/// Whether a mention's kind may begin an event's name: a country, a place, an organization.
fn may_name(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Country | EntityKind::Place | EntityKind::Locality | EntityKind::Agent
    )
}

/// The length of the hyphen or dash at byte `at` that joins two names, or 0.
fn joiner_len(text: &str, at: usize) -> usize {
    match text[at..].chars().next() {
        Some(c @ ('-' | '–' | '—')) => c.len_utf8(),
        _ => 0,
    }
}

/// The end of the event word one space after byte `at` ("war", "meeting", "bombing"), and the
/// class it gives.
fn event_word_after(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let rest = text[at..].strip_prefix(' ')?;
    let len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let word = &rest[..len];
    // "the Georgia war ends": the word ends there, not inside a longer one ("warfare").
    if rest[len..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let class = lexicon::head_class(word).filter(|class| reference::is_event_class(class))?;
    Some((at + 1 + len, class))
}

/// The phrase with its first letter capitalized, as a name's label.
fn capitalized(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_word_after_a_name_ends_at_the_word() {
        assert_eq!(event_word_after("Georgia war began", 7), Some((11, "War")));
        assert_eq!(event_word_after("Georgia warfare", 7), None);
        assert_eq!(event_word_after("Georgia Street", 7), None);
        assert_eq!(event_word_after("Georgia said", 7), None);
    }

    #[test]
    fn names_joined_by_a_dash_are_one_phrase() {
        assert_eq!(joiner_len("Russia-Georgia", 6), 1);
        assert_eq!(joiner_len("Armenia–Azerbaijan", 7), 3);
        assert_eq!(joiner_len("Russia Georgia", 6), 0);
        assert_eq!(capitalized("russian invasion"), "Russian invasion");
    }
}
