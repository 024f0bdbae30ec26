//! The widget's CSS as the embedding ships it: minified at compile time (a `const fn`, no build
//! script), so the wasm holds ≈ 25 % fewer bytes of it. Comments go, runs of whitespace become
//! one space, and no space is kept next to `{ } ; ,` or after `:` (a space before `:` can be
//! a descendant combinator, `.a :hover`, and stays); a `;` before `}` goes. Quoted strings are
//! copied as they are.

/// The minified length of `src` (for the array [`minify`] fills).
pub const fn minified_len(src: &str) -> usize {
    let mut out = [0u8; 0];
    run(src.as_bytes(), &mut out, false)
}

/// `src` minified, as bytes (`N` = [`minified_len`]).
pub const fn minify<const N: usize>(src: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let n = run(src.as_bytes(), &mut out, true);
    assert!(n == N);
    out
}

const fn tight(c: u8) -> bool {
    matches!(c, b'{' | b'}' | b';' | b',')
}

const fn space(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\t' | b'\r')
}

/// Writes the minified text into `out` when `write`, and returns its length either way.
const fn run(s: &[u8], out: &mut [u8], write: bool) -> usize {
    let (mut i, mut n) = (0, 0);
    // The last byte written (0: none yet) and a space pending before the next one.
    let mut last = 0u8;
    let mut pending = false;
    while i < s.len() {
        let c = s[i];
        if c == b'/' && i + 1 < s.len() && s[i + 1] == b'*' {
            i += 2;
            while i + 1 < s.len() && !(s[i] == b'*' && s[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            pending = true;
            continue;
        }
        if space(c) {
            pending = true;
            i += 1;
            continue;
        }
        // A ';' right before '}' is dropped: look past whitespace and comments.
        if c == b';' {
            let mut j = i + 1;
            loop {
                if j < s.len() && space(s[j]) {
                    j += 1;
                } else if j + 1 < s.len() && s[j] == b'/' && s[j + 1] == b'*' {
                    j += 2;
                    while j + 1 < s.len() && !(s[j] == b'*' && s[j + 1] == b'/') {
                        j += 1;
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            if j < s.len() && s[j] == b'}' {
                i += 1;
                pending = true;
                continue;
            }
        }
        if pending && last != 0 && !tight(last) && last != b':' && !tight(c) {
            if write {
                out[n] = b' ';
            }
            n += 1;
        }
        pending = false;
        if c == b'"' || c == b'\'' {
            // A string, up to its closing quote.
            let q = c;
            loop {
                if write {
                    out[n] = s[i];
                }
                n += 1;
                i += 1;
                if i >= s.len() || s[i] == q {
                    break;
                }
            }
            if i < s.len() {
                if write {
                    out[n] = q;
                }
                n += 1;
                i += 1;
            }
            last = q;
            continue;
        }
        if write {
            out[n] = c;
        }
        n += 1;
        last = c;
        i += 1;
    }
    n
}

/// Minifies a `&'static str` constant into another, at compile time.
#[macro_export]
macro_rules! minified_css {
    ($src:expr) => {{
        const SRC: &str = $src;
        const N: usize = $crate::css::minified_len(SRC);
        const BYTES: [u8; N] = $crate::css::minify::<N>(SRC);
        match ::core::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("the minified CSS is not UTF-8"),
        }
    }};
}

#[cfg(test)]
mod tests {
    fn min(s: &str) -> String {
        let mut out = vec![0u8; super::minified_len(s)];
        super::run(s.as_bytes(), &mut out, true);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn minifies() {
        assert_eq!(
            min("/* c */\n.a .b, .c > d {\n  color: red; /* x */\n  font: 1px \"SF  Mono\" , x;\n}\n.e :hover { margin: 0 calc(1px + 2px) }\n"),
            ".a .b,.c > d{color:red;font:1px \"SF  Mono\",x}.e :hover{margin:0 calc(1px + 2px)}"
        );
        assert_eq!(min("@media (max-width: 600px) { .a { b: c; } }"), "@media (max-width:600px){.a{b:c}}");
        assert_eq!(
            min(".g { container: goxbook / inline-size; }\n@container goxbook (max-width: 640px) { .g :is(.a, .b) { x: minmax(min(340px, 100%), 1fr); } }"),
            ".g{container:goxbook / inline-size}@container goxbook (max-width:640px){.g :is(.a,.b){x:minmax(min(340px,100%),1fr)}}"
        );
    }

    #[test]
    fn the_widget_css_keeps_every_rule() {
        const CSS: &str = concat!(include_str!("../style.css"), include_str!("../embed.css"));
        let m: &str = crate::minified_css!(concat!(include_str!("../style.css"), include_str!("../embed.css")));
        assert!(m.len() < CSS.len() * 4 / 5, "{} of {}", m.len(), CSS.len());
        let count = |s: &str, c: char| s.matches(c).count();
        for c in ['{', '}', '"', '(', ')', '!', '>', '[', ']'] {
            assert_eq!(
                count(m, c),
                count(CSS.split("/*").map(|p| p.split_once("*/").map_or(p, |x| x.1)).collect::<String>().as_str(), c),
                "{c}"
            );
        }
        // Every word of the CSS (outside comments) is still there, in order.
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '#' || c == '.'))
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        let plain: String = CSS.split("/*").map(|p| p.split_once("*/").map_or(p, |x| x.1)).collect();
        assert_eq!(words(m), words(&plain));
        // The layout follows the container, not the window.
        assert!(m.contains("@container goxbook (max-width:640px)") && !m.contains("@media (max-width"), "{m}");
    }
}
