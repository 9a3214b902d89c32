//! Credentials for a remote store: HTTP basic, digest (RFC 7616 with MD5, what Virtuoso asks
//! for) and bearer tokens.
//!
//! Digest needs a challenge first: the first request goes out without credentials, the 401's
//! `WWW-Authenticate` is kept, and every later request answers it with a new count, so a push of
//! a thousand graphs sends each body once (plus one for the first, or when the nonce goes stale).

use base64::Engine;
use md5::{Digest, Md5};
use oxhttp::Client;
use oxhttp::model::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode, Uri};
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How to authenticate, as the command line gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    None,
    Basic { user: String, password: String },
    Digest { user: String, password: String },
    Bearer(String),
}

/// Credentials plus what a digest exchange has learnt so far (shared by its clones, which
/// carry it to the thread of each exchange).
#[derive(Debug, Clone)]
pub struct Authorizer {
    credentials: Credentials,
    challenge: Arc<Mutex<Option<Challenge>>>,
}

#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop_auth: bool,
    count: u32,
}

impl Authorizer {
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            challenge: Arc::default(),
        }
    }

    /// True while digest credentials wait for their first challenge.
    fn needs_challenge(&self) -> bool {
        matches!(self.credentials, Credentials::Digest { .. })
            && self
                .challenge
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_none()
    }

    /// Sends the request `build` makes for an `Authorization` header (or none), with these
    /// credentials, and returns the answer; the whole exchange, the answer's body included, ends
    /// within `timeout` or fails with `TimedOut` (see `exchange`).
    ///
    /// A digest challenge is fetched first by a GET without body (Virtuoso answers 401 and
    /// closes the connection before reading a body, which the client sees as a reset), and
    /// answered again once if it went stale. A reset after credentials were sent is read back
    /// the same way, so refused credentials come back as the 401 they are.
    pub fn send(
        &self,
        timeout: Duration,
        method: Method,
        url: String,
        build: impl Fn(Option<String>) -> io::Result<Request<Vec<u8>>> + Send + 'static,
    ) -> io::Result<Response<Body>> {
        let authorizer = self.clone();
        let late = super::late(&url, timeout);
        super::exchange::within(timeout, late, move || {
            authorizer.send_now(&super::client(timeout)?, &method, &url, build)
        })
    }

    fn send_now(
        &self,
        client: &Client,
        method: &Method,
        url: &str,
        build: impl Fn(Option<String>) -> io::Result<Request<Vec<u8>>>,
    ) -> io::Result<Response<Body>> {
        let target = url
            .parse::<Uri>()
            .ok()
            .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_string()))
            .unwrap_or_else(|| "/".into());
        if self.needs_challenge() {
            let answer = client.request(bodyless(url, None)?)?;
            self.challenged(www_authenticate(&answer));
        }
        let mut retried = false;
        loop {
            match client.request(build(self.header(method.as_str(), &target))?) {
                Ok(answer)
                    if answer.status() == StatusCode::UNAUTHORIZED
                        && !retried
                        && self.challenged(www_authenticate(&answer)) =>
                {
                    retried = true;
                }
                Ok(answer) => return Ok(answer),
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
                    ) && !self.is_anonymous() =>
                {
                    let probe = bodyless(url, self.header("GET", &target))?;
                    return match client.request(probe) {
                        Ok(answer) if answer.status() == StatusCode::UNAUTHORIZED => Ok(answer),
                        _ => Err(error),
                    };
                }
                Err(error) => return Err(error),
            }
        }
    }

    pub fn is_anonymous(&self) -> bool {
        self.credentials == Credentials::None
    }

    /// The `Authorization` header for a request, if there is one to send yet. `uri` is the
    /// request target: path and query.
    pub fn header(&self, method: &str, uri: &str) -> Option<String> {
        match &self.credentials {
            Credentials::None => None,
            Credentials::Bearer(token) => Some(format!("Bearer {token}")),
            Credentials::Basic { user, password } => {
                let pair = format!("{user}:{password}");
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
            Credentials::Digest { user, password } => {
                let mut guard = self.challenge.lock().unwrap_or_else(|e| e.into_inner());
                let challenge = guard.as_mut()?;
                challenge.count += 1;
                Some(digest_header(challenge, user, password, method, uri))
            }
        }
    }

    /// Reads a 401's `WWW-Authenticate`; true if the request is worth sending again (a digest
    /// challenge that is new, or stale). False means the credentials were refused.
    fn challenged(&self, www_authenticate: Option<&str>) -> bool {
        if !matches!(self.credentials, Credentials::Digest { .. }) {
            return false;
        }
        let Some(parsed) = www_authenticate.and_then(parse_challenge) else {
            return false;
        };
        let stale = www_authenticate.is_some_and(|h| h.to_ascii_lowercase().contains("stale=true"));
        let mut guard = self.challenge.lock().unwrap_or_else(|e| e.into_inner());
        let retry = guard.is_none() || stale;
        *guard = Some(parsed);
        retry
    }
}

