use super::*;
use crate::extraction::rules::scan::tokenize;

fn resolve(text: &str, sentence_start: usize, names: &[(&str, &str)]) -> Option<String> {
    let slugs: Vec<Arc<str>> = names.iter().map(|(slug, _)| Arc::from(*slug)).collect();
    let before: Vec<Span<'_>> = slugs
        .iter()
        .zip(names)
        .map(|(slug, (_, name))| {
            let at = text.find(name).expect("named in the text");
            (slug, at, at + name.len())
        })
        .collect();
    let mut tokens = Vec::new();
    tokenize(text, sentence_start, text.len(), &mut tokens);
    let names_hold = |slug: &str, word: &str| slug.contains(word);
    let mut tally = Tally::default();
    tally.advance(text, &before, before.len(), &|_| true, &|_| Some(1));
    referent(
        text,
        &tokens,
        sentence_start,
        &before,
        &names_hold,
        &tally,
        || None,
    )
    .map(|(slug, _, _)| slug.to_string())
}

#[test]
fn the_war_is_the_war_named_before_it_in_the_paragraph() {
    let text = "The Karabakh War began. The war ended in 1994.";
    assert_eq!(
        resolve(text, 24, &[("karabakh-war", "Karabakh War")]).as_deref(),
        Some("karabakh-war")
    );
}

#[test]
fn two_events_that_could_be_meant_give_no_referent() {
    let text = "The First War and the Second War were long. The war ended.";
    let names = [("first-war", "First War"), ("second-war", "Second War")];
    assert_eq!(resolve(text, 44, &names), None);
}

#[test]
fn a_sentence_that_may_refer_holds_the_and_an_event_word() {
    let may = |text: &str| may_refer(text, (0, text.len()));
    assert!(may("The war ended."));
    assert!(may("After that, the bloody war ended."));
    assert!(!may("The Karabakh War ended."));
    assert!(!may("Other wars ended; bathe in the sun."));
    assert!(!may("the"));
    // Whatever may_refer turns away, event_phrase finds nothing in.
    for text in [
        "Other wars ended.",
        "bathe the war",
        "The Karabakh War ended.",
    ] {
        let mut tokens = Vec::new();
        tokenize(text, 0, text.len(), &mut tokens);
        if !may(text) {
            assert_eq!(event_phrase(text, &tokens), None, "{text}");
        }
    }
}

#[test]
fn an_event_named_to_be_compared_with_is_not_the_one_the_war_means() {
    let text = "The trench warfare was compared to the First World War. The war ended.";
    let start = text.find("The war").expect("written");
    assert_eq!(
        resolve(text, start, &[("first-war", "First World War")]),
        None
    );
    let text = "The First World War began. The war ended.";
    assert_eq!(
        resolve(text, 27, &[("first-war", "First World War")]).as_deref(),
        Some("first-war")
    );
    for (text, name, compared_here) in [
        ("a siege like Leningrad", "Leningrad", true),
        ("worse than the Great War", "Great War", true),
        ("compared with the war", "war", true),
        ("during the Great War", "Great War", false),
        ("War", "War", false),
    ] {
        let at = text.find(name).expect("written");
        assert_eq!(compared(text, at), compared_here, "{text}");
    }
}

#[test]
fn the_reach_back_may_begin_inside_a_character() {
    let text = format!(
        "The Karabakh War began {}. The war ended.",
        "–".repeat(1500)
    );
    let start = text.find("The war").expect("written");
    assert_eq!(resolve(&text, start, &[]), None);
}

#[test]
fn ascii_letter_runs_are_the_words_a_split_at_every_other_character_gives() {
    for text in [
        "",
        "a",
        "the war, and the wars.",
        "Ağdam’s coup d'état 1993x",
        "€ab€",
        "  ",
    ] {
        let split: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(
            ascii_letter_runs(text).collect::<Vec<_>>(),
            split,
            "{text:?}"
        );
    }
}

#[test]
fn a_new_paragraph_falls_back_on_the_documents_event_and_another_word_breaks_the_reference() {
    let text = "The Karabakh War began.\nThe war ended in 1994.";
    assert_eq!(
        resolve(text, 24, &[("karabakh-war", "Karabakh War")]).as_deref(),
        Some("karabakh-war")
    );
    // Two wars named as often: which one is not said.
    let text = "The First War and the Second War.\nThe war ended in 1994.";
    let names = [("first-war", "First War"), ("second-war", "Second War")];
    assert_eq!(resolve(text, 34, &names), None);
    let text = "The Karabakh War began. The agreement ended it.";
    assert_eq!(resolve(text, 24, &[("karabakh-war", "Karabakh War")]), None);
}

#[test]
fn the_head_of_an_event_name_is_its_last_word_before_a_preposition() {
    for (name, head) in [
        ("2020 ceasefire agreement", Some("agreement")),
        ("Khojaly massacre", Some("massacre")),
        (
            "Withdrawal of Soviet forces from the Karabakh conflict zone (1991)",
            Some("withdrawal"),
        ),
        (
            "Pavel Grachev's meetings with the parties",
            Some("meetings"),
        ),
        ("Security Council Resolution 822", Some("resolution")),
        ("Battle of Aghdam (1993)", Some("battle")),
        ("THE WAR WHICH MOSCOW HAS LOST", Some("war")),
        ("July 2020 clashes", Some("clash")),
        (
            "2020 Turkish–Azerbaijani joint military exercises",
            Some("exercise"),
        ),
        ("1994", None),
    ] {
        assert_eq!(event_head(name).as_deref(), head, "{name}");
    }
}
