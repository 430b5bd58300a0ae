// The fixed C part of an exported test: a table-driven step runner with kselftest (TAP) output
// and the two-stage kexec protocol of the kernel's luo_test() (luo_test_utils.c), state kept
// in a file instead of a state session so the scenario's sessions are the only ones.
import { C_ERRNOS } from './errnos';

export const INCLUDES = `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/ioctl.h>
#include <linux/types.h>
`;

/** Types the generated step tables use (before the tables). */
export const TYPES = `#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4
#define ARG_MAX_BYTES 4096
#define DEVICE_PATH "/dev/liveupdate"
#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"

enum op {
	OP_END,
	OP_SKIP,
	OP_OPEN_DEVICE,
	OP_CLOSE,
	OP_CREATE_SESSION,
	OP_RETRIEVE_SESSION,
	OP_PRESERVE_FD,
	OP_RETRIEVE_FD,
	OP_FINISH,
	OP_GET_NAME,
	OP_CREATE_MEMFD,
	OP_OPEN_DEVNULL,
	OP_CREATE_REGULAR,
	OP_WRITE,
	OP_READ,
	OP_DUP,
	OP_EXIT_AGENT,
};

static const char *const op_name[] = {
	[OP_END] = "end", [OP_SKIP] = "skip", [OP_OPEN_DEVICE] = "open_device", [OP_CLOSE] = "close",
	[OP_CREATE_SESSION] = "create_session", [OP_RETRIEVE_SESSION] = "retrieve_session",
	[OP_PRESERVE_FD] = "preserve_fd", [OP_RETRIEVE_FD] = "retrieve_fd", [OP_FINISH] = "finish",
	[OP_GET_NAME] = "get_name", [OP_CREATE_MEMFD] = "create_file", [OP_OPEN_DEVNULL] = "create_file",
	[OP_CREATE_REGULAR] = "create_file", [OP_WRITE] = "write", [OP_READ] = "read", [OP_DUP] = "dup",
	[OP_EXIT_AGENT] = "exit_agent",
};

/* One scenario step; names (NO_NAME when unused) index fds[], so a step refers to an fd by the scenario's name. */
struct step {
	int i;			/* index in the scenario's steps[] (0-based, as luoscope shows it) */
	enum op op;
	const char *what;	/* the step as luoscope describes it */
	int fd;			/* the device, session or file the step acts on */
	int arg;		/* PRESERVE_FD: the file to preserve */
	int as;			/* the name the new fd is bound to */
	const char *str;	/* session name, file data or data to write */
	unsigned int len;	/* bytes of str */
	__u64 token;
	int sized;		/* size below is the scenario's; else sizeof the struct */
	__u32 size;
	__u32 reserved;
	int expect;		/* 0 (ok) or the errno the step must give */
	const char *want;	/* READ: the data; GET_NAME: the name; NULL: not checked */
	unsigned int want_len;
	const char *skip;	/* --skip-kernel-steps: why this step does not run */
};
`;

function errnoCases(): string {
  return C_ERRNOS.map((e) => `#ifdef ${e}\n\tcase ${e}: return "${e}";\n#endif`).join('\n');
}

