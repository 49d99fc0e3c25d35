//! The JSON Schema of the catalogue, generated from the Rust types that write it.

use crate::catalog::Catalog;

/// The schema, as printed by `bedrock-collector schema`.
pub fn catalog_schema() -> serde_json::Value {
    // What the catalogue writes (every field it always writes is required), not what a read of an
    // older catalogue accepts (where missing fields take their defaults).
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.contract = schemars::generate::Contract::Serialize;
    let schema = settings.into_generator().into_root_schema_for::<Catalog>();
    serde_json::to_value(schema).expect("a schema always serializes")
}

/// The schema of `find --format json`: an array of matches.
pub fn find_schema() -> serde_json::Value {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.contract = schemars::generate::Contract::Serialize;
    let schema = settings
        .into_generator()
        .into_root_schema_for::<Vec<crate::find::Match>>();
    serde_json::to_value(schema).expect("a schema always serializes")
}
