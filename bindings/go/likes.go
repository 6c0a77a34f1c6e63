package hfhub

import (
	"context"
	"iter"
)

// UserLikes are the repositories a user likes (HfApi.list_liked_repos).
type UserLikes struct {
	User     string   `json:"user"`
	Total    int      `json:"total"`
	Models   []string `json:"models"`
	Datasets []string `json:"datasets"`
	Spaces   []string `json:"spaces"`
}

// Like likes a repository (HfApi.like; POST /api/{repo_type}s/{repo_id}/like).
func (c *Client) Like(ctx context.Context, repoID string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "like", opts.args(args{"repo_id": repoID}))
	return err
}

// Unlike removes a like (HfApi.unlike; DELETE /api/{repo_type}s/{repo_id}/like).
func (c *Client) Unlike(ctx context.Context, repoID string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "unlike", opts.args(args{"repo_id": repoID}))
	return err
}

// ListLikedRepos returns the repositories a user likes; user "" means the
// token's user (HfApi.list_liked_repos; GET /api/users/{user}/likes).
func (c *Client) ListLikedRepos(ctx context.Context, user string) (*UserLikes, error) {
	return callTo[UserLikes](c, ctx, "list_liked_repos", args{}.str("user", user))
}

// ListRepoLikers lists the users who like a repository, lazily
// (HfApi.list_repo_likers; GET /api/{repo_type}s/{repo_id}/likers).
func (c *Client) ListRepoLikers(ctx context.Context, repoID string, opts *RepoOptions) iter.Seq2[User, error] {
	return listTyped[User](c, ctx, "list_repo_likers", opts.args(args{"repo_id": repoID}))
}
