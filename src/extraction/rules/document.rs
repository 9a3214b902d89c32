//! What the rules know of one document's names while its sentences are read: the kinds of
//! the names it discovered, the event a sentence refers to or describes without naming it
//! (with [`reference`]), and the mentions of a sentence as token ranges for the relation
//! rules.

use super::candidates::EntityKind;
use super::dates::DateExpr;
use super::names::{self, NameEntity};
use super::scan::Token;
use super::{Extractor, Span, reference, relations};
use rustc_hash::FxHashMap;

/// What tells the event a sentence may describe without naming it: the events the document
/// named before it, whether its bytes may hold "the war" ([`reference::may_refer`]), its
/// dates, and where the sentence before it began, if in the same paragraph.
pub(super) struct Clues<'a, 's> {
    pub(super) tally: &'a reference::Tally<'s>,
    pub(super) may_refer: bool,
    pub(super) dates: &'a [DateExpr],
    pub(super) previous: Option<usize>,
}

/// What the relation rules need to know of one document's names: the kinds of those it
/// discovered, its events, its countries.
pub(super) struct Document<'e> {
    extractor: &'e Extractor,
    discovered: &'e [NameEntity],
    /// The kind and label of each discovered name.
    pub(super) kinds: FxHashMap<&'e str, (EntityKind, &'e str)>,
    /// The head word of each discovered event's name ([`reference::event_head`]), read once.
    event_heads: FxHashMap<&'e str, Option<String>>,
    /// The place each discovered event is named after ("Battle of Bender", "Gori bombing"),
    /// or the country it targets ("Embargo on Uzbekistan"), with that property.
    event_places: FxHashMap<&'e str, (&'static str, String)>,
    /// The doer each discovered event's name holds ("Russian invasion"), read once; see
    /// [`super::name_agents`].
    event_agents: FxHashMap<&'e str, String>,
}

impl<'e> Document<'e> {
    pub(super) fn new(extractor: &'e Extractor, discovered: &'e [NameEntity]) -> Self {
        let kind = |e: &NameEntity| {
            extractor
                .class_kinds
                .get(e.class)
                .copied()
                .unwrap_or(EntityKind::Other)
        };
        let mut document = Self {
            extractor,
            discovered,
            kinds: discovered
                .iter()
                .map(|e| (&*e.slug, (kind(e), e.label.as_str())))
                .collect(),
            event_heads: discovered
                .iter()
                .filter(|e| kind(e) == EntityKind::Event)
                .map(|e| (&*e.slug, reference::event_head(&e.label)))
                .collect(),
            event_places: FxHashMap::default(),
            event_agents: discovered
                .iter()
                .filter(|e| kind(e) == EntityKind::Event)
                .filter_map(|e| {
                    let doer = super::name_agents::doer_in_name(&e.label, &|name| {
                        extractor.agent_names.get(name).cloned()
                    })?;
                    Some((&*e.slug, doer))
                })
                .collect(),
        };
        let event_places = discovered
            .iter()
            .filter(|e| kind(e) == EntityKind::Event)
            .filter_map(|e| Some((&*e.slug, document.place_named_in(&e.label)?)))
            .collect();
        document.event_places = event_places;
        document
    }

