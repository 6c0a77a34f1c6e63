package hfhub

import (
	"context"
	"encoding/base64"
	"encoding/json"
)

// RepoURL is the URL of a repository (HfApi.create_repo's result).
type RepoURL struct {
	Endpoint  string `json:"endpoint"`
	Namespace string `json:"namespace"`
	RepoName  string `json:"repo_name"`
	RepoID    string `json:"repo_id"`
	RepoType  string `json:"repo_type"`
	URL       string `json:"url"`
}

// CreateRepoOptions are the options of CreateRepo.
type CreateRepoOptions struct {
	RepoType string
	Private  bool
	ExistOK  bool
	SpaceSDK string // "gradio", "streamlit", "docker", "static" (Spaces only)
	Token    string
	Extra    map[string]any // space_hardware, space_secrets, ...
}

// CreateRepo creates a repository (HfApi.create_repo; POST /api/repos/create).
func (c *Client) CreateRepo(ctx context.Context, repoID string, opts *CreateRepoOptions) (*RepoURL, error) {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("repo_type", opts.RepoType).flag("private", opts.Private).flag("exist_ok", opts.ExistOK).
			str("space_sdk", opts.SpaceSDK).str("token", opts.Token).extra(opts.Extra)
	}
	var out RepoURL
	if err := c.callInto(ctx, "create_repo", a, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteRepoOptions are the options of DeleteRepo.
type DeleteRepoOptions struct {
	RepoType  string
	MissingOK bool
	Token     string
	Extra     map[string]any
}

// DeleteRepo deletes a repository (HfApi.delete_repo; DELETE /api/repos/delete).
func (c *Client) DeleteRepo(ctx context.Context, repoID string, opts *DeleteRepoOptions) error {
	a := args{"repo_id": repoID}
	if opts != nil {
		a.str("repo_type", opts.RepoType).flag("missing_ok", opts.MissingOK).str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "delete_repo", a)
	return err
}

// CommitInfo describes a commit made by CreateCommit, UploadFile, UploadFolder.
type CommitInfo struct {
	CommitURL         string `json:"commit_url"`
	CommitMessage     string `json:"commit_message"`
	CommitDescription string `json:"commit_description"`
	OID               string `json:"oid"`
	PRURL             string `json:"pr_url"`
	PRRevision        string `json:"pr_revision"`
	PRNum             int    `json:"pr_num"`
}

// CommitOperation is one operation of CreateCommit: make it with AddFile,
// AddBytes, DeleteFile, DeleteFolder or CopyFile.
type CommitOperation struct {
	op map[string]any
}

// MarshalJSON writes the operation in the form of the dispatch table.
func (o CommitOperation) MarshalJSON() ([]byte, error) { return json.Marshal(o.op) }

// AddFile adds (or replaces) pathInRepo with the content of the local file localPath.
func AddFile(pathInRepo, localPath string) CommitOperation {
	return CommitOperation{map[string]any{"operation": "add", "path_in_repo": pathInRepo, "path_or_fileobj": localPath}}
}

// AddBytes adds (or replaces) pathInRepo with content.
func AddBytes(pathInRepo string, content []byte) CommitOperation {
	return CommitOperation{map[string]any{"operation": "add", "path_in_repo": pathInRepo,
		"content_base64": base64.StdEncoding.EncodeToString(content)}}
}

// DeleteFile deletes the file pathInRepo.
func DeleteFile(pathInRepo string) CommitOperation {
	return CommitOperation{map[string]any{"operation": "delete", "path_in_repo": pathInRepo, "is_folder": false}}
}

// DeleteFolder deletes the folder pathInRepo and everything in it.
func DeleteFolder(pathInRepo string) CommitOperation {
	return CommitOperation{map[string]any{"operation": "delete", "path_in_repo": pathInRepo, "is_folder": true}}
}

// CopyFile copies the file srcPathInRepo (at srcRevision, "" = the target
// revision) to pathInRepo without uploading it again.
func CopyFile(srcPathInRepo, pathInRepo, srcRevision string) CommitOperation {
	op := map[string]any{"operation": "copy", "src_path_in_repo": srcPathInRepo, "path_in_repo": pathInRepo}
	if srcRevision != "" {
		op["src_revision"] = srcRevision
	}
	return CommitOperation{op}
}

// CommitOptions are the options of CreateCommit, UploadFile and UploadFolder.
type CommitOptions struct {
	CommitMessage     string // UploadFile and UploadFolder only (CreateCommit takes it as an argument)
	CommitDescription string
	RepoType          string
	Revision          string // the branch to commit to
	CreatePR          bool
	ParentCommit      string
	Token             string
	Progress          ProgressFunc // CreateCommit only
	Extra             map[string]any
}

func (o *CommitOptions) args(a args, withMessage bool) (args, ProgressFunc) {
	if o == nil {
		return a, nil
	}
	if withMessage {
		a.str("commit_message", o.CommitMessage)
	}
	a.str("commit_description", o.CommitDescription).str("repo_type", o.RepoType).str("revision", o.Revision).
		flag("create_pr", o.CreatePR).str("parent_commit", o.ParentCommit).str("token", o.Token).extra(o.Extra)
	return a, o.Progress
}

// CreateCommit makes one commit of additions, deletions and copies (HfApi.create_commit;
// POST /api/{repo_type}s/{repo_id}/preupload/{revision}, the LFS batch API, then
// POST /api/{repo_type}s/{repo_id}/commit/{revision}).
func (c *Client) CreateCommit(ctx context.Context, repoID string, ops []CommitOperation, message string, opts *CommitOptions) (*CommitInfo, error) {
	if ops == nil {
		ops = []CommitOperation{}
	}
	a, progress := opts.args(args{"repo_id": repoID, "operations": ops, "commit_message": message}, false)
	var out CommitInfo
	if err := c.callInto(ctx, "create_commit", a, progress, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UploadFile uploads the local file localPath to pathInRepo (HfApi.upload_file;
// as CreateCommit).
func (c *Client) UploadFile(ctx context.Context, repoID, localPath, pathInRepo string, opts *CommitOptions) (*CommitInfo, error) {
	a, _ := opts.args(args{"repo_id": repoID, "path_or_fileobj": localPath, "path_in_repo": pathInRepo}, true)
	var out CommitInfo
	if err := c.callInto(ctx, "upload_file", a, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UploadFolderOptions are the options of UploadFolder.
type UploadFolderOptions struct {
	CommitOptions
	PathInRepo     string   // where the folder goes in the repository ("" = the root)
	AllowPatterns  []string // upload only the files matching one of these
	IgnorePatterns []string // skip the files matching one of these
	DeletePatterns []string // delete remote files matching one of these (not re-uploaded)
}

// UploadFolder uploads a local folder in one commit (HfApi.upload_folder;
// as CreateCommit).
func (c *Client) UploadFolder(ctx context.Context, repoID, folderPath string, opts *UploadFolderOptions) (*CommitInfo, error) {
	a := args{"repo_id": repoID, "folder_path": folderPath}
	if opts != nil {
		a, _ = opts.CommitOptions.args(a, true)
		a.str("path_in_repo", opts.PathInRepo).strs("allow_patterns", opts.AllowPatterns).
			strs("ignore_patterns", opts.IgnorePatterns).strs("delete_patterns", opts.DeletePatterns)
	}
	var out CommitInfo
	if err := c.callInto(ctx, "upload_folder", a, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteFile deletes one file in a commit (HfApi.delete_file;
// POST /api/{repo_type}s/{repo_id}/commit/{revision}). (The package-level
// DeleteFile makes a CommitOperation instead.)
func (c *Client) DeleteFile(ctx context.Context, repoID, pathInRepo string, opts *CommitOptions) (*CommitInfo, error) {
	a, _ := opts.args(args{"repo_id": repoID, "path_in_repo": pathInRepo}, true)
	return callTo[CommitInfo](c, ctx, "delete_file", a)
}

// DeleteFolder deletes a folder and everything in it in a commit
// (HfApi.delete_folder; POST /api/{repo_type}s/{repo_id}/commit/{revision}).
func (c *Client) DeleteFolder(ctx context.Context, repoID, pathInRepo string, opts *CommitOptions) (*CommitInfo, error) {
	a, _ := opts.args(args{"repo_id": repoID, "path_in_repo": pathInRepo}, true)
	return callTo[CommitInfo](c, ctx, "delete_folder", a)
}

// PreuploadLfsFiles uploads the LFS content of additions (made with AddFile
// or AddBytes) ahead of a CreateCommit; regular files are left for the commit
// (HfApi.preupload_lfs_files; POST /api/{repo_type}s/{repo_id}/preupload/{revision},
// then the LFS batch API). opts: RepoType, Revision, CreatePR and Token apply.
func (c *Client) PreuploadLfsFiles(ctx context.Context, repoID string, additions []CommitOperation, opts *CommitOptions) error {
	if additions == nil {
		additions = []CommitOperation{}
	}
	a := args{"repo_id": repoID, "additions": additions}
	if opts != nil {
		a.str("repo_type", opts.RepoType).str("revision", opts.Revision).flag("create_pr", opts.CreatePR).
			str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "preupload_lfs_files", a)
	return err
}
