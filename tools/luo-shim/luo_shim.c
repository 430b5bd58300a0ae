/*
 * luo_shim.c - an LD_PRELOAD stand-in for /dev/liveupdate, answered by luoscope's engine.
 *
 * Loaded into a LUO selftest (for example one written by `luoscope export-c`), it intercepts
 * open(2) of /dev/liveupdate and /dev/null, memfd_create(2), the LUO ioctls, and read, write,
 * pread, pwrite, dup and close on those fds, and sends each call as one line of JSON over the
 * UNIX socket named by $LUO_SHIM_SOCKET to tools/luo-shim/driver.ts, which runs it on the
 * simulated kernel and answers with one line. Every other call goes to libc unchanged.
 * The fds the test sees are real (placeholders on /dev/null), so numbering, dup and close
 * behave as on a real kernel. open(2) of /proc/sys/kernel/random/boot_id returns the
 * simulated boot's id, so a two-stage test sees the "kexec" between its runs. fork(2) reports
 * the child's pid, so the driver can end a daemon child at the "kexec", as a reboot would.
 *
 * Build: gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -o luo_shim.so luo_shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define LUO_TYPE 0xBA
#define MAX_FDS 65536
#define NAME_LEN 64
#define REGULAR_PREFIX "luo-regular-"

/* the uapi argument layouts (kernel-luo-notes §2.2); only the fields the shim reads or fills */
struct arg_session {
	__u32 size;
	__s32 fd;
	__u8 name[NAME_LEN];
};

struct arg_fd {
	__u32 size;
	__s32 fd;
	__aligned_u64 token;
};

struct arg_finish {
	__u32 size;
	__u32 reserved;
	__u8 name[NAME_LEN];	/* GET_NAME only */
};

struct mapped {
	char *h;	/* the engine's name for this fd */
	off_t pos;	/* file position for read(2) and write(2) */
};

static struct mapped fdmap[MAX_FDS];
static int sock = -1;
static char *line;
static size_t line_cap;

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static int (*real_ioctl)(int, unsigned long, ...);
static int (*real_memfd_create)(const char *, unsigned int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_dup)(int);
static pid_t (*real_fork)(void);

static void *sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		fprintf(stderr, "luo_shim: no %s in libc\n", name);
		abort();
	}
	return p;
}

__attribute__((constructor)) static void init(void)
{
	real_open = sym("open");
	real_openat = sym("openat");
	real_close = sym("close");
	real_ioctl = sym("ioctl");
	real_memfd_create = sym("memfd_create");
	real_read = sym("read");
	real_write = sym("write");
	real_pread = sym("pread");
	real_pwrite = sym("pwrite");
	real_dup = sym("dup");
	real_fork = sym("fork");
}

static int active(void)
{
	return getenv("LUO_SHIM_SOCKET") != NULL;
}

static void die(const char *what)
{
	fprintf(stderr, "luo_shim: %s: %s\n", what, strerror(errno));
	_exit(99);
}

/* the socket sits high, so the test's fds are numbered as they would be without the shim */
static void connect_driver(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct rlimit rl;
	int s, high;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", getenv("LUO_SHIM_SOCKET"));
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)))
		die("cannot connect to $LUO_SHIM_SOCKET");
	high = 512;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur > 1024)
		high = rl.rlim_cur - 64 > 65000 ? 65000 : (int)(rl.rlim_cur - 64);
	sock = fcntl(s, F_DUPFD_CLOEXEC, high);
	if (sock < 0)
		sock = s;
	else
		real_close(s);
}

/* One request line out, one answer line back. */
static const char *call(const char *req)
{
	size_t len = strlen(req), off = 0, got = 0;

	if (sock < 0)
		connect_driver();
	while (off < len) {
		ssize_t n = real_write(sock, req + off, len - off);

		if (n <= 0)
			die("write to the driver");
		off += (size_t)n;
	}
	for (;;) {
		ssize_t n;

		if (got + 1 >= line_cap) {
			line_cap = line_cap ? 2 * line_cap : 4096;
			line = realloc(line, line_cap);
			if (!line)
				die("out of memory");
		}
		n = real_read(sock, line + got, 1);
		if (n <= 0)
			die("read from the driver");
		if (line[got] == '\n')
			break;
		got++;
	}
	line[got] = 0;
	return line;
}

