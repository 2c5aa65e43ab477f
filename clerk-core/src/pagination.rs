//! List endpoints: one [`Page`], the [`PageRequest`] that fetches it, and the [`PageStream`] that
//! walks every page.

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{ApiRequest, Clerk, Result};

/// The page size a [`PageStream`] asks for when the request sets no `limit`.
pub const DEFAULT_STREAM_PAGE_SIZE: u64 = 100;

/// One page of results from a list endpoint.
///
/// Clerk's list endpoints answer in one of three shapes: a bare JSON array (`GET /users`,
/// `GET /sessions`, …), `{"data": [...], "total_count": n}` (organizations, memberships, …) or
/// `{"m2m_tokens": [...], "total_count": n}`. `Page` reads all three, so every list method returns
/// the same type. `total_count` is the number of items across all pages when the endpoint reports
/// it; for bare arrays it is `None` (for users, ask `clerk.users().count(..)`).
///
/// A page dereferences to a slice and iterates like a `Vec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The number of items across all pages, when the endpoint reports it.
    pub total_count: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `data` with an optional total.
    pub fn new(data: Vec<T>, total_count: Option<u64>) -> Self {
        Self { data, total_count }
    }

    /// The items, consuming the page.
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self::new(Vec::new(), None)
    }
}

impl<T> Deref for Page<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.data
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Bare(Vec<T>),
            Wrapped {
                #[serde(alias = "m2m_tokens")]
                data: Vec<T>,
                #[serde(default)]
                total_count: Option<u64>,
            },
        }
        Ok(match Shape::deserialize(deserializer)? {
            Shape::Bare(data) => Page::new(data, None),
            Shape::Wrapped { data, total_count } => Page::new(data, total_count),
        })
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A request to a list endpoint, returned by every `list` method.
///
/// `.await` it for one page, or call [`stream`](Self::stream) to walk every item of every page:
///
/// ```no_run
/// # async fn run(clerk: clerk_core::Clerk) -> clerk_core::Result<()> {
/// use clerk_core::resources::users::ListUsers;
///
/// // One page.
/// let first = clerk.users().list(&ListUsers::new().limit(10)).await?;
///
/// // Every user, fetched 100 at a time with `limit`/`offset`.
/// let mut all = clerk.users().list(&ListUsers::new()).stream();
/// while let Some(user) = all.next().await {
///     println!("{}", user?.id);
/// }
/// # Ok(()) }
/// ```
///
/// A few list endpoints take no `limit`/`offset` and always answer with every item (the
/// block-list, the domains, a user's trusted devices, a directory's group role mappings); their
/// methods return a [`single_page`](Self::single_page) request, whose stream is that one page.
#[must_use = "a PageRequest does nothing until it is awaited or streamed"]
pub struct PageRequest<T> {
    clerk: Clerk,
    request: ApiRequest,
    single_page: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> PageRequest<T> {
    /// A list request sent through `clerk`.
    pub fn new(clerk: Clerk, request: ApiRequest) -> Self {
        Self {
            clerk,
            request,
            single_page: false,
            item: PhantomData,
        }
    }

    /// Marks the endpoint as one that takes no `limit`/`offset` and answers with every item at
    /// once: [`stream`](Self::stream) then sends the request once, as it is, and yields that
    /// page's items.
    pub fn single_page(mut self) -> Self {
        self.single_page = true;
        self
    }

    /// Whether the endpoint answers with every item at once (see
    /// [`single_page`](Self::single_page)).
    pub fn is_single_page(&self) -> bool {
        self.single_page
    }

    /// The request this sends.
    pub fn request(&self) -> &ApiRequest {
        &self.request
    }
}

impl<T: DeserializeOwned + Send + 'static> PageRequest<T> {
    /// Every item of every page, in order, fetched one page at a time.
    ///
    /// The walk starts at the request's `offset` (or 0) and asks for its `limit` (or
    /// [`DEFAULT_STREAM_PAGE_SIZE`]) items per page, advancing `offset` until a page comes back
    /// short or `total_count` is reached. A [`single_page`](Self::single_page) request is sent
    /// once, without `limit`/`offset`. The first error ends the stream after it is yielded.
    pub fn stream(self) -> PageStream<T> {
        let limit = self
            .request
            .query_value("limit")
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|&l| l > 0)
            .unwrap_or(DEFAULT_STREAM_PAGE_SIZE);
        let offset = self
            .request
            .query_value("offset")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        PageStream {
            clerk: self.clerk,
            request: self.request,
            limit,
            offset,
            single_page: self.single_page,
            buffer: VecDeque::new(),
            pending: None,
            done: false,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for PageRequest<T> {
    type Output = Result<Page<T>>;
    type IntoFuture = BoxFuture<Result<Page<T>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.clerk.send(self.request).await })
    }
}

impl<T> fmt::Debug for PageRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageRequest")
            .field("request", &self.request)
            .field("single_page", &self.single_page)
            .finish_non_exhaustive()
    }
}