    /// The place a discovered event's label names, before its event word ("Gori bombing", a
    /// country excepted) or after "of", "in", "at", "near", "along", "into" or "on" at its end
    /// ("Battle of Bender", "Clashes at Cocieri", "Gathering on Babur Square"), as `place`; a
    /// country after "on", or a place after "against", is a target, as `affected` ("Embargo on
    /// Uzbekistan", "Campaign against Azerbaijan").
    fn place_named_in(&self, label: &str) -> Option<(&'static str, String)> {
        let is_place = |name: &str| {
            let slug = names::slug_of(name)?;
            self.kind_of(&slug).is_place().then_some(slug)
        };
        let words: Vec<&str> = label.split(' ').collect();
        let after = words
            .iter()
            .position(|w| {
                matches!(
                    *w,
                    "of" | "in" | "at" | "near" | "along" | "on" | "into" | "against"
                )
            })
            .and_then(|at| {
                let place = is_place(&words[at + 1..].join(" "))?;
                let target = words[at] == "against"
                    || (words[at] == "on" && self.kind_of(&place) == EntityKind::Country);
                Some((if target { "affected" } else { "place" }, place))
            });
        // "Russian invasion", "Georgia war": a country first is more often the doer.
        after.or_else(|| {
            (1..words.len().min(4))
                .find_map(|n| is_place(&words[..n].join(" ")))
                .filter(|place| self.kind_of(place) != EntityKind::Country)
                .map(|place| ("place", place))
        })
    }

    /// The event "the war" (or "the agreement" …) in a sentence means, if one event of the
    /// paragraph can be meant (see [`reference`]), among the registry's events and the
    /// document's own; or else the registry event the sentence describes by an event word and
    /// a place ("the pogroms in Sumgait"); or else those it describes by event words and the
    /// year it writes, each word its own. `named` are the mentions up to the sentence's end,
    /// the sentence's own from `first_here`.
    pub(super) fn referent<'s>(
        &self,
        text: &str,
        tokens: &[Token],
        sentence_start: usize,
        named: &[Span<'s>],
        first_here: usize,
        clues: Clues<'_, 's>,
    ) -> Vec<Span<'s>>
    where
        'e: 's,
    {
        let extractor = self.extractor;
        let names_hold = |slug: &str, word: &str| self.any_head(slug, |head| head == word);
        let before = &named[..first_here];
        // "The pogroms in Sumgait": the one event named after a place of the sentence with
        // that word, where the paragraph names no event the word fits; asked by the reference
        // to "the war" and after it, and read once.
        let described_at_places = std::cell::OnceCell::new();
        let at_places = || {
            *described_at_places.get_or_init(|| {
                let mut events = extractor.events_at_places(&named[first_here..], clues.dates);
                // A sentence that names no place of an event may go on from the one before:
                // "Violence spread to the capital, Baku. On … began a massacre".
                if events.is_empty()
                    && let Some(previous) = clues.previous
                {
                    let from = before.partition_point(|&(_, s, _)| s < previous);
                    events = extractor.events_at_places(&before[from..], clues.dates);
                }
                match reference::described(text, tokens, &events, &names_hold)[..] {
                    [one] => Some(one),
                    _ => None,
                }
            })
        };
        // Most sentences hold no "the war": the bytes tell, before the tokens are read.
        if clues.may_refer {
            let found = reference::referent(
                text,
                tokens,
                sentence_start,
                before,
                &names_hold,
                clues.tally,
                at_places,
            );
            if let Some(found) = found {
                return vec![found];
            }
        }
        if let Some(found) = at_places() {
            return vec![found];
        }
        // The years the sentence writes (one taken from the text before may be another
        // event's: "the declaration of independence, on December 26"), and only one: "agreed
        // on 9/11/2020 … in March 2018" tells no event.
        let mut written = clues
            .dates
            .iter()
            .filter(|date| !date.year_from_context)
            .map(|date| date.value.first().year);
        let Some(year) = written.next() else {
            return Vec::new();
        };
        if written.any(|other| other != year) {
            return Vec::new();
        }
        let in_year: Vec<&'s std::sync::Arc<str>> = extractor
            .events_in_year
            .get(&year)
            .into_iter()
            .flatten()
            .collect();
        reference::described(text, tokens, &in_year, &names_hold)
    }

