//! A facts file of any content, checked against the real corpus, ontology and registry: no
//! panic, and every claim accepted has a quote that is where it says.
#![no_main]

use factgraph::corpus::{self, Corpus};
use factgraph::extraction::facts::{self, Context};
use factgraph::extraction::registry::{self, Registry};
use factgraph::inputs::{Inputs, SourceFile};
use factgraph::ontology::{self, Ontology};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FACTS: &str = "data/facts/003_898eee803d7ca7f3.toml";

fn project() -> &'static (Corpus, Ontology, Registry) {
    static PROJECT: OnceLock<(Corpus, Ontology, Registry)> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let inputs = Inputs::read(&root).expect("the project's inputs read");
        let ontology = ontology::load(&inputs.ontology).expect("the ontology loads");
        let (corpus, _) =
            corpus::load(&inputs.seed_metadata, inputs.seeds).expect("the corpus loads");
        let registry = registry::load(&inputs.entities, &ontology).expect("the registry loads");
        (corpus, ontology, registry)
    })
}

fuzz_target!(|text: &str| {
    let (corpus, ontology, registry) = project();
    let context = Context {
        corpus,
        ontology,
        registry,
    };
    let file = SourceFile {
        path: PathBuf::from(FACTS),
        text: text.to_string(),
    };
    if let Ok(claims) = facts::load(&[file], &context) {
        for claim in claims {
            let document = corpus
                .get(&claim.document)
                .expect("a claim names a known document");
            let found: String = document
                .text()
                .expect("the text is kept")
                .chars()
                .skip(claim.start)
                .take(claim.end - claim.start)
                .collect();
            assert_eq!(
                factgraph::extraction::quote::fold(&found),
                factgraph::extraction::quote::fold(&claim.quote)
            );
        }
    }
});
