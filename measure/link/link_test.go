package link

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock that only moves when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	f.mu.Lock()
	if t.After(f.now) {
		f.now = t
	}
	f.mu.Unlock()
	return ctx.Err()
}
func (f *fakeClock) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

func TestShaperPacesAndDelays(t *testing.T) {
	clk := &fakeClock{now: time.Unix(1000, 0)}
	t0 := clk.Now()
	s := NewShaper(8_000_000, 40*time.Millisecond, clk) // 1 MB/s
	sent, arrive := s.Reserve(1000)
	if got := sent.Sub(t0); got != time.Millisecond {
		t.Errorf("1000 B at 1 MB/s: sent after %v, want 1ms", got)
	}
	if got := arrive.Sub(sent); got != 40*time.Millisecond {
		t.Errorf("arrive - sent = %v, want the 40ms delay", got)
	}
	// A second booking, from another connection, queues behind the first.
	sent2, _ := s.Reserve(2000)
	if got := sent2.Sub(t0); got != 3*time.Millisecond {
		t.Errorf("second booking sent after %v, want 3ms (shared serialiser)", got)
	}
	// An idle link banks no credit: after a pause, bytes start at the current time.
	clk.advance(time.Second)
	sent3, _ := s.Reserve(500)
	if got := sent3.Sub(clk.Now()); got != 500*time.Microsecond {
		t.Errorf("after idle: sent %v after now, want 500µs", got)
	}
	// Unlimited rate: sent now, delay still applies.
	u := NewShaper(0, 10*time.Millisecond, clk)
	s4, a4 := u.Reserve(1 << 20)
	if !s4.Equal(clk.Now()) || a4.Sub(s4) != 10*time.Millisecond {
		t.Errorf("unlimited: sent %v arrive %v (now %v)", s4, a4, clk.Now())
	}
}

func TestShaperShareIsExactOverManyBookings(t *testing.T) {
	clk := &fakeClock{now: time.Unix(0, 0)}
	s := NewShaper(1_600_000, 0, clk) // 200 kB/s
	var last time.Time
	for i := 0; i < 100; i++ { // 2 connections interleaved, 100 x 2000 B = 200 kB
		last, _ = s.Reserve(2000)
	}
	if got := last.Sub(time.Unix(0, 0)); got != time.Second {
		t.Errorf("200 kB at 1.6 Mbit/s took %v, want 1s", got)
	}
}

func TestChunkSize(t *testing.T) {
	for _, c := range []struct {
		bps  int64
		want int
	}{{0, 16 << 10}, {1_600_000, 1460}, {20_000_000, 5000}, {1_000_000_000, 16 << 10}} {
		if got := NewShaper(c.bps, 0, nil).ChunkSize(); got != c.want {
			t.Errorf("ChunkSize at %d bit/s = %d, want %d", c.bps, got, c.want)
		}
	}
}

// startServer runs a TCP server on 127.0.0.1 that calls handle for each connection.
func startServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); handle(c) }()
		}
	}()
	return ln.Addr().String()
}

func TestProxyImposesRoundTrip(t *testing.T) {
	const rtt = 100 * time.Millisecond
	echo := startServer(t, func(c net.Conn) { io.Copy(c, c) })
	p, err := Listen(echo, New(Config{RTT: rtt}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	start := time.Now()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 4)
	ping := func() time.Duration {
		t0 := time.Now()
		if _, err := c.Write([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatal(err)
		}
		if string(buf) != "ping" {
			t.Fatalf("echo = %q", buf)
		}
		return time.Since(t0)
	}
	ping()
	// First exchange: connection setup (1 RTT) + the request and its answer (1 RTT).
	if first := time.Since(start); first < 2*rtt*9/10 || first > 20*rtt {
		t.Errorf("first exchange on a new connection took %v, want about 2 x %v", first, rtt)
	}
	// On the open connection a small request costs one round trip.
	for i := 0; i < 3; i++ {
		if d := ping(); d < rtt*9/10 || d > 10*rtt {
			t.Errorf("ping %d took %v, want about %v", i, d, rtt)
		}
	}
}

func TestProxyImposesRate(t *testing.T) {
	const size = 1 << 20
	const rate = 8_000_000 // bit/s: 1 MiB takes about 1.05 s
	payload := make([]byte, size)
	src := startServer(t, func(c net.Conn) {
		var b [1]byte
		if _, err := c.Read(b[:]); err != nil {
			return
		}
		n := int(b[0]) * size / 2 // the request says how many halves to send
		c.Write(payload[:n])
	})
	want := time.Duration(float64(size*8) / rate * float64(time.Second))

	t.Run("one connection", func(t *testing.T) {
		p, err := Listen(src, New(Config{RTT: 20 * time.Millisecond, Down: rate, Up: rate}))
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		t0 := time.Now()
		c.Write([]byte{2})
		n, err := io.Copy(io.Discard, c)
		if err != nil || n != size {
			t.Fatalf("read %d bytes, %v", n, err)
		}
		d := time.Since(t0)
		if d < want*9/10 || d > 5*want {
			t.Errorf("1 MiB at 8 Mbit/s took %v, want about %v", d, want)
		}
		t.Logf("1 MiB at 8 Mbit/s took %v (ideal %v + 2.5 RTT)", d, want)
	})
	t.Run("two connections share the link", func(t *testing.T) {
		p, err := Listen(src, New(Config{RTT: 20 * time.Millisecond, Down: rate, Up: rate}))
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		t0 := time.Now()
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := net.Dial("tcp", p.Addr())
				if err != nil {
					t.Error(err)
					return
				}
				defer c.Close()
				c.Write([]byte{1})
				if n, err := io.Copy(io.Discard, c); err != nil || n != size/2 {
					t.Errorf("read %d bytes, %v", n, err)
				}
			}()
		}
		wg.Wait()
		if d := time.Since(t0); d < want*9/10 {
			t.Errorf("2 x 512 KiB over one 8 Mbit/s link took %v, want >= %v", d, want*9/10)
		}
	})
}

func TestProxyCloseEndsRelays(t *testing.T) {
	hold := startServer(t, func(c net.Conn) { io.Copy(io.Discard, c) })
	p, err := Listen(hold, New(Config{RTT: 10 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("x"))
	time.Sleep(50 * time.Millisecond)
	done := make(chan struct{})
	go func() { p.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("client connection still open after Close")
	}
}
