package hfhub

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"
)

// DiscussionStatus is the status of a discussion or pull request.
type DiscussionStatus string

// The statuses the Hub uses.
const (
	DiscussionOpen   DiscussionStatus = "open"
	DiscussionClosed DiscussionStatus = "closed"
	DiscussionMerged DiscussionStatus = "merged"
	DiscussionDraft  DiscussionStatus = "draft"
)

// Discussion is a discussion or pull request as listed by GetRepoDiscussions
// (Python's huggingface_hub.Discussion).
type Discussion struct {
	Title         string           `json:"title"`
	Status        DiscussionStatus `json:"status"`
	Num           int              `json:"num"`
	RepoID        string           `json:"repo_id"`
	RepoType      string           `json:"repo_type"`
	Author        string           `json:"author"` // "deleted" for a deleted account
	IsPullRequest bool             `json:"is_pull_request"`
	CreatedAt     time.Time        `json:"created_at"`
	Endpoint      string           `json:"endpoint"`
}

// GitReference is the ref of a pull request ("refs/pr/N"), "" for a discussion.
func (d *Discussion) GitReference() string {
	if !d.IsPullRequest {
		return ""
	}
	return fmt.Sprintf("refs/pr/%d", d.Num)
}

// URL is the web page of the discussion.
func (d *Discussion) URL() string {
	prefix := ""
	switch d.RepoType {
	case "dataset":
		prefix = "datasets/"
	case "space":
		prefix = "spaces/"
	}
	return fmt.Sprintf("%s/%s%s/discussions/%d", d.Endpoint, prefix, d.RepoID, d.Num)
}

// DiscussionEvent is one event of a discussion: *DiscussionComment,
// *DiscussionStatusChange, *DiscussionCommit, *DiscussionTitleChange, or
// *DiscussionEventInfo for an event type this package does not know. Use a type
// switch to tell them apart.
type DiscussionEvent interface {
	// EventInfo returns the fields every event has.
	EventInfo() *DiscussionEventInfo
}

// DiscussionEventInfo holds the fields common to every discussion event.
type DiscussionEventInfo struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"` // "comment", "status-change", "commit", "title-change", ...
	CreatedAt time.Time       `json:"created_at"`
	Author    string          `json:"author"` // "deleted" for a deleted account
	Raw       json.RawMessage `json:"_event"` // the event as the Hub sent it
}

// EventInfo implements DiscussionEvent.
func (e *DiscussionEventInfo) EventInfo() *DiscussionEventInfo { return e }

// DiscussionComment is a comment (the first one is the discussion's description).
type DiscussionComment struct {
	DiscussionEventInfo
	Content string `json:"content"` // the current raw (markdown) text
	Edited  bool   `json:"edited"`
	Hidden  bool   `json:"hidden"`
}

// CommentRevision is an earlier version of an edited comment.
type CommentRevision struct {
	Raw       string    `json:"raw"`
	HTML      string    `json:"html"`
	UpdatedAt time.Time `json:"updatedAt"`
	Author    string    `json:"author"` // "deleted" for a deleted account
}

