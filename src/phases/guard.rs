//! The guard against degraded runs: what makes a new catalogue worse than the one it would replace.

use serde_json::Value;

use crate::config::Guard;

fn failed(status: Option<&Value>) -> bool {
    !matches!(
        status.and_then(Value::as_str),
        None | Some("ok" | "not_opted_in" | "skipped")
    )
}

/// Why the run described by `current` (the new catalogue's metadata) is degraded against
/// `previous` (the previous catalogue, if any) and the guard's rules; empty when it is not.
/// One sentence per reason, in a stable order.
pub fn degraded_reasons(previous: Option<&Value>, current: &Value, guard: &Guard) -> Vec<String> {
    let mut reasons = Vec::new();
    let now =
        |region: &str, api: &str| current.pointer(&format!("/region_status/{region}/{api}/status"));

    for region in &guard.require_regions {
        let apis = current
            .pointer(&format!("/region_status/{region}"))
            .and_then(Value::as_object);
        let bad: Vec<String> = apis
            .into_iter()
            .flatten()
            .filter(|(_, st)| {
                let s = st.get("status").and_then(Value::as_str);
                s != Some("ok")
            })
            .map(|(api, st)| {
                format!(
                    "{api} {}",
                    st.get("status").and_then(Value::as_str).unwrap_or("?")
                )
            })
            .collect();
        if apis.is_none() || !bad.is_empty() {
            reasons.push(format!(
                "required region {region} did not answer ({})",
                if bad.is_empty() {
                    "not queried".to_string()
                } else {
                    bad.join(", ")
                }
            ));
        }
    }

    let Some(prev) = previous.and_then(|p| p.get("metadata")) else {
        return reasons;
    };
    for (region, apis) in prev
        .get("region_status")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (api, st) in apis.as_object().into_iter().flatten() {
            let was_ok = st.get("status").and_then(Value::as_str) == Some("ok");
            let status = now(region, api);
            if was_ok && status.is_some() && failed(status) {
                reasons.push(format!(
                    "{api} in {region} was ok in the previous run and is now {}",
                    status.and_then(Value::as_str).unwrap_or("?")
                ));
            }
        }
    }

    let count = |m: &Value| m.get("total_models").and_then(Value::as_u64);
    if let (Some(before), Some(after)) = (count(prev), count(current))
        && before > 0
        && after < before
    {
        let drop = (before - after) as f64 / before as f64 * 100.0;
        if drop > guard.max_model_drop_percent {
            reasons.push(format!(
                "the model count fell from {before} to {after} ({drop:.1}%, more than the allowed {}%)",
                guard.max_model_drop_percent
            ));
        }
    }

    for (name, st) in prev
        .get("sources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let was_ok = st.get("status").and_then(Value::as_str) == Some("ok");
        let status = current.pointer(&format!("/sources/{name}/status"));
        if was_ok && failed(status) {
            reasons.push(format!(
                "source {name} was ok in the previous run and is now {}",
                status.and_then(Value::as_str).unwrap_or("missing")
            ));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn guard() -> Guard {
        Guard {
            max_model_drop_percent: 10.0,
            require_regions: vec![],
            allow_degraded: false,
            fail_on: vec![],
        }
    }

    fn meta(models: u64, west: &str, litellm: &str) -> Value {
        json!({
            "total_models": models,
            "region_status": {
                "us-east-1": {"list_foundation_models": {"status": "ok"}},
                "us-west-2": {"list_foundation_models": {"status": west}}
            },
            "sources": {"litellm": {"status": litellm}}
        })
    }

    #[test]
    fn a_healthy_run_is_not_degraded() {
        let prev = json!({"metadata": meta(100, "ok", "ok")});
        assert!(degraded_reasons(Some(&prev), &meta(95, "ok", "ok"), &guard()).is_empty());
        // A region that failed last time too is partial, but not degraded.
        let prev = json!({"metadata": meta(100, "error", "ok")});
        assert!(degraded_reasons(Some(&prev), &meta(100, "error", "ok"), &guard()).is_empty());
        // No previous catalogue: nothing to protect.
        assert!(degraded_reasons(None, &meta(1, "error", "error"), &guard()).is_empty());
        // A region the account has just left: not a failure.
        let prev = json!({"metadata": meta(100, "ok", "ok")});
        assert!(
            degraded_reasons(Some(&prev), &meta(100, "not_opted_in", "ok"), &guard()).is_empty()
        );
    }

    #[test]
    fn each_rule_gives_one_sentence() {
        let prev = json!({"metadata": meta(100, "ok", "ok")});
        assert_eq!(
            degraded_reasons(Some(&prev), &meta(80, "timeout", "error"), &guard()),
            [
                "list_foundation_models in us-west-2 was ok in the previous run and is now timeout",
                "the model count fell from 100 to 80 (20.0%, more than the allowed 10%)",
                "source litellm was ok in the previous run and is now error",
            ]
        );
        let mut g = guard();
        g.require_regions = vec!["us-west-2".into(), "eu-west-1".into()];
        assert_eq!(
            degraded_reasons(None, &meta(100, "throttled", "ok"), &g),
            [
                "required region us-west-2 did not answer (list_foundation_models throttled)",
                "required region eu-west-1 did not answer (not queried)",
            ]
        );
    }
}
