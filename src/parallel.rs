//! Work over many documents on all cores, with results in the documents' order, so that
//! parallel runs give the same output as sequential ones.

use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// The threads to use when the user did not say: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every item on up to `jobs` threads, one item per thread at a time, and hands
/// each result to `sink` in the order of `items`. Early results wait for their turn, and no
/// thread starts an item more than [`AHEAD`] per thread past the one `sink` waits for, so memory
/// holds a few results at once even while one long item holds up the others; an error from
/// `sink` stops the work.
pub fn for_each_ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(usize, R) -> Result<()>,
) -> Result<()> {
    let jobs = jobs.clamp(1, items.len().max(1));
    let window = jobs * AHEAD;
    let next = AtomicUsize::new(0);
    let turn = Turn::default();
    let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, R)>(jobs * 2);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next, work, turn) = (&next, &work, &turn);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if !turn.wait_until_within(index, window) {
                        break;
                    }
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Wakes the waiting threads however this ends, so that the scope can join them.
        let _release = Release(&turn);
        let mut waiting = BTreeMap::new();
        let mut next_turn = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next_turn) {
                sink(next_turn, result)?;
                next_turn += 1;
                turn.advance_to(next_turn);
            }
        }
        Ok(())
    })
}

/// How many items per thread may be started past the one whose result is awaited.
const AHEAD: usize = 4;

/// The index of the result the sink waits for, which the threads may not run too far ahead of;
/// `None` once the sink has stopped.
struct Turn {
    awaited: Mutex<Option<usize>>,
    moved: Condvar,
}

impl Default for Turn {
    fn default() -> Self {
        Self {
            awaited: Mutex::new(Some(0)),
            moved: Condvar::new(),
        }
    }
}

impl Turn {
    /// Blocks until `index` is within `window` of the awaited result; false if the sink stopped.
    fn wait_until_within(&self, index: usize, window: usize) -> bool {
        let mut awaited = self.awaited.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match *awaited {
                None => return false,
                Some(turn) if index < turn + window => return true,
                Some(_) => awaited = self.moved.wait(awaited).unwrap_or_else(|e| e.into_inner()),
            }
        }
    }

    fn advance_to(&self, turn: usize) {
        *self.awaited.lock().unwrap_or_else(|e| e.into_inner()) = Some(turn);
        self.moved.notify_all();
    }

    fn stop(&self) {
        *self.awaited.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.moved.notify_all();
    }
}

struct Release<'a>(&'a Turn);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        // Later items finish first: item i sleeps (200 - i) microseconds. Not a wait: the
        // items' lengths, which scramble the order they end in.
        let slow_first = |&i: &u64| {
            std::thread::sleep(std::time::Duration::from_micros(200 - i));
            vec![i, i]
        };
        for jobs in [1, 2, 7] {
            let mut seen = Vec::new();
            for_each_ordered(&items, jobs, slow_first, |index, r| {
                seen.push((index, r));
                Ok(())
            })
            .unwrap();
            let expected: Vec<_> = items.iter().map(|&i| (i as usize, vec![i, i])).collect();
            assert_eq!(seen, expected, "jobs {jobs}");
        }
    }

    #[test]
    fn an_error_from_the_sink_stops_the_work() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let result = for_each_ordered(
            &items,
            2,
            |_| done.fetch_add(1, Ordering::Relaxed),
            |index, _| {
                anyhow::ensure!(index < 3, "stop at {index}");
                Ok(())
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "stop at 3");
        assert!(done.load(Ordering::Relaxed) < items.len());
    }

    /// A long first item must not let the other threads run through the rest: their results
    /// would all wait in memory for it.
    #[test]
    fn threads_run_at_most_a_window_ahead_of_a_long_item() {
        let items: Vec<usize> = (0..1_000).collect();
        let first_done = std::sync::atomic::AtomicBool::new(false);
        let started_meanwhile = AtomicUsize::new(0);
        let jobs = 2;
        for_each_ordered(
            &items,
            jobs,
            |&i| {
                if i == 0 {
                    // The other thread has started (however long it took to), and then the
                    // first item stays long: room for it to run far ahead were it not held.
                    let other_started =
                        crate::testing::wait_until(std::time::Duration::from_secs(10), || {
                            started_meanwhile.load(Ordering::SeqCst) > 0
                        });
                    assert!(other_started, "the other thread did not work at all");
                    // Not a wait: the length of the long item, the behaviour under test.
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    first_done.store(true, Ordering::SeqCst);
                } else if !first_done.load(Ordering::SeqCst) {
                    started_meanwhile.fetch_add(1, Ordering::SeqCst);
                }
                i
            },
            |_, _| Ok(()),
        )
        .unwrap();
        let meanwhile = started_meanwhile.load(Ordering::SeqCst);
        assert!(
            meanwhile < jobs * AHEAD,
            "{meanwhile} items started during the first"
        );
        assert!(meanwhile > 0, "the other thread did not work at all");
    }
}
