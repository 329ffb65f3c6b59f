//! Calendar arithmetic for `--since`/`--until`, author-day grouping and ages,
//! without a date crate (Howard Hinnant's civil-date algorithms).

use anyhow::{bail, Result};

/// Days since 1970-01-01 for a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a moment given in seconds since the epoch.
pub fn civil_day(seconds: i64) -> (i64, u32, u32) {
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD` (midnight UTC) → seconds since the epoch.
pub fn parse_date(text: &str) -> Result<i64> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    Some((y, m, d))
                }
                _ => None,
            }
        }
        _ => None,
    };
    match parsed {
        Some((y, m, d)) => Ok(days_from_civil(y, m, d) * 86_400),
        None => bail!("invalid date {text:?}: expected YYYY-MM-DD, e.g. 2024-01-31"),
    }
}

/// Today (UTC) as `YYYY-MM-DD`, for documents of a tree without git history.
/// `SOURCE_DATE_EPOCH` overrides the clock, for reproducible output.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_day(seconds);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whole months (of 30.44 days) from `then` to `now`, never negative.
pub fn months_between(then: i64, now: i64) -> u64 {
    let days = (now - then).max(0) as f64 / 86_400.0;
    (days / 30.436_875).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (1969, 7, 20)] {
            let secs = days_from_civil(y, m, d) * 86_400;
            assert_eq!(civil_day(secs), (y, m, d));
        }
    }

    #[test]
    fn parse_date_accepts_iso_days_and_rejects_the_rest() {
        assert_eq!(parse_date("1970-01-02").ok(), Some(86_400));
        assert!(parse_date("2024-13-01").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
