//! The protocol's wire types: one definition of each message, for decoding and encoding.

mod fast;
pub(crate) use fast::{depth_frame_into, empty_depth_frame};
mod frame;
mod scan;
pub(crate) use scan::decode as decode_scanned;
mod messages;
mod num;
// The lexer every decoder reads through (the venue decoders too).
#[allow(dead_code)] // until the decoders below move onto it
pub(crate) mod read;
mod text;

pub use frame::{
    decode, decode_annotated, decode_reference, Decoded, HttpBody, HttpResponse, Payload, Private, PrivateMessage,
    RawJson,
};
pub use messages::{CurrencyInfo, Depth, DepthEntry, DepthSnapshot, EngineLag, Lag, Ticker, Trade};
pub use num::{Money, Num, Value};
