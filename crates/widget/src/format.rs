//! Numbers for people: Intl.NumberFormat in the configured locale. It is given the exact
//! decimal string (never an f64), which current browsers format without rounding.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Numbers for people (Intl.NumberFormat in the widget's locale), for a currency's scale.
/// Given the exact decimal strings, never an f64.
pub struct Fmt {
    pub decimals: u32,
    price: Function,
    amount: Function,
    pct: Function,
    rate: Function,
}

impl Fmt {
    pub fn new(locale: Option<&str>, decimals: u32) -> Result<Fmt, String> {
        let fraction = |min: u32, max: u32| [("minimumFractionDigits", min), ("maximumFractionDigits", max)];
        Ok(Fmt {
            decimals,
            price: intl(locale, &fraction(decimals, decimals))?,
            amount: intl(locale, &fraction(4, 8))?,
            pct: intl(locale, &fraction(2, 4))?,
            rate: intl(locale, &[("maximumSignificantDigits", 6)])?,
        })
    }

    pub fn price(&self, exact: &str) -> String {
        call(&self.price, exact)
    }

    pub fn amount(&self, exact: &str) -> String {
        call(&self.amount, exact)
    }

    pub fn pct(&self, exact: &str) -> String {
        format!("{} %", call(&self.pct, exact))
    }

    pub fn rate(&self, exact: &str) -> String {
        call(&self.rate, exact)
    }
}

fn intl(locale: Option<&str>, options: &[(&str, u32)]) -> Result<Function, String> {
    let err = |e: JsValue| e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()));
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).map_err(err)?;
    let ctor: Function = Reflect::get(&intl, &"NumberFormat".into()).map_err(err)?.dyn_into().map_err(err)?;
    let opts = Object::new();
    for (k, v) in options {
        Reflect::set(&opts, &(*k).into(), &JsValue::from(*v)).map_err(err)?;
    }
    let locales = js_sys::Array::new();
    if let Some(l) = locale {
        locales.push(&l.into());
    }
    let nf = Reflect::construct(&ctor, &js_sys::Array::of2(&locales, &opts)).map_err(err)?;
    let format: Function = Reflect::get(&nf, &"format".into()).map_err(err)?.dyn_into().map_err(err)?;
    Ok(format.bind0(&nf))
}

fn call(f: &Function, exact: &str) -> String {
    f.call1(&JsValue::NULL, &JsValue::from_str(exact))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| exact.to_string())
}

thread_local! {
    /// Formats made so far, by (locale, decimals): Intl.NumberFormat objects are costly to make.
    static FMTS: RefCell<Vec<(Option<String>, Rc<Fmt>)>> = const { RefCell::new(Vec::new()) };
}

/// The formats of a currency of `decimals` in `locale` (None: the locale is not valid).
pub fn fmt_for(locale: Option<&str>, decimals: u32) -> Option<Rc<Fmt>> {
    FMTS.with(|f| {
        let mut f = f.borrow_mut();
        if let Some((_, x)) = f.iter().find(|(l, x)| l.as_deref() == locale && x.decimals == decimals) {
            return Some(Rc::clone(x));
        }
        let x = Rc::new(Fmt::new(locale, decimals).ok()?);
        f.push((locale.map(str::to_string), Rc::clone(&x)));
        Some(x)
    })
}

/// "HH:MM:SS" in the browser's time zone, from seconds since the epoch.
pub fn clock_time(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}
