//! Fault injection for resilience tests: `--faults drop=P,dup=P,reorder=P,garbage=P,
//! disconnect=SECS,stall=SECS,http-delay=MS,http-error=P`, and per venue
//! ([`VenueFaults`]): `kraken:checksum=0.01,bitstamp:drop=0.05,drop=0.01` (an item without a
//! venue applies to every venue; `checksum` is Kraken's alone).

use std::time::Duration;

use crate::rng::Rng;
use crate::venues::Venue;

/// What to break, and how often.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Probability that a stream message is not sent.
    pub drop: f64,
    /// Probability that a stream message is sent twice.
    pub dup: f64,
    /// Probability that a stream message is held back and sent after the next one.
    pub reorder: f64,
    /// Probability that a malformed frame is sent before a stream message.
    pub garbage: f64,
    /// Close every connection at every multiple of this since the server started.
    pub disconnect: Option<Duration>,
    /// Go silent for this long, every other period of this length (live S, silent S, …).
    pub stall: Option<Duration>,
    /// Delay before every HTTP answer.
    pub http_delay: Option<Duration>,
    /// Probability that an HTTP answer is a 500 with the error envelope.
    pub http_error: f64,
    /// Probability that a Kraken book message carries a wrong checksum.
    pub checksum: f64,
}

impl Faults {
    /// Parses a spec such as "drop=0.1,disconnect=30"; the error names the bad item.
    pub fn parse(spec: &str) -> Result<Faults, String> {
        let mut f = Faults::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = item.split_once('=').ok_or_else(|| format!("fault {item:?}: expected NAME=VALUE"))?;
            let num: f64 = v.trim().parse().map_err(|_| format!("fault {k}: {v:?} is not a number"))?;
            if !num.is_finite() || num < 0.0 {
                return Err(format!("fault {k}: {v:?} must be a non-negative number"));
            }
            let p = || if num <= 1.0 { Ok(num) } else { Err(format!("fault {k}: probability {v} is above 1")) };
            match k.trim() {
                "drop" => f.drop = p()?,
                "dup" => f.dup = p()?,
                "reorder" => f.reorder = p()?,
                "garbage" => f.garbage = p()?,
                "http-error" => f.http_error = p()?,
                "checksum" => f.checksum = p()?,
                "disconnect" => f.disconnect = (num > 0.0).then(|| Duration::from_secs_f64(num)),
                "stall" => f.stall = (num > 0.0).then(|| Duration::from_secs_f64(num)),
                "http-delay" => f.http_delay = (num > 0.0).then(|| Duration::from_secs_f64(num / 1000.0)),
                other => return Err(format!("unknown fault {other:?}")),
            }
        }
        Ok(f)
    }

    /// Whether the stream is silent at `elapsed` since the server started.
    pub fn stalled(&self, elapsed: Duration) -> bool {
        match self.stall {
            Some(s) => (elapsed.as_secs_f64() / s.as_secs_f64()).floor() as u64 % 2 == 1,
            None => false,
        }
    }

    /// The next forced disconnect after `elapsed` since the server started.
    pub fn next_disconnect(&self, elapsed: Duration) -> Option<Duration> {
        let n = self.disconnect?;
        let k = (elapsed.as_secs_f64() / n.as_secs_f64()).floor() + 1.0;
        Some(n.mul_f64(k))
    }

    pub fn any_stream(&self) -> bool {
        self.drop > 0.0 || self.dup > 0.0 || self.reorder > 0.0 || self.garbage > 0.0
    }
}

/// Each venue's faults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VenueFaults {
    by_venue: [Faults; 4],
}

impl VenueFaults {
    /// Parses "kraken:checksum=0.01,bitstamp:drop=0.05,disconnect=30": `VENUE:NAME=VALUE`
    /// applies to that venue, `NAME=VALUE` to every venue (so a spec without venues means
    /// what [`Faults::parse`] says, everywhere). `checksum` is accepted for Kraken only (with
    /// no venue named it applies to Kraken). The error names the bad item.
    pub fn parse(spec: &str) -> Result<VenueFaults, String> {
        let mut v = VenueFaults::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (venues, fault) = match item.split_once(':') {
                Some((name, fault)) => {
                    let venue =
                        Venue::parse(name.trim()).ok_or_else(|| format!("fault {item:?}: unknown venue {name:?}"))?;
                    (vec![venue], fault)
                }
                None => (Venue::ALL.to_vec(), item),
            };
            let is_checksum = fault.split('=').next().map(str::trim) == Some("checksum");
            if is_checksum && venues.len() == 1 && venues[0] != Venue::Kraken {
                return Err(format!("fault {item:?}: checksum applies to kraken only"));
            }
            let parsed = Faults::parse(fault)?;
            for venue in venues {
                if is_checksum && venue != Venue::Kraken {
                    continue;
                }
                v.by_venue[crate::venues::index(venue)].merge(fault, &parsed);
            }
        }
        Ok(v)
    }

    pub fn get(&self, venue: Venue) -> &Faults {
        &self.by_venue[crate::venues::index(venue)]
    }

    pub fn set(&mut self, venue: Venue, faults: Faults) {
        self.by_venue[crate::venues::index(venue)] = faults;
    }
}

impl Faults {
    /// Takes the one field `item` ("NAME=VALUE") set from `parsed`.
    fn merge(&mut self, item: &str, parsed: &Faults) {
        match item.split('=').next().map(str::trim).unwrap_or("") {
            "drop" => self.drop = parsed.drop,
            "dup" => self.dup = parsed.dup,
            "reorder" => self.reorder = parsed.reorder,
            "garbage" => self.garbage = parsed.garbage,
            "http-error" => self.http_error = parsed.http_error,
            "checksum" => self.checksum = parsed.checksum,
            "disconnect" => self.disconnect = parsed.disconnect,
            "stall" => self.stall = parsed.stall,
            "http-delay" => self.http_delay = parsed.http_delay,
            _ => {}
        }
    }
}

