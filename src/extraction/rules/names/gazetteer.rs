//! Names the program knows without a registry: the world's countries, capitals and large cities,
//! and common given names. A new document on any conflict names countries and capitals with no
//! cue around them ("Moldova", "talks in Brussels"), and persons without a title ("Igor Smirnov
//! becomes its chairman"); these lists type them. They are plain text beside this file, one
//! name per line, so that a change to them reads well in a diff.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

static PLACES: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    let mut places = FxHashMap::default();
    for (list, class) in [
        (include_str!("gazetteer/cities.txt"), "Settlement"),
        (include_str!("gazetteer/countries.txt"), "Country"),
    ] {
        for name in names(list) {
            places.insert(name.to_ascii_lowercase(), class);
        }
    }
    places
});

/// The countries by their name in ASCII lowercase, to their name as the list writes it.
static COUNTRIES: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    names(include_str!("gazetteer/countries.txt"))
        .map(|name| (name.to_ascii_lowercase(), name))
        .collect()
});

static GIVEN_NAMES: LazyLock<FxHashMap<String, ()>> = LazyLock::new(|| {
    names(include_str!("gazetteer/given_names.txt"))
        .map(|name| (name.to_ascii_lowercase(), ()))
        .collect()
});

/// The lines of a list that hold a name: not blank, not a `#` comment.
fn names(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The class of a country or city known by `label` (words separated by single spaces).
pub fn place_class(label: &str) -> Option<&'static str> {
    PLACES.get(&label.to_ascii_lowercase()).copied()
}

/// [`place_class`] of a label already in ASCII lowercase, without a copy.
pub fn place_class_of_lowercase(label: &str) -> Option<&'static str> {
    PLACES.get(label).copied()
}

/// The country named `name` (any ASCII case), as the list writes it.
pub fn country_name(name: &str) -> Option<&'static str> {
    COUNTRIES.get(&name.to_ascii_lowercase()).copied()
}

/// Whether `word` (ASCII lowercase) is a common given name.
pub fn is_given_name(word: &str) -> bool {
    GIVEN_NAMES.contains_key(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_without_comments_and_ignoring_case() {
        assert_eq!(place_class("moldova"), Some("Country"));
        assert_eq!(place_class("Soviet Union"), Some("Country"));
        assert_eq!(place_class("Brussels"), Some("Settlement"));
        assert_eq!(place_class("# Countries and states"), None);
        assert!(is_given_name("igor"));
        assert!(!is_given_name("ministry"));
    }

    /// A name in two lists would be typed by whichever list was read last.
    #[test]
    fn no_name_is_both_a_city_and_a_country() {
        let cities: Vec<String> = names(include_str!("gazetteer/cities.txt"))
            .map(str::to_ascii_lowercase)
            .collect();
        for country in names(include_str!("gazetteer/countries.txt")) {
            assert!(
                !cities.contains(&country.to_ascii_lowercase()),
                "{country} is in both lists"
            );
        }
    }
}
