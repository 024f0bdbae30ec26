//! Shared connections: every widget of a page that reads the same feed URL shares one
//! websocket and one market. A frame is decoded and applied once, and each widget that shows
//! the currency it changed draws it at its next animation frame.
//!
//! A hub is keyed by the feed URL without its `Currency=` parameter. It subscribes the union
//! of its widgets' currencies: those known when it connects go into the URL (`?Currency=USD,EUR`),
//! a currency added later is subscribed on the open socket (`mtgox.subscribe` by channel name)
//! and gets a snapshot of its own, and one nobody shows any more is unsubscribed. The
//! connection's other settings (api, snapshot, stale, resync, refresh, resubscribe, backoff)
//! are those of its first widget. When its last widget leaves, the socket is closed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures_util::future::{AbortHandle, Abortable};
use goxbook_core::Currency;
use reactive_graph::prelude::Set;

use crate::config::{feed_key, with_currency, Config};
use crate::feed::{self, Link};
use crate::model::{Renderer, Status};
use crate::sync::SyncState;

thread_local! {
    /// The page's hubs by key: a handful at most, so a list (no hash map code in the wasm).
    static HUBS: RefCell<Vec<Rc<Hub>>> = const { RefCell::new(Vec::new()) };
}

/// The hub of `cfg`'s feed: the page's existing one, or a new one (connected when its first
/// widget joins).
pub fn hub_for(cfg: &Config) -> Rc<Hub> {
    let key = feed_key(&cfg.feed);
    HUBS.with(|h| {
        let mut hubs = h.borrow_mut();
        if let Some(hub) = hubs.iter().find(|hub| hub.key == key) {
            return Rc::clone(hub);
        }
        let hub = Rc::new(Hub {
            key,
            cfg: cfg.clone(),
            sync: Rc::new(RefCell::new(SyncState::new(cfg.currency))),
            members: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
            currencies: RefCell::new(Vec::new()),
            synced: RefCell::new(Vec::new()),
            status: Cell::new(Status::Connecting),
            message: RefCell::new(None),
            last_frame: Cell::new(None),
            wake: Cell::new(false),
            waker: RefCell::new(None),
            task: RefCell::new(None),
        });
        hubs.push(Rc::clone(&hub));
        hub
    })
}

/// How many connections the page has open (hubs with widgets).
pub fn connections() -> usize {
    HUBS.with(|h| h.borrow().len())
}

struct Member {
    id: u64,
    renderer: Rc<Renderer>,
    currencies: Vec<Currency>,
}

/// One connection and the widgets that share it.
pub struct Hub {
    key: String,
    /// The connection's settings: its first widget's.
    pub cfg: Config,
    pub sync: Rc<RefCell<SyncState>>,
    members: RefCell<Vec<Member>>,
    next_id: Cell<u64>,
    /// Subscribed currencies, in the order they were asked for, with how many widgets ask.
    currencies: RefCell<Vec<(Currency, usize)>>,
    /// Currencies whose snapshot applied during this connection.
    synced: RefCell<Vec<Currency>>,
    status: Cell<Status>,
    message: RefCell<Option<String>>,
    last_frame: Cell<Option<f64>>,
    /// Set when the currencies change; wakes the connection's task.
    wake: Cell<bool>,
    waker: RefCell<Option<Waker>>,
    task: RefCell<Option<AbortHandle>>,
}

/// A widget's place on a hub: dropping it leaves (the last one out closes the socket).
pub struct Membership {
    hub: Rc<Hub>,
    id: u64,
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.hub.leave(self.id);
    }
}

