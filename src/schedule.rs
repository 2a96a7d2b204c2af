//! Durations, rotation schedules and rotation windows (SPEC §5).
//!
//! Schedules follow AWS Secrets Manager: `rate(N days)`, `rate(N hours)` and
//! six-field `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, all in
//! UTC. A schedule is stored as its canonical string, so the vault format stays
//! readable and AWS-like.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jiff::civil::Date;
use jiff::fmt::friendly::SpanParser;
use jiff::tz::Offset;
use jiff::{SignedDuration, SpanRelativeTo, Timestamp};
use serde::{Deserialize, Serialize};

const DURATION_FORMS: &str = "use e.g. 500ms, 10s, 5m, 2h, 1d (a bare number is seconds)";

/// Parses a duration: jiff's friendly format (`500ms`, `10s`, `1h30m`,
/// `2d`, `1h 30m`, `1.5h`, `2 days`; units in decreasing order, days of 24
/// hours) or a bare number of seconds (`10`). Negative durations, and months
/// or years (whose length varies), are refused.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let bad = || format!("invalid duration '{t}': {DURATION_FORMS}");
    let too_large = || format!("duration '{t}' is too large");
    if t.is_empty() {
        return Err(bad());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().map(Duration::from_secs).map_err(|_| too_large());
    }
    let span = SpanParser::new().parse_span(t).map_err(|e| {
        // jiff bounds each unit; its error says so only in words.
        let e = e.to_string();
        if e.contains("too big") || e.contains("range") {
            too_large()
        } else {
            bad()
        }
    })?;
    if span.is_negative() {
        return Err(bad());
    }
    let d = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| bad())?;
    Duration::try_from(d).map_err(|_| bad())
}

/// Parses a rotation window (`--window 2h`): a duration from 1h to 24h.
pub fn parse_window(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(3_600) || d > Duration::from_secs(24 * 3_600) {
        return Err(format!(
            "rotation window '{}' is out of range: use 1h to 24h",
            s.trim()
        ));
    }
    Ok(d)
}

/// Parses the `--every` flag: `30d` or `30` (days, 1–1000), or `6h` (hours, 4–23).
pub fn parse_every(s: &str) -> Result<Schedule, String> {
    let t = s.trim();
    let (num, hours) = if let Some(n) = t.strip_suffix('h') {
        (n, true)
    } else {
        (t.strip_suffix('d').unwrap_or(t), false)
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "invalid rotation interval '{t}': use e.g. 30d (1-1000 days) or 6h (4-23 hours)"
        ));
    }
    // A huge number fails to parse as u32; report it as out of range.
    let n = num.parse().unwrap_or(u32::MAX);
    if hours {
        check_hours(n)
    } else {
        check_days(n)
    }
}

fn check_days(days: u32) -> Result<Schedule, String> {
    if (1..=1000).contains(&days) {
        Ok(Schedule::Every { days })
    } else {
        Err(format!(
            "rotation interval of {days} days is out of range: use 1-1000 days"
        ))
    }
}

fn check_hours(hours: u32) -> Result<Schedule, String> {
    if (4..=23).contains(&hours) {
        Ok(Schedule::EveryHours { hours })
    } else {
        Err(format!(
            "rotation interval of {hours} hours is out of range: use 4-23 hours (or days for longer)"
        ))
    }
}

/// A rotation schedule. Its canonical string (Display) is AWS's
/// `rate(…)`/`cron(…)` syntax, which is also its serde form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Schedule {
    /// Every N days (1–1000): `--every 30d`, `rate(30 days)`.
    Every { days: u32 },
    /// Every N hours (4–23): `rate(4 hours)`.
    EveryHours { hours: u32 },
    /// An AWS six-field cron expression, in UTC.
    Cron(Cron),
}

impl Schedule {
    /// The first scheduled start strictly after `after`. For a rate that is
    /// `after + interval` (pass last-rotated, or now); for cron the next
    /// matching minute. None when nothing matches again (cron years end at 2199).
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let step = match self {
            Schedule::Every { days } => SignedDuration::from_hours(i64::from(*days) * 24),
            Schedule::EveryHours { hours } => SignedDuration::from_hours(i64::from(*hours)),
            Schedule::Cron(c) => return c.next_after(after),
        };
        after.checked_add(step).ok()
    }

    /// Short human text, e.g. "every 30 days".
    pub fn describe(&self) -> String {
        match self {
            Schedule::Every { days: 1 } => "every day".to_string(),
            Schedule::Every { days } => format!("every {days} days"),
            Schedule::EveryHours { hours } => format!("every {hours} hours"),
            Schedule::Cron(c) => format!("at times matching cron({}) UTC", c.text),
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Every { days: 1 } => f.write_str("rate(1 day)"),
            Schedule::Every { days } => write!(f, "rate({days} days)"),
            Schedule::EveryHours { hours: 1 } => f.write_str("rate(1 hour)"),
            Schedule::EveryHours { hours } => write!(f, "rate({hours} hours)"),
            Schedule::Cron(c) => write!(f, "cron({})", c.text),
        }
    }
}

