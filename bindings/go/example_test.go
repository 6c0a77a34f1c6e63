package hfhub_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	hfhub "github.com/hfhub/hfhub/bindings/go"
)

// The examples run against the hubsim process the tests start; HF_ENDPOINT,
// HF_TOKEN and HF_HUB_CACHE point at it (as they would at the Hub).

func Example() {
	client, err := hfhub.NewFromEnv() // HF_ENDPOINT, HF_TOKEN, HF_HOME, ... as in Python
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()

	info, err := client.ModelInfo(ctx, "alice/tiny-model", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.ID, info.PipelineTag, info.CardData["license"])

	path, err := client.HfHubDownload(ctx, "alice/tiny-model", "config.json", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(path))
	// Output:
	// alice/tiny-model text-generation mit
	// config.json
}

func ExampleNew() {
	client, err := hfhub.New(&hfhub.Options{
		Endpoint: os.Getenv("HF_ENDPOINT"), // default https://huggingface.co
		Token:    os.Getenv("HF_TOKEN"),
		CacheDir: os.Getenv("HF_HUB_CACHE"),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	me, err := client.Whoami(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, me.Auth.AccessToken.Role)
	// Output: alice write
}

func ExampleClient_ListRepoTree() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	for entry, err := range client.ListRepoTree(context.Background(), "alice/tiny-model", &hfhub.ListRepoTreeOptions{PathInRepo: "onnx"}) {
		if err != nil {
			log.Fatal(err)
		}
		if entry.Folder != nil {
			fmt.Println("folder", entry.Folder.Path)
		} else {
			fmt.Println("file  ", entry.File.Path, entry.File.Size)
		}
	}
	// Output:
	// file   onnx/config.json 18
	// file   onnx/model.onnx 65536
	// folder onnx/sub dir
}

func ExampleClient_ListModels() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	// Pages are fetched as the loop goes; breaking out frees the listing.
	n := 0
	for model, err := range client.ListModels(context.Background(), &hfhub.ListModelsOptions{Author: "bob"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(model.ID)
		if n++; n == 1 {
			break
		}
	}
	// Output: bob/bert-tiny
}

func ExampleClient_Call() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	// Any operation, by its Python name and keyword arguments.
	raw, err := client.Call(context.Background(), "revision_exists", map[string]any{
		"repo_id": "alice/tiny-model", "revision": "v1.0",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(raw))
	// Output: true
}

func ExampleError() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	_, err = client.HfHubDownload(context.Background(), "alice/tiny-model", "missing.txt", nil)
	var e *hfhub.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, hfhub.ErrEntryNotFound), e.Status, e.Kind, e.HTTPStatus)
	}
	// Output: true HFHUB_ERR_NOT_FOUND EntryNotFound 404
}

func ExampleDownloadOptions_progress() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithCancel(context.Background()) // cancel() stops the download
	defer cancel()
	_, err = client.HfHubDownload(ctx, "alice/tiny-model", "weights/big.bin", &hfhub.DownloadOptions{
		ForceDownload: true,
		Progress: func(p hfhub.Progress) error {
			if p.Kind == hfhub.ProgressFinished {
				fmt.Printf("%s: %d of %d bytes\n", p.Path, p.BytesDone, p.BytesTotal)
			}
			return nil // a non-nil error cancels the download
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output: weights/big.bin: 3145728 of 3145728 bytes
}

func ExampleClient_GetDiscussionDetails() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	d, err := client.GetDiscussionDetails(context.Background(), "alice/tiny-model", 2, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("#%d %q (%s)\n", d.Num, d.Title, d.Status)
	for _, e := range d.Events {
		switch e := e.(type) {
		case *hfhub.DiscussionComment:
			fmt.Printf("%s commented (%d edits): %s\n", e.Author, e.NumberOfEdits(), e.Content)
		case *hfhub.DiscussionTitleChange:
			fmt.Printf("%s renamed %q to %q\n", e.Author, e.OldTitle, e.NewTitle)
		case *hfhub.DiscussionStatusChange:
			fmt.Printf("%s set the status to %s\n", e.Author, e.NewStatus)
		case *hfhub.DiscussionCommit:
			fmt.Printf("%s pushed %s\n", e.Author, e.OID[:7])
		default:
			fmt.Printf("%s: %s event\n", e.EventInfo().Author, e.EventInfo().Type)
		}
	}
	// Output:
	// #2 "Which license?" (open)
	// carol commented (0 edits): Can I use this model commercially?
	// carol renamed "License?" to "Which license?"
	// alice commented (1 edits): Yes: it is MIT-licensed.
}

func ExampleClient_GetSafetensorsMetadata() {
	client, err := hfhub.NewFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	m, err := client.GetSafetensorsMetadata(context.Background(), "acme/sharded-model", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Sharded, len(m.FilesMetadata), m.ParameterCount["F32"], m.ParameterCount["BF16"], m.TotalParameters())
	// Output: true 2 320 64 384
}