impl Hub {
    /// Adds a widget showing `currencies`; starts the connection if it is the first.
    pub fn join(self: &Rc<Self>, renderer: Rc<Renderer>, currencies: &[Currency]) -> Membership {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let mut added = false;
        {
            let mut subscribed = self.currencies.borrow_mut();
            for &c in currencies {
                match subscribed.iter_mut().find(|(s, _)| *s == c) {
                    Some((_, n)) => *n += 1,
                    None => {
                        subscribed.push((c, 1));
                        added = true;
                    }
                }
            }
        }
        renderer.last_heard(self.last_frame.get());
        renderer.model.syncs.set(self.sync.borrow().counts.snapshots);
        let member = Member { id, renderer, currencies: currencies.to_vec() };
        member.renderer.model.set_status(self.effective(&member), self.message.borrow().clone());
        member.renderer.schedule();
        self.members.borrow_mut().push(member);
        if self.task.borrow().is_none() {
            let (handle, reg) = AbortHandle::new_pair();
            let task = Abortable::new(feed::run(Rc::clone(self) as Rc<dyn Link>), reg);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = task.await;
            });
            *self.task.borrow_mut() = Some(handle);
        } else if added {
            self.notify();
        }
        Membership { hub: Rc::clone(self), id }
    }

    fn leave(&self, id: u64) {
        let Some(member) = ({
            let mut members = self.members.borrow_mut();
            members.iter().position(|m| m.id == id).map(|i| members.remove(i))
        }) else {
            return;
        };
        let mut removed = false;
        self.currencies.borrow_mut().retain_mut(|(c, n)| {
            if member.currencies.contains(c) {
                *n -= 1;
            }
            removed |= *n == 0;
            *n > 0
        });
        if self.members.borrow().is_empty() {
            // The last one out: the task (and with it the socket) is dropped.
            if let Some(task) = self.task.borrow_mut().take() {
                task.abort();
            }
            HUBS.with(|h| h.borrow_mut().retain(|hub| hub.key != self.key));
        } else if removed {
            self.notify();
        }
    }

    fn effective(&self, m: &Member) -> Status {
        let status = self.status.get();
        let synced = self.synced.borrow();
        if status == Status::Live && !m.currencies.iter().all(|c| synced.contains(c)) {
            Status::Syncing
        } else {
            status
        }
    }

    fn notify(&self) {
        self.wake.set(true);
        if let Some(w) = self.waker.borrow_mut().take() {
            w.wake();
        }
    }
}

/// What the feed's task sees of the hub.
impl Link for Hub {
    fn cfg(&self) -> &Config {
        &self.cfg
    }

    fn sync(&self) -> &RefCell<SyncState> {
        &self.sync
    }

    /// The feed URL with every subscribed currency.
    fn url(&self) -> String {
        with_currency(&self.key, &self.currencies())
    }

    /// The subscribed currencies, in the order they were asked for.
    fn currencies(&self) -> Vec<Currency> {
        self.currencies.borrow().iter().map(|&(c, _)| c).collect()
    }

    /// One stream frame: applied to the market once; the widgets it concerns draw it at
    /// their next animation frame.
    fn frame(&self, text: &str) {
        let now = crate::model::now_ms();
        self.last_frame.set(Some(now));
        let (changed, skipped) = self.sync.borrow_mut().frame(text);
        for m in self.members.borrow().iter() {
            m.renderer.heard(now, changed, skipped);
        }
    }

    /// performance.now() of the last frame received.
    fn last_frame(&self) -> Option<f64> {
        self.last_frame.get()
    }

    /// The connection's state, shown by every widget (a widget whose currencies are not all
    /// synced yet shows `syncing` while the connection is live).
    fn set_status(&self, status: Status, message: Option<String>) {
        self.status.set(status);
        *self.message.borrow_mut() = message.clone();
        for m in self.members.borrow().iter() {
            m.renderer.model.set_status(self.effective(m), message.clone());
        }
    }

    /// The connection's message (kept while reconnecting).
    fn message(&self) -> Option<String> {
        self.message.borrow().clone()
    }

    /// A message for the widgets showing any of `currencies` only (a failed snapshot of
    /// theirs while the connection is live).
    fn tell(&self, currencies: &[Currency], message: String) {
        for m in self.members.borrow().iter().filter(|m| m.currencies.iter().any(|c| currencies.contains(c))) {
            m.renderer.model.set_status(self.effective(m), Some(message.clone()));
        }
    }

    /// A new connection: nothing of it is synced yet.
    fn reset_synced(&self) {
        self.synced.borrow_mut().clear();
    }

    /// A snapshot of `currencies` applied: their widgets redraw and count it.
    fn synced(&self, currencies: &[Currency]) {
        let mut synced = self.synced.borrow_mut();
        for c in currencies {
            if !synced.contains(c) {
                synced.push(*c);
            }
        }
        drop(synced);
        let snapshots = self.sync.borrow().counts.snapshots;
        for m in self.members.borrow().iter() {
            m.renderer.model.syncs.set(snapshots);
            m.renderer.schedule();
        }
    }

    /// Subscribed currencies without a snapshot in this connection yet.
    fn unsynced(&self) -> Vec<Currency> {
        let synced = self.synced.borrow();
        self.currencies().into_iter().filter(|c| !synced.contains(c)).collect()
    }

    /// Every widget redraws at its next animation frame.
    fn schedule_all(&self) {
        for m in self.members.borrow().iter() {
            m.renderer.schedule();
        }
    }

    /// Ready when the subscribed currencies changed since it was last ready.
    fn poll_currencies_changed(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.wake.replace(false) {
            Poll::Ready(())
        } else {
            *self.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}
