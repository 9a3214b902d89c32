//! Extraction: from the corpus and the curated TOML files to checked, located claims.
//!
//! **Architecture invariant:** extraction does no I/O and knows nothing of RDF or oxigraph. It
//! turns text (already read by `inputs`) into the plain types below, and reports every problem
//! it finds as a diagnostic with its file, line and column.

pub mod coverage;
pub mod facts;
pub mod mentions;
pub mod quote;
pub mod registry;
pub mod rules;
pub mod words;

use crate::diagnostic::Location;
use crate::temporal::PartialDate;
use oxsdatatypes::Decimal;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use toml::de::DeValue;

/// A number as written in a facts file, kept in its decimal lexical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub lexical: String,
    pub is_integer: bool,
}

impl Number {
    /// The figure of a TOML value, or why it is none (and how to fix it): not a number, not
    /// finite, or beyond what the store holds (a whole number in 64 bits; a decimal with 18
    /// digits after the point and below about 1.7e20, as `xsd:decimal` is read back).
    pub fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, (String, &'static str)> {
        let beyond = "check the figure against the document; a figure this large or this precise cannot be stored";
        let not_a_number = "write the figure without quotes, e.g. 613 or 4.5";
        match value {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                i64::from_str_radix(&digits, i.radix())
                    .map(|n| Self {
                        lexical: n.to_string(),
                        is_integer: true,
                    })
                    .map_err(|_| {
                        let message = format!(
                            "`{key}` = {} is out of range: whole numbers go up to {}",
                            i.as_str(),
                            i64::MAX
                        );
                        (message, beyond)
                    })
            }
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(x) if x.is_finite() => {
                    let lexical = decimal_lexical(x);
                    if Decimal::from_str(&lexical).is_ok() {
                        Ok(Self {
                            lexical,
                            is_integer: false,
                        })
                    } else if x.abs() >= 1.0 {
                        let message = format!(
                            "`{key}` = {} is out of range: figures go up to {}",
                            f.as_str(),
                            Decimal::MAX
                        );
                        Err((message, beyond))
                    } else {
                        let message = format!(
                            "`{key}` = {} has more than 18 digits after the point",
                            f.as_str()
                        );
                        Err((message, beyond))
                    }
                }
                _ => Err((
                    format!("`{key}` = {} is not a finite number", f.as_str()),
                    not_a_number,
                )),
            },
            _ => Err((format!("`{key}` must be a number"), not_a_number)),
        }
    }

    /// The figure as a decimal, to compare two figures.
    pub fn decimal(&self) -> Option<Decimal> {
        Decimal::from_str(&self.lexical).ok()
    }
}

/// A finite float in xsd:decimal form (no exponent).
fn decimal_lexical(x: f64) -> String {
    let text = format!("{x}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// The object of a stated triple.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A registry entity, by slug.
    Entity(String),
    Date(PartialDate),
    Number(Number),
    Text(String),
    Boolean(bool),
}

impl std::fmt::Display for Value {
    /// A slug, a date, a number or a text as written: for tables and messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Entity(slug) => f.write_str(slug),
            Value::Date(d) => d.fmt(f),
            Value::Number(n) => f.write_str(&n.lexical),
            Value::Text(t) => f.write_str(t),
            Value::Boolean(b) => b.fmt(f),
        }
    }
}

/// How a claim was made: by a person, in a curated facts file, or by an extraction rule. In the
/// graph, `fg:method` is `curated` or `rule:<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Curated,
    /// The name of the rule, e.g. `event-date`.
    Rule(&'static str),
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Curated => f.write_str("curated"),
            Self::Rule(name) => write!(f, "rule:{name}"),
        }
    }
}

/// A method compares with the text the graph writes for it: `"curated"`, `"rule:event-date"`.
impl PartialEq<&str> for Method {
    fn eq(&self, other: &&str) -> bool {
        match self {
            Self::Curated => *other == "curated",
            Self::Rule(name) => other.strip_prefix("rule:") == Some(name),
        }
    }
}

/// How a figure is hedged: the vocabulary's `fg:qualifier` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    Approximately,
    MoreThan,
    AtLeast,
    LessThan,
    UpTo,
    /// From the value to `upper`.
    Range,
}

impl Qualifier {
    pub const ALL: [Self; 7] = [
        Self::Exact,
        Self::Approximately,
        Self::MoreThan,
        Self::AtLeast,
        Self::LessThan,
        Self::UpTo,
        Self::Range,
    ];

    /// As the facts files and the graph write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Approximately => "approximately",
            Self::MoreThan => "more than",
            Self::AtLeast => "at least",
            Self::LessThan => "less than",
            Self::UpTo => "up to",
            Self::Range => "range",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == text)
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing one document states, with exactly where it states it.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The claim's local name, e.g. `003-khojaly-massacre-killed`.
    pub id: String,
    /// The identifier of the stating document.
    pub document: String,
    /// The document's text between `start` and `end`, exactly.
    pub quote: String,
    /// Offsets in Unicode scalar values, end exclusive.
    pub start: usize,
    pub end: usize,
    pub subject: String,
    pub statements: Vec<(String, Value)>,
    pub attributed_to: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub upper_bound: Option<Number>,
    pub as_of: Option<PartialDate>,
    pub unit: Option<String>,
    pub method: Method,
    /// How sure the rule is, from 0 to 1; curated claims have none.
    pub confidence: Option<f64>,
    /// Where the claim is written, for messages.
    pub location: Location,
}

/// A span of a document that names a registry entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Shared by all mentions of a document, and of an entity: there are many.
    pub document: Arc<str>,
    pub entity: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::Number;

    fn figure(text: &str) -> Result<Number, String> {
        let source = format!("x = {text}");
        let table = toml::de::DeTable::parse(&source).unwrap().into_inner();
        let (_, value) = table.iter().next().unwrap();
        Number::from_toml(value.get_ref(), "x").map_err(|(message, _)| message)
    }

    #[test]
    fn figures_beyond_what_the_store_holds_say_why() {
        assert_eq!(figure("613").unwrap().lexical, "613");
        assert_eq!(figure("4.5").unwrap().lexical, "4.5");
        assert_eq!(figure("1e6").unwrap().lexical, "1000000.0");
        assert!(
            figure("1e308")
                .unwrap_err()
                .contains("1e308 is out of range")
        );
        assert!(figure("-1e30").unwrap_err().contains("out of range"));
        let big = figure("99999999999999999999").unwrap_err();
        assert!(
            big.contains("out of range: whole numbers go up to"),
            "{big}"
        );
        assert!(figure("1e-30").unwrap_err().contains("more than 18 digits"));
        assert!(figure("inf").unwrap_err().contains("not a finite number"));
        assert!(figure("\"613\"").unwrap_err().contains("must be a number"));
    }
}
