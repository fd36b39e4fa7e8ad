//! Pages of lists and search results.

use serde::ser::SerializeStruct;
#[cfg(feature = "deserialize")]
use serde::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use crate::json::{Failed, FromJson, JsonReader};

/// One page of a list (`"object": "list"`).
#[derive(Clone, Debug)]
pub struct List<T> {
    /// The objects on this page.
    pub data: Vec<T>,
    /// Whether there are more objects after this page.
    pub has_more: bool,
    /// The URL of the list.
    pub url: String,
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("List", 4)?;
        fields.serialize_field("object", "list")?;
        fields.serialize_field("data", &self.data)?;
        fields.serialize_field("has_more", &self.has_more)?;
        fields.serialize_field("url", &self.url)?;
        fields.end()
    }
}

/// One page of search results (`"object": "search_result"`).
#[derive(Clone, Debug)]
pub struct SearchResult<T> {
    /// The objects on this page.
    pub data: Vec<T>,
    /// Whether there are more results after this page.
    pub has_more: bool,
    /// The token of the next page, to pass as `page`.
    pub next_page: Option<String>,
    /// The total number of results, when the request asked for it.
    pub total_count: Option<u64>,
    /// The URL of the search.
    pub url: String,
}

impl<T: Serialize> Serialize for SearchResult<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 5 + usize::from(self.total_count.is_some());
        let mut fields = serializer.serialize_struct("SearchResult", len)?;
        fields.serialize_field("object", "search_result")?;
        fields.serialize_field("data", &self.data)?;
        fields.serialize_field("has_more", &self.has_more)?;
        fields.serialize_field("next_page", &self.next_page)?;
        if let Some(total_count) = &self.total_count {
            fields.serialize_field("total_count", total_count)?;
        }
        fields.serialize_field("url", &self.url)?;
        fields.end()
    }
}

impl<T: FromJson> FromJson for List<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        let (mut data, mut has_more, mut url) = (None, None, None::<String>);
        crate::tri!(json.begin_object());
        while let Some(key) = crate::tri!(json.next_key()) {
            let read = match &*key {
                "data" => json.field(&mut data),
                "has_more" => json.field(&mut has_more),
                "url" => json.optional_field(&mut url),
                _ => json.skip(),
            };
            crate::tri!(read);
        }
        Ok(List {
            data: crate::tri!(json.required(data, "data")),
            has_more: crate::tri!(json.required(has_more, "has_more")),
            url: url.unwrap_or_default(),
        })
    }
}

#[cfg(feature = "deserialize")]
impl<'de, T: FromJson> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize(deserializer)
    }
}

impl<T: FromJson> FromJson for SearchResult<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        let (mut data, mut has_more, mut next_page, mut total_count, mut url) =
            (None, None, None, None, None::<String>);
        crate::tri!(json.begin_object());
        while let Some(key) = crate::tri!(json.next_key()) {
            let read = match &*key {
                "data" => json.field(&mut data),
                "has_more" => json.field(&mut has_more),
                "next_page" => json.optional_field(&mut next_page),
                "total_count" => json.optional_field(&mut total_count),
                "url" => json.optional_field(&mut url),
                _ => json.skip(),
            };
            crate::tri!(read);
        }
        Ok(SearchResult {
            data: crate::tri!(json.required(data, "data")),
            has_more: crate::tri!(json.required(has_more, "has_more")),
            next_page,
            total_count,
            url: url.unwrap_or_default(),
        })
    }
}

#[cfg(feature = "deserialize")]
impl<'de, T: FromJson> Deserialize<'de> for SearchResult<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize(deserializer)
    }
}
