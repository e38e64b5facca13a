// Package websub tells a WebSub hub (W3C WebSub, formerly PubSubHubbub)
// that the merged feed changed, so subscribers' readers get it pushed
// instead of polling.
package websub

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Timeout bounds one ping: a slow hub must not hold up publishing.
const Timeout = 15 * time.Second

// Ping sends the hub a publish notification for the topic URLs (the public
// URLs of the feeds that changed). Hubs differ in which parameter they
// read, so both hub.url and hub.topic are sent, as the common hubs
// (Google's, Superfeedr, WebSub.Rocks) accept.
func Ping(ctx context.Context, client *http.Client, hub string, topics ...string) error {
	if client == nil {
		client = &http.Client{Timeout: Timeout}
	}
	form := url.Values{"hub.mode": {"publish"}}
	for _, t := range topics {
		form.Add("hub.url", t)
		form.Add("hub.topic", t)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("websub ping %s: %w", hub, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("websub ping %s: %w", hub, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("websub ping %s: %s: %s", hub, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
