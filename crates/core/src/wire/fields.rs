//! Each wire struct's fields, declared once: [`wire_struct!`] writes the struct (its serde
//! encoding, and under the `reference` feature its serde decoding) and the [`Fields`] impl
//! the hand-written decoders read it with — key → field, and the positional order.

use std::borrow::Cow;

use super::num::Num;
use super::read::{Policy, Reader};

type R<T, P> = Result<T, <P as Policy>::Fail>;

/// A field value the decoders can read: `None` for `null`.
pub(crate) trait Field<'a>: Sized {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P>;
}

impl<'a> Field<'a> for Num<'a> {
    #[inline]
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        r.opt_num()
    }
}

impl<'a> Field<'a> for Cow<'a, str> {
    #[inline]
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        r.opt_str()
    }
}

impl<'a> Field<'a> for bool {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        r.opt_bool()
    }
}

impl<'a, T: Field<'a>> Field<'a> for Box<T> {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        Ok(T::read(r)?.map(Box::new))
    }
}

/// An array of values.
impl<'a, T: Field<'a>> Field<'a> for Vec<T> {
    fn read<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        match r.peek()? {
            b'n' => r.null().map(|_| None),
            b'[' => {
                let mut v = Vec::new();
                r.array(|r| match T::read(r)? {
                    Some(t) => {
                        v.push(t);
                        Ok(())
                    }
                    None => Err(r.fail("invalid type: null in an array")),
                })?;
                Ok(Some(v))
            }
            _ => Err(r.fail("invalid type: expected an array")),
        }
    }
}

