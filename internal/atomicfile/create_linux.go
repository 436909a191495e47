package atomicfile

import (
	"errors"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// createExcl is os.CreateTemp(dir, pattern) with fewer system calls: the file is opened
// with open(2) and handed to os.NewFile, which (the descriptor being blocking) does not
// try to register it with the runtime's poller as os.OpenFile does (two fcntl pairs and
// a failing epoll_ctl per file, for a regular file that cannot be polled). Names, mode
// (0600), retries on a taken name and errors ("createtemp DIR/PATTERN: ...") are
// CreateTemp's. dir is not empty.
func createExcl(dir, pattern string) (*os.File, error) {
	prefix, suffix, _ := strings.Cut(pattern, "*")
	if !os.IsPathSeparator(dir[len(dir)-1]) {
		dir += string(os.PathSeparator)
	}
	prefix = dir + prefix
	for try := 0; ; try++ {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10) + suffix
		fd, err := openRetry(name, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o600)
		if err == nil {
			return os.NewFile(uintptr(fd), name), nil
		}
		if errors.Is(err, syscall.EEXIST) && try < 10000 {
			continue
		}
		return nil, &os.PathError{Op: "createtemp", Path: prefix + "*" + suffix, Err: err}
	}
}

// openRetry is open(2), tried again when a signal interrupts it, as os.OpenFile does.
func openRetry(name string, flag int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(name, flag, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// rename is os.Rename for a temporary file (a regular file) onto its target, without the
// lstat of the target os.Rename makes first to refuse a directory there: rename(2) refuses
// to put a file in a directory's place itself (EISDIR). Its errors are os.Rename's.
func rename(oldname, newname string) error {
	for {
		err := syscall.Rename(oldname, newname)
		if err == nil {
			return nil
		}
		if err != syscall.EINTR {
			return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
		}
	}
}

// startWriteback asks the kernel to start writing f's dirty pages to disk now, without
// waiting (sync_file_range(2) SYNC_FILE_RANGE_WRITE): a batch's pages then go to disk
// while the next ones are made, and the sync of the batch (Flush) waits for what is left
// instead of all of it. It promises nothing: durability is still Flush's sync, and an
// error here changes nothing.
func startWriteback(f *os.File) {
	unix.SyncFileRange(int(f.Fd()), 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