// UnmarshalJSON reads a revision of the Hub's event ("author" is a user object).
func (r *CommentRevision) UnmarshalJSON(b []byte) error {
	var w struct {
		Raw       string          `json:"raw"`
		HTML      string          `json:"html"`
		UpdatedAt time.Time       `json:"updatedAt"`
		Author    json.RawMessage `json:"author"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = CommentRevision{Raw: w.Raw, HTML: w.HTML, UpdatedAt: w.UpdatedAt, Author: "deleted"}
	var name string
	var user struct {
		Name string `json:"name"`
	}
	switch {
	case json.Unmarshal(w.Author, &name) == nil && name != "":
		r.Author = name
	case json.Unmarshal(w.Author, &user) == nil && user.Name != "":
		r.Author = user.Name
	}
	return nil
}

type commentData struct {
	Latest struct {
		HTML      string    `json:"html"`
		UpdatedAt time.Time `json:"updatedAt"`
	} `json:"latest"`
	History []CommentRevision `json:"history"`
}

func (c *DiscussionComment) data() commentData {
	var ev struct {
		Data commentData `json:"data"`
	}
	_ = json.Unmarshal(c.Raw, &ev) // best effort: these are derived views of Raw
	return ev.Data
}

// Rendered returns the comment as HTML.
func (c *DiscussionComment) Rendered() string { return c.data().Latest.HTML }

// LastEditedAt returns when the current text was written.
func (c *DiscussionComment) LastEditedAt() time.Time { return c.data().Latest.UpdatedAt }

// EditHistory returns the earlier versions of the comment, newest first.
func (c *DiscussionComment) EditHistory() []CommentRevision { return c.data().History }

// NumberOfEdits returns how many times the comment was edited.
func (c *DiscussionComment) NumberOfEdits() int { return len(c.data().History) }

// DiscussionStatusChange is a change of status (closed, reopened, merged).
type DiscussionStatusChange struct {
	DiscussionEventInfo
	NewStatus DiscussionStatus `json:"new_status"`
}

// DiscussionCommit is a commit pushed to a pull request.
type DiscussionCommit struct {
	DiscussionEventInfo
	Summary string `json:"summary"`
	OID     string `json:"oid"`
}

// DiscussionTitleChange is a rename.
type DiscussionTitleChange struct {
	DiscussionEventInfo
	OldTitle string `json:"old_title"`
	NewTitle string `json:"new_title"`
}

// decodeEvent decodes one event into its typed form.
func decodeEvent(b []byte) (DiscussionEvent, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, err
	}
	var ev DiscussionEvent
	switch head.Type {
	case "comment":
		ev = new(DiscussionComment)
	case "status-change":
		ev = new(DiscussionStatusChange)
	case "commit":
		ev = new(DiscussionCommit)
	case "title-change":
		ev = new(DiscussionTitleChange)
	default:
		ev = new(DiscussionEventInfo)
	}
	if err := json.Unmarshal(b, ev); err != nil {
		return nil, err
	}
	return ev, nil
}

// DiscussionWithDetails is a discussion with its events and, for a pull
// request, its merge state (Python's DiscussionWithDetails).
type DiscussionWithDetails struct {
	Discussion
	Events []DiscussionEvent
	// ConflictingFiles lists the files that conflict with the target branch
	// (pull requests only); ConflictsUnknown is set when the Hub only says
	// whether there are conflicts.
	ConflictingFiles []string
	ConflictsUnknown bool
	TargetBranch     string // e.g. "refs/heads/main" (pull requests only)
	MergeCommitOID   string // set once merged
	Diff             string // the unified diff, when the Hub sent it
	Raw              json.RawMessage
}

// UnmarshalJSON decodes the object, typing each event, and keeps it in Raw.
func (d *DiscussionWithDetails) UnmarshalJSON(b []byte) error {
	var w struct {
		Discussion
		Events           []json.RawMessage `json:"events"`
		ConflictingFiles json.RawMessage   `json:"conflicting_files"`
		TargetBranch     *string           `json:"target_branch"`
		MergeCommitOID   *string           `json:"merge_commit_oid"`
		Diff             *string           `json:"diff"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = DiscussionWithDetails{Discussion: w.Discussion, Raw: append(json.RawMessage(nil), b...)}
	for _, e := range w.Events {
		ev, err := decodeEvent(e)
		if err != nil {
			return err
		}
		d.Events = append(d.Events, ev)
	}
	if len(w.ConflictingFiles) > 0 && string(w.ConflictingFiles) != "null" {
		if err := json.Unmarshal(w.ConflictingFiles, &d.ConflictingFiles); err != nil {
			var unknown bool
			if json.Unmarshal(w.ConflictingFiles, &unknown) != nil {
				return fmt.Errorf("hfhub: unexpected conflicting_files %s", w.ConflictingFiles)
			}
			d.ConflictsUnknown = unknown
		}
	}
	d.TargetBranch, d.MergeCommitOID, d.Diff = deref(w.TargetBranch), deref(w.MergeCommitOID), deref(w.Diff)
	return nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// GetRepoDiscussionsOptions filter GetRepoDiscussions.
type GetRepoDiscussionsOptions struct {
	Author           string
	DiscussionType   string // "all" (default), "discussion" or "pull_request"
	DiscussionStatus string // "all" (default), "open" or "closed"
	RepoType         string
	Token            string
	Extra            map[string]any
}

// GetRepoDiscussions lists the discussions and pull requests of a repository,
// newest first, fetching pages lazily (HfApi.get_repo_discussions;
// GET /api/{repo_type}s/{repo_id}/discussions).
func (c *Client) GetRepoDiscussions(ctx context.Context, repoID string, opts *GetRepoDiscussionsOptions) iter.Seq2[Discussion, error] {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("author", opts.Author).str("discussion_type", opts.DiscussionType).
			str("discussion_status", opts.DiscussionStatus).str("repo_type", opts.RepoType).
			str("token", opts.Token).extra(opts.Extra)
	}
	return listTyped[Discussion](c, ctx, "get_repo_discussions", a)
}

// GetDiscussionDetails returns a discussion or pull request with its events
// (HfApi.get_discussion_details; GET /api/{repo_type}s/{repo_id}/discussions/{num}).
func (c *Client) GetDiscussionDetails(ctx context.Context, repoID string, num int, opts *RepoOptions) (*DiscussionWithDetails, error) {
	return callTo[DiscussionWithDetails](c, ctx, "get_discussion_details", opts.args(args{"repo_id": repoID, "discussion_num": num}))
}

// CreateDiscussionOptions are the options of CreateDiscussion and CreatePullRequest.
type CreateDiscussionOptions struct {
	Description string // the first comment ("" = a default text)
	PullRequest bool   // CreateDiscussion only: open a pull request instead
	RepoType    string
	Token       string
	Extra       map[string]any
}

func (o *CreateDiscussionOptions) args(a args, pr bool) args {
	if o == nil {
		return a
	}
	if pr {
		a.flag("pull_request", o.PullRequest)
	}
	return a.str("description", o.Description).str("repo_type", o.RepoType).str("token", o.Token).extra(o.Extra)
}

// CreateDiscussion opens a discussion, or a pull request with
// opts.PullRequest (HfApi.create_discussion; POST /api/{repo_type}s/{repo_id}/discussions).
func (c *Client) CreateDiscussion(ctx context.Context, repoID, title string, opts *CreateDiscussionOptions) (*DiscussionWithDetails, error) {
	return callTo[DiscussionWithDetails](c, ctx, "create_discussion", opts.args(args{"repo_id": repoID, "title": title}, true))
}

// CreatePullRequest opens a draft pull request backed by refs/pr/N; push to
// it with CreateCommit at revision GitReference() (HfApi.create_pull_request;
// POST /api/{repo_type}s/{repo_id}/discussions). opts.PullRequest is ignored.
func (c *Client) CreatePullRequest(ctx context.Context, repoID, title string, opts *CreateDiscussionOptions) (*DiscussionWithDetails, error) {
	return callTo[DiscussionWithDetails](c, ctx, "create_pull_request", opts.args(args{"repo_id": repoID, "title": title}, false))
}

// CommentDiscussion adds a comment (HfApi.comment_discussion;
// POST /api/{repo_type}s/{repo_id}/discussions/{num}/comment).
func (c *Client) CommentDiscussion(ctx context.Context, repoID string, num int, comment string, opts *RepoOptions) (*DiscussionComment, error) {
	return callTo[DiscussionComment](c, ctx, "comment_discussion", opts.args(args{"repo_id": repoID, "discussion_num": num, "comment": comment}))
}

// EditDiscussionComment replaces the text of a comment (HfApi.edit_discussion_comment;
// POST /api/{repo_type}s/{repo_id}/discussions/{num}/comment/{comment_id}/edit).
func (c *Client) EditDiscussionComment(ctx context.Context, repoID string, num int, commentID, newContent string, opts *RepoOptions) (*DiscussionComment, error) {
	return callTo[DiscussionComment](c, ctx, "edit_discussion_comment",
		opts.args(args{"repo_id": repoID, "discussion_num": num, "comment_id": commentID, "new_content": newContent}))
}

// HideDiscussionComment hides a comment for good (HfApi.hide_discussion_comment;
// POST /api/{repo_type}s/{repo_id}/discussions/{num}/comment/{comment_id}/hide).
func (c *Client) HideDiscussionComment(ctx context.Context, repoID string, num int, commentID string, opts *RepoOptions) (*DiscussionComment, error) {
	return callTo[DiscussionComment](c, ctx, "hide_discussion_comment",
		opts.args(args{"repo_id": repoID, "discussion_num": num, "comment_id": commentID}))
}

// RenameDiscussion changes the title (HfApi.rename_discussion;
// POST /api/{repo_type}s/{repo_id}/discussions/{num}/title).
func (c *Client) RenameDiscussion(ctx context.Context, repoID string, num int, newTitle string, opts *RepoOptions) (*DiscussionTitleChange, error) {
	return callTo[DiscussionTitleChange](c, ctx, "rename_discussion",
		opts.args(args{"repo_id": repoID, "discussion_num": num, "new_title": newTitle}))
}

// DiscussionCommentOptions are the options of ChangeDiscussionStatus and MergePullRequest.
type DiscussionCommentOptions struct {
	Comment  string // a comment posted with the change
	RepoType string
	Token    string
	Extra    map[string]any
}

func (o *DiscussionCommentOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.str("comment", o.Comment).str("repo_type", o.RepoType).str("token", o.Token).extra(o.Extra)
}

// ChangeDiscussionStatus closes or reopens a discussion; newStatus is "open"
// or "closed" (HfApi.change_discussion_status;
// POST /api/{repo_type}s/{repo_id}/discussions/{num}/status).
func (c *Client) ChangeDiscussionStatus(ctx context.Context, repoID string, num int, newStatus DiscussionStatus, opts *DiscussionCommentOptions) (*DiscussionStatusChange, error) {
	return callTo[DiscussionStatusChange](c, ctx, "change_discussion_status",
		opts.args(args{"repo_id": repoID, "discussion_num": num, "new_status": string(newStatus)}))
}

// MergePullRequest merges a pull request into its target branch
// (HfApi.merge_pull_request; POST /api/{repo_type}s/{repo_id}/discussions/{num}/merge).
func (c *Client) MergePullRequest(ctx context.Context, repoID string, num int, opts *DiscussionCommentOptions) error {
	_, err := c.Call(ctx, "merge_pull_request", opts.args(args{"repo_id": repoID, "discussion_num": num}))
	return err
}

// callTo runs an operation and decodes its result into a new T.
func callTo[T any](c *Client, ctx context.Context, method string, a any) (*T, error) {
	var out T
	if err := c.callInto(ctx, method, a, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
