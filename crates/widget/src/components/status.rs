//! The status line (connection state, age of the last message, frames skipped, the pair
//! shown) and the status message.

use leptos::prelude::*;

use super::ctx;
use crate::num::tenths;

#[component]
pub fn StatusLine() -> impl IntoView {
    let m = ctx().model;
    let (status, last, now, skipped, currency) = (m.status, m.last_frame, m.now, m.skipped, m.currency);
    let (message, message2) = (m.message.clone(), m.message);
    let text = move || {
        let s = status.get();
        let age = last.get().map(|t| format!(" · last message {} s ago", tenths((now.get() - t).max(0.0) / 1000.0)));
        let (g, r) = skipped.get();
        let skipped = if g + r > 0 { format!(" · {} frame(s) skipped", g + r) } else { String::new() };
        format!("{}{}{}", s.as_str(), age.unwrap_or_default(), skipped)
    };
    view! {
        <div class="gx-status">
            <span class="gx-dot" aria-hidden="true"></span>
            <span class="gx-status-text" data-status-text="">{text}</span>
            <span class="gx-pair">{move || format!("BTC/{}", currency.get())}</span>
        </div>
        <div class="gx-message" role="status" data-message="" hidden=move || message2.with(Option::is_none)>
            {move || message.get().unwrap_or_default()}
        </div>
    }
}
