//! Multi-commit uploads through a pull request: [`plan_multi_commits`] and
//! [`Client::create_commits_on_pr`] (Python 0.22–0.26 `plan_multi_commits` and
//! `HfApi.create_commits_on_pr`, experimental there and removed in 0.27).
//!
//! A plan splits operations into addition commits and deletion commits. Each commit of the
//! plan is a *step* with a deterministic id (sha256 over its operations), and the whole
//! plan has a *multi-commit id* (sha256 over its step ids). `create_commits_on_pr` opens a
//! draft pull request titled `[WIP] {message} (multi-commit {id})` whose description lists
//! every step as a checklist line (`- [ ] Upload 3 file(s) totalling 1.2M ({step id})`),
//! pushes each step as one commit titled with the step id on `refs/pr/N` (deletions
//! first), ticks the step in the description after each, then renames the PR, opens it and
//! merges it. Running it again with the same plan resumes the same PR and skips the steps
//! whose commit is already on it.

use std::io::Read;

use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::api::discussions::{
    ChangeDiscussionStatusOptions, CreatePullRequestOptions, GetDiscussionDetailsOptions,
    GetRepoDiscussionsOptions,
};
use crate::api::refs::ListRepoCommitsOptions;
use crate::api::upload::CreateCommitOptions;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::repo::RepoType;
use crate::types::commit::base64_encode;
use crate::types::{
    AddSource, CommitOperation, CommitOperationAdd, CommitOperationDelete, DiscussionEvent,
    DiscussionStatus, DiscussionWithDetails,
};

/// Default `max_operations_per_commit` of [`plan_multi_commits`].
pub const DEFAULT_MAX_OPERATIONS_PER_COMMIT: usize = 50;
/// Default `max_upload_size_per_commit` of [`plan_multi_commits`] (2 GiB).
pub const DEFAULT_MAX_UPLOAD_SIZE_PER_COMMIT: u64 = 2 * 1024 * 1024 * 1024;

const PR_DESCRIPTION_FOOTER: &str = "_This is a PR opened using the `huggingface_hub` library in the context of a multi-commit. PR can be commented as a usual PR. However, please be aware that manually updating the PR description, changing the PR status, or pushing new commits, is not recommended as it might corrupt the commit process. Learn more about multi-commits [in this guide](https://huggingface.co/docs/huggingface_hub/main/guides/upload)._";
const COMMENT_FOOTER: &str = "_This is a comment posted using the `huggingface_hub` library in the context of a multi-commit. Learn more about multi-commits [in this guide](https://huggingface.co/docs/huggingface_hub/main/guides/upload)._";

/// The additions and deletions of a plan, one inner list per commit (Python's tuple).
pub type MultiCommitPlan = (
    Vec<Vec<CommitOperationAdd>>,
    Vec<Vec<CommitOperationDelete>>,
);

/// Options of [`Client::create_commits_on_pr`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateCommitsOnPrOptions {
    /// Description of the final commit, also shown in the pull request.
    pub commit_description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Merge the pull request once every step is pushed (`true` by default).
    pub merge_pr: bool,
    /// Parallel hashing and LFS uploads of each step's commit (5 by default).
    pub num_threads: Option<usize>,
    /// Report each stage on standard error.
    pub verbose: bool,
}

impl Default for CreateCommitsOnPrOptions {
    fn default() -> Self {
        CreateCommitsOnPrOptions {
            commit_description: None,
            repo_type: None,
            merge_pr: true,
            num_threads: None,
            verbose: false,
        }
    }
}

/// The size of an addition's content (a path is looked up, a reader gives its declared
/// size).
fn addition_size(add: &CommitOperationAdd) -> Result<u64> {
    match &add.source {
        AddSource::Path(p) => Ok(std::fs::metadata(p).map_err(|e| Error::io(p, e))?.len()),
        AddSource::Bytes(b) => Ok(b.len() as u64),
        AddSource::Reader(r) => Ok(r.size()),
    }
}

