//! One HTTP exchange bounded as a whole: connecting, sending, the status and headers, and every
//! byte of the body arrive before one deadline, or the caller gets a `TimedOut` error at it.
//!
//! oxhttp's timeout bounds each read and write on its own, so an endpoint that sends a byte a
//! second never trips it. The exchange therefore runs on a thread of its own, which passes the
//! answer's head, then its body a chunk at a time, over a bounded channel; the caller waits for
//! each with the time left until the deadline and gives up at the deadline, whatever the thread
//! is doing. The thread stops at its next read past the deadline or its next send to a caller
//! that is gone, so it does not run on with the connection.

use oxhttp::model::response::Parts;
use oxhttp::model::{Body, Response};
use std::io::{self, ErrorKind, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};

/// Bytes per message from the exchange's thread.
const CHUNK: usize = 64 * 1024;
/// Messages the thread may read ahead of the caller (1 MiB of body).
const AHEAD: usize = 16;

enum Message {
    Head(Parts),
    Chunk(Vec<u8>),
    End,
    Failed(io::Error),
}

/// Runs `exchange` (which sends a request and returns the answer with its body unread) and
/// returns its answer, whose body reads fail with `TimedOut` once `timeout` has passed since
/// this call. The error's text is `late`: the whole message, since a body is read by parsers
/// whose errors go as they are to the user.
pub fn within(
    timeout: Duration,
    late: String,
    exchange: impl FnOnce() -> io::Result<Response<Body>> + Send + 'static,
) -> io::Result<Response<Body>> {
    // A timeout too large for the clock is no deadline at all.
    let deadline = Instant::now().checked_add(timeout);
    let (sender, receiver) = sync_channel(AHEAD);
    std::thread::Builder::new()
        .name("factgraph-http".into())
        .spawn(move || relay(exchange, deadline, &sender))?;
    let mut answer = Answer {
        receiver,
        deadline,
        late,
        chunk: Vec::new(),
        read: 0,
        ended: false,
    };
    match answer.next()? {
        Message::Head(parts) => Ok(Response::from_parts(parts, Body::from_read(answer))),
        Message::Failed(error) => Err(error),
        Message::Chunk(_) | Message::End => Err(io::Error::other("an answer without its head")),
    }
}

fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() >= d)
}

/// The exchange's thread: the answer's head, then its body, to `sender`.
fn relay(
    exchange: impl FnOnce() -> io::Result<Response<Body>>,
    deadline: Option<Instant>,
    sender: &SyncSender<Message>,
) {
    let (head, mut body) = match exchange() {
        Ok(response) => response.into_parts(),
        Err(error) => {
            let _ = sender.send(Message::Failed(error));
            return;
        }
    };
    if sender.send(Message::Head(head)).is_err() {
        return;
    }
    let mut buffer = vec![0; CHUNK];
    // Past the deadline the caller has given up (or will at its next wait): stop reading.
    while !past(deadline) {
        let message = match body.read(&mut buffer) {
            Ok(0) => Message::End,
            Ok(n) => Message::Chunk(buffer[..n].to_vec()),
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(error) => Message::Failed(error),
        };
        let last = !matches!(message, Message::Chunk(_));
        if sender.send(message).is_err() || last {
            return;
        }
    }
}

/// The caller's side: an answer's body as the thread passes it on, until the deadline.
struct Answer {
    receiver: Receiver<Message>,
    deadline: Option<Instant>,
    late: String,
    chunk: Vec<u8>,
    read: usize,
    ended: bool,
}

impl Answer {
    fn next(&mut self) -> io::Result<Message> {
        let received = match self.deadline {
            None => self
                .receiver
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => self
                .receiver
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(message) => Ok(message),
            // The thread only goes without a last message when it saw the deadline pass.
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                Err(io::Error::new(ErrorKind::TimedOut, self.late.clone()))
            }
        }
    }
}

impl Read for Answer {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        while self.read == self.chunk.len() {
            if self.ended {
                return Ok(0);
            }
            match self.next()? {
                Message::Chunk(chunk) => {
                    self.chunk = chunk;
                    self.read = 0;
                }
                Message::End => self.ended = true,
                Message::Failed(error) => return Err(error),
                Message::Head(_) => return Err(io::Error::other("a second head in one answer")),
            }
        }
        let n = buffer.len().min(self.chunk.len() - self.read);
        buffer[..n].copy_from_slice(&self.chunk[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body that gives one byte per read, forever, each after `pause`.
    struct Trickle(Duration);

    impl Read for Trickle {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            // Not a wait: the pace of a slow body, the behaviour under test.
            std::thread::sleep(self.0);
            buffer[0] = b' ';
            Ok(1)
        }
    }

    #[test]
    fn a_body_that_never_ends_is_cut_at_the_deadline() {
        let started = Instant::now();
        let response = within(Duration::from_millis(300), "late".into(), || {
            Ok(Response::new(Body::from_read(Trickle(
                Duration::from_millis(20),
            ))))
        })
        .unwrap();
        let mut body = Vec::new();
        let error = response.into_body().read_to_end(&mut body).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TimedOut, "{error}");
        assert!(!body.is_empty());
        // Not a bound on speed: without the deadline the read never ends.
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[test]
    fn a_head_that_never_comes_is_cut_at_the_deadline() {
        let error = within(Duration::from_millis(200), "late".into(), || {
            // Not a wait: a head that never comes (the deadline ends the test long before).
            std::thread::sleep(Duration::from_secs(3600));
            Ok(Response::new(Body::empty()))
        })
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TimedOut);
        assert_eq!(error.to_string(), "late");
    }

    #[test]
    fn a_whole_answer_and_a_failure_come_through_unchanged() {
        let response = within(Duration::from_secs(60), "late".into(), || {
            Ok(Response::new(Body::from(vec![7u8; 3 * CHUNK + 5])))
        })
        .unwrap();
        let mut body = Vec::new();
        response.into_body().read_to_end(&mut body).unwrap();
        assert_eq!(body, vec![7u8; 3 * CHUNK + 5]);
        let error = within(Duration::from_secs(60), "late".into(), || {
            Err(io::Error::from(ErrorKind::ConnectionRefused))
        })
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
        assert!(
            within(Duration::MAX, "late".into(), || Ok(Response::new(
                Body::empty()
            )))
            .is_ok()
        );
    }
}
