//! The JSON Schema of the catalogue, generated from the Rust types that write it.

use crate::catalog::Catalog;

/// The schema, as printed by `bedrock-collector schema`.
pub fn catalog_schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Catalog>();
    serde_json::to_value(schema).expect("a schema always serializes")
}
