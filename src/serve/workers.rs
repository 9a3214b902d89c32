//! Queries run on a set of worker threads, and the connection waits for the answer only until
//! the query's deadline.
//!
//! Why not run the query on the connection's own thread: oxigraph checks a query's cancellation
//! token only when it reads the store, so a query that computes over rows it already holds (a
//! cross product of `VALUES`, a sort of a big join) runs on after its timeout, and no thread can
//! be stopped from outside. Waiting on a channel with a deadline answers the client with 503 on
//! time whatever the query does; the worker stops at the query's next store read, or when the
//! computation ends.
//!
//! A worker whose query is late is replaced at once, so late queries do not starve the others:
//! the OS shares the cores between them, and a small query is still answered in milliseconds.
//! At most `MAX_LATE` late queries may run at a time; past that, new queries are refused with
//! 503 until one of them ends, so the threads they hold are bounded.

use std::collections::HashMap;
use std::net::IpAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Instant;

/// How many late queries may run on at once.
pub(super) const MAX_LATE: usize = 16;
/// How many queries one client address may have running at once, late ones included, so that
/// one client can take at most half the late slots and never have every other client refused.
/// Counted from the start, not from the deadline: a burst of slow queries sent at once would
/// all start before any of them is late.
pub(super) const MAX_RUNNING_PER_CLIENT: usize = MAX_LATE / 2;

/// The stack of a query worker (reserved address space, used only as deep as a query goes).
const QUERY_STACK_BYTES: usize = 64 << 20;

/// A job returns whether its worker thread should go on taking jobs.
type Job = Box<dyn FnOnce() -> bool + Send>;

pub(super) struct Workers {
    jobs: mpsc::Sender<Job>,
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Receiver<Job>>,
    late: AtomicUsize,
    /// Running queries (late ones included) by client address.
    running_by_client: Mutex<HashMap<IpAddr, usize>>,
    spawned: AtomicUsize,
}

/// Why a job has no answer.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unanswered {
    /// The deadline passed first; the job may still be running.
    Late,
    /// Too many late jobs are still running: this one was not started.
    Busy,
    /// Too many jobs of this client are still running: this one was not started.
    ClientBusy,
    /// The job panicked.
    Crashed,
}

/// Where a job stands, as its caller and its worker see it.
const RUNNING: u8 = 0;
/// The caller gave up and started a worker in its place: this one ends with the job.
const LATE: u8 = 1;
const DONE: u8 = 2;

impl Workers {
    pub fn start(count: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let shared = Arc::new(Shared {
            queue: Mutex::new(queue),
            late: AtomicUsize::new(0),
            running_by_client: Mutex::new(HashMap::new()),
            spawned: AtomicUsize::new(0),
        });
        for _ in 0..count.max(1) {
            spawn_worker(&shared);
        }
        Self { jobs, shared }
    }

    /// Runs `job` for `client` (when known) on a worker and waits for its answer until
    /// `deadline`.
    pub fn run<T: Send + 'static>(
        &self,
        client: Option<IpAddr>,
        deadline: Instant,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Unanswered> {
        if self.shared.late.load(Ordering::SeqCst) >= MAX_LATE {
            return Err(Unanswered::Busy);
        }
        if let Some(client) = client
            && !self.shared.start_for(client)
        {
            return Err(Unanswered::ClientBusy);
        }
        let (answer, answered) = mpsc::sync_channel(1);
        let state = Arc::new(AtomicU8::new(RUNNING));
        let job_state = Arc::clone(&state);
        let shared = Arc::clone(&self.shared);
        let job: Job = Box::new(move || {
            // A panicking job drops its answer channel: its caller sees `Crashed`. The caller
            // may also have stopped waiting: then nobody wants the answer.
            if let Ok(value) = catch_unwind(AssertUnwindSafe(job)) {
                let _ = answer.send(value);
            }
            let was_late = job_state.swap(DONE, Ordering::SeqCst) == LATE;
            if was_late {
                shared.late.fetch_sub(1, Ordering::SeqCst);
            }
            if let Some(client) = client {
                shared.end_for(client);
            }
            !was_late
        });
        if self.jobs.send(job).is_err() {
            if let Some(client) = client {
                self.shared.end_for(client);
            }
            return Err(Unanswered::Crashed);
        }
        match answered.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(value) => Ok(value),
            Err(RecvTimeoutError::Disconnected) => Err(Unanswered::Crashed),
            Err(RecvTimeoutError::Timeout) => {
                // A job still waiting in line counts as late too: it will start, find nobody
                // waiting, and its query will stop at its first store read.
                self.shared.late.fetch_add(1, Ordering::SeqCst);
                match state.compare_exchange(RUNNING, LATE, Ordering::SeqCst, Ordering::SeqCst) {
                    Ok(_) => spawn_worker(&self.shared),
                    // It finished just now: nothing is late after all.
                    Err(_) => {
                        self.shared.late.fetch_sub(1, Ordering::SeqCst);
                    }
                }
                Err(Unanswered::Late)
            }
        }
    }

    /// How many late queries are still running.
    #[cfg(test)]
    fn late(&self) -> usize {
        self.shared.late.load(Ordering::SeqCst)
    }
}

