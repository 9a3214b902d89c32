//! The events the rules find that no name stands for: dated statements, statements a
//! citation dates, acts on places named by their verb ("Shusha was captured"), and dated
//! events called by a word alone ("the ceasefire agreed on August 12, 2008").

use super::dating::{CUE_REACH, in_clause};
use super::words_before;
use super::{ACT_DATE_REACH, citations, relations, words_after};
use super::{Candidates, EntityKind, Proposal, Span, is_dateline, lexicon, names};
use crate::extraction::Value;
use crate::extraction::rules::dates::{DateExpr, Dated};
use crate::extraction::rules::{quantities, reference};
use crate::temporal::{self, PartialDate};
use std::sync::Arc;

impl Candidates<'_> {
    /// "Erdogan wrote on 27/9/2020 …": a statement, an event of its own, by the person who
    /// made it, on the one date of a sentence that names no other event.
    pub(super) fn statement_dates(
        &mut self,
        sentence: (usize, usize),
        mentions: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        let [date] = dates
            .iter()
            .filter(|d| d.may_date_an_event() && matches!(d.value, Dated::Point(_)))
            .collect::<Vec<_>>()[..]
        else {
            return None;
        };
        // "Erdogan wrote on 27/9/2020", "On 23 March 2021, Abiy Ahmed acknowledged …": the date
        // of the speech, not one inside what was said ("X said that on 5 May troops left").
        let outside_what_was_said = |start: usize, end: usize| {
            !text[start..end]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "that")
                && !text[start..end].contains([';', ':', '"', '\u{201c}'])
        };
        let speaker = mentions.iter().find(|(slug, start, end)| {
            self.kind_of(slug) == Some(EntityKind::Person)
                && words_after(text, *end, sentence.1, 1)
                    .next()
                    .is_some_and(|w| lexicon::is_speech_verb(&w))
                && if *end <= date.start {
                    outside_what_was_said(*end, date.start)
                } else {
                    date.end <= *start && outside_what_was_said(date.end, *start)
                }
        })?;
        let day = date.value.values()[0];
        let person = self.label_of(speaker.0)?;
        let label = format!("Statement by {person} ({day})");
        let slug = self.found_event(label, "Statement")?;
        let statements = vec![
            ("date".into(), Value::Date(day)),
            ("agent".into(), Value::Entity(speaker.0.to_string())),
        ];
        Some(Proposal::new("statement-date", &slug, statements, 0.7))
    }

    /// "the ceasefire agreed on August 12, 2008", "The unrest began … on 12 May": a sentence
    /// that names no event but calls one by an event word ("the", "a" or "an" before it, at
    /// most one word between) in the clause before its date: a new event, labelled by the word
    /// and the day ("Ceasefire (2008-08-12)"), of that date, or start or end as the clause cues.
    pub(super) fn dated_event_word(
        &mut self,
        sentence: (usize, usize),
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        for date in dates
            .iter()
            .filter(|d| d.may_date_an_event() && matches!(d.value, Dated::Point(_)))
        {
            let before: Vec<_> =
                in_clause(words_before(text, sentence.0, date.start, CUE_REACH)).collect();
            let determiner = |i: usize| {
                before
                    .get(i)
                    .is_some_and(|w| matches!(&**w, "the" | "a" | "an"))
            };
            let Some((at, class)) = before.iter().enumerate().find_map(|(i, word)| {
                let class = reference::event_class(word)?;
                (determiner(i + 1) || determiner(i + 2)).then_some((i, class))
            }) else {
                continue;
            };
            let day = date.value.values()[0];
            let word = &before[at];
            let mut label = word.to_string();
            if let Some(first) = label.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            let label = format!("{label} ({day})");
            let slug = self.found_event(label, class)?;
            let statements = self.date_statements(sentence, date, word);
            // Never judged on a curated document (those name their events); below the named
            // events' 0.85, as the event is only a word.
            return Some(Proposal::new("event-word-date", &slug, statements, 0.6));
        }
        None
    }

    /// The statement of each speaker a citation covers ("… a ceasefire" (Sputnik, 27/9/2020)"),
    /// on its day, attributed to the outlet when the registry or the document names it.
    pub fn cited_statements(
        &mut self,
        citation: &citations::Citation,
        date: &DateExpr,
        speakers: &[Span<'_>],
        mentions: &[Span<'_>],
    ) {
        // "(Stern 1977)" cites a scholar's work, not a speaker's day.
        let Dated::Point(day) = date.value.clone() else {
            return;
        };
        if !date.may_date_an_event() {
            return;
        }
        let outlet = mentions
            .iter()
            .find(|(slug, start, end)| {
                *start >= citation.outlets.0
                    && *end <= citation.outlets.1
                    && self.kind_of(slug).is_some_and(EntityKind::is_agent)
            })
            .map(|(slug, _, _)| slug.to_string());
        for (speaker, start, _) in speakers {
            let Some(person) = self.label_of(speaker) else {
                continue;
            };
            let label = format!("Statement by {person} ({day})");
            let Some(slug) = self.found_event(label, "Statement") else {
                continue;
            };
            let statements = vec![
                ("date".into(), Value::Date(day)),
                ("agent".into(), Value::Entity(speaker.to_string())),
            ];
            let mut proposal = Proposal::new("cited-statement", &slug, statements, 0.6);
            proposal.attributed_to = outlet.clone();
            self.push((*start, citation.end), proposal);
        }
    }

    /// An act on a place with the sentence's date: the registry's event of that name ("Capture
    /// of Shusha", with or without a parenthesis after it), or a new one. Where the sentence
    /// names `events`, the date must stand nearer the act's verb than any of their names.
    pub fn place_act(
        &mut self,
        sentence: (usize, usize),
        act: &relations::PlaceAct<'_>,
        dates: &[DateExpr],
        events: &[Span<'_>],
    ) -> Option<Arc<str>> {
        // "was captured on 8 May 1992", "On 5 August, Aghdam was besieged", "In April 1992
        // Serb paramilitary units and the Yugoslav People's Army took Zvornik".
        let text = self.source.text;
        let days = days(text, dates);
        let date = date_next_to(text, &days, act.verb)
            .or_else(|| date_opening(text, sentence.0, &days, act.verb))?;
        // The bytes between `[start, end)` and the date; zero when they overlap.
        if event_nearer(date, act.verb, events) {
            return None;
        }
        let place = self.label_of(act.place)?;
        // "Attack on Kizlyar", "Capture of Shusha", "Bombing near Djakovica".
        let label = format!("{} {} {place}", act.noun, act.preposition);
        let day = day_of_act(text, date, act.verb)?;
        // "In September 2023, Azerbaijan assumed full control of Karabakh": the registry's one
        // offensive at that place in that year, which the act is part of and does not date.
        let offensive = || {
            let registry = self.registry;
            let mut at_place = registry.events_at_in_year(act.place, day.year, OFFENSIVE_HEADS);
            let one = at_place.next()?;
            at_place.next().is_none().then(|| one.to_string())
        };
        // Whether the act dates its event: not the offensive it is part of.
        let (subject, dated) = match self.registry.events_by_name.get(&label.to_lowercase()) {
            Some(slug) => (slug.clone(), true),
            None => match offensive() {
                Some(slug) => (slug, false),
                None => (
                    self.found_event(label, act_class(act.noun))?.to_string(),
                    true,
                ),
            },
        };
        let mut statements = Vec::new();
        if dated {
            statements.push(("date".into(), Value::Date(day)));
        }
        statements.push(("place".into(), Value::Entity(act.place.to_string())));
        statements.extend(
            act.agents
                .iter()
                .map(|agent| ("agent".into(), Value::Entity(agent.to_string()))),
        );
        let confidence = relations::confidence("place-act");
        self.push(
            sentence,
            Proposal::new("place-act", &subject, statements, confidence),
        );
        // The event the act dates is the one its sentence's figures may count.
        dated.then(|| subject.into())
    }

    /// A deed named by its verb with the sentence's date ("27 August 1991 — Moldova declares
    /// independence from the Soviet Union"): a new event labelled by the deed and what it
    /// decided, up to the date if it comes after ("Declaration of independence from the Soviet
    /// Union"), with its doers as agents. The date is the sentence's only one, or the one next
    /// to the verb.
    pub fn deed(
        &mut self,
        sentence: (usize, usize),
        deed: &relations::Deed<'_>,
        dates: &[DateExpr],
    ) {
        let text = self.source.text;
        let days = days(text, dates);
        let Some(date) = (match days[..] {
            [only] => Some(only),
            _ => date_next_to(text, &days, deed.verb),
        }) else {
            return;
        };
        // "adopted the plan in November": the object ends before its date's words.
        let (start, mut end) = deed.object;
        if date.start > start && date.start < end {
            end = date.start;
        }
        let object = match deed.affected {
            // A person by the label the registry or the document gives.
            Some(person) => self.label_of(person).unwrap_or(&text[start..end]),
            None => text[start..end]
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(" in")
                .trim_end_matches(" of")
                .trim_end(),
        };
        if object.is_empty() {
            return;
        }
        let label = format!("{} of {object}", deed.noun);
        let Some(slug) = self.found_event(label, deed.class) else {
            return;
        };
        let Some(day) = day_of_act(text, date, deed.verb) else {
            return;
        };
        let mut statements = vec![("date".into(), Value::Date(day))];
        statements.extend(
            deed.agents
                .iter()
                .map(|agent| ("agent".into(), Value::Entity(agent.to_string())))
                .chain(
                    deed.affected
                        .map(|p| ("affected".into(), Value::Entity(p.into()))),
                )
                .chain(
                    deed.place
                        .map(|p| ("place".into(), Value::Entity(p.into()))),
                ),
        );
        let confidence = relations::confidence("deed");
        self.push(
            sentence,
            Proposal::new("deed", &slug, statements, confidence),
        );
    }

    /// A visit with the date next to its word ("his visit to Turkey on 6/4/2009"): a new
    /// event "Visit of A to P" (`fg:Meeting`), with A as its agent and P as its place. Where the
    /// sentence names `events`, the date must stand nearer the visit than any of their names.
    pub fn visit(
        &mut self,
        sentence: (usize, usize),
        visit: &relations::Visit<'_>,
        dates: &[DateExpr],
        events: &[Span<'_>],
    ) {
        let text = self.source.text;
        let Some(date) = date_next_to(text, &days(text, dates), visit.word) else {
            return;
        };
        if event_nearer(date, visit.word, events) {
            return;
        }
        let (Some(visitor), Some(place)) = (
            self.label_of(visit.visitor),
            self.label_of(visit.destination),
        ) else {
            return;
        };
        let label = format!("Visit of {visitor} to {place}");
        let Some(slug) = self.found_event(label, "Meeting") else {
            return;
        };
        let statements = vec![
            ("date".into(), Value::Date(date.value.values()[0])),
            ("agent".into(), Value::Entity(visit.visitor.to_string())),
            ("place".into(), Value::Entity(visit.destination.to_string())),
        ];
        let confidence = relations::confidence("visit");
        self.push(
            sentence,
            Proposal::new("visit", &slug, statements, confidence),
        );
    }

    /// A meeting named by who invited or hosted whom where, with the date next to those words
    /// ("invited diplomatic officials from Azerbaijan and Armenia to Brussels on 26/9/2023"):
    /// the registry's one meeting at that place in that year, or a new event "Meeting in P";
    /// the guests its participants, the hosts its agents.
    pub fn invitation(
        &mut self,
        sentence: (usize, usize),
        invitation: &relations::Invitation<'_>,
        dates: &[DateExpr],
        events: &[Span<'_>],
    ) {
        let text = self.source.text;
        // "… to Baku, and the war resumed on 2 May": the date is the clause's.
        let Some(date) = date_next_to(text, &days(text, dates), invitation.span)
            .filter(|date| dates_the_clause(text, sentence.0, date, invitation.span))
        else {
            return;
        };
        if event_nearer(date, invitation.span, events) {
            return;
        }
        let day = date.value.values()[0];
        let registry = self.registry;
        let mut registered = registry.events_at_in_year(invitation.place, day.year, MEETING_HEADS);
        let slug = match (registered.next(), registered.next()) {
            (Some(one), None) => one.to_string(),
            (Some(_), Some(_)) => return,
            (None, _) => {
                let Some(place) = self.label_of(invitation.place) else {
                    return;
                };
                let label = format!("Meeting in {place}");
                match self.found_event(label, "Meeting") {
                    Some(slug) => slug.to_string(),
                    None => return,
                }
            }
        };
        let entity = |slug: &str| Value::Entity(slug.to_string());
        let statements = [
            ("date".into(), Value::Date(day)),
            ("place".into(), entity(invitation.place)),
        ]
        .into_iter()
        .chain(
            invitation
                .guests
                .iter()
                .map(|g| ("participant".into(), entity(g))),
        )
        .chain(invitation.hosts.iter().map(|h| ("agent".into(), entity(h))))
        .collect();
        let confidence = relations::confidence("invitation");
        self.push(
            sentence,
            Proposal::new("invitation", &slug, statements, confidence),
        );
    }

    /// People removed from a place ("the Armenians systematically expelled all Azeris from
    /// Armenia"): the registry's event of that name ("Expulsion of Azerbaijanis from Armenia"),
    /// dated where the date stands next to the verb, or a new one (`fg:Displacement`); the
    /// doers its agents, the people `affected`, the place its `place`.
    pub fn removal(
        &mut self,
        sentence: (usize, usize),
        removal: &relations::Removal<'_>,
        dates: &[DateExpr],
    ) {
        let text = self.source.text;
        let (Some(people), Some(from)) =
            (self.label_of(removal.people), self.label_of(removal.from))
        else {
            return;
        };
        let label = format!("{} of {people} from {from}", removal.noun);
        let slug = match self.registry.events_by_name.get(&label.to_lowercase()) {
            Some(slug) => slug.clone(),
            None => match self.found_event(label, "Displacement") {
                Some(slug) => slug.to_string(),
                None => return,
            },
        };
        let date = date_next_to(text, &days(text, dates), removal.verb)
            .filter(|date| dates_the_clause(text, sentence.0, date, removal.verb));
        let entity = |slug: &str| Value::Entity(slug.to_string());
        let statements = date
            .map(|date| ("date".into(), Value::Date(date.value.values()[0])))
            .into_iter()
            .chain(removal.agents.iter().map(|a| ("agent".into(), entity(a))))
            .chain([
                ("affected".into(), entity(removal.people)),
                ("place".into(), entity(removal.from)),
            ])
            .collect();
        let confidence = relations::confidence("removal");
        self.push(
            sentence,
            Proposal::new("removal", &slug, statements, confidence),
        );
    }

    /// The slug of an event the rules found that no name stands for, made once per document.
    pub(super) fn found_event(&mut self, label: String, class: &'static str) -> Option<Arc<str>> {
        // "a peace\ninitiative": a label is one line, its words one space apart.
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        let slug: Arc<str> = names::slug_of(&label)?.into();
        if !self.statements.iter().any(|e| e.slug == slug) {
            self.statements.push(names::NameEntity {
                slug: slug.clone(),
                label,
                class,
                aliases: Vec::new(),
                mentions: 0,
            });
        }
        Some(slug)
    }
}

/// Head words of the registry events an invitation to a place may be.
const MEETING_HEADS: &[&str] = &["meeting", "talks", "summit", "conference"];

/// Head words of the registry events an act on a place may be part of.
const OFFENSIVE_HEADS: &[&str] = &["offensive", "operation", "assault", "attack", "campaign"];

/// The class of an event named by an act on a place: an annexation is no military operation.
fn act_class(noun: &str) -> &'static str {
    match noun {
        "Annexation" => "Annexation",
        _ => "MilitaryOperation",
    }
}

/// How far before an act's verb the words that count days back from a date may begin, in
/// bytes.
const DAYS_BACK_REACH: usize = 120;

/// The day of an act the date before its verb counts from: "On 30 November 2020, two days
/// after Mekelle fell" is 28 November. The date's own day where no words between count days
/// or weeks "after" or "before" it; none where they count in a unit no day can be told by
/// ("months after"), or the date has no day.
fn day_of_act(text: &str, date: &DateExpr, verb: (usize, usize)) -> Option<PartialDate> {
    let day = date.value.values()[0];
    if date.end > verb.0 {
        return Some(day);
    }
    // The words that count lie near the verb ("two days after Serb forces shelled"): a long
    // stretch between is read no further back, so that no sentence costs its length per act.
    let from = crate::extraction::rules::scan::floor_char_boundary(
        text,
        date.end.max(verb.0.saturating_sub(DAYS_BACK_REACH)),
    );
    let between = &text[from..verb.0];
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // "On 23 March 2021, Abiy acknowledged that Eritrean forces had entered Tigray": the date
    // is of the saying; what was said happened on a day the sentence does not give.
    let reported = words.iter().enumerate().any(|(at, word)| {
        *word == "that"
            && words[at.saturating_sub(4)..at]
                .iter()
                .any(|w| lexicon::is_speech_verb(w) || lexicon::is_reporting_verb(w))
    });
    if reported {
        return None;
    }
    let Some(at) = words
        .iter()
        .position(|w| matches!(*w, "after" | "before" | "later" | "earlier"))
    else {
        return Some(day);
    };
    let Some(unit) = at.checked_sub(1).map(|i| words[i].to_ascii_lowercase()) else {
        return Some(day);
    };
    let days_in_unit = match unit.as_str() {
        "day" | "days" => 1,
        "week" | "weeks" => 7,
        "month" | "months" | "year" | "years" => return None,
        // "after heavy fighting": no count of time.
        _ => return Some(day),
    };
    // "two days after", "a week after", "the day after".
    let count = match at.checked_sub(2).map(|i| words[i]) {
        Some(word) if word.eq_ignore_ascii_case("the") => 1,
        Some(word) => i64::try_from(quantities::small_count(word)?).ok()?,
        None => return None,
    };
    day.day?;
    // "N days after X" and "N days earlier" go back from the date; "before", "later" on.
    let sign = if matches!(words[at], "after" | "earlier") {
        -1
    } else {
        1
    };
    Some(temporal::date_of_day_number(
        temporal::day_number(&day) + sign * count * days_in_unit,
    ))
}

/// The dates of a sentence that may date an act: a day, a month or a year (no range, no
/// decade), and no dateline.
fn days<'d>(text: &str, dates: &'d [DateExpr]) -> Vec<&'d DateExpr> {
    dates
        .iter()
        .filter(|d| {
            d.may_date_an_event()
                && matches!(d.value, Dated::Point(_))
                && !is_dateline(text, d.start, d.end)
        })
        .collect()
}

/// The one date of `days` next to a verb's bytes (within [`ACT_DATE_REACH`]): a date further
/// off is more often another act's. Of two near it, the one in the verb's clause, with no
/// comma or semicolon between: "in Tbilisi on Thursday, a week after troops entered
/// Tskhinvali on the night of 7 August".
fn date_next_to<'d>(
    text: &str,
    days: &[&'d DateExpr],
    verb: (usize, usize),
) -> Option<&'d DateExpr> {
    let near: Vec<&'d DateExpr> = days
        .iter()
        .copied()
        .filter(|d| d.end + ACT_DATE_REACH >= verb.0 && d.start <= verb.1 + ACT_DATE_REACH)
        .collect();
    let one = |dates: &[&'d DateExpr]| match dates {
        [only] => Some(*only),
        _ => None,
    };
    one(&near).or_else(|| {
        let in_clause: Vec<&'d DateExpr> = near
            .iter()
            .copied()
            .filter(|d| no_clause_between(text, d, verb))
            .collect();
        one(&in_clause)
    })
}

