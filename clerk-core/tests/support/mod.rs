//! A scripted in-memory transport that records every request it sees.

#![allow(dead_code, unreachable_pub)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use clerk_core::transport::{Transport, TransportError, TransportFuture};
use clerk_core::{Clerk, ClerkBuilder, RetryPolicy};

/// What the scripted transport answers, in order; the last answer repeats.
#[derive(Debug, Clone)]
pub enum Answer {
    Json(u16, &'static str),
    WithHeader(u16, &'static str, &'static str, &'static str),
    ConnectError,
    TimeoutError,
}

#[derive(Debug, Clone, Default)]
pub struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    last: Arc<Mutex<Option<Answer>>>,
    pub seen: Arc<Mutex<Vec<http::Request<Bytes>>>>,
}

impl Script {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Self {
        Self {
            answers: Arc::new(Mutex::new(answers.into_iter().collect())),
            ..Self::default()
        }
    }

    pub fn ok(body: &'static str) -> Self {
        Self::new([Answer::Json(200, body)])
    }

    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    pub fn last_uri(&self) -> String {
        self.requests()
            .last()
            .expect("no request seen")
            .uri()
            .to_string()
    }

    pub fn last_header(&self, name: &str) -> Option<String> {
        self.requests()
            .last()
            .expect("no request seen")
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    pub fn builder(&self) -> ClerkBuilder {
        Clerk::builder()
            .environment(clerk_core::Environment::from_pairs::<_, String, String>([]))
            .transport(self.clone())
    }

    pub fn client(&self) -> Clerk {
        self.builder()
            .secret_key("sk_test_script")
            .api_url("http://clerk.test")
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap()
    }
}

impl Transport for Script {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        self.seen.lock().unwrap().push(request);
        let next = self.answers.lock().unwrap().pop_front();
        let answer = match next {
            Some(a) => {
                *self.last.lock().unwrap() = Some(a.clone());
                a
            }
            None => self
                .last
                .lock()
                .unwrap()
                .clone()
                .unwrap_or(Answer::Json(200, "{}")),
        };
        Box::pin(async move {
            let respond = |status: u16, body: &'static str| {
                http::Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(Bytes::from_static(body.as_bytes()))
                    .unwrap()
            };
            match answer {
                Answer::Json(status, body) => Ok(respond(status, body)),
                Answer::WithHeader(status, name, value, body) => {
                    let mut r = respond(status, body);
                    r.headers_mut().insert(name, value.parse().unwrap());
                    Ok(r)
                }
                Answer::ConnectError => Err(TransportError::connect("connection refused")),
                Answer::TimeoutError => Err(TransportError::timeout("timed out")),
            }
        })
    }
}
