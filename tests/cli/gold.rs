//! The gold files of bench/documents are well-formed, and every text they name (dates,
//! figures, names and their other spellings, the quotes of claims) occurs in the document they
//! annotate, so a typo in a gold file fails CI.

use std::path::{Path, PathBuf};

fn documents_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/documents")
}

/// The files of bench/documents whose names end in `suffix`, in order.
fn files_ending(suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(documents_dir())
        .expect("bench/documents exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// Every problem of one gold file, as "file: kind #n: what".
fn problems(gold: &Path) -> Vec<String> {
    let name = gold.display().to_string();
    let source = std::fs::read_to_string(gold).expect("gold file readable");
    let table: toml::Table = match toml::from_str(&source) {
        Ok(t) => t,
        Err(e) => return vec![format!("{name}: not TOML: {e}")],
    };
    let Some(doc) = table.get("document").and_then(|d| d.as_str()) else {
        return vec![format!("{name}: no `document = \"<file>.txt\"`")];
    };
    let Ok(text) = std::fs::read_to_string(documents_dir().join(doc)) else {
        return vec![format!("{name}: document {doc} not readable")];
    };
    let mut out = Vec::new();
    for kind in ["date", "figure", "name"] {
        let entries = table.get(kind).and_then(|v| v.as_array()).cloned();
        let Some(entries) = entries else {
            out.push(format!("{name}: no [[{kind}]] entries"));
            continue;
        };
        for (i, entry) in entries.iter().enumerate() {
            let Some(t) = entry.get("text").and_then(|t| t.as_str()) else {
                out.push(format!("{name}: {kind} #{}: no text", i + 1));
                continue;
            };
            let mut spellings = vec![t.to_string()];
            if let Some(aliases) = entry.get("aliases").and_then(|a| a.as_array()) {
                spellings.extend(aliases.iter().filter_map(|a| a.as_str()).map(String::from));
            }
            for s in spellings {
                if !text.contains(&s) {
                    out.push(format!("{name}: {kind} #{}: {s:?} not in {doc}", i + 1));
                }
            }
            let ok = match kind {
                "date" => {
                    entry.get("value").is_some_and(|v| v.is_str())
                        || (entry.get("start").is_some_and(|v| v.is_str())
                            && entry.get("end").is_some_and(|v| v.is_str()))
                }
                "figure" => {
                    entry
                        .get("value")
                        .is_some_and(|v| v.is_integer() || v.is_float())
                        && entry.get("unit").is_some_and(|v| v.is_str())
                }
                _ => entry.get("type").is_some_and(|v| v.is_str()),
            };
            if !ok {
                out.push(format!(
                    "{name}: {kind} #{} ({t:?}): missing value/start+end, unit or type",
                    i + 1
                ));
            }
        }
    }
    out
}

#[test]
fn gold_files_name_only_texts_of_their_documents() {
    let files = files_ending(".gold.toml");
    assert!(!files.is_empty(), "no gold files in bench/documents");
    let all: Vec<String> = files.iter().flat_map(|f| problems(f)).collect();
    assert!(all.is_empty(), "gold file problems:\n{}", all.join("\n"));
}

/// The properties a gold claim may have (bench/documents/README.md).
const CLAIM_PROPERTIES: &[&str] = &[
    "date",
    "startDate",
    "endDate",
    "place",
    "agent",
    "participant",
    "affected",
    "killed",
    "wounded",
    "displaced",
    "refugees",
    "troops",
    "durationDays",
    "durationYears",
    "percent",
    "population",
    "areaKm2",
    "distanceKm",
    "amount",
    "count",
    "role",
    "memberOf",
    "locatedIn",
    "capital",
];

/// Every problem of one gold claims file: a quote not in its document, a property not in the
/// format, a claim without subject or value.
fn claim_problems(path: &Path) -> Vec<String> {
    let name = path.display().to_string();
    let source = std::fs::read_to_string(path).expect("claims file readable");
    let table: toml::Table = match toml::from_str(&source) {
        Ok(t) => t,
        Err(e) => return vec![format!("{name}: not TOML: {e}")],
    };
    let doc = table.get("document").and_then(|d| d.as_str()).unwrap_or("");
    let Ok(text) = std::fs::read_to_string(documents_dir().join(doc)) else {
        return vec![format!("{name}: document {doc:?} not readable")];
    };
    let claims = table.get("claim").and_then(|c| c.as_array()).cloned();
    let Some(claims) = claims.filter(|c| !c.is_empty()) else {
        return vec![format!("{name}: no [[claim]] entries")];
    };
    let mut out = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let field = |key: &str| claim.get(key).and_then(|v| v.as_str());
        match field("quote") {
            Some(quote) if text.contains(quote) => {}
            Some(quote) => out.push(format!("{name}: claim #{}: {quote:?} not in {doc}", i + 1)),
            None => out.push(format!("{name}: claim #{}: no quote", i + 1)),
        }
        if !field("property").is_some_and(|p| CLAIM_PROPERTIES.contains(&p)) {
            out.push(format!(
                "{name}: claim #{}: property not in the format",
                i + 1
            ));
        }
        if field("subject").is_none() || claim.get("value").is_none() {
            out.push(format!("{name}: claim #{}: no subject or value", i + 1));
        }
    }
    out
}

#[test]
fn gold_claims_quote_their_documents() {
    let files = files_ending(".claims.toml");
    assert!(!files.is_empty(), "no gold claims in bench/documents");
    let all: Vec<String> = files.iter().flat_map(|f| claim_problems(f)).collect();
    assert!(all.is_empty(), "gold claims problems:\n{}", all.join("\n"));
    // A quote that is not in the document is found.
    let dir = std::env::temp_dir().join(format!("fg-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let broken = dir.join("x.claims.toml");
    let source = std::fs::read_to_string(&files[0]).expect("read");
    let document = source
        .lines()
        .find_map(|l| l.strip_prefix("document = "))
        .expect("a document line")
        .trim_matches('"')
        .to_string();
    let source = source
        .replacen("quote = \"", "quote = \"Not in the text: ", 1)
        .replace(
            &format!("document = \"{document}\""),
            &format!(
                "document = {:?}",
                documents_dir().join(&document).display().to_string()
            ),
        );
    std::fs::write(&broken, source).expect("write");
    let found = claim_problems(&broken);
    assert!(
        found.iter().any(|p| p.contains("Not in the text")),
        "{found:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_gold_text_missing_from_its_document_is_reported() {
    let dir = std::env::temp_dir().join(format!("fg-gold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let gold = dir.join("x.gold.toml");
    std::fs::write(
        &gold,
        "document = \"../../../../nonexistent.txt\"\n[[date]]\ntext = \"1992\"\nvalue = \"1992\"\n",
    )
    .expect("write");
    assert!(!problems(&gold).is_empty());
    let real = documents_dir().join("tbilisi-dispatch.gold.toml");
    let source = std::fs::read_to_string(real)
        .expect("read")
        .replace("Nino Beridze", "Nino Berdize");
    std::fs::write(
        &gold,
        source.replace(
            "document = \"tbilisi-dispatch.txt\"",
            &format!(
                "document = {:?}",
                documents_dir()
                    .join("tbilisi-dispatch.txt")
                    .display()
                    .to_string()
            ),
        ),
    )
    .expect("write");
    let found = problems(&gold);
    assert!(found.iter().any(|p| p.contains("Berdize")), "{found:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
