//! Waiting in tests: on a condition, with a deadline, never for a fixed time, so that no test
//! depends on how fast the machine is. The integration tests include this same file (through
//! `#[path]` in `tests/cli/common.rs`): there is one way to wait.

use std::time::{Duration, Instant};

/// Polls `condition` until it holds or `limit` has passed, and says whether it held. The limit
/// only bounds a failing test; a passing one waits as long as the condition takes.
pub fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        // The polling interval: how soon a met condition is seen, not a wait for an event.
        std::thread::sleep(Duration::from_millis(1));
    }
}
