//! The doer an event's name holds: "2023 Azerbaijani offensive", "Russian invasion of
//! Ukraine", "UN mission", "Azerbaijani blockade of Armenia". A country's demonym or a
//! body's name before an event word of doing (an offensive, an invasion, a mission …) names
//! who did it, as every mention of the name says the same. Event words of suffering are left
//! alone: the "Armenian genocide" names those it was done to.

use super::names::demonyms;
use super::reference;

/// Event words whose name's first words name the doer.
#[rustfmt::skip]
const DOING: &[&str] = &[
    "offensive", "counteroffensive", "attack", "invasion", "intervention", "blockade",
    "operation", "mission", "campaign", "bombardment", "occupation", "aggression", "assault",
    "embargo", "withdrawal", "incursion", "annexation",
];

/// The doer (a slug `agent_named` gives) of an event by one of its names, if the name opens
/// (past a year and "the") with a demonym or an agent's name of one to three words, and its
/// head is an event word of doing. `agent_named` takes a name in lowercase.
pub fn doer_in_name(name: &str, agent_named: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let bare = name.split(" (").next().unwrap_or(name);
    let head = reference::event_head(bare)?;
    if !DOING.contains(&head.as_str()) {
        return None;
    }
    let words: Vec<&str> = bare
        .split(' ')
        .skip_while(|w| w.bytes().all(|b| b.is_ascii_digit()) || w.eq_ignore_ascii_case("the"))
        .collect();
    let head_at = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case(&head) || w.to_lowercase().starts_with(&head))?;
    // The doer's words stand before the head, and are not all of the name.
    let doer = (1..head_at.min(3) + 1)
        .rev()
        .find_map(|n| agent_named(&words[..n].join(" ").to_lowercase()));
    doer.or_else(|| {
        let first = words.first()?;
        let country = demonyms::country_of(first)?;
        // A demonym is capitalized: "joint exercises" names no one.
        first
            .starts_with(|c: char| c.is_uppercase())
            .then(|| agent_named(&country.to_lowercase()))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agents(name: &str) -> Option<String> {
        match name {
            "azerbaijan" => Some("azerbaijan".into()),
            "russia" => Some("russia".into()),
            "un" | "united nations" => Some("united-nations".into()),
            "armenia" => Some("armenia".into()),
            _ => None,
        }
    }

    #[test]
    fn a_demonym_or_a_body_before_an_event_word_of_doing_names_its_doer() {
        for (name, doer) in [
            (
                "2023 Azerbaijani offensive in Nagorno-Karabakh",
                "azerbaijan",
            ),
            ("Russian invasion of Ukraine", "russia"),
            ("UN mission", "united-nations"),
            (
                "United Nations mission to Karabakh (2023)",
                "united-nations",
            ),
            ("Azerbaijani blockade of Armenia", "azerbaijan"),
        ] {
            assert_eq!(doer_in_name(name, &agents).as_deref(), Some(doer), "{name}");
        }
        // Those a genocide was done to; a place's event; no name before the word.
        for name in [
            "Armenian genocide",
            "Khojaly massacre",
            "Offensive of 1993",
            "joint exercises",
            "Armenian Apostolic Church",
        ] {
            assert_eq!(doer_in_name(name, &agents), None, "{name}");
        }
    }
}
