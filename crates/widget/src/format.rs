//! Numbers for people: Intl.NumberFormat in the configured locale. It is given the exact
//! decimal string (never an f64), which current browsers format without rounding.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// One formatter per kind of number, for a currency of `decimals`.
pub struct Formats {
    price: Function,
    amount: Function,
}

impl Formats {
    /// Fails (with the browser's words) when `locale` is not a language tag it accepts.
    pub fn new(locale: Option<&str>, decimals: u32) -> Result<Formats, String> {
        Ok(Formats { price: formatter(locale, decimals, decimals)?, amount: formatter(locale, 4, 8)? })
    }

    pub fn price(&self, exact: &str) -> String {
        call(&self.price, exact)
    }

    pub fn amount(&self, exact: &str) -> String {
        call(&self.amount, exact)
    }
}

fn formatter(locale: Option<&str>, min: u32, max: u32) -> Result<Function, String> {
    let err = |e: JsValue| e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()));
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).map_err(err)?;
    let ctor: Function = Reflect::get(&intl, &"NumberFormat".into()).map_err(err)?.dyn_into().map_err(err)?;
    let options = Object::new();
    for (k, v) in [("minimumFractionDigits", min), ("maximumFractionDigits", max)] {
        Reflect::set(&options, &k.into(), &JsValue::from(v)).map_err(err)?;
    }
    let locales = js_sys::Array::new();
    if let Some(l) = locale {
        locales.push(&l.into());
    }
    let args = js_sys::Array::of2(&locales, &options);
    let nf = Reflect::construct(&ctor, &args).map_err(err)?;
    let format: Function = Reflect::get(&nf, &"format".into()).map_err(err)?.dyn_into().map_err(err)?;
    Ok(format.bind0(&nf))
}

fn call(f: &Function, exact: &str) -> String {
    f.call1(&JsValue::NULL, &JsValue::from_str(exact))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| exact.to_string())
}

/// "HH:MM:SS" in the browser's time zone, from seconds since the epoch.
pub fn clock_time(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}