/// The sha256 of an addition's content (a reader is spooled, see
/// [`crate::types::commit::ReaderSource`]).
fn addition_sha256(add: &CommitOperationAdd) -> Result<[u8; 32]> {
    match &add.source {
        AddSource::Bytes(b) => Ok(Sha256::digest(b).into()),
        AddSource::Reader(r) => Ok(r.spool()?.sha256),
        AddSource::Path(p) => {
            let mut f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
            let mut h = Sha256::new();
            let mut buf = vec![0u8; 1 << 20];
            loop {
                match f.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => h.update(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(Error::io(p, e)),
                }
            }
            Ok(h.finalize().into())
        }
    }
}

/// Splits operations into commits exactly as Python 0.22 does:
///
/// 1. deletions are grouped in order, at most `max_operations_per_commit` per commit;
/// 2. an addition of `max_upload_size_per_commit` bytes or more is a commit of its own;
/// 3. other additions accumulate while the group's total size stays below
///    `max_upload_size_per_commit` (the addition that would reach it starts a new group),
///    and a group is closed as soon as it holds `max_operations_per_commit` files.
///
/// Returns (addition commits, deletion commits); deletions are meant to be pushed first.
/// Copies cannot be planned ([`Error::InvalidInput`]). Sizes are read from the local files
/// (no request is made).
pub fn plan_multi_commits(
    operations: &[CommitOperation],
    max_operations_per_commit: usize,
    max_upload_size_per_commit: u64,
) -> Result<MultiCommitPlan> {
    let mut addition_commits = Vec::new();
    let mut deletion_commits = Vec::new();
    let mut additions: Vec<CommitOperationAdd> = Vec::new();
    let mut additions_size = 0u64;
    let mut deletions: Vec<CommitOperationDelete> = Vec::new();
    for op in operations {
        match op {
            CommitOperation::Delete(d) => {
                deletions.push(d.clone());
                if deletions.len() >= max_operations_per_commit {
                    deletion_commits.push(std::mem::take(&mut deletions));
                }
            }
            CommitOperation::Add(a) => {
                let size = addition_size(a)?;
                if size >= max_upload_size_per_commit {
                    addition_commits.push(vec![a.clone()]);
                } else if additions_size.saturating_add(size) < max_upload_size_per_commit {
                    additions.push(a.clone());
                    additions_size += size;
                } else {
                    addition_commits.push(std::mem::replace(&mut additions, vec![a.clone()]));
                    additions_size = size;
                }
            }
            CommitOperation::Copy(c) => {
                return Err(Error::invalid(format!(
                    "plan_multi_commits: copies cannot be planned (copy of {:?})",
                    c.src_path_in_repo
                )))
            }
        }
        if additions.len() >= max_operations_per_commit {
            addition_commits.push(std::mem::take(&mut additions));
            additions_size = 0;
        }
    }
    if !additions.is_empty() {
        addition_commits.push(additions);
    }
    if !deletions.is_empty() {
        deletion_commits.push(deletions);
    }
    Ok((addition_commits, deletion_commits))
}

/// One commit of a multi-commit.
#[derive(Debug, Clone)]
struct Step {
    operations: Vec<CommitOperation>,
    id: String,
    completed: bool,
    /// Number of additions and their total size.
    additions: (usize, u64),
    /// Number of file and folder deletions.
    deletions: (usize, usize),
}

impl Step {
    fn new(operations: Vec<CommitOperation>) -> Result<Step> {
        if operations.is_empty() {
            return Err(Error::invalid(
                "A MultiCommitStep must have at least 1 commit operation, got 0.",
            ));
        }
        let mut sha = Sha256::new();
        let (mut adds, mut size, mut files, mut folders) = (0, 0u64, 0, 0);
        for op in &operations {
            match op {
                CommitOperation::Add(a) => {
                    sha.update(b"ADD");
                    sha.update(a.path_in_repo.as_bytes());
                    sha.update(addition_sha256(a)?);
                    adds += 1;
                    size += addition_size(a)?;
                }
                CommitOperation::Delete(d) => {
                    sha.update(b"DELETE");
                    sha.update(d.path_in_repo.as_bytes());
                    sha.update(if d.is_folder { "True" } else { "False" });
                    if d.is_folder {
                        folders += 1;
                    } else {
                        files += 1;
                    }
                }
                CommitOperation::Copy(_) => {
                    return Err(Error::invalid(
                        "create_commits_on_pr: a step holds additions or deletions only",
                    ))
                }
            }
        }
        Ok(Step {
            operations,
            id: hex(&sha.finalize()),
            completed: false,
            additions: (adds, size),
            deletions: (files, folders),
        })
    }