/// A struct of optional fields, read key by key.
pub(crate) trait Fields<'a>: Default {
    /// Reads the value of `key` into its field; false (nothing read) when the key is not one
    /// of the struct's. `seen` has a bit per field: a key seen twice is an error.
    fn member<P: Policy>(&mut self, key: &str, r: &mut Reader<'a, P>, seen: &mut u64) -> R<bool, P>;

    /// Reads field `i` in declaration order; false past the last field.
    fn nth<P: Policy>(&mut self, i: usize, r: &mut Reader<'a, P>) -> R<bool, P>;

    /// An object of the struct's fields (unknown keys skipped).
    #[inline]
    fn object<P: Policy>(r: &mut Reader<'a, P>) -> R<Self, P> {
        let mut t = Self::default();
        let mut seen = 0u64;
        r.object(|r, key| {
            if !t.member(key, r, &mut seen)? {
                r.skip()?;
            }
            Ok(())
        })?;
        Ok(t)
    }

    /// `null`, an object, or — as serde's derived structs allow, and the reference decoder
    /// with them — an array of the fields in declaration order (extra ones an error).
    fn opt_struct<P: Policy>(r: &mut Reader<'a, P>) -> R<Option<Self>, P> {
        match r.peek()? {
            b'n' => r.null().map(|_| None),
            b'{' => Self::object(r).map(Some),
            b'[' => {
                let mut t = Self::default();
                let mut i = 0;
                r.array(|r| {
                    if !t.nth(i, r)? {
                        return Err(r.fail("invalid length: too many fields"));
                    }
                    i += 1;
                    Ok(())
                })?;
                Ok(Some(t))
            }
            _ => Err(r.fail("invalid type: expected an object")),
        }
    }
}

/// Marks field `bit` as read; a second time is an error (as with serde's derived structs).
#[inline(always)]
pub(crate) fn first<P: Policy>(r: &Reader<'_, P>, seen: &mut u64, bit: u32) -> R<(), P> {
    if *seen & (1 << bit) != 0 {
        return Err(r.fail("duplicate field"));
    }
    *seen |= 1 << bit;
    Ok(())
}

/// Declares a wire struct once: `name: Type = "key"` per field (each an `Option<Type>`).
///
/// `encode` structs also serialize (keys as declared, absent fields left out); `decode`
/// structs are the decoders' own. Under the `reference` feature both derive serde's
/// `Deserialize`, the reference decoder the hand-written ones are checked against.
macro_rules! wire_struct {
    (@struct [$($derive:path),*] [$ser:meta] $(#[$m:meta])* pub struct $name:ident<'a> {
        $( $(#[$fm:meta])* $field:ident : $ty:ty = $key:literal, )*
    }) => {
        $(#[$m])*
        #[derive($($derive),*)]
        #[cfg_attr(feature = "reference", derive(serde::Deserialize))]
        #[cfg_attr(feature = "reference", serde(bound(deserialize = "'de: 'a")))]
        pub struct $name<'a> {
            $(
                $(#[$fm])*
                #[cfg_attr(any($ser, feature = "reference"), serde(rename = $key))]
                #[cfg_attr($ser, serde(skip_serializing_if = "Option::is_none"))]
                #[cfg_attr(feature = "reference", serde(default, deserialize_with = "crate::wire::fields::de::field"))]
                pub $field: Option<$ty>,
            )*
        }

        impl<'a> $crate::wire::fields::Fields<'a> for $name<'a> {
            #[inline]
            fn member<P: $crate::wire::read::Policy>(
                &mut self,
                key: &str,
                r: &mut $crate::wire::read::Reader<'a, P>,
                seen: &mut u64,
            ) -> Result<bool, P::Fail> {
                #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
                enum F { $($field),* }
                match key {
                    $( $key => {
                        $crate::wire::fields::first(r, seen, F::$field as u32)?;
                        self.$field = $crate::wire::fields::Field::read(r)?;
                        Ok(true)
                    } )*
                    _ => Ok(false),
                }
            }

            fn nth<P: $crate::wire::read::Policy>(
                &mut self,
                i: usize,
                r: &mut $crate::wire::read::Reader<'a, P>,
            ) -> Result<bool, P::Fail> {
                #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
                enum F { $($field),* }
                $( if i == F::$field as usize {
                    self.$field = $crate::wire::fields::Field::read(r)?;
                    return Ok(true);
                } )*
                Ok(false)
            }
        }

        impl<'a> $crate::wire::fields::Field<'a> for $name<'a> {
            fn read<P: $crate::wire::read::Policy>(
                r: &mut $crate::wire::read::Reader<'a, P>,
            ) -> Result<Option<Self>, P::Fail> {
                <Self as $crate::wire::fields::Fields<'a>>::opt_struct(r)
            }
        }
    };
    (encode $(#[$m:meta])* pub struct $name:ident<'a> { $($body:tt)* }) => {
        $crate::wire::fields::wire_struct!(@struct [Clone, Debug, Default, PartialEq, Eq, serde::Serialize] [all()]
            $(#[$m])* pub struct $name<'a> { $($body)* });
    };
    (decode $(#[$m:meta])* pub struct $name:ident<'a> { $($body:tt)* }) => {
        $crate::wire::fields::wire_struct!(@struct [Default] [any()] $(#[$m])* pub struct $name<'a> { $($body)* });
    };
}
pub(crate) use wire_struct;

/// serde's side of the declared fields, for the reference decoder only.
#[cfg(feature = "reference")]
pub(crate) mod de {
    use serde::de::{Deserialize, Deserializer, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    /// A field's serde decoding: borrowed strings (serde's own `Option<Cow<str>>` always
    /// allocates), every other type as it deserializes itself.
    pub(crate) trait DeField<'de>: Sized {
        fn de<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;
    }

    pub(crate) fn field<'de, D: Deserializer<'de>, T: DeField<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::de(d)
    }

    struct CowVisitor;

    impl<'de> Visitor<'de> for CowVisitor {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            // Only strings with escapes get here.
            Ok(Some(Cow::Owned(v.to_owned())))
        }
    }

    impl<'de: 'a, 'a> DeField<'de> for Cow<'a, str> {
        fn de<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
            d.deserialize_option(CowVisitor)
        }
    }

    /// Every other field type: as it deserializes itself.
    macro_rules! plain {
        ($($t:ty),*) => {$(
            impl<'de: 'a, 'a> DeField<'de> for $t {
                fn de<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                    Option::<$t>::deserialize(d)
                }
            }
        )*};
    }
    pub(crate) use plain;

    plain!(crate::wire::Num<'a>, bool);

    impl<'de, T: Deserialize<'de>> DeField<'de> for Box<T> {
        fn de<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
            Option::<Box<T>>::deserialize(d)
        }
    }

    impl<'de, T: Deserialize<'de>> DeField<'de> for Vec<T> {
        fn de<D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
            Option::<Vec<T>>::deserialize(d)
        }
    }
}
