//! Finding mentions: factgraph's word-by-word finder against Aho-Corasick automata over the same
//! names, side by side in one run. Why the finder is not an automaton: see `mentions.rs`.
//!
//! The automata only search a lowercased copy of the text (leftmost-longest); the finder also
//! checks word boundaries and case rules, folds line breaks, and maps nothing back. So the
//! automaton times are a lower bound for a finder built on them.
//!
//! Run: `cargo bench --bench mentions [-- MiB]` (default 10) from the repository root. The corpus
//! is `bench/synth_corpus.py`'s, cached in `target/bench-corpus/` by `bench/extract.py`, or
//! generated here when missing.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Input, MatchKind, dfa, nfa};
use factgraph::extraction::mentions::MentionFinder;
use factgraph::extraction::registry;
use factgraph::inputs::Inputs;
use factgraph::ontology;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let mib: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = corpus(root, mib);
    let inputs = Inputs::read(root).expect("the project's inputs");
    let ontology = ontology::load(&inputs.ontology).expect("the ontology");
    let registry = registry::load(&inputs.entities, &ontology).expect("the registry");
    let names: Vec<String> = registry
        .entities
        .iter()
        .flat_map(|e| e.names())
        .filter(|n| n.chars().count() >= 2)
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let lowercase = text.to_ascii_lowercase();

    let finder = MentionFinder::new(&registry);
    let dfa = dfa::DFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .prefilter(false)
        .build(&names)
        .expect("names are plain strings");
    let contiguous = nfa::contiguous::NFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .prefilter(false)
        .build(&names)
        .expect("names are plain strings");

    println!(
        "{} names, {:.1} MiB of text; median of {RUNS} runs\n",
        names.len(),
        text.len() as f64 / 1048576.0
    );
    println!("| method | median s | MiB/s | found |\n|---|---:|---:|---:|");
    let report = |method: &str, (seconds, found): (f64, usize)| {
        let speed = text.len() as f64 / 1048576.0 / seconds;
        println!("| {method} | {seconds:.3} | {speed:.0} | {found} |");
    };
    report(
        "factgraph word finder (boundaries, case, folding)",
        median(|| finder.find_spans(&text, None, |_| {}).len()),
    );
    report(
        "Aho-Corasick DFA, search only",
        median(|| count(&dfa, &lowercase)),
    );
    report(
        "Aho-Corasick contiguous NFA, search only",
        median(|| count(&contiguous, &lowercase)),
    );
}

fn count(automaton: &impl Automaton, text: &str) -> usize {
    automaton
        .try_find_iter(Input::new(text))
        .expect("unanchored search")
        .count()
}

/// The median time of `RUNS` runs of `f`, and what it returned.
fn median(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times: Vec<Duration> = Vec::new();
    let mut found = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        found = std::hint::black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    (times[RUNS / 2].as_secs_f64(), found)
}

/// The synthetic corpus of `mib` MiB as one text.
fn corpus(root: &Path, mib: usize) -> String {
    let folder = root.join(format!("target/bench-corpus/{mib}mb-seed1"));
    if !folder.is_dir() {
        let status = Command::new("python3")
            .arg(root.join("bench/synth_corpus.py"))
            .args(["--megabytes", &mib.to_string(), "--seed", "1", "--out"])
            .arg(&folder)
            .status()
            .expect("python3 runs bench/synth_corpus.py");
        assert!(status.success(), "bench/synth_corpus.py failed");
    }
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the corpus folder")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a UTF-8 document"))
        .collect::<Vec<_>>()
        .join("\n\n")
}
