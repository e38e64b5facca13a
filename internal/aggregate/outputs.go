package aggregate

import (
	"context"
	"fmt"

	"github.com/tributary/tributary/internal/server"
	"github.com/tributary/tributary/internal/store"
)

// storeOutputs copies what the output directory now holds, as `serve`
// would serve it, into the database's outputs table, in the transaction
// that records the publish stamp: every serving instance then answers with
// the same bytes, ETag and Last-Modified, wherever the leader ran. Where
// every instance shares the leader's disk (store.OutputsOnDisk), the
// directory is the copy they serve, and the transaction only records the
// stamp and that the outputs changed. The leader's lease fences the write.
func (a *App) storeOutputs(ctx context.Context, stamp string) error {
	if a.db.OutputsOnDisk() {
		return a.db.MarkOutputsOnDisk(ctx, map[string]string{stampKey: stamp})
	}
	snap, err := server.LoadWith(a.cfg.Output.Dir, server.LoadOptions{Plain: true})
	if err != nil {
		return fmt.Errorf("store outputs: %w", err)
	}
	outs := make([]store.Output, 0, snap.Len())
	for _, name := range snap.Names() {
		f, _ := snap.File(name)
		outs = append(outs, store.Output{Name: name, Body: f.Body, ETag: f.ETag, ContentType: f.ContentType})
	}
	if _, err := a.db.SaveOutputs(ctx, outs, a.now(), map[string]string{stampKey: stamp}); err != nil {
		return err
	}
	return nil
}
