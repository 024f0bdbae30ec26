//! SVG path text for the charts: one point per data point, coordinates in a fixed viewBox.

/// The charts' viewBox: `0 0 WIDTH HEIGHT` (the SVG scales to its box).
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 200.0;

/// `M x,y` then ` L x,y` for each further point: exactly one coordinate pair per point.
pub fn path(points: impl IntoIterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (x, y) in points {
        let cmd = if d.is_empty() { 'M' } else { ' ' };
        if cmd == ' ' {
            d.push_str(" L");
        } else {
            d.push('M');
        }
        d.push_str(&format!("{:.1},{:.1}", x, y));
    }
    d
}

/// The area under a path (closed down to the baseline `y`), for shading.
pub fn area(points: &[(f64, f64)], baseline: f64) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return String::new() };
    format!("{} L{:.1},{:.1} L{:.1},{:.1} Z", path(points.iter().copied()), last.0, baseline, first.0, baseline)
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
    ((v - lo) / (hi - lo) * len).clamp(0.0, len)
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
    }
}
