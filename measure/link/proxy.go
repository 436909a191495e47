package link

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// SocketBuffer is the kernel send buffer the proxy (and the measured Go server) ask for, so
// that little data waits outside the emulated link (Linux doubles the value).
const SocketBuffer = 16 << 10

// ReadBuffer is the kernel receive buffer of the proxy's sockets. Smaller is better for
// priorities but, on loopback's 64 KiB MTU, a 16 KiB buffer stalls the sender on window
// updates: measured through this proxy, 1 MiB ran at 0.69 of the link rate at 20 Mbit/s and
// 0.86 at 8 Mbit/s with 16 KiB, 0.84 at 1.6 Mbit/s with 32 KiB, and 0.99-1.02 at all three
// rates with 48 KiB.
const ReadBuffer = 48 << 10

// Proxy relays TCP connections from a local port to a target address through a Link.
// Every connection it accepts shares the Link's two Shapers.
type Proxy struct {
	ln     net.Listener
	target string
	link   *Link

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	dialed map[string]bool // local addresses of the connections to the target
}

// Listen starts a proxy on 127.0.0.1 (a free port) that forwards to target through l.
func Listen(target string, l *Link) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Proxy{ln: ln, target: target, link: l, ctx: ctx, cancel: cancel, conns: map[net.Conn]struct{}{}, dialed: map[string]bool{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Dialed reports whether addr (as the target sees its peer) is one of the proxy's
// connections to the target, so a server's log can be split by proxy.
func (p *Proxy) Dialed(addr string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dialed[addr]
}

// Close stops accepting, drops every relayed connection and waits for the relays to end.
func (p *Proxy) Close() error {
	p.cancel()
	err := p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn, add bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		if p.ctx.Err() != nil {
			return false
		}
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
	return true
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.relay(c)
	}
}

func smallBuffers(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetReadBuffer(ReadBuffer)
		tc.SetWriteBuffer(SocketBuffer)
		tc.SetNoDelay(true)
	}
}

// relay carries one connection. It first waits one round trip: the client's connect
// returned at once on loopback, but on the emulated link the SYN / SYN-ACK exchange costs
// a round trip before the first byte can leave.
func (p *Proxy) relay(client net.Conn) {
	defer p.wg.Done()
	if !p.track(client, true) {
		client.Close()
		return
	}
	defer p.track(client, false)
	defer client.Close()
	smallBuffers(client)
	clock := p.link.clock
	if err := clock.SleepUntil(p.ctx, clock.Now().Add(p.link.RTT)); err != nil {
		return
	}
	var d net.Dialer
	server, err := d.DialContext(p.ctx, "tcp", p.target)
	if err != nil {
		return
	}
	if !p.track(server, true) {
		server.Close()
		return
	}
	p.mu.Lock()
	p.dialed[server.LocalAddr().String()] = true
	p.mu.Unlock()
	defer p.track(server, false)
	defer server.Close()
	smallBuffers(server)

	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	fail := func() { cancel(); client.Close(); server.Close() }
	go func() { defer wg.Done(); pipe(ctx, client, server, p.link.Up, clock, fail) }()
	go func() { defer wg.Done(); pipe(ctx, server, client, p.link.Down, clock, fail) }()
	wg.Wait()
}

// readAhead is how long before a piece has left the serialiser the relay reads the next
// one: enough to absorb the wake-up latency of a timer on a busy machine (an idle gap per
// piece would lower the rate by a third at 2 ms pieces), small enough that little data
// leaves the sender's own queue early (5 ms: 1 KB at 1.6 Mbit/s, 12 KB at 20 Mbit/s).
const readAhead = 5 * time.Millisecond

type chunk struct {
	data []byte
	at   time.Time // when the far end may have it
	eof  bool
}

// pipe moves bytes from src to dst through one direction of the link. The reader books
// each piece onto the shared Shaper and then waits until the piece is (nearly) serialised
// before it reads again: that is the back-pressure that keeps the sender's own queue (the server's
// HTTP/2 scheduler) in charge of what goes next. A writer hands each piece to dst once its
// propagation delay has passed. fail is called on any error other than a clean EOF.
func pipe(ctx context.Context, src, dst net.Conn, sh *Shaper, clock Clock, fail func()) {
	// The queue holds what is in flight: at most rate x delay bytes, since the reader is
	// paced; its capacity only matters when dst stops reading.
	queue := make(chan chunk, 1024)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ch := range queue {
			if clock.SleepUntil(ctx, ch.at) != nil {
				return
			}
			if ch.eof {
				if tc, ok := dst.(*net.TCPConn); ok {
					tc.CloseWrite()
				}
				continue
			}
			if _, err := dst.Write(ch.data); err != nil {
				fail()
				return
			}
		}
	}()
	defer func() { <-done }()
	defer close(queue)
	buf := make([]byte, sh.ChunkSize())
	for {
		n, err := src.Read(buf)
		if n > 0 {
			data := append([]byte(nil), buf[:n]...)
			sent, arrive := sh.Reserve(n)
			select {
			case queue <- chunk{data: data, at: arrive}:
			case <-ctx.Done():
				return
			case <-done:
				return
			}
			// Read the next piece a little before this one is on the wire, so timer
			// overshoot does not leave the link idle between pieces.
			if clock.SleepUntil(ctx, sent.Add(-readAhead)) != nil {
				return
			}
		}
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				select {
				case queue <- chunk{eof: true, at: clock.Now().Add(sh.Delay())}:
				case <-ctx.Done():
				case <-done:
				}
			}
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				fail()
			}
			return
		}
	}
}
