// Package link emulates an access link between a browser and a server with real TCP: a proxy
// on 127.0.0.1 that delays each direction by half the round trip and paces bytes at the link
// rate, reading from the sender only as fast as the link drains. The server's own TCP and
// HTTP/2 scheduling then decide the order of bytes, as on a real bottleneck; no root and no
// kernel queueing discipline are needed.
//
// The file is split by job: shaper.go books bytes onto one direction of the link (a time
// budget shared by every connection, testable with a fake clock), proxy.go relays
// connections through a Link, clock.go holds the clock.
package link

import (
	"sync"
	"time"
)

// Shaper is one direction of a link: a serialiser of the given rate followed by a fixed
// propagation delay. One Shaper is shared by all connections that cross the link in that
// direction, so they share its bandwidth as on a real access link.
type Shaper struct {
	rate  float64 // bytes per second; 0 means unlimited
	delay time.Duration
	clock Clock

	mu   sync.Mutex
	free time.Time // when the serialiser is next idle
}

// NewShaper returns a direction with the given rate in bits per second (0: unlimited) and
// one-way delay. A nil clock means the real one.
func NewShaper(bitsPerSecond int64, delay time.Duration, clock Clock) *Shaper {
	if clock == nil {
		clock = RealClock{}
	}
	return &Shaper{rate: float64(bitsPerSecond) / 8, delay: delay, clock: clock}
}

// Reserve books n bytes onto the link in arrival order. It returns when the last of them
// has been serialised (sent) and when they reach the far end (arrive = sent + delay).
// Bytes are never sent before they were offered: an idle link does not bank credit.
func (s *Shaper) Reserve(n int) (sent, arrive time.Time) {
	now := s.clock.Now()
	s.mu.Lock()
	start := s.free
	if start.Before(now) {
		start = now
	}
	sent = start
	if s.rate > 0 {
		sent = start.Add(time.Duration(float64(n) / s.rate * float64(time.Second)))
	}
	s.free = sent
	s.mu.Unlock()
	return sent, sent.Add(s.delay)
}

// Delay is the one-way propagation delay.
func (s *Shaper) Delay() time.Duration { return s.delay }

// ChunkSize is the largest piece a relay should read at once: about 2 ms of the link's
// time, between one TCP segment and 16 KiB, so pacing stays smooth and little data waits
// in the relay instead of in the sender's (priority-aware) queue.
func (s *Shaper) ChunkSize() int {
	if s.rate <= 0 {
		return 16 << 10
	}
	n := int(s.rate * 0.002)
	switch {
	case n < 1460:
		return 1460
	case n > 16<<10:
		return 16 << 10
	}
	return n
}

// Config describes a link.
type Config struct {
	RTT  time.Duration
	Down int64 // server to browser, bits per second; 0: unlimited
	Up   int64 // browser to server, bits per second; 0: unlimited
	// Clock, when set, replaces the real clock (tests).
	Clock Clock
}

// Link is a full-duplex access link: one Shaper per direction, each with half the round
// trip as its delay.
type Link struct {
	RTT      time.Duration
	Down, Up *Shaper
	clock    Clock
}

// New returns a link for c.
func New(c Config) *Link {
	clock := c.Clock
	if clock == nil {
		clock = RealClock{}
	}
	half := c.RTT / 2
	return &Link{
		RTT:   c.RTT,
		Down:  NewShaper(c.Down, half, clock),
		Up:    NewShaper(c.Up, c.RTT-half, clock),
		clock: clock,
	}
}
