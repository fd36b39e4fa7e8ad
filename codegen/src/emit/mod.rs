//! IR -> formatted Rust files of the generated crates (`stripekit-api-<version>`).
//!
//! The emitter makes no decisions of its own: it renders what the IR says. The hand-written code
//! the generated crates stand on is the `stripekit-types` crate, which they depend on.
//!
//! Small functions that only a program's own requests reach (form encoding, a request's path and
//! body, enum conversions, `HasId`, paging) are `#[inline]`: rustc then compiles them in the crate
//! that calls them, so a request the program never sends costs it no machine code. `FromJson`
//! is not: `Resource` reaches every response type, and one copy in the defining crate is cheaper
//! than one in every crate that decodes.

mod builder;
mod crate_root;
mod debug;
mod every_operation;
mod operations;
mod types;

pub use every_operation::{EVERY_OPERATION, every_operation};

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, TypeRef};
use crate::lower::SHARED;
use crate::naming;
use crate::packaging::Packaging;

/// One file of the generated crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// The whole file.
    pub contents: String,
}

/// An error in the emitter itself: generated tokens that do not parse.
#[derive(Debug, thiserror::Error)]
#[error("generated {file} does not parse: {message}")]
pub struct EmitError {
    /// The file being generated.
    pub file: String,
    /// What the parser says.
    pub message: String,
}

/// Every file of the generated tree, in path order. The tree is a workspace of crates, so that
/// cargo compiles the resource areas side by side:
///
/// - `shared/`: `<root>-shared`, the types several areas use, and a re-export of
///   `stripekit-types` (the hand-written request trait, JSON reader, form encoder, …), which it
///   depends on as `packaging` says: by version, and by path when one is given;
/// - `domains/<name>/`: the domain crates of the table `codegen/domains.toml`
///   ([`Api::domain_crates`]), each area a module behind its cargo feature, which refers only to
///   itself and the shared crate;
/// - the root (`stripekit-api-2022-11-15`, named by [`crate::packaging`]), which re-exports all
///   of them behind one cargo feature per area, with a README naming its API version and spec.
///   It also holds `Resource` (any object of the API), which refers to every area, and the
///   areas that refer to `Resource` ([`Api::root_modules`]).
pub fn emit(api: &Api, packaging: &Packaging) -> Result<Vec<GeneratedFile>, EmitError> {
    let header = header(api);
    let names = crate_root::Names::new(api, packaging);
    let mut files = Vec::new();
    // Module -> file of the module (as the IR records them) -> its items. The shared crate
    // always has its module, even when no type is shared.
    let mut modules: BTreeMap<&str, BTreeMap<&str, TokenStream>> =
        BTreeMap::from([(SHARED, BTreeMap::new())]);
    for (i, t) in api.types.iter().enumerate() {
        let id = crate::ir::TypeId(i);
        modules
            .entry(t.module.as_str())
            .or_default()
            .entry(t.file.as_str())
            .or_default()
            .extend(types::type_def(api, id));
    }
    for op in &api.operations {
        modules
            .entry(op.module.as_str())
            .or_default()
            .entry(op.file.as_str())
            .or_default()
            .extend(operations::request(api, op));
    }
    if api.root_modules.contains(SHARED) {
        return Err(EmitError {
            file: format!("shared/src/{SHARED}.rs"),
            message: "a shared type refers to `Resource`, which only the root crate has".into(),
        });
    }
    // Where each area module of a domain crate goes.
    let mut dirs: BTreeMap<&str, String> = BTreeMap::new();
    for domain in &api.domain_crates {
        let dir = crate_root::domain_dir(domain);
        files.push(GeneratedFile {
            path: format!("{dir}/Cargo.toml"),
            contents: crate_root::domain_manifest(&names, &header, domain),
        });
        files.push(rust_file(
            &format!("{dir}/src/lib.rs"),
            &header,
            crate_root::domain_lib_rs(&names, domain),
        )?);
        dirs.extend(domain.areas.iter().map(|a| (a.as_str(), dir.clone())));
    }
    for (module, module_files) in modules {
        let dir = if module == SHARED {
            format!("shared/src/{module}")
        } else if let Some(dir) = dirs.get(module) {
            format!("{dir}/src/{module}")
        } else if api.root_modules.contains(module) {
            format!("src/{module}")
        } else {
            return Err(EmitError {
                file: format!("src/{module}.rs"),
                message: format!("the IR places the area `{module}` in no crate"),
            });
        };
        // The module's own file includes its files: one module, so that the compiler resolves
        // no import per file (submodules with glob imports cost the shared crate a third more
        // compile time).
        let module_name = dir.rsplit('/').next().unwrap_or(module);
        let includes = module_files.keys().map(|f| format!("{module_name}/{f}.rs"));
        let tokens = quote! {
            #![allow(deprecated)]
            #[allow(unused_imports)]
            use crate::*;
            #( include!(#includes); )*
        };
        files.push(rust_file(&format!("{dir}.rs"), &header, tokens)?);
        for (file, tokens) in module_files {
            files.push(included_file(&format!("{dir}/{file}.rs"), &header, tokens)?);
        }
    }
    files.push(GeneratedFile {
        path: "shared/Cargo.toml".into(),
        contents: crate_root::shared_manifest(api, &names, &header),
    });
    files.push(rust_file(
        "shared/src/lib.rs",
        &header,
        crate_root::shared_lib_rs(api, &names),
    )?);
    files.push(rust_file(
        "src/resource.rs",
        &header,
        crate_root::resource_enum(api),
    )?);
    files.push(GeneratedFile {
        path: "README.md".into(),
        contents: crate_root::readme(api, &names),
    });
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: crate_root::facade_manifest(api, &names, &header),
    });
    files.push(rust_file(
        "src/lib.rs",
        &header,
        crate_root::facade_lib_rs(api, &names),
    )?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Where [`resource_table`] goes, relative to the workspace.
pub const RESOURCE_TABLE: &str = "tests/src/resource_table.rs";

/// The test table that maps each `x-resourceId` (a key of the fixtures file) to its generated
/// type, for the tests crate.
pub fn resource_table(api: &Api) -> Result<GeneratedFile, EmitError> {
    let mut ids: Vec<&(String, crate::ir::TypeId)> = api.resource_ids.iter().collect();
    ids.sort_by(|a, b| a.0.cmp(&b.0));
    let arms = ids.iter().map(|(resource_id, ty)| {
        let name = format_ident!("{}", api.types[ty.0].name);
        quote!(#resource_id => task.run::<stripe_generated::#name>(),)
    });
    let tokens = quote! {
        /// Runs `task` with the type generated for the resource `resource_id` (a key of the
        /// fixtures file); `None` for a resource id the crate has no type for.
        pub fn with_resource_type<T: crate::ResourceTask>(resource_id: &str, task: T) -> Option<T::Output> {
            Some(match resource_id {
                #(#arms)*
                _ => return None,
            })
        }
    };
    rust_file(RESOURCE_TABLE, &header(api), tokens)
}

/// The generated-file notice, one line per element.
fn header(api: &Api) -> Vec<String> {
    vec![
        "@generated by stripe-codegen. Do not edit: change codegen/ or templates/ and run"
            .to_string(),
        "`cargo xtask generate`.".to_string(),
        format!(
            "Spec: {} (API version {}), sha256 {}.",
            api.source.label, api.api_version, api.source.sha256
        ),
    ]
}

fn comment_header(header: &[String]) -> String {
    header.iter().map(|l| format!("// {l}\n")).collect()
}

fn rust_file(
    path: &str,
    header: &[String],
    tokens: TokenStream,
) -> Result<GeneratedFile, EmitError> {
    // The file is formatted by prettyplease; `cargo fmt` must leave it as it is.
    let tokens = quote! {
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #tokens
    };
    included_file(path, header, tokens)
}

/// `tokens` formatted by prettyplease under the header. As it is, a file of items that a module
/// `include!`s (`cargo fmt` does not follow `include!`, and an included file can have no inner
/// attribute); [`rust_file`] adds the attribute that keeps `cargo fmt` off the others.
fn included_file(
    path: &str,
    header: &[String],
    tokens: TokenStream,
) -> Result<GeneratedFile, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    let text = prettyplease::unparse(&file);
    Ok(GeneratedFile {
        path: path.to_string(),
        contents: format!(
            "{}
{text}",
            comment_header(header)
        ),
    })
}

/// `#[doc = ...]` attributes, one per line, so that they print as `///` comments.
pub(crate) fn doc_attrs(doc: &str) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #( #[doc = #lines] )* }
}

