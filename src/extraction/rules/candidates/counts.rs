//! Figures of events and places: counts of people (killed, wounded, displaced, refugees,
//! troops) of the event a sentence names or refers to, durations, areas and populations.

use super::{Candidates, Proposal, Span, distinct, nearest, number};
use crate::extraction::rules::dates::{DateExpr, Dated};
use crate::extraction::rules::figures::{self, words_after, words_before};
use crate::extraction::rules::quantities::Quantity;
use crate::extraction::rules::scan::same_paragraph;
use std::sync::Arc;

const DURATION_CUES: &[&str] = &["lasted", "lasting", "for", "over", "within", "after"];
const POPULATION_WORDS: &[&str] = &["population", "inhabitants", "inhabited", "residents"];

/// Verbs of coming together, after a count of the people who did.
const GATHERING_VERBS: &[&str] = &[
    "gathered",
    "assembled",
    "rallied",
    "protested",
    "demonstrated",
    "marched",
];

impl Candidates<'_> {
    pub(super) fn figure(
        &self,
        sentence: (usize, usize),
        quantity: &Quantity,
        list: &[Quantity],
        events: &[Span<'_>],
        places: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        let unit = quantity.unit.as_deref().unwrap_or("");
        // The words around the quantity are read only once an event or place is near it: most
        // quantities have none.
        let before = || words_before(text, sentence.0, quantity.start, 4);
        let one_event = distinct(events) <= 1;
        match unit {
            "km" => self.distance(sentence, quantity, places),
            "%" => self.share(sentence, quantity, events),
            "USD" | "EUR" | "AZN" | "RUB" | "AMD" | "GBP" => None,
            "km2" => {
                // "Nagorno-Karabakh is an enclave with an area of 4,400 km2, and it covers part
                // of the Caucasus": the place the area is said of comes before it.
                let before: Vec<Span<'_>> = places
                    .iter()
                    .copied()
                    .filter(|&(_, start, _)| start < quantity.start)
                    .collect();
                let place = nearest(&before, quantity.start, quantity.end)
                    .or_else(|| nearest(places, quantity.start, quantity.end))?;
                let statements = vec![("areaKm2".into(), number(quantity.value))];
                Some(Proposal::new("place-area", place.0, statements, 0.8).with(quantity))
            }
            "day" | "week" | "year" | "decade" => {
                let event = nearest(events, quantity.start, quantity.end)?;
                let cued = text[quantity.start..quantity.end].contains('-')
                    || before().any(|w| DURATION_CUES.contains(&&*w));
                if !cued {
                    return None;
                }
                let (property, factor) = match unit {
                    "day" => ("durationDays", 1.0),
                    "week" => ("durationDays", 7.0),
                    "year" => ("durationYears", 1.0),
                    _ => ("durationYears", 10.0),
                };
                let statements = vec![(property.into(), number(quantity.value * factor))];
                let confidence = if one_event { 0.75 } else { 0.55 };
                Some(
                    Proposal::new("event-duration", event.0, statements, confidence).with(quantity),
                )
            }
            // "180,000 deaths in 18 months": a span of time counts no one.
            "hour" | "month" | "century" => None,
            _ => self.count(sentence, quantity, list, events, places, dates),
        }
    }

    /// A count of people: of the killed, wounded, displaced, refugees or troops of the event
    /// nearest its list (or of the one event named after a place of the sentence: "613 Khojaly
    /// residents … were killed" is of the Khojaly massacre), or else a place's population.
    fn count(
        &self,
        sentence: (usize, usize),
        quantity: &Quantity,
        list: &[Quantity],
        events: &[Span<'_>],
        places: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        // "about a quarter" is a share of something, not a number of people. And a count with
        // no event or place to be of needs no reading.
        let unplaced = events.is_empty()
            && places.is_empty()
            && self.paragraph_event.is_none()
            && self.last_population.borrow().is_none();
        if quantity.rule == "share" || unplaced || figures::counts_things(quantity) {
            return None;
        }
        // "inhabited by about 120,000", "a population of 146 thousand": a population, whatever
        // follows; past an "and" the count begins another phrase ("the population of Karabakh
        // and hundreds of thousands of Azerbaijanis … were driven out").
        let said_population =
            figures::word_in_phrase_before(text, sentence.0, list[0].start, 4, is_population_word);
        // One reading per list: its counts count one thing.
        let property = match self.list_property.get() {
            Some((at, property)) if at == list[0].start => property,
            _ => {
                let property = figures::property(text, sentence, list);
                self.list_property.set(Some((list[0].start, property)));
                property
            }
        };
        let property = property.filter(|_| !said_population);
        // "thousands of people gathered on Babur Square": how many the gathering drew.
        let gathered = property.is_none()
            && words_after(text, quantity.end, sentence.1, 4)
                .any(|w| GATHERING_VERBS.contains(&&*w));
        let property = property.or(gathered.then_some("count"));
        // "UNHCR put the number higher, at more than 100,000": another estimate of what the
        // paragraph counted last.
        // Only the count right after those words: "…, and said that two dozen aid trucks"
        // is no estimate.
        let property = property.or_else(|| {
            (quantity.start == list[0].start && restates_a_count(text, sentence.0, quantity.start))
                .then(|| self.counted_earlier_in_paragraph(sentence))
                .flatten()
                .map(|(_, property)| property)
        });
        let Some(property) = property else {
            return self.population(sentence, quantity, places, dates);
        };
        let head = &list[0];
        // "400 thousand people were forced to leave their homes, and nearly 100 thousand of
        // them crossed into Uzbekistan": an event named in a later clause is not what the
        // count is of.
        let in_its_clause = |&(_, start, _): &Span<'_>| {
            start < head.end
                || !text
                    .get(head.end..start)
                    .is_some_and(|gap| gap.contains(", and ") || gap.contains(';'))
        };
        // Most counts have every event in their clause: nothing to copy.
        let events: std::borrow::Cow<'_, [Span<'_>]> = if events.iter().all(in_its_clause) {
            events.into()
        } else {
            events.iter().copied().filter(in_its_clause).collect()
        };
        let events = &events[..];
        let (event, confidence) = match nearest(events, head.start, head.end) {
            Some(event) if distinct(events) <= 1 => (event.0.to_string(), 0.7),
            Some(event) => (event.0.to_string(), 0.5),
            None => match self.event_at(places, property) {
                Some(event) => (event, 0.55),
                // "32 deaths … were killed": of the paragraph's one event.
                None => match self.paragraph_event.clone()? {
                    // "similar clashes in 1990, when 300 people perished": of another event.
                    (event, _) if self.dated_otherwise(&event, dates) => return None,
                    (event, true) => (event.to_string(), 0.45),
                    (event, false) => match self.counted_earlier_in_paragraph(sentence) {
                        // "300,000 refugees … a refugee crisis in Azerbaijan. Thus, Azerbaijan
                        // was forced to shelter one million refugees": of the same event.
                        Some((counted, _)) => (counted, 0.45),
                        // The document's most named event: a guess, and marked as one.
                        None => (event.to_string(), 0.35),
                    },
                },
            },
        };
        self.last_counted
            .replace(Some((sentence.0, event.clone(), property)));
        let statements = vec![(property.into(), number(quantity.value))];
        let mut proposal =
            Proposal::new("event-figure", &event, statements, confidence).with(quantity);
        proposal.unit = None;
        if gathered {
            proposal.unit = Some(quantity.unit.clone().unwrap_or_else(|| "people".into()));
        } else if property == "count" {
            proposal.unit = Some("casualties".into());
        } else if property != "troops" {
            proposal.unit = figures::group(text, sentence, quantity);
        }
        Some(proposal)
    }

    /// A place's population: "a population of 146 thousand", "40 thousand inhabitants"; and,
    /// once the paragraph stated one, a part of it: "As for the Azerbaijanis, their number is
    /// 40 thousand people" (of the same place, less sure).
    fn population(
        &self,
        sentence: (usize, usize),
        quantity: &Quantity,
        places: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        let (place, confidence) = if counts_a_population(text, sentence, quantity) {
            (populated(text, places, quantity)?.0.to_string(), 0.7)
        } else if says_their_number(text, sentence.0, quantity.start) {
            let last = self.last_population.borrow();
            let (at, place) = last.as_ref()?;
            let same_paragraph = same_paragraph(text, *at, sentence.0);
            (same_paragraph.then(|| place.clone())?, 0.5)
        } else {
            return None;
        };
        self.last_population
            .replace(Some((sentence.0, place.clone())));
        let statements = vec![("population".into(), number(quantity.value))];
        let mut proposal =
            Proposal::new("place-population", &place, statements, confidence).with(quantity);
        proposal.as_of = dates
            .iter()
            .find(|d| matches!(d.value, Dated::Point(_)))
            .map(|d| d.value.values()[0]);
        Some(proposal)
    }

    /// The event and the property of a count of an earlier sentence of the same paragraph, if
    /// any.
    fn counted_earlier_in_paragraph(
        &self,
        sentence: (usize, usize),
    ) -> Option<(String, &'static str)> {
        let last = self.last_counted.borrow();
        let (at, event, property) = last.as_ref()?;
        let same_paragraph = same_paragraph(self.source.text, *at, sentence.0);
        same_paragraph.then(|| (event.clone(), *property))
    }

    /// Whether the sentence writes years and none falls within the years the claims so far
    /// date `event` to: what it counts is of another time than that event.
    fn dated_otherwise(&self, event: &str, dates: &[&DateExpr]) -> bool {
        let mut written = dates
            .iter()
            .filter(|d| !d.year_from_context)
            .map(|d| d.value.first().year)
            .peekable();
        if written.peek().is_none() {
            return false;
        }
        self.event_years
            .get(event)
            .is_some_and(|&(first, last)| written.all(|year| year < first || year > last))
    }

    /// The one registry event named after a place of the sentence, if only one is; of
    /// several, the one whose name says what is counted, after a place the sentence puts the
    /// count in ("300,000 refugees … a refugee crisis in Azerbaijan" are of "Refugees and
    /// internally displaced persons in Azerbaijan"; not "displaced from Azerbaijan").
    fn event_at(&self, places: &[Span<'_>], property: &str) -> Option<String> {
        let text = self.source.text;
        let events_at = |only_in: bool| {
            let mut at: Vec<&Arc<str>> = places
                .iter()
                .filter(|(_, start, _)| !only_in || text[..*start].ends_with(" in "))
                .filter_map(|(place, _, _)| self.registry.events_at_place.get(&***place))
                .flatten()
                .collect();
            at.sort_unstable();
            at.dedup();
            at
        };
        if let [one] = events_at(false)[..] {
            return Some(one.to_string());
        }
        let words: &[&str] = match property {
            "refugees" => &["refugees", "refugee"],
            "displaced" => &[
                "displaced",
                "displacement",
                "refugees",
                "expulsion",
                "exodus",
            ],
            _ => return None,
        };
        let says_it = |slug: &&Arc<str>| {
            self.label_of(slug).is_some_and(|label| {
                label
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| words.iter().any(|o| w.eq_ignore_ascii_case(o)))
            })
        };
        match events_at(true)
            .into_iter()
            .filter(says_it)
            .collect::<Vec<_>>()[..]
        {
            [one] => Some(one.to_string()),
            _ => None,
        }
    }
}

