//! The mock's clock: the system's time until a test sets or advances it, from then on a time that
//! moves only when the test moves it, so that `created` and event times are what the test says.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::sync::lock;

#[derive(Debug, Default)]
pub(crate) struct Clock {
    /// The time a test set, in seconds since the Unix epoch; `None` while it follows the system.
    fixed: Mutex<Option<i64>>,
}

impl Clock {
    /// Now, in seconds since the Unix epoch.
    pub(crate) fn now(&self) -> i64 {
        lock(&self.fixed).unwrap_or_else(system_now)
    }

    /// Stops the clock at `time` (seconds since the Unix epoch).
    pub(crate) fn set(&self, time: i64) {
        *lock(&self.fixed) = Some(time);
    }

    /// Moves the clock on by `by` (whole seconds), and stops it there.
    pub(crate) fn advance(&self, by: Duration) {
        let mut fixed = lock(&self.fixed);
        let now = fixed.unwrap_or_else(system_now);
        let by = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        *fixed = Some(now.saturating_add(by));
    }
}

/// The system's time, in seconds since the Unix epoch.
pub(crate) fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_moves_only_when_advanced() {
        let clock = Clock::default();
        assert!((clock.now() - system_now()).abs() <= 1);
        clock.set(1_700_000_000);
        assert_eq!(clock.now(), 1_700_000_000);
        clock.advance(Duration::from_secs(86_400));
        assert_eq!(clock.now(), 1_700_086_400);
    }

    #[test]
    fn advancing_a_running_clock_stops_it_ahead_of_the_system() {
        let clock = Clock::default();
        clock.advance(Duration::from_secs(3_600));
        let ahead = clock.now() - system_now();
        assert!((3_599..=3_601).contains(&ahead), "{ahead}");
    }
}
