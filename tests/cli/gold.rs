//! The gold files of bench/documents are well-formed, and every text they name (dates,
//! figures, names and their other spellings) occurs in the document they annotate, so a typo
//! in a gold file fails CI.

use std::path::{Path, PathBuf};

fn documents_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/documents")
}

fn gold_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(documents_dir())
        .expect("bench/documents exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.toml"))
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
    let files = gold_files();
    assert!(!files.is_empty(), "no gold files in bench/documents");
    let all: Vec<String> = files.iter().flat_map(|f| problems(f)).collect();
    assert!(all.is_empty(), "gold file problems:\n{}", all.join("\n"));
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