/// Whether the count is a place's population: a word of population near it, and no group
/// it is the number of.
fn counts_a_population(text: &str, sentence: (usize, usize), quantity: &Quantity) -> bool {
    // "the Azerbaijani minority in Iran (which consists of 8 to 15 million people (…% of the
    // population of Iran)": a group's number, not a place's population.
    let of_a_group = words_before(text, sentence.0, quantity.start, 8)
        .any(|w| matches!(&*w, "minority" | "minorities" | "community" | "diaspora"));
    !of_a_group && counts_people_of_a_place(text, sentence, quantity)
}

/// Whether a word of population stands near the count: "a population of 146 thousand", "40
/// thousand inhabitants"; one elsewhere in the sentence is more often about something else.
fn counts_people_of_a_place(text: &str, sentence: (usize, usize), quantity: &Quantity) -> bool {
    quantity.unit.as_deref().is_some_and(is_population_word)
        || figures::word_in_phrase_before(text, sentence.0, quantity.start, 8, is_population_word)
        || words_after(text, quantity.end, sentence.1, 3).any(|w| is_population_word(&w))
}

/// Whether the count at byte `at` gives another estimate of a number said before: "put the
/// number higher, at 100,000", "estimated the figure at", "the number rose to".
fn restates_a_count(text: &str, floor: usize, at: usize) -> bool {
    let (mut number, mut verb) = (false, false);
    for word in words_before(text, floor, at, 6) {
        number |= matches!(&*word, "number" | "figure");
        verb |= matches!(
            &*word,
            "put" | "puts" | "estimated" | "placed" | "rose" | "gave"
        );
    }
    number && verb
}

