//! Timestamps in the one form the vault stores them (`2026-11-30T19:12:19.847Z`,
//! as jiff writes a `Timestamp`) and the one `list` prints, converted with
//! plain calendar arithmetic: a listing reads and writes a date per secret,
//! and jiff's general parser and civil conversion were a tenth of its time.
//! Anything else is left to jiff.

use jiff::Timestamp;

const DAY: i64 = 86_400;

/// A timestamp in the form jiff writes, years 0000–9999: `YYYY-MM-DDTHH:MM:SS`,
/// an optional fraction of 1 to 9 digits, `Z`. None for anything else,
/// including a valid RFC 3339 date in another form (jiff reads those).
pub fn parse_stored(text: &[u8]) -> Option<Timestamp> {
    let digits = |at: usize, len: usize| -> Option<i64> {
        let part = text.get(at..at + len)?;
        part.iter().try_fold(0, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, b)| text.get(at) != Some(&b)) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let (nanos, end) = match text.get(19) {
        Some(b'.') => {
            let len = text[20..].iter().take_while(|b| b.is_ascii_digit()).count();
            if !(1..=9).contains(&len) {
                return None;
            }
            let fraction = digits(20, len)?;
            (fraction * 10_i64.pow(9 - len as u32), 20 + len)
        }
        _ => (0, 19),
    };
    if text.get(end..) != Some(b"Z")
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        // A leap second: jiff's reading decides.
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second;
    Timestamp::new(seconds, nanos as i32).ok()
}

/// `ts` as `list` prints it, `2026-11-30T19:12:19.847000+00:00`, appended
/// to `out`; None (nothing written) outside years 0000–9999.
pub fn write_listed(out: &mut Vec<u8>, ts: Timestamp) -> Option<()> {
    let (mut seconds, mut nanos) = (ts.as_second(), ts.subsec_nanosecond());
    // Before 1970 both are negative.
    if nanos < 0 {
        seconds -= 1;
        nanos += 1_000_000_000;
    }
    let (days, second_of_day) = (seconds.div_euclid(DAY), seconds.rem_euclid(DAY));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let mut text = *b"0000-00-00T00:00:00.000000+00:00";
    let fields = [
        (0..4, year),
        (5..7, month),
        (8..10, day),
        (11..13, second_of_day / 3600),
        (14..16, second_of_day / 60 % 60),
        (17..19, second_of_day % 60),
        (20..26, i64::from(nanos / 1000)),
    ];
    for (places, mut n) in fields {
        for digit in text[places].iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    out.extend_from_slice(&text);
    Some(())
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`: years counted from March, so the
/// leap day ends the year).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_timestamp() -> impl Strategy<Value = Timestamp> {
        (
            Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
            0..1_000_000_000i32,
        )
            .prop_map(|(s, n)| {
                Timestamp::new(s, n)
                    .or_else(|_| Timestamp::new(s, 0))
                    .unwrap()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn reads_every_timestamp_jiff_writes(ts in any_timestamp()) {
            let text = ts.to_string();
            let year = ts.to_zoned(jiff::tz::TimeZone::UTC).year();
            match parse_stored(text.as_bytes()) {
                Some(read) => prop_assert_eq!(read, ts),
                None => prop_assert!(!(0..=9999).contains(&year), "{}", text),
            }
        }

        #[test]
        fn writes_what_the_format_string_does(ts in any_timestamp()) {
            let mut out = Vec::new();
            match write_listed(&mut out, ts) {
                Some(()) => prop_assert_eq!(
                    String::from_utf8(out).unwrap(),
                    ts.strftime("%Y-%m-%dT%H:%M:%S.%6f+00:00").to_string()
                ),
                None => prop_assert!(out.is_empty()),
            }
        }

        /// A damaged date is refused or read as jiff reads it; never misread.
        #[test]
        fn never_reads_what_jiff_does_not(
            ts in any_timestamp(),
            at in 0usize..40,
            byte in prop_oneof![Just(b'0'), Just(b'9'), Just(b'.'), Just(b'Z'), Just(b'+'), Just(b' '), any::<u8>()],
            cut in any::<bool>(),
        ) {
            let mut text = ts.to_string().into_bytes();
            if cut {
                text.truncate(at);
            } else if at < text.len() {
                text[at] = byte;
            } else {
                text.push(byte);
            }
            if let Some(read) = parse_stored(&text) {
                let by_jiff: Timestamp = std::str::from_utf8(&text).unwrap().parse().unwrap();
                prop_assert_eq!(read, by_jiff);
            }
        }
    }

    #[test]
    fn calendar_edges() {
        for (text, expected) in [
            ("1970-01-01T00:00:00Z", Some(0)),
            ("2000-02-29T00:00:00Z", Some(951_782_400)),
            ("0000-03-01T00:00:00Z", Some(-62_162_035_200)),
            ("1900-02-29T00:00:00Z", None),
            ("2026-04-31T00:00:00Z", None),
            ("2026-11-30T24:00:00Z", None),
            ("2026-11-30T23:59:60Z", None),
            ("2026-11-30T23:59:59.Z", None),
            ("2026-11-30T23:59:59.1234567890Z", None),
            ("2026-11-30T23:59:59+00:00", None),
            ("2026-11-30t23:59:59Z", None),
        ] {
            assert_eq!(
                parse_stored(text.as_bytes()).map(|t| t.as_second()),
                expected,
                "{text}"
            );
        }
    }
}
