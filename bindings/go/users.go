package hfhub

import (
	"context"
	"iter"
)

// GetUserOverview returns a user's profile and counts (HfApi.get_user_overview;
// GET /api/users/{username}/overview).
func (c *Client) GetUserOverview(ctx context.Context, username string) (*User, error) {
	return callTo[User](c, ctx, "get_user_overview", args{"username": username})
}

// ListOrganizationMembers lists the members of an organization with their
// Role, lazily (HfApi.list_organization_members; GET /api/organizations/{organization}/members).
func (c *Client) ListOrganizationMembers(ctx context.Context, organization string) iter.Seq2[User, error] {
	return listTyped[User](c, ctx, "list_organization_members", args{"organization": organization})
}

// ListUserFollowers lists the followers of a user, lazily
// (HfApi.list_user_followers; GET /api/users/{username}/followers).
func (c *Client) ListUserFollowers(ctx context.Context, username string) iter.Seq2[User, error] {
	return listTyped[User](c, ctx, "list_user_followers", args{"username": username})
}

// ListUserFollowing lists the users a user follows, lazily
// (HfApi.list_user_following; GET /api/users/{username}/following).
func (c *Client) ListUserFollowing(ctx context.Context, username string) iter.Seq2[User, error] {
	return listTyped[User](c, ctx, "list_user_following", args{"username": username})
}

// GetTokenPermission returns the role of the client's token ("read", "write",
// "fineGrained"), or "" when there is no valid token
// (HfApi.get_token_permission; GET /api/whoami-v2).
func (c *Client) GetTokenPermission(ctx context.Context) (string, error) {
	var out *string
	if err := c.callInto(ctx, "get_token_permission", nil, nil, &out); err != nil {
		return "", err
	}
	return deref(out), nil
}

// GetFullRepoName returns "namespace/name" for a repository name: organization
// when given, else the token's user (HfApi.get_full_repo_name; GET /api/whoami-v2
// when organization is "").
func (c *Client) GetFullRepoName(ctx context.Context, modelID, organization string) (string, error) {
	var out string
	err := c.callInto(ctx, "get_full_repo_name", args{"model_id": modelID}.str("organization", organization), nil, &out)
	return out, err
}
