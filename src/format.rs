//! The one formatting vocabulary of everything that shows the catalogue to people (`show`, `find`,
//! `compare`, the page): prices, counts, token sizes, dates with the days between them, the wire
//! names of the catalogue's enums, region lists and aligned text columns.

/// A count with thousands separators (`2,000,000`).
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity (a quota value): whole numbers grouped (`-1,000`, `2,000,000`), others as they are.
pub fn quantity(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let n = value as i64;
        let grouped = group(n.unsigned_abs());
        if n < 0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        value.to_string()
    }
}

/// USD with at least two decimals and at most six (`3.00`, `0.525`, `0.000125`), tiny prices as
/// they are.
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

/// A token count as people say it: `200k`, `1m`, `8,192` (exact: a count that is not a whole
/// number of thousands is grouped).
pub fn tokens(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        group(n)
    }
}

/// `200k`, `1m`, `1.5m`, `8192`, `8,192` as a token count; `None` for anything else.
pub fn parse_tokens(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_lowercase().replace(',', "");
    let (number, times) = match t.chars().last()? {
        'k' => (&t[..t.len() - 1], 1_000.0),
        'm' => (&t[..t.len() - 1], 1_000_000.0),
        _ => (t.as_str(), 1.0),
    };
    let value: f64 = number.parse().ok()?;
    let n = value * times;
    (value.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 1e15).then_some(n as u64)
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

/// Calendar days (UTC) from `from` to `to`, both RFC 3339 times or dates, when both parse.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// `2026-09-01 (in 120 days)`, `2026-01-01 (34 days ago)`, `2026-05-01 (today)`; the date alone
/// when there is no today.
pub fn dated(date: &str, today: Option<&str>) -> String {
    let day = date.get(..10).unwrap_or(date);
    match today.and_then(|t| days_between(t, date)) {
        Some(0) => format!("{day} (today)"),
        Some(1) => format!("{day} (tomorrow)"),
        Some(n) if n > 1 => format!("{day} (in {n} days)"),
        Some(-1) => format!("{day} (yesterday)"),
        Some(n) => format!("{day} ({} days ago)", -n),
        None => day.to_string(),
    }
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

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Lower case, with `.`, `-`, `_`, `/` and whitespace all one `-`, runs collapsed: how a query
/// and a name are compared, so that `sonnet 4.5` and `sonnet-4-5` are alike.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, '.' | '-' | '_' | '/') || c.is_whitespace() {
            '-'
        } else {
            c
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

/// The words of a free-text query, each [`normalise`]d.
pub fn fragment_words(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(|w| normalise(w).trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Columns two spaces apart after `indent`, left-aligned except the `right` ones; trailing spaces
/// trimmed.
pub fn columns(
    indent: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
    right: &[usize],
) -> Vec<String> {
    let mut all = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    all.extend(rows);
    let mut widths = vec![0; header.len()];
    for row in &all {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    all.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let width = widths[i];
                    if right.contains(&i) {
                        format!("{cell:>width$}")
                    } else {
                        format!("{cell:<width$}")
                    }
                })
                .collect();
            format!("{indent}{}", cells.join("  "))
                .trim_end()
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(2_000_000), "2,000,000");
        assert_eq!(quantity(-1000.0), "-1,000");
        assert_eq!(quantity(0.5), "0.5");
    }

    #[test]
    fn prices_tokens_and_days() {
        assert_eq!(usd(3.0), "3.00");
        assert_eq!(usd(0.000125), "0.000125");
        assert_eq!(usd(15.5), "15.50");
        assert_eq!(tokens(200_000), "200k");
        assert_eq!(tokens(1_000_000), "1m");
        assert_eq!(tokens(8192), "8,192");
        assert_eq!(parse_tokens("200k"), Some(200_000));
        assert_eq!(parse_tokens("1M"), Some(1_000_000));
        assert_eq!(parse_tokens("1.5m"), Some(1_500_000));
        assert_eq!(parse_tokens("8,192"), Some(8192));
        assert_eq!(parse_tokens("0.5"), None);
        assert_eq!(parse_tokens("lots"), None);
        assert_eq!(parse_tokens("-1k"), None);
        assert_eq!(day_number("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(day_number("2026-12-04"), Some(20_791));
        assert_eq!(days_between("2027-02-28", "2027-03-01"), Some(1));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(day_number("soon"), None);
        assert_eq!(regions(&["a", "b"], 2), "all 2 regions");
        assert_eq!(regions(&["a"], 2), "a");
    }

    #[test]
    fn days_left_count_calendar_days() {
        let today = Some("2026-05-01T23:59:00Z");
        assert_eq!(
            dated("2026-05-02T00:00:00Z", today),
            "2026-05-02 (tomorrow)"
        );
        assert_eq!(dated("2026-05-01T00:00:00Z", today), "2026-05-01 (today)");
        assert_eq!(
            dated("2026-08-29T00:00:00Z", today),
            "2026-08-29 (in 120 days)"
        );
        assert_eq!(
            dated("2026-04-01T00:00:00Z", today),
            "2026-04-01 (30 days ago)"
        );
        assert_eq!(dated("2026-04-01T00:00:00Z", None), "2026-04-01");
        assert_eq!(dated("soon", today), "soon");
    }
}
