//! goxbook-alloc: the allocator of goxbook's wasm modules (the core-only package and the
//! widget): power-of-two size classes, each with a free list, carved from pages the module
//! grows (`memory.grow`). About a kilobyte of code instead of dlmalloc's eight (both packages
//! are held to a size budget, BENCHMARKS.md), and O(1) per call. Linking this crate on
//! wasm32 makes it the global allocator; elsewhere it is empty. It owns nothing else.
//!
//! A freed block is kept for its class and never split or merged: memory is at most
//! about twice what is live at the peak, which suits the core (a book's levels, a tape, short
//! strings per call): the bench streams end at 7–11 MB of wasm memory, as with dlmalloc.
//! Single-threaded, as wasm32-unknown-unknown is.
#![cfg(target_arch = "wasm32")]

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// Blocks are 16 bytes and more, 16-aligned: larger alignments are refused (none is asked).
const MIN_CLASS: u32 = 4;
const ALIGN: usize = 16;
const PAGE: usize = 65536;

struct State {
    /// Per class (block of 2^class bytes), the first free block; each holds the next.
    free: [usize; 32],
    /// The unused part of the pages grown so far.
    next: usize,
    end: usize,
}

pub struct Classes(UnsafeCell<State>);

// wasm32-unknown-unknown has one thread.
unsafe impl Sync for Classes {}

#[global_allocator]
static ALLOCATOR: Classes = Classes(UnsafeCell::new(State { free: [0; 32], next: 0, end: 0 }));

/// The class of a block that holds `layout`; None for what no class holds.
fn class(layout: Layout) -> Option<u32> {
    if layout.align() > ALIGN || layout.size() > 1 << 30 {
        return None;
    }
    let size = layout.size().max(1 << MIN_CLASS);
    Some(usize::BITS - (size - 1).leading_zeros())
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else { return null_mut() };
        // SAFETY: one thread, and no call re-enters the allocator.
        let s = unsafe { &mut *self.0.get() };
        let head = s.free[c as usize];
        if head != 0 {
            // SAFETY: `head` is a free block of this class, its first word the next one.
            s.free[c as usize] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << c;
        if s.end - s.next < size {
            let pages = size.div_ceil(PAGE).max(16);
            let old = wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            let start = old * PAGE;
            // Contiguous with what is left (nothing else grows the memory), else a new run.
            if start != s.end {
                s.next = start;
            }
            s.end = start + pages * PAGE;
        }
        let p = s.next;
        s.next += size;
        p as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else { return };
        // SAFETY: as in alloc; `ptr` is a block of this class that is no longer used.
        let s = unsafe { &mut *self.0.get() };
        unsafe { *(ptr as *mut usize) = s.free[c as usize] };
        s.free[c as usize] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `layout.align()` is valid and unchanged.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // Same class: no copy. (Not when shrinking: the block, freed at its new size, would
        // move to a smaller class for good, and a grow-then-shrink pattern — the glue passing a
        // non-ASCII string — would then grow the memory on every call.)
        if class(layout) == class(new) {
            return ptr;
        }
        // SAFETY: the caller's contract of realloc, passed on.
        unsafe {
            let p = self.alloc(new);
            if !p.is_null() {
                core::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            p
        }
    }
}
