package preloadgen

import (
	"io/fs"
	"os"
	"syscall"
)

// openPage is os.DirFS(dir).Open(name) for a valid name, with fewer system calls: the
// file is opened with open(2) and handed to os.NewFile, which (the descriptor being
// blocking) does not try to register it with the runtime's poller as os.Open does (two
// fcntl pairs and a failing epoll_ctl per page, for a regular file that cannot be
// polled). Its errors are DirFS's: a *fs.PathError naming name.
func openPage(dir, name string) (fs.File, error) {
	full := dir + "/" + name
	for {
		fd, err := syscall.Open(full, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			return os.NewFile(uintptr(fd), full), nil
		}
		if err != syscall.EINTR {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	}
}
