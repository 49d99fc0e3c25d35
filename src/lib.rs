//! bedrock-collector: builds a machine-readable catalogue of Amazon Bedrock foundation models.

pub mod model;
pub mod records;
