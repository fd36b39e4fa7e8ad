//! One request to the stateful mode, as its handlers read it.

use serde_json::Value;

use crate::events::Origin;
use crate::form::Params;
use crate::spec::Route;

/// One request to the stateful mode.
pub(crate) struct Call<'a> {
    pub method: &'a str,
    pub route: &'a Route,
    pub path: &'a str,
    pub params: &'a Params,
    /// The response's schema.
    pub schema: &'a Value,
    pub origin: &'a Origin,
}

impl<'a> Call<'a> {
    /// The parents the path names before the segment `until` (all, for `None`): each path
    /// parameter's name and value (`customer` and `cus_1` of `/v1/customers/cus_1/sources`),
    /// but a parameter named `id`, which is no field of the object but its own.
    pub(crate) fn parents(
        &self,
        until: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let route = self.route;
        self.path
            .split('/')
            .enumerate()
            .take_while(move |(_, segment)| Some(*segment) != until)
            .filter_map(move |(i, segment)| Some((route.param_name(i)?, segment)))
            .filter(|(name, _)| *name != "id")
    }
}