/// The malformed frames `garbage` sends, in turn.
pub const GARBAGE: &[&str] = &[
    "{\"op\":\"private\",\"channel\":\"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe\",\"private\":\"depth\",\"depth\":{\"price_int\":",
    "\u{0}\u{1}not json at all",
    "{\"op\":\"private\",\"private\":\"trade\",\"trade\":{\"tid\":\"x\"}}",
    "[1,2,",
];

/// One connection's fault state: its own PRNG and the message held back by `reorder`.
pub struct FaultState<T> {
    rng: Rng,
    held: Option<T>,
    garbage_turn: usize,
}

impl<T: Clone> FaultState<T> {
    pub fn new(seed: u64) -> Self {
        FaultState { rng: Rng::new(seed), held: None, garbage_turn: 0 }
    }

    /// What to send for one stream message, in order.
    pub fn apply(&mut self, f: &Faults, msg: T, garbage: impl Fn(&str) -> T, out: &mut Vec<T>) {
        if self.rng.chance(f.garbage) {
            out.push(garbage(GARBAGE[self.garbage_turn % GARBAGE.len()]));
            self.garbage_turn += 1;
        }
        if self.rng.chance(f.drop) {
            return;
        }
        if self.held.is_none() && self.rng.chance(f.reorder) {
            self.held = Some(msg);
            return;
        }
        let dup = self.rng.chance(f.dup);
        out.push(msg.clone());
        if dup {
            out.push(msg);
        }
        if let Some(h) = self.held.take() {
            out.push(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let f = Faults::parse(
            "drop=0.1,dup=0.2,reorder=0.3,garbage=0.4,disconnect=30,stall=5,http-delay=250,http-error=0.5",
        )
        .unwrap();
        assert_eq!(f.drop, 0.1);
        assert_eq!(f.disconnect, Some(Duration::from_secs(30)));
        assert_eq!(f.http_delay, Some(Duration::from_millis(250)));
        assert!(Faults::parse("drop=2").unwrap_err().contains("drop"));
        assert!(Faults::parse("bogus=1").unwrap_err().contains("bogus"));
        assert!(Faults::parse("drop").is_err());
        assert!(!f.stalled(Duration::from_secs(4)));
        assert!(f.stalled(Duration::from_secs(6)));
        assert_eq!(f.next_disconnect(Duration::from_secs(31)), Some(Duration::from_secs(60)));
    }

    #[test]
    fn per_venue_specs() {
        let v = VenueFaults::parse("kraken:checksum=0.01, bitstamp:drop=0.05,dup=0.1,coinbase:stall=2").unwrap();
        assert_eq!(v.get(Venue::Kraken).checksum, 0.01);
        assert_eq!(v.get(Venue::Kraken).dup, 0.1);
        assert_eq!(v.get(Venue::Kraken).drop, 0.0);
        assert_eq!(v.get(Venue::Bitstamp).drop, 0.05);
        assert_eq!(v.get(Venue::Bitstamp).checksum, 0.0);
        assert_eq!(v.get(Venue::MtGox).dup, 0.1);
        assert_eq!(v.get(Venue::Coinbase).stall, Some(Duration::from_secs(2)));
        assert_eq!(v.get(Venue::MtGox).stall, None);
        assert_eq!(VenueFaults::parse("checksum=0.5").unwrap().get(Venue::Kraken).checksum, 0.5);
        assert_eq!(VenueFaults::parse("checksum=0.5").unwrap().get(Venue::Coinbase).checksum, 0.0);
        assert!(VenueFaults::parse("bitstamp:checksum=0.5").unwrap_err().contains("kraken only"));
        assert!(VenueFaults::parse("ftx:drop=0.5").unwrap_err().contains("ftx"));
        assert!(VenueFaults::parse("kraken:drop=2").unwrap_err().contains("drop"));
        // Without venues it is Faults::parse everywhere.
        let plain = VenueFaults::parse("drop=0.1,disconnect=30").unwrap();
        for venue in Venue::ALL {
            assert_eq!(plain.get(venue), &Faults::parse("drop=0.1,disconnect=30").unwrap());
        }
    }

    #[test]
    fn each_fault_does_what_it_says() {
        let run = |f: &Faults| {
            let mut s = FaultState::new(1);
            let mut out = Vec::new();
            for i in 0..1000 {
                s.apply(f, i.to_string(), |g| format!("G{g}"), &mut out);
            }
            out
        };
        let none = run(&Faults::default());
        assert_eq!(none.len(), 1000);
        let dropped = run(&Faults { drop: 0.2, ..Default::default() });
        assert!((700..900).contains(&dropped.len()), "{}", dropped.len());
        let dup = run(&Faults { dup: 0.2, ..Default::default() });
        assert!((1100..1300).contains(&dup.len()));
        let reordered = run(&Faults { reorder: 0.2, ..Default::default() });
        assert_eq!(reordered.len(), 1000);
        assert!(reordered.windows(2).any(|w| w[0].parse::<i32>().unwrap() > w[1].parse::<i32>().unwrap()));
        let garbage = run(&Faults { garbage: 0.1, ..Default::default() });
        assert!(garbage.iter().filter(|g| g.starts_with('G')).count() > 50);
        for g in GARBAGE {
            assert!(goxbook_core::Market::default().ingest(g).is_err(), "{g}");
        }
    }
}
