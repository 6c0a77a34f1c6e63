//! Likes: `like`, `unlike`, `list_liked_repos`, `list_repo_likers`.

use serde::Deserialize;
use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{Method, Request};
use crate::pagination::Pager;
use crate::repo::RepoType;
use crate::types::{User, UserLikes};
use crate::urls::quote_segment;

/// Options of [`Client::like`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LikeOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::unlike`]: the same parameters as `like`.
pub type UnlikeOptions = LikeOptions;

/// Options of [`Client::list_repo_likers`]: the same parameters as `like`.
pub type ListRepoLikersOptions = LikeOptions;

impl Client {
    /// Likes a repository. `POST /api/{T}/{repo_id}/like`.
    pub fn like(&self, repo_id: &str, options: &LikeOptions) -> Result<()> {
        let url = self.repo_api_url(options.repo_type, repo_id, "/like")?;
        self.send(&Request::new(Method::Post, url).idempotent(true))
            .map(drop)
    }

    /// Removes a like. `DELETE /api/{T}/{repo_id}/like`.
    pub fn unlike(&self, repo_id: &str, options: &UnlikeOptions) -> Result<()> {
        let url = self.repo_api_url(options.repo_type, repo_id, "/like")?;
        self.send(&Request::new(Method::Delete, url).idempotent(true))
            .map(drop)
    }

    /// Users who like a repository, lazily paged. `GET /api/{T}/{repo_id}/likers`.
    pub fn list_repo_likers(&self, repo_id: &str, options: &ListRepoLikersOptions) -> Pager<User> {
        match self.repo_api_url(options.repo_type, repo_id, "/likers") {
            Ok(url) => Pager::link(self, url, None),
            Err(e) => Pager::failed(self, e),
        }
    }

    /// Repositories a user likes, grouped by type. `GET /api/users/{user}/likes`
    /// (every page); without a user, the token owner's (`GET /api/whoami-v2` first,
    /// which must be a user, not an organisation).
    pub fn list_liked_repos(&self, user: Option<&str>) -> Result<UserLikes> {
        let user = match user {
            Some(u) => u.to_owned(),
            None => {
                let me = self.whoami()?;
                if me.account_type != "user" {
                    return Err(Error::invalid(format!(
                        "cannot list likes of a {} account: pass a user name",
                        me.account_type
                    )));
                }
                me.name
            }
        };
        let url = self.hub_url(&format!("/api/users/{}/likes", quote_segment(&user)));
        let mut likes = UserLikes {
            user,
            ..Default::default()
        };
        for item in Pager::<Value>::link(self, url, None) {
            let item = item?;
            likes.total += 1;
            let repo = &item["repo"];
            let Some(name) = repo["name"].as_str() else {
                continue;
            };
            match repo["type"].as_str() {
                Some("model") => likes.models.push(name.to_owned()),
                Some("dataset") => likes.datasets.push(name.to_owned()),
                Some("space") => likes.spaces.push(name.to_owned()),
                _ => {}
            }
        }
        Ok(likes)
    }
}