/// Every item of a list endpoint, page after page: a [`Stream`] of `Result<T>`.
///
/// From [`PageRequest::stream`]. Use it with `futures::StreamExt`, or with the inherent
/// [`next`](Self::next) without importing anything.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T> {
    clerk: Clerk,
    request: ApiRequest,
    limit: u64,
    offset: u64,
    single_page: bool,
    buffer: VecDeque<T>,
    pending: Option<BoxFuture<Result<Page<T>>>>,
    done: bool,
}

impl<T: DeserializeOwned + Send + 'static> PageStream<T> {
    /// The next item, fetching the next page when needed; `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Collects every remaining item, stopping at the first error.
    ///
    /// # Errors
    /// The first error of any page.
    pub async fn try_collect(mut self) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for PageStream<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let pending = this.pending.get_or_insert_with(|| {
                let request = if this.single_page {
                    this.request.clone()
                } else {
                    this.request
                        .clone()
                        .set_query("limit", this.limit)
                        .set_query("offset", this.offset)
                };
                let clerk = this.clerk.clone();
                Box::pin(async move { clerk.send::<Page<T>>(request).await })
            });
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.pending = None;
            match page {
                Err(error) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Ok(page) => {
                    let got = page.data.len() as u64;
                    this.offset += got;
                    let reached_total = page.total_count.is_some_and(|total| this.offset >= total);
                    if this.single_page || got < this.limit || reached_total {
                        this.done = true;
                    }
                    this.buffer.extend(page.data);
                }
            }
        }
    }
}

// Items are only moved in and out of the buffer, never pinned.
impl<T> Unpin for PageStream<T> {}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream")
            .field("request", &self.request)
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .field("single_page", &self.single_page)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Clerk {
    /// A [`PageRequest`] for a list endpoint: `.await` it for one page, or stream every page.
    pub fn paginate<T>(&self, request: ApiRequest) -> PageRequest<T> {
        PageRequest::new(self.clone(), request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::users::testkit::fake;

    #[test]
    fn every_list_shape_of_the_api_decodes() {
        let bare: Page<u32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(bare, Page::new(vec![1, 2], None));
        let wrapped: Page<u32> = serde_json::from_str(r#"{"data":[3],"total_count":9}"#).unwrap();
        assert_eq!(wrapped, Page::new(vec![3], Some(9)));
        let m2m: Page<u32> = serde_json::from_str(r#"{"m2m_tokens":[4],"total_count":1}"#).unwrap();
        assert_eq!(m2m.total_count, Some(1));
        assert_eq!(m2m.len(), 1);
        assert!(serde_json::from_str::<Page<u32>>(r#"{"items":[]}"#).is_err());
    }

    #[tokio::test]
    async fn a_stream_walks_pages_with_limit_and_offset() {
        // Two items per page, and the server says there are two in all: one request.
        let f = fake(200, r#"{"data":[1,2],"total_count":2}"#);
        let items: Vec<u32> = f
            .clerk
            .paginate(ApiRequest::get("/things").query("limit", 2))
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [1, 2]);
        assert_eq!(f.seen.only().query, "limit=2&offset=0");
    }

    #[tokio::test]
    async fn a_single_page_stream_sends_the_request_once_as_it_is() {
        // No `limit`/`offset` is added (the endpoint takes none), and nothing is asked again.
        let f = fake(200, "[1,2,3]");
        let request = f
            .clerk
            .paginate::<u32>(ApiRequest::get("/domains").query("filter", "x"))
            .single_page();
        assert!(request.is_single_page());
        let mut stream = request.stream();
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.unwrap());
        }
        assert_eq!(items, [1, 2, 3]);
        let seen = f.seen.only();
        assert_eq!(
            (seen.path.as_str(), seen.query.as_str()),
            ("/v1/domains", "filter=x")
        );
    }

    #[tokio::test]
    async fn a_single_page_awaits_like_any_page() {
        let f = fake(200, "[4]");
        let page = f
            .clerk
            .paginate::<u32>(ApiRequest::get("/blocklist_identifiers"))
            .single_page()
            .await
            .unwrap();
        assert_eq!(page.into_vec(), [4]);
        assert_eq!(f.seen.only().query, "");
    }

    #[test]
    fn endpoints_without_limit_and_offset_are_single_pages() {
        // Every GET list operation of the spec that has no `limit`/`offset` parameter.
        let clerk = fake(200, "[]").clerk;
        assert!(clerk.blocklist_identifiers().list().is_single_page());
        assert!(clerk.domains().list().is_single_page());
        assert!(
            clerk
                .users()
                .list_trusted_devices("user_1")
                .is_single_page()
        );
        assert!(
            clerk
                .directories()
                .list_group_role_mappings("dir_1")
                .is_single_page()
        );
        assert!(
            clerk
                .scim_directories()
                .list_group_role_mappings("dir_1")
                .is_single_page()
        );
        let users = clerk
            .users()
            .list(&crate::resources::users::ListUsers::new());
        assert!(!users.is_single_page());
    }
}