    /// The checklist line of the step (Python `MultiCommitStep.__str__`).
    fn line(&self) -> String {
        let mark = if self.completed { 'x' } else { ' ' };
        if self.additions.0 > 0 {
            format!(
                "- [{mark}] Upload {} file(s) totalling {} ({})",
                self.additions.0,
                format_size(self.additions.1),
                self.id
            )
        } else {
            format!(
                "- [{mark}] Delete {} file(s) and {} folder(s) ({})",
                self.deletions.0, self.deletions.1, self.id
            )
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Python's `_format_size`: decimal units, one decimal, at least 3 characters.
fn format_size(num: u64) -> String {
    let mut n = num as f64;
    for unit in ["", "K", "M", "G", "T", "P", "E", "Z"] {
        if n.abs() < 1000.0 {
            return format!("{n:3.1}{unit}");
        }
        n /= 1000.0;
    }
    format!("{n:.1}Y")
}

/// The steps of a multi-commit and its id.
struct Strategy {
    additions: Vec<Step>,
    deletions: Vec<Step>,
    id: String,
}

impl Strategy {
    fn new(additions: Vec<Step>, deletions: Vec<Step>) -> Result<Strategy> {
        let mut ids: Vec<&str> = additions
            .iter()
            .chain(&deletions)
            .map(|s| s.id.as_str())
            .collect();
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < total {
            return Err(Error::invalid(
                "Got duplicate commits in MultiCommitStrategy. All commits must be unique.",
            ));
        }
        if total == 0 {
            return Err(Error::invalid(
                "A MultiCommitStrategy must have at least 1 commit, got 0.",
            ));
        }
        let mut sha = Sha256::new();
        for s in additions.iter().chain(&deletions) {
            sha.update(b"new step");
            sha.update(s.id.as_bytes());
        }
        Ok(Strategy {
            additions,
            deletions,
            id: hex(&sha.finalize()),
        })
    }

    fn step_ids(&self) -> std::collections::BTreeSet<&str> {
        self.additions
            .iter()
            .chain(&self.deletions)
            .map(|s| s.id.as_str())
            .collect()
    }

    /// The PR description (Python's `MULTI_COMMIT_PR_DESCRIPTION_TEMPLATE`): deletion
    /// steps first.
    fn description(&self, message: &str, description: Option<&str>) -> String {
        let lines: Vec<String> = self
            .deletions
            .iter()
            .chain(&self.additions)
            .map(Step::line)
            .collect();
        format!(
            "\n## {message}\n\n{}\n\n**Multi commit ID:** {}\n\nScheduled commits:\n\n{}\n\n{PR_DESCRIPTION_FOOTER}\n",
            description.unwrap_or(""),
            self.id,
            lines.join("\n")
        )
    }
}

/// The step ids of a PR description: on each line, the first `- [ ]`, `- [|]` or `- [x]`
/// followed later on the line by 64 hex digits gives the last such 64 digits (Python's
/// `STEP_ID_REGEX`, `- \[(?P<completed>[ |x])\].*(?P<step_id>[a-fA-F0-9]{64})`).
fn parse_step_ids(description: &str) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    for line in description.split('\n') {
        let b = line.as_bytes();
        let Some(start) = (0..b.len().saturating_sub(4)).find(|&i| {
            &b[i..i + 3] == b"- [" && matches!(b[i + 3], b' ' | b'|' | b'x') && b[i + 4] == b']'
        }) else {
            continue;
        };
        let rest = &b[start + 5..];
        if rest.len() < 64 {
            continue;
        }
        if let Some(i) = (0..=rest.len() - 64)
            .rev()
            .find(|&i| rest[i..i + 64].iter().all(u8::is_ascii_hexdigit))
        {
            ids.insert(String::from_utf8_lossy(&rest[i..i + 64]).into_owned());
        }
    }
    ids
}

fn corrupted(num: u64, what: String) -> Error {
    Error::invalid(format!("Corrupted multi-commit PR #{num}: {what}"))
}

impl Client {
    /// Pushes planned commits through one pull request (Python `create_commits_on_pr`,
    /// experimental): creates or resumes a draft PR tracking the steps, pushes each step as
    /// a commit on `refs/pr/N` (deletions first, each commit titled with its step id),
    /// ticks it in the PR description, then renames the PR to `commit_message`, opens it
    /// and (with `merge_pr`) merges it. Returns the PR's URL. The repo must exist.
    ///
    /// A failed run can be resumed by calling again with the same plan: the draft PR whose
    /// title holds the multi-commit id is found, and steps whose commit is on the PR are
    /// skipped. A PR with commits may be reported `open` rather than `draft`, so an open
    /// PR with that id in its title is resumed too (its title changes once done).
    ///
    /// Requests: `GET /api/{T}/{repo_id}/discussions` (then
    /// `GET /api/{T}/{repo_id}/discussions/{N}`) or `POST /api/{T}/{repo_id}/discussions`;
    /// `GET /api/{T}/{repo_id}/commits/main` and `…/commits/refs%2Fpr%2F{N}`; for each step
    /// those of [`Client::create_commit`] on `refs/pr/{N}` and
    /// `POST /api/{T}/{repo_id}/discussions/{N}/comment/{id}/edit`; then
    /// `POST …/discussions/{N}/title`, `POST …/discussions/{N}/status` and
    /// `POST …/discussions/{N}/merge`.
    pub fn create_commits_on_pr(
        &self,
        repo_id: &str,
        addition_commits: &[Vec<CommitOperationAdd>],
        deletion_commits: &[Vec<CommitOperationDelete>],
        commit_message: &str,
        options: &CreateCommitsOnPrOptions,
    ) -> Result<String> {
        let o = options;
        let log = |m: String| {
            if o.verbose {
                eprintln!("{m}");
            }
        };
        let repo_type = o.repo_type;
        let desc = o.commit_description.as_deref();
        // 1. the strategy
        log(format!(
            "Will create {} deletion commit(s) and {} addition commit(s), totalling {} atomic operations.",
            deletion_commits.len(),
            addition_commits.len(),
            addition_commits.iter().map(Vec::len).sum::<usize>()
                + deletion_commits.iter().map(Vec::len).sum::<usize>()
        ));
        let additions = addition_commits
            .iter()
            .map(|ops| Step::new(ops.iter().cloned().map(CommitOperation::Add).collect()))
            .collect::<Result<Vec<_>>>()?;
        let deletions = deletion_commits
            .iter()
            .map(|ops| Step::new(ops.iter().cloned().map(CommitOperation::Delete).collect()))
            .collect::<Result<Vec<_>>>()?;
        let mut strategy = Strategy::new(additions, deletions)?;
        log(format!("Multi-commits strategy with ID {}.", strategy.id));

        // 2. the PR: an unfinished one of this strategy, or a new one
        let details = GetDiscussionDetailsOptions { repo_type };
        let mut found: Option<DiscussionWithDetails> = None;
        for d in self.get_repo_discussions(
            repo_id,
            &GetRepoDiscussionsOptions {
                repo_type,
                ..Default::default()
            },
        ) {
            let d = d?;
            if d.is_pull_request
                && matches!(d.status, DiscussionStatus::Draft | DiscussionStatus::Open)
                && d.title.contains(&strategy.id)
            {
                found = Some(self.get_discussion_details(repo_id, d.num, &details)?);
                break;
            }
        }
        let pr = match found {
            Some(pr) => {
                log(format!(
                    "PR already exists: {}. Will resume process where it stopped.",
                    pr.url()
                ));
                pr
            }
            None => {
                let pr = self.create_pull_request(
                    repo_id,
                    &format!("[WIP] {commit_message} (multi-commit {})", strategy.id),
                    &CreatePullRequestOptions {
                        description: Some(strategy.description(commit_message, desc)),
                        repo_type,
                    },
                )?;
                log(format!("New PR created: {}", pr.url()));
                pr
            }
        };
        let num = pr.num;
        let git_ref = format!("refs/pr/{num}");

        // 3. the description must list exactly the strategy's steps
        let comment = pr
            .events
            .iter()
            .find_map(|e| match e {
                DiscussionEvent::Comment(c) => Some(c.clone()),
                _ => None,
            })
            .ok_or_else(|| Error::invalid(format!("PR #{num} must have at least 1 comment")))?;
        let listed = parse_step_ids(&comment.content);
        let expected = strategy.step_ids();
        if listed.len() != expected.len() {
            return Err(corrupted(
                num,
                format!(
                    "got {} steps in description but {} in strategy.",
                    listed.len(),
                    expected.len()
                ),
            ));
        }
        if let Some(missing) = expected.iter().find(|id| !listed.contains(**id)) {
            return Err(corrupted(
                num,
                format!(
                    "expected step {missing} but didn't find it (have {}).",
                    listed.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }

        // 4. the steps already pushed: PR commits (not on main) titled with a step id
        let on_main = self
            .list_repo_commits(
                repo_id,
                &ListRepoCommitsOptions {
                    repo_type,
                    revision: Some(crate::api::DEFAULT_REVISION.into()),
                    ..Default::default()
                },
            )
            .map(|c| c.map(|c| c.commit_id))
            .collect::<Result<std::collections::HashSet<_>>>()?;
        let mut pr_commits = Vec::new();
        for c in self.list_repo_commits(
            repo_id,
            &ListRepoCommitsOptions {
                repo_type,
                revision: Some(git_ref.clone()),
                ..Default::default()
            },
        ) {
            let c = c?;
            if !on_main.contains(&c.commit_id) {
                pr_commits.push(c);
            }
        }
        if !pr_commits.is_empty() {
            log(format!(
                "Found {} existing commits on the PR.",
                pr_commits.len()
            ));
        }
        if pr_commits.len() > expected.len() {
            return Err(corrupted(
                num,
                format!(
                    "scheduled {} steps but {} commits have already been pushed to the PR.",
                    expected.len(),
                    pr_commits.len()
                ),
            ));
        }
        for c in &pr_commits {
            if let Some(s) = strategy
                .additions
                .iter_mut()
                .chain(strategy.deletions.iter_mut())
                .find(|s| !s.completed && s.id == c.title)
            {
                s.completed = true;
            }
        }
        let remaining_deletions = strategy.deletions.iter().filter(|s| !s.completed).count();
        let remaining_additions = strategy.additions.iter().filter(|s| !s.completed).count();
        if remaining_deletions > 0 && remaining_additions < strategy.additions.len() {
            return Err(corrupted(
                num,
                "some addition commits have already been pushed to the PR but deletion commits are not all completed yet."
                    .into(),
            ));
        }
        let mut left = remaining_deletions + remaining_additions;
        if !pr_commits.is_empty() {
            log(format!(
                "{left} commits remaining ({remaining_deletions} deletion commits and {remaining_additions} addition commits)"
            ));
        }

        // 5. the remaining steps, deletions first, each ticked once pushed
        let order: Vec<(bool, usize)> = (0..strategy.deletions.len())
            .map(|i| (true, i))
            .chain((0..strategy.additions.len()).map(|i| (false, i)))
            .collect();
        for (is_deletion, i) in order {
            let step = if is_deletion {
                &strategy.deletions[i]
            } else {
                &strategy.additions[i]
            };
            if step.completed {
                continue;
            }
            self.create_commit(
                repo_id,
                &step.operations,
                &step.id,
                &CreateCommitOptions {
                    repo_type,
                    revision: Some(git_ref.clone()),
                    num_threads: o.num_threads,
                    ..Default::default()
                },
            )?;
            let id = step.id.clone();
            if is_deletion {
                strategy.deletions[i].completed = true;
            } else {
                strategy.additions[i].completed = true;
            }
            left -= 1;
            log(format!("  step {id} completed (still {left} to go)."));
            self.edit_discussion_comment(
                repo_id,
                num,
                &comment.info.id,
                &strategy.description(commit_message, desc),
                &details,
            )?;
        }
        log("All commits have been pushed.".into());

        // 6. rename, open, merge
        self.rename_discussion(repo_id, num, commit_message, &details)?;
        let completion = format!(
            "\nMulti-commit is now completed! You can ping the repo owner to review the changes. This PR can now be commented or modified without risking to corrupt it.\n\n{COMMENT_FOOTER}\n"
        );
        let now = self.get_discussion_details(repo_id, num, &details)?;
        if now.status == DiscussionStatus::Draft {
            self.change_discussion_status(
                repo_id,
                num,
                "open",
                &ChangeDiscussionStatusOptions {
                    comment: Some(completion),
                    repo_type,
                },
            )?;
        } else {
            // already reported open (it has commits): post the completion comment alone
            self.comment_discussion(repo_id, num, completion.trim(), &details)?;
        }
        log("PR is now open for reviews.".into());
        if o.merge_pr {
            let merged = self.merge_pull_request(
                repo_id,
                num,
                &ChangeDiscussionStatusOptions {
                    comment: Some(format!(
                        "\n`create_pr=False` has been passed so PR is automatically merged.\n\n{COMMENT_FOOTER}\n"
                    )),
                    repo_type,
                },
            );
            match merged {
                Ok(()) => {
                    log("PR has been automatically merged (`merge_pr=True` was passed).".into())
                }
                Err(Error::BadRequest(ctx)) => {
                    let msg = ctx.server_message.clone().unwrap_or_default();
                    if msg.contains("no associated changes") {
                        self.change_discussion_status(
                            repo_id,
                            num,
                            "closed",
                            &ChangeDiscussionStatusOptions {
                                comment: Some(format!(
                                    "\nCannot merge Pull Requests as no changes are associated. This PR will be closed automatically.\n\n{COMMENT_FOOTER}\n"
                                )),
                                repo_type,
                            },
                        )?;
                        log("Couldn't merge the PR: no associated changes.".into());
                    } else {
                        self.comment_discussion(
                            repo_id,
                            num,
                            &format!(
                                "An error occurred while trying to merge the Pull Request: `{msg}`.\n\n{COMMENT_FOOTER}"
                            ),
                            &details,
                        )?;
                        return Err(Error::BadRequest(ctx));
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(pr.url())
    }
}

/// The JSON form of an operation, as the dispatch table takes it (`path_or_fileobj` for a
/// local file, `content_base64` for bytes); `None` for a reader, which has no JSON form.
pub(crate) fn operation_json(op: &CommitOperation) -> Option<Value> {
    Some(match op {
        CommitOperation::Add(a) => match &a.source {
            AddSource::Path(p) => json!({"operation": "add", "path_in_repo": a.path_in_repo,
                                         "path_or_fileobj": p.to_string_lossy()}),
            AddSource::Bytes(b) => json!({"operation": "add", "path_in_repo": a.path_in_repo,
                                          "content_base64": base64_encode(b)}),
            AddSource::Reader(_) => return None,
        },
        CommitOperation::Delete(d) => json!({"operation": "delete",
            "path_in_repo": d.path_in_repo, "is_folder": d.is_folder}),
        CommitOperation::Copy(c) => json!({"operation": "copy",
            "src_path_in_repo": c.src_path_in_repo, "path_in_repo": c.path_in_repo,
            "src_revision": c.src_revision}),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_format_like_python() {
        assert_eq!(format_size(0), "0.0");
        assert_eq!(format_size(27), "27.0");
        assert_eq!(format_size(999), "999.0");
        assert_eq!(format_size(1000), "1.0K");
        assert_eq!(format_size(1_234_567), "1.2M");
        assert_eq!(format_size(3 * 1024 * 1024 * 1024), "3.2G");
    }

    #[test]
    fn step_ids_are_parsed_like_python() {
        let a = "a".repeat(64);
        let b = "0123456789abcdef".repeat(4);
        let text = format!(
            "## title\n- [ ] Upload 1 file(s) totalling 1.0K ({a})\n- [x] Delete 1 file(s) and 0 folder(s) ({b})\n* [ ] not a step ({a}b)\n- [y] bad mark ({b})\n- [x] short (abc)\n"
        );
        let ids = parse_step_ids(&text);
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&a) && ids.contains(&b));
        // the greedy `.*`: the last 64 hex digits of the line
        let long = format!("- [x] ({a}{b})");
        assert_eq!(
            parse_step_ids(&long).into_iter().collect::<Vec<_>>(),
            vec![b.clone()]
        );
    }

    #[test]
    fn description_matches_python_0_22() {
        // expected text produced by huggingface_hub 0.22's `multi_commit_generate_comment`
        // for this plan (first step marked completed)
        let adds = vec![
            CommitOperation::Add(
                CommitOperationAdd::from_bytes("x.bin", b"hello".to_vec()).unwrap(),
            ),
            CommitOperation::Add(
                CommitOperationAdd::from_bytes("big/y.txt", vec![b'y'; 1_234_567]).unwrap(),
            ),
        ];
        let dels = vec![
            CommitOperation::Delete(CommitOperationDelete::new("a.txt").unwrap()),
            CommitOperation::Delete(CommitOperationDelete::new("dir/").unwrap()),
        ];
        let mut strategy = Strategy::new(
            vec![Step::new(adds).unwrap()],
            vec![Step::new(dels).unwrap()],
        )
        .unwrap();
        strategy.deletions[0].completed = true;
        let expected = "\n## Msg\n\n\n\n**Multi commit ID:** edebf1098901cc4552a664f6b4fe3bd81e4a536f5522c5d9254c43811b8f3340\n\nScheduled commits:\n\n- [x] Delete 1 file(s) and 1 folder(s) (21f3cbae8e7de2bc3150b759bc8723a8424de96a5d5772877f9aba31d7256bc0)\n- [ ] Upload 2 file(s) totalling 1.2M (ff8d5a089df290d27e722605c17194c29dc136004c5096a7307b35bfe5d0a5a9)\n\n_This is a PR opened using the `huggingface_hub` library in the context of a multi-commit. PR can be commented as a usual PR. However, please be aware that manually updating the PR description, changing the PR status, or pushing new commits, is not recommended as it might corrupt the commit process. Learn more about multi-commits [in this guide](https://huggingface.co/docs/huggingface_hub/main/guides/upload)._\n";
        assert_eq!(strategy.description("Msg", None), expected);
        assert_eq!(parse_step_ids(expected).len(), 2);
    }

    #[test]
    fn step_ids_hash_like_python() {
        // sha256(b"DELETE" + b"a.txt" + b"False") computed independently
        let d = CommitOperationDelete::with_is_folder("a.txt", false).unwrap();
        let s = Step::new(vec![CommitOperation::Delete(d)]).unwrap();
        let mut h = Sha256::new();
        h.update(b"DELETEa.txtFalse");
        assert_eq!(s.id, hex(&h.finalize()));
        assert_eq!(
            s.line(),
            format!("- [ ] Delete 1 file(s) and 0 folder(s) ({})", s.id)
        );
        let add = CommitOperationAdd::from_bytes("x.bin", b"hello".to_vec()).unwrap();
        let s = Step::new(vec![CommitOperation::Add(add)]).unwrap();
        let mut h = Sha256::new();
        h.update(b"ADDx.bin");
        h.update(Sha256::digest(b"hello"));
        assert_eq!(s.id, hex(&h.finalize()));
        assert_eq!(
            s.line(),
            format!("- [ ] Upload 1 file(s) totalling 5.0 ({})", s.id)
        );
        assert!(Step::new(Vec::new()).is_err());
    }
}
