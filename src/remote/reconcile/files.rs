//! Reconciliation against data files instead of an endpoint: the same names, classes, context
//! and scores, with each source's candidates judged on their own so that sources can be
//! weighed against each other (`evidence.rs`).
//!
//! A source is one file, or one folder whose data files are read together (a folder holds the
//! slices of one origin, so its files do not count as independent of each other).

use super::records::{self, Hierarchy, Record, Shape};
use super::{Candidate, NameMatch, Reconciled, Target, judge, score};
use crate::diagnostic::Refusal;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One source: a file, or a folder of files of one origin.
#[derive(Debug, Clone)]
pub struct Source {
    /// As the user named it.
    pub name: String,
    /// Each file, its shape, and whether it is gzipped.
    pub files: Vec<(PathBuf, Shape, bool)>,
}

/// What reading the sources gave: per target, per source, the judged candidates; and each
/// source's content digest (SHA-256 of its files' bytes, in order), for the record of a link.
#[derive(Debug)]
pub struct Found {
    pub reconciled: Vec<Vec<Reconciled>>,
    /// Per target, per source: the items whose classes the files did not let us check.
    pub unchecked: Vec<Vec<BTreeSet<String>>>,
    pub digests: Vec<String>,
}

/// The sources the user named: each file as it is, each folder's data files (by extension,
/// sorted; other files such as a README are passed over). A missing path, a folder without data
/// files or a file of no known shape is refused before anything is read.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let shape_of = |path: &Path| {
        Shape::of(path).ok_or_else(|| {
            anyhow::Error::new(Refusal::new(
                format!("{}: not a shape link --from reads", path.display()),
                format!(
                    "name a file ending in {}; see factgraph link --help",
                    records::EXTENSIONS
                ),
            ))
        })
    };
    let mut sources = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let metadata = std::fs::metadata(path).map_err(|err| {
            anyhow::Error::new(Refusal::new(
                format!("{name}: {err}"),
                "name a data file, or a folder of them",
            ))
        })?;
        let files = if metadata.is_dir() {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(path).with_context(|| format!("cannot read {name}"))? {
                let file = entry.with_context(|| format!("cannot read {name}"))?.path();
                if let Some((shape, gzip)) = Shape::of(&file).filter(|_| file.is_file()) {
                    files.push((file, shape, gzip));
                }
            }
            files.sort_by(|a, b| a.0.cmp(&b.0));
            if files.is_empty() {
                bail!(Refusal::new(
                    format!("{name}: the folder holds no data file"),
                    format!(
                        "a source folder holds files ending in {}",
                        records::EXTENSIONS
                    )
                ));
            }
            files
        } else {
            let (shape, gzip) = shape_of(path)?;
            vec![(path.clone(), shape, gzip)]
        };
        sources.push(Source { name, files });
    }
    // A file counted twice would confirm itself: `--from a.csv a.csv`, or a folder and a file
    // in it.
    let mut seen: HashMap<PathBuf, &str> = HashMap::new();
    for source in &sources {
        for (file, _, _) in &source.files {
            let real = std::fs::canonicalize(file).unwrap_or_else(|_| file.clone());
            if let Some(first) = seen.insert(real, &source.name) {
                bail!(Refusal::new(
                    format!(
                        "{} is named twice, in {first} and in {}",
                        file.display(),
                        source.name
                    ),
                    "name each file once: a source cannot confirm itself"
                ));
            }
        }
    }
    Ok(sources)
}

/// How our names and titles are looked up as records stream by.
struct Index {
    /// Normalized name → (target, whether the name is the target's label).
    names: HashMap<String, Vec<(usize, bool)>>,
    /// English Wikipedia title ([`records::title_key`]) → targets whose `dbpedia` it is.
    titles: HashMap<String, Vec<usize>>,
    /// The titles normalized as names are.
    sieve: HashSet<String>,
}

