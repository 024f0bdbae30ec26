//! The crate's one error type: what went wrong and where.

use std::fmt;

/// Where in the input text something went wrong (1-based line and column, 0-based byte offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    pub fn at(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        Position { line, column: offset - line_start + 1, offset }
    }

    /// The position of `part`, a slice borrowed from `text`; None when it is not.
    pub fn of(text: &str, part: &str) -> Option<Position> {
        let start = text.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        (at >= start && at + part.len() <= start + text.len()).then(|| Position::at(text, at - start))
    }

    /// From serde_json's 1-based line and column.
    #[cfg(feature = "reference")]
    pub(crate) fn from_line_column(text: &str, line: usize, column: usize) -> Position {
        let mut offset = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                offset += column.saturating_sub(1).min(l.len());
                return Position { line, column, offset };
            }
            offset += l.len();
        }
        Position { line, column, offset: text.len() }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} column {} (byte {})", self.line, self.column, self.offset)
    }
}

/// Shows a text in quotes as `{:?}` does for the texts that matter (the quote, the backslash
/// and control characters escaped, everything else as is), without `str`'s Debug and its
/// Unicode tables (bytes of wasm for every page). Non-printable Unicode is shown as is.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c < ' ' || c == '\x7f' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let n = c as usize;
                    f.write_str("\\u{")?;
                    if n >= 16 {
                        f.write_char(HEX[n >> 4] as char)?;
                    }
                    f.write_char(HEX[n & 15] as char)?;
                    f.write_char('}')?;
                }
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// Why a number's text could not become exact ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    /// A character that does not belong in a decimal number, at this byte of the number's text.
    BadCharacter(usize),
    /// The value does not fit i64 ticks at its scale.
    Overflow,
    /// An `*_int` field that is not an integer.
    NotInteger,
    /// More decimals than the scale it is read at (a venue's price or amount past the pair's
    /// increment): rounding it would change the value.
    TooPrecise(u32),
}

impl fmt::Display for NumberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberProblem::Empty => f.write_str("empty"),
            NumberProblem::BadCharacter(i) => write!(f, "unexpected character at its byte {i}"),
            NumberProblem::Overflow => f.write_str("too large for i64 ticks"),
            NumberProblem::NotInteger => f.write_str("not an integer"),
            NumberProblem::TooPrecise(d) => write!(f, "more than the scale's {d} decimals"),
        }
    }
}

/// Everything that can go wrong while decoding or applying a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Not JSON, or JSON whose shape does not fit the message it claims to be.
    Json { message: String, at: Position },
    /// A number that cannot be represented exactly in ticks.
    Number { field: &'static str, text: String, problem: NumberProblem, at: Option<Position> },
    /// A currency code that is malformed, or whose scale is not known yet.
    UnknownCurrency { field: &'static str, code: String, at: Option<Position> },
    /// A field this kind of payload cannot do without.
    Missing { kind: &'static str, field: &'static str },
    /// A field whose value is not one of those allowed.
    Invalid { field: &'static str, text: String, at: Option<Position> },
}

impl Error {
    /// A short machine-readable name of the error's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Json { .. } => "json",
            Error::Number { .. } => "number",
            Error::UnknownCurrency { .. } => "unknown_currency",
            Error::Missing { .. } => "missing",
            Error::Invalid { .. } => "invalid",
        }
    }

    /// Where in the input the problem is, when it can be told.
    pub fn position(&self) -> Option<Position> {
        match self {
            Error::Json { at, .. } => Some(*at),
            Error::Number { at, .. } | Error::UnknownCurrency { at, .. } | Error::Invalid { at, .. } => *at,
            Error::Missing { .. } => None,
        }
    }

    /// Fill in the position of the offending text, when it was borrowed from `input`.
    pub(crate) fn locate(mut self, input: &str, part: &str) -> Self {
        match &mut self {
            Error::Number { at, .. } | Error::UnknownCurrency { at, .. } | Error::Invalid { at, .. } => {
                if at.is_none() {
                    *at = Position::of(input, part);
                }
            }
            Error::Json { .. } | Error::Missing { .. } => {}
        }
        self
    }

    #[cfg(feature = "reference")]
    pub(crate) fn from_json(input: &str, err: &serde_json::Error) -> Error {
        let at = if err.line() == 0 {
            Position { line: 1, column: 1, offset: 0 }
        } else {
            Position::from_line_column(input, err.line(), err.column())
        };
        // serde_json appends " at line L column C"; the position is kept structurally instead.
        let full = err.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        Error::Json { message, at }
    }

    /// The same error with its position moved by `base` bytes (for text parsed out of a larger input).
    #[cfg(feature = "reference")]
    pub(crate) fn shifted(self, input: &str, base: usize) -> Error {
        match self {
            Error::Json { message, at } => Error::Json { message, at: Position::at(input, base + at.offset) },
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |f: &mut fmt::Formatter<'_>, p: &Option<Position>| match p {
            Some(p) => write!(f, " at {p}"),
            None => Ok(()),
        };
        match self {
            Error::Json { message, at } => write!(f, "malformed payload: {message} at {at}"),
            Error::Number { field, text, problem, at: p } => {
                write!(f, "bad number in `{field}`: {}: {problem}", Quoted(text))?;
                at(f, p)
            }
            Error::UnknownCurrency { field, code, at: p } => {
                write!(f, "unknown currency {} in `{field}` (its scale is not known)", Quoted(code))?;
                at(f, p)
            }
            Error::Missing { kind, field } => write!(f, "{kind} without `{field}`"),
            Error::Invalid { field, text, at: p } => {
                write!(f, "invalid `{field}`: {}", Quoted(text))?;
                at(f, p)
            }
        }
    }
}

impl std::error::Error for Error {}
