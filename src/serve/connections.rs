//! The connections of `serve`: accepting them, reading each request's head, framing its body
//! and writing the answer (HTTP/1.1 on a thread per connection, as oxhttp's server does).
//!
//! Why not oxhttp's own server: it bounds only the silence of each read, so a client sending
//! one header byte a second holds its thread for ever; its only connection limit is global, so
//! one address can take every thread and new clients wait in the listen queue; and it reads
//! each request through a new buffer, losing the pipelined requests the previous one had
//! already buffered. Here:
//! - the whole head (request line and headers) must arrive within `--client-timeout` of the
//!   connection opening or of the previous answer, else 408 and the connection closes;
//! - one client address may hold `PER_CLIENT` connections and all clients `TOTAL`; past that
//!   a new connection is answered 503 at once and closed, so one address cannot lock out others;
//! - one buffer per connection, so pipelined requests are answered in order;
//! - a request body must have a Content-Length (chunked bodies get 411).

use super::Handler;
use oxhttp::model::header::{CONNECTION, CONTENT_LENGTH, EXPECT, SERVER, TRANSFER_ENCODING};
use oxhttp::model::{
    Body, HeaderName, HeaderValue, Method, Request, Response, StatusCode, Version,
};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, BufWriter, ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The stack of a connection's thread.
const CONNECTION_STACK_BYTES: usize = 16 << 20;

/// Connections one client address may hold at once: more than a browser (6) or a pooled
/// client opens.
pub(super) const PER_CLIENT: usize = 32;
/// Connections all clients may hold at once.
pub(super) const TOTAL: usize = 512;
/// The longest request head read: a GET query is in it, so it is larger than usual.
const MAX_HEAD: usize = 64 * 1024;
const MAX_HEADERS: usize = 100;