/* Values in answers are identifiers or hex, never escaped, so a key is found by its quotes. */
static int field(const char *resp, const char *key, char *out, size_t cap)
{
	char pat[40];
	const char *p, *e;
	size_t n;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	p = strstr(resp, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	e = strchr(p, '"');
	if (!e)
		return -1;
	n = (size_t)(e - p);
	if (n + 1 > cap)
		n = cap - 1;
	memcpy(out, p, n);
	out[n] = 0;
	return (int)n;
}

static char *field_alloc(const char *resp, const char *key)
{
	char pat[40];
	const char *p, *e;
	char *out;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	p = strstr(resp, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	e = strchr(p, '"');
	if (!e)
		return NULL;
	out = strndup(p, (size_t)(e - p));
	if (!out)
		die("out of memory");
	return out;
}

static const struct { const char *name; int e; } errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EIO", EIO }, { "E2BIG", E2BIG },
	{ "EBADF", EBADF }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM }, { "EFAULT", EFAULT },
	{ "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "EINVAL", EINVAL },
	{ "EMFILE", EMFILE }, { "ENOTTY", ENOTTY }, { "ENOSPC", ENOSPC }, { "ENOSYS", ENOSYS },
	{ "ENODATA", ENODATA }, { "EOPNOTSUPP", EOPNOTSUPP }, { "ETIMEDOUT", ETIMEDOUT },
};

/* The answer's result: 0 for "ok", else the errno its name stands for. */
static int result(const char *resp)
{
	char r[32];
	size_t k;

	if (field(resp, "result", r, sizeof(r)) < 0)
		return EPROTO;
	if (!strcmp(r, "ok"))
		return 0;
	for (k = 0; k < sizeof(errnos) / sizeof(errnos[0]); k++)
		if (!strcmp(r, errnos[k].name))
			return errnos[k].e;
	return EIO;
}

static char *hex(const void *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	char *s = malloc(2 * n + 1);
	size_t k;

	if (!s)
		die("out of memory");
	for (k = 0; k < n; k++) {
		s[2 * k] = digits[b[k] >> 4];
		s[2 * k + 1] = digits[b[k] & 15];
	}
	s[2 * n] = 0;
	return s;
}

static size_t unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		unsigned int v;

		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

static const char *handle(int fd)
{
	return fd >= 0 && fd < MAX_FDS ? fdmap[fd].h : NULL;
}

static int fail(int e)
{
	errno = e;
	return -1;
}

/* A new fd for a handle the engine gave: a real placeholder, so the number is the kernel's. */
static int install(const char *resp)
{
	char h[64];
	int fd;

	if (field(resp, "h", h, sizeof(h)) < 0)
		return fail(EPROTO);
	fd = real_open("/dev/null", O_RDWR);
	if (fd < 0 || fd >= MAX_FDS) {
		char req[128];

		snprintf(req, sizeof(req), "{\"op\":\"close\",\"fd\":\"%s\"}\n", h);
		call(req);
		return fail(fd < 0 ? errno : EMFILE);
	}
	fdmap[fd].h = strdup(h);
	fdmap[fd].pos = 0;
	return fd;
}

static int create(const char *op, const char *kind)
{
	char req[128];
	const char *resp;
	int e;

	if (kind)
		snprintf(req, sizeof(req), "{\"op\":\"%s\",\"kind\":\"%s\"}\n", op, kind);
	else
		snprintf(req, sizeof(req), "{\"op\":\"%s\"}\n", op);
	resp = call(req);
	e = result(resp);
	return e ? fail(e) : install(resp);
}

/* boot_id: a real memfd holding the simulated boot's id */
static int boot_id_fd(void)
{
	const char *resp = call("{\"op\":\"boot_id\"}\n");
	char id[64];
	int fd;

	if (field(resp, "boot_id", id, sizeof(id) - 1) < 0)
		return fail(EPROTO);
	strcat(id, "\n");
	fd = real_memfd_create("luo-shim-boot-id", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (real_pwrite(fd, id, strlen(id), 0) < 0) {
		real_close(fd);
		return -1;
	}
	return fd;
}

/* Which opens are the simulated kernel's: the device, /dev/null, a test's regular file, the boot id. */
static int open_hook(const char *path, int *fd)
{
	const char *base;

	if (!active() || !path)
		return 0;
	if (!strcmp(path, "/dev/liveupdate")) {
		*fd = create("open_device", NULL);
		return 1;
	}
	if (!strcmp(path, "/dev/null")) {
		*fd = create("create_file", "devnull");
		return 1;
	}
	if (!strcmp(path, "/proc/sys/kernel/random/boot_id")) {
		*fd = boot_id_fd();
		return 1;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!strncmp(base, REGULAR_PREFIX, strlen(REGULAR_PREFIX))) {
		*fd = create("create_file", "regular");
		return 1;
	}
	return 0;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int fd;

	if (open_hook(path, &fd))
		return fd;
	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int fd;

	if (open_hook(path, &fd))
		return fd;
	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return real_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

int memfd_create(const char *name, unsigned int flags)
{
	if (!active())
		return real_memfd_create(name, flags);
	return create("create_file", "memfd");
}

int close(int fd)
{
	const char *h = handle(fd);
	char req[128];
	int e;

	if (!h)
		return real_close(fd);
	snprintf(req, sizeof(req), "{\"op\":\"close\",\"fd\":\"%s\"}\n", h);
	e = result(call(req));
	if (e)
		return fail(e);
	free(fdmap[fd].h);
	fdmap[fd].h = NULL;
	return real_close(fd);
}

int dup(int fd)
{
	const char *h = handle(fd);
	char req[128];
	const char *resp;
	int e;

	if (!h)
		return real_dup(fd);
	snprintf(req, sizeof(req), "{\"op\":\"dup\",\"fd\":\"%s\"}\n", h);
	resp = call(req);
	e = result(resp);
	return e ? fail(e) : install(resp);
}

pid_t fork(void)
{
	pid_t pid = real_fork();
	char req[96];

	if (!active() || pid < 0)
		return pid;
	if (pid == 0) {
		/* the child talks on a connection of its own, if it ever calls */
		if (sock >= 0)
			real_close(sock);
		sock = -1;
		return 0;
	}
	snprintf(req, sizeof(req), "{\"op\":\"fork\",\"pid\":\"%d\"}\n", (int)pid);
	call(req);
	return pid;
}

/* The whole content of a mapped file (the engine's read is a pread at 0 of everything). */
static int read_whole(const char *h, unsigned char **data, size_t *len)
{
	char req[128];
	const char *resp;
	char *x;
	int e;

	snprintf(req, sizeof(req), "{\"op\":\"read\",\"fd\":\"%s\"}\n", h);
	resp = call(req);
	e = result(resp);
	if (e)
		return e;
	x = field_alloc(resp, "data");
	*len = x ? strlen(x) / 2 : 0;
	*data = malloc(*len + 1);
	if (!*data)
		die("out of memory");
	*len = x ? unhex(x, *data, *len) : 0;
	free(x);
	return 0;
}

static ssize_t mapped_pread(const char *h, void *buf, size_t n, off_t off)
{
	unsigned char *data;
	size_t len, k = 0;
	int e = read_whole(h, &data, &len);

	if (e)
		return fail(e);
	if (off >= 0 && (size_t)off < len) {
		k = len - (size_t)off < n ? len - (size_t)off : n;
		memcpy(buf, data + off, k);
	}
	free(data);
	return (ssize_t)k;
}

/* pwrite at off: the engine writes at 0, so anything before off is sent again as it was */
static ssize_t mapped_pwrite(const char *h, const void *buf, size_t n, off_t off)
{
	unsigned char *old = NULL, *all;
	size_t len = 0;
	char *x, *req;
	int e;

	if (off < 0)
		return fail(EINVAL);
	if (off > 0 && (e = read_whole(h, &old, &len)))
		return fail(e);
	all = calloc((size_t)off + n + 1, 1);
	if (!all)
		die("out of memory");
	if (old)
		memcpy(all, old, len < (size_t)off ? len : (size_t)off);
	memcpy(all + off, buf, n);
	x = hex(all, (size_t)off + n);
	req = malloc(strlen(x) + 128);
	if (!req)
		die("out of memory");
	sprintf(req, "{\"op\":\"write\",\"fd\":\"%s\",\"data\":\"%s\"}\n", h, x);
	e = result(call(req));
	free(req);
	free(x);
	free(all);
	free(old);
	return e ? fail(e) : (ssize_t)n;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	const char *h = handle(fd);

	return h ? mapped_pread(h, buf, n, off) : real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off) __attribute__((alias("pread")));

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	const char *h = handle(fd);

	return h ? mapped_pwrite(h, buf, n, off) : real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) __attribute__((alias("pwrite")));

ssize_t read(int fd, void *buf, size_t n)
{
	const char *h = handle(fd);
	ssize_t r;

	if (!h)
		return real_read(fd, buf, n);
	r = mapped_pread(h, buf, n, fdmap[fd].pos);
	if (r > 0)
		fdmap[fd].pos += r;
	return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	const char *h = handle(fd);
	ssize_t r;

	if (!h)
		return real_write(fd, buf, n);
	r = mapped_pwrite(h, buf, n, fdmap[fd].pos);
	if (r > 0)
		fdmap[fd].pos += r;
	return r;
}

static int session_ioctl(const char *op, const char *h, struct arg_session *a)
{
	char *name = hex(a->name, strnlen((const char *)a->name, NAME_LEN));
	char req[512];
	const char *resp;
	int e, fd;

	snprintf(req, sizeof(req), "{\"op\":\"%s\",\"device\":\"%s\",\"name\":\"%s\",\"size\":\"%u\"}\n", op, h, name, a->size);
	free(name);
	resp = call(req);
	e = result(resp);
	if (e)
		return fail(e);
	fd = install(resp);
	if (fd < 0)
		return -1;
	a->fd = fd;
	return 0;
}

int ioctl(int fd, unsigned long cmd, ...)
{
	const char *h = handle(fd), *resp;
	char req[512];
	va_list ap;
	void *arg;
	int e, nfd;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!h)
		return real_ioctl(fd, cmd, arg);
	if (_IOC_TYPE(cmd) != LUO_TYPE)
		return fail(ENOTTY);
	switch (_IOC_NR(cmd)) {
	case 0x00:
		return session_ioctl("create_session", h, arg);
	case 0x01:
		return session_ioctl("retrieve_session", h, arg);
	case 0x40: {
		struct arg_fd *a = arg;
		const char *f = handle(a->fd);

		snprintf(req, sizeof(req), "{\"op\":\"preserve_fd\",\"session\":\"%s\",\"fd\":\"%s\",\"token\":\"0x%llx\",\"size\":\"%u\"}\n",
			 h, f ? f : "none", (unsigned long long)a->token, a->size);
		e = result(call(req));
		return e ? fail(e) : 0;
	}
	case 0x41: {
		struct arg_fd *a = arg;

		snprintf(req, sizeof(req), "{\"op\":\"retrieve_fd\",\"session\":\"%s\",\"token\":\"0x%llx\",\"size\":\"%u\"}\n",
			 h, (unsigned long long)a->token, a->size);
		resp = call(req);
		e = result(resp);
		if (e)
			return fail(e);
		nfd = install(resp);
		if (nfd < 0)
			return -1;
		a->fd = nfd;
		return 0;
	}
	case 0x42:
	case 0x43: {
		struct arg_finish *a = arg;
		char name[2 * NAME_LEN + 1];
		int n;

		snprintf(req, sizeof(req), "{\"op\":\"%s\",\"session\":\"%s\",\"reserved\":\"%u\",\"size\":\"%u\"}\n",
			 _IOC_NR(cmd) == 0x42 ? "finish" : "get_name", h, a->reserved, a->size);
		resp = call(req);
		e = result(resp);
		if (e)
			return fail(e);
		if (_IOC_NR(cmd) == 0x43 && (n = field(resp, "name", name, sizeof(name))) >= 0) {
			memset(a->name, 0, NAME_LEN);
			unhex(name, a->name, NAME_LEN);
		}
		return 0;
	}
	default:
		/* the engine decides what an unknown number on a LUO fd gives (EINVAL: out of range) */
		snprintf(req, sizeof(req), "{\"op\":\"ioctl\",\"fd\":\"%s\",\"nr\":\"%u\"}\n", h, (unsigned int)_IOC_NR(cmd));
		e = result(call(req));
		return e ? fail(e) : 0;
	}
}