impl Shared {
    /// Counts one more running job of `client`, unless it has as many as it may.
    fn start_for(&self, client: IpAddr) -> bool {
        let Ok(mut running) = self.running_by_client.lock() else {
            return true;
        };
        let count = running.entry(client).or_insert(0);
        if *count >= MAX_RUNNING_PER_CLIENT {
            return false;
        }
        *count += 1;
        true
    }

    /// Counts one fewer running job of `client`.
    fn end_for(&self, client: IpAddr) {
        if let Ok(mut running) = self.running_by_client.lock()
            && let Some(count) = running.get_mut(&client)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                running.remove(&client);
            }
        }
    }
}

/// The address a request came from, put on the request by the connection layer
/// (`connections`), so that late queries can be counted per client.
#[derive(Debug, Clone, Copy)]
pub(super) struct ClientAddress(pub IpAddr);

fn spawn_worker(shared: &Arc<Shared>) {
    let shared = Arc::clone(shared);
    let index = shared.spawned.fetch_add(1, Ordering::Relaxed);
    thread::Builder::new()
        .name(format!("factgraph-query-{index}"))
        // Parsing, planning and evaluation recurse over the query; the text limits
        // (`query::limits`) keep that depth small, and this stack keeps it far from overflow.
        .stack_size(QUERY_STACK_BYTES)
        .spawn(move || {
            loop {
                // The lock is held only while waiting for a job, not while running it.
                let job = match shared.queue.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                let keep_going = job.is_ok_and(|job| job());
                if !keep_going {
                    return;
                }
            }
        })
        .expect("the OS starts a query worker thread");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::wait_until;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    /// A job that runs until its sender is dropped, and says when it has ended: the test, not
    /// the clock, decides when a slow job ends.
    fn held() -> (
        mpsc::Sender<()>,
        Arc<AtomicBool>,
        impl FnOnce() + Send + 'static,
    ) {
        let (release, released) = mpsc::channel::<()>();
        let ended = Arc::new(AtomicBool::new(false));
        let job_ended = Arc::clone(&ended);
        let job = move || {
            let _ = released.recv();
            job_ended.store(true, Ordering::SeqCst);
        };
        (release, ended, job)
    }

    /// Long enough for a test that fails to show it, never waited for by one that passes.
    const LIMIT: Duration = Duration::from_secs(10);

    #[test]
    fn answers_in_time_and_gives_up_at_the_deadline() {
        let workers = Workers::start(1);
        assert_eq!(workers.run(None, soon(), || 6 * 7), Ok(42));
        let (release, ended, job) = held();
        let started = Instant::now();
        let late = workers.run(None, started + Duration::from_millis(50), job);
        assert_eq!(late, Err(Unanswered::Late));
        // Given up at the deadline, not before it, and not by waiting for the job to end.
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert!(!ended.load(Ordering::SeqCst));
        assert_eq!(workers.late(), 1);
        // The late job's worker was replaced: the only worker is busy, yet this is answered.
        assert_eq!(workers.run(None, soon(), || 1), Ok(1));
        drop(release);
        assert!(wait_until(LIMIT, || workers.late() == 0));
        assert!(ended.load(Ordering::SeqCst));
        assert_eq!(workers.run(None, soon(), || 2), Ok(2));
    }

    #[test]
    fn past_the_late_limit_new_jobs_are_refused_until_one_ends() {
        let workers = Workers::start(1);
        let mut releases = Vec::new();
        for _ in 0..MAX_LATE {
            let (release, _, job) = held();
            releases.push(release);
            let late = workers.run(None, Instant::now() + Duration::from_millis(20), job);
            assert_eq!(late, Err(Unanswered::Late));
        }
        assert_eq!(workers.run(None, soon(), || 1), Err(Unanswered::Busy));
        // Still refused while they all run.
        assert_eq!(workers.late(), MAX_LATE);
        drop(releases);
        assert!(wait_until(LIMIT, || workers.late() == 0));
        assert_eq!(workers.run(None, soon(), || 1), Ok(1));
    }

    #[test]
    fn one_client_cannot_take_every_late_slot() {
        let workers = Workers::start(1);
        let greedy = Some(IpAddr::from([127, 0, 0, 2]));
        let other = Some(IpAddr::from([127, 0, 0, 3]));
        let mut releases = Vec::new();
        for _ in 0..MAX_RUNNING_PER_CLIENT {
            let (release, _, job) = held();
            releases.push(release);
            let late = workers.run(greedy, Instant::now() + Duration::from_millis(20), job);
            assert_eq!(late, Err(Unanswered::Late));
        }
        assert_eq!(
            workers.run(greedy, soon(), || 1),
            Err(Unanswered::ClientBusy)
        );
        assert_eq!(workers.run(other, soon(), || 2), Ok(2));
        // Once its late jobs end, the client is served again.
        drop(releases);
        assert!(wait_until(LIMIT, || workers.run(greedy, soon(), || 3) == Ok(3)));
    }

    #[test]
    fn a_panicking_job_is_reported_and_the_worker_survives() {
        let workers = Workers::start(1);
        let crashed = workers.run(None, soon(), || -> u8 { panic!("a job that panics") });
        assert_eq!(crashed, Err(Unanswered::Crashed));
        assert_eq!(workers.run(None, soon(), || 7), Ok(7));
    }
}
