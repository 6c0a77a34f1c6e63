//! Discussions and pull requests: `get_repo_discussions`, `get_discussion_details`,
//! `create_discussion`, `create_pull_request`, `comment_discussion`,
//! `edit_discussion_comment`, `hide_discussion_comment`, `rename_discussion`,
//! `change_discussion_status`, `merge_pull_request` (hub-endpoints §3.9).
//!
//! Requests are those of Python 0.22.2 (§5): the same paths, queries and JSON bodies, the
//! title and comments stripped as Python strips them, the comment id lower-cased, no body for
//! `hide_discussion_comment` nor for `merge_pull_request` without a comment. `discussion_num`
//! must be positive (checked before any request, as in Python). The mutations are POSTs and
//! are never retried. One difference: the listing stops at an empty page even when the
//! server's `count` says more remain (0.22 would then request pages forever).

use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{Method, Request};
use crate::pagination::{PageSource, Pager};
use crate::repo::RepoType;
use crate::types::{
    Discussion, DiscussionComment, DiscussionEvent, DiscussionStatusChange, DiscussionTitleChange,
    DiscussionWithDetails,
};
use crate::urls::{quote_segment, Query};

/// Python's `DISCUSSION_TYPES`.
pub const DISCUSSION_TYPES: &[&str] = &["all", "discussion", "pull_request"];
/// Python's `DISCUSSION_STATUS`.
pub const DISCUSSION_STATUS: &[&str] = &["all", "open", "closed"];

/// Options of [`Client::get_repo_discussions`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GetRepoDiscussionsOptions {
    /// Only discussions opened by this user.
    pub author: Option<String>,
    /// `all` (default), `discussion` or `pull_request`.
    pub discussion_type: Option<String>,
    /// `all` (default), `open` or `closed`.
    pub discussion_status: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::get_discussion_details`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GetDiscussionDetailsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::comment_discussion`]: the same parameters as `get_discussion_details`.
pub type CommentDiscussionOptions = GetDiscussionDetailsOptions;
/// Options of [`Client::rename_discussion`]: the same parameters as `get_discussion_details`.
pub type RenameDiscussionOptions = GetDiscussionDetailsOptions;
/// Options of [`Client::edit_discussion_comment`]: the same parameters as `get_discussion_details`.
pub type EditDiscussionCommentOptions = GetDiscussionDetailsOptions;
/// Options of [`Client::hide_discussion_comment`]: the same parameters as `get_discussion_details`.
pub type HideDiscussionCommentOptions = GetDiscussionDetailsOptions;

/// Options of [`Client::create_discussion`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateDiscussionOptions {
    /// Markdown description (stripped; a default text when empty).
    pub description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Open a (draft) pull request instead of a discussion.
    pub pull_request: bool,
}

/// Options of [`Client::create_pull_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreatePullRequestOptions {
    /// Markdown description (stripped; a default text when empty).
    pub description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::change_discussion_status`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeDiscussionStatusOptions {
    /// A comment posted with the change (sent stripped, when not blank).
    pub comment: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::merge_pull_request`]: the same parameters as `change_discussion_status`.
pub type MergePullRequestOptions = ChangeDiscussionStatusOptions;

/// Page-index pagination (hub-endpoints §2.6): `p=0,1,…` until `start + len >= count`.
struct DiscussionPages {
    url: String,
    query: Query,
    page: u64,
    done: bool,
}

