// Package server is jixiao's HTTP server: it mounts the JSON API
// (internal/api) and the pages handler behind the middleware they share —
// request ids and structured logs, panic recovery, body limits, security
// headers, cross-origin (CSRF) protection — adds GET /healthz, and runs the
// http.Server with timeouts and a graceful shutdown. cmd/jixiao builds its
// parts (the services, the one session manager, the pages) and hands them
// over in Config.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"jixiao/internal/api"
	"jixiao/internal/auth"
	"jixiao/internal/service"
	"jixiao/internal/web"
)

// Config is what a Server needs. Zero durations take the defaults below.
type Config struct {
	Store    service.Store     // GET /healthz pings it; the API's and the pages' caches read its generation
	Services *service.Services // over Store, with the scoring configuration in force
	Auth     *auth.Manager     // the one session manager of the API and the pages (its Now is the clock)
	Logger   *slog.Logger      // nil logs to slog.Default
	// Pages serves everything outside /api/ and /healthz (internal/web,
	// built over the same Services and Auth); nil answers those paths
	// with 404.
	Pages http.Handler
	// APICacheBytes bounds the API's response cache: 0 means
	// api.DefaultCacheBytes, negative turns it off.
	APICacheBytes int64
	// PageCacheBytes bounds the cache of visitors' pages
	// (web.CachePages): 0 means web.DefaultPageCacheBytes, negative
	// turns it off.
	PageCacheBytes int64
	// MaxBody bounds every request body; 0 means the API's upload limit
	// plus 1 MiB for the multipart envelope.
	MaxBody int64
	// SecureCookies marks every cookie Secure even on plain-HTTP requests,
	// for a server behind a TLS-terminating proxy. Over TLS, and on a
	// request a proxy marked "X-Forwarded-Proto: https", cookies are Secure
	// without it.
	SecureCookies bool

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// ShutdownTimeout bounds how long Serve waits for requests in flight
	// once its context is done.
	ShutdownTimeout time.Duration
}

// Defaults for Config's zero fields. ReadTimeout leaves a 20 MiB upload
// time on a slow link; WriteTimeout leaves an export of every document time
// to stream.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 2 * time.Minute
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultShutdownTimeout   = 30 * time.Second
)

// Server is jixiao's HTTP server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	handler http.Handler
}

// New builds the server's handler; it does not listen yet.
func New(cfg Config) *Server {
	cfg = withDefaults(cfg)
	s := &Server{cfg: cfg, log: cfg.Logger}
	s.handler = s.middleware(s.routes())
	return s
}

func withDefaults(c Config) Config {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxBody == 0 {
		c.MaxBody = api.MaxUpload + 1<<20
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	def(&c.ReadTimeout, DefaultReadTimeout)
	def(&c.WriteTimeout, DefaultWriteTimeout)
	def(&c.IdleTimeout, DefaultIdleTimeout)
	def(&c.ShutdownTimeout, DefaultShutdownTimeout)
	return c
}

// Handler is the whole site with its middleware, for tests and for Serve.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.cfg.Auth.SecureCookies = s.cfg.Auth.SecureCookies || s.cfg.SecureCookies
	mux.Handle(api.Prefix+"/", api.New(s.cfg.Services, s.cfg.Auth,
		api.Options{Logger: s.log, Generations: s.cfg.Store, CacheBytes: s.cfg.APICacheBytes}))
	mux.HandleFunc("GET /healthz", s.healthz)
	if s.cfg.Pages != nil {
		mux.Handle("/", web.CachePages(s.cfg.Pages, s.cfg.Store, s.cfg.PageCacheBytes))
	}
	return mux
}

// healthz answers 200 when the store answers a ping within two seconds,
// else 503, so that a load balancer stops sending requests to a server that
// lost its database.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.cfg.Store.Ping(ctx); err != nil {
		s.log.ErrorContext(r.Context(), "health check failed", "request_id", w.Header().Get(requestIDHeader), "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"unavailable","message":"数据库无法连接"}` + "\n"))
		return
	}
	w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// Serve serves on ln until ctx is done, then stops accepting connections,
// lets requests in flight finish (at most ShutdownTimeout) and returns nil.
// It returns early with the error if serving fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing requests in flight", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
