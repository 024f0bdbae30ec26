//! SVG path text for the charts: one point per data point, coordinates in a fixed viewBox.

use crate::num::push_tenths;

/// The charts' viewBox: `0 0 WIDTH HEIGHT` (the SVG scales to its box; the views write the
/// numbers literally).
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 200.0;

/// `M x,y` then ` L x,y` for each further point: exactly one coordinate pair per point.
pub fn path(points: impl IntoIterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (x, y) in points {
        d.push_str(if d.is_empty() { "M" } else { " L" });
        pair(&mut d, x, y);
    }
    d
}

/// `x,y`, each to a tenth.
fn pair(d: &mut String, x: f64, y: f64) {
    push_tenths(d, x, false);
    d.push(',');
    push_tenths(d, y, false);
}

/// The area under a path (closed down to the baseline `y`), for shading.
pub fn area(points: &[(f64, f64)], baseline: f64) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return String::new() };
    let mut d = path(points.iter().copied());
    for x in [last.0, first.0] {
        d.push_str(" L");
        pair(&mut d, x, baseline);
    }
    d.push_str(" Z");
    d
}

/// How many points a path made by [`path`] has.
pub fn count_points(d: &str) -> usize {
    d.matches(['M', 'L']).count()
}

/// `v` mapped from `lo..=hi` onto `0..=len` (clamped; the middle when the range is empty).
pub fn scale(v: f64, lo: f64, hi: f64, len: f64) -> f64 {
    if hi <= lo {
        return len / 2.0;
    }
    // max and min, not clamp: f64::clamp's assertion message would bring in float formatting.
    ((v - lo) / (hi - lo) * len).max(0.0).min(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(path([]), "");
        assert_eq!(path([(1.0, 2.0)]), "M1.0,2.0");
        let d = path([(0.0, 200.0), (10.25, 100.0), (600.0, 0.0)]);
        assert_eq!(d, "M0.0,200.0 L10.2,100.0 L600.0,0.0");
        assert_eq!(count_points(&d), 3);
        assert_eq!(area(&[(1.0, 5.0), (3.0, 4.0)], 200.0), "M1.0,5.0 L3.0,4.0 L3.0,200.0 L1.0,200.0 Z");
        assert_eq!(scale(5.0, 0.0, 10.0, 600.0), 300.0);
        assert_eq!(scale(50.0, 0.0, 10.0, 600.0), 600.0);
        assert_eq!(scale(1.0, 1.0, 1.0, 600.0), 300.0);
        // The charts' views write these literally (viewBox="0 0 600 200", y2="200" …).
        assert_eq!((WIDTH, HEIGHT), (600.0, 200.0));
    }
}
