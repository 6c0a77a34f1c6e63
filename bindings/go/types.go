package hfhub

import (
	"encoding/json"
	"fmt"
	"time"
)

// The result types mirror the JSON of hfhub (Python attribute names, e.g.
// card_data, last_modified, blob_id). Unknown fields are ignored; top-level
// results keep the whole object in Raw.

// Gated is a repository's gating: "" (not gated), "auto" or "manual" (or
// "true" when a server sends a bare true).
type Gated string

// UnmarshalJSON accepts false, true or a string.
func (g *Gated) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil, bool:
		if x == true {
			*g = "true"
		} else {
			*g = ""
		}
	case string:
		*g = Gated(x)
	default:
		return fmt.Errorf("hfhub: unexpected gated value %s", b)
	}
	return nil
}

// MarshalJSON writes false for "", the mode otherwise.
func (g Gated) MarshalJSON() ([]byte, error) {
	if g == "" {
		return []byte("false"), nil
	}
	return json.Marshal(string(g))
}

// IsGated reports whether access is gated.
func (g Gated) IsGated() bool { return g != "" }

// BlobLfsInfo is the LFS part of a sibling (with files_metadata).
type BlobLfsInfo struct {
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	PointerSize int64  `json:"pointer_size"`
}

// RepoSibling is one file of a repository as listed in siblings.
type RepoSibling struct {
	RFilename string       `json:"rfilename"`
	Size      *int64       `json:"size"`    // with files_metadata
	BlobID    string       `json:"blob_id"` // with files_metadata
	LFS       *BlobLfsInfo `json:"lfs"`
}

// TransformersInfo is the transformers_info of a model.
type TransformersInfo struct {
	AutoModel   string `json:"auto_model"`
	CustomClass string `json:"custom_class"`
	PipelineTag string `json:"pipeline_tag"`
	Processor   string `json:"processor"`
}

// SafeTensorsInfo counts a model's parameters per dtype.
type SafeTensorsInfo struct {
	Parameters map[string]int64 `json:"parameters"`
	Total      int64            `json:"total"`
}

