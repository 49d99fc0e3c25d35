//! Numbers, prices, dates and region lists as the page writes them.

/// USD with at least two decimals and at most six (`3.00`, `0.000125`), tiny prices as they are.
pub fn usd(x: f64) -> String {
    if x != 0.0 && x.abs() < 0.000_001 {
        return x.to_string();
    }
    let mut text = format!("{x:.6}");
    while text.ends_with('0') && text.len() - text.find('.').unwrap_or(text.len()) > 3 {
        text.pop();
    }
    text
}

pub use crate::format::group;

/// A quota value: whole numbers grouped, others as they are, `unknown` for none.
pub fn number(value: Option<f64>) -> String {
    match value {
        Some(f) if f.fract() == 0.0 && (0.0..1e15).contains(&f) => group(f as u64),
        Some(f) => f.to_string(),
        None => "unknown".to_string(),
    }
}

/// Days since 1970-01-01 of the `YYYY-MM-DD` at the start of `s` (an RFC 3339 time or a date).
pub fn day_number(s: &str) -> Option<i64> {
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A list of regions: `all N regions` when it is every region of the catalogue that answered.
pub fn regions(list: &[&str], answered: usize) -> String {
    if answered > 1 && list.len() == answered {
        format!("all {answered} regions")
    } else {
        list.join(", ")
    }
}

/// The name the catalogue writes for a value of one of its enums.
pub fn wire<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_numbers_and_days() {
        assert_eq!(usd(3.0), "3.00");
        assert_eq!(usd(0.000125), "0.000125");
        assert_eq!(usd(15.5), "15.50");
        assert_eq!(number(Some(2_000_000.0)), "2,000,000");
        assert_eq!(number(Some(0.5)), "0.5");
        assert_eq!(number(None), "unknown");
        assert_eq!(day_number("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(day_number("2026-12-04"), Some(20_791));
        assert_eq!(
            day_number("2027-03-01").unwrap() - day_number("2027-02-28").unwrap(),
            1
        );
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("soon"), None);
        assert_eq!(regions(&["a", "b"], 2), "all 2 regions");
        assert_eq!(regions(&["a"], 2), "a");
    }
}