fn www_authenticate(answer: &Response<Body>) -> Option<&str> {
    answer
        .headers()
        .get(WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
}

/// A GET of `url` without body, carrying `authorization` if given.
fn bodyless(url: &str, authorization: Option<String>) -> io::Result<Request<Vec<u8>>> {
    let mut request = Request::builder().uri(url);
    if let Some(header) = authorization {
        request = request.header(AUTHORIZATION, header);
    }
    request.body(Vec::new()).map_err(io::Error::other)
}

fn hex_md5(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

fn digest_header(
    challenge: &Challenge,
    user: &str,
    password: &str,
    method: &str,
    uri: &str,
) -> String {
    let ha1 = hex_md5(&format!("{user}:{}:{password}", challenge.realm));
    let ha2 = hex_md5(&format!("{method}:{uri}"));
    let nc = format!("{:08x}", challenge.count);
    let cnonce = hex_md5(&format!("{}:{nc}:{uri}", challenge.nonce))[..16].to_string();
    let mut header = format!(
        "Digest username=\"{user}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm=MD5",
        challenge.realm, challenge.nonce
    );
    if challenge.qop_auth {
        let response = hex_md5(&format!(
            "{ha1}:{}:{nc}:{cnonce}:auth:{ha2}",
            challenge.nonce
        ));
        header.push_str(&format!(
            ", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\""
        ));
    } else {
        let response = hex_md5(&format!("{ha1}:{}:{ha2}", challenge.nonce));
        header.push_str(&format!(", response=\"{response}\""));
    }
    if let Some(opaque) = &challenge.opaque {
        header.push_str(&format!(", opaque=\"{opaque}\""));
    }
    header
}

/// The fields of a `Digest` challenge; `None` for any other scheme.
fn parse_challenge(header: &str) -> Option<Challenge> {
    let rest = header.trim().strip_prefix("Digest")?.trim_start();
    let mut realm = None;
    let mut nonce = None;
    let mut opaque = None;
    let mut qop_auth = false;
    for (name, value) in parameters(rest) {
        match name.to_ascii_lowercase().as_str() {
            "realm" => realm = Some(value),
            "nonce" => nonce = Some(value),
            "opaque" => opaque = Some(value),
            "qop" => qop_auth = value.split(',').any(|q| q.trim() == "auth"),
            _ => {}
        }
    }
    Some(Challenge {
        realm: realm?,
        nonce: nonce?,
        opaque,
        qop_auth,
        count: 0,
    })
}

/// `name=value` pairs separated by commas, values quoted or not (commas inside quotes kept).
fn parameters(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text.trim();
    while let Some(equals) = rest.find('=') {
        let name = rest[..equals]
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_string();
        rest = rest[equals + 1..].trim_start();
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            value = quoted[..end].to_string();
            rest = quoted.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        pairs.push((name, value));
        rest = rest.trim_start().trim_start_matches(',').trim_start();
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_the_rfc_2617_example() {
        // RFC 2617, section 3.5: Mufasa at testrealm@host.com.
        let challenge = Challenge {
            realm: "testrealm@host.com".into(),
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093".into(),
            opaque: Some("5ccc069c403ebaf9f0171e9517f40e41".into()),
            qop_auth: true,
            count: 1,
        };
        let ha1 = hex_md5("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = hex_md5("GET:/dir/index.html");
        let response = hex_md5(&format!(
            "{ha1}:{}:00000001:0a4f113b:auth:{ha2}",
            challenge.nonce
        ));
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        let header = digest_header(
            &challenge,
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
        );
        assert!(header.contains("nc=00000001"), "{header}");
        assert!(
            header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
            "{header}"
        );
    }

    #[test]
    fn challenges_are_read_with_quoted_commas() {
        let parsed = parse_challenge(
            "Digest realm=\"SPARQL, the store\", domain=\"/\", nonce=\"abc\", qop=\"auth,auth-int\", stale=false",
        )
        .unwrap();
        assert_eq!(parsed.realm, "SPARQL, the store");
        assert_eq!(parsed.nonce, "abc");
        assert!(parsed.qop_auth);
        assert!(parse_challenge("Basic realm=\"x\"").is_none());
    }

    #[test]
    fn digest_waits_for_a_challenge_and_retries_only_once() {
        let auth = Authorizer::new(Credentials::Digest {
            user: "dba".into(),
            password: "dba".into(),
        });
        assert_eq!(auth.header("PUT", "/g"), None);
        assert!(auth.challenged(Some("Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"")));
        assert!(auth.header("PUT", "/g").unwrap().contains("nc=00000001"));
        assert!(auth.header("PUT", "/g").unwrap().contains("nc=00000002"));
        // Refused again with the same, fresh nonce: the credentials are wrong.
        assert!(!auth.challenged(Some("Digest realm=\"r\", nonce=\"n2\", qop=\"auth\"")));
        assert!(auth.challenged(Some(
            "Digest realm=\"r\", nonce=\"n3\", qop=\"auth\", stale=true"
        )));
    }

    #[test]
    fn basic_is_base64_of_user_and_password() {
        let auth = Authorizer::new(Credentials::Basic {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        });
        assert_eq!(
            auth.header("GET", "/").unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
