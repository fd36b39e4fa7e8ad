//! The result of a diff, and its text, Markdown and JSON forms.
//!
//! The JSON form is the [`Report`] serialized as it is: its field names and the `snake_case`
//! names of its enums are the stable format, versioned by [`Report::format_version`].

use serde::Serialize;

/// The version of the JSON format; it changes when a field is renamed or removed.
pub const FORMAT_VERSION: u32 = 1;

/// Everything that changed between two specs.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The format version this report is written in (`FORMAT_VERSION`).
    pub format_version: u32,
    /// The spec compared from.
    pub old: SpecInfo,
    /// The spec compared to.
    pub new: SpecInfo,
    /// The counts of what changed.
    pub summary: Summary,
    /// What changed on the wire, sorted by where it is.
    pub changes: Vec<Change>,
    /// What changes in the generated crate, sorted by item.
    pub rust_impact: Vec<RustChange>,
}

/// One of the two specs.
#[derive(Debug, Clone, Serialize)]
pub struct SpecInfo {
    /// The pinned tag, or the file name.
    pub label: String,
    /// `info.version`: the API version.
    pub api_version: String,
    /// sha256 of the spec file, lowercase hex.
    pub sha256: String,
}

/// Counts a reviewer can check against the specs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Operations only the new spec has.
    pub operations_added: usize,
    /// Operations only the old spec has.
    pub operations_removed: usize,
    /// Operations the new spec deprecates.
    pub operations_deprecated: usize,
    /// Component schemas only the new spec has.
    pub schemas_added: usize,
    /// Component schemas only the old spec has.
    pub schemas_removed: usize,
    /// Component schemas the new spec renames.
    pub schemas_renamed: usize,
    /// Changes on the wire.
    pub changes: usize,
    /// Of those, the ones that break a client.
    pub breaking_changes: usize,
    /// Changes to the generated crate.
    pub rust_changes: usize,
    /// Of those, the ones that break code using it.
    pub breaking_rust_changes: usize,
}

/// Which way the changed data travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The API as a whole (its version, its operations, its schemas).
    Api,
    /// Parameters the client sends.
    Request,
    /// Data the client receives.
    Response,
    /// A schema used in requests and in responses.
    Both,
}

/// What kind of change an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    ApiVersionChanged,
    OperationAdded,
    OperationRemoved,
    OperationDeprecated,
    OperationUndeprecated,
    SchemaAdded,
    SchemaRemoved,
    SchemaRenamed,
    FieldAdded,
    FieldRemoved,
    FieldDeprecated,
    BecameRequired,
    BecameOptional,
    BecameNullable,
    BecameNonNullable,
    TypeChanged,
    EnumValueAdded,
    EnumValueRemoved,
    ExpandableAdded,
    ExpandableRemoved,
    VariantAdded,
    VariantRemoved,
}

/// One change on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Whether it is in a request or a response.
    pub side: Side,
    /// `"POST /v1/customers"`, for a change to an operation or its parameters or response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The component schema's name, for a change inside one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The field or parameter path inside the operation or schema: names joined by `.`, `[]`
    /// for an array's items, `*` for a map's values, `response` for an operation's response.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// The value before (a type, an enum value, a variant, a name), when the kind has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// For an added field or parameter: whether it is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Whether a client written against the old spec can fail against the new one.
    pub breaking: bool,
    /// The change in one sentence, with Markdown code spans.
    pub message: String,
}

/// The kind of generated item a Rust change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A struct or an enum.
    Type,
    /// A request type (one per operation).
    Request,
    /// The response type of a request.
    Response,
    /// A public field of a struct.
    Field,
    /// A variant of an enum.
    Variant,
    /// `new`, with the required parameters.
    Constructor,
    /// A builder method of a request.
    Method,
    /// A derived `Default`.
    Default,
}

/// How a generated item changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustChangeKind {
    Added,
    Removed,
    /// The signature (a type, the arguments) changed.
    Changed,
    /// The type has a new name: the old one no longer exists.
    Renamed,
    /// The type moved to another module and cargo feature.
    Moved,
}

/// One change to the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    /// What kind of item it is.
    pub kind: ItemKind,
    /// What happened to it.
    pub change: RustChangeKind,
    /// The item as it is written in code: `Customer`, `Customer.email`, `TaxExempt::Reverse`,
    /// `CreateCustomer::new`, `CreateCustomer::email`.
    pub item: String,
    /// The cargo feature (module) of the item after the change, before it for a removal.
    pub feature: String,
    /// The signature before: a field's type, a method's arguments, a module.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The signature after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Whether code that compiles against the old crate can stop compiling.
    pub breaking: bool,
    /// The change in one sentence, with Markdown code spans.
    pub message: String,
}