/// Whether the count at byte `at` is how many "they" are: "their number is (about)", "its
/// number was".
fn says_their_number(text: &str, floor: usize, at: usize) -> bool {
    let mut before = words_before(text, floor, at, 3);
    matches!(
        before.next().as_deref(),
        Some("is" | "was" | "are" | "were" | "reached" | "stood")
    ) && before.next().is_some_and(|w| w == "number")
        && before.next().is_some_and(|w| w == "their" || w == "its")
}

fn is_population_word(word: &str) -> bool {
    POPULATION_WORDS
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

/// The place a population is of: the nearest named before it ("Karabakh has a population of
/// 146 thousand", "the population of Karabakh was 120,000"), or else one right after it
/// through "of" or "in" ("40 thousand inhabitants of Stepanakert"); not a place named later
/// in the sentence for another reason ("the region is inhabited by about 120,000 … with the
/// help of Russia").
fn populated<'s>(text: &str, places: &[Span<'s>], quantity: &Quantity) -> Option<Span<'s>> {
    let before: Vec<Span<'s>> = places
        .iter()
        .copied()
        .filter(|&(_, start, _)| start < quantity.start)
        .collect();
    if let Some(place) = nearest(&before, quantity.start, quantity.end) {
        return Some(place);
    }
    places.iter().copied().find(|&(_, start, _)| {
        text.get(quantity.end..start).is_some_and(|between| {
            let words: Vec<&str> = between.split_whitespace().collect();
            words.len() <= 4 && words.iter().any(|w| matches!(*w, "of" | "in"))
        })
    })
}