    /// The town or district among `named` whose name one of the registry event's names holds
    /// ("Baku" for the Baku pogrom): where an event a sentence describes through it happened.
    /// Not a region: its name is in too many events' names.
    pub(super) fn town_telling<'s>(&self, event: &str, named: &[Span<'s>]) -> Option<Span<'s>> {
        named.iter().copied().find(|&(place, _, _)| {
            self.kind_of(place) == EntityKind::Locality
                && self
                    .extractor
                    .events_at_place
                    .get(&**place)
                    .is_some_and(|events| events.iter().any(|e| **e == *event))
        })
    }

    /// The one registry event a paragraph that names none describes: by an event word of its
    /// text ([`reference::described_in`]) and a place it names or a year it writes ("… and
    /// declared his rebellion and coup against the government …" in a paragraph about
    /// "(July - September 1993)" is the "1993 Azerbaijani coup d'état").
    pub(super) fn described_in_paragraph<'s, 'd>(
        &self,
        paragraph: &str,
        named: &[Span<'s>],
        dates: impl Iterator<Item = &'d DateExpr>,
    ) -> Option<&'s std::sync::Arc<str>>
    where
        'e: 's,
    {
        let extractor = self.extractor;
        let dates: Vec<DateExpr> = dates.cloned().collect();
        let mut events = extractor.events_at_places(named, &dates);
        let mut years: Vec<i32> = dates
            .iter()
            .filter(|date| !date.year_from_context)
            .map(|date| date.value.first().year)
            .collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            events.extend(extractor.events_in_year.get(&year).into_iter().flatten());
        }
        let names_hold = |slug: &str, word: &str| {
            extractor
                .event_heads
                .get(slug)
                .is_some_and(|heads| heads.iter().any(|head| head == word))
        };
        reference::described_in(paragraph, &events, &names_hold)
    }

    /// How often the document must name an event for it to be what a count of people in a
    /// paragraph naming no event is about ([`reference::Tally::main`]): once for a war, a
    /// conflict, clashes; twice for one act of force (a bombing, a capture), which a text may
    /// name in passing; never (`None`) for an act of words (an agreement, a ceasefire, a
    /// resolution, a meeting, a statement …), a mission or an exercise, which kill no one.
    pub(super) fn namings_to_count_people(&self, slug: &str) -> Option<usize> {
        let class_is = |test: fn(&str) -> bool| {
            self.any_head(slug, |head| {
                names::lexicon::head_class(head).is_some_and(test)
            })
        };
        if class_is(|class| {
            names::lexicon::is_act_of_words(class)
                || matches!(class, "Deployment" | "MilitaryExercise")
        }) {
            None
        } else if class_is(|class| matches!(class, "MilitaryOperation" | "Annexation")) {
            Some(2)
        } else if self.extractor.event_heads.contains_key(slug) || class_is(|_| true) {
            Some(1)
        } else {
            // A discovered act its head word does not class ("Recapture of South Georgia",
            // "Sinking of General Belgrano"): one act named once is a detail, as above.
            Some(2)
        }
    }

    /// Whether a head word of the event `slug` (a registry event's or a discovered one's)
    /// passes `test`.
    fn any_head(&self, slug: &str, test: impl Fn(&str) -> bool) -> bool {
        match self.extractor.event_heads.get(slug) {
            Some(heads) => heads.iter().any(|head| test(head)),
            None => self
                .event_heads
                .get(slug)
                .is_some_and(|head| head.as_deref().is_some_and(&test)),
        }
    }

    pub(super) fn kind_of(&self, slug: &str) -> EntityKind {
        match self.extractor.kinds.get(slug) {
            Some(&kind) => kind,
            None => self
                .kinds
                .get(slug)
                .map_or(EntityKind::Other, |&(kind, _)| kind),
        }
    }

    /// Whether a sentence holding these mentions may state a relation: every rule reads a
    /// person, an event or a settlement; or a name and "the war", which may be an event; or
    /// two names and the words of a membership or a removal.
    pub(super) fn relatable(
        &self,
        text: &str,
        named: &[Span<'_>],
        sentence: (usize, usize),
        may_refer: &mut impl FnMut() -> bool,
    ) -> bool {
        named.iter().any(|&(slug, _, _)| {
            matches!(
                self.kind_of(slug),
                EntityKind::Person | EntityKind::Event | EntityKind::Locality
            )
        }) || (!named.is_empty() && may_refer())
            || self.places_set_off(text, named)
            || (named.len() >= 2
                && named.iter().any(|&(slug, _, _)| {
                    let kind = self.kind_of(slug);
                    kind == EntityKind::Agent || kind.is_place()
                })
                && (relations::may_state_membership(&text[sentence.0..sentence.1])
                    || relations::may_state_removal(&text[sentence.0..sentence.1])))
    }
}

