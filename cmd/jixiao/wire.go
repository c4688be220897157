package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"time"

	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"jixiao/internal/web"
)

// The one place that builds the serving parts: the services over the
// store with the scoring configuration in force, the one session manager
// (for the API and the pages alike) with the one clock, the pages, and the
// server around them.

// site is what serve and demo start.
type site struct {
	store    service.Store
	scoring  eval.Config
	now      func() time.Time
	log      *slog.Logger
	demo     []web.DemoAccount
	secure   bool
	apiCache int64 // server.Config.APICacheBytes
	// pageCache is server.Config.PageCacheBytes.
	pageCache int64
	minPeers  int // service.Peers.MinCount; 0 keeps its default
}

// server builds the server of s.
func (s site) server() (*server.Server, error) {
	svc := service.New(s.store, s.scoring)
	if s.minPeers > 0 {
		svc.Peers.MinCount = s.minPeers
	}
	m := auth.NewManager(s.store.Workflow())
	m.Logger, m.Now = s.log, s.now
	pages, err := web.New(svc, m, web.Options{Logger: s.log, Demo: s.demo})
	if err != nil {
		return nil, err
	}
	return server.New(server.Config{Store: s.store, Services: svc, Auth: m, Pages: pages, Logger: s.log,
		SecureCookies: s.secure, APICacheBytes: s.apiCache, PageCacheBytes: s.pageCache}), nil
}

// loadScoring reads the scoring configuration of --config (path ""
// means the defaults of 财预〔2020〕10号).
func loadScoring(path string) (eval.Config, error) {
	if path == "" {
		return eval.Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return eval.Config{}, fmt.Errorf("无法读取评分配置: %w", err)
	}
	cfg, err := eval.LoadConfig(bytes.NewReader(b))
	if err != nil {
		return eval.Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}
