//! Warm-up: JIT parameters and hot counters.
//!
//! [`JitParams`] are PyPy's knobs, parsed from strings like
//! `"threshold=1039,trace_limit=6000"` (also `"off"` and `"default"`), with an error that
//! names the bad key or value and lists the valid ones. Defaults are PyPy's:
//! threshold 1039, function_threshold 1619, trace_eagerness 200, trace_limit 6000,
//! decay 40.
//!
//! [`HotCounters`] counts how often loop headers, function entries and guard failures are
//! reached. Like PyPy's JitCounter it is a fixed-size table indexed by a hash of the key
//! (collisions only make something hot a bit early), each tick adds one and the counter
//! fires when it reaches the threshold of its kind, and [`HotCounters::decay`] (called by the driver, e.g. after each compilation) multiplies
//! every counter by `1 - decay/1000` so that code that was warm long ago does not trigger
//! compilation much later.

use std::fmt;
use std::str::FromStr;

/// Tunable parameters of the JIT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitParams {
    /// Loop iterations before a loop is traced.
    pub threshold: u32,
    /// Function entries before a function is traced from its start.
    pub function_threshold: u32,
    /// Failures of one guard before a bridge is traced from it.
    pub trace_eagerness: u32,
    /// Operations recorded before tracing aborts.
    pub trace_limit: usize,
    /// Counter decay per [`HotCounters::decay`], in thousandths.
    pub decay: u32,
    /// Whether the JIT is on at all.
    pub enabled: bool,
}

impl Default for JitParams {
    fn default() -> JitParams {
        JitParams {
            threshold: 1039,
            function_threshold: 1619,
            trace_eagerness: 200,
            trace_limit: 6000,
            decay: 40,
            enabled: true,
        }
    }
}

/// The parameter names [`JitParams::parse`] accepts.
pub const PARAM_NAMES: &[&str] = &[
    "threshold",
    "function_threshold",
    "trace_eagerness",
    "trace_limit",
    "decay",
    "enable",
];

/// A parameter string that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamError {
    /// A key that is not a parameter.
    UnknownKey(String),
    /// A key without `=value`.
    MissingValue(String),
    /// A value that is not valid for its key.
    BadValue {
        /// The key.
        key: String,
        /// The value given.
        value: String,
        /// What is expected.
        expected: &'static str,
    },
    /// The same key twice.
    Duplicate(String),
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::UnknownKey(k) => write!(
                f,
                "unknown JIT parameter `{k}` (known: {}, or `off`/`default`)",
                PARAM_NAMES.join(", ")
            ),
            ParamError::MissingValue(k) => {
                write!(f, "JIT parameter `{k}` needs a value (`{k}=...`)")
            }
            ParamError::BadValue {
                key,
                value,
                expected,
            } => write!(
                f,
                "bad value `{value}` for JIT parameter `{key}`: expected {expected}"
            ),
            ParamError::Duplicate(k) => write!(f, "JIT parameter `{k}` given twice"),
        }
    }
}

impl std::error::Error for ParamError {}

fn number(
    key: &str,
    value: &str,
    min: u64,
    max: u64,
    expected: &'static str,
) -> Result<u64, ParamError> {
    let bad = || ParamError::BadValue {
        key: key.to_string(),
        value: value.to_string(),
        expected,
    };
    let v: u64 = value.parse().map_err(|_| bad())?;
    if v < min || v > max {
        return Err(bad());
    }
    Ok(v)
}

impl JitParams {
    /// Parses a parameter string, starting from the defaults.
    pub fn parse(s: &str) -> Result<JitParams, ParamError> {
        let mut p = JitParams::default();
        p.apply(s)?;
        Ok(p)
    }

