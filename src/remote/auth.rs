//! Credentials for a remote store: HTTP basic, digest (RFC 7616 with MD5, what Virtuoso asks
//! for) and bearer tokens.
//!
//! Digest needs a challenge first: the first request goes out without credentials, the 401's
//! `WWW-Authenticate` is kept, and every later request answers it with a new count, so a push of
//! a thousand graphs sends each body once (plus one for the first, or when the nonce goes stale).
//! Reading the challenge and computing each answer (a random client nonce per request, quoted
//! values escaped) is the `http-auth` crate's; when to ask and when to ask again is ours.

use base64::Engine;
use http_auth::{DigestClient, PasswordParams};
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
    challenge: Arc<Mutex<Option<DigestClient>>>,
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
                // An answer the challenge does not allow (only `auth-int`, an unknown
                // algorithm) is no header: the request goes without, and its 401 says so.
                guard
                    .as_mut()?
                    .respond(&PasswordParams {
                        username: user,
                        password,
                        uri,
                        method,
                        body: None,
                    })
                    .ok()
            }
        }
    }

    /// Reads a 401's `WWW-Authenticate`; true if the request is worth sending again (a digest
    /// challenge that is new, or stale). False means the credentials were refused.
    fn challenged(&self, www_authenticate: Option<&str>) -> bool {
        if !matches!(self.credentials, Credentials::Digest { .. }) {
            return false;
        }
        let Some(parsed) = www_authenticate.and_then(digest_challenge) else {
            return false;
        };
        let stale = parsed.stale();
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

/// The `Digest` challenge of a `WWW-Authenticate` header; `None` for any other scheme.
fn digest_challenge(header: &str) -> Option<DigestClient> {
    http_auth::parse_challenges(header)
        .ok()?
        .iter()
        .find(|challenge| challenge.scheme.eq_ignore_ascii_case("Digest"))
        .and_then(|challenge| DigestClient::try_from(challenge).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md5(text: &str) -> String {
        use md5::{Digest, Md5};
        hex::encode(Md5::digest(text.as_bytes()))
    }

    /// The quoted value of `name` in a header, escapes removed.
    fn field(header: &str, name: &str) -> String {
        let challenge = format!("Digest {}", header.trim_start_matches("Digest "));
        let parsed = http_auth::parse_challenges(&challenge).unwrap();
        parsed[0]
            .params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_unescaped())
            .unwrap_or_default()
    }

    #[test]
    fn each_digest_answer_has_its_own_client_nonce_and_checks_out() {
        // RFC 2617, section 3.5: Mufasa at testrealm@host.com.
        let auth = Authorizer::new(Credentials::Digest {
            user: "Mufasa".into(),
            password: "Circle Of Life".into(),
        });
        assert!(auth.challenged(Some(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        )));
        let first = auth.header("GET", "/dir/index.html").unwrap();
        let second = auth.header("GET", "/dir/index.html").unwrap();
        assert!(first.contains("nc=00000001"), "{first}");
        assert!(second.contains("nc=00000002"), "{second}");
        assert!(
            first.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
            "{first}"
        );
        let cnonce = field(&first, "cnonce");
        assert!(cnonce.len() >= 8, "{first}");
        assert_ne!(
            cnonce,
            field(&second, "cnonce"),
            "a client nonce is never reused"
        );
        let ha1 = md5("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5("GET:/dir/index.html");
        let expected = md5(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:{cnonce}:auth:{ha2}"
        ));
        assert_eq!(field(&first, "response"), expected);
    }

    #[test]
    fn quoted_values_are_escaped_in_the_answer() {
        let auth = Authorizer::new(Credentials::Digest {
            user: "the \"admin\"".into(),
            password: "p".into(),
        });
        assert!(auth.challenged(Some(
            "Digest realm=\"SPARQL, \\\"the\\\" store\", nonce=\"abc\", qop=\"auth\""
        )));
        let header = auth.header("PUT", "/g").unwrap();
        assert_eq!(field(&header, "realm"), "SPARQL, \"the\" store");
        assert_eq!(field(&header, "username"), "the \"admin\"");
        assert!(digest_challenge("Basic realm=\"x\"").is_none());
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
