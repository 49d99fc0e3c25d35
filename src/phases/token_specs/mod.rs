//! Phase 4.5: token specifications (context window and maximum output tokens) for every model key.
//!
//! Two inputs, both pure data here (fetching and caching live in the sources):
//!
//! * **LiteLLM's community database** (`model_prices_and_context_window.json`), parsed by
//!   [`LiteLlmDb::parse`]. Only entries whose `litellm_provider` is `bedrock` or `bedrock_converse`
//!   are used. `bedrock_mantle` entries are not: they describe the OpenAI-compatible Mantle endpoint,
//!   whose ids and limits differ from the `bedrock-runtime` ids that ListFoundationModels returns.
//! * **The corrections file** (`corrections/model_spec_corrections.json`), parsed by
//!   [`Corrections::parse`]: a JSON object; keys starting with `_` are ignored; every other key is a
//!   model id, catalogue key or variant id mapping to `{context_window, max_output_tokens, reason,
//!   source_url, features}` (`features`: `{vision: true, ...}`, flags the citation states). A
//!   correction always wins.
//!
//! # LiteLLM key shapes
//!
//! A key is taken apart into route, region, commitment, inference-profile prefix and model id
//! ([`parse_litellm_key`]): `anthropic.claude-sonnet-4-5-20250929-v1:0` (base),
//! `bedrock/…` or `bedrock_converse/…` (route, optionally followed by `converse/` or `invoke/`),
//! `bedrock/us-west-2/…` (regional), `bedrock/<region>/1-month-commitment/…` (commitment),
//! `us.`/`eu.`/`apac.`/`global.`/`au.`/`jp.`/`us-gov.`/`in.`/`ca.` (inference profile). Keys that do
//! not reduce to a `vendor.model` id (`bedrock/claude_platform/…`, `bedrock/guardrails`, image-size
//! keys such as `1024-x-1024/50-steps/…`, the bare `claude-sonnet-4-5-…`) are ignored and listed by
//! [`LiteLlmDb::ignored_bedrock_keys`].
//!
//! # Match rules, precision first
//!
//! 1. The model's id is its invocable id with any context-variant suffix removed
//!    (`amazon.nova-pro-v1:0:300k` → `amazon.nova-pro-v1:0`).
//! 2. **Exact id**: LiteLLM entries whose model id equals it, in any key shape.
//! 3. **Version suffix**: `X:0` and `X` are the same model (Bedrock's first version is `:0` and is
//!    sometimes written without it). Other suffixes (`:1`, `:2`) are different versions and only
//!    match exactly.
//! 4. **Unique normalised name**, only if 2 and 3 found nothing: same vendor (`moonshot` and
//!    `moonshotai` are one vendor) and the same sequence of name tokens once `-`, `.`, `_`, `@` and
//!    `:` are treated alike (`zai.glm-4-7` ≡ `zai.glm-4.7`). Every token (family, size, version,
//!    date) must be equal, and exactly one LiteLLM model id may have that form; otherwise the value
//!    is unknown. A neighbour's value is never used: `amazon.nova-sonic-v1:0` does not match
//!    `amazon.nova-2-sonic-v1:0`, a Llama 3.2 11B never gets a 90B's entry.
//! 5. **Mode**: text-output models use entries of mode `chat`, `completion`, `responses` or
//!    `realtime` (context = `max_input_tokens`, output = `max_output_tokens`); a `rerank` entry gives
//!    a text model its input limit only (a reranker returns scores, not tokens); embedding models use
//!    `embedding` entries and get their input limit only; models whose output is only images, video
//!    or speech get no values from LiteLLM. `max_tokens` is ignored (LiteLLM documents it as a
//!    legacy field meaning either limit); 0 counts as absent.
//! 6. **Which entry, when several match**: sort by match kind (exact, then version suffix), then key
//!    shape (base, route, inference profile, regional, commitment), then entries giving more of the
//!    wanted values, then the value pair held by more keys, then the key's text. Both numbers come
//!    from that one entry. Every other matching key with a different value is recorded as a
//!    [`Disagreement`] of kind `between_litellm_keys`.
//! 7. **Corrections** are looked up by the invocable id, then the catalogue key, then each variant
//!    id (sorted); the first hit is applied field by field (a correction may give one value only).
//!    Where it differs from the chosen LiteLLM value, a `correction_vs_litellm` disagreement keeps
//!    both values; other matching corrections with different values give `between_corrections`.
//!
//! Context-variant ids (`…:0:28k`, `…:0:200k`, `…:0:mm`) are provisioned-throughput variants: the
//! suffix names the context length that variant is sold for. They are recorded in
//! [`TokenSpec::context_variants`] with their nominal size and never used as the model's values.

mod converse;
mod corrections;
mod coverage;
mod error;
mod features;
mod litellm;
mod resolve;

pub use converse::*;
pub use corrections::*;
pub use coverage::*;
pub use error::*;
pub use features::*;
pub use litellm::*;
pub use resolve::*;

#[cfg(test)]
mod tests;
