// Sandbox escape attempts, for tests/wasi/sandbox_test.py. Expects three preopens, "/sandbox"
// and "/sandbox2" read-write and "/ro" read-only; the test lays out the host tree (see there)
// including the symlinks. Each attempt prints one line, "NAME: ok" or "NAME: errno=ENAME", and
// the program exits 0 whatever happened: the test decides what each line must say.
//
// The *at() calls go straight to path_open/path_rename/... on the preopen's fd (wasi-libc
// passes their paths through unchanged), so they test the runtime's checks, not libc's.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "errno_names.h"

// The fd of the preopen the guest sees as `name`, or -1.
static int preopen_fd(const char* name) {
  for (__wasi_fd_t fd = 3;; ++fd) {
    __wasi_prestat_t prestat;
    if (__wasi_fd_prestat_get(fd, &prestat) != 0) return -1;
    if (prestat.tag != __WASI_PREOPENTYPE_DIR) continue;
    char path[256];
    size_t len = prestat.u.dir.pr_name_len;
    if (len >= sizeof path) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t*)path, len) != 0) continue;
    path[len] = '\0';
    if (strcmp(path, name) == 0) return (int)fd;
  }
}

static void report(const char* name, int result) {
  if (result >= 0)
    printf("%s: ok\n", name);
  else
    printf("%s: errno=%s\n", name, errno_name(errno));
}

// openat, closing what it opened.
static int try_open(int dir, const char* path, int flags) {
  errno = 0;
  int fd = openat(dir, path, flags, 0644);
  if (fd >= 0) close(fd);
  return fd;
}

static int try_write(int dir, const char* path, int flags, const char* text) {
  errno = 0;
  int fd = openat(dir, path, flags, 0644);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  int saved = errno;
  close(fd);
  errno = saved;
  return n < 0 ? -1 : 0;
}

static int try_read(int dir, const char* path) {
  errno = 0;
  int fd = openat(dir, path, O_RDONLY);
  if (fd < 0) return -1;
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  int saved = errno;
  close(fd);
  errno = saved;
  return n < 0 ? -1 : 0;
}

int main(void) {
  int sandbox = preopen_fd("/sandbox");
  int sandbox2 = preopen_fd("/sandbox2");
  int ro = preopen_fd("/ro");
  if (sandbox < 0 || sandbox2 < 0 || ro < 0) {
    printf("preopens missing: /sandbox=%d /sandbox2=%d /ro=%d\n", sandbox, sandbox2, ro);
    return 1;
  }

  // What must work: the harness is only meaningful if the sandbox is usable.
  report("read_inside", try_read(sandbox, "inside.txt"));
  report("dotdot_inside", try_read(sandbox, "sub/../inside.txt"));
  report("write_inside", try_write(sandbox, "written.txt", O_WRONLY | O_CREAT | O_TRUNC, "new\n"));
  report("symlink_inside", try_read(sandbox, "link_inside"));
  report("ro_read", try_read(ro, "existing.txt"));

  // Escapes by path.
  report("dotdot", try_open(sandbox, "../outside.txt", O_RDONLY));
  report("dotdot_deep", try_open(sandbox, "sub/../../outside.txt", O_RDONLY));
  report("dotdot_create", try_open(sandbox, "../created.txt", O_WRONLY | O_CREAT));
  report("dotdot_mkdir", (errno = 0, mkdirat(sandbox, "../escaped_dir", 0755)));
  report("absolute", try_open(sandbox, "/etc/passwd", O_RDONLY));
  errno = 0;
  int fd = open("/etc/passwd", O_RDONLY);  // libc finds no preopen for it (or the runtime refuses)
  if (fd >= 0) close(fd);
  report("absolute_libc", fd);
  errno = 0;
  fd = open("../outside.txt", O_RDONLY);  // relative to the cwd, "/", which no preopen covers
  if (fd >= 0) close(fd);
  report("dotdot_libc", fd);

  // Escapes through symlinks the host made: link -> ../outside.txt, link_abs -> /etc/passwd,
  // link_dir -> .. (a directory outside), loop_a <-> loop_b.
  report("symlink_out", try_open(sandbox, "link", O_RDONLY));
  report("symlink_out_write", try_open(sandbox, "link", O_WRONLY | O_TRUNC));
  report("symlink_abs", try_open(sandbox, "link_abs", O_RDONLY));
  report("symlink_dir_out", try_open(sandbox, "link_dir/outside.txt", O_RDONLY));
  report("symlink_loop", try_open(sandbox, "loop_a", O_RDONLY));

  // Renames: between two writable preopens is allowed (both were granted), out of them is not.
  report("rename_across", (errno = 0, renameat(sandbox, "move_me.txt", sandbox2, "moved.txt")));
  report("rename_escape", (errno = 0, renameat(sandbox, "written.txt", sandbox, "../escaped.txt")));
  report("rename_into_ro", (errno = 0, renameat(sandbox2, "moved.txt", ro, "moved.txt")));

  // Writes to the read-only preopen.
  report("ro_create", try_open(ro, "new.txt", O_WRONLY | O_CREAT));
  // Opening for writing may succeed: wasi-libc asks only for the rights the directory can pass
  // on, so the fd may just lack fd_write. The write itself must fail.
  report("ro_write", try_write(ro, "existing.txt", O_WRONLY, "changed\n"));
  report("ro_append", try_write(ro, "existing.txt", O_WRONLY | O_APPEND, "appended\n"));
  report("ro_truncate", try_open(ro, "existing.txt", O_RDWR | O_TRUNC));
  report("ro_mkdir", (errno = 0, mkdirat(ro, "newdir", 0755)));
  report("ro_unlink", (errno = 0, unlinkat(ro, "existing.txt", 0)));
  report("ro_symlink", (errno = 0, symlinkat("existing.txt", ro, "newlink")));
  return 0;
}
