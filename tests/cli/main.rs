//! Integration tests: the real binary on a private copy of the real corpus.
//!
//! One test binary (as ripgrep does), grouped by topic: the pipeline's results, and what bad
//! input gets.

mod asking;
mod bad_input;
mod common;
mod coverage;
mod disputes;
mod expressions;
mod extract;
mod federation;
mod gold;
mod hardening_concurrency;
mod hardening_http;
mod hardening_inputs;
mod hardening_nesting;
mod hardening_remote;
mod link_files;
mod links;
mod malformed;
mod marked;
mod names;
mod pages;
mod pipeline;
mod project;
mod push;
mod reconcile;
mod reliability;
mod security;
mod served;
mod terminal;
mod virtuoso;
