//! Work over many documents on all cores, with results in the documents' order, so that
//! parallel runs give the same output as sequential ones.

use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads to use when the user did not say: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every item on up to `jobs` threads, one item per thread at a time, and hands
/// each result to `sink` in the order of `items`. Early results wait for their turn, so memory
/// holds only a few results at once; an error from `sink` stops the work.
pub fn for_each_ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(usize, R) -> Result<()>,
) -> Result<()> {
    let jobs = jobs.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, R)>(jobs * 2);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut turn = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&turn) {
                sink(turn, result)?;
                turn += 1;
            }
        }
        Ok(())
    })
}

/// `work` applied to every item on all cores, concatenated in the order of `items`.
pub fn flat_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> Vec<R> + Sync) -> Vec<R> {
    let mut all = Vec::new();
    for_each_ordered(items, default_jobs(), work, |_, results| {
        all.extend(results);
        Ok(())
    })
    .expect("collecting results cannot fail");
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        // Later items finish first: item i sleeps (200 - i) microseconds.
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
        let flat = flat_map(&items, |&i| vec![i; 2]);
        assert_eq!(flat.len(), 400);
        assert!(flat.windows(2).all(|w| w[0] <= w[1]));
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
}
