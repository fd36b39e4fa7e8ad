//! Pages of lists and search results.

use serde::{Deserialize, Serialize, Serializer};

/// One page of a list (`"object": "list"`).
#[derive(Clone, Debug, Deserialize)]
pub struct List<T> {
    /// The objects on this page.
    pub data: Vec<T>,
    /// Whether there are more objects after this page.
    pub has_more: bool,
    /// The URL of the list.
    #[serde(default)]
    pub url: String,
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a, T> {
            object: &'static str,
            data: &'a [T],
            has_more: bool,
            url: &'a str,
        }
        Wire {
            object: "list",
            data: &self.data,
            has_more: self.has_more,
            url: &self.url,
        }
        .serialize(serializer)
    }
}

/// One page of search results (`"object": "search_result"`).
#[derive(Clone, Debug, Deserialize)]
pub struct SearchResult<T> {
    /// The objects on this page.
    pub data: Vec<T>,
    /// Whether there are more results after this page.
    pub has_more: bool,
    /// The token of the next page, to pass as `page`.
    #[serde(default)]
    pub next_page: Option<String>,
    /// The total number of results, when the request asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// The URL of the search.
    #[serde(default)]
    pub url: String,
}

impl<T: Serialize> Serialize for SearchResult<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a, T> {
            object: &'static str,
            data: &'a [T],
            has_more: bool,
            next_page: &'a Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            total_count: Option<u64>,
            url: &'a str,
        }
        Wire {
            object: "search_result",
            data: &self.data,
            has_more: self.has_more,
            next_page: &self.next_page,
            total_count: self.total_count,
            url: &self.url,
        }
        .serialize(serializer)
    }
}
