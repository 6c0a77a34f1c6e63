package hfhub

import (
	"context"
	"testing"
)

func TestSafetensors(t *testing.T) {
	c, _ := newClient(t)
	ctx := context.Background()

	m, err := c.GetSafetensorsMetadata(ctx, "acme/sharded-model", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Sharded || m.ParameterCount["F32"] != 320 || m.ParameterCount["BF16"] != 64 || m.TotalParameters() != 384 ||
		m.WeightMap["lm_head.weight"] != "model-00002-of-00002.safetensors" || len(m.FilesMetadata) != 2 || len(m.Raw) == 0 {
		t.Fatalf("sharded metadata: %+v", m)
	}
	shard := m.FilesMetadata["model-00001-of-00002.safetensors"]
	if emb := shard.Tensors["embed.weight"]; emb.DType != "F32" || len(emb.Shape) != 2 || emb.Shape[0] != 16 ||
		emb.Shape[1] != 8 || emb.ParameterCount != 128 || emb.DataOffsets != [2]int64{0, 512} || shard.Metadata["format"] != "pt" {
		t.Fatalf("shard 1: %+v", shard)
	}

	single, err := c.GetSafetensorsMetadata(ctx, tinyModel, &RevisionOptions{Revision: "main"})
	if err != nil {
		t.Fatal(err)
	}
	if single.Sharded || single.TotalParameters() != 68 || len(single.FilesMetadata) != 1 {
		t.Fatalf("single-file metadata: %+v", single)
	}

	f, err := c.ParseSafetensorsFileMetadata(ctx, tinyModel, "model.safetensors", nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.ParameterCount["F32"] != 64 || f.ParameterCount["F16"] != 4 || f.TotalParameters() != 68 || len(f.Tensors) != 3 ||
		f.Tensors["transformer.ln_f.bias"].DType != "F16" || f.Tensors["lm_head.weight"].DataOffsets != [2]int64{0, 128} {
		t.Fatalf("file metadata: %+v", f)
	}

	_, err = c.ParseSafetensorsFileMetadata(ctx, tinyModel, "nope.safetensors", nil)
	wantIs(t, "missing file", err, ErrEntryNotFound, ErrNotFound)
	_, err = c.GetSafetensorsMetadata(ctx, "alice/no-such-model", nil)
	wantIs(t, "missing repo", err, ErrRepoNotFound, ErrNotFound)
}