    /// Applies a parameter string on top of the current values (like PyPy's
    /// `pypyjit.set_param`). Nothing changes if the string has an error.
    pub fn apply(&mut self, s: &str) -> Result<(), ParamError> {
        let mut next = self.clone();
        let mut seen: Vec<String> = Vec::new();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item {
                "off" => {
                    next.enabled = false;
                    continue;
                }
                "default" => {
                    next = JitParams::default();
                    continue;
                }
                _ => {}
            }
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => {
                    return Err(if PARAM_NAMES.contains(&item) {
                        ParamError::MissingValue(item.to_string())
                    } else {
                        ParamError::UnknownKey(item.to_string())
                    });
                }
            };
            if seen.iter().any(|k| k == key) {
                return Err(ParamError::Duplicate(key.to_string()));
            }
            const POSITIVE: &str = "a whole number from 1 to 4294967295";
            match key {
                "threshold" => {
                    next.threshold = number(key, value, 1, u32::MAX as u64, POSITIVE)? as u32
                }
                "function_threshold" => {
                    next.function_threshold =
                        number(key, value, 1, u32::MAX as u64, POSITIVE)? as u32
                }
                "trace_eagerness" => {
                    next.trace_eagerness = number(key, value, 1, u32::MAX as u64, POSITIVE)? as u32
                }
                "trace_limit" => {
                    next.trace_limit = number(key, value, 1, u32::MAX as u64, POSITIVE)? as usize
                }
                "decay" => {
                    next.decay =
                        number(key, value, 0, 1000, "a whole number from 0 to 1000")? as u32
                }
                "enable" => {
                    next.enabled = match value {
                        "1" | "true" | "on" | "yes" => true,
                        "0" | "false" | "off" | "no" => false,
                        _ => {
                            return Err(ParamError::BadValue {
                                key: key.to_string(),
                                value: value.to_string(),
                                expected: "0/1, true/false, on/off or yes/no",
                            });
                        }
                    }
                }
                _ => return Err(ParamError::UnknownKey(key.to_string())),
            }
            seen.push(key.to_string());
        }
        *self = next;
        Ok(())
    }
}

impl FromStr for JitParams {
    type Err = ParamError;

    fn from_str(s: &str) -> Result<JitParams, ParamError> {
        JitParams::parse(s)
    }
}

impl fmt::Display for JitParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "threshold={},function_threshold={},trace_eagerness={},trace_limit={},decay={},enable={}",
            self.threshold,
            self.function_threshold,
            self.trace_eagerness,
            self.trace_limit,
            self.decay,
            self.enabled as u8
        )
    }
}

/// What is being counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// A loop header (backward jump target).
    Loop,
    /// A function entry.
    Function,
    /// Failures of a guard.
    Guard,
}

/// Hot counters in a hashed table (see the module documentation).
#[derive(Clone, Debug)]
pub struct HotCounters {
    values: Vec<u32>,
    mask: usize,
    params: JitParams,
}

impl HotCounters {
    /// A table with `1 << bits` counters.
    pub fn new(params: &JitParams, bits: u32) -> HotCounters {
        let size = 1usize << bits.clamp(4, 24);
        HotCounters {
            values: vec![0; size],
            mask: size - 1,
            params: params.clone(),
        }
    }

    /// Changes the parameters (counters keep their values).
    pub fn set_params(&mut self, params: &JitParams) {
        self.params = params.clone();
    }

    /// The current parameters.
    pub fn params(&self) -> &JitParams {
        &self.params
    }

    fn slot(&self, what: Counter, key: u64) -> usize {
        // A multiplicative hash; the counter kind is mixed in so that a loop and a guard
        // with the same key do not share a counter.
        let k = key ^ ((what as u64) << 62);
        (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) as usize & self.mask
    }

    fn threshold(&self, what: Counter) -> u32 {
        match what {
            Counter::Loop => self.params.threshold,
            Counter::Function => self.params.function_threshold,
            Counter::Guard => self.params.trace_eagerness,
        }
    }

    /// Counts one event; returns true (and resets the counter) when it becomes hot.
    pub fn tick(&mut self, what: Counter, key: u64) -> bool {
        if !self.params.enabled {
            return false;
        }
        let i = self.slot(what, key);
        let v = self.values[i].saturating_add(1);
        if v >= self.threshold(what) {
            self.values[i] = 0;
            true
        } else {
            self.values[i] = v;
            false
        }
    }