impl FromStr for Schedule {
    type Err = String;

    /// Parses `rate(N day[s])`, `rate(N hour[s])` or `cron(six fields)`.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let inner = |prefix: &str| {
            let head = t.get(..prefix.len())?;
            if !head.eq_ignore_ascii_case(prefix) {
                return None;
            }
            t[prefix.len()..].strip_suffix(')')
        };
        if let Some(body) = inner("rate(") {
            let bad = || {
                format!(
                    "invalid schedule '{t}': use e.g. rate(30 days), rate(1 day) or rate(4 hours)"
                )
            };
            let mut parts = body.split_whitespace();
            let (Some(num), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(bad());
            };
            if !num.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let n = num.parse().unwrap_or(u32::MAX);
            match unit.to_ascii_lowercase().as_str() {
                "day" | "days" => check_days(n),
                "hour" | "hours" => check_hours(n),
                _ => Err(bad()),
            }
        } else if let Some(body) = inner("cron(") {
            Cron::parse(body)
                .map(Schedule::Cron)
                .map_err(|e| format!("invalid schedule '{t}': {e}"))
        } else {
            Err(format!(
                "invalid schedule '{t}': use rate(N days), rate(N hours) or cron(M H DoM Mon DoW Y)"
            ))
        }
    }
}

impl TryFrom<String> for Schedule {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Schedule> for String {
    fn from(s: Schedule) -> String {
        s.to_string()
    }
}

const MIN_YEAR: i16 = 1970;
const MAX_YEAR: i16 = 2199;

/// A parsed AWS cron expression (`Minutes Hours Day-of-month Month Day-of-week Year`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    /// Normalised fields (upper case, single spaces): the canonical text.
    text: String,
    minutes: Bits,
    hours: Bits,
    months: Bits,
    /// Indexed by year - 1970.
    years: Bits,
    day: DayRule,
}

/// Which days match; exactly one of day-of-month / day-of-week is `?`, so
/// only the other one is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DayRule {
    /// Day-of-month list: `1,15`, `*`, `1/7`.
    MonthDays(Bits),
    /// `L` in day-of-month: the last day of the month.
    LastDay,
    /// `15W`: the weekday nearest the 15th, within the same month.
    NearestWeekday(u32),
    /// Day-of-week list, 1 = SUN … 7 = SAT.
    WeekDays(Bits),
    /// `6#3`: the third Friday.
    Nth { weekday: u32, nth: u32 },
    /// `6L`: the last Friday of the month.
    LastWeekday(u32),
}

/// A small bit set of field values (at most 256 values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Bits([u64; 4]);

impl Bits {
    fn insert(&mut self, v: u32) {
        self.0[(v / 64) as usize] |= 1 << (v % 64);
    }
    fn contains(&self, v: u32) -> bool {
        v < 256 && self.0[(v / 64) as usize] & (1 << (v % 64)) != 0
    }
}

/// One cron field's name, range and value names.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Field = Field {
    name: "minutes",
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Field = Field {
    name: "hours",
    min: 0,
    max: 23,
    names: &[],
};
const DAY_OF_MONTH: Field = Field {
    name: "day-of-month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
};
const DAY_OF_WEEK: Field = Field {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};
const YEAR: Field = Field {
    name: "year",
    min: MIN_YEAR as u32,
    max: MAX_YEAR as u32,
    names: &[],
};

impl Field {
    /// One value: a number in range or a name (JAN, MON, …).
    fn value(&self, tok: &str) -> Result<u32, String> {
        let name = self.name;
        if !tok.is_empty() && tok.bytes().all(|b| b.is_ascii_digit()) {
            let v = tok.parse().unwrap_or(u32::MAX);
            if (self.min..=self.max).contains(&v) {
                return Ok(v);
            }
            return Err(format!(
                "{name} value {tok} is out of range {}-{}",
                self.min, self.max
            ));
        }
        match self.names.iter().position(|n| *n == tok) {
            Some(i) => Ok(self.min + i as u32),
            None if self.names.is_empty() => Err(format!(
                "invalid {name} value '{tok}' (expected {}-{})",
                self.min, self.max
            )),
            None => Err(format!(
                "invalid {name} value '{tok}' (expected {}-{} or {}-{})",
                self.min,
                self.max,
                self.names[0],
                self.names[self.names.len() - 1]
            )),
        }
    }

