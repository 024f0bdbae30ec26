//! The protocol's wire types, one definition of each message for decoding and encoding, and
//! the one dispatch that decodes any payload.
//!
//! Inside, imports run one way: the number type ([`num`]) → the lexer (`read`) → the
//! declared fields (`fields`) → the messages and payloads ([`messages`], `payload`) → what
//! the decoders share (`shape`) → the decoders (`general`, `fast`, and `reference` in tests)
//! → the dispatch here, used by [`decode`] and by `Market::ingest` alike.

mod num;
// The lexer every decoder reads through (the venue decoders too).
mod fields;
mod messages;
mod payload;
pub(crate) mod read;
mod shape;

mod fast;
mod general;
#[cfg(feature = "reference")]
mod reference;

pub use messages::{CurrencyInfo, Depth, DepthEntry, DepthSnapshot, EngineLag, Lag, Money, Ticker, Trade, Value};
pub use num::Num;
pub use payload::{Decoded, HttpBody, HttpResponse, Payload, Private, PrivateMessage, RawJson};
#[cfg(feature = "reference")]
#[doc(hidden)]
pub use reference::decode_reference;

/// The general decoder alone, without the fast path: tests check each against the reference.
#[cfg(feature = "reference")]
#[doc(hidden)]
pub fn decode_general(text: &str) -> Result<Decoded<'_>, Error> {
    general::decode(text)
}

use crate::error::Error;

/// Decodes any payload — a streaming frame or an HTTP body of any API version.
///
/// Unknown ops, kinds and channels are [`Payload::Unknown`] (or the `Unknown` of their group),
/// never errors. Malformed JSON, fields of the wrong type, and JSON that can be no payload
/// (a bare number, string, `true`/`false`/`null`, an array of anything but trade objects)
/// are errors with a position.
pub fn decode(text: &str) -> Result<Payload<'_>, Error> {
    decode_annotated(text).map(|d| d.payload)
}

/// Like [`decode`], also returning a capture line's `_t` / `_currency` annotations.
pub fn decode_annotated(text: &str) -> Result<Decoded<'_>, Error> {
    let mut out = fast::empty_depth_frame();
    decode_into(text, &mut out)?;
    Ok(out)
}

/// The one dispatch: the depth-frame fast path fills `out` in place when the payload is
/// one; anything else ("not mine") goes to the general decoder. `out` must come from
/// [`empty_decoded`]; on error it is garbage.
pub(crate) fn decode_into<'a>(text: &'a str, out: &mut Decoded<'a>) -> Result<(), Error> {
    if !fast::depth_frame_into(text, out) {
        *out = general::decode(text)?;
    }
    Ok(())
}

/// A decoded payload to fill with [`decode_into`].
pub(crate) fn empty_decoded<'a>() -> Decoded<'a> {
    fast::empty_depth_frame()
}
