//! factgraph: documents → attributed claims → an embedded RDF store → SPARQL and exports.
//!
//! The crate is a pipeline; each module owns one stage and its types, and data flows one way:
//!
//! ```text
//! inputs (reads files) → corpus → extraction (registry, facts, mentions) → graph (quads)
//!     → store (snapshot) → query / export / stats
//! ```
//!
//! See `ARCHITECTURE.md` for the invariants each stage keeps.

pub mod allocator;
pub mod app;
pub mod build;
pub mod cli;
pub mod corpus;
pub mod diagnostic;
pub mod export;
pub mod extraction;
pub mod graph;
pub mod inputs;
pub mod interrupt;
pub mod ontology;
pub mod parallel;
pub mod query;
pub mod remote;
pub mod serve;
pub mod store;
pub mod temporal;
#[cfg(test)]
mod testing;
pub mod validation;
