package limit_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/limit"
)

// TestDoAfterBounds: with 2 workers and 1 waiting place, three jobs held
// in their first step take the pool, a fourth is refused at once with a
// *jixiao.BusyError without its first step being run, and once released
// at most 2 jobs ever ran at once.
func TestDoAfterBounds(t *testing.T) {
	p := limit.New("导入", 2, 1, 3*time.Second)
	release, started, finish := make(chan struct{}), make(chan struct{}, 3), make(chan struct{})
	var prepared, wg sync.WaitGroup
	for range 3 {
		prepared.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := p.DoAfter(t.Context(), func() error { prepared.Done(); <-release; return nil },
				func() error { started <- struct{}{}; <-finish; return nil })
			if err != nil {
				t.Errorf("admitted job: %v", err)
			}
		}()
	}
	prepared.Wait()
	ran := false
	err := p.DoAfter(t.Context(), func() error { ran = true; return nil }, func() error { return nil })
	var busy *jixiao.BusyError
	if !errors.As(err, &busy) || busy.RetrySeconds() != 3 || ran {
		t.Fatalf("fourth job: %v (first step run: %v)", err, ran)
	}
	close(release)
	<-started
	<-started // two jobs run; the third waits for a worker until one ends
	close(finish)
	wg.Wait()
	if p.Peak() != 2 {
		t.Errorf("peak %d jobs at once, want 2", p.Peak())
	}
	if err := p.Do(t.Context(), func() error { return nil }); err != nil {
		t.Errorf("job once the pool is free: %v", err)
	}
}

// TestDoAfterStopsOnPrepareError: a first step's error is the job's, and
// the job's place is given back.
func TestDoAfterStopsOnPrepareError(t *testing.T) {
	p := limit.New("导入", 1, 0, time.Second)
	bad := errors.New("upload cut")
	if err := p.DoAfter(t.Context(), func() error { return bad }, func() error { t.Error("job run"); return nil }); err != bad {
		t.Fatalf("got %v", err)
	}
	if err := p.Do(t.Context(), func() error { return nil }); err != nil {
		t.Errorf("the place was not given back: %v", err)
	}
}
