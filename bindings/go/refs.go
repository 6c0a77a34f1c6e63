package hfhub

import "context"

// CreateBranchOptions are the options of CreateBranch.
type CreateBranchOptions struct {
	Revision string // starting point ("" = the head of main)
	RepoType string
	ExistOK  bool
	Token    string
	Extra    map[string]any
}

// CreateBranch creates a branch (HfApi.create_branch;
// POST /api/{repo_type}s/{repo_id}/branch/{branch}).
func (c *Client) CreateBranch(ctx context.Context, repoID, branch string, opts *CreateBranchOptions) error {
	a := args{"repo_id": repoID, "branch": branch}
	if opts != nil {
		a.str("revision", opts.Revision).str("repo_type", opts.RepoType).flag("exist_ok", opts.ExistOK).
			str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "create_branch", a)
	return err
}

// DeleteBranch deletes a branch (HfApi.delete_branch;
// DELETE /api/{repo_type}s/{repo_id}/branch/{branch}).
func (c *Client) DeleteBranch(ctx context.Context, repoID, branch string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "delete_branch", opts.args(args{"repo_id": repoID, "branch": branch}))
	return err
}

// CreateTagOptions are the options of CreateTag.
type CreateTagOptions struct {
	TagMessage string // makes an annotated tag
	Revision   string // what to tag ("" = the head of main)
	RepoType   string
	ExistOK    bool
	Token      string
	Extra      map[string]any
}

// CreateTag tags a revision (HfApi.create_tag;
// POST /api/{repo_type}s/{repo_id}/tag/{revision}).
func (c *Client) CreateTag(ctx context.Context, repoID, tag string, opts *CreateTagOptions) error {
	a := args{"repo_id": repoID, "tag": tag}
	if opts != nil {
		a.str("tag_message", opts.TagMessage).str("revision", opts.Revision).str("repo_type", opts.RepoType).
			flag("exist_ok", opts.ExistOK).str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "create_tag", a)
	return err
}

// DeleteTag deletes a tag (HfApi.delete_tag; DELETE /api/{repo_type}s/{repo_id}/tag/{tag}).
func (c *Client) DeleteTag(ctx context.Context, repoID, tag string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "delete_tag", opts.args(args{"repo_id": repoID, "tag": tag}))
	return err
}

// SuperSquashHistoryOptions are the options of SuperSquashHistory.
type SuperSquashHistoryOptions struct {
	Branch        string // "" = main
	CommitMessage string // "" = a default message
	RepoType      string
	Token         string
	Extra         map[string]any
}

// SuperSquashHistory replaces the history of a branch by one commit with its
// current tree; this cannot be undone (HfApi.super_squash_history;
// POST /api/{repo_type}s/{repo_id}/super-squash/{branch}).
func (c *Client) SuperSquashHistory(ctx context.Context, repoID string, opts *SuperSquashHistoryOptions) error {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("branch", opts.Branch).str("commit_message", opts.CommitMessage).str("repo_type", opts.RepoType).
			str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "super_squash_history", a)
	return err
}