    /// A list of `*`, `a`, `a-b`, `*/n`, `a/n`, `a-b/n` items, as a bit set of
    /// `value - offset`.
    fn set(&self, spec: &str, offset: u32) -> Result<Bits, String> {
        let name = self.name;
        if spec.contains('?') {
            return Err(format!(
                "'?' is only allowed in day-of-month or day-of-week, not in {name}"
            ));
        }
        let mut bits = Bits::default();
        for item in spec.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((r, s)) => {
                    let step: u32 = s.parse().unwrap_or(0);
                    if step == 0 || !s.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(format!("invalid {name} step '{s}' in '{item}'"));
                    }
                    (r, Some(step))
                }
                None => (item, None),
            };
            let (lo, hi) = if range == "*" {
                (self.min, self.max)
            } else if let Some((a, b)) = range.split_once('-') {
                let (a, b) = (self.value(a)?, self.value(b)?);
                if a > b {
                    return Err(format!("{name} range '{range}' runs backwards"));
                }
                (a, b)
            } else {
                let a = self.value(range)?;
                // `a/n` means from a to the end of the range in steps of n.
                (a, if step.is_some() { self.max } else { a })
            };
            let step = step.unwrap_or(1) as usize;
            for v in (lo..=hi).step_by(step) {
                bits.insert(v - offset);
            }
        }
        Ok(bits)
    }
}

impl Cron {
    /// Parses the six fields inside `cron(…)`.
    fn parse(body: &str) -> Result<Cron, String> {
        let fields: Vec<String> = body
            .split_whitespace()
            .map(|f| f.to_ascii_uppercase())
            .collect();
        let [min, hour, dom, mon, dow, year] = fields.as_slice() else {
            return Err(format!(
                "expected 6 fields (minutes hours day-of-month month day-of-week year), got {}",
                fields.len()
            ));
        };
        let day = match (dom.as_str(), dow.as_str()) {
            ("?", "?") => {
                return Err("only one of day-of-month and day-of-week may be '?'".to_string())
            }
            ("?", dow) => parse_day_of_week(dow)?,
            (dom, "?") => parse_day_of_month(dom)?,
            _ => return Err(
                "one of day-of-month and day-of-week must be '?' (e.g. cron(0 8 ? * MON-FRI *))"
                    .to_string(),
            ),
        };
        Ok(Cron {
            text: fields.join(" "),
            minutes: MINUTES.set(min, 0)?,
            hours: HOURS.set(hour, 0)?,
            months: MONTH.set(mon, 0)?,
            years: YEAR.set(year, YEAR.min)?,
            day,
        })
    }

    /// True when `ts` is exactly (to the second) a scheduled minute.
    pub fn matches(&self, ts: Timestamp) -> bool {
        let dt = Offset::UTC.to_datetime(ts);
        dt.second() == 0
            && dt.subsec_nanosecond() == 0
            && self.year_ok(dt.year())
            && self.months.contains(dt.month() as u32)
            && self.day_matches(dt.date())
            && self.hours.contains(dt.hour() as u32)
            && self.minutes.contains(dt.minute() as u32)
    }

    /// The next matching minute strictly after `after`, searching day by day
    /// (skipping whole years and months that cannot match) up to 2199.
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let dt = Offset::UTC.to_datetime(after);
        let mut date = dt.date();
        // Minute of the day to start from; 1440 means "not today".
        let mut from = dt.hour() as u32 * 60 + dt.minute() as u32 + 1;
        if date.year() < MIN_YEAR {
            date = Date::new(MIN_YEAR, 1, 1).ok()?;
            from = 0;
        }
        loop {
            let year = date.year();
            if year > MAX_YEAR {
                return None;
            }
            if !self.year_ok(year) {
                date = Date::new(year + 1, 1, 1).ok()?;
            } else if !self.months.contains(date.month() as u32) {
                date = date.last_of_month().tomorrow().ok()?;
            } else {
                if self.day_matches(date) {
                    if let Some(m) = self.first_minute_from(from) {
                        let at = date.at((m / 60) as i8, (m % 60) as i8, 0, 0);
                        return Offset::UTC.to_timestamp(at).ok();
                    }
                }
                date = date.tomorrow().ok()?;
            }
            from = 0;
        }
    }

    fn year_ok(&self, year: i16) -> bool {
        (MIN_YEAR..=MAX_YEAR).contains(&year) && self.years.contains((year - MIN_YEAR) as u32)
    }

    /// First matching minute of the day at or after minute-of-day `from`.
    fn first_minute_from(&self, from: u32) -> Option<u32> {
        (from..24 * 60).find(|m| self.hours.contains(m / 60) && self.minutes.contains(m % 60))
    }

    fn day_matches(&self, date: Date) -> bool {
        let day = date.day() as u32;
        let last = date.days_in_month() as u32;
        let weekday = date.weekday().to_sunday_one_offset() as u32;
        match self.day {
            DayRule::MonthDays(bits) => bits.contains(day),
            DayRule::LastDay => day == last,
            DayRule::NearestWeekday(n) => {
                n <= last && nearest_weekday(date.first_of_month(), n, last) == day
            }
            DayRule::WeekDays(bits) => bits.contains(weekday),
            DayRule::Nth { weekday: w, nth } => weekday == w && (day - 1) / 7 + 1 == nth,
            DayRule::LastWeekday(w) => weekday == w && day + 7 > last,
        }
    }
}