/** The runner, after the tables (it needs NR_NAMES, FD_MAP, NOFILE_NEEDED and stages[]). */
export function runnerText(): string {
  return `static int fds[NR_NAMES];
static unsigned char fd_open[FD_MAP];	/* fds this process opened and did not close: exit_agent closes them */
static char *got;			/* what READ read or GET_NAME returned */
static size_t got_len, got_cap;
static char tmpdir[64];
static int regular_made[NR_NAMES];

static const char *errname(int e)
{
	static char buf[32];

	switch (e) {
	case 0: return "ok";
${errnoCases()}
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static void print_bytes(const char *label, const char *p, size_t n)
{
	size_t k;

	printf("#   %s (%zu bytes): \\"", label, n);
	for (k = 0; k < n && k < 96; k++) {
		unsigned char c = (unsigned char)p[k];

		if (c == '"' || c == '\\\\')
			printf("\\\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\\\x%02x", c);
	}
	printf("\\"%s\\n", n > 96 ? "..." : "");
}

static void track(int fd, int is_open)
{
	if (fd >= 0 && fd < FD_MAP)
		fd_open[fd] = (unsigned char)is_open;
}

/* as the engine binds "as": a failed call leaves the name without an fd (EBADF later) */
static void bind_fd(int as, int fd)
{
	if (as == NO_NAME)
		return;
	fds[as] = fd;
	track(fd, 1);
}

static int fd_of(int name)
{
	return fds[name];
}

static int need(size_t n)
{
	char *p;

	if (n <= got_cap)
		return 0;
	p = realloc(got, n);
	if (!p)
		return ENOMEM;
	got = p;
	got_cap = n;
	return 0;
}

/* the scenario's write: pwrite at offset 0 of the whole data */
static int write_data(int fd, const struct step *s)
{
	ssize_t n = pwrite(fd, s->str, s->len, 0);

	if (n < 0)
		return errno;
	return (size_t)n == s->len ? 0 : EIO;
}

/* the scenario's read: the whole content, pread from offset 0 */
static int read_data(int fd)
{
	for (;;) {
		ssize_t n;

		if (got_len == got_cap && need(got_cap ? 2 * got_cap : 4096))
			return ENOMEM;
		n = pread(fd, got + got_len, got_cap - got_len, (off_t)got_len);
		if (n < 0)
			return errno;
		if (n == 0)
			return 0;
		got_len += (size_t)n;
	}
}

/* a regular file is named luo-regular-N in a private temp dir (tools/luo-shim recognises it) */
static int open_regular(int as)
{
	char path[sizeof(tmpdir) + 32];

	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/luo-selftest-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			tmpdir[0] = 0;
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/luo-regular-%d", tmpdir, as);
	regular_made[as] = 1;
	return open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
}

static void remove_regular(void)
{
	char path[sizeof(tmpdir) + 32];
	int k;

	if (!tmpdir[0])
		return;
	for (k = 0; k < NR_NAMES; k++) {
		if (!regular_made[k])
			continue;
		snprintf(path, sizeof(path), "%s/luo-regular-%d", tmpdir, k);
		unlink(path);
	}
	rmdir(tmpdir);
}

/* exit() of the agent: every fd it holds closes, highest first (as the engine's exitAgent); no name is valid afterwards */
static void exit_agent(void)
{
	int fd, k;

	for (fd = FD_MAP - 1; fd >= 0; fd--) {
		if (fd_open[fd]) {
			close(fd);
			fd_open[fd] = 0;
		}
	}
	for (k = 0; k < NR_NAMES; k++)
		fds[k] = -1;
}

union luo_arg {
	struct liveupdate_ioctl_create_session cs;
	struct liveupdate_ioctl_retrieve_session rs;
	struct liveupdate_session_preserve_fd pf;
	struct liveupdate_session_retrieve_fd rf;
	struct liveupdate_session_finish fin;
	struct liveupdate_session_get_name gn;
	unsigned char raw[ARG_MAX_BYTES];
};

static __u32 arg_size(const struct step *s, size_t full)
{
	return s->sized ? s->size : (__u32)full;
}

static int luo_ioctl(int fd, unsigned long cmd, union luo_arg *a)
{
	return ioctl(fd, cmd, a) < 0 ? errno : 0;
}

/* Performs one step; returns 0 or the errno it gave. */
static int run_step(const struct step *s)
{
	static union luo_arg a;
	unsigned int n = s->len < 64 ? s->len : 64;
	int fd, r;

	memset(&a, 0, sizeof(a));
	got_len = 0;
	switch (s->op) {
	case OP_OPEN_DEVICE:
		fd = open(DEVICE_PATH, O_RDWR);
		r = fd < 0 ? errno : 0;
		bind_fd(s->as, fd);
		return r;
	case OP_CLOSE:
		fd = fd_of(s->fd);
		if (close(fd) < 0)
			return errno;
		track(fd, 0);
		return 0;
	case OP_CREATE_SESSION:
		a.cs.size = arg_size(s, sizeof(a.cs));
		memcpy(a.cs.name, s->str, n);
		r = luo_ioctl(fd_of(s->fd), LIVEUPDATE_IOCTL_CREATE_SESSION, &a);
		bind_fd(s->as, r ? -1 : a.cs.fd);
		return r;
	case OP_RETRIEVE_SESSION:
		a.rs.size = arg_size(s, sizeof(a.rs));
		memcpy(a.rs.name, s->str, n);
		r = luo_ioctl(fd_of(s->fd), LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &a);
		bind_fd(s->as, r ? -1 : a.rs.fd);
		return r;
	case OP_PRESERVE_FD:
		a.pf.size = arg_size(s, sizeof(a.pf));
		a.pf.fd = fd_of(s->arg);
		a.pf.token = s->token;
		return luo_ioctl(fd_of(s->fd), LIVEUPDATE_SESSION_PRESERVE_FD, &a);
	case OP_RETRIEVE_FD:
		a.rf.size = arg_size(s, sizeof(a.rf));
		a.rf.token = s->token;
		r = luo_ioctl(fd_of(s->fd), LIVEUPDATE_SESSION_RETRIEVE_FD, &a);
		bind_fd(s->as, r ? -1 : a.rf.fd);
		return r;
	case OP_FINISH:
		a.fin.size = arg_size(s, sizeof(a.fin));
		a.fin.reserved = s->reserved;
		return luo_ioctl(fd_of(s->fd), LIVEUPDATE_SESSION_FINISH, &a);
	case OP_GET_NAME:
		a.gn.size = arg_size(s, sizeof(a.gn));
		a.gn.reserved = s->reserved;
		r = luo_ioctl(fd_of(s->fd), LIVEUPDATE_SESSION_GET_NAME, &a);
		if (!r) {
			got_len = strnlen((const char *)a.gn.name, sizeof(a.gn.name));
			if (need(got_len + 1))
				return ENOMEM;
			memcpy(got, a.gn.name, got_len);
		}
		return r;
	case OP_CREATE_MEMFD:
	case OP_OPEN_DEVNULL:
	case OP_CREATE_REGULAR:
		if (s->op == OP_CREATE_MEMFD)
			fd = memfd_create(name_of[s->as], 0);
		else if (s->op == OP_OPEN_DEVNULL)
			fd = open("/dev/null", O_RDWR);
		else
			fd = open_regular(s->as);
		r = fd < 0 ? errno : 0;
		bind_fd(s->as, fd);
		return r || !s->len ? r : write_data(fd, s);
	case OP_WRITE:
		return write_data(fd_of(s->fd), s);
	case OP_READ:
		return read_data(fd_of(s->fd));
	case OP_DUP:
		fd = dup(fd_of(s->fd));
		r = fd < 0 ? errno : 0;
		bind_fd(s->as, fd);
		return r;
	case OP_EXIT_AGENT:
		exit_agent();
		return 0;
	case OP_END:
	case OP_SKIP:
		break;
	}
	return 0;
}

/* The step's verdict as a TAP line; a mismatch names the step, the op, what was expected and what came. */
static int check(const struct step *s, int r, int k)
{
	if (r != s->expect) {
		printf("# steps[%d] %s: expected %s, ", s->i, op_name[s->op], errname(s->expect));
		printf("got %s\\n", errname(r));
		printf("not ok %d steps[%d] %s\\n", k, s->i, s->what);
		return 0;
	}
	if (!r && s->want && (got_len != s->want_len || memcmp(got, s->want, got_len))) {
		printf("# steps[%d] %s: expected %s, got something else\\n", s->i, op_name[s->op],
		       s->op == OP_GET_NAME ? "this name" : "this data");
		print_bytes("expected", s->want, s->want_len);
		print_bytes("got", got, got_len);
		printf("not ok %d steps[%d] %s\\n", k, s->i, s->what);
		return 0;
	}
	printf("ok %d steps[%d] %s%s%s\\n", k, s->i, s->what, s->expect ? " -> " : "", s->expect ? errname(s->expect) : "");
	return 1;
}

static int run_stage(const struct step *steps)
{
	int n = 0, k, pass = 0, fail = 0, skip = 0, failed_at = -1, missing = 0;

	while (steps[n].op != OP_END)
		n++;
	printf("1..%d\\n", n);
	for (k = 0; k < n; k++) {
		const struct step *s = &steps[k];
		int r;

		if (failed_at >= 0 || missing) {
			printf("ok %d steps[%d] %s # SKIP not run: %s\\n", k + 1, s->i, s->what,
			       missing ? "no /dev/liveupdate" : "an earlier step failed");
			skip++;
			continue;
		}
		if (s->op == OP_SKIP) {
			printf("ok %d steps[%d] %s # SKIP %s\\n", k + 1, s->i, s->what, s->skip);
			skip++;
			continue;
		}
		r = run_step(s);
		if (s->op == OP_OPEN_DEVICE && r == ENOENT && s->expect != ENOENT) {
			/* as luo_test(): no device means no LUO in this kernel, so the test is skipped */
			printf("# %s does not exist: is LUO enabled (CONFIG_LIVEUPDATE=y, liveupdate=on)?\\n", DEVICE_PATH);
			printf("ok %d steps[%d] %s # SKIP no %s\\n", k + 1, s->i, s->what, DEVICE_PATH);
			skip++;
			missing = 1;
			continue;
		}
		if (check(s, r, k + 1)) {
			pass++;
		} else {
			fail++;
			failed_at = s->i;
		}
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\\n", pass, fail, skip);
	return fail ? KSFT_FAIL : missing ? KSFT_SKIP : KSFT_PASS;
}

/* open(2) and read(2), not stdio, so that a preload shim (tools/luo-shim) sees the boot id read */
static int read_text(const char *path, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	return 0;
}

static void boot_id(char *buf, size_t cap)
{
	if (read_text(BOOT_ID_PATH, buf, cap))
		buf[0] = 0;
	buf[strcspn(buf, "\\n")] = 0;
}

/* The state file says which stage runs next and in which boot the previous one ran. */
static int read_state(const char *path, int *stage, char *bid, size_t cap)
{
	char text[256], id[64];

	if (read_text(path, text, sizeof(text)))
		return 0;
	id[0] = 0;
	if (sscanf(text, "stage %d boot_id %63s", stage, id) < 1)
		return 0;
	snprintf(bid, cap, "%s", id);
	return 1;
}

/* fsync'ed: kexec -e does not sync the disks, and the next stage needs this file */
static int write_state(const char *path, int stage, const char *bid)
{
	char text[160];
	int fd, len = snprintf(text, sizeof(text), "stage %d boot_id %s\\n", stage, bid[0] ? bid : "unknown");

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, (size_t)len) != len || fsync(fd)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* as luo_ensure_nofile_limit(): many fds open at once need a higher RLIMIT_NOFILE */
static int ensure_nofile(rlim_t n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return errno;
	if (rl.rlim_cur >= n)
		return 0;
	rl.rlim_cur = n;
	if (rl.rlim_max < n)
		rl.rlim_max = n;
	return setrlimit(RLIMIT_NOFILE, &rl) ? errno : 0;
}

/* as daemonize_and_wait(): a child keeps the session fds open until the kexec; the parent exits 0 */
static void daemonize_and_wait(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("Bail out! fork: %s\\n", strerror(errno));
		exit(KSFT_FAIL);
	}
	if (pid > 0) {
		printf("# child %d keeps the sessions open until the kexec\\n", (int)pid);
		exit(KSFT_PASS);
	}
	setsid();
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	(void)!chdir("/");
	for (;;)
		pause();
}

static void usage(const char *prog)
{
	printf("usage: %s [--stage N] [--state FILE] [--reset]\\n"
	       "  runs the next stage (1..%d); after each stage but the last, kexec into the\\n"
	       "  same kernel and run it again. The state file (default /var/tmp/NAME.state)\\n"
	       "  says which stage is next; --reset removes it to start again.\\n", prog, NR_STAGES);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "state", required_argument, NULL, 'f' },
		{ "reset", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char state[PATH_MAX], bid[64], saved_bid[64];
	int c, want = 0, reset = 0, stage = 1, saved = 0, rc, k;

	snprintf(state, sizeof(state), "/var/tmp/%s.state", basename(argv[0]));
	while ((c = getopt_long(argc, argv, "s:f:rh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			want = atoi(optarg);
			if (want < 1 || want > NR_STAGES) {
				fprintf(stderr, "--stage must be 1..%d\\n", NR_STAGES);
				return KSFT_FAIL;
			}
			break;
		case 'f':
			snprintf(state, sizeof(state), "%s", optarg);
			break;
		case 'r':
			reset = 1;
			break;
		case 'h':
			usage(argv[0]);
			return KSFT_PASS;
		default:
			usage(argv[0]);
			return KSFT_FAIL;
		}
	}
	if (reset) {
		if (unlink(state) && errno != ENOENT) {
			perror(state);
			return KSFT_FAIL;
		}
		printf("# %s removed: the next run is stage 1\\n", state);
		return KSFT_PASS;
	}
	boot_id(bid, sizeof(bid));
	saved_bid[0] = 0;
	if (read_state(state, &stage, saved_bid, sizeof(saved_bid)))
		saved = 1;
	printf("TAP version 13\\n");
	printf("# %s: stage %d of %d (state file %s)\\n", SCENARIO_TITLE, stage, NR_STAGES, state);
	if (saved && bid[0] && !strcmp(bid, saved_bid)) {
		printf("Bail out! stage %d already ran in this boot (boot_id %s): kexec first, or --reset to start again\\n", stage - 1, bid);
		return KSFT_FAIL;
	}
	if (want && want != stage) {
		printf("Bail out! Stage mismatch: --stage %d, but %s says stage %d\\n", want, state, stage);
		return KSFT_FAIL;
	}
	if (stage < 1 || stage > NR_STAGES) {
		printf("Bail out! %s names stage %d; this test has %d\\n", state, stage, NR_STAGES);
		return KSFT_FAIL;
	}
	if (NOFILE_NEEDED > 1024 && (rc = ensure_nofile(NOFILE_NEEDED))) {
		printf("1..0 # SKIP RLIMIT_NOFILE cannot be raised to %d: %s\\n", NOFILE_NEEDED, errname(rc));
		return rc == EPERM ? KSFT_SKIP : KSFT_FAIL;
	}
	for (k = 0; k < NR_NAMES; k++)
		fds[k] = -1;
	rc = run_stage(stages[stage - 1]);
	remove_regular();
	if (rc != KSFT_PASS || stage == NR_STAGES) {
		unlink(state);
		return rc;
	}
	if (write_state(state, stage + 1, bid)) {
		printf("Bail out! cannot write %s: %s\\n", state, strerror(errno));
		return KSFT_FAIL;
	}
	printf("# stage %d passed. Now kexec into the same kernel, e.g.\\n", stage);
	printf("#   kexec -l -s --reuse-cmdline /boot/vmlinuz-$(uname -r) --initrd=/boot/initrd.img-$(uname -r) && kexec -e\\n");
	printf("# then run %s again (stage %d).\\n", argv[0], stage + 1);
	daemonize_and_wait();
	return KSFT_PASS;
}
`;
}