/// The open connections, per client address.
#[derive(Default)]
pub(super) struct Open {
    counts: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; it leaves the count when dropped.
pub(super) struct Admitted {
    open: Arc<Open>,
    client: IpAddr,
}

impl Open {
    /// A place for a new connection from `client`, or why there is none.
    pub fn admit(self: &Arc<Self>, client: IpAddr) -> Result<Admitted, String> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = counts.values().sum();
        let own = counts.get(&client).copied().unwrap_or(0);
        if own >= PER_CLIENT {
            return Err(format!(
                "{client} has {own} connections open, this server's limit per client; reuse or close them"
            ));
        }
        if total >= TOTAL {
            return Err(format!(
                "this server has {total} connections open, its limit; try again in a moment"
            ));
        }
        *counts.entry(client).or_default() += 1;
        Ok(Admitted {
            open: Arc::clone(self),
            client,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut counts = self.open.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

/// Accepts connections on `listener` until the process ends.
pub(super) fn accept(listener: TcpListener, handler: Arc<Handler>, client_timeout: Duration) {
    let open = Arc::new(Open::default());
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(error) => {
                // Out of file descriptors, most likely: wait for some to close, not spin.
                eprintln!("factgraph serve: cannot accept a connection: {error}");
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        match open.admit(peer.ip()) {
            Ok(admitted) => {
                let handler = Arc::clone(&handler);
                let spawned = thread::Builder::new()
                    .name(format!("factgraph-connection-{peer}"))
                    // The query is parsed here: `query::limits` keeps its depth far below what
                    // 2 MiB survives, and this margin keeps a parser change from making it an
                    // abort of the whole server (address space, used only as deep as it goes).
                    .stack_size(CONNECTION_STACK_BYTES)
                    .spawn(move || {
                        let _admitted = admitted;
                        // An error here is the client's connection failing: nobody to tell.
                        let _ = serve_connection(stream, peer.ip(), &handler, client_timeout);
                    });
                if let Err(error) = spawned {
                    eprintln!("factgraph serve: cannot start a connection thread: {error}");
                }
            }
            Err(reason) => refuse(stream, &reason),
        }
    }
}

/// Answers 503 without waiting on the client: the send buffer of a new socket takes it whole.
fn refuse(mut stream: TcpStream, reason: &str) {
    let _ = stream.set_nonblocking(true);
    let body = format!("{reason}\n");
    let _ = write!(
        stream,
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Write);
}

/// Why no request head was read.
enum NoHead {
    /// The client closed the connection between requests.
    Closed,
    Status(StatusCode, String),
    Io(io::Error),
}

type Reader = Rc<RefCell<BufReader<TcpStream>>>;

fn serve_connection(
    stream: TcpStream,
    client: IpAddr,
    handler: &Handler,
    timeout: Duration,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_write_timeout(Some(timeout))?;
    let reader: Reader = Rc::new(RefCell::new(BufReader::with_capacity(
        16 * 1024,
        stream.try_clone()?,
    )));
    let mut writer = stream;
    loop {
        let head = read_head(&mut reader.borrow_mut(), Instant::now() + timeout);
        let head = match head {
            Ok(head) => head,
            Err(NoHead::Closed) => return Ok(()),
            Err(NoHead::Io(error)) => return Err(error),
            Err(NoHead::Status(status, message)) => {
                let mut response = plain(status, message);
                write_response(&mut writer, &mut response, false, true)?;
                return linger(&reader, &writer, timeout);
            }
        };
        let (mut request, length) = match parse_head(&head) {
            Ok(parsed) => parsed,
            Err((status, message)) => {
                let mut response = plain(status, message);
                write_response(&mut writer, &mut response, false, true)?;
                return linger(&reader, &writer, timeout);
            }
        };
        if length > 0 && expects_continue(&request) {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        reader.borrow().get_ref().set_read_timeout(Some(timeout))?;
        let unread = Rc::new(Cell::new(length));
        if length > 0 {
            *request.body_mut() = Body::from_read(BodyReader {
                reader: Rc::clone(&reader),
                unread: Rc::clone(&unread),
            });
        }
        request
            .extensions_mut()
            .insert(super::workers::ClientAddress(client));
        let mut response = handler.respond(&mut request);
        let head_only = request.method() == Method::HEAD;
        // A body the handler left unread is not read now (the client may send it slowly):
        // the connection closes after the answer instead.
        let close = unread.get() > 0 || wants_close(&request) || wants_close_response(&response);
        drop(request);
        write_response(&mut writer, &mut response, head_only, close)?;
        if close {
            return linger(&reader, &writer, timeout);
        }
    }
}

/// Reads up to the empty line that ends a request head, within `deadline` in all.
fn read_head(reader: &mut BufReader<TcpStream>, deadline: Instant) -> Result<Vec<u8>, NoHead> {
    let mut head = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out());
        }
        reader
            .get_ref()
            .set_read_timeout(Some(left))
            .map_err(NoHead::Io)?;
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(timed_out());
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(NoHead::Io(e)),
        };
        if buffer.is_empty() {
            return Err(NoHead::Closed);
        }
        let mut taken = 0;
        let mut complete = false;
        for &byte in buffer {
            taken += 1;
            head.push(byte);
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            if head == b"\r\n" || head == b"\n" {
                head.clear();
            } else if head.ends_with(b"\n\r\n") || head.ends_with(b"\n\n") {
                complete = true;
                break;
            }
        }
        reader.consume(taken);
        if complete {
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(NoHead::Status(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!(
                    "the request line and headers are longer than {MAX_HEAD} bytes; send a long query by POST"
                ),
            ));
        }
    }
}

fn timed_out() -> NoHead {
    NoHead::Status(
        StatusCode::REQUEST_TIMEOUT,
        "the request line and headers did not arrive within this server's --client-timeout".into(),
    )
}

type Refusal = (StatusCode, String);

/// The request a head describes, and the length of its body.
fn parse_head(head: &[u8]) -> Result<(Request<Body>, u64), Refusal> {
    let bad = |message: String| (StatusCode::BAD_REQUEST, message);
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(bad("the request head is incomplete".into())),
        Err(httparse::Error::TooManyHeaders) => {
            return Err((
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!("the request has more than {MAX_HEADERS} headers"),
            ));
        }
        Err(error) => return Err(bad(format!("the request head is not HTTP/1.1: {error}"))),
    }
    let version = match parsed.version {
        Some(0) => Version::HTTP_10,
        _ => Version::HTTP_11,
    };
    let method = Method::from_bytes(parsed.method.unwrap_or("").as_bytes())
        .map_err(|e| bad(format!("bad method: {e}")))?;
    let mut request = Request::builder()
        .method(method)
        .version(version)
        .uri(parsed.path.unwrap_or("/"))
        .body(Body::empty())
        .map_err(|e| bad(format!("bad request target: {e}")))?;
    let mut length: Option<u64> = None;
    for header in parsed.headers.iter() {
        let name = HeaderName::from_bytes(header.name.as_bytes())
            .map_err(|e| bad(format!("bad header name `{}`: {e}", header.name)))?;
        let value = HeaderValue::from_bytes(header.value)
            .map_err(|e| bad(format!("bad value of header `{name}`: {e}")))?;
        if name == TRANSFER_ENCODING {
            return Err((
                StatusCode::LENGTH_REQUIRED,
                "this server reads request bodies with a Content-Length only, not chunked".into(),
            ));
        }
        if name == CONTENT_LENGTH {
            let given = value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .ok_or_else(|| bad("Content-Length is not a number".into()))?;
            if length.is_some_and(|l| l != given) {
                return Err(bad("two different Content-Length headers".into()));
            }
            length = Some(given);
        }
        request.headers_mut().append(name, value);
    }
    Ok((request, length.unwrap_or(0)))
}

