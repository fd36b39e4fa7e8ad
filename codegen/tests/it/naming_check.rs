//! The names of the generated tree say what they are: no field, enum value or union variant is
//! told apart from another by a number the generator added, and no union variant carries
//! Stripe's internal title suffixes (`secret_key_param`, `range_query_specs`).

use stripe_codegen::generate;
use stripe_codegen::ir::{Api, TypeKind};
use stripe_codegen::load::SpecFiles;
use stripe_codegen::naming::{field_name, variant_name};

fn api(tag: &str) -> Api {
    let files = SpecFiles::pinned(tag).unwrap_or_else(|e| panic!("{e:#}"));
    generate::api_from_files(&files).unwrap()
}

/// Every name of `api` that does not follow from the spec: a field or enum value whose Rust
/// name is not its wire name's, or a union variant with a number or a title suffix.
fn misleading_names(api: &Api) -> Vec<String> {
    let mut out = Vec::new();
    let fields = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some((&t.name, &s.fields)),
            _ => None,
        })
        .chain(api.operations.iter().map(|op| (&op.name, &op.params)));
    for (owner, fields) in fields {
        for f in fields.iter().filter(|f| f.rust != field_name(&f.wire)) {
            out.push(format!("{owner}.{} is the field {:?}", f.rust, f.wire));
        }
    }
    for t in &api.types {
        let variants: Vec<&str> = match &t.kind {
            TypeKind::Enum(e) => {
                for v in e
                    .variants
                    .iter()
                    .filter(|v| v.rust != variant_name(&v.wire))
                {
                    out.push(format!("{}::{} is the value {:?}", t.name, v.rust, v.wire));
                }
                continue;
            }
            TypeKind::ObjectUnion(u) => u.variants.iter().map(|v| v.rust.as_str()).collect(),
            TypeKind::ParamUnion(u) => u.variants.iter().map(|v| v.rust.as_str()).collect(),
            TypeKind::Struct(_) => continue,
        };
        for v in variants {
            let numbered = v.ends_with(|c: char| c.is_ascii_digit());
            let titled = ["Param", "Params", "Specs"].iter().any(|s| v.ends_with(s));
            if numbered || titled {
                out.push(format!("{}::{v}", t.name));
            }
        }
    }
    out
}

#[test]
fn the_names_of_the_shipped_versions_follow_from_the_spec() {
    for tag in ["v271", "2024-04-10"] {
        let api = api(tag);
        assert_eq!(misleading_names(&api), Vec::<String>::new(), "{tag}");
    }
}
