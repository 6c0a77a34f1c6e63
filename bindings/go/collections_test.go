package hfhub

import (
	"context"
	"slices"
	"strings"
	"testing"
)

const seedCollection = "alice/tiny-picks-65c0ffee00000000000000a1"

func TestCollections(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	// The seed.
	col, err := c.GetCollection(ctx, seedCollection)
	if err != nil {
		t.Fatal(err)
	}
	if col.Slug != seedCollection || col.Title != "Tiny picks" || col.Owner.Name != "alice" || col.Owner.Type != "user" ||
		col.Theme != "blue" || col.Upvotes != 3 || col.Private || col.LastUpdated.IsZero() ||
		col.URL != hubURL+"/collections/"+seedCollection || len(col.Items) != 5 || len(col.Raw) == 0 {
		t.Fatalf("seed collection: %+v", col)
	}
	first := col.Items[0]
	if first.ItemObjectID != "65c0ffee00000000000000b1" || first.ItemID != tinyModel || first.ItemType != "model" ||
		first.Note != "The smallest GPT-2" || first.Position != 0 || col.Items[3].ItemType != "paper" {
		t.Fatalf("seed items: %+v", col.Items)
	}
	bobs := collect(t, c.ListCollections(ctx, &ListCollectionsOptions{Owner: []string{"bob"}}))
	if len(bobs) != 1 || bobs[0].Theme != "green" || bobs[0].Items[1].ItemType != "collection" {
		t.Fatalf("bob's collections: %+v", bobs)
	}
	withModel := collect(t, c.ListCollections(ctx, &ListCollectionsOptions{Item: []string{"models/" + tinyModel}}))
	if !slices.ContainsFunc(withModel, func(x Collection) bool { return x.Slug == seedCollection }) {
		t.Fatalf("collections holding %s: %+v", tinyModel, withModel)
	}

	// Create, change, delete.
	for x := range c.ListCollections(ctx, &ListCollectionsOptions{Owner: []string{"alice"}}) {
		if x.Title == "Go picks" { // a leftover of an interrupted run
			_ = c.DeleteCollection(ctx, x.Slug, nil)
		}
	}
	nc, err := c.CreateCollection(ctx, "Go picks", &CreateCollectionOptions{Description: "From the Go tests"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.DeleteCollection(ctx, nc.Slug, &MissingOKOptions{MissingOK: true})
	if !strings.HasPrefix(nc.Slug, "alice/go-picks-") || nc.Description != "From the Go tests" || len(nc.Items) != 0 {
		t.Fatalf("new collection: %+v", nc)
	}
	_, err = c.CreateCollection(ctx, "Go picks", nil)
	wantIs(t, "creating it twice", err, ErrConflict)
	again, err := c.CreateCollection(ctx, "Go picks", &CreateCollectionOptions{ExistsOK: true})
	if err != nil || again.Slug != nc.Slug {
		t.Fatalf("exists_ok: %+v, %v", again, err)
	}

	withItem, err := c.AddCollectionItem(ctx, nc.Slug, tinyModel, "model", &AddCollectionItemOptions{Note: "tiny"})
	if err != nil {
		t.Fatal(err)
	}
	if len(withItem.Items) != 1 || withItem.Items[0].ItemID != tinyModel || withItem.Items[0].Note != "tiny" {
		t.Fatalf("after adding: %+v", withItem.Items)
	}
	if _, err := c.AddCollectionItem(ctx, nc.Slug, "alice/tiny-dataset", "dataset", nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.AddCollectionItem(ctx, nc.Slug, "alice/no-such-model", "model", nil)
	wantIs(t, "adding an unknown repo", err, ErrNotFound)

	note := "the tiniest"
	pos := 1
	if err := c.UpdateCollectionItem(ctx, nc.Slug, withItem.Items[0].ItemObjectID, &UpdateCollectionItemOptions{Note: &note, Position: &pos}); err != nil {
		t.Fatal(err)
	}
	private := true
	upd, err := c.UpdateCollectionMetadata(ctx, nc.Slug, &UpdateCollectionMetadataOptions{Theme: "green", Private: &private, Description: "changed"})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Theme != "green" || !upd.Private || upd.Description != "changed" {
		t.Fatalf("updated metadata: %+v", upd)
	}
	got, err := c.GetCollection(ctx, nc.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 || got.Items[1].ItemID != tinyModel || got.Items[1].Note != "the tiniest" || got.Items[0].ItemType != "dataset" {
		t.Fatalf("items after the update: %+v", got.Items)
	}
	if err := c.DeleteCollectionItem(ctx, nc.Slug, got.Items[0].ItemObjectID, nil); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteCollectionItem(ctx, nc.Slug, got.Items[0].ItemObjectID, nil)
	wantIs(t, "deleting a deleted item", err, ErrNotFound)
	if err := c.DeleteCollectionItem(ctx, nc.Slug, got.Items[0].ItemObjectID, &MissingOKOptions{MissingOK: true}); err != nil {
		t.Fatalf("missing_ok: %v", err)
	}
	if got, err = c.GetCollection(ctx, nc.Slug); err != nil || len(got.Items) != 1 {
		t.Fatalf("after deleting an item: %+v, %v", got, err)
	}

	bob, _ := newClient(t, func(o *Options) { o.Token = bobWriteToken })
	_, err = bob.AddCollectionItem(ctx, nc.Slug, "bob/bert-tiny", "model", nil)
	wantIs(t, "adding to another user's private collection", err, ErrNotFound)
	_, err = bob.UpdateCollectionMetadata(ctx, seedCollection, &UpdateCollectionMetadataOptions{Theme: "pink"})
	wantIs(t, "changing another user's collection", err, ErrForbidden)
	if err := c.DeleteCollection(ctx, nc.Slug, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCollection(ctx, nc.Slug)
	wantIs(t, "deleted collection", err, ErrNotFound)
	_, err = c.GetCollection(ctx, "alice/nothing-65c0ffee0000000000000fff")
	wantIs(t, "unknown collection", err, ErrNotFound)
}
