//! Items as Wikidata-derived data files describe them, read as a stream.
//!
//! Four shapes are read, chosen by the file's extension:
//! - `.json`, `.jsonl`, `.ndjson`: Wikidata's JSON entities (its dump: an array with one entity
//!   per line, or one entity per line alone), or flat objects whose keys are the column names
//!   below; either a top-level array or a sequence of objects.
//! - `.csv`, `.tsv`: a header row naming the columns (case-insensitive): the item (`wikidata`,
//!   `wikidata_id`, `wikidataid`, `qid`, `item`, `wd:id`, `wd_id`), its English name (`label`,
//!   `name`, `en_label`), other names (`aliases`, `alias`, `other_names`, split on `;` or
//!   `|`), classes (`type`, `types`, `instance_of`, `p31`), and its English Wikipedia article
//!   (`enwiki`, `wikipedia`, `wikipedia_title`, `enwiki_title`, `wiki`: a title or a URL).
//! - `.nt`, `.ttl`, `.nq`, `.trig`: RDF in Wikidata's vocabulary (`rdfs:label`,
//!   `skos:prefLabel`, `schema:name`, `skos:altLabel`, `wdt:P31`, `wdt:P279`, `schema:about`
//!   from an English Wikipedia article), or `owl:sameAs` between a DBpedia resource and an item.
//!
//! Memory stays flat whatever the file's size: a record is handed on as soon as it is read,
//! and RDF, whose statements about one item may lie anywhere in the file, is read twice: once
//! to find the items named by a wanted name or title, once to gather what is said of them.

use anyhow::{Context, Result, bail};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;

/// One item as a file describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// `Q…`.
    pub item: String,
    /// English names the file gives as the item's label.
    pub labels: Vec<String>,
    pub aliases: Vec<String>,
    /// The item's classes (`P31`), `Q…`.
    pub classes: Vec<String>,
    /// The English Wikipedia article's title, as DBpedia names its resource (underscores).
    pub wikipedia_title: Option<String>,
    /// Items the item is in, of or about (`P17`, `P131`, `P27`, `P276`, `P361`, `P710`).
    pub related: Vec<String>,
}

/// The subclass statements (`P279`) met while reading: which classes each class is in.
#[derive(Debug, Default)]
pub struct Hierarchy {
    parents: HashMap<String, Vec<String>>,
}

impl Hierarchy {
    pub fn add(&mut self, class: &str, parent: &str) {
        let parents = self.parents.entry(class.to_string()).or_default();
        if !parents.iter().any(|p| p == parent) {
            parents.push(parent.to_string());
        }
    }

    /// `class` and every class it is, transitively, a subclass of.
    pub fn ancestors_and_self(&self, class: &str) -> HashSet<String> {
        let mut seen = HashSet::from([class.to_string()]);
        let mut queue = vec![class.to_string()];
        while let Some(c) = queue.pop() {
            for parent in self.parents.get(&c).into_iter().flatten() {
                if seen.insert(parent.clone()) {
                    queue.push(parent.clone());
                }
            }
        }
        seen
    }
}

/// The shapes of file this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Json,
    Csv { delimiter: u8 },
    Rdf(oxigraph::io::RdfFormat),
}

pub const EXTENSIONS: &str =
    ".json, .jsonl, .ndjson, .csv, .tsv, .nt, .ttl, .nq or .trig, each also gzipped (.gz)";

impl Shape {
    /// The shape a file's name says, and whether it is gzipped (`latest-all.json.gz`).
    pub fn of(path: &Path) -> Option<(Shape, bool)> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        match name.strip_suffix(".gz") {
            Some(inner) => Some((Shape::of_extension(Path::new(inner))?, true)),
            None => Some((Shape::of_extension(path)?, false)),
        }
    }

    fn of_extension(path: &Path) -> Option<Shape> {
        use oxigraph::io::RdfFormat;
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "json" | "jsonl" | "ndjson" => Shape::Json,
            "csv" => Shape::Csv { delimiter: b',' },
            "tsv" => Shape::Csv { delimiter: b'\t' },
            "nt" => Shape::Rdf(RdfFormat::NTriples),
            "ttl" => Shape::Rdf(RdfFormat::Turtle),
            "nq" => Shape::Rdf(RdfFormat::NQuads),
            "trig" => Shape::Rdf(RdfFormat::TriG),
            _ => return None,
        })
    }
}

