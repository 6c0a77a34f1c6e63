package hfhub

import (
	"context"
	"encoding/json"
	"iter"
	"time"
)

// CollectionOwner is the user or organization a collection belongs to.
type CollectionOwner struct {
	Name      string `json:"name"`
	Fullname  string `json:"fullname"`
	AvatarURL string `json:"avatar_url"`
	Type      string `json:"type"` // "user" or "org"
}

// UnmarshalJSON accepts an owner object or a bare name.
func (o *CollectionOwner) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*o = CollectionOwner{Name: name}
		return nil
	}
	type plain CollectionOwner
	return json.Unmarshal(b, (*plain)(o))
}

// CollectionItem is one item of a collection.
type CollectionItem struct {
	ItemObjectID string `json:"item_object_id"` // the item's id within the collection
	ItemID       string `json:"item_id"`        // repo id, paper id or collection slug
	ItemType     string `json:"item_type"`      // "model", "dataset", "space", "paper" or "collection"
	Position     int    `json:"position"`
	Note         string `json:"note"`
}

// Collection is a collection of repos, papers and collections (Python's huggingface_hub.Collection).
type Collection struct {
	Slug        string           `json:"slug"`
	Title       string           `json:"title"`
	Owner       CollectionOwner  `json:"owner"`
	Items       []CollectionItem `json:"items"` // listings carry at most 4
	LastUpdated time.Time        `json:"last_updated"`
	Position    int              `json:"position"`
	Private     bool             `json:"private"`
	Theme       string           `json:"theme"`
	Upvotes     int              `json:"upvotes"`
	Description string           `json:"description"`
	URL         string           `json:"url"`
	Raw         json.RawMessage  `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (c *Collection) UnmarshalJSON(b []byte) error {
	type plain Collection
	return unmarshalRaw(b, (*plain)(c), &c.Raw)
}

// GetCollection returns a collection with all its items (HfApi.get_collection;
// GET /api/collections/{slug}).
func (c *Client) GetCollection(ctx context.Context, slug string) (*Collection, error) {
	return callTo[Collection](c, ctx, "get_collection", args{"collection_slug": slug})
}

// ListCollectionsOptions filter ListCollections.
type ListCollectionsOptions struct {
	Owner []string // users or organizations
	Item  []string // collections holding one of these, e.g. "models/gpt2", "papers/2307.09288"
	Sort  string   // "lastModified" (default), "trending" or "upvotes"
	Limit int
	Token string
	Extra map[string]any
}

// ListCollections lists collections lazily (HfApi.list_collections; GET /api/collections).
func (c *Client) ListCollections(ctx context.Context, opts *ListCollectionsOptions) iter.Seq2[Collection, error] {
	a := args{}
	if opts != nil {
		a.strs("owner", opts.Owner).strs("item", opts.Item).str("sort", opts.Sort).num("limit", opts.Limit).
			str("token", opts.Token).extra(opts.Extra)
	}
	return listTyped[Collection](c, ctx, "list_collections", a)
}

// CreateCollectionOptions are the options of CreateCollection.
type CreateCollectionOptions struct {
	Namespace   string // "" = the token's user
	Description string
	Private     bool
	ExistsOK    bool // return the existing collection of that title instead of failing
	Token       string
	Extra       map[string]any
}

// CreateCollection creates a collection (HfApi.create_collection; POST /api/collections).
func (c *Client) CreateCollection(ctx context.Context, title string, opts *CreateCollectionOptions) (*Collection, error) {
	a := args{"title": title}
	if opts != nil {
		a.str("namespace", opts.Namespace).str("description", opts.Description).flag("private", opts.Private).
			flag("exists_ok", opts.ExistsOK).str("token", opts.Token).extra(opts.Extra)
	}
	return callTo[Collection](c, ctx, "create_collection", a)
}

// UpdateCollectionMetadataOptions are the changes UpdateCollectionMetadata makes;
// zero values are left unchanged.
type UpdateCollectionMetadataOptions struct {
	Title       string
	Description string
	Position    *int
	Private     *bool
	Theme       string // "orange", "blue", "green", "purple", "pink" or "indigo"
	Token       string
	Extra       map[string]any
}

// UpdateCollectionMetadata changes the title, description, position,
// visibility or theme of a collection (HfApi.update_collection_metadata;
// PATCH /api/collections/{slug}).
func (c *Client) UpdateCollectionMetadata(ctx context.Context, slug string, opts *UpdateCollectionMetadataOptions) (*Collection, error) {
	a := args{"collection_slug": slug}
	if opts != nil {
		a.str("title", opts.Title).str("description", opts.Description).str("theme", opts.Theme).
			str("token", opts.Token)
		if opts.Position != nil {
			a["position"] = *opts.Position
		}
		if opts.Private != nil {
			a["private"] = *opts.Private
		}
		a.extra(opts.Extra)
	}
	return callTo[Collection](c, ctx, "update_collection_metadata", a)
}

// MissingOKOptions are the options of deletions that may ignore a missing target.
type MissingOKOptions struct {
	MissingOK bool // succeed when there is nothing to delete
	Token     string
	Extra     map[string]any
}

func (o *MissingOKOptions) args(a args) args {
	if o == nil {
		return a
	}
	return a.flag("missing_ok", o.MissingOK).str("token", o.Token).extra(o.Extra)
}

// DeleteCollection deletes a collection (HfApi.delete_collection; DELETE /api/collections/{slug}).
func (c *Client) DeleteCollection(ctx context.Context, slug string, opts *MissingOKOptions) error {
	_, err := c.Call(ctx, "delete_collection", opts.args(args{"collection_slug": slug}))
	return err
}

// AddCollectionItemOptions are the options of AddCollectionItem.
type AddCollectionItemOptions struct {
	Note     string
	ExistsOK bool // succeed when the item is already there
	Token    string
	Extra    map[string]any
}

// AddCollectionItem adds a repo, paper or collection to a collection; itemType
// is "model", "dataset", "space", "paper" or "collection"
// (HfApi.add_collection_item; POST /api/collections/{slug}/items).
func (c *Client) AddCollectionItem(ctx context.Context, slug, itemID, itemType string, opts *AddCollectionItemOptions) (*Collection, error) {
	a := args{"collection_slug": slug, "item_id": itemID, "item_type": itemType}
	if opts != nil {
		a.str("note", opts.Note).flag("exists_ok", opts.ExistsOK).str("token", opts.Token).extra(opts.Extra)
	}
	return callTo[Collection](c, ctx, "add_collection_item", a)
}

// UpdateCollectionItemOptions are the changes UpdateCollectionItem makes; nil
// fields are left unchanged.
type UpdateCollectionItemOptions struct {
	Note     *string
	Position *int
	Token    string
	Extra    map[string]any
}

// UpdateCollectionItem changes the note or position of an item, named by its
// ItemObjectID (HfApi.update_collection_item;
// PATCH /api/collections/{slug}/items/{item_object_id}).
func (c *Client) UpdateCollectionItem(ctx context.Context, slug, itemObjectID string, opts *UpdateCollectionItemOptions) error {
	a := args{"collection_slug": slug, "item_object_id": itemObjectID}
	if opts != nil {
		if opts.Note != nil {
			a["note"] = *opts.Note
		}
		if opts.Position != nil {
			a["position"] = *opts.Position
		}
		a.str("token", opts.Token).extra(opts.Extra)
	}
	_, err := c.Call(ctx, "update_collection_item", a)
	return err
}

// DeleteCollectionItem removes an item, named by its ItemObjectID
// (HfApi.delete_collection_item; DELETE /api/collections/{slug}/items/{item_object_id}).
func (c *Client) DeleteCollectionItem(ctx context.Context, slug, itemObjectID string, opts *MissingOKOptions) error {
	_, err := c.Call(ctx, "delete_collection_item", opts.args(args{"collection_slug": slug, "item_object_id": itemObjectID}))
	return err
}
