//! A malformed spec gives an error that names where it is wrong, and leaves the output untouched.

use std::path::Path;

use stripe_codegen::generate;
use stripe_codegen::load::SpecFiles;
use stripe_codegen::packaging::Packaging;

const VALID: &str = r##"
openapi: 3.0.0
info: {title: Stripe API, version: "2022-11-15"}
paths:
  /v1/widgets/{widget}:
    get:
      operationId: GetWidget
      parameters:
        - {in: path, name: widget, required: true, schema: {type: string}, style: simple}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/widget"}
components:
  schemas:
    widget:
      type: object
      properties:
        id: {type: string}
        object: {type: string, enum: [widget]}
      required: [id, object]
"##;

/// Generates from `spec` into a crate directory that already holds a file, and returns the error
/// and whether the directory is unchanged.
fn generate_into_existing(spec: &str) -> (String, bool) {
    generate_with_fixtures(spec, None)
}

/// As [`generate_into_existing`], with `fixtures` as the `fixtures3.json` beside the spec.
fn generate_with_fixtures(spec: &str, fixtures: Option<&str>) -> (String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec3.yaml");
    std::fs::write(&spec_path, spec).unwrap();
    if let Some(fixtures) = fixtures {
        std::fs::write(dir.path().join("fixtures3.json"), fixtures).unwrap();
    }
    let crate_dir = dir.path().join("stripe-generated");
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    std::fs::write(crate_dir.join("src/lib.rs"), "// the checked-in crate\n").unwrap();
    let err = generate::write(
        &SpecFiles::beside(&spec_path, "test"),
        &Packaging::default(),
        Some(dir.path()),
        &crate_dir,
    )
    .err()
    .expect("generation fails");
    let unchanged = list(&crate_dir) == vec!["src/lib.rs".to_string()]
        && std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap()
            == "// the checked-in crate\n";
    (format!("{err:#}"), unchanged)
}

fn list(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(
                list(&path)
                    .into_iter()
                    .map(|p| format!("{}/{p}", path.file_name().unwrap().to_string_lossy())),
            );
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn the_valid_base_spec_generates() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec3.yaml");
    std::fs::write(&spec_path, VALID).unwrap();
    let output = generate::write(
        &SpecFiles::beside(&spec_path, "test"),
        &Packaging::default(),
        Some(dir.path()),
        &dir.path().join("out"),
    )
    .unwrap();
    // `widgets` is an area the table of domains does not list: it goes in the default crate,
    // and the generator says so.
    assert!(
        output
            .crate_files
            .iter()
            .any(|f| f.path == "domains/misc/src/widgets.rs")
    );
    assert_eq!(output.warnings.len(), 1, "{:?}", output.warnings);
    assert!(
        output.warnings[0].contains("`widgets` is not in codegen/domains.toml")
            && output.warnings[0].contains("`misc`"),
        "{}",
        output.warnings[0]
    );
}

#[test]
fn bad_yaml_says_where_and_writes_nothing() {
    let (err, unchanged) =
        generate_into_existing("openapi: 3.0.0\ninfo: {title: x, version: 1\npaths: {}\n");
    assert!(err.contains("line"), "{err}");
    assert!(unchanged);
}

#[test]
fn a_dangling_ref_names_its_pointer_and_writes_nothing() {
    let spec = VALID.replace(
        "#/components/schemas/widget\"}",
        "#/components/schemas/gadget\"}",
    );
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(
        err.contains(
            "/paths/~1v1~1widgets~1{widget}/get/responses/200/content/application~1json/schema"
        ),
        "{err}"
    );
    assert!(err.contains("gadget"), "{err}");
    assert!(unchanged);
}

#[test]
fn a_wrong_type_names_its_pointer_and_writes_nothing() {
    let spec = VALID.replace("required: [id, object]", "required: {id: true}");
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(err.contains("/components/schemas/widget"), "{err}");
    assert!(unchanged);
}

#[test]
fn an_unsupported_construct_names_its_pointer() {
    let spec = VALID.replace("id: {type: string}", "id: {allOf: [{type: string}]}");
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(
        err.contains("/components/schemas/widget/properties/id"),
        "{err}"
    );
    assert!(err.contains("allOf"), "{err}");
    assert!(unchanged);
}

#[test]
fn an_unsupported_method_names_its_pointer() {
    let spec = VALID.replace(
        "    get:\n      operationId: GetWidget",
        "    patch:\n      operationId: PatchWidget",
    );
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(
        err.contains("at /paths/~1v1~1widgets~1{widget}/patch:"),
        "{err}"
    );
    assert!(err.contains("GET, POST, DELETE or PUT"), "{err}");
    assert!(unchanged);
}

#[test]
fn two_operations_of_one_name_name_the_second() {
    // `/v1/widget/{id}` would be `RetrieveWidget` too, with as many path parameters: no rule
    // tells them apart.
    let second = r##"
  /v1/widget/{id}:
    get:
      operationId: GetWidgetId
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}, style: simple}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/widget"}
components:"##;
    let spec = VALID.replacen("\ncomponents:", second, 1);
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(
        err.contains("two operations are both named RetrieveWidget"),
        "{err}"
    );
    assert!(err.contains("at /paths/~1v1~1widget"), "{err}");
    assert!(unchanged);
}

#[test]
fn malformed_fixtures_name_their_file_and_write_nothing() {
    let (err, unchanged) = generate_with_fixtures(VALID, Some("{\"resources\": [1, 2"));
    assert!(err.contains("fixtures3.json: not JSON"), "{err}");
    assert!(unchanged);
    let (err, unchanged) = generate_with_fixtures(VALID, Some("{\"resources\": []}"));
    assert!(err.contains("fixtures3.json: at /resources:"), "{err}");
    assert!(unchanged);
}

#[test]
fn a_version_that_is_not_stripes_names_info_version() {
    let spec = VALID.replace(
        r#"version: "2022-11-15""#,
        r#"version: "Wed Oct 15 2025 12:00:00 GMT+0000""#,
    );
    let (err, unchanged) = generate_into_existing(&spec);
    assert!(err.contains("at /info/version"), "{err}");
    assert!(err.contains("--api-version"), "{err}");
    assert!(unchanged, "the crate directory changed");
}

#[test]
fn a_version_given_explicitly_is_the_crates() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("spec3.yaml");
    let spec = VALID.replace(r#"version: "2022-11-15""#, r#"version: "Wed Oct 15 2025""#);
    std::fs::write(&spec_path, spec).unwrap();
    let files = SpecFiles {
        api_version: Some("2024-04-10".into()),
        ..SpecFiles::beside(&spec_path, "test")
    };
    let out = dir.path().join("out");
    generate::write(&files, &Packaging::default(), None, &out).unwrap();
    let shared = std::fs::read_to_string(out.join("shared/src/lib.rs")).unwrap();
    assert!(
        shared.contains(r#"pub const API_VERSION: &str = "2024-04-10";"#),
        "{shared}"
    );
    let not_stripes = SpecFiles {
        api_version: Some("last week".into()),
        ..SpecFiles::beside(&spec_path, "test")
    };
    let err = generate::write(
        &not_stripes,
        &Packaging::default(),
        None,
        &dir.path().join("other"),
    )
    .err()
    .expect("a version not of Stripe's form is refused");
    assert!(err.to_string().contains("\"last week\""), "{err}");
}
