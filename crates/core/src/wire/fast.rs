//! The fast path for the hottest payload, a depth frame of the streaming API, decoded in
//! place (the decoded payload is large: filling it costs less than moving it).
//!
//! It reads with the same lexer and the same [`Depth`] fields as the general decoder, under
//! the [`NotMine`] policy: it can only say "this is a depth frame, and here it is" or "not
//! mine" — any other key, a duplicate, a shape or syntax error — and then the general decoder
//! decodes the payload (or says what is wrong, and where). So both always decode alike (the
//! fuzz test checks it against the reference).

use std::borrow::Cow;

use super::fields::{first, Field, Fields};
use super::messages::Depth;
use super::payload::{Decoded, Payload, Private, PrivateMessage};
use super::read::{NotMine, Reader};

/// An empty depth frame, to be filled by [`depth_frame_into`].
pub(super) fn empty_depth_frame<'a>() -> Decoded<'a> {
    Decoded {
        payload: Payload::Private(Private {
            channel: None,
            channel_name: None,
            origin: None,
            stamp: None,
            message: PrivateMessage::Depth(Depth::default()),
        }),
        capture_ms: None,
        currency_hint: None,
    }
}

/// Fills `out` (from [`empty_depth_frame`]) in place; false ("not mine", and `out` is
/// garbage) unless `input` is a depth frame `{"op":"private","private":"depth","depth":{…},…}`
/// made of these keys only.
pub(super) fn depth_frame_into<'a>(input: &'a str, out: &mut Decoded<'a>) -> bool {
    let Decoded { payload: Payload::Private(p), capture_ms, currency_hint } = out else { return false };
    let Private { channel, channel_name, origin, stamp, message: PrivateMessage::Depth(body) } = p else {
        return false;
    };
    let mut r = Reader::<NotMine>::new(input);
    let (mut op, mut kind): (Option<Cow<'a, str>>, Option<Cow<'a, str>>) = (None, None);
    let mut seen = 0u64;
    // The frame keys of a depth frame (as in `Frame`); the depth object must be an object.
    let parsed = r.object(|r, key| match key {
        "op" => first(r, &mut seen, 0).and_then(|_| Field::read(r)).map(|v| op = v),
        "private" => first(r, &mut seen, 1).and_then(|_| Field::read(r)).map(|v| kind = v),
        "channel" => first(r, &mut seen, 2).and_then(|_| Field::read(r)).map(|v| *channel = v),
        "channel_name" => first(r, &mut seen, 3).and_then(|_| Field::read(r)).map(|v| *channel_name = v),
        "origin" => first(r, &mut seen, 4).and_then(|_| Field::read(r)).map(|v| *origin = v),
        "stamp" => first(r, &mut seen, 5).and_then(|_| Field::read(r)).map(|v| *stamp = v),
        "_t" => first(r, &mut seen, 6).and_then(|_| Field::read(r)).map(|v| *capture_ms = v),
        "_currency" => first(r, &mut seen, 7).and_then(|_| Field::read(r)).map(|v| *currency_hint = v),
        "depth" if r.peek()? == b'{' => {
            first(r, &mut seen, 8)?;
            let mut fields = 0u64;
            r.object(|r, key| if body.member(key, r, &mut fields)? { Ok(()) } else { r.skip() })
        }
        _ => Err(()),
    });
    parsed.is_ok()
        && r.end().is_ok()
        && seen & (1 << 8) != 0
        && op.as_deref() == Some("private")
        && kind.as_deref() == Some("depth")
}
