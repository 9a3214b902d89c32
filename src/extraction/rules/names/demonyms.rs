//! Words of nationality and the countries they name: "Russian" → Russia, "Turkish" → Turkey.
//!
//! Most follow the country's name with an ending ("Armenia" + "n", "Iran" + "ian"); those are
//! derived and checked against the gazetteer's countries, so no list has to name them all. The
//! irregular ones are listed.

use super::gazetteer;

/// Demonyms (ASCII lowercase) that no ending derives from their country's name.
#[rustfmt::skip]
const IRREGULAR: &[(&str, &str)] = &[
    ("american", "United States"), ("us", "United States"), ("u.s.", "United States"),
    ("british", "United Kingdom"), ("uk", "United Kingdom"), ("english", "England"),
    ("french", "France"), ("turkish", "Turkey"), ("dutch", "Netherlands"),
    ("swiss", "Switzerland"), ("greek", "Greece"), ("spanish", "Spain"), ("polish", "Poland"),
    ("danish", "Denmark"), ("swedish", "Sweden"), ("finnish", "Finland"), ("irish", "Ireland"),
    ("scottish", "Scotland"), ("welsh", "Wales"), ("thai", "Thailand"), ("filipino", "Philippines"),
    ("emirati", "United Arab Emirates"), ("saudi", "Saudi Arabia"), ("azeri", "Azerbaijan"),
    ("kazakh", "Kazakhstan"), ("uzbek", "Uzbekistan"), ("tajik", "Tajikistan"),
    ("kyrgyz", "Kyrgyzstan"), ("turkmen", "Turkmenistan"), ("afghan", "Afghanistan"),
    ("pakistani", "Pakistan"), ("soviet", "Soviet Union"), ("chinese", "China"),
    ("japanese", "Japan"), ("lebanese", "Lebanon"), ("sudanese", "Sudan"),
    ("vietnamese", "Vietnam"), ("portuguese", "Portugal"), ("german", "Germany"),
    ("italian", "Italy"), ("belarusian", "Belarus"), ("ukrainian", "Ukraine"),
    ("moldovan", "Moldova"), ("croat", "Croatia"), ("serb", "Serbia"), ("czech", "Czechia"),
    ("slovak", "Slovakia"), ("norwegian", "Norway"), ("israeli", "Israel"), ("iraqi", "Iraq"),
    ("yemeni", "Yemen"), ("omani", "Oman"), ("qatari", "Qatar"), ("kuwaiti", "Kuwait"),
    ("bahraini", "Bahrain"), ("bangladeshi", "Bangladesh"), ("nepali", "Nepal"),
    ("somali", "Somalia"), ("malian", "Mali"), ("peruvian", "Peru"), ("hungarian", "Hungary"),
    ("egyptian", "Egypt"), ("iranian", "Iran"), ("canadian", "Canada"), ("brazilian", "Brazil"),
    ("chilean", "Chile"), ("belgian", "Belgium"), ("ethiopian", "Ethiopia"),
    ("palestinian", "Palestine"), ("georgian", "Georgia"), ("haitian", "Haiti"),
];

/// Endings a demonym adds to its country's name, and what to put back: "Armenian" is
/// "Armenia" + "n"; "Syrian" is "Syria" + "n"; "Iranian" is "Iran" + "ian"; "Azerbaijani" is
/// "Azerbaijan" + "i"; "Mexican" is "Mexico" − "o" + "an".
const ENDINGS: &[(&str, &str)] = &[
    ("n", ""),
    ("ian", ""),
    ("ian", "ia"),
    ("i", ""),
    ("an", ""),
    ("an", "a"),
    ("an", "o"),
    ("ese", ""),
    ("ese", "a"),
    ("ish", ""),
];

/// The country `word` is the demonym of, as the gazetteer writes it; `word` in any case, in
/// the singular or the plural ("Russians").
pub fn country_of(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').filter(|s| s.len() > 3);
    [lower.as_str()]
        .into_iter()
        .chain(singular)
        .find_map(|form| {
            IRREGULAR
                .iter()
                .find(|(demonym, _)| *demonym == form)
                .map(|&(_, country)| country)
                .or_else(|| derived(form))
        })
}

fn derived(form: &str) -> Option<&'static str> {
    ENDINGS.iter().find_map(|(ending, back)| {
        let stem = form.strip_suffix(ending)?;
        if stem.len() < 3 {
            return None;
        }
        gazetteer::country_name(&format!("{stem}{back}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_and_irregular_demonyms_name_their_country() {
        assert_eq!(country_of("Russian"), Some("Russia"));
        assert_eq!(country_of("Armenians"), Some("Armenia"));
        assert_eq!(country_of("Azerbaijani"), Some("Azerbaijan"));
        assert_eq!(country_of("Iranian"), Some("Iran"));
        assert_eq!(country_of("Turkish"), Some("Turkey"));
        assert_eq!(country_of("US"), Some("United States"));
        assert_eq!(country_of("Mexican"), Some("Mexico"));
        assert_eq!(country_of("Syrian"), Some("Syria"));
    }

    #[test]
    fn words_that_are_no_demonym_name_no_country() {
        assert_eq!(country_of("Christian"), None);
        assert_eq!(country_of("President"), None);
        assert_eq!(country_of("an"), None);
    }
}
