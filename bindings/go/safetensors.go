package hfhub

import (
	"context"
	"encoding/json"
)

// TensorInfo describes one tensor of a safetensors file.
type TensorInfo struct {
	DType          string   `json:"dtype"` // e.g. "F32", "BF16"
	Shape          []int64  `json:"shape"`
	DataOffsets    [2]int64 `json:"data_offsets"` // [begin, end) in the data section
	ParameterCount int64    `json:"parameter_count"`
}

// SafetensorsFileMetadata is the header of one safetensors file.
type SafetensorsFileMetadata struct {
	Metadata       map[string]string     `json:"metadata"` // the header's __metadata__
	Tensors        map[string]TensorInfo `json:"tensors"`
	ParameterCount map[string]int64      `json:"parameter_count"` // per dtype
}

// TotalParameters returns the number of parameters over every dtype.
func (m *SafetensorsFileMetadata) TotalParameters() int64 { return sumCounts(m.ParameterCount) }

// SafetensorsRepoMetadata is the safetensors metadata of a repository: one
// model.safetensors, or the shards of model.safetensors.index.json.
type SafetensorsRepoMetadata struct {
	Metadata       map[string]any                     `json:"metadata"` // the index's metadata (sharded only)
	Sharded        bool                               `json:"sharded"`
	WeightMap      map[string]string                  `json:"weight_map"` // tensor name -> file
	FilesMetadata  map[string]SafetensorsFileMetadata `json:"files_metadata"`
	ParameterCount map[string]int64                   `json:"parameter_count"` // per dtype, over every file
	Raw            json.RawMessage                    `json:"-"`
}

// UnmarshalJSON decodes the object and keeps it in Raw.
func (m *SafetensorsRepoMetadata) UnmarshalJSON(b []byte) error {
	type plain SafetensorsRepoMetadata
	return unmarshalRaw(b, (*plain)(m), &m.Raw)
}

// TotalParameters returns the number of parameters over every dtype.
func (m *SafetensorsRepoMetadata) TotalParameters() int64 { return sumCounts(m.ParameterCount) }

func sumCounts(m map[string]int64) (n int64) {
	for _, v := range m {
		n += v
	}
	return n
}

// GetSafetensorsMetadata reads the safetensors headers of a repository with
// range requests, without downloading the weights (HfApi.get_safetensors_metadata;
// GET /{repo_id}/resolve/{revision}/model.safetensors[.index.json] with Range).
// A repository without safetensors weights fails with ErrNotFound.
func (c *Client) GetSafetensorsMetadata(ctx context.Context, repoID string, opts *RevisionOptions) (*SafetensorsRepoMetadata, error) {
	return callTo[SafetensorsRepoMetadata](c, ctx, "get_safetensors_metadata", opts.args(args{"repo_id": repoID}))
}

// ParseSafetensorsFileMetadata reads the header of one safetensors file with
// range requests (HfApi.parse_safetensors_file_metadata;
// GET /{repo_id}/resolve/{revision}/{filename} with Range).
func (c *Client) ParseSafetensorsFileMetadata(ctx context.Context, repoID, filename string, opts *RevisionOptions) (*SafetensorsFileMetadata, error) {
	return callTo[SafetensorsFileMetadata](c, ctx, "parse_safetensors_file_metadata", opts.args(args{"repo_id": repoID, "filename": filename}))
}