/// The weekday (Mon–Fri) nearest day `n` of the month starting at `first`,
/// never crossing into another month (Quartz/AWS `W` rule).
fn nearest_weekday(first: Date, n: u32, last: u32) -> u32 {
    let weekday = (first.weekday().to_sunday_one_offset() as u32 - 1 + n - 1) % 7 + 1;
    match weekday {
        7 if n == 1 => 3,        // Saturday the 1st: Monday the 3rd
        7 => n - 1,              // Saturday: Friday before
        1 if n == last => n - 2, // Sunday the last day: Friday before
        1 => n + 1,              // Sunday: Monday after
        _ => n,
    }
}

fn parse_day_of_month(s: &str) -> Result<DayRule, String> {
    if s == "L" {
        return Ok(DayRule::LastDay);
    }
    if let Some(n) = s.strip_suffix('W') {
        return Ok(DayRule::NearestWeekday(DAY_OF_MONTH.value(n)?));
    }
    if s.contains(['L', 'W']) {
        return Err(format!(
            "unsupported day-of-month '{s}': L and W stand alone (L, 15W)"
        ));
    }
    DAY_OF_MONTH.set(s, 0).map(DayRule::MonthDays)
}

fn parse_day_of_week(s: &str) -> Result<DayRule, String> {
    if let Some((w, n)) = s.split_once('#') {
        let weekday = DAY_OF_WEEK.value(w)?;
        let nth = match n.parse() {
            Ok(n @ 1..=5) => n,
            _ => return Err(format!("day-of-week '{s}': the number after # must be 1-5")),
        };
        return Ok(DayRule::Nth { weekday, nth });
    }
    // `L` alone is the last day of the week (Saturday), as in AWS and Quartz.
    if s == "L" {
        return Ok(DayRule::WeekDays(DAY_OF_WEEK.set("7", 0)?));
    }
    if let Some(w) = s.strip_suffix('L') {
        return Ok(DayRule::LastWeekday(DAY_OF_WEEK.value(w)?));
    }
    DAY_OF_WEEK.set(s, 0).map(DayRule::WeekDays)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn sched(s: &str) -> Schedule {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn next(expr: &str, after: &str) -> Option<String> {
        sched(expr).next_after(ts(after)).map(|t| t.to_string())
    }

    fn err(s: &str) -> String {
        s.parse::<Schedule>().unwrap_err()
    }

    // ---- durations ----

    #[test]
    fn durations() {
        let d = |s| parse_duration(s).unwrap();
        assert_eq!(d("10"), Duration::from_secs(10));
        assert_eq!(d(" 0 "), Duration::ZERO);
        assert_eq!(d("500ms"), Duration::from_millis(500));
        assert_eq!(d("10s"), Duration::from_secs(10));
        assert_eq!(d("5m"), Duration::from_secs(300));
        assert_eq!(d("2h"), Duration::from_secs(7200));
        assert_eq!(d("1d"), Duration::from_secs(86_400));
        assert_eq!(d("1h30m"), Duration::from_secs(5400));
        assert_eq!(d("1m1s500ms"), Duration::from_millis(61_500));
        // jiff's friendly forms.
        assert_eq!(d("1h 30m"), Duration::from_secs(5400));
        assert_eq!(d("1.5h"), Duration::from_secs(5400));
        assert_eq!(d("5 s"), Duration::from_secs(5));
        assert_eq!(d("2 days"), Duration::from_secs(172_800));
        assert_eq!(d("1w"), Duration::from_secs(604_800));
    }

    #[test]
    fn duration_errors() {
        for bad in [
            "", " ", "10x", "-5", "-5s", "h", "30m1h", "1m1m", "ms", "1H", "1mo", "2y", "5s ago",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert!(e.contains("500ms"), "{bad}: {e}");
        }
        assert_eq!(
            parse_duration("10x").unwrap_err(),
            "invalid duration '10x': use e.g. 500ms, 10s, 5m, 2h, 1d (a bare number is seconds)"
        );
        for big in [
            "99999999999999999999",
            "18446744073709551615d",
            "300000000000000d",
            "18446744073709551615m",
        ] {
            let e = parse_duration(big).unwrap_err();
            assert!(e.contains("too large"), "{big}: {e}");
        }
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_window("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_window("24h").unwrap(), Duration::from_secs(86_400));
        for bad in ["59m", "25h", "0", "2d"] {
            assert!(
                parse_window(bad).unwrap_err().contains("1h to 24h"),
                "{bad}"
            );
        }
        assert!(parse_window("2x").unwrap_err().contains("invalid duration"));
    }

    // ---- rate / every ----

    #[test]
    fn every_flag() {
        assert_eq!(parse_every("30d").unwrap(), Schedule::Every { days: 30 });
        assert_eq!(parse_every(" 30 ").unwrap(), Schedule::Every { days: 30 });
        assert_eq!(parse_every("1d").unwrap().to_string(), "rate(1 day)");
        assert_eq!(parse_every("1000d").unwrap().to_string(), "rate(1000 days)");
        assert_eq!(parse_every("6h").unwrap().to_string(), "rate(6 hours)");
        for bad in ["0d", "1001d", "99999999999d", "3h", "24h"] {
            assert!(
                parse_every(bad).unwrap_err().contains("out of range"),
                "{bad}"
            );
        }
        for bad in ["", "d", "30x", "-1d", "1.5d", "30 d"] {
            assert!(parse_every(bad).unwrap_err().contains("invalid"), "{bad}");
        }
    }

    #[test]
    fn rates() {
        assert_eq!(sched("rate(30 days)"), Schedule::Every { days: 30 });
        assert_eq!(sched("rate(1 day)"), Schedule::Every { days: 1 });
        assert_eq!(sched("RATE( 4  hours )"), Schedule::EveryHours { hours: 4 });
        assert_eq!(sched("rate(2 day)").to_string(), "rate(2 days)");
        assert_eq!(sched("rate(23 hour)").to_string(), "rate(23 hours)");
        assert_eq!(
            next("rate(30 days)", "2026-01-01T10:20:30Z").unwrap(),
            "2026-01-31T10:20:30Z"
        );
        assert_eq!(
            next("rate(4 hours)", "2026-01-01T22:00:00Z").unwrap(),
            "2026-01-02T02:00:00Z"
        );
        // Overflow near the end of time is None, not a panic.
        assert_eq!(next("rate(1000 days)", "9999-06-01T00:00:00Z"), None);
        for bad in [
            "rate(0 days)",
            "rate(1001 days)",
            "rate(3 hours)",
            "rate(24 hours)",
        ] {
            assert!(err(bad).contains("out of range"), "{bad}");
        }
        for bad in [
            "rate()",
            "rate(5)",
            "rate(5 weeks)",
            "rate(-1 days)",
            "rate(1 day",
            "rate(1 2 days)",
        ] {
            assert!(err(bad).contains("invalid schedule"), "{bad}");
        }
        assert!(err("every 5 days").contains("rate(N days)"));
    }

    #[test]
    fn describe_is_short() {
        assert_eq!(sched("rate(1 day)").describe(), "every day");
        assert_eq!(sched("rate(12 hours)").describe(), "every 12 hours");
        assert!(sched("cron(0 8 ? * MON-FRI *)")
            .describe()
            .contains("MON-FRI"));
    }

    #[test]
    fn serde_uses_canonical_string() {
        use serde::de::value::{Error, StrDeserializer};
        use serde::de::IntoDeserializer;
        let de: StrDeserializer<Error> = "cron(0 8 ? * mon-fri *)".into_deserializer();
        let s = Schedule::deserialize(de).unwrap();
        assert_eq!(String::from(s), "cron(0 8 ? * MON-FRI *)");
        let de: StrDeserializer<Error> = "rate(0 days)".into_deserializer();
        assert!(Schedule::deserialize(de).is_err());
    }

    // ---- cron ----

    #[test]
    fn cron_lists_and_ranges() {
        assert_eq!(
            next("cron(0 16 1,15 * ? *)", "2026-01-01T00:00:00Z").unwrap(),
            "2026-01-01T16:00:00Z"
        );
        assert_eq!(
            next("cron(0 16 1,15 * ? *)", "2026-01-01T16:00:00Z").unwrap(),
            "2026-01-15T16:00:00Z"
        );
        // 2026-01-02 is a Friday, so the next weekday run after is Monday the 5th.
        assert_eq!(
            next("cron(0 8 ? * MON-FRI *)", "2026-01-02T08:00:00Z").unwrap(),
            "2026-01-05T08:00:00Z"
        );
        assert_eq!(
            next("cron(0 8 ? * 2-6 *)", "2026-01-02T08:00:00Z").unwrap(),
            "2026-01-05T08:00:00Z"
        );
        assert_eq!(
            next("cron(30 9 1 JAN,JUL ? *)", "2026-02-01T00:00:00Z").unwrap(),
            "2026-07-01T09:30:00Z"
        );
        // The last minute of a day rolls over to the next day.
        assert_eq!(
            next("cron(59 23 * * ? *)", "2026-12-31T23:59:00Z").unwrap(),
            "2027-01-01T23:59:00Z"
        );
        // Seconds are dropped: a start inside a matching minute moves on.
        assert_eq!(
            next("cron(* * * * ? *)", "2026-03-01T10:00:59.5Z").unwrap(),
            "2026-03-01T10:01:00Z"
        );
    }

    #[test]
    fn cron_steps() {
        // Steps restart every day (AWS: cron(0 4/12 * * ? *) is 04:00 and 16:00).
        assert_eq!(
            next("cron(0 4/12 * * ? *)", "2026-01-01T16:00:00Z").unwrap(),
            "2026-01-02T04:00:00Z"
        );
        assert_eq!(
            next("cron(*/15 * * * ? *)", "2026-01-01T10:46:00Z").unwrap(),
            "2026-01-01T11:00:00Z"
        );
        assert_eq!(
            next("cron(0 0 1/10 * ? *)", "2026-01-21T00:00:00Z").unwrap(),
            "2026-01-31T00:00:00Z"
        );
        assert_eq!(
            next("cron(0 10-20/5 * * ? *)", "2026-01-01T15:00:00Z").unwrap(),
            "2026-01-01T20:00:00Z"
        );
    }

    #[test]
    fn cron_last_day_of_month() {
        assert_eq!(
            next("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z").unwrap(),
            "2028-02-29T00:00:00Z"
        );
        assert_eq!(
            next("cron(0 0 L * ? *)", "2026-02-01T00:00:00Z").unwrap(),
            "2026-02-28T00:00:00Z"
        );
        assert_eq!(
            next("cron(0 0 L * ? *)", "2026-02-28T00:00:00Z").unwrap(),
            "2026-03-31T00:00:00Z"
        );
    }

    #[test]
    fn cron_weekday_nth_and_last() {
        // Third Friday of January 2026 is the 16th.
        assert_eq!(
            next("cron(0 10 ? * 6#3 *)", "2026-01-01T00:00:00Z").unwrap(),
            "2026-01-16T10:00:00Z"
        );
        assert_eq!(
            next("cron(0 10 ? * FRI#3 *)", "2026-01-16T10:00:00Z").unwrap(),
            "2026-02-20T10:00:00Z"
        );
        // A fifth Monday: none in January or February 2026, so March 30th.
        assert_eq!(
            next("cron(0 0 ? * 2#5 *)", "2026-01-27T00:00:00Z").unwrap(),
            "2026-03-30T00:00:00Z"
        );
        // Last Friday of January 2026 is the 30th; of February the 27th.
        assert_eq!(
            next("cron(0 0 ? * 6L *)", "2026-01-01T00:00:00Z").unwrap(),
            "2026-01-30T00:00:00Z"
        );
        assert_eq!(
            next("cron(0 0 ? * 6L *)", "2026-01-30T00:00:00Z").unwrap(),
            "2026-02-27T00:00:00Z"
        );
        // L alone in day-of-week is Saturday.
        assert_eq!(
            next("cron(0 0 ? * L *)", "2026-01-01T00:00:00Z").unwrap(),
            "2026-01-03T00:00:00Z"
        );
    }

    #[test]
    fn cron_nearest_weekday() {
        // 2026-08-15 is a Saturday: Friday the 14th.
        assert_eq!(
            next("cron(0 0 15W * ? *)", "2026-08-01T00:00:00Z").unwrap(),
            "2026-08-14T00:00:00Z"
        );
        // 2026-03-15 is a Sunday: Monday the 16th.
        assert_eq!(
            next("cron(0 0 15W * ? *)", "2026-03-01T00:00:00Z").unwrap(),
            "2026-03-16T00:00:00Z"
        );
        // 2026-04-15 is a Wednesday: the 15th itself.
        assert_eq!(
            next("cron(0 0 15W * ? *)", "2026-04-01T00:00:00Z").unwrap(),
            "2026-04-15T00:00:00Z"
        );
        // 2026-08-01 is a Saturday: not back into July, but Monday the 3rd.
        assert_eq!(
            next("cron(0 0 1W * ? *)", "2026-07-31T00:00:00Z").unwrap(),
            "2026-08-03T00:00:00Z"
        );
        // 2026-05-31 is a Sunday, the last day: Friday the 29th.
        assert_eq!(
            next("cron(0 0 31W MAY ? *)", "2026-05-01T00:00:00Z").unwrap(),
            "2026-05-29T00:00:00Z"
        );
        // Day 31 does not exist in April: no match, on to May.
        assert_eq!(
            next("cron(0 0 31W APR,MAY ? *)", "2026-04-01T00:00:00Z").unwrap(),
            "2026-05-29T00:00:00Z"
        );
    }

    #[test]
    fn cron_years_and_no_match() {
        assert_eq!(
            next("cron(0 0 1 1 ? 2030-2031)", "2026-01-01T00:00:00Z").unwrap(),
            "2030-01-01T00:00:00Z"
        );
        assert_eq!(next("cron(0 0 1 1 ? 2025)", "2026-01-01T00:00:00Z"), None);
        assert_eq!(next("cron(0 0 30 FEB ? *)", "2026-01-01T00:00:00Z"), None);
        assert_eq!(next("cron(0 0 * * ? *)", "2199-12-31T00:00:00Z"), None);
        assert_eq!(
            next("cron(0 0 * * ? *)", "1900-05-05T00:00:00Z").unwrap(),
            "1970-01-01T00:00:00Z"
        );
        let daily = sched("cron(0 0 * * ? *)");
        assert_eq!(daily.next_after(Timestamp::MAX), None);
        assert_eq!(
            daily.next_after(Timestamp::MIN),
            Some(ts("1970-01-01T00:00:00Z"))
        );
        // 1970, 1974, … are never leap years; 1972, 1976, … always are (to 2099).
        assert_eq!(next("cron(0 0 29 2 ? */4)", "2026-01-01T00:00:00Z"), None);
        assert_eq!(
            next("cron(0 0 29 2 ? 1972/4)", "2026-01-01T00:00:00Z").unwrap(),
            "2028-02-29T00:00:00Z"
        );
    }

    #[test]
    fn cron_matches() {
        let Schedule::Cron(c) = sched("cron(0 16 1,15 * ? *)") else {
            unreachable!()
        };
        assert!(c.matches(ts("2026-01-15T16:00:00Z")));
        assert!(!c.matches(ts("2026-01-15T16:00:01Z")));
        assert!(!c.matches(ts("2026-01-15T17:00:00Z")));
        assert!(!c.matches(ts("2026-01-16T16:00:00Z")));
        assert!(!c.matches(ts("1969-01-15T16:00:00Z")));
    }

    #[test]
    fn cron_normalises_text() {
        assert_eq!(
            sched("  CRON( 0  8 ? *   mon-fri * ) ").to_string(),
            "cron(0 8 ? * MON-FRI *)"
        );
    }

    #[test]
    fn cron_errors() {
        let cases = [
            ("cron(0 16 1,15 * ?)", "expected 6 fields"),
            ("cron(0 16 1 * ? * *)", "expected 6 fields"),
            ("cron()", "got 0"),
            ("cron(0 16 ? * ? *)", "only one of"),
            ("cron(0 16 * * * *)", "must be '?'"),
            ("cron(60 0 * * ? *)", "out of range 0-59"),
            ("cron(0 24 * * ? *)", "out of range 0-23"),
            ("cron(0 0 0 * ? *)", "out of range 1-31"),
            ("cron(0 0 32 * ? *)", "out of range 1-31"),
            ("cron(0 0 1 13 ? *)", "out of range 1-12"),
            ("cron(0 0 ? * 8 *)", "out of range 1-7"),
            ("cron(0 0 ? * 0 *)", "out of range 1-7"),
            ("cron(0 0 1 * ? 1969)", "out of range 1970-2199"),
            ("cron(0 0 1 * ? 2200)", "out of range 1970-2199"),
            ("cron(0 0 1 FOO ? *)", "JAN-DEC"),
            ("cron(0 0 ? * FUN *)", "SUN-SAT"),
            ("cron(0 0 1 * ? MON)", "invalid year value"),
            ("cron(x 0 1 * ? *)", "invalid minutes value"),
            ("cron(0 ? 1 * ? *)", "only allowed in day-of-month"),
            ("cron(*/0 0 1 * ? *)", "step"),
            ("cron(*/x 0 1 * ? *)", "step"),
            ("cron(5-1 0 1 * ? *)", "backwards"),
            ("cron(0 0 1,,2 * ? *)", "invalid day-of-month value ''"),
            ("cron(0 0 L-3 * ? *)", "unsupported"),
            ("cron(0 0 LW * ? *)", "invalid day-of-month value 'L'"),
            ("cron(0 0 32W * ? *)", "out of range"),
            ("cron(0 0 ? * 6#6 *)", "1-5"),
            ("cron(0 0 ? * 6#0 *)", "1-5"),
            ("cron(0 0 ? * 9#1 *)", "out of range"),
            ("cron(0 0 ? * 9L *)", "out of range"),
            ("cron(0 0 ? * 1-7/ *)", "step"),
            ("cron(0 0 1 * ? *", "invalid schedule"),
            ("0 0 1 * ? *", "invalid schedule"),
        ];
        for (input, want) in cases {
            let e = err(input);
            assert!(e.contains(want), "{input}: {e}");
        }
    }

    // ---- property tests ----

    /// A generated field in `min..=max`: `*`, `a`, `a-b`, lists and steps.
    fn field(min: u32, max: u32) -> BoxedStrategy<String> {
        let v = min..=max;
        prop_oneof![
            Just("*".to_string()),
            (1..=(max - min).max(1)).prop_map(|n| format!("*/{n}")),
            v.clone().prop_map(|a| a.to_string()),
            (v.clone(), v.clone()).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
            prop::collection::vec(v.clone(), 1..4).prop_map(|xs| xs
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")),
            (v.clone(), 1..=10u32).prop_map(|(a, n)| format!("{a}/{n}")),
            (v.clone(), v, 1..=5u32).prop_map(|(a, b, n)| format!("{}-{}/{n}", a.min(b), a.max(b))),
        ]
        .boxed()
    }

    fn days() -> BoxedStrategy<(String, String)> {
        let dom = prop_oneof![
            field(1, 31),
            Just("L".to_string()),
            (1..=31u32).prop_map(|n| format!("{n}W")),
        ];
        let dow = prop_oneof![
            field(1, 7),
            Just("MON-FRI".to_string()),
            Just("L".to_string()),
            (1..=7u32, 1..=5u32).prop_map(|(w, n)| format!("{w}#{n}")),
            (1..=7u32).prop_map(|w| format!("{w}L")),
        ];
        prop_oneof![
            dom.prop_map(|d| (d, "?".to_string())),
            dow.prop_map(|d| ("?".to_string(), d)),
        ]
        .boxed()
    }

    fn cron_text() -> impl Strategy<Value = String> {
        let year = prop_oneof![
            4 => Just("*".to_string()),
            1 => field(1970, 2199),
            1 => (2000..=2120u32).prop_map(|a| format!("{a}-{}", a + 5)),
        ];
        (field(0, 59), field(0, 23), days(), field(1, 12), year)
            .prop_map(|(m, h, (dom, dow), mon, y)| format!("cron({m} {h} {dom} {mon} {dow} {y})"))
    }

    /// Start times from 2000 to 2100, at any second.
    fn start() -> impl Strategy<Value = Timestamp> {
        (946_684_800i64..4_102_444_800).prop_map(|s| Timestamp::from_second(s).unwrap())
    }

    fn minutes_after(t: Timestamp, n: i64) -> Timestamp {
        // The first whole minute after t, then n more.
        let floor = t.as_second().div_euclid(60) * 60;
        Timestamp::from_second(floor + 60 * (n + 1)).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn display_round_trips(
            s in prop_oneof![
                (1..=1000u32).prop_map(|days| Schedule::Every { days }),
                (4..=23u32).prop_map(|hours| Schedule::EveryHours { hours }),
                cron_text().prop_map(|c| c.parse::<Schedule>().unwrap()),
            ]
        ) {
            let text = s.to_string();
            let back: Schedule = text.parse().unwrap();
            prop_assert_eq!(&back, &s);
            prop_assert_eq!(back.to_string(), text);
        }

        #[test]
        fn next_after_is_the_first_match(expr in cron_text(), t in start()) {
            let Schedule::Cron(c) = sched(&expr) else { unreachable!() };
            let next = c.next_after(t);
            if let Some(n) = next {
                prop_assert!(n > t);
                prop_assert!(c.matches(n), "{} does not match {}", n, expr);
            }
            // No earlier match within a bounded horizon.
            for i in 0..600 {
                let m = minutes_after(t, i);
                if Some(m) == next {
                    break;
                }
                prop_assert!(!c.matches(m), "{} skipped earlier match {}", expr, m);
            }
        }

        #[test]
        fn frequent_schedules_brute_force(
            n in 1..=59u32, days in prop_oneof![Just("* * ?"), Just("? * *")], t in start()
        ) {
            let expr = format!("cron(*/{n} * {days} *)");
            let Schedule::Cron(c) = sched(&expr) else { unreachable!() };
            let next = c.next_after(t).unwrap();
            prop_assert!(next > t && c.matches(next));
            let mut i = 0;
            loop {
                let m = minutes_after(t, i);
                if m == next {
                    break;
                }
                prop_assert!(!c.matches(m), "{} skipped {}", expr, m);
                i += 1;
                prop_assert!(i <= 60, "{} too far from {}: {}", expr, t, next);
            }
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,30}") {
            let _ = s.parse::<Schedule>();
            let _ = parse_duration(&s);
            let _ = parse_window(&s);
            let _ = parse_every(&s);
            let _ = format!("cron({s})").parse::<Schedule>();
        }

        // Arbitrary bytes (as a config or vault edit could hold): no panic,
        // and a schedule that parses shows as a string that parses back to it.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let s = String::from_utf8_lossy(&bytes);
            let _ = parse_duration(&s);
            let _ = parse_window(&s);
            let _ = parse_every(&s);
            for text in [s.to_string(), format!("cron({s})"), format!("rate({s})")] {
                if let Ok(parsed) = text.parse::<Schedule>() {
                    prop_assert_eq!(parsed.to_string().parse::<Schedule>(), Ok(parsed.clone()));
                    let _ = parsed.next_after(Timestamp::UNIX_EPOCH);
                }
            }
        }

        // Near-valid cron expressions, so that most parse and reach next_after.
        #[test]
        fn cron_like_expressions_round_trip_and_never_panic(
            fields in proptest::collection::vec("[0-9*?,/#LW-]{1,5}|[0-9]{1,2}-[0-9]{1,2}|MON-FRI|JAN,JUL|[1-7]#[1-5]|[0-9]{1,2}W|L", 6),
            after in 0i64..8_000_000_000,
        ) {
            let text = format!("cron({})", fields.join(" "));
            if let Ok(parsed) = text.parse::<Schedule>() {
                prop_assert_eq!(parsed.to_string().parse::<Schedule>(), Ok(parsed.clone()));
                let after = Timestamp::from_second(after).unwrap();
                if let Some(next) = parsed.next_after(after) {
                    prop_assert!(next > after, "{} gave {} after {}", text, next, after);
                }
            }
        }
    }
}