impl Index {
    fn new(targets: &[Target]) -> Index {
        let mut names: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        let mut titles: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, target) in targets.iter().enumerate() {
            let ours = std::iter::once((&target.label, true))
                .chain(target.aliases.iter().map(|a| (a, false)));
            for (name, is_label) in ours {
                let entry = names.entry(records::normalize(name)).or_default();
                if !entry.iter().any(|(t, _)| *t == index) {
                    entry.push((index, is_label));
                }
            }
            if let Some(title) = &target.dbpedia {
                titles
                    .entry(records::title_key(title))
                    .or_default()
                    .push(index);
            }
        }
        let sieve = titles.keys().map(|t| records::normalize(t)).collect();
        Index {
            names,
            titles,
            sieve,
        }
    }

    /// Whether a name or title, normalized, may be one of ours: a first sieve, for the RDF
    /// reader's first pass (titles are then compared exactly, but for their first letter).
    fn wants(&self, normalized: &str) -> bool {
        self.names.contains_key(normalized) || self.sieve.contains(normalized)
    }

    /// The targets a record may be, each with how it met them.
    fn matches(&self, record: &Record) -> Vec<(usize, NameMatch, String)> {
        let mut found: Vec<(usize, NameMatch, String)> = Vec::new();
        let mut offer = |target: usize, matched: NameMatch, name: &str| match found
            .iter_mut()
            .find(|(t, _, _)| *t == target)
        {
            Some(best) if best.1 >= matched => {}
            Some(best) => *best = (target, matched, name.to_string()),
            None => found.push((target, matched, name.to_string())),
        };
        let theirs = record
            .labels
            .iter()
            .map(|n| (n, true))
            .chain(record.aliases.iter().map(|n| (n, false)));
        for (name, theirs_is_label) in theirs {
            for &(target, ours_is_label) in self
                .names
                .get(&records::normalize(name))
                .into_iter()
                .flatten()
            {
                offer(target, NameMatch::of(ours_is_label, theirs_is_label), name);
            }
        }
        if let Some(title) = &record.wikipedia_title {
            for &target in self
                .titles
                .get(&records::title_key(title))
                .into_iter()
                .flatten()
            {
                offer(target, NameMatch::WikipediaTitle, title);
            }
        }
        found
    }
}

/// A record that met a target, as the target's candidate in one source.
struct Met {
    matched: NameMatch,
    name: String,
    record: Record,
}