/// The date that opens the sentence at byte `sentence` ("On 6 July 1995 the Army of Republika
/// Srpska, commanded by …, attacked …"), when it is the only one of `days` before the verb's
/// bytes and no semicolon stands between: it dates the sentence's first clause.
fn date_opening<'d>(
    text: &str,
    sentence: usize,
    days: &[&'d DateExpr],
    verb: (usize, usize),
) -> Option<&'d DateExpr> {
    let mut before = days.iter().filter(|d| d.end <= verb.0);
    let date = *before.next()?;
    let opens = text[sentence..date.start].split_whitespace().count() <= 1;
    (opens && before.next().is_none() && !text[date.end..verb.0].contains(';')).then_some(date)
}

/// Whether the name of one of `events` stands as near a date as the bytes `words` or nearer:
/// then the date is more likely that event's.
fn event_nearer(date: &DateExpr, words: (usize, usize), events: &[Span<'_>]) -> bool {
    let apart =
        |start: usize, end: usize| date.start.saturating_sub(end) + start.saturating_sub(date.end);
    let from_words = apart(words.0, words.1);
    events.iter().any(|&(_, s, e)| apart(s, e) <= from_words)
}

/// Whether a date is of the clause of the bytes `words`: no comma or semicolon between, or
/// the date opens the sentence before them ("On 3 May 1990, thousands were deported").
fn dates_the_clause(text: &str, sentence: usize, date: &DateExpr, words: (usize, usize)) -> bool {
    let opens = date.end <= words.0 && text[sentence..date.start].split_whitespace().count() <= 1;
    opens || no_clause_between(text, date, words)
}

/// Whether no comma or semicolon stands between a date and the bytes `words`.
fn no_clause_between(text: &str, date: &DateExpr, words: (usize, usize)) -> bool {
    let between = if date.end <= words.0 {
        &text[date.end..words.0]
    } else {
        &text[words.1..date.start.max(words.1)]
    };
    !between.contains([',', ';'])
}