/// Reads the records of one source of `shape`, handing each to `found` (which may stop the
/// read). `open` gives the bytes, from the start each time it is called: RDF is read twice.
/// `wanted` says whether a name or title (as [`normalize`] gives it) is one we look for; only
/// RDF needs it, the other shapes hand on every record.
pub fn read<'a>(
    shape: Shape,
    open: &dyn Fn() -> Result<Box<dyn Read + 'a>>,
    wanted: &dyn Fn(&str) -> bool,
    hierarchy: &mut Hierarchy,
    found: &mut dyn FnMut(Record) -> ControlFlow<()>,
) -> Result<()> {
    match shape {
        Shape::Json => read_json(BufReader::with_capacity(1 << 16, open()?), hierarchy, found),
        Shape::Csv { delimiter } => read_csv(open()?, delimiter, found),
        Shape::Rdf(format) => rdf::read(format, open, wanted, hierarchy, found),
    }
}

/// The form in which names and titles are compared: lower case, `_` and runs of white space as
/// one space, typographic dashes and apostrophes as ASCII.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        let c = match c {
            '_' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The form in which Wikipedia titles are compared: `_` and runs of white space as one space,
/// and the first letter in upper case, as Wikipedia treats it; the rest as it is, since
/// "Georgia (country)" and "Georgia (Country)" may be two articles.
pub fn title_key(title: &str) -> String {
    let spaced = title.replace('_', " ");
    let mut words = spaced.split_whitespace();
    let mut out = String::with_capacity(title.len());
    if let Some(first) = words.next() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
    out
}

/// `Q…` from `Q42`, `wd:Q42` or an entity IRI; `None` for anything else.
pub fn item_id(value: &str) -> Option<&str> {
    let value = value.trim();
    let id = value
        .rsplit_once("/entity/")
        .map(|(_, id)| id)
        .or_else(|| value.strip_prefix("wd:"))
        .unwrap_or(value);
    let is_item =
        id.len() > 1 && id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit());
    is_item.then_some(id)
}

/// An English Wikipedia title from a title, an `en.wikipedia.org` URL or a DBpedia resource
/// IRI; `None` for another wiki's URL or an empty value.
pub fn wikipedia_title(value: &str) -> Option<String> {
    let value = value.trim();
    let title = match value.split_once("://") {
        Some((_, rest)) => {
            let rest = rest.strip_prefix("www.").unwrap_or(rest);
            let encoded = rest
                .strip_prefix("en.wikipedia.org/wiki/")
                .or_else(|| rest.strip_prefix("en.m.wikipedia.org/wiki/"))
                .or_else(|| rest.strip_prefix("dbpedia.org/resource/"))?;
            crate::vocab::percent_decode(encoded)?
        }
        // A title as it is: "100%" is a title, not an escape.
        None => value.to_string(),
    }
    .replace(' ', "_");
    (!title.is_empty()).then_some(title)
}

/// What a CSV column or a flat JSON key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Item,
    Label,
    Aliases,
    Classes,
    Wikipedia,
}

fn role(name: &str) -> Option<Role> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "wikidata" | "wikidata_id" | "wikidataid" | "qid" | "item" | "wd:id" | "wd_id" => {
            Role::Item
        }
        "label" | "name" | "en_label" => Role::Label,
        "aliases" | "alias" | "other_names" => Role::Aliases,
        "type" | "types" | "instance_of" | "p31" => Role::Classes,
        "enwiki" | "wikipedia" | "wikipedia_title" | "enwiki_title" | "wiki" => Role::Wikipedia,
        _ => return None,
    })
}

const ROLE_NAMES: &str = "wikidata, wikidata_id, wikidataid, qid, item, wd:id or wd_id";

/// Adds one value of a column or key to `record`.
fn assign(record: &mut Record, role: Role, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let split = || {
        value
            .split([';', '|'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    match role {
        Role::Item => {
            if let Some(id) = item_id(value) {
                record.item = id.to_string();
            }
        }
        Role::Label => record.labels.push(value.to_string()),
        Role::Aliases => record.aliases.extend(split().map(String::from)),
        Role::Classes => record
            .classes
            .extend(split().filter_map(item_id).map(String::from)),
        Role::Wikipedia => {
            if record.wikipedia_title.is_none() {
                record.wikipedia_title = wikipedia_title(value);
            }
        }
    }
}

fn read_csv(
    reader: Box<dyn Read + '_>,
    delimiter: u8,
    found: &mut dyn FnMut(Record) -> ControlFlow<()>,
) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // A TSV cell is the text between tabs, quotes included.
        .quoting(delimiter != b'\t')
        .flexible(true)
        .from_reader(reader);
    let roles: Vec<Option<Role>> = csv
        .headers()
        .context("cannot read the header row")?
        .iter()
        .map(role)
        .collect();
    if !roles.contains(&Some(Role::Item)) {
        bail!("the header row names no item column: name one of {ROLE_NAMES}");
    }
    let mut row = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                bail!("line {line}: {err}");
            }
        }
        let mut record = Record::default();
        for (role, value) in roles.iter().zip(row.iter()) {
            if let Some(role) = role {
                assign(&mut record, *role, value);
            }
        }
        if !record.item.is_empty() && found(record).is_break() {
            return Ok(());
        }
    }
}