fn expects_continue(request: &Request<Body>) -> bool {
    request.version() >= Version::HTTP_11
        && request
            .headers()
            .get(EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"))
}

fn says_close(value: Option<&HeaderValue>) -> bool {
    value.and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(',')
            .any(|token| token.trim().eq_ignore_ascii_case("close"))
    })
}

fn wants_close(request: &Request<Body>) -> bool {
    request.version() <= Version::HTTP_10 || says_close(request.headers().get(CONNECTION))
}

fn wants_close_response(response: &Response<Body>) -> bool {
    says_close(response.headers().get(CONNECTION))
}

/// The body of one request: at most its Content-Length, from the connection's buffer.
struct BodyReader {
    reader: Reader,
    unread: Rc<Cell<u64>>,
}

impl Read for BodyReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let unread = self.unread.get();
        if unread == 0 {
            return Ok(0);
        }
        let most = buffer
            .len()
            .min(usize::try_from(unread).unwrap_or(usize::MAX));
        let read = self.reader.borrow_mut().read(&mut buffer[..most])?;
        self.unread.set(unread - read as u64);
        Ok(read)
    }
}

fn plain(status: StatusCode, message: String) -> Response<Body> {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        oxhttp::model::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn write_response(
    stream: &mut TcpStream,
    response: &mut Response<Body>,
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut body = Vec::new();
    response.body_mut().read_to_end(&mut body)?;
    let status = response.status();
    let mut out = BufWriter::with_capacity(16 * 1024, stream);
    write!(out, "HTTP/1.1 {status}\r\n")?;
    write!(out, "{SERVER}: factgraph/{}\r\n", env!("CARGO_PKG_VERSION"))?;
    for (name, value) in response.headers() {
        if [CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING, SERVER].contains(name) {
            continue;
        }
        write!(out, "{name}: ")?;
        out.write_all(value.as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    if close {
        out.write_all(b"connection: close\r\n")?;
    }
    let bodiless = status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    if !bodiless {
        write!(out, "content-length: {}\r\n", body.len())?;
    }
    out.write_all(b"\r\n")?;
    if !bodiless && !head_only {
        out.write_all(&body)?;
    }
    out.flush()
}

/// Closes a connection so that the client reads the answer: a socket closed with unread input
/// sends a reset, which may discard the answer on the client's side. So: no more writing, then
/// read and drop what the client still sends, for a short while.
fn linger(reader: &Reader, writer: &TcpStream, timeout: Duration) -> io::Result<()> {
    writer.shutdown(Shutdown::Write)?;
    let until = Instant::now() + timeout.min(Duration::from_secs(2));
    let mut reader = reader.borrow_mut();
    let mut sink = [0; 8192];
    let mut dropped = 0usize;
    while dropped < (1 << 20) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        reader.get_ref().set_read_timeout(Some(left))?;
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(read) => dropped += read,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn one_address_at_its_limit_leaves_room_for_others() {
        let open = Arc::new(Open::default());
        let busy = IpAddr::from(Ipv4Addr::new(127, 0, 0, 1));
        let other = IpAddr::from(Ipv4Addr::new(127, 0, 0, 2));
        let held: Vec<Admitted> = (0..PER_CLIENT)
            .map(|_| open.admit(busy).ok().unwrap_or_else(|| panic!("admitted")))
            .collect();
        let refused = open.admit(busy).err().unwrap_or_default();
        assert!(refused.contains("limit per client"), "{refused}");
        assert!(open.admit(other).is_ok());
        drop(held);
        assert!(open.admit(busy).is_ok());
    }

    #[test]
    fn heads_are_parsed_with_their_body_length() {
        let (request, length) =
            parse_head(b"POST /sparql?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n")
                .ok()
                .unwrap_or_else(|| panic!("parsed"));
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.uri().path(), "/sparql");
        assert_eq!(request.uri().query(), Some("x=1"));
        assert_eq!(length, 12);
        let chunked = parse_head(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        assert_eq!(
            chunked.err().map(|e| e.0),
            Some(StatusCode::LENGTH_REQUIRED)
        );
        let twice =
            parse_head(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assert_eq!(twice.err().map(|e| e.0), Some(StatusCode::BAD_REQUEST));
    }
}
