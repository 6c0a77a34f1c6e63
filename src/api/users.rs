//! Identity and users: `whoami`, `get_token_permission`, `get_full_repo_name`,
//! `get_user_overview`, `list_organization_members`, `list_user_followers`,
//! `list_user_following`.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::Request;
use crate::pagination::Pager;
use crate::types::{User, WhoAmI};
use crate::urls::quote_segment;

impl Client {
    /// Who the token belongs to. `GET /api/whoami-v2`.
    ///
    /// A token is mandatory (Python's `token=True` behaviour): without one this
    /// fails with [`Error::LocalTokenNotFound`] before sending anything.
    pub fn whoami(&self) -> Result<WhoAmI> {
        let token = self.require_token()?.to_owned();
        let client = self.with_token(token);
        client.send_json(&Request::get(self.hub_url("/api/whoami-v2")))
    }

    /// The role of the token (`read`, `write`, `fineGrained`), or `None` when
    /// there is no token or the Hub rejects it. `GET /api/whoami-v2`.
    ///
    /// Unlike Python 0.22, a credential without an `accessToken` (an OAuth
    /// token) gives `None` instead of raising.
    pub fn get_token_permission(&self) -> Result<Option<String>> {
        match self.whoami() {
            Ok(w) => Ok(w.token_role().map(str::to_owned)),
            Err(e) if e.http().is_some() || matches!(e, Error::LocalTokenNotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `namespace/model_id`: with `organization` given no request is made; otherwise
    /// the namespace is the token owner's (`GET /api/whoami-v2`).
    ///
    /// A `model_id` that already has a namespace is returned unchanged (Python 0.22
    /// turns `"a/b"` into `"a/a/b"`).
    pub fn get_full_repo_name(&self, model_id: &str, organization: Option<&str>) -> Result<String> {
        if let Some(org) = organization {
            return Ok(format!("{org}/{model_id}"));
        }
        if model_id.contains('/') {
            return Ok(model_id.to_owned());
        }
        Ok(format!("{}/{model_id}", self.whoami()?.name))
    }

    /// A user's profile. `GET /api/users/{username}/overview`.
    ///
    /// Sent with the client's headers and token (as Python ≥ 0.25; 0.23 sent
    /// neither, so `is_following` could never be answered).
    pub fn get_user_overview(&self, username: &str) -> Result<User> {
        let url = self.hub_url(&format!("/api/users/{}/overview", quote_segment(username)));
        self.send_json(&Request::get(url))
    }

    /// Members of an organisation. `GET /api/organizations/{organization}/members`
    /// (followed through `Link` pages when the Hub paginates).
    pub fn list_organization_members(&self, organization: &str) -> Pager<User> {
        let url = self.hub_url(&format!(
            "/api/organizations/{}/members",
            quote_segment(organization)
        ));
        Pager::link(self, url, None)
    }

    /// Followers of a user. `GET /api/users/{username}/followers`.
    pub fn list_user_followers(&self, username: &str) -> Pager<User> {
        let url = self.hub_url(&format!("/api/users/{}/followers", quote_segment(username)));
        Pager::link(self, url, None)
    }

    /// Users a user follows. `GET /api/users/{username}/following`.
    pub fn list_user_following(&self, username: &str) -> Pager<User> {
        let url = self.hub_url(&format!("/api/users/{}/following", quote_segment(username)));
        Pager::link(self, url, None)
    }
}