/// A top-level array is read element by element; anything else as a sequence of values.
fn read_json(
    mut reader: BufReader<Box<dyn Read + '_>>,
    hierarchy: &mut Hierarchy,
    found: &mut dyn FnMut(Record) -> ControlFlow<()>,
) -> Result<()> {
    let first = loop {
        let buffer = reader.fill_buf()?;
        let Some(&byte) = buffer.first() else {
            return Ok(());
        };
        if byte.is_ascii_whitespace() || buffer.starts_with(b"\xEF\xBB\xBF") {
            let skip = if byte.is_ascii_whitespace() { 1 } else { 3 };
            reader.consume(skip);
            continue;
        }
        break byte;
    };
    let mut hand_on = |value: serde_json::Value| match json_record(&value, hierarchy) {
        Some(record) => found(record),
        None => ControlFlow::Continue(()),
    };
    if first == b'[' {
        use serde::de::Deserializer as _;
        let stopped = std::cell::Cell::new(false);
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let read = deserializer.deserialize_seq(Elements {
            hand_on: &mut hand_on,
            stopped: &stopped,
        });
        // Stopping leaves the array unfinished, which the deserializer reports: not an error.
        return match read {
            Err(_) if stopped.get() => Ok(()),
            other => other.map_err(json_error),
        };
    }
    for value in serde_json::Deserializer::from_reader(reader).into_iter::<serde_json::Value>() {
        if hand_on(value.map_err(json_error)?).is_break() {
            break;
        }
    }
    Ok(())
}

fn json_error(err: serde_json::Error) -> anyhow::Error {
    anyhow::anyhow!("line {}, column {}: {err}", err.line(), err.column())
}

/// Visits a JSON array one element at a time, so the array is never held whole.
struct Elements<'a, 'f> {
    hand_on: &'a mut dyn FnMut(serde_json::Value) -> ControlFlow<()>,
    stopped: &'f std::cell::Cell<bool>,
}

impl<'de> serde::de::Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            if (self.hand_on)(value).is_break() {
                // The rest is not read: a dump may have no end worth waiting for.
                self.stopped.set(true);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// A record from a Wikidata entity or a flat object; `None` for anything else (a property, a
/// lexeme, a value that is not an object).
fn json_record(value: &serde_json::Value, hierarchy: &mut Hierarchy) -> Option<Record> {
    let object = value.as_object()?;
    if object.contains_key("claims") || object.contains_key("labels") {
        return wikidata_entity(value, hierarchy);
    }
    let mut record = Record::default();
    for (key, value) in object {
        let Some(role) = role(key) else { continue };
        match value {
            serde_json::Value::String(s) => assign(&mut record, role, s),
            serde_json::Value::Array(values) => {
                for s in values.iter().filter_map(|v| v.as_str()) {
                    assign(&mut record, role, s);
                }
            }
            _ => {}
        }
    }
    (!record.item.is_empty()).then_some(record)
}

const RELATED: [&str; 6] = ["P17", "P131", "P27", "P276", "P361", "P710"];

fn wikidata_entity(entity: &serde_json::Value, hierarchy: &mut Hierarchy) -> Option<Record> {
    let item = item_id(entity.get("id")?.as_str()?)?.to_string();
    let strings = |field: &str, language: &str| -> Vec<String> {
        match &entity[field][language] {
            serde_json::Value::Array(values) => values
                .iter()
                .filter_map(|v| v["value"].as_str().map(String::from))
                .collect(),
            value => value["value"]
                .as_str()
                .map(String::from)
                .into_iter()
                .collect(),
        }
    };
    let targets = |property: &str| -> Vec<String> {
        entity["claims"][property]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|claim| claim["mainsnak"]["datavalue"]["value"]["id"].as_str())
            .filter_map(item_id)
            .map(String::from)
            .collect()
    };
    for parent in targets("P279") {
        hierarchy.add(&item, &parent);
    }
    let mut labels = strings("labels", "en");
    labels.extend(strings("labels", "mul"));
    let mut aliases = strings("aliases", "en");
    aliases.extend(strings("aliases", "mul"));
    Some(Record {
        labels,
        aliases,
        classes: targets("P31"),
        wikipedia_title: entity["sitelinks"]["enwiki"]["title"]
            .as_str()
            .and_then(wikipedia_title),
        related: RELATED.iter().flat_map(|p| targets(p)).collect(),
        item,
    })
}

mod rdf;

#[cfg(test)]
mod tests;
