//! Users, organisations, likes and `whoami` (hub-endpoints §4.12–4.13).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A Hub user (likers, followers, members, overview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// User name (the wire key is `user`).
    #[serde(alias = "user")]
    pub username: String,
    /// Full name.
    #[serde(default)]
    pub fullname: Option<String>,
    /// Avatar URL.
    #[serde(default, alias = "avatarUrl")]
    pub avatar_url: Option<String>,
    /// Profile details.
    #[serde(default)]
    pub details: Option<String>,
    /// Whether the caller follows this user.
    #[serde(default, alias = "isFollowing")]
    pub is_following: Option<bool>,
    /// PRO subscriber.
    #[serde(default, alias = "isPro")]
    pub is_pro: Option<bool>,
    /// Number of models.
    #[serde(default, alias = "numModels")]
    pub num_models: Option<u64>,
    /// Number of datasets.
    #[serde(default, alias = "numDatasets")]
    pub num_datasets: Option<u64>,
    /// Number of Spaces.
    #[serde(default, alias = "numSpaces")]
    pub num_spaces: Option<u64>,
    /// Number of discussions.
    #[serde(default, alias = "numDiscussions")]
    pub num_discussions: Option<u64>,
    /// Number of papers.
    #[serde(default, alias = "numPapers")]
    pub num_papers: Option<u64>,
    /// Number of upvotes.
    #[serde(default, alias = "numUpvotes")]
    pub num_upvotes: Option<u64>,
    /// Number of likes given.
    #[serde(default, alias = "numLikes")]
    pub num_likes: Option<u64>,
    /// Number of followers.
    #[serde(default, alias = "numFollowers")]
    pub num_followers: Option<u64>,
    /// Number of users followed.
    #[serde(default, alias = "numFollowing")]
    pub num_following: Option<u64>,
    /// `user` or `org` (the wire key is `type`).
    #[serde(default, alias = "type")]
    pub user_type: Option<String>,
    /// Every other key (`_id`, `orgs`, `createdAt`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Repositories a user likes (`list_liked_repos`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLikes {
    /// The user.
    pub user: String,
    /// Number of liked repositories.
    pub total: usize,
    /// Liked models.
    pub models: Vec<String>,
    /// Liked datasets.
    pub datasets: Vec<String>,
    /// Liked Spaces.
    pub spaces: Vec<String>,
}

/// `auth.accessToken` of `whoami`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessTokenInfo {
    /// The token's display name.
    #[serde(default, rename = "displayName")]
    pub display_name: Option<String>,
    /// `read`, `write` or `fineGrained`.
    #[serde(default)]
    pub role: Option<String>,
    /// Every other key (`createdAt`, `fineGrained`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `auth` of `whoami`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthInfo {
    /// `access_token`, `oauth`, ...
    #[serde(default, rename = "type")]
    pub auth_type: Option<String>,
    /// The access token, when the credential is one.
    #[serde(
        default,
        rename = "accessToken",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<AccessTokenInfo>,
    /// Every other key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An organisation the user belongs to (`orgs[]` of `whoami`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgMembership {
    /// Organisation name.
    pub name: String,
    /// Full name.
    #[serde(default)]
    pub fullname: Option<String>,
    /// The user's role (`admin`, `write`, `contributor`, `read`).
    #[serde(default, rename = "roleInOrg", skip_serializing_if = "Option::is_none")]
    pub role_in_org: Option<String>,
    /// Every other key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The result of `whoami`. Serialises back to the Hub's own keys, as Python
/// returns the raw dict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// `user`, `org` or `app`.
    #[serde(rename = "type")]
    pub account_type: String,
    /// Account name.
    pub name: String,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fullname: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Organisations.
    #[serde(default)]
    pub orgs: Vec<OrgMembership>,
    /// The credential used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthInfo>,
    /// Every other key (`id`, `emailVerified`, `canPay`, `isPro`, `avatarUrl`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl WhoAmI {
    /// `auth.accessToken.role`: `read`, `write`, `fineGrained`.
    pub fn token_role(&self) -> Option<&str> {
        self.auth.as_ref()?.access_token.as_ref()?.role.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whoami_from_reference_example_round_trips() {
        let raw = serde_json::json!({"type": "user", "id": "6273", "name": "alice", "fullname": "Alice",
         "email": "alice@example.com", "emailVerified": true, "canPay": false, "isPro": false,
         "periodEnd": null, "avatarUrl": "/avatars/alice.svg",
         "orgs": [{"type": "org", "id": "5e67", "name": "acme", "fullname": "ACME", "email": null,
                   "canPay": false, "avatarUrl": "/avatars/acme.svg", "periodEnd": null, "roleInOrg": "admin"}],
         "auth": {"type": "access_token", "accessToken": {"displayName": "ci", "role": "write",
                  "createdAt": "2024-03-01T10:00:00.000Z"}}});
        let w: WhoAmI = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(w.token_role(), Some("write"));
        assert_eq!(w.orgs[0].role_in_org.as_deref(), Some("admin"));
        assert_eq!(serde_json::to_value(&w).unwrap(), raw);
    }

    #[test]
    fn users_from_wire() {
        let u: User = serde_json::from_value(serde_json::json!({"user": "bob", "fullname": "Bob",
            "avatarUrl": "/a.svg", "type": "user", "isPro": false, "numFollowers": 3}))
        .unwrap();
        assert_eq!(u.username, "bob");
        assert_eq!(u.user_type.as_deref(), Some("user"));
        assert_eq!(u.num_followers, Some(3));
    }
}