/// Reads every source once and judges, per source, the candidates of every target. `aligned`
/// is every Wikidata class the ontology aligns a class to: a record whose classes reach one of
/// those but none of its target's is of another kind (a person named like a town) and is no
/// candidate. `progress` is told which file is being read and how many bytes of it so far.
pub fn reconcile(
    targets: &[Target],
    sources: &[Source],
    aligned: &BTreeSet<String>,
    progress: &dyn Fn(&Path, u64),
) -> Result<Found> {
    let index = Index::new(targets);
    let mut hierarchy = Hierarchy::default();
    let mut met: Vec<Vec<BTreeMap<String, Met>>> = Vec::with_capacity(sources.len());
    let mut digests = Vec::with_capacity(sources.len());
    for source in sources {
        let mut by_target: Vec<BTreeMap<String, Met>> =
            (0..targets.len()).map(|_| BTreeMap::new()).collect();
        let digest = Rc::new(RefCell::new(Sha256::new()));
        for (path, shape, gzip) in &source.files {
            let first_pass = RefCell::new(true);
            let open = || -> Result<Box<dyn Read + '_>> {
                let file =
                    crate::inputs::open_regular(path, "name a data file, or a folder of them")?;
                let hashing = first_pass.replace(false).then(|| Rc::clone(&digest));
                let reading = Reading {
                    inner: file,
                    path,
                    read: 0,
                    hashing,
                    progress,
                };
                // The digest and the progress count the file's own bytes, compressed or not.
                Ok(if *gzip {
                    let buffered = std::io::BufReader::with_capacity(1 << 16, reading);
                    Box::new(flate2::bufread::MultiGzDecoder::new(buffered))
                } else {
                    Box::new(reading)
                })
            };
            let mut on_record = |record: Record| {
                for (target, matched, name) in index.matches(&record) {
                    let candidates = &mut by_target[target];
                    let better = candidates
                        .get(&record.item)
                        .is_none_or(|m| m.matched < matched);
                    if better {
                        candidates.insert(
                            record.item.clone(),
                            Met {
                                matched,
                                name,
                                record: record.clone(),
                            },
                        );
                    }
                }
                ControlFlow::Continue(())
            };
            records::read(
                *shape,
                &open,
                &|n| index.wants(n),
                &mut hierarchy,
                &mut on_record,
            )
            .with_context(|| format!("reading {}", path.display()))?;
        }
        let digest = hex::encode(digest.take().finalize());
        // The same bytes under two names (a copy) are one source, not two that agree.
        if let Some(twin) = digests.iter().position(|d| *d == digest) {
            bail!(Refusal::new(
                format!(
                    "{} holds the same bytes as {}",
                    source.name, sources[twin].name
                ),
                "name each source once: a copy cannot confirm its original"
            ));
        }
        digests.push(digest);
        met.push(by_target);
    }

    let mut reconciled = vec![Vec::with_capacity(sources.len()); targets.len()];
    let mut unchecked = vec![Vec::with_capacity(sources.len()); targets.len()];
    for by_target in met {
        for (t, candidates) in by_target.into_iter().enumerate() {
            let target = &targets[t];
            let wanted: BTreeSet<&str> = target.classes.iter().map(String::as_str).collect();
            let mut kept = Vec::new();
            let mut not_checked = BTreeSet::new();
            for (item, met) in candidates {
                match type_fit(&met.record.classes, &wanted, aligned, &hierarchy) {
                    TypeFit::Conflicts => continue,
                    TypeFit::Unchecked => {
                        not_checked.insert(item.clone());
                    }
                    TypeFit::Fits => {}
                }
                kept.push(candidate(target, item, met));
            }
            kept.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
            reconciled[t].push(judge(kept, true));
            unchecked[t].push(not_checked);
        }
    }
    Ok(Found {
        reconciled,
        unchecked,
        digests,
    })
}

fn candidate(target: &Target, item: String, met: Met) -> Candidate {
    let shared_context: Vec<String> = target
        .context
        .iter()
        .filter(|(q, _)| met.record.related.contains(q))
        .map(|(_, slug)| slug.clone())
        .collect();
    Candidate {
        score: score(met.matched, !shared_context.is_empty()),
        item,
        label: met.record.labels.first().cloned(),
        description: None,
        name: met.name,
        matched: met.matched,
        shared_context,
        wikipedia_title: met.record.wikipedia_title,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum TypeFit {
    /// A class of the record is, or is a subclass of, one of the target's.
    Fits,
    /// The record's classes reach classes aligned to other kinds only.
    Conflicts,
    /// The record gives no class, or none the files' subclass statements connect to ours.
    Unchecked,
}

fn type_fit(
    classes: &[String],
    wanted: &BTreeSet<&str>,
    aligned: &BTreeSet<String>,
    hierarchy: &Hierarchy,
) -> TypeFit {
    let mut other_kind = false;
    for class in classes {
        let reached = hierarchy.ancestors_and_self(class);
        if reached.iter().any(|c| wanted.contains(c.as_str())) {
            return TypeFit::Fits;
        }
        other_kind |= reached.iter().any(|c| aligned.contains(c));
    }
    if other_kind {
        TypeFit::Conflicts
    } else {
        TypeFit::Unchecked
    }
}

/// A file as it is read: counts its bytes for the progress line, and on the first of its reads
/// feeds them to the source's digest.
struct Reading<'a> {
    inner: std::fs::File,
    path: &'a Path,
    read: u64,
    hashing: Option<Rc<RefCell<Sha256>>>,
    progress: &'a dyn Fn(&Path, u64),
}

impl Read for Reading<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buffer)?;
        if let Some(digest) = &self.hashing {
            digest.borrow_mut().update(&buffer[..n]);
        }
        let before = self.read;
        self.read += n as u64;
        if before >> 22 != self.read >> 22 || before == 0 {
            (self.progress)(self.path, self.read);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
