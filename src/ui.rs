//! The browser view: Yew components over one reducer ([`state::State`]).
//!
//! The view only draws and dispatches. Everything it shows is computed by pure, natively
//! tested functions: the reducer ([`state`]) and what it is told ([`action`]), the view model
//! ([`scene`]) and its geometry ([`layout`]), the words ([`describe`], [`narrate`], [`i18n`]),
//! the keyboard ([`keys`]), the page's address ([`address`]) and the speed ([`speed`]).
//! The few calls into the browser sit in `browser`; components only draw and dispatch.

pub mod action;
pub mod address;
mod app;
pub mod ask;
mod browser;
mod components;
pub mod describe;
pub mod diagram;
pub mod grid;
pub mod i18n;
pub mod keys;
pub mod layout;
mod math;
pub mod moment;
pub mod narrate;
pub mod scene;
pub mod speed;
pub mod state;

pub use app::{moment_address, App};
