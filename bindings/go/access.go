package hfhub

import (
	"context"
	"encoding/json"
	"iter"
	"time"
)

// AccessRequest is a request for access to a gated repository (Python's
// huggingface_hub.AccessRequest).
type AccessRequest struct {
	Username  string          `json:"username"`
	Fullname  string          `json:"fullname"`
	Email     string          `json:"email"` // shown to the repository's maintainers only
	Timestamp time.Time       `json:"timestamp"`
	Status    string          `json:"status"` // "pending", "accepted" or "rejected"
	Fields    map[string]any  `json:"fields"` // answers to the gate form
	RequestID string          `json:"request_id"`
	Raw       json.RawMessage `json:"-"`
}

// UnmarshalJSON accepts the flat object of the listings and the Hub's object
// (user details nested under "user", "requestId"), and keeps it in Raw.
func (r *AccessRequest) UnmarshalJSON(b []byte) error {
	type plain AccessRequest
	var w struct {
		plain
		User      json.RawMessage `json:"user"`
		RequestID *string         `json:"requestId"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = AccessRequest(w.plain)
	if len(w.User) > 0 && w.User[0] == '{' {
		var u struct {
			User     string `json:"user"`
			Fullname string `json:"fullname"`
			Email    string `json:"email"`
		}
		if err := json.Unmarshal(w.User, &u); err != nil {
			return err
		}
		r.Username, r.Fullname, r.Email = u.User, u.Fullname, u.Email
	}
	if w.RequestID != nil {
		r.RequestID = *w.RequestID
	}
	r.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// ListPendingAccessRequests lists the pending access requests of a gated
// repository, oldest first (HfApi.list_pending_access_requests;
// GET /api/{repo_type}s/{repo_id}/user-access-request/pending).
func (c *Client) ListPendingAccessRequests(ctx context.Context, repoID string, opts *RepoOptions) iter.Seq2[AccessRequest, error] {
	return listTyped[AccessRequest](c, ctx, "list_pending_access_requests", opts.args(args{"repo_id": repoID}))
}

// ListAcceptedAccessRequests lists the accepted access requests
// (HfApi.list_accepted_access_requests; GET /api/{repo_type}s/{repo_id}/user-access-request/accepted).
func (c *Client) ListAcceptedAccessRequests(ctx context.Context, repoID string, opts *RepoOptions) iter.Seq2[AccessRequest, error] {
	return listTyped[AccessRequest](c, ctx, "list_accepted_access_requests", opts.args(args{"repo_id": repoID}))
}

// ListRejectedAccessRequests lists the rejected access requests
// (HfApi.list_rejected_access_requests; GET /api/{repo_type}s/{repo_id}/user-access-request/rejected).
func (c *Client) ListRejectedAccessRequests(ctx context.Context, repoID string, opts *RepoOptions) iter.Seq2[AccessRequest, error] {
	return listTyped[AccessRequest](c, ctx, "list_rejected_access_requests", opts.args(args{"repo_id": repoID}))
}

// AcceptAccessRequest accepts a user's request (HfApi.accept_access_request;
// POST /api/{repo_type}s/{repo_id}/user-access-request/handle).
func (c *Client) AcceptAccessRequest(ctx context.Context, repoID, user string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "accept_access_request", opts.args(args{"repo_id": repoID, "user": user}))
	return err
}

// RejectAccessRequestOptions are the options of RejectAccessRequest.
type RejectAccessRequestOptions struct {
	RejectionReason string // shown to the user
	RepoType        string
	Token           string
	Extra           map[string]any
}

// RejectAccessRequest rejects a user's request (HfApi.reject_access_request;
// POST /api/{repo_type}s/{repo_id}/user-access-request/handle).
func (c *Client) RejectAccessRequest(ctx context.Context, repoID, user string, opts *RejectAccessRequestOptions) error {
	a := args{"repo_id": repoID, "user": user}
	if opts != nil {
		a.str("rejection_reason", opts.RejectionReason).str("repo_type", opts.RepoType).str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "reject_access_request", a)
	return err
}

// CancelAccessRequest moves a user's request back to pending
// (HfApi.cancel_access_request; POST /api/{repo_type}s/{repo_id}/user-access-request/handle).
func (c *Client) CancelAccessRequest(ctx context.Context, repoID, user string, opts *RepoOptions) error {
	_, err := c.Call(ctx, "cancel_access_request", opts.args(args{"repo_id": repoID, "user": user}))
	return err
}

// GrantAccess gives a user access without a request and returns the accepted
// request (HfApi.grant_access; POST /api/{repo_type}s/{repo_id}/user-access-request/grant).
func (c *Client) GrantAccess(ctx context.Context, repoID, user string, opts *RepoOptions) (*AccessRequest, error) {
	return callTo[AccessRequest](c, ctx, "grant_access", opts.args(args{"repo_id": repoID, "user": user}))
}