    /// The counter's progress towards hot (0.0 to 1.0).
    pub fn progress(&self, what: Counter, key: u64) -> f32 {
        self.values[self.slot(what, key)] as f32 / self.threshold(what) as f32
    }

    /// Resets one counter (e.g. after tracing it aborted).
    pub fn reset(&mut self, what: Counter, key: u64) {
        let i = self.slot(what, key);
        self.values[i] = 0;
    }

    /// Decays every counter by `decay/1000`.
    pub fn decay(&mut self) {
        let keep = 1000 - self.params.decay.min(1000) as u64;
        for v in &mut self.values {
            *v = (*v as u64 * keep / 1000) as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_errors() {
        let p = JitParams::parse("threshold=1039,trace_limit=6000").unwrap();
        assert_eq!(p, JitParams::default());
        let p = JitParams::parse(" threshold = 3 , trace_limit=400000,enable=0 ").unwrap();
        assert_eq!((p.threshold, p.trace_limit, p.enabled), (3, 400000, false));
        assert!(!JitParams::parse("off").unwrap().enabled);
        assert_eq!(JitParams::parse("").unwrap(), JitParams::default());
        let e = |s: &str| JitParams::parse(s).unwrap_err().to_string();
        assert_eq!(
            e("treshold=5"),
            "unknown JIT parameter `treshold` (known: threshold, function_threshold, trace_eagerness, trace_limit, decay, enable, or `off`/`default`)"
        );
        assert_eq!(
            e("threshold=abc"),
            "bad value `abc` for JIT parameter `threshold`: expected a whole number from 1 to 4294967295"
        );
        assert_eq!(
            e("threshold=0"),
            "bad value `0` for JIT parameter `threshold`: expected a whole number from 1 to 4294967295"
        );
        assert_eq!(
            e("threshold=-4"),
            "bad value `-4` for JIT parameter `threshold`: expected a whole number from 1 to 4294967295"
        );
        assert_eq!(
            e("decay=1001"),
            "bad value `1001` for JIT parameter `decay`: expected a whole number from 0 to 1000"
        );
        assert_eq!(
            e("trace_limit"),
            "JIT parameter `trace_limit` needs a value (`trace_limit=...`)"
        );
        assert_eq!(
            e("threshold=1,threshold=2"),
            "JIT parameter `threshold` given twice"
        );
        assert_eq!(
            e("enable=maybe"),
            "bad value `maybe` for JIT parameter `enable`: expected 0/1, true/false, on/off or yes/no"
        );
        // A failed apply changes nothing.
        let mut p = JitParams::default();
        assert!(p.apply("threshold=7,bogus=1").is_err());
        assert_eq!(p, JitParams::default());
        // Display round-trips.
        let p = JitParams::parse("threshold=5,decay=0,enable=false").unwrap();
        assert_eq!(JitParams::parse(&p.to_string()).unwrap(), p);
    }

    #[test]
    fn counters_fire_at_threshold() {
        let params = JitParams::parse("threshold=10,trace_eagerness=3,decay=500").unwrap();
        let mut c = HotCounters::new(&params, 10);
        for i in 1..=30 {
            let hot = c.tick(Counter::Loop, 42);
            assert_eq!(hot, i % 10 == 0, "tick {i}");
        }
        assert!(!c.tick(Counter::Guard, 7));
        assert!(!c.tick(Counter::Guard, 7));
        assert!(c.tick(Counter::Guard, 7));
        // Decay halves progress: 6 ticks then decay leaves 3.
        for _ in 0..6 {
            c.tick(Counter::Loop, 1);
        }
        c.decay();
        assert!((c.progress(Counter::Loop, 1) - 0.3).abs() < 1e-6);
        let off = JitParams::parse("off").unwrap();
        let mut c = HotCounters::new(&off, 4);
        assert!((0..100_000).all(|_| !c.tick(Counter::Loop, 1)));
    }
}
