//! Output helpers: JSON results, sizes, tables, relative times.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::context::Ctx;
use crate::failure::CliError;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::other("Encode", format!("cannot encode the result: {e}")))?;
    println!("{text}");
    Ok(())
}

/// Prints `value` as JSON with `--json`, else runs `human`.
pub fn emit<T: Serialize + ?Sized>(
    ctx: &Ctx,
    value: &T,
    human: impl FnOnce(&T),
) -> Result<(), CliError> {
    if ctx.json {
        print_json(value)
    } else {
        human(value);
        Ok(())
    }
}

/// Python's `_format_size`: decimal units, one decimal (`1.2K`, `3.1M`).
pub fn size(n: u64) -> String {
    hfhub::cache::scan::format_size(n)
}

/// Left-aligned columns separated by one space, header then dashes, as Python's
/// `huggingface_hub.commands._cli_utils.tabulate`. Cells flagged as numbers are
/// right-aligned.
pub fn table(headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.text().chars().count());
        }
    }
    let render = |cells: Vec<Cell>| -> String {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(cells) {
            match cell {
                Cell::Text(t) => line.push_str(&format!("{t:<w$} ")),
                Cell::Num(t) => line.push_str(&format!("{t:>w$} ")),
            }
        }
        line.trim_end().to_owned()
    };
    let mut out = vec![
        render(headers.iter().map(|h| Cell::Text(h.to_string())).collect()),
        render(widths.iter().map(|w| Cell::Text("-".repeat(*w))).collect()),
    ];
    out.extend(rows.iter().map(|r| render(r.clone())));
    out.join("\n")
}

/// One table cell.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Left-aligned.
    Text(String),
    /// Right-aligned.
    Num(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Num(t) => t,
        }
    }
}

/// Python's `_format_timesince`: "a few seconds ago", "3 minutes ago", "2 weeks ago".
pub fn time_since(ts: f64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    time_since_at(ts, now)
}

fn time_since_at(ts: f64, now: f64) -> String {
    const CHUNKS: &[(&str, f64, Option<f64>)] = &[
        ("second", 1.0, Some(60.0)),
        ("minute", 60.0, Some(60.0)),
        ("hour", 3600.0, Some(24.0)),
        ("day", 86400.0, Some(6.0)),
        ("week", 604_800.0, Some(6.0)),
        ("month", 2_592_000.0, Some(11.0)),
        ("year", 31_536_000.0, None),
    ];
    let delta = now - ts;
    if delta < 20.0 {
        return "a few seconds ago".to_owned();
    }
    let mut out = (0.0, "second");
    for (label, divider, max) in CHUNKS {
        let value = (delta / divider).round_ties_even();
        out = (value, label);
        if max.is_some_and(|m| value <= m) {
            break;
        }
    }
    let (value, label) = out;
    let plural = if value > 1.0 { "s" } else { "" };
    format!("{value:.0} {label}{plural} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_like_python() {
        assert_eq!(time_since_at(100.0, 110.0), "a few seconds ago");
        assert_eq!(time_since_at(0.0, 45.0), "45 seconds ago");
        // Python's rounding: 3600 s is still "60 minutes".
        assert_eq!(time_since_at(0.0, 3600.0), "60 minutes ago");
        assert_eq!(time_since_at(0.0, 7200.0), "2 hours ago");
        assert_eq!(time_since_at(0.0, 3.0 * 86400.0), "3 days ago");
        assert_eq!(time_since_at(0.0, 400.0 * 86400.0), "1 year ago");
    }

    #[test]
    fn tables_align() {
        let t = table(
            &["A", "BB"],
            &[vec![Cell::Text("xyz".into()), Cell::Num("7".into())]],
        );
        assert_eq!(t, "A   BB\n--- --\nxyz  7");
    }
}
