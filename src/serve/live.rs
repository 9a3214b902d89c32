//! The store a server answers from, replaced when a build writes a new snapshot.
//!
//! A build renames its new snapshot into place, so the file at the snapshot path is always a
//! whole dataset; a new inode (or size or time) there means a new one. The watcher loads it
//! beside the current store and swaps them in one step: a request already running keeps the
//! store it started with, and every later request sees the new one. A snapshot that fails to
//! load is reported and the current store stays.

use crate::store::StoreDir;
use oxigraph::store::Store;
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

pub(super) struct LiveStore {
    /// The store, and its generation (`StoreDir::generation`) when it came from a store folder.
    current: RwLock<(Store, Option<String>)>,
}

impl LiveStore {
    pub fn fixed(store: Store) -> Arc<Self> {
        Arc::new(Self {
            current: RwLock::new((store, None)),
        })
    }

    /// `store`, loaded from `directory` when it was at `generation`, replaced whenever the
    /// snapshot there changes. The watching thread ends with the last reference to the
    /// returned store.
    pub fn watched(
        store: Store,
        generation: Option<String>,
        directory: StoreDir,
        interval: Duration,
        quiet: bool,
    ) -> Arc<Self> {
        let live = Arc::new(Self {
            current: RwLock::new((store, generation.clone())),
        });
        let mut seen = generation;
        let weak: Weak<Self> = Arc::downgrade(&live);
        std::thread::Builder::new()
            .name("factgraph-store-watcher".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(interval);
                    let Some(live) = weak.upgrade() else { return };
                    let now = directory.generation();
                    if now.is_none() || now == seen {
                        continue;
                    }
                    seen = now.clone();
                    match directory.load() {
                        Ok(store) => {
                            let quads = store.len().unwrap_or(0);
                            let previous = std::mem::replace(
                                &mut *live.current.write().unwrap_or_else(|e| e.into_inner()),
                                (store, now),
                            );
                            // Freeing a store takes as long as its millions of allocations:
                            // done here, after the lock is released, requests need not wait
                            // for it. The previous store goes once the last running request
                            // that holds it ends.
                            drop(previous);
                            // Its pages would otherwise stay with the process (`allocator`).
                            crate::allocator::give_back_free_pages();
                            if !quiet {
                                eprintln!("factgraph serve: loaded the new store ({quads} quads)");
                            }
                        }
                        Err(error) => eprintln!(
                            "factgraph serve: the new snapshot did not load, still serving the previous store: {error:#}"
                        ),
                    }
                }
            })
            .expect("the OS starts the store watcher thread");
        live
    }

    /// The store as of now; cheap (oxigraph's `Store` is a shared handle).
    pub fn current(&self) -> Store {
        self.read().0.clone()
    }

    /// The store as of now with its generation (`None` when it came from no store folder).
    pub fn current_with_generation(&self) -> (Store, Option<String>) {
        self.read().clone()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, (Store, Option<String>)> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }
}