impl Document<'_> {
    /// Whether two places are named one after the other with a comma between: "Tawila, North
    /// Darfur", where the second may be the region the first lies in.
    fn places_set_off(&self, text: &str, named: &[Span<'_>]) -> bool {
        named.windows(2).any(|pair| {
            let ((first, _, end), (second, start, _)) = (pair[0], pair[1]);
            text.get(end..start) == Some(", ")
                && self.kind_of(first).is_place()
                && self.kind_of(second).is_place()
        })
    }
}

impl relations::Known for Document<'_> {
    fn agent_in_name(&self, event: &str, mention: &str) -> Option<String> {
        let extractor = self.extractor;
        match extractor.kinds.get(event) {
            Some(_) => extractor
                .agent_of_event_name
                .get(&mention.to_lowercase())
                .cloned(),
            None => self.event_agents.get(event).cloned(),
        }
    }

    fn country(&self, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        self.extractor.countries.get(&lower).cloned().or_else(|| {
            self.discovered
                .iter()
                .find(|e| e.class == "Country" && e.label.eq_ignore_ascii_case(name))
                .map(|e| e.slug.to_string())
        })
    }

    fn label(&self, slug: &str) -> Option<String> {
        (self.extractor.kinds.get(slug) == Some(&EntityKind::Country))
            .then(|| self.extractor.labels.get(slug).cloned())
            .flatten()
    }

    fn place_in_name(&self, named: &str, mention: &str) -> Option<(&'static str, String)> {
        match self.extractor.kinds.get(named) {
            Some(EntityKind::Event) => self
                .extractor
                .place_of_event_name
                .get(&mention.to_lowercase())
                .cloned(),
            Some(_) => self
                .extractor
                .place_of_facility_name
                .get(&mention.to_lowercase())
                .map(|place| ("locatedIn", place.clone())),
            None => self.event_places.get(named).cloned(),
        }
    }
}

impl<'e> Document<'e> {
    /// The mentions of a sentence as token ranges.
    pub(super) fn named_tokens<'s>(
        &self,
        tokens: &[Token],
        here: &[Span<'s>],
        out: &mut Vec<relations::Named<'s>>,
    ) {
        out.clear();
        for &(slug, s, e) in here {
            if let Some((first, last)) = token_range(tokens, s, e) {
                out.push(relations::Named {
                    slug,
                    kind: self.kind_of(slug),
                    first,
                    last,
                });
            }
        }
    }
}

/// The tokens `[first, last]` that the bytes `[start, end)` cover, if any.
fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.end <= start);
    let last = tokens.partition_point(|t| t.start < end);
    (first < last).then(|| (first, last - 1))
}

/// Adds the events "the war" refers to (or the words describe), in token order, to a
/// sentence's named tokens.
pub(super) fn add_referents<'s>(
    tokens: &[Token],
    referred: &[Span<'s>],
    out: &mut Vec<relations::Named<'s>>,
) {
    for &(slug, s, e) in referred {
        let Some((first, last)) = token_range(tokens, s, e) else {
            continue;
        };
        let at = out.partition_point(|n| n.first < first);
        out.insert(
            at,
            relations::Named {
                slug,
                kind: EntityKind::Event,
                first,
                last,
            },
        );
    }
}
