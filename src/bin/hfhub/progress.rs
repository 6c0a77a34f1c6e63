//! Progress bars (indicatif) fed by the library's progress events: one bar per
//! file being transferred and one for the total, with rate and ETA.

use std::collections::HashMap;

use hfhub::{ProgressEvent, ProgressKind, ProgressSink};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

const FILE_TEMPLATE: &str =
    "{msg:<32!} [{bar:25.cyan/blue}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}";
const TOTAL_TEMPLATE: &str =
    "{prefix:<32!} [{bar:25.green/blue}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}";

/// A progress sink drawing on stderr.
pub struct Bars {
    multi: MultiProgress,
    total: Option<ProgressBar>,
    files: HashMap<usize, ProgressBar>,
    finished: usize,
    verb: &'static str,
}

impl Bars {
    /// Bars titled with `verb` ("Downloading", "Uploading").
    pub fn new(verb: &'static str) -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            total: None,
            files: HashMap::new(),
            finished: 0,
            verb,
        }
    }

    fn style(template: &str) -> ProgressStyle {
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ")
    }

    fn total_bar(&mut self, e: &ProgressEvent) -> &ProgressBar {
        let verb = self.verb;
        let multi = &self.multi;
        self.total.get_or_insert_with(|| {
            let bar = multi.add(ProgressBar::new(e.total_bytes.unwrap_or(0)));
            bar.set_style(Self::style(TOTAL_TEMPLATE));
            bar.set_prefix(format!("{verb} {} file(s)", e.file_count));
            bar
        })
    }

    /// Clears the per-file bars and leaves the total bar's last state on screen
    /// (once: later calls do nothing).
    pub fn finish(&mut self) {
        for (_, bar) in self.files.drain() {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        if let Some(total) = self.total.take() {
            total.abandon();
        }
    }
}

impl ProgressSink for Bars {
    fn on_progress(&mut self, e: &ProgressEvent) {
        let total = self.total_bar(e).clone();
        if let Some(t) = e.total_bytes {
            total.set_length(t);
        }
        total.set_position(e.total_done);
        match e.kind {
            ProgressKind::Started => {
                let bar = self
                    .multi
                    .insert_before(&total, ProgressBar::new(e.bytes_total.unwrap_or(0)));
                bar.set_style(Self::style(FILE_TEMPLATE));
                bar.set_message(e.path.clone());
                bar.set_position(e.bytes_done);
                if let Some(old) = self.files.insert(e.file_index, bar) {
                    old.finish_and_clear();
                    self.multi.remove(&old);
                }
            }
            ProgressKind::Finished => {
                if let Some(bar) = self.files.remove(&e.file_index) {
                    bar.finish_and_clear();
                    self.multi.remove(&bar);
                }
                self.finished += 1;
            }
            _ => {
                if let Some(bar) = self.files.get(&e.file_index) {
                    if let Some(t) = e.bytes_total {
                        bar.set_length(t);
                    }
                    bar.set_position(e.bytes_done);
                }
            }
        }
        total.set_prefix(format!(
            "{} {}/{} file(s)",
            self.verb, self.finished, e.file_count
        ));
    }
}

impl Drop for Bars {
    fn drop(&mut self) {
        self.finish();
    }
}