impl PageSource for DiscussionPages {
    fn next_page(&mut self, client: &Client) -> Result<Option<Vec<Value>>> {
        if self.done {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct Page {
            discussions: Vec<Value>,
            count: u64,
            start: u64,
        }
        let mut q = self.query.clone();
        q.set("p", self.page.to_string());
        let page: Page = client.send_json(&Request::get(q.apply(&self.url)))?;
        self.page += 1;
        let seen = page.start.saturating_add(page.discussions.len() as u64);
        // an empty page ends the listing whatever `count` says (0.22 would loop)
        self.done = page.discussions.is_empty() || seen >= page.count;
        Ok(Some(page.discussions))
    }
}

fn check_num(discussion_num: u64) -> Result<()> {
    if discussion_num == 0 {
        return Err(Error::invalid(
            "invalid discussion_num: must be a positive integer",
        ));
    }
    Ok(())
}

fn stripped(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn decode(url: &str, e: serde_json::Error) -> Error {
    Error::Decode {
        url: url.to_owned(),
        message: e.to_string(),
    }
}

impl Client {
    fn discussion_url(
        &self,
        repo_type: Option<RepoType>,
        repo_id: &str,
        discussion_num: u64,
        suffix: &str,
    ) -> Result<String> {
        check_num(discussion_num)?;
        self.repo_api_url(
            repo_type,
            repo_id,
            &format!("/discussions/{discussion_num}{suffix}"),
        )
    }

    /// POSTs a change to a discussion and returns the event under `key` of the answer.
    fn post_discussion_change(
        &self,
        url: String,
        body: Option<Value>,
        key: &str,
    ) -> Result<DiscussionEvent> {
        let mut req = Request::new(Method::Post, url.as_str());
        if let Some(b) = &body {
            req = req.json(b);
        }
        let answer: Value = self.send_json(&req)?;
        let event = answer.get(key).ok_or_else(|| Error::Decode {
            url: url.clone(),
            message: format!("the answer has no `{key}` event"),
        })?;
        DiscussionEvent::from_wire(event).map_err(|e| decode(&url, e))
    }

    /// Discussions and pull requests of a repository, newest first, lazily paged.
    /// `GET /api/{T}/{repo_id}/discussions?type=…&status=…&author=…&p=N`.
    pub fn get_repo_discussions(
        &self,
        repo_id: &str,
        options: &GetRepoDiscussionsOptions,
    ) -> Pager<Discussion> {
        let check = |value: &Option<String>, allowed: &[&str], name: &str| match value {
            Some(v) if !allowed.contains(&v.as_str()) => Err(Error::invalid(format!(
                "invalid {name} {v:?}: must be one of {}",
                allowed.join(", ")
            ))),
            _ => Ok(()),
        };
        let url = check(
            &options.discussion_type,
            DISCUSSION_TYPES,
            "discussion_type",
        )
        .and_then(|_| {
            check(
                &options.discussion_status,
                DISCUSSION_STATUS,
                "discussion_status",
            )
        })
        .and_then(|_| self.repo_api_url(options.repo_type, repo_id, "/discussions"));
        let url = match url {
            Ok(u) => u,
            Err(e) => return Pager::failed(self, e),
        };
        let mut query = Query::new();
        query
            .set_opt("type", options.discussion_type.clone())
            .set_opt("status", options.discussion_status.clone())
            .set_opt("author", options.author.clone());
        let endpoint = self.endpoint().to_owned();
        let source = DiscussionPages {
            url: url.clone(),
            query,
            page: 0,
            done: false,
        };
        Pager::from_source(self, Box::new(source), None, move |v| {
            Discussion::from_wire(&v, &endpoint)
                .map(Some)
                .map_err(|e| decode(&url, e))
        })
    }

    /// A discussion or pull request with its events, and for pull requests the target
    /// branch, the conflicting files and the diff.
    /// `GET /api/{T}/{repo_id}/discussions/{discussion_num}?diff=1`.
    pub fn get_discussion_details(
        &self,
        repo_id: &str,
        discussion_num: u64,
        options: &GetDiscussionDetailsOptions,
    ) -> Result<DiscussionWithDetails> {
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, "")?;
        let mut q = Query::new();
        q.set("diff", "1");
        let v: Value = self.send_json(&Request::get(q.apply(&url)))?;
        DiscussionWithDetails::from_wire(&v, self.endpoint()).map_err(|e| decode(&url, e))
    }

    /// Opens a discussion (or, with `pull_request`, a draft pull request) and returns it.
    /// `POST /api/{T}/{repo_id}/discussions` with `{"title", "description", "pullRequest"}`
    /// (title stripped; a blank description becomes Python's default text), then
    /// [`Client::get_discussion_details`] on the new number.
    pub fn create_discussion(
        &self,
        repo_id: &str,
        title: &str,
        options: &CreateDiscussionOptions,
    ) -> Result<DiscussionWithDetails> {
        let url = self.repo_api_url(options.repo_type, repo_id, "/discussions")?;
        let description = match stripped(options.description.as_deref()) {
            Some(d) => d.to_owned(),
            None => format!(
                "{} opened with the [huggingface_hub Python library](https://huggingface.co/docs/huggingface_hub)",
                if options.pull_request {
                    "Pull Request"
                } else {
                    "Discussion"
                }
            ),
        };
        let body = json!({
            "title": title.trim(),
            "description": description,
            "pullRequest": options.pull_request,
        });
        let answer: Value =
            self.send_json(&Request::new(Method::Post, url.as_str()).json(&body))?;
        let num = answer
            .get("num")
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::Decode {
                url: url.clone(),
                message: "the answer has no discussion `num`".into(),
            })?;
        self.get_discussion_details(
            repo_id,
            num,
            &GetDiscussionDetailsOptions {
                repo_type: options.repo_type,
            },
        )
    }

    /// Opens a draft pull request: [`Client::create_discussion`] with `pull_request`.
    /// `POST /api/{T}/{repo_id}/discussions` with `"pullRequest": true`.
    pub fn create_pull_request(
        &self,
        repo_id: &str,
        title: &str,
        options: &CreatePullRequestOptions,
    ) -> Result<DiscussionWithDetails> {
        self.create_discussion(
            repo_id,
            title,
            &CreateDiscussionOptions {
                description: options.description.clone(),
                repo_type: options.repo_type,
                pull_request: true,
            },
        )
    }

