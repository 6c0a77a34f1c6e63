package hfhub

import (
	"context"
	"encoding/json"
)

// UnmarshalJSON reads an operation in the form of the dispatch table (as
// PlanMultiCommits returns them).
func (o *CommitOperation) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	o.op = m
	return nil
}

// Kind returns "add", "delete" or "copy".
func (o CommitOperation) Kind() string { s, _ := o.op["operation"].(string); return s }

// PathInRepo returns the path the operation writes or deletes.
func (o CommitOperation) PathInRepo() string { s, _ := o.op["path_in_repo"].(string); return s }

// MultiCommitPlan is a split of operations into commits: the additions, then
// the deletions, one inner slice per commit.
type MultiCommitPlan struct {
	AdditionCommits [][]CommitOperation
	DeletionCommits [][]CommitOperation
}

// PlanMultiCommitsOptions bound the commits of PlanMultiCommits; 0 leaves the
// default (50 operations, 2 GiB of uploads per commit).
type PlanMultiCommitsOptions struct {
	MaxOperationsPerCommit int
	MaxUploadSizePerCommit int64
}

// PlanMultiCommits splits additions and deletions into commits for
// CreateCommitsOnPR (Python's plan_multi_commits, experimental there; no
// request). Copies are not accepted.
func (c *Client) PlanMultiCommits(ctx context.Context, ops []CommitOperation, opts *PlanMultiCommitsOptions) (*MultiCommitPlan, error) {
	if ops == nil {
		ops = []CommitOperation{}
	}
	a := args{"operations": ops}
	if opts != nil {
		a.num("max_operations_per_commit", opts.MaxOperationsPerCommit)
		if opts.MaxUploadSizePerCommit != 0 {
			a["max_upload_size_per_commit"] = opts.MaxUploadSizePerCommit
		}
	}
	var out [2][][]CommitOperation
	if err := c.callInto(ctx, "plan_multi_commits", a, nil, &out); err != nil {
		return nil, err
	}
	return &MultiCommitPlan{AdditionCommits: out[0], DeletionCommits: out[1]}, nil
}

// CreateCommitsOnPROptions are the options of CreateCommitsOnPR.
type CreateCommitsOnPROptions struct {
	CommitDescription string
	RepoType          string
	SkipMerge         bool // leave the pull request open instead of merging it (Python's merge_pr=False)
	NumThreads        int
	Token             string
	Extra             map[string]any
}

// CreateCommitsOnPR pushes a plan (see PlanMultiCommits) as commits on one
// pull request, then renames, opens and merges it, and returns the pull
// request's URL; calling it again with the same plan resumes an interrupted
// run (Python's create_commits_on_pr, experimental there; the requests of
// CreatePullRequest, CreateCommit on refs/pr/N, EditDiscussionComment,
// RenameDiscussion, ChangeDiscussionStatus and MergePullRequest).
func (c *Client) CreateCommitsOnPR(ctx context.Context, repoID string, plan *MultiCommitPlan, commitMessage string, opts *CreateCommitsOnPROptions) (string, error) {
	adds, dels := [][]CommitOperation{}, [][]CommitOperation{}
	if plan != nil {
		if plan.AdditionCommits != nil {
			adds = plan.AdditionCommits
		}
		if plan.DeletionCommits != nil {
			dels = plan.DeletionCommits
		}
	}
	a := args{"repo_id": repoID, "addition_commits": adds, "deletion_commits": dels, "commit_message": commitMessage}
	if opts != nil {
		a.str("commit_description", opts.CommitDescription).str("repo_type", opts.RepoType).
			num("num_threads", opts.NumThreads).str("token", opts.Token)
		if opts.SkipMerge {
			a["merge_pr"] = false
		}
		a.extra(opts.Extra)
	}
	var url string
	err := c.callInto(ctx, "create_commits_on_pr", a, nil, &url)
	return url, err
}