/// The lines of `doc` as doc attributes hold them: a space before each non-empty line.
fn doc_lines(doc: &str) -> impl Iterator<Item = String> + '_ {
    doc.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    })
}

/// The Rust type of a type reference.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Decimal => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Int => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Timestamp => quote!(crate::Timestamp),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::AnyResource => quote!(crate::Resource),
        TypeRef::File => quote!(crate::FileUpload),
        TypeRef::Named(id) => {
            let name = format_ident!("{}", api.types[id.0].name);
            quote!(#name)
        }
        TypeRef::ErrorCode => quote!(crate::ErrorCode),
        TypeRef::DeclineCode => quote!(crate::DeclineCode),
        TypeRef::Id(kind) => {
            let alias = format_ident!("{}", naming::id_alias_name(&api.types[kind.0].name));
            quote!(#alias)
        }
        TypeRef::Vec(t) => {
            let t = rust_type(api, t);
            quote!(Vec<#t>)
        }
        TypeRef::Map(t) => {
            let t = rust_type(api, t);
            quote!(std::collections::BTreeMap<String, #t>)
        }
        TypeRef::Expandable(t) => {
            let t = rust_type(api, t);
            quote!(crate::Expandable<#t>)
        }
        TypeRef::List(t) => {
            let t = rust_type(api, t);
            quote!(crate::List<#t>)
        }
        TypeRef::SearchResult(t) => {
            let t = rust_type(api, t);
            quote!(crate::SearchResult<#t>)
        }
        TypeRef::Clearable(t) => {
            let t = rust_type(api, t);
            quote!(crate::Clearable<#t>)
        }
        TypeRef::Boxed(t) => {
            let t = rust_type(api, t);
            quote!(Box<#t>)
        }
    }
}
