//! Streams over every page of a list or a search.
//!
//! A list follows `has_more` with `starting_after` = the last id of each page, or, when the
//! request already sets `ending_before`, backwards with `ending_before` = the first id of each
//! page (yielding each page from its end, so the stream keeps one direction). A search follows
//! `next_page`. Every page is sent with the same options.

use std::collections::VecDeque;

use futures_util::Stream;
use futures_util::stream;
use stripekit_types::{HasId, ListRequest, SearchRequest, StripeRequest};

use crate::client::Client;
use crate::error::Error;
use crate::options::RequestOptions;

/// Where a paginated stream is.
struct Cursor<R, T> {
    client: Client,
    request: R,
    options: RequestOptions,
    buffered: VecDeque<T>,
    /// Whether another page may be asked for.
    more: bool,
}

impl Client {
    /// Every object of a list, across all its pages.
    ///
    /// ```no_run
    /// # async fn run(client: stripekit_client::Client) -> Result<(), stripekit_client::Error> {
    /// use futures_util::TryStreamExt;
    /// use stripekit_api_2022_11_15::ListCustomers;
    ///
    /// let mut customers = std::pin::pin!(client.paginate(ListCustomers::new().limit(100)));
    /// while let Some(customer) = customers.try_next().await? {
    ///     println!("{}", customer.id);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn paginate<R>(
        &self,
        request: R,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static
    where
        R: ListRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.paginate_with(request, RequestOptions::default())
    }

    /// [`Client::paginate`] with options for every page.
    pub fn paginate_with<R>(
        &self,
        request: R,
        options: RequestOptions,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static
    where
        R: ListRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        let backwards = request.pages_backwards();
        self.pages(request, options, move |request: &mut R, page| {
            let mut items = page.data;
            if backwards {
                items.reverse();
            }
            // The next page starts after the last object yielded.
            let more = match items.last().and_then(|item| item.id()) {
                Some(id) if page.has_more => {
                    if backwards {
                        request.set_ending_before(id);
                    } else {
                        request.set_starting_after(id);
                    }
                    true
                }
                _ => false,
            };
            (items, more)
        })
    }

    /// Every result of a search, across all its pages.
    pub fn search_all<R>(
        &self,
        request: R,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static
    where
        R: SearchRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.search_all_with(request, RequestOptions::default())
    }

    /// [`Client::search_all`] with options for every page.
    pub fn search_all_with<R>(
        &self,
        request: R,
        options: RequestOptions,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static
    where
        R: SearchRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.pages(request, options, |request: &mut R, page| {
            let more = match page.next_page.as_deref() {
                Some(token) if page.has_more => {
                    request.set_page(token);
                    true
                }
                _ => false,
            };
            (page.data, more)
        })
    }

    /// The items of every page of `request`: `turn` takes a page's items out and points the
    /// request at the next page, saying whether there is one.
    fn pages<R, T>(
        &self,
        request: R,
        options: RequestOptions,
        turn: impl Fn(&mut R, R::Response) -> (Vec<T>, bool) + Send + Sync + 'static,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        R: StripeRequest + Send + Sync + 'static,
        R::Response: Send,
        T: Send + 'static,
    {
        let start = Cursor {
            client: self.clone(),
            request,
            options,
            buffered: VecDeque::new(),
            more: true,
        };
        let turn = std::sync::Arc::new(turn);
        stream::try_unfold(start, move |mut cursor| {
            let turn = turn.clone();
            async move {
                if cursor.buffered.is_empty() && cursor.more {
                    let page = cursor
                        .client
                        .send_with(&cursor.request, &cursor.options)
                        .await?;
                    let (items, more) = turn(&mut cursor.request, page);
                    cursor.more = more;
                    cursor.buffered.extend(items);
                }
                Ok(cursor.buffered.pop_front().map(|item| (item, cursor)))
            }
        })
    }
}