impl Report {
    /// Whether a change breaks a client of the API or code that uses the generated crate.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking) || self.has_breaking_rust()
    }

    /// Whether a change breaks code that uses the generated crate.
    pub fn has_breaking_rust(&self) -> bool {
        self.rust_impact.iter().any(|c| c.breaking)
    }

    /// Whether anything changed at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.rust_impact.is_empty()
    }

    /// The JSON form, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report serializes") + "\n"
    }

    /// The terminal form.
    pub fn to_text(&self) -> String {
        self.render(false)
    }

    /// The changelog form.
    pub fn to_markdown(&self) -> String {
        self.render(true)
    }

    /// Both printed forms: the same sections and lines, as plain text or as Markdown lists.
    fn render(&self, markdown: bool) -> String {
        let (old, new) = (self.old.describe(), self.new.describe());
        let entry = |nested: bool, breaking: bool, message: &str| {
            if markdown {
                let indent = if nested { "  " } else { "" };
                let mark = if breaking { "**breaking**: " } else { "" };
                format!("{indent}- {mark}{message}")
            } else {
                let indent = if nested { "    " } else { "  " };
                let mark = if breaking { "BREAKING" } else { "        " };
                format!("{indent}{mark} {message}")
            }
        };
        let section = |title: &str| {
            if markdown {
                format!("\n## {title}\n")
            } else {
                format!("\n{title}")
            }
        };
        let mut lines = vec![if markdown {
            format!("# Stripe API diff: {old} → {new}\n")
        } else {
            format!("Stripe API diff: {old} -> {new}")
        }];
        lines.push(self.summary.line());
        for (title, changes) in self.sections() {
            lines.push(section(title));
            for (heading, group) in group_by_place(changes) {
                let nested = heading.is_some();
                if let Some(heading) = heading {
                    lines.push(if markdown {
                        format!("- {heading}")
                    } else {
                        format!("  {heading}")
                    });
                }
                for c in group {
                    lines.push(entry(nested, c.breaking, &c.message));
                }
            }
        }
        if !self.rust_impact.is_empty() {
            lines.push(section("Rust impact"));
            for c in &self.rust_impact {
                lines.push(entry(false, c.breaking, &c.message));
            }
        }
        if self.is_empty() {
            lines.push("\nNo changes.".into());
        }
        lines.join("\n") + "\n"
    }

    /// The changes in the order they are printed, under their section titles.
    fn sections(&self) -> Vec<(&'static str, Vec<&Change>)> {
        let pick = |f: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).collect();
        let sections: Vec<(&'static str, Vec<&Change>)> = vec![
            (
                "API",
                pick(&|c| c.operation.is_none() && c.schema.is_none()),
            ),
            (
                "Operations",
                pick(&|c| c.operation.is_some() && c.path.is_empty()),
            ),
            (
                "Request parameters",
                pick(&|c| c.operation.is_some() && c.side == Side::Request),
            ),
            (
                "Operation responses",
                pick(&|c| c.operation.is_some() && c.side == Side::Response),
            ),
            ("Schemas", pick(&|c| c.schema.is_some())),
        ];
        sections
            .into_iter()
            .filter(|(_, c)| !c.is_empty())
            .collect()
    }
}

impl SpecInfo {
    fn describe(&self) -> String {
        format!("{} (API version {})", self.label, self.api_version)
    }
}

impl Summary {
    fn line(&self) -> String {
        format!(
            "{} changes, {} breaking. Operations: {} added, {} removed, {} newly deprecated. \
             Schemas: {} added, {} removed, {} renamed. Rust items: {} changes, {} breaking.",
            self.changes,
            self.breaking_changes,
            self.operations_added,
            self.operations_removed,
            self.operations_deprecated,
            self.schemas_added,
            self.schemas_removed,
            self.schemas_renamed,
            self.rust_changes,
            self.breaking_rust_changes,
        )
    }
}

impl Change {
    /// The operation or schema a change sits in, when it sits inside one.
    fn place(&self) -> Option<String> {
        if self.path.is_empty() {
            return None;
        }
        match (&self.operation, &self.schema) {
            (Some(op), _) => Some(format!("`{op}`")),
            (None, Some(schema)) => Some(format!("`{schema}`")),
            (None, None) => None,
        }
    }
}

/// Consecutive changes in the same operation or schema, under one heading.
fn group_by_place<'a>(changes: Vec<&'a Change>) -> Vec<(Option<String>, Vec<&'a Change>)> {
    let mut groups: Vec<(Option<String>, Vec<&'a Change>)> = Vec::new();
    for c in changes {
        let place = c.place();
        match groups.last_mut() {
            Some((last, group)) if *last == place => group.push(c),
            _ => groups.push((place, vec![c])),
        }
    }
    groups
}