// ModelInfo describes a model repository (HfApi.model_info, list_models).
type ModelInfo struct {
	ID               string            `json:"id"`
	Author           string            `json:"author"`
	SHA              string            `json:"sha"`
	CreatedAt        time.Time         `json:"created_at"`
	LastModified     time.Time         `json:"last_modified"`
	Private          bool              `json:"private"`
	Gated            Gated             `json:"gated"`
	Disabled         bool              `json:"disabled"`
	Downloads        int64             `json:"downloads"`
	Likes            int64             `json:"likes"`
	LibraryName      string            `json:"library_name"`
	Tags             []string          `json:"tags"`
	PipelineTag      string            `json:"pipeline_tag"`
	MaskToken        string            `json:"mask_token"`
	CardData         map[string]any    `json:"card_data"`
	WidgetData       any               `json:"widget_data"`
	ModelIndex       any               `json:"model_index"`
	Config           map[string]any    `json:"config"`
	TransformersInfo *TransformersInfo `json:"transformers_info"`
	Siblings         []RepoSibling     `json:"siblings"`
	Spaces           []string          `json:"spaces"`
	SafeTensors      *SafeTensorsInfo  `json:"safetensors"`
	UsedStorage      int64             `json:"usedStorage"`
	TrendingScore    float64           `json:"trendingScore"`
	Raw              json.RawMessage   `json:"-"` // the whole object
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (m *ModelInfo) UnmarshalJSON(b []byte) error {
	type plain ModelInfo
	return unmarshalRaw(b, (*plain)(m), &m.Raw)
}

// DatasetInfo describes a dataset repository (HfApi.dataset_info).
type DatasetInfo struct {
	ID               string          `json:"id"`
	Author           string          `json:"author"`
	SHA              string          `json:"sha"`
	CreatedAt        time.Time       `json:"created_at"`
	LastModified     time.Time       `json:"last_modified"`
	Private          bool            `json:"private"`
	Gated            Gated           `json:"gated"`
	Disabled         bool            `json:"disabled"`
	Downloads        int64           `json:"downloads"`
	Likes            int64           `json:"likes"`
	PapersWithCodeID string          `json:"paperswithcode_id"`
	Tags             []string        `json:"tags"`
	CardData         map[string]any  `json:"card_data"`
	Siblings         []RepoSibling   `json:"siblings"`
	Description      string          `json:"description"`
	Citation         string          `json:"citation"`
	UsedStorage      int64           `json:"usedStorage"`
	TrendingScore    float64         `json:"trendingScore"`
	Raw              json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (d *DatasetInfo) UnmarshalJSON(b []byte) error {
	type plain DatasetInfo
	return unmarshalRaw(b, (*plain)(d), &d.Raw)
}

// SpaceRuntime is the runtime of a Space.
type SpaceRuntime struct {
	Stage             string          `json:"stage"`
	Hardware          string          `json:"hardware"`
	RequestedHardware string          `json:"requested_hardware"`
	SleepTime         *int64          `json:"sleep_time"`
	Storage           string          `json:"storage"` // "small", "medium", "large"; "" = none
	DevMode           bool            `json:"dev_mode"`
	Raw               json.RawMessage `json:"raw"` // the Hub's object
}

// SpaceInfo describes a Space (HfApi.space_info).
type SpaceInfo struct {
	ID            string          `json:"id"`
	Author        string          `json:"author"`
	SHA           string          `json:"sha"`
	CreatedAt     time.Time       `json:"created_at"`
	LastModified  time.Time       `json:"last_modified"`
	Private       bool            `json:"private"`
	Gated         Gated           `json:"gated"`
	Disabled      bool            `json:"disabled"`
	Host          string          `json:"host"`
	Subdomain     string          `json:"subdomain"`
	Likes         int64           `json:"likes"`
	SDK           string          `json:"sdk"`
	Tags          []string        `json:"tags"`
	CardData      map[string]any  `json:"card_data"`
	Siblings      []RepoSibling   `json:"siblings"`
	Runtime       *SpaceRuntime   `json:"runtime"`
	Models        []string        `json:"models"`
	Datasets      []string        `json:"datasets"`
	UsedStorage   int64           `json:"usedStorage"`
	TrendingScore float64         `json:"trendingScore"`
	Raw           json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (s *SpaceInfo) UnmarshalJSON(b []byte) error {
	type plain SpaceInfo
	return unmarshalRaw(b, (*plain)(s), &s.Raw)
}

// LfsInfo is the LFS part of a RepoFile.
type LfsInfo struct {
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	PointerSize int64  `json:"pointer_size"`
}

// LastCommitInfo is the last commit touching a tree entry (with expand).
type LastCommitInfo struct {
	OID   string    `json:"oid"`
	Title string    `json:"title"`
	Date  time.Time `json:"date"`
}

// BlobSecurityInfo is the security scan of a file (with expand).
type BlobSecurityInfo struct {
	Safe             *bool  `json:"safe"`
	Status           string `json:"status"`
	AvScan           any    `json:"av_scan"`
	PickleImportScan any    `json:"pickle_import_scan"`
}

// RepoFile is a file of a repository tree.
type RepoFile struct {
	Path       string            `json:"path"`
	Size       int64             `json:"size"`
	BlobID     string            `json:"blob_id"`
	LFS        *LfsInfo          `json:"lfs"`
	LastCommit *LastCommitInfo   `json:"last_commit"`
	Security   *BlobSecurityInfo `json:"security"`
	XetHash    string            `json:"xet_hash"`
}

// RepoFolder is a folder of a repository tree.
type RepoFolder struct {
	Path       string          `json:"path"`
	TreeID     string          `json:"tree_id"`
	LastCommit *LastCommitInfo `json:"last_commit"`
}

// RepoTreeEntry is one item of ListRepoTree: exactly one of File and Folder is set.
type RepoTreeEntry struct {
	File   *RepoFile
	Folder *RepoFolder
}

// Path returns the path of the file or folder.
func (e RepoTreeEntry) Path() string {
	if e.File != nil {
		return e.File.Path
	}
	if e.Folder != nil {
		return e.Folder.Path
	}
	return ""
}

// UnmarshalJSON reads a RepoFile ("type": "file") or a RepoFolder ("type": "directory").
func (e *RepoTreeEntry) UnmarshalJSON(b []byte) error {
	var t struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return err
	}
	*e = RepoTreeEntry{}
	switch t.Type {
	case "file":
		e.File = new(RepoFile)
		return json.Unmarshal(b, e.File)
	case "directory":
		e.Folder = new(RepoFolder)
		return json.Unmarshal(b, e.Folder)
	}
	return fmt.Errorf("hfhub: unknown tree entry type %q", t.Type)
}

// GitRefInfo is a branch, tag, convert or pull-request ref.
type GitRefInfo struct {
	Name         string `json:"name"`
	Ref          string `json:"ref"`
	TargetCommit string `json:"target_commit"`
}

// GitRefs are the refs of a repository (HfApi.list_repo_refs).
type GitRefs struct {
	Branches     []GitRefInfo `json:"branches"`
	Converts     []GitRefInfo `json:"converts"`
	Tags         []GitRefInfo `json:"tags"`
	PullRequests []GitRefInfo `json:"pull_requests"` // nil unless requested
}

// GitCommitInfo is one commit of HfApi.list_repo_commits.
type GitCommitInfo struct {
	CommitID         string    `json:"commit_id"`
	Authors          []string  `json:"authors"`
	CreatedAt        time.Time `json:"created_at"`
	Title            string    `json:"title"`
	Message          string    `json:"message"`
	FormattedTitle   string    `json:"formatted_title"`
	FormattedMessage string    `json:"formatted_message"`
}

// OrgMembership is an organization in WhoAmI.Orgs.
type OrgMembership struct {
	Name      string `json:"name"`
	Fullname  string `json:"fullname"`
	RoleInOrg string `json:"roleInOrg"`
}

// AccessTokenInfo describes the token of WhoAmI.Auth.
type AccessTokenInfo struct {
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
}

// AuthInfo is how a WhoAmI caller authenticated.
type AuthInfo struct {
	Type        string           `json:"type"`
	AccessToken *AccessTokenInfo `json:"accessToken"`
}

// WhoAmI is the account a token belongs to (HfApi.whoami), as the Hub sends it.
type WhoAmI struct {
	Type     string          `json:"type"` // "user" or "org"
	Name     string          `json:"name"`
	Fullname string          `json:"fullname"`
	Email    string          `json:"email"`
	IsPro    bool            `json:"isPro"`
	Orgs     []OrgMembership `json:"orgs"`
	Auth     AuthInfo        `json:"auth"`
	Raw      json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (w *WhoAmI) UnmarshalJSON(b []byte) error {
	type plain WhoAmI
	return unmarshalRaw(b, (*plain)(w), &w.Raw)
}

// User is a Hub user (GetUserOverview, ListUserFollowers, ListOrganizationMembers, ...).
// The counts are set by GetUserOverview only.
type User struct {
	Username       string `json:"username"`
	Fullname       string `json:"fullname"`
	AvatarURL      string `json:"avatar_url"`
	Details        string `json:"details"`
	IsFollowing    *bool  `json:"is_following"`
	IsPro          *bool  `json:"is_pro"`
	NumModels      *int64 `json:"num_models"`
	NumDatasets    *int64 `json:"num_datasets"`
	NumSpaces      *int64 `json:"num_spaces"`
	NumDiscussions *int64 `json:"num_discussions"`
	NumPapers      *int64 `json:"num_papers"`
	NumUpvotes     *int64 `json:"num_upvotes"`
	NumLikes       *int64 `json:"num_likes"`
	NumFollowers   *int64 `json:"num_followers"`
	NumFollowing   *int64 `json:"num_following"`
	Type           string `json:"user_type"`
	ID             string `json:"_id"`
	Role           string `json:"role"` // ListOrganizationMembers: "admin", "write", "contributor" or "read"
	// CreatedAt and Orgs are set by GetUserOverview.
	CreatedAt time.Time       `json:"createdAt"`
	Orgs      []UserOrg       `json:"orgs"`
	Raw       json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	return unmarshalRaw(b, (*plain)(u), &u.Raw)
}

// UserOrg is an organization of User.Orgs.
type UserOrg struct {
	Name      string `json:"name"`
	Fullname  string `json:"fullname"`
	AvatarURL string `json:"avatarUrl"`
	Type      string `json:"type"`
}

func unmarshalRaw(b []byte, into any, raw *json.RawMessage) error {
	if err := json.Unmarshal(b, into); err != nil {
		return err
	}
	*raw = append(json.RawMessage(nil), b...)
	return nil
}
