//! Typed exports, one file per file of `src/api`. Each one is a thin shell over
//! the dispatch table: its positional arguments join its `options_json` (the
//! method's Python keyword arguments) and the operation runs as through
//! `hfhub_api_call`.

pub mod download;
pub mod files;
pub mod info;
pub mod listing;
pub mod refs;
pub mod repos;
pub mod upload;
pub mod users;