    /// Posts a comment (markdown). `POST /api/{T}/{repo_id}/discussions/{num}/comment`
    /// with `{"comment"}`.
    pub fn comment_discussion(
        &self,
        repo_id: &str,
        discussion_num: u64,
        comment: &str,
        options: &CommentDiscussionOptions,
    ) -> Result<DiscussionComment> {
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, "/comment")?;
        let e = self.post_discussion_change(
            url.clone(),
            Some(json!({ "comment": comment })),
            "newMessage",
        )?;
        expect_event(&url, e)
    }

    /// Renames a discussion. `POST /api/{T}/{repo_id}/discussions/{num}/title` with `{"title"}`.
    pub fn rename_discussion(
        &self,
        repo_id: &str,
        discussion_num: u64,
        new_title: &str,
        options: &RenameDiscussionOptions,
    ) -> Result<DiscussionTitleChange> {
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, "/title")?;
        let e = self.post_discussion_change(
            url.clone(),
            Some(json!({ "title": new_title })),
            "newTitle",
        )?;
        expect_event(&url, e)
    }

    /// Closes or reopens a discussion or pull request (`new_status`: `open` or `closed`).
    /// `POST /api/{T}/{repo_id}/discussions/{num}/status` with `{"status", "comment"?}`.
    pub fn change_discussion_status(
        &self,
        repo_id: &str,
        discussion_num: u64,
        new_status: &str,
        options: &ChangeDiscussionStatusOptions,
    ) -> Result<DiscussionStatusChange> {
        if new_status != "open" && new_status != "closed" {
            return Err(Error::invalid(format!(
                "invalid status {new_status:?}: valid statuses are 'open' and 'closed'"
            )));
        }
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, "/status")?;
        let mut body = json!({ "status": new_status });
        if let Some(c) = stripped(options.comment.as_deref()) {
            body["comment"] = json!(c);
        }
        let e = self.post_discussion_change(url.clone(), Some(body), "newStatus")?;
        expect_event(&url, e)
    }

    /// Merges a pull request into its target branch.
    /// `POST /api/{T}/{repo_id}/discussions/{num}/merge`, with `{"comment"}` when a comment is
    /// given and no body at all otherwise.
    pub fn merge_pull_request(
        &self,
        repo_id: &str,
        discussion_num: u64,
        options: &MergePullRequestOptions,
    ) -> Result<()> {
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, "/merge")?;
        let mut req = Request::new(Method::Post, url);
        if let Some(c) = stripped(options.comment.as_deref()) {
            req = req.json(&json!({ "comment": c }));
        }
        self.send(&req).map(drop)
    }

    /// Replaces the text of a comment (its author only).
    /// `POST /api/{T}/{repo_id}/discussions/{num}/comment/{comment_id}/edit` with
    /// `{"content"}` (the id lower-cased).
    pub fn edit_discussion_comment(
        &self,
        repo_id: &str,
        discussion_num: u64,
        comment_id: &str,
        new_content: &str,
        options: &EditDiscussionCommentOptions,
    ) -> Result<DiscussionComment> {
        let suffix = format!(
            "/comment/{}/edit",
            quote_segment(&comment_id.to_lowercase())
        );
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, &suffix)?;
        let e = self.post_discussion_change(
            url.clone(),
            Some(json!({ "content": new_content })),
            "updatedComment",
        )?;
        expect_event(&url, e)
    }

    /// Hides a comment: irreversible, its text is no longer served.
    /// `POST /api/{T}/{repo_id}/discussions/{num}/comment/{comment_id}/hide`, no body (the id
    /// lower-cased).
    pub fn hide_discussion_comment(
        &self,
        repo_id: &str,
        discussion_num: u64,
        comment_id: &str,
        options: &HideDiscussionCommentOptions,
    ) -> Result<DiscussionComment> {
        let suffix = format!(
            "/comment/{}/hide",
            quote_segment(&comment_id.to_lowercase())
        );
        let url = self.discussion_url(options.repo_type, repo_id, discussion_num, &suffix)?;
        let e = self.post_discussion_change(url.clone(), None, "updatedComment")?;
        expect_event(&url, e)
    }
}

/// The event as the type the operation returns, or a decode error naming what came back.
fn expect_event<T: TryFrom<DiscussionEvent, Error = DiscussionEvent>>(
    url: &str,
    e: DiscussionEvent,
) -> Result<T> {
    T::try_from(e).map_err(|other| Error::Decode {
        url: url.to_owned(),
        message: format!("unexpected {:?} event in the answer", other.event_type()),
    })
}
