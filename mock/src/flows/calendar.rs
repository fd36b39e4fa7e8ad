//! Billing periods by the calendar: a month later is the same day of the next month, clamped to
//! its length, in UTC.

/// `start` plus `count` intervals (`day`, `week`, `month`, `year`), months by the calendar (the
/// day clamped to the month's length), in UTC.
pub(super) fn add_interval(start: i64, interval: &str, count: i64) -> i64 {
    // Stripe's longest billing interval is three years; this bounds the arithmetic.
    let count = count.clamp(0, 3 * 365);
    let days = start.div_euclid(86_400);
    let seconds = start.rem_euclid(86_400);
    let months = match interval {
        "day" => return start.saturating_add(count * 86_400),
        "week" => return start.saturating_add(count * 7 * 86_400),
        "year" => 12 * count,
        _ => count,
    };
    let (year, month, day) = civil_from_days(days);
    let total = year * 12 + (month - 1) + months;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let day = day.min(days_in_month(year, month));
    days_from_civil(year, month, day)
        .saturating_mul(86_400)
        .saturating_add(seconds)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_a_calendar_month() {
        // 2024-01-31 00:00:00 UTC → 2024-02-29 (leap year), → 2025-01-31 for a year.
        let jan_31 = 1_706_659_200;
        assert_eq!(add_interval(jan_31, "month", 1), 1_709_164_800);
        assert_eq!(add_interval(jan_31, "year", 1), 1_738_281_600);
        assert_eq!(add_interval(jan_31, "week", 2), jan_31 + 14 * 86_400);
        assert_eq!(
            add_interval(jan_31 + 3_600, "month", 1),
            1_709_164_800 + 3_600
        );
    }

    #[test]
    fn dates_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
