//! factgraph: documents → attributed claims → an embedded RDF store → SPARQL and exports.
//!
//! The crate is a pipeline; each module owns one stage and its types, and data flows one way
//! (`tests/tidy.rs` fails on an import that goes back up):
//!
//! ```text
//! inputs (reads the project's files) → corpus (documents, metadata) → ontology
//!     → extraction (registry, facts, mentions, rules) → graph (quads) → validation (shapes,
//!     quotes) → store (snapshot) ← build (runs the stages above)
//! store → remote (other SPARQL stores) → query → export → serve (HTTP) → app (the commands)
//! ```
//!
//! Leaves every stage may use: vocab (namespaces, IRIs), files (atomic writes, listings),
//! diagnostic (errors at file:line:column), temporal (partial dates), parallel (ordered work
//! on threads), interrupt (temporaries deleted on a signal), allocator (memory given back);
//! and, for tests only, testing (waiting on a condition).
//!
//! A module is public only when the binary, the tests, the benches or the fuzz targets use it.
//! See `ARCHITECTURE.md` for the invariants each stage keeps.

mod allocator;
pub mod app;
pub mod build;
pub mod corpus;
pub mod diagnostic;
mod export;
pub mod extraction;
mod files;
mod graph;
pub mod inputs;
pub mod interrupt;
pub mod ontology;
mod parallel;
mod query;
mod remote;
pub mod serve;
pub mod store;
pub mod temporal;
#[cfg(test)]
mod testing;
mod validation;
mod vocab;
